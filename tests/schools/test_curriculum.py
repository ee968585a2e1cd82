"""Curriculum data: the default load, reloading, confirming items, and what teachers see."""

import io
import itertools
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest
import yaml

from schools.admin.curriculum import CONFIRMED_ACTION
from schools.curriculum import DEFAULT_PATH, links_for_teachers, load_curriculum, read_curriculum
from schools.factories import CurriculumFrameworkFactory, CurriculumItemFactory
from schools.models import CurriculumFramework, CurriculumItem, KeyStage

pytestmark = pytest.mark.django_db

RESEARCH_FILE = Path("/work/shared/data/curriculum.yaml")
LIST_URL = "/admin/snippets/schools/curriculumitem/"
_numbers = itertools.count(1)


def staff(*permissions):
    user = get_user_model().objects.create_user(
        username=f"editor{next(_numbers)}", email="e@example.org", password="a long password 1"
    )
    codenames = ["access_admin", *permissions]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def confirm_url(item):
    return reverse("schools_curriculum_item_confirm", args=[item.pk])


# --- The default data --------------------------------------------------------


def test_the_default_data_is_there_after_migrate_for_all_four_nations():
    nations = set(CurriculumFramework.objects.values_list("nation", flat=True))
    assert nations == {"england", "wales", "scotland", "northern-ireland"}
    for slug in (
        "england-rshe-2019",
        "england-rshe-2025",
        "pshe-association-2020",
        "wales-rse-code",
        "scotland-cfe-hwb",
        "ni-pdmu",
        "ni-llw",
    ):
        framework = CurriculumFramework.objects.get(slug=slug)
        assert framework.items.exists(), slug
    assert CurriculumItem.objects.count() == sum(len(f["items"]) for f in read_curriculum())
    assert CurriculumItem.objects.filter(verified=True).exists()
    assert CurriculumItem.objects.filter(verified=False).exists()


def test_every_framework_and_item_names_its_public_source():
    for framework in CurriculumFramework.objects.all():
        assert framework.sources.strip(), framework.slug
        assert all(line.startswith("http") for line in framework.sources.splitlines())
    for item in CurriculumItem.objects.all():
        assert item.source_url.startswith("http"), item.slug
        assert not item.source_url.endswith("."), item.slug


def test_codes_are_official_only_never_the_research_files_local_refs():
    research = yaml.safe_load(RESEARCH_FILE.read_text()) if RESEARCH_FILE.exists() else None
    local_refs = set()
    if research:
        for framework in research["frameworks"]:
            for outcome in framework.get("cse_relevant_outcomes", []):
                if "local_ref" in outcome:
                    local_refs.add(outcome["local_ref"].lower())
    codes = {code.lower() for code in CurriculumItem.objects.values_list("code", flat=True)}
    assert not codes & local_refs
    assert not CurriculumItem.objects.filter(code__istartswith="eng19").exists()
    # England 2019 is cited by heading: no codes at all.
    assert not CurriculumItem.objects.filter(framework__slug="england-rshe-2019").exclude(code="")
    # PSHE Association codes carry their key stage (numbering restarts in each).
    pshe = CurriculumItem.objects.filter(framework__slug="pshe-association-2020").exclude(code="")
    assert pshe.exists()
    assert all(item.code.split()[0] in {"KS1", "KS2", "KS3", "KS4"} for item in pshe)
    assert pshe.get(code="KS2 R26").edition == "January 2020"
    assert CurriculumItem.objects.get(code="HWB 3-45a").key_stages.get().slug == "ks3"


def test_only_items_seen_in_their_source_are_checked():
    assert CurriculumItem.objects.filter(source_check="seen").exists()
    assert not CurriculumItem.objects.filter(verified=True).exclude(source_check="seen").exists()
    assert not CurriculumItem.objects.filter(verified=False, source_check="seen").exists()
    # A recalled PSHE Association code and an inferred Scottish code are not shown as codes.
    assert not CurriculumItem.objects.get(code="KS2 R26").verified
    assert not CurriculumItem.objects.get(code="HWB 3-49b").verified


def test_england_2025_maps_only_its_confirmed_heading_and_says_which():
    confirmed = CurriculumItem.objects.filter(framework__slug="england-rshe-2025", verified=True)
    assert {item.heading for item in confirmed} == {"Families"}
    unconfirmed = CurriculumItem.objects.get(slug="eng25-sec-being-safe")
    assert not unconfirmed.verified
    assert "keep the 2019 heading" in unconfirmed.data_note
    kept = CurriculumItem.objects.get(slug="eng19-sec-rse-being-safe")
    assert kept.verified and "not yet confirmed" in kept.data_note
    assert "2019 heading" in CurriculumFramework.objects.get(slug="england-rshe-2025").status


def test_items_have_key_stages():
    assert not CurriculumItem.objects.filter(key_stages=None).exists()


# --- Reloading -------------------------------------------------------------------


def test_reloading_changes_nothing_and_keeps_an_editors_confirmation(admin_user):
    before = (CurriculumFramework.objects.count(), CurriculumItem.objects.count())
    item = CurriculumItem.objects.get(code="KS2 R26")
    item.verified, item.verified_by = True, admin_user
    item.save()
    seen = CurriculumItem.objects.get(slug="eng19-pri-bs-1")
    seen.verified = False  # an unconfirmed item follows the file
    seen.save()

    counts = load_curriculum()

    assert (CurriculumFramework.objects.count(), CurriculumItem.objects.count()) == before
    assert counts.items_created == 0 and counts.frameworks_created == 0
    assert item.slug in counts.kept_by_editor
    item.refresh_from_db()
    assert item.verified and item.verified_by == admin_user
    seen.refresh_from_db()
    assert seen.verified
    assert list(seen.key_stages.values_list("slug", flat=True)) == ["ks1", "ks2"]


def test_the_command_loads_a_given_file(tmp_path):
    data = yaml.safe_load(DEFAULT_PATH.read_text())
    data["frameworks"] = data["frameworks"][:1]
    data["frameworks"][0]["items"][0]["heading"] = "A changed heading"
    path = tmp_path / "curriculum.yaml"
    path.write_text(yaml.safe_dump(data))
    out = io.StringIO()
    call_command("load_curriculum", path=str(path), stdout=out)
    assert "Items: 0 new" in out.getvalue()
    slug = data["frameworks"][0]["items"][0]["slug"]
    assert CurriculumItem.objects.get(slug=slug).heading == "A changed heading"


# --- The admin -------------------------------------------------------------------


def test_the_admin_list_says_which_items_are_to_check(admin_client):
    response = admin_client.get(
        LIST_URL, {"framework": CurriculumFramework.objects.get(slug="pshe-association-2020").pk}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "To check against the source" in html
    assert "KS2 R26" in html
    checked = admin_client.get(LIST_URL, {"verified": "true"}).content.decode()
    assert "To check against the source" not in checked
    assert "Checked" in checked


def test_the_admin_list_filters_by_nation(admin_client):
    html = admin_client.get(LIST_URL, {"nation": "scotland"}).content.decode()
    assert "HWB 3-45a" in html
    assert "KS2 R26" not in html


def test_the_admin_list_runs_a_constant_number_of_queries(admin_client):
    admin_client.get(LIST_URL)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(LIST_URL, {"nation": "wales"})
    with CaptureQueriesContext(connection) as many:
        admin_client.get(LIST_URL, {"nation": "england"})
    assert len(many) == len(few)


def test_confirming_an_item_needs_the_permission(client, sign_in_verified):
    item = CurriculumItem.objects.get(code="KS2 R26")
    sign_in_verified(client, staff())
    assert client.post(confirm_url(item)).status_code == 403
    assert client.get(confirm_url(item)).status_code == 403
    item.refresh_from_db()
    assert not item.verified


def test_anonymous_visitors_cannot_confirm(client):
    item = CurriculumItem.objects.get(code="KS2 R26")
    response = client.post(confirm_url(item))
    assert response.status_code == 302 and "/login/" in response["Location"]
    item.refresh_from_db()
    assert not item.verified


def test_an_editor_confirms_an_item_and_it_is_logged(client, sign_in_verified):
    editor = staff("change_curriculumitem", "view_curriculumitem")
    item = CurriculumItem.objects.get(code="KS2 R26")
    sign_in_verified(client, editor)
    page = client.get(confirm_url(item))
    assert page.status_code == 200
    assert item.source_url in page.content.decode()
    item.refresh_from_db()
    assert not item.verified  # looking is not confirming
    response = client.post(confirm_url(item))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.verified and item.verified_by == editor and item.verified_at
    entry = ModelLogEntry.objects.get(action=CONFIRMED_ACTION)
    assert entry.user == editor and entry.object_id == str(item.pk)


def test_the_confirm_view_checks_csrf(sign_in_verified, enrol):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    sign_in_verified(client, staff("change_curriculumitem"))
    item = CurriculumItem.objects.get(code="KS2 R26")
    assert client.post(confirm_url(item)).status_code == 403
    item.refresh_from_db()
    assert not item.verified


def test_the_listing_offers_confirm_only_on_unchecked_items(admin_client):
    html = admin_client.get(LIST_URL, {"nation": "scotland"}).content.decode()
    unchecked = CurriculumItem.objects.get(code="HWB 3-49b")
    checked = CurriculumItem.objects.get(code="HWB 3-45a")
    assert confirm_url(unchecked) in html
    assert confirm_url(checked) not in html


def test_editing_an_item_keeps_its_check_unless_ticked(admin_client, admin_user):
    item = CurriculumItem.objects.get(code="KS2 R26")
    edit_url = f"/admin/snippets/schools/curriculumitem/edit/{item.pk}/"
    form = admin_client.get(edit_url).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None and name != "verified"
    }
    data["key_stages"] = [stage.pk for stage in item.key_stages.all()]
    data["heading"] = "Safe relationships (edited)"
    response = admin_client.post(edit_url, data)
    assert response.status_code == 302, response.context["form"].errors
    item.refresh_from_db()
    assert item.heading == "Safe relationships (edited)" and not item.verified
    data["verified"] = "on"
    admin_client.post(edit_url, data)
    item.refresh_from_db()
    assert item.verified and item.verified_by == admin_user and item.verified_at
    assert ModelLogEntry.objects.filter(action=CONFIRMED_ACTION, object_id=str(item.pk)).exists()


def test_the_pack_editor_labels_unchecked_items(admin_client):
    from schools.models import LessonPackPage

    field = LessonPackPage.get_edit_handler().get_form_class()().fields["curriculum_links"]
    labels = [str(label) for _value, label in field.choices]
    assert any("KS2 R26" in label and "(to check against the source)" in label for label in labels)
    assert any("HWB 3-45a" in label and "to check" not in label for label in labels)


def test_the_admin_groups_frameworks_and_items_under_curriculum(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "Curriculum" in html
    assert admin_client.get("/admin/snippets/schools/curriculumframework/").status_code == 200


# --- What teachers see -----------------------------------------------------------


def test_links_for_teachers_keeps_checked_items_grouped_by_framework_in_order():
    first = CurriculumFrameworkFactory(short_name="First", sort_order=0)
    second = CurriculumFrameworkFactory(short_name="Second", sort_order=1)
    b = CurriculumItemFactory(framework=second, code="B1", heading="B", sort_order=0)
    a2 = CurriculumItemFactory(framework=first, code="", heading="A two", sort_order=2)
    a1 = CurriculumItemFactory(
        framework=first, code="A1", heading="A one", summary="S", sort_order=1
    )
    hidden = CurriculumItemFactory(framework=first, code="X9", heading="Hidden", verified=False)
    items = list(
        CurriculumItem.objects.filter(pk__in=[b.pk, a2.pk, a1.pk, hidden.pk]).select_related(
            "framework"
        )
    )
    with CaptureQueriesContext(connection) as queries:
        links = links_for_teachers(items)
    assert len(queries) == 0
    assert [group["framework"] for group in links] == [first, second]
    assert links[0]["items"] == [
        {"code": "A1", "heading": "A one", "summary": "S"},
        {"code": "", "heading": "A two", "summary": ""},
    ]
    assert links[1]["items"] == [{"code": "B1", "heading": "B", "summary": ""}]
    assert "Hidden" not in str(links)


def test_key_stage_rows_are_those_the_data_names():
    slugs = {s for f in read_curriculum() for i in f["items"] for s in i["key_stages"]}
    assert slugs <= set(KeyStage.objects.values_list("slug", flat=True))


def test_a_group_editor_can_list_items(client, sign_in_verified):
    group = Group.objects.create(name="Curriculum test editors")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_curriculumitem"])
    )
    user = staff()
    user.groups.add(group)
    sign_in_verified(client, user)
    assert client.get(LIST_URL).status_code == 200


def test_the_grouped_chooser_widget_groups_by_framework_in_one_query():
    from schools.widgets import CurriculumLinksWidget

    checked = CurriculumItem.objects.get(code="HWB 3-45a")
    widget = CurriculumLinksWidget()
    with CaptureQueriesContext(connection) as queries:
        html = widget.render("curriculum_links", [checked.pk])
    assert len(queries) == 1
    assert "Programme of Study for PSHE Education" in html
    assert "KS2 R26 Safe relationships (Key stage 2) (to check against the source)" in html
    assert f'value="{checked.pk}"' in html
    checked_input = html.split(f'value="{checked.pk}"')[1].split(">")[0]
    assert "checked" in checked_input
