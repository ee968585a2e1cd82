"""Schools: lesson packs, whole-school toolkits, curriculum data and professional access.

- ``pages``: ``SchoolsLandingPage``, ``LessonPackIndexPage``, ``LessonPackPage``,
  ``SchoolToolkitPage`` and their files.
- ``curriculum``: key stages, year groups, frameworks and their items.
- ``downloads``: daily download counts and the built "whole pack" ZIPs.
- ``feedback``: "How did this lesson go?" answers.
- ``professionals``: professional accounts and the allowed email domains.
"""

from .curriculum import (
    CurriculumFramework,
    CurriculumItem,
    KeyStage,
    Nation,
    SourceCheck,
    YearGroup,
)
from .downloads import BundleVariant, DocumentDownloadDay, PackBundle, PackDownloadDay
from .feedback import LessonFeedback
from .pages import (
    DurationBand,
    FileKind,
    LessonPackFile,
    LessonPackIndexPage,
    LessonPackPage,
    SchoolsLandingPage,
    SchoolToolkitPage,
    ToolkitFile,
)
from .professionals import (
    DEFAULT_ALLOWED_DOMAINS,
    ProfessionalAccessSettings,
    ProfessionalProfile,
    ProfessionalStatus,
)

__all__ = [
    "DEFAULT_ALLOWED_DOMAINS",
    "BundleVariant",
    "CurriculumFramework",
    "CurriculumItem",
    "DocumentDownloadDay",
    "DurationBand",
    "FileKind",
    "KeyStage",
    "LessonFeedback",
    "LessonPackFile",
    "LessonPackIndexPage",
    "LessonPackPage",
    "Nation",
    "PackBundle",
    "PackDownloadDay",
    "ProfessionalAccessSettings",
    "ProfessionalProfile",
    "ProfessionalStatus",
    "SchoolToolkitPage",
    "SchoolsLandingPage",
    "SourceCheck",
    "ToolkitFile",
    "YearGroup",
]
