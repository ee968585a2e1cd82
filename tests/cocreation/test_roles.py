"""The reviewing groups hold what README's "Who sees what in moderation" says,
from migrate onwards, and the set-up command keeps it so."""

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

import pytest

from .reviewers import EDITORS, LEADS, MODERATORS, PANEL

pytestmark = pytest.mark.django_db


def held(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_youth_panel_holds_only_admin_access_and_viewing_submissions():
    assert held(PANEL) == {"wagtailadmin.access_admin", "cocreation.view_submission"}


def test_safeguarding_leads_hold_everything_on_submissions_and_records():
    assert {
        "wagtailadmin.access_admin",
        "cocreation.view_submission",
        "cocreation.change_submission",
        "cocreation.delete_submission",
        "cocreation.publish_submission",
        "cocreation.lock_submission",
        "cocreation.unlock_submission",
        "cocreation.view_submission_byline",
        "cocreation.view_submission_contact",
        "cocreation.record_safeguarding_outcome",
        "cocreation.view_safeguardingrecord",
        "cocreation.change_safeguardingrecord",
        "cocreation.change_screeningsettings",
    } <= held(LEADS)


@pytest.mark.parametrize("group", [EDITORS, MODERATORS])
def test_editors_and_moderators_see_the_byline_but_not_the_contact(group):
    permissions = held(group)
    assert {
        "wagtailadmin.access_admin",
        "cocreation.view_submission",
        "cocreation.change_submission",
        "cocreation.publish_submission",
        "cocreation.view_submission_byline",
    } <= permissions
    assert "cocreation.view_submission_contact" not in permissions
    assert "cocreation.record_safeguarding_outcome" not in permissions


def test_the_command_is_idempotent_and_repairs_the_table(capsys):
    before = {name: held(name) for name in (LEADS, PANEL, EDITORS, MODERATORS)}
    call_command("setup_cocreation_roles")
    assert "Permissions added: 0." in capsys.readouterr().out
    assert {name: held(name) for name in before} == before

    panel = Group.objects.get(name=PANEL)
    panel.permissions.add(
        Permission.objects.get(
            content_type__app_label="cocreation", codename="view_submission_contact"
        )
    )
    Group.objects.get(name=EDITORS).permissions.remove(
        Permission.objects.get(
            content_type__app_label="cocreation", codename="view_submission_byline"
        )
    )
    call_command("setup_cocreation_roles")
    assert "Permissions added: 1." in capsys.readouterr().out
    assert {name: held(name) for name in before} == before
