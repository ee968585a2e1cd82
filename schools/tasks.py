"""Background tasks of the schools app (django-tasks: a worker in production,
at once in the laptop profile and in tests)."""

from django_tasks import task


@task()
def purge_feedback_emails():
    """The daily retention job for lesson feedback (scheduled in SchoolsConfig.ready)."""
    from schools.services.feedback import feedback_emails_purge

    return feedback_emails_purge()


@task()
def build_pack_bundles(page_id):
    """Build the "whole pack" ZIPs of a page's published version (enqueued when
    a lesson pack or toolkit is published: see SchoolsConfig.ready)."""
    from schools.services.bundles import pack_bundles_build

    return [bundle.pk for bundle in pack_bundles_build(page_id=page_id)]


@task()
def purge_unverified_professionals():
    """Delete professional accounts whose email was never confirmed within
    PROFESSIONAL_UNVERIFIED_DAYS (a daily scheduled job: see SchoolsConfig.ready)."""
    from schools.services.professionals import unverified_accounts_purge

    return unverified_accounts_purge()
