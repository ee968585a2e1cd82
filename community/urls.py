"""The community app's own addresses (the pages themselves are Wagtail's)."""

from django.urls import path

from community.views import verify

app_name = "community"

urlpatterns = [
    path("verify/", verify.verify, name="verify"),
    path("certificates/<str:code>/", verify.certificate, name="certificate"),
    path("certificates/<str:code>/pdf/", verify.certificate_pdf, name="certificate_pdf"),
]
