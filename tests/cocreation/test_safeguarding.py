"""A concern goes to a person at once, and holds the work still until an outcome."""

from django.contrib.auth.models import Group
from django.core import mail

import pytest

from cocreation.factories import SubmissionFactory
from cocreation.services.moderation import submission_start_review
from cocreation.services.safeguarding import OpenSafeguardingConcern, safeguarding_raise

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(django_user_model):
    user = django_user_model.objects.create(username="lead", email="lead@example.org")
    user.groups.add(Group.objects.get(name="Safeguarding leads"))
    return user


def test_a_new_submission_starts_with_the_safeguarding_check(home_page):
    submission = SubmissionFactory()
    submission_start_review(submission=submission)
    state = submission.current_workflow_state
    assert state.current_task_state.task.name == "Safeguarding check"
    assert [task.name for task in state.workflow.tasks] == [
        "Safeguarding check",
        "Youth panel review",
        "Editorial sign-off",
    ]
    assert not submission.live


def test_a_concern_emails_the_leads_and_blocks_publish_and_delete(
    home_page, lead, django_capture_on_commit_callbacks
):
    submission = SubmissionFactory()
    submission_start_review(submission=submission)
    # Wagtail's own "submitted for moderation" email to the first step's group
    # (leads hold admin access, cocreation/moderation/roles.py) is not this test's.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        record = safeguarding_raise(submission=submission, reason="A phrase matched.")
    assert [message.to for message in mail.outbox] == [["lead@example.org"]]
    assert submission.reference in mail.outbox[0].subject
    assert submission.text not in mail.outbox[0].body  # the child's words stay in the admin
    with pytest.raises(OpenSafeguardingConcern):
        submission.latest_revision.publish()
    with pytest.raises(OpenSafeguardingConcern):
        submission.delete()
    submission.refresh_from_db()
    assert not submission.live and submission.needs_safeguarding
    assert record.submission_reference == submission.reference
