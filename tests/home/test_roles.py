"""The six editorial groups can do what they must and nothing else (README: "Roles").

Each group's member walks the real admin on the demo tree (whose load ends
with the set-up, so every section has its page permissions): every screen in
``SCREENS`` answers 200 to the groups allowed and sends everyone else away.
"""

import itertools
import json
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from wagtail.admin.views.home import (
    LockedPagesPanel,
    RecentEditsPanel,
    UserObjectsInWorkflowModerationPanel,
    WorkflowObjectsToModeratePanel,
)
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowTask,
)

import pytest

from cocreation.models import ScreeningSettings
from home.governance.roles import (
    ADMINISTRATORS,
    EDITORS,
    MODERATORS,
    SAFEGUARDING_LEADS,
    SCHOOLS_EDITORS,
    YOUTH_PANEL,
    set_up_roles,
)
from schools.models import ProfessionalAccessSettings

pytestmark = pytest.mark.django_db

A, E, S, M, L, Y = (
    ADMINISTRATORS,
    EDITORS,
    SCHOOLS_EDITORS,
    MODERATORS,
    SAFEGUARDING_LEADS,
    YOUTH_PANEL,
)
GROUPS = [A, E, S, M, L, Y]
_numbers = itertools.count(1)


def page(path):
    """A demo page by its URL path below the home page."""
    site = Site.objects.get(is_default_site=True)
    found = site.root_page
    for slug in filter(None, path.split("/")):
        found = found.get_children().get(slug=slug)
    return found


def site_setting(model_name):
    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=["home", model_name, site.pk])


def generic_setting(model):
    return reverse(
        "wagtailsettings:edit",
        args=[model._meta.app_label, model._meta.model_name, model.load().pk],
    )


def edit(path):
    return reverse("wagtailadmin_pages:edit", args=[page(path).pk])


def add_under(path, page_type):
    app_label, model_name = page_type.split(".")
    return reverse("wagtailadmin_pages:add", args=[app_label, model_name, page(path).pk])


# Screen → how to find it, and the groups that may open it.
SCREENS = {
    "users": (lambda: reverse("wagtailusers_users:index"), {A}),
    "groups": (lambda: reverse("wagtailusers_groups:index"), {A}),
    "workflows": (lambda: reverse("wagtailadmin_workflows:index"), {A}),
    "help numbers (safety settings)": (lambda: site_setting("safetysettings"), {A, L}),
    "local contacts": (lambda: site_setting("localcontacts"), {A, L}),
    "navigation settings": (lambda: site_setting("navigationsettings"), {A, E}),
    "screening settings": (
        lambda: generic_setting(ScreeningSettings),
        {A, L},
    ),
    "professional access settings": (
        lambda: generic_setting(ProfessionalAccessSettings),
        {A, E, S},
    ),
    "images": (lambda: reverse("wagtailimages:index"), {A, E, S}),
    "documents": (lambda: reverse("wagtaildocs:index"), {A, E, S}),
    "redirects": (lambda: reverse("wagtailredirects:index"), {A, E}),
    "taxonomy": (lambda: reverse("wagtailsnippets_home_topic:list"), {A, E, S}),
    "submissions": (lambda: reverse("wagtailsnippets_cocreation_submission:list"), {A, E, M, L, Y}),
    "group codes": (lambda: reverse("wagtailsnippets_cocreation_groupcode:list"), {A, E, L}),
    "curriculum": (lambda: reverse("wagtailsnippets_schools_curriculumitem:list"), {A, E, S}),
    "lesson feedback": (lambda: "/admin/lesson_feedback/", {A, S}),
    "professional accounts": (lambda: reverse("professional_accounts:index"), {A, E, S}),
    "certificates": (lambda: "/admin/training/certificates/", {A, E}),
    "edit the home page": (lambda: edit(""), {A}),
    "edit a young people's page": (lambda: edit("young-people/11-13"), {A, E}),
    "add under young people": (lambda: add_under("young-people", "home.agebandpage"), {A, E}),
    "edit a community page": (lambda: edit("community"), {A, E}),
    "edit a lesson pack": (
        lambda: edit("schools/lesson-packs/safe-and-unsafe-secrets"),
        {A, S},
    ),
    "add a lesson pack": (
        lambda: add_under("schools/lesson-packs", "schools.lessonpackpage"),
        {A, S},
    ),
}

# Permission → the groups that hold it (the governance screens check these).
HOLDS = {
    "home.view_content_reports": {A, E, S},
    "home.view_submission_reports": {A, E, M, L},
    "home.view_safeguarding_reports": {A, L},
    "home.view_account_reports": {A},
    "home.manage_data_rights": {A},
    "cocreation.view_submission_byline": {A, E, M, L},
    "cocreation.view_submission_contact": {A, L},
    "cocreation.record_safeguarding_outcome": {L},
    "auth.change_user": {A},
    "auth.change_group": {A},
}

# Page → the groups that may publish it from the editor (nobody else: the
# review workflows publish on the last approval).
PUBLISHES = {
    "young-people/11-13": {A},
    "schools/lesson-packs/safe-and-unsafe-secrets": {A},
}


def member(group_name):
    user = get_user_model().objects.create_user(
        username=f"member{next(_numbers)}",
        email=f"member{next(_numbers)}@example.org",
        password="a long test password 1",
    )
    user.groups.add(Group.objects.get(name=group_name))
    return get_user_model().objects.get(pk=user.pk)  # no cached permissions


def opens(response):
    if response.status_code == 200:
        return True
    # Wagtail sends a user without the permission to the dashboard, or refuses.
    assert response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    ), (response.status_code, response.get("Location"))
    return False


@pytest.mark.parametrize("group", GROUPS)
def test_each_group_opens_exactly_its_screens(group, demo_site, client, sign_in_verified):
    sign_in_verified(client, member(group))
    opened = {name: opens(client.get(url())) for name, (url, _groups) in SCREENS.items()}
    assert opened == {name: group in groups for name, (_url, groups) in SCREENS.items()}


@pytest.mark.parametrize("group", GROUPS)
def test_each_group_holds_exactly_its_governance_permissions(group, demo_site):
    user = member(group)
    assert {name: user.has_perm(name) for name in HOLDS} == {
        name: group in groups for name, groups in HOLDS.items()
    }
    assert {path: page(path).permissions_for_user(user).can_publish() for path in PUBLISHES} == {
        path: group in groups for path, groups in PUBLISHES.items()
    }


def test_the_youth_panel_holds_only_admin_access_and_viewing_submissions(db):
    held = Group.objects.get(name=Y).permissions.values_list("content_type__app_label", "codename")
    assert {f"{app}.{codename}" for app, codename in held} == {
        "wagtailadmin.access_admin",
        "cocreation.view_submission",
    }


def sidebar_names(response):
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
        response.text,
        re.S,
    )
    names = set()

    def walk(value):
        if isinstance(value, dict):
            if isinstance(value.get("name"), str):
                names.add(value["name"])
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(json.loads(props.group(1)))
    return names


def test_the_youth_panel_sees_only_their_work_in_the_menu_and_on_the_dashboard(
    demo_site, client, sign_in_verified
):
    young_person = member(Y)
    sign_in_verified(client, young_person)
    response = client.get("/admin/")
    assert response.status_code == 200
    names = sidebar_names(response) - {young_person.username}
    assert names == {"submissions", "account", "logout"}
    panels = {type(panel) for panel in response.context["panels"]}
    assert panels <= {WorkflowObjectsToModeratePanel, UserObjectsInWorkflowModerationPanel}
    assert response.context["site_summary"].get_context_data({})["summary_items"] == []


def test_an_editor_keeps_the_whole_menu_and_dashboard(demo_site, client, sign_in_verified):
    """The youth panel's hooks touch nobody else."""
    sign_in_verified(client, member(E))
    response = client.get("/admin/")
    assert {"explorer", "images", "documents", "submissions", "reports"} <= sidebar_names(response)
    panels = {type(panel) for panel in response.context["panels"]}
    assert {RecentEditsPanel, LockedPagesPanel} <= panels
    assert response.context["site_summary"].get_context_data({})["summary_items"]


def test_the_youth_panel_opens_a_page_only_at_their_step(demo_site, client, sign_in_verified):
    """No page permission: Wagtail opens the editor to the task's group
    (GroupApprovalTask.user_can_access_editor) while the page is at their step."""
    young_person = member(Y)
    target = page("young-people/11-13").specific
    sign_in_verified(client, young_person)
    url = reverse("wagtailadmin_pages:edit", args=[target.pk])
    assert not opens(client.get(url))

    task = GroupApprovalTask.objects.create(name="Youth panel check (test)")
    task.groups.set([Group.objects.get(name=Y)])
    workflow = Workflow.objects.create(name="Youth panel only (test)")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    target.save_revision()
    workflow.start(target, member(E))
    assert opens(client.get(url))


def test_safeguarding_leads_approve_a_page_without_any_page_permission(demo_site):
    """Reviewers act through the task: they need no page permission to approve."""
    assert not GroupPagePermission.objects.filter(group__name=L).exists()
    lead = member(L)
    target = page("young-people/11-13").specific
    first = GroupApprovalTask.objects.create(name="Safeguarding check (test)")
    first.groups.set([Group.objects.get(name=L)])
    second = GroupApprovalTask.objects.create(name="Editors' sign-off (test)")
    second.groups.set([Group.objects.get(name=E)])
    workflow = Workflow.objects.create(name="Two steps (test)")
    WorkflowTask.objects.create(workflow=workflow, task=first, sort_order=0)
    WorkflowTask.objects.create(workflow=workflow, task=second, sort_order=1)
    target.save_revision()
    state = workflow.start(target, member(E))
    assert ("approve", "Approve", False) in [
        (name, str(label), modal) for name, label, modal in first.get_actions(target, lead)
    ]
    first.on_action(state.current_task_state, lead, "approve")
    state.refresh_from_db()
    assert state.current_task_state.task.pk == second.pk


def test_set_up_is_idempotent_and_takes_away_what_a_group_must_not_hold(demo_site):
    assert set_up_roles() == 0
    editors = Group.objects.get(name=E)
    editors.permissions.add(Permission.objects.get(codename="change_user"))
    editors.permissions.remove(
        Permission.objects.get(content_type__app_label="community", codename="change_certificate")
    )
    Group.objects.get(name=Y).permissions.add(
        Permission.objects.get(codename="view_submission_contact")
    )
    # Wagtail's own first migration gave Moderators every page at the root.
    GroupPagePermission.objects.create(
        group=Group.objects.get(name=M),
        page=Page.get_first_root_node(),
        permission=Permission.objects.get(codename="publish_page"),
    )
    GroupPagePermission.objects.filter(group=editors, page=page("community")).delete()

    added = set_up_roles()

    assert added == 1 + 3  # the certificate permission; the community section's three
    codenames = set(editors.permissions.values_list("codename", flat=True))
    assert "change_user" not in codenames and "change_certificate" in codenames
    assert (
        not Group.objects.get(name=Y)
        .permissions.filter(codename="view_submission_contact")
        .exists()
    )
    assert not GroupPagePermission.objects.filter(group__name=M).exists()
    assert GroupPagePermission.objects.filter(group=editors, page=page("community")).count() == 3
    assert set_up_roles() == 0


def test_every_migrate_and_the_command_leave_the_six_groups(db, capsys):
    assert set(Group.objects.values_list("name", flat=True)) >= set(GROUPS)
    Group.objects.filter(name=S).delete()
    call_command("setup_roles")
    assert "Permissions added:" in capsys.readouterr().out
    assert Group.objects.get(name=S).permissions.filter(codename="view_lessonfeedback").exists()


def test_page_permissions_follow_the_sections(demo_site):
    """Editors: every section of the site but schools; Schools editors: schools only."""
    home = Site.objects.get(is_default_site=True).root_page
    by_group = {
        name: set(
            GroupPagePermission.objects.filter(group__name=name).values_list(
                "page__url_path", flat=True
            )
        )
        for name in (E, S)
    }
    sections = {child.url_path for child in home.get_children()}
    schools = page("schools").url_path
    assert by_group[E] == sections - {schools}
    assert by_group[S] == {schools}
