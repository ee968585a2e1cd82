"""The review workflows for pages and the youth panel's verdicts, through the
real admin views (the editor's form, the reviewers' workflow actions), signed
in with both factors as each role (home/governance/workflows.py)."""

import datetime
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    PageLogEntry,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from community.factories import (
    CommunityLandingPageFactory,
    ToolkitPageFactory,
    TrainingModulePageFactory,
)
from home.factories import (
    AgeBandFactory,
    AgeBandPageFactory,
    ContentPageFactory,
    YoungPeopleIndexPageFactory,
)
from home.governance.setup import set_up_governance
from home.governance.workflows import (
    LESSON_PACKS_WORKFLOW,
    LOG_ACTION,
    TOOLKITS_WORKFLOW,
    YOUNG_PEOPLE_WORKFLOW,
    youth_panel_checked_on,
)
from home.models import YouthPanelReview, YouthPanelReviewTask, YouthPanelVerdict
from home.page_cache.store import current_generation
from resources.factories import ResourceIndexPageFactory, ResourcePageFactory
from schools.factories import (
    LessonPackIndexPageFactory,
    LessonPackPageFactory,
    SchoolsLandingPageFactory,
    SchoolToolkitPageFactory,
)
from tests.home.test_chrome import commit

pytestmark = pytest.mark.django_db

FEEDBACK = YouthPanelReviewTask.ACTION_FEEDBACK


# --- The tree and the people -------------------------------------------------------


@pytest.fixture
def tree(home_page):
    band = AgeBandFactory(name="11 to 13", slug="11-13", min_age=11, max_age=13)
    young_people = YoungPeopleIndexPageFactory(parent=home_page)
    band_page = AgeBandPageFactory(parent=young_people, age_band=band)
    library = ResourceIndexPageFactory(parent=home_page, slug="resources")
    schools = SchoolsLandingPageFactory(parent=home_page, slug="schools")
    packs = LessonPackIndexPageFactory(parent=schools, slug="lesson-packs")
    community = CommunityLandingPageFactory(parent=home_page, slug="community")
    pages = {
        "home": home_page,
        "young_people": young_people,
        "band_page": band_page,
        "content": ContentPageFactory(parent=band_page, title="Staying safe online", live=False),
        "library": library,
        "resource": ResourcePageFactory(parent=library, age_bands=[band]),
        "schools": schools,
        "packs": packs,
        "pack": LessonPackPageFactory(parent=packs, live=False),
        "school_toolkit": SchoolToolkitPageFactory(parent=schools),
        "community": community,
        "toolkit": ToolkitPageFactory(parent=community, live=False),
        "module": TrainingModulePageFactory(parent=community),
        "parents_toolkit": ToolkitPageFactory(parent=home_page, slug="parents-and-carers"),
    }
    set_up_governance()  # as the demo loader does after building the tree
    return pages


def person(group_name, *, username):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="a long test password 1"
    )
    group = Group.objects.get_or_create(name=group_name)[0]
    # Into the admin at all (the roles set-up gives each group this too).
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


def may_edit(group_name, page):
    """Add and change (never publish) on `page` and below: an editor's share of the tree."""
    group = Group.objects.get(name=group_name)
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=Permission.objects.get(codename=codename)
        )


@pytest.fixture
def people(tree):
    editor = person("Editors", username="editor")
    schools_editor = person("Schools editors", username="schoolseditor")
    may_edit("Editors", tree["home"])
    may_edit("Schools editors", tree["schools"])
    return {
        "editor": editor,
        "schools_editor": schools_editor,
        "lead": person(settings.SAFEGUARDING_LEADS_GROUP, username="lead"),
        "panel": person(settings.YOUTH_PANEL_GROUP, username="zephyrine"),
    }


@pytest.fixture
def as_user(client, sign_in_verified):
    def sign_in(user):
        client.logout()
        sign_in_verified(client, user)
        return client

    return sign_in


# --- Acting through the admin --------------------------------------------------------


def content_form(page, **changes):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": page.intro,
            "body": streamfield([("paragraph", rich_text("<p>Tell a trusted adult.</p>"))]),
            "seo_title": "",
            "search_description": "",
            "comment_notifications": "",
            **changes,
        }
    )


def submit_in_editor(client, page, **changes):
    """The editor's "Submit for moderation", exactly as the edit form sends it."""
    data = content_form(page, **changes)
    data["action-submit"] = "action-submit"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    return response


def submit(page, user):
    """What the edit view's submit action does once its form is valid (for page
    types whose whole form is not the point here): a revision, then the workflow."""
    page.save_revision(user=user)
    page.get_workflow().start(page, user)


def task_state(page):
    state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
    return state.current_task_state


def act(client, page, action, **data):
    state = task_state(page)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk]), data
    )
    assert response.status_code == 302
    return response


def current_task_name(page):
    return task_state(page).task.name


def reload(page):
    return type(page).objects.get(pk=page.pk)


# --- Set-up: the workflows, their steps, where they apply ------------------------------


def steps(name):
    workflow = Workflow.objects.get(name=name)
    return [
        (
            task.name,
            type(task.specific).__name__,
            sorted(task.specific.groups.values_list("name", flat=True)),
        )
        for task in workflow.tasks.order_by("workflow_tasks__sort_order")
    ]


def test_the_three_workflows_have_their_steps_and_reviewers(tree):
    assert steps(YOUNG_PEOPLE_WORKFLOW) == [
        ("Safeguarding review", "GroupApprovalTask", ["Safeguarding leads"]),
        ("Youth panel review", "YouthPanelReviewTask", ["Youth panel"]),
    ]
    assert steps(LESSON_PACKS_WORKFLOW) == [
        ("Safeguarding review", "GroupApprovalTask", ["Safeguarding leads"]),
    ]
    assert steps(TOOLKITS_WORKFLOW) == [
        ("Subject review", "GroupApprovalTask", ["Safeguarding leads"]),
    ]


def test_workflows_are_assigned_by_section(tree):
    expected = {
        "young_people": YOUNG_PEOPLE_WORKFLOW,
        "band_page": YOUNG_PEOPLE_WORKFLOW,
        "content": YOUNG_PEOPLE_WORKFLOW,
        "library": YOUNG_PEOPLE_WORKFLOW,
        "resource": YOUNG_PEOPLE_WORKFLOW,
        "packs": LESSON_PACKS_WORKFLOW,
        "pack": LESSON_PACKS_WORKFLOW,
        "community": TOOLKITS_WORKFLOW,
        "toolkit": TOOLKITS_WORKFLOW,
        "module": TOOLKITS_WORKFLOW,
        "parents_toolkit": TOOLKITS_WORKFLOW,
        "school_toolkit": TOOLKITS_WORKFLOW,
    }
    found = {key: reload(tree[key]).get_workflow().name for key in expected}
    assert found == expected
    # Outside those sections, the root page's workflow, which the Administrators
    # sign off (not Wagtail's "Moderators approval": Moderators hold no page).
    for key in ("home", "schools"):
        assert reload(tree[key]).get_workflow().name == "Other pages"
    assert steps("Other pages") == [
        ("Administrators' sign-off", "GroupApprovalTask", ["Administrators"]),
    ]


def counts():
    return {
        "workflows": Workflow.objects.count(),
        "tasks": Task.objects.count(),
        "steps": WorkflowTask.objects.count(),
        "assignments": WorkflowPage.objects.count(),
    }


def test_set_up_is_safe_to_run_again_and_leaves_the_contributions_workflow_alone(tree):
    contributions = Workflow.objects.get(name="Contribution moderation")
    contribution_steps = steps("Contribution moderation")
    before = counts()
    set_up_governance()
    set_up_governance()
    assert counts() == before
    assert steps("Contribution moderation") == contribution_steps
    assert Workflow.objects.get(name="Contribution moderation").pk == contributions.pk
    # One "Safeguarding review", shared by the two workflows that have it.
    assert GroupApprovalTask.objects.filter(name="Safeguarding review").count() == 1


def test_set_up_assigns_a_section_built_after_the_first_run(home_page):
    set_up_governance()
    assert not WorkflowPage.objects.filter(workflow__name=YOUNG_PEOPLE_WORKFLOW).exists()
    young_people = YoungPeopleIndexPageFactory(parent=home_page)
    set_up_governance()
    assert reload(young_people).get_workflow().name == YOUNG_PEOPLE_WORKFLOW


# --- Young people's pages: safeguarding, then the youth panel -------------------------


def test_ready_from_the_youth_panel_publishes_the_page(tree, people, as_user):
    page = tree["content"]
    submit_in_editor(as_user(people["editor"]), page)
    page = reload(page)
    assert not page.live
    assert current_task_name(page) == "Safeguarding review"

    # The youth panel cannot act before the safeguarding leads.
    panel = as_user(people["panel"])
    state = task_state(page)
    response = panel.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk]), {}
    )
    assert response.status_code in (302, 403)
    assert current_task_name(page) == "Safeguarding review"

    act(as_user(people["lead"]), page, "approve", comment="")
    assert current_task_name(page) == "Youth panel review"
    assert not reload(page).live

    act(as_user(people["panel"]), page, FEEDBACK, verdict="ready", comment="Clear and kind.")
    page = reload(page)
    assert page.live
    assert not page.has_unpublished_changes
    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == WorkflowState.STATUS_APPROVED

    review = YouthPanelReview.objects.get(page=page)
    assert (review.verdict, review.comment) == (YouthPanelVerdict.READY, "Clear and kind.")
    assert review.revision_id == page.live_revision_id
    assert review.task_state.task.name == "Youth panel review"
    entry = PageLogEntry.objects.get(page=page, action=LOG_ACTION)
    assert entry.data == {"verdict": "ready", "comment": "Clear and kind."}
    assert entry.revision_id == page.live_revision_id


def test_needs_changes_goes_back_to_the_editor_with_the_comment_in_the_history(
    tree, people, as_user
):
    page = tree["content"]
    submit_in_editor(as_user(people["editor"]), page)
    act(as_user(people["lead"]), page, "approve", comment="")
    comment = "The second part uses words we would not use."
    act(as_user(people["panel"]), page, FEEDBACK, verdict="needs-changes", comment=comment)

    page = reload(page)
    assert not page.live
    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.status == "rejected"
    assert YouthPanelReview.objects.get(page=page).verdict == YouthPanelVerdict.NEEDS_CHANGES

    # The editor sees it on the page's History, verdict and comment.
    editor = as_user(people["editor"])
    history = editor.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()
    assert "Youth panel: Needs changes" in history
    assert comment in history
    workflow_history = editor.get(
        reverse("wagtailadmin_pages:workflow_history_detail", args=[page.pk, state.pk])
    ).content.decode()
    assert comment in workflow_history

    # Changed and resubmitted, it goes back to the youth panel, who say it is ready.
    submit_in_editor(editor, page, intro="Short and plain now.")
    assert current_task_name(page) == "Youth panel review"
    act(as_user(people["panel"]), page, FEEDBACK, verdict="ready", comment="")
    page = reload(page)
    assert page.live
    assert page.intro == "Short and plain now."
    assert list(
        YouthPanelReview.objects.filter(page=page)
        .order_by("reviewed_at", "pk")
        .values_list("verdict", flat=True)
    ) == [YouthPanelVerdict.NEEDS_CHANGES, YouthPanelVerdict.READY]


def test_not_right_for_this_age_goes_back_to_the_editor(tree, people, as_user):
    page = tree["content"]
    submit_in_editor(as_user(people["editor"]), page)
    act(as_user(people["lead"]), page, "approve", comment="")
    act(
        as_user(people["panel"]),
        page,
        FEEDBACK,
        verdict="not-for-age",
        comment="Too much for eleven year olds.",
    )
    page = reload(page)
    assert not page.live
    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == (
        "Not right for this age: Too much for eleven year olds."
    )
    assert PageLogEntry.objects.get(page=page, action=LOG_ACTION).data == {
        "verdict": "not-for-age",
        "comment": "Too much for eleven year olds.",
    }


def test_the_youth_panel_must_say_why_unless_it_is_ready(tree, people, as_user):
    page = tree["content"]
    submit_in_editor(as_user(people["editor"]), page)
    act(as_user(people["lead"]), page, "approve", comment="")
    panel = as_user(people["panel"])
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, FEEDBACK, task_state(page).pk]
    )
    response = panel.post(
        url,
        {"verdict": "needs-changes", "comment": "  "},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert "Say what should change, so the editor knows." in response.json()["html"]
    assert current_task_name(page) == "Youth panel review"
    assert not YouthPanelReview.objects.exists()
    # Only the youth panel's one action is offered, with its three choices.
    form = panel.get(url, headers={"x-requested-with": "XMLHttpRequest"}).json()["html"]
    for label in ("Ready", "Needs changes", "Not right for this age"):
        assert label in form


def test_only_the_youth_panel_gives_the_youth_panels_verdict(tree, people, as_user):
    page = tree["content"]
    submit_in_editor(as_user(people["editor"]), page)
    act(as_user(people["lead"]), page, "approve", comment="")
    editor = as_user(people["editor"])
    response = editor.post(
        reverse(
            "wagtailadmin_pages:workflow_action", args=[page.pk, FEEDBACK, task_state(page).pk]
        ),
        {"verdict": "ready", "comment": ""},
    )
    assert response.status_code in (302, 403)
    assert not reload(page).live
    assert not YouthPanelReview.objects.exists()


# --- Lesson packs and toolkits --------------------------------------------------------


def test_a_lesson_pack_goes_live_after_safeguarding_review(tree, people, as_user):
    pack = tree["pack"]
    submit(pack, people["schools_editor"])
    assert current_task_name(pack) == "Safeguarding review"
    act(as_user(people["lead"]), pack, "approve", comment="")
    pack = reload(pack)
    assert pack.live
    assert WorkflowState.objects.for_instance(pack).get().status == WorkflowState.STATUS_APPROVED
    assert not YouthPanelReview.objects.exists()


def test_a_toolkit_goes_live_after_subject_review(tree, people, as_user):
    toolkit = tree["toolkit"]
    submit(toolkit, people["editor"])
    assert current_task_name(toolkit) == "Subject review"
    act(as_user(people["lead"]), toolkit, "approve", comment="")
    assert reload(toolkit).live


def test_subject_review_can_send_a_toolkit_back(tree, people, as_user):
    toolkit = tree["toolkit"]
    submit(toolkit, people["editor"])
    act(as_user(people["lead"]), toolkit, "reject", comment="Check the reporting steps.")
    assert not reload(toolkit).live
    state = WorkflowState.objects.for_instance(toolkit).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES


# --- "Checked by our youth panel" --------------------------------------------------------


def badge(html):
    found = re.search(r'<p class="youth-panel-checked">(.*?)</p>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split()) if found else None


def test_a_page_the_youth_panel_said_was_ready_shows_it_with_the_date(
    tree, people, as_user, client
):
    page = tree["content"]
    submit_in_editor(as_user(people["editor"]), page)
    act(as_user(people["lead"]), page, "approve", comment="")
    act(as_user(people["panel"]), page, FEEDBACK, verdict="ready", comment="")
    review = YouthPanelReview.objects.get()
    review.reviewed_at = timezone.make_aware(datetime.datetime(2026, 3, 3, 15, 0))
    review.save()

    client.logout()
    html = client.get(reload(page).url).content.decode()
    assert badge(html) == "Checked by our youth panel on 3 March 2026"
    assert '<time datetime="2026-03-03">' in html
    assert "zephyrine" not in html  # the reviewer is never named


def test_no_badge_without_a_ready_verdict_on_the_live_version(tree, people, as_user, client):
    # Published without the youth panel: nothing to show.
    page = tree["content"]
    page.save_revision().publish()
    assert badge(client.get(reload(page).url).content.decode()) is None

    # "Ready" on an older version, then a new version published: nothing either.
    resource = reload(tree["resource"])
    YouthPanelReview.objects.create(
        page=resource, revision=resource.save_revision(), verdict=YouthPanelVerdict.READY
    )
    resource.get_latest_revision().publish()
    assert youth_panel_checked_on(reload(resource)) is not None
    resource.save_revision().publish()
    assert youth_panel_checked_on(reload(resource)) is None
    assert badge(client.get(reload(resource).url).content.decode()) is None

    # Its latest word on the live version was "needs changes": nothing.
    revision = reload(resource).live_revision
    YouthPanelReview.objects.create(page=resource, revision=revision, verdict="ready")
    YouthPanelReview.objects.create(
        page=resource, revision=revision, verdict="needs-changes", comment="No."
    )
    assert youth_panel_checked_on(reload(resource)) is None


def test_the_badge_costs_one_query(tree, django_assert_num_queries):
    resource = reload(tree["resource"])
    revision = resource.save_revision()
    revision.publish()
    YouthPanelReview.objects.create(page=resource, revision=revision, verdict="ready")
    resource = reload(resource)
    with django_assert_num_queries(1):
        assert youth_panel_checked_on(resource) is not None
    draft = reload(tree["content"])
    with django_assert_num_queries(0):
        assert youth_panel_checked_on(draft) is None


def test_the_badge_is_kept_for_the_generation_until_a_verdict_changes_it(
    tree, django_assert_num_queries
):
    resource = reload(tree["resource"])
    revision = resource.save_revision()
    revision.publish()
    YouthPanelReview.objects.create(page=resource, revision=revision, verdict="ready")
    commit()
    current_generation()  # as after a deploy: the verdict is then kept
    resource = reload(resource)
    assert youth_panel_checked_on(resource) is not None
    with django_assert_num_queries(0):
        assert youth_panel_checked_on(resource) is not None
    # The panel's later word on the live version retires what was kept.
    YouthPanelReview.objects.create(
        page=resource, revision=revision, verdict="needs-changes", comment="No."
    )
    commit()
    assert youth_panel_checked_on(resource) is None


def test_band_pages_and_resources_show_the_badge(tree, client):
    for key in ("band_page", "resource"):
        page = reload(tree[key])
        revision = page.save_revision()
        revision.publish()
        YouthPanelReview.objects.create(page=page, revision=revision, verdict="ready")
        html = client.get(reload(page).url).content.decode()
        assert (badge(html) or "").startswith("Checked by our youth panel on "), key
