from .base import BasePage, LandingPage
from .media import ClearsightDocument, ClearsightImage, ClearsightRendition, ImageLicence
from .pages import (
    AgeBandPage,
    ContentPage,
    HomePage,
    SectionPage,
    YoungPeopleIndexPage,
)
from .settings import NavigationSettings, SafetySettings
from .taxonomy import AgeBand, Audience, Topic

__all__ = [
    "AgeBand",
    "AgeBandPage",
    "Audience",
    "BasePage",
    "ClearsightDocument",
    "ClearsightImage",
    "ClearsightRendition",
    "ContentPage",
    "HomePage",
    "ImageLicence",
    "LandingPage",
    "NavigationSettings",
    "SafetySettings",
    "SectionPage",
    "Topic",
    "YoungPeopleIndexPage",
]
