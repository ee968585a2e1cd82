from .base import BasePage, LandingPage
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
    "ContentPage",
    "HomePage",
    "LandingPage",
    "NavigationSettings",
    "SafetySettings",
    "SectionPage",
    "Topic",
    "YoungPeopleIndexPage",
]
