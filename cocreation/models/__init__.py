"""Co-creation: calls for contributions, children's submissions and their moderation.

- ``pages``: ``GetInvolvedPage`` (/get-involved/) and ``CallForContributionsPage``.
- ``submissions``: ``Submission`` (a moderated snippet: the work only, so that
  its revisions and the reviewers' screens never hold contact details),
  ``SubmissionDetails`` (who sent it: name, area, a parent's email; behind
  permissions), ``SubmissionImage``, ``PendingUpload``, ``GroupCode`` and
  ``SafeguardingRecord``.
- ``moderation``: ``SubmissionReviewTask``, the workflow step with the
  reviewers' actions (approve, request changes, reject, escalate).
- ``settings``: ``ScreeningSettings``, the phrases and school names that
  screening looks for, kept by safeguarding leads.
"""

from .audit import SubmissionLogEntry
from .moderation import SubmissionReviewTask
from .pages import CallForContributionsPage, CallOutcome, GetInvolvedPage
from .settings import ScreeningSettings
from .submissions import (
    GroupCode,
    PendingUpload,
    RejectReason,
    SafeguardingOutcome,
    SafeguardingRecord,
    Submission,
    SubmissionDetails,
    SubmissionImage,
    SubmissionStatus,
    SubmissionStatusSpan,
)

__all__ = [
    "CallForContributionsPage",
    "CallOutcome",
    "GetInvolvedPage",
    "GroupCode",
    "PendingUpload",
    "RejectReason",
    "SafeguardingOutcome",
    "SafeguardingRecord",
    "ScreeningSettings",
    "Submission",
    "SubmissionDetails",
    "SubmissionImage",
    "SubmissionLogEntry",
    "SubmissionReviewTask",
    "SubmissionStatus",
    "SubmissionStatusSpan",
]
