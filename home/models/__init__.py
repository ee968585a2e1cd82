from .base import BasePage, LandingPage, ListsChildPagesMixin, VisiblePageQuerySet, visible_pages
from .media import ClearsightDocument, ClearsightImage, ClearsightRendition, ImageLicence
from .pages import (
    AgeBandPage,
    ContentPage,
    HomePage,
    SectionPage,
    YoungPeopleIndexPage,
)
from .schedule import ScheduledJobRun
from .settings import LocalContacts, NavigationSettings, SafetySettings
from .taxonomy import AgeBand, Area, Audience, Topic

__all__ = [
    "AgeBand",
    "Area",
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
    "ListsChildPagesMixin",
    "LocalContacts",
    "NavigationSettings",
    "SafetySettings",
    "ScheduledJobRun",
    "SectionPage",
    "Topic",
    "VisiblePageQuerySet",
    "YoungPeopleIndexPage",
    "visible_pages",
]
