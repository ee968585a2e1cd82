"""Community partners: toolkits for each setting, training with a certificate.

- ``pages``: ``CommunityLandingPage`` (/community/), ``ToolkitPage``.
- ``downloads``: the posters, leaflets, incident note and briefing slides made
  from a toolkit's published content (``ToolkitDownload``).
- ``training``: ``TrainingModulePage``.
- ``certificates``: ``Certificate`` and the anonymous counters editors read
  (``ModuleMonthStat``, ``QuestionStat``).
"""

from .certificates import Certificate, ModuleMonthStat, QuestionStat
from .downloads import DownloadKind, ToolkitDownload
from .pages import CommunityLandingPage, ToolkitPage
from .training import TrainingModulePage

__all__ = [
    "Certificate",
    "CommunityLandingPage",
    "DownloadKind",
    "ModuleMonthStat",
    "QuestionStat",
    "ToolkitDownload",
    "ToolkitPage",
    "TrainingModulePage",
]
