from django.urls import path

from home.accounts import views

app_name = "two_factor"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("set-up/", views.setup, name="setup"),
    path("verify/", views.verify, name="verify"),
    path("recovery-code/", views.recovery, name="recovery"),
]
