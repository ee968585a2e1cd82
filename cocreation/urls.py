from django.urls import path

from cocreation.views.withdraw import withdraw

app_name = "cocreation"

urlpatterns = [
    path("contribute/withdraw/<str:token>/", withdraw, name="withdraw"),
]
