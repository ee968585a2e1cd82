from .base import BasePage, LandingPage, ListsChildPagesMixin, VisiblePageQuerySet, visible_pages
from .governance import (
    GovernancePermissions,
    LinkProblem,
    UnansweredSearch,
    YouthPanelReview,
    YouthPanelReviewTask,
    YouthPanelVerdict,
)
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
    "GovernancePermissions",
    "LandingPage",
    "LinkProblem",
    "ListsChildPagesMixin",
    "LocalContacts",
    "NavigationSettings",
    "SafetySettings",
    "ScheduledJobRun",
    "SectionPage",
    "Topic",
    "UnansweredSearch",
    "VisiblePageQuerySet",
    "YoungPeopleIndexPage",
    "YouthPanelReview",
    "YouthPanelReviewTask",
    "YouthPanelVerdict",
    "visible_pages",
]
