"""Contributions' own URLs, outside the page tree: a parent's consent and the
private withdrawal link. The form lives on each call page (its "send/" route)."""

from django.urls import path

from cocreation.views import intake, withdraw

app_name = "cocreation"

urlpatterns = [
    path("contribute/thanks/<str:token>/", intake.thank_you, name="thanks"),
    path("contribute/consent/<str:token>/", intake.consent, name="consent"),
    path(
        "contribute/consent/<str:token>/pictures/<int:image_id>/",
        intake.consent_picture,
        name="consent_picture",
    ),
    path("contribute/withdraw/<str:token>/", withdraw.withdraw, name="withdraw"),
]
