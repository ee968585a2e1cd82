"""Teachers' lesson feedback: saving a response, and forgetting reply addresses in time."""

import datetime

from django.conf import settings
from django.utils import timezone

from schools.models import LessonFeedback


def feedback_create(*, page, rating, what_worked="", what_to_change="", reply_email=""):
    """Save a response to ``page`` against the pack's version at this moment."""
    return LessonFeedback.objects.create(
        page=page,
        version=page.version,
        rating=rating,
        what_worked=what_worked,
        what_to_change=what_to_change,
        reply_email=reply_email,
    )


def feedback_emails_purge(*, now=None):
    """Blank the reply addresses of responses older than LESSON_FEEDBACK_EMAIL_DAYS.
    The answers themselves stay (they hold no personal data). Returns how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.LESSON_FEEDBACK_EMAIL_DAYS)
    return (
        LessonFeedback.objects.filter(created_at__lt=cutoff)
        .exclude(reply_email="")
        .update(reply_email="")
    )


def feedback_text_purge(*, now=None):
    """Blank the free text ("what worked", "what to change") of responses older
    than LESSON_FEEDBACK_TEXT_DAYS: teachers may name a pupil or describe
    something that happened in a lesson. The pack, version, rating and date
    stay, so the counts and ratings are kept. Returns how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.LESSON_FEEDBACK_TEXT_DAYS)
    return (
        LessonFeedback.objects.filter(created_at__lt=cutoff)
        .exclude(what_worked="", what_to_change="")
        .update(what_worked="", what_to_change="")
    )
