"""The schools app's own addresses (the pages themselves are Wagtail's)."""

from django.urls import include, path

urlpatterns = [
    path("professionals/", include("schools.professionals.urls")),
]
