"""Professional accounts: register, confirm the email, sign in and out, reset, delete."""

from django.urls import path

from schools.professionals import views

app_name = "professionals"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/check-your-email/", views.register_done, name="register_done"),
    path("confirm/<str:token>/", views.verify, name="verify"),
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("signed-out/", views.signed_out, name="signed_out"),
    path("reset-password/", views.ResetRequestView.as_view(), name="password_reset"),
    path("reset-password/sent/", views.ResetSentView.as_view(), name="password_reset_done"),
    path(
        "reset-password/<uidb64>/<token>/",
        views.ResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset-password/done/",
        views.ResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/", views.account, name="account"),
    path("account/delete/", views.delete_account, name="delete"),
    path("account/deleted/", views.deleted, name="deleted"),
]
