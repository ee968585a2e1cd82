"""Background tasks of the schools app (django-tasks: a worker in production,
at once in the laptop profile and in tests)."""

from django_tasks import task


@task()
def purge_feedback_emails():
    """The daily retention job for lesson feedback (scheduled in SchoolsConfig.ready)."""
    from schools.services.feedback import feedback_emails_purge

    return feedback_emails_purge()
