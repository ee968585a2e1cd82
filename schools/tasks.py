"""Background tasks of the schools app (django-tasks: a worker in production,
at once in the laptop profile and in tests)."""

from django_tasks import task


@task()
def purge_feedback_emails():
    """The daily retention job for lesson feedback (scheduled in SchoolsConfig.ready):
    reply addresses after LESSON_FEEDBACK_EMAIL_DAYS, free text after
    LESSON_FEEDBACK_TEXT_DAYS. Returns the counts."""
    from schools.services.feedback import feedback_emails_purge, feedback_text_purge

    return {"reply_emails": feedback_emails_purge(), "texts": feedback_text_purge()}


@task()
def build_pack_bundles(page_id):
    """Build the "whole pack" ZIPs of a page's published version (enqueued when
    a lesson pack or toolkit is published: see SchoolsConfig.ready)."""
    from schools.services.bundles import pack_bundles_build

    return [bundle.pk for bundle in pack_bundles_build(page_id=page_id)]


@task()
def purge_unverified_professionals():
    """Delete professional accounts whose email was never confirmed within
    PROFESSIONAL_UNVERIFIED_DAYS, refused ones PROFESSIONAL_REFUSED_DAYS after
    the decision, and unused ones after PROFESSIONAL_IDLE_DAYS, with a warning
    email 30 days before (a daily scheduled job: see SchoolsConfig.ready).
    Returns the counts."""
    from schools.services.professionals import (
        refused_and_idle_accounts_purge,
        unverified_accounts_purge,
    )

    return {"unverified": unverified_accounts_purge(), **refused_and_idle_accounts_purge()}
