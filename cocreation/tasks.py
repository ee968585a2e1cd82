"""Background tasks of contributions (django-tasks: a worker in production,
at once in the laptop profile and in tests)."""

from django_tasks import task

from cocreation.models import Submission


@task()
def screen_submission(submission_id):
    """Look through a new submission's text for personal details and possible
    disclosures of harm (cocreation/services/screening.py); then, for work
    from an under-13 that raised no concern, email the parent or carer
    (cocreation/services/intake.py::submission_request_consent)."""
    from cocreation.services.intake import submission_request_consent
    from cocreation.services.screening import submission_screen

    submission = Submission.objects.filter(pk=submission_id).first()
    if submission is None:  # withdrawn or purged before the worker got to it
        return None
    submission_screen(submission=submission)
    submission_request_consent(submission=submission)
    return submission.reference


@task()
def purge_contributions():
    """The daily retention purge (a scheduled job: see CocreationConfig.ready)."""
    from cocreation.services.retention import contributions_purge

    return contributions_purge().counts()
