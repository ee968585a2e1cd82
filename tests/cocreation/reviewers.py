"""Reviewers for moderation tests: real users in the real groups (whose
permissions come from migrate, through cocreation.moderation.roles)."""

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cocreation.factories import SubmissionFactory
from cocreation.services.moderation import submission_start_review

_numbers = itertools.count(1)

LEADS = "Safeguarding leads"
PANEL = "Youth panel"
EDITORS = "Editors"
MODERATORS = "Moderators"


def reviewer(group_name, **extra):
    number = next(_numbers)
    user = get_user_model().objects.create_user(
        username=f"{group_name.split()[0].lower()}{number}",
        email=f"{group_name.split()[0].lower()}{number}@example.org",
        password="a long test password 1",
        **extra,
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def submission_in_review(**kwargs):
    submission = SubmissionFactory(**kwargs)
    submission_start_review(submission=submission)
    submission.refresh_from_db()
    return submission


def act(submission, user, action="approve", **extra):
    """Perform a workflow action exactly as Wagtail's task does for the admin views."""
    task_state = submission.current_workflow_task_state
    task = task_state.task.specific
    assert action in [name for name, _label, _modal in task.get_actions(submission, user)]
    task.on_action(task_state, user, action, **extra)
    submission.refresh_from_db()
    return submission
