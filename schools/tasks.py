"""Background tasks of the schools app (django-tasks: a worker in production,
at once in the laptop profile and in tests)."""

from django_tasks import task


@task()
def purge_unverified_professionals():
    """Delete professional accounts whose email was never confirmed within
    PROFESSIONAL_UNVERIFIED_DAYS (a daily scheduled job: see SchoolsConfig.ready)."""
    from schools.services.professionals import unverified_accounts_purge

    return unverified_accounts_purge()
