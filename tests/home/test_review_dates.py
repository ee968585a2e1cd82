"""Review dates and owners (issue 10, home/governance/review.py): defaults on
publish, the dashboard panel, the weekly digest, the overdue warning in the
editor, and the "Review dates" report with its CSV export."""

import csv
import datetime
import io
import re

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from community.factories import TrainingModulePageFactory
from home.governance import review
from home.governance.review import (
    ReviewDatesPanel,
    add_months,
    add_review_dates_panel,
    send_review_digests,
)
from home.governance.setup import set_up_governance
from resources.factories import ResourceIndexPageFactory, ResourcePageFactory
from resources.models import ResourcePage

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/reports/review-dates/"
BANNER = "This page was due for review on"


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def section(home_page):
    page = ResourceIndexPageFactory(parent=home_page, title="Resources", slug="resources")
    set_up_governance()  # the Editors' permissions on the new section
    return page


@pytest.fixture
def owners(django_user_model):
    """Three editors (in Wagtail's "Editors" group)."""
    editors = Group.objects.get(name="Editors")
    users = {}
    for name in ("alice", "bob", "carol"):
        user = django_user_model.objects.create_user(
            name, f"{name}@example.org", "x", first_name=name.capitalize()
        )
        user.groups.add(editors)
        users[name] = user
    return users


def resource(section, title, next_review=None, owner=None, **kwargs):
    return ResourcePageFactory(
        parent=section, title=title, next_review=next_review, review_owner=owner, **kwargs
    )


@pytest.fixture
def pages(section, owners):
    """Two overdue, two due soon, one fine, one without a date, one draft."""
    alice, bob = owners["alice"], owners["bob"]
    return {
        "old": resource(section, "Old leaflet", days(-40), alice),
        "late": resource(section, "Late guide", days(-1), bob),
        "today": resource(section, "Due today", days(0), alice),
        "soon": TrainingModulePageFactory(
            parent=section, title="Spotting grooming", next_review=days(30), review_owner=bob
        ),
        "fine": resource(section, "Fresh guide", days(31), alice),
        "undated": resource(section, "Undated guide", None, alice),
        "draft": resource(section, "Draft guide", days(-5), alice, live=False),
    }


# --- Defaults on publish -----------------------------------------------------


def test_publishing_sets_next_review_and_owner_without_a_new_revision(section, owners):
    alice = owners["alice"]
    page = resource(section, "New leaflet")
    page.owner = alice
    revision = page.save_revision(user=owners["bob"])
    revision.publish()

    page = ResourcePage.objects.get(pk=page.pk)
    expected = add_months(timezone.localdate(), 12)
    assert page.next_review == expected
    assert page.review_owner == alice  # the page's owner before the publisher
    assert page.revisions.count() == 1
    live = page.live_revision
    assert live.pk == revision.pk
    assert live.content["next_review"] == expected.isoformat()
    assert live.content["review_owner"] == alice.pk
    # A draft started later from the live revision keeps both.
    draft = page.get_latest_revision_as_object()
    assert (draft.next_review, draft.review_owner_id) == (expected, alice.pk)


def test_the_publisher_owns_a_page_with_no_owner(section, owners, settings):
    settings.REVIEW_PERIOD_MONTHS = 6
    page = resource(section, "Ownerless", owner=None)
    page.owner = None
    page.save_revision(user=owners["carol"]).publish()
    page.refresh_from_db()
    assert page.review_owner == owners["carol"]
    assert page.next_review == add_months(timezone.localdate(), 6)


def test_a_later_publish_keeps_a_future_date_and_the_owner(section, owners):
    future = days(200)
    page = resource(section, "Kept", future, owners["alice"])
    page.title = "Kept, edited"
    page.save_revision(user=owners["bob"]).publish()
    page.refresh_from_db()
    assert (page.next_review, page.review_owner) == (future, owners["alice"])
    assert page.live_revision.content["next_review"] == future.isoformat()


def test_a_passed_date_is_renewed_on_publish(section, owners):
    page = resource(section, "Passed", days(-3), owners["alice"])
    page.save_revision(user=owners["alice"]).publish()
    page.refresh_from_db()
    assert page.next_review == add_months(timezone.localdate(), 12)


def test_add_months_keeps_to_the_end_of_short_months():
    assert add_months(datetime.date(2024, 2, 29), 12) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2025, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2025, 11, 15), 2) == datetime.date(2026, 1, 15)


# --- Selection ---------------------------------------------------------------


def test_overdue_and_due_pages_are_live_counted_pages(pages):
    assert [p.title for p in review.overdue_pages()] == ["Old leaflet", "Late guide"]
    assert [p.title for p in review.due_pages()] == ["Due today", "Spotting grooming"]


# --- Dashboard panel ---------------------------------------------------------


def table_titles(html, table_id):
    match = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S)
    assert match, table_id
    return re.findall(r'<td class="title"><a href="[^"]+">([^<]+)</a>', match.group(0))


def test_the_dashboard_lists_overdue_and_due_soon_pages(admin_client, pages):
    html = admin_client.get("/admin/").text
    assert table_titles(html, "review-overdue") == ["Old leaflet", "Late guide"]
    assert table_titles(html, "review-due-soon") == ["Due today", "Spotting grooming"]
    overdue_table = re.search(r'id="review-overdue".*?</table>', html, re.S).group(0)
    assert f'href="/admin/pages/{pages["old"].pk}/edit/"' in overdue_table
    assert "Alice" in overdue_table and "Resource" in overdue_table


def test_the_dashboard_says_so_when_nothing_is_due(admin_client, section):
    html = admin_client.get("/admin/").text
    assert "Nothing is overdue for review." in html
    assert "Nothing is due for review in the next 30 days." in html


def test_the_panel_is_only_for_people_who_can_edit_pages(django_user_model, owners, section):
    request = RequestFactory().get("/admin/")
    request.user = django_user_model.objects.create_user("reader", "r@example.org", "x")
    request.user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    panels = []
    add_review_dates_panel(request, panels)
    assert panels == []
    request.user = owners["alice"]  # an editor
    add_review_dates_panel(request, panels)
    assert [type(p) for p in panels] == [ReviewDatesPanel]


def render_panel(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return ReviewDatesPanel(user).render_html({"request": request, "csrf_token": ""})


def test_the_panel_takes_the_same_queries_for_many_pages(admin_user, section, owners):
    resource(section, "One late", days(-2), owners["alice"])
    resource(section, "One soon", days(2), owners["alice"])
    render_panel(admin_user)
    with CaptureQueriesContext(connection) as few:
        render_panel(admin_user)
    for n in range(6):
        resource(section, f"Late {n}", days(-2 - n), owners[("alice", "bob")[n % 2]])
        resource(section, f"Soon {n}", days(2 + n), owners["carol"])
    with CaptureQueriesContext(connection) as many:
        html = render_panel(admin_user)
    assert len(table_titles(html, "review-overdue")) == 7
    assert len(many) == len(few)


# --- Weekly digest -----------------------------------------------------------


@pytest.fixture
def administrator(django_user_model):
    group, _ = Group.objects.get_or_create(name="Administrators")
    user = django_user_model.objects.create_user("dana", "dana@example.org", "x")
    user.groups.add(group)
    return user


def test_the_digest_sends_each_owner_their_own_pages(pages, owners, administrator):
    result = send_review_digests.enqueue()
    assert result.return_value == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_recipient) == ["alice@example.org", "bob@example.org"]
    alice = by_recipient["alice@example.org"].body
    assert "Old leaflet" in alice and "Due today" in alice
    for other in ("Late guide", "Spotting grooming", "Fresh guide", "Undated", "Draft guide"):
        assert other not in alice
    assert f"http://127.0.0.1:8000/admin/pages/{pages['old'].pk}/edit/" in alice
    bob_mail = by_recipient["bob@example.org"]
    assert "Late guide" in bob_mail.body and "Spotting grooming" in bob_mail.body
    assert "Old leaflet" not in bob_mail.body
    [(html, kind)] = bob_mail.alternatives
    assert kind == "text/html"
    assert f'/admin/pages/{pages["late"].pk}/edit/"' in html


def test_the_digest_links_are_absolute(pages, settings, administrator):
    settings.WAGTAILADMIN_BASE_URL = "https://cms.example.org/"
    send_review_digests.enqueue()
    body = next(m.body for m in mail.outbox if m.to == ["alice@example.org"])
    assert f"https://cms.example.org/admin/pages/{pages['old'].pk}/edit/" in body
    assert "https://cms.example.org/admin/reports/review-dates/" in body


def test_pages_nobody_can_receive_go_to_the_administrators(section, owners, administrator):
    gone = owners["carol"]
    gone.is_active = False
    gone.save()
    resource(section, "Nobody's", days(-3), None)
    resource(section, "Gone owner's", days(5), gone)
    resource(section, "Alice's", days(4), owners["alice"])
    send_review_digests.enqueue()
    by_recipient = {m.to[0]: m.body for m in mail.outbox}
    assert sorted(by_recipient) == ["alice@example.org", "dana@example.org"]
    assert "Nobody's" in by_recipient["dana@example.org"]
    assert "Gone owner's" in by_recipient["dana@example.org"]
    assert "Alice's" not in by_recipient["dana@example.org"]
    assert "Nobody's" not in by_recipient["alice@example.org"]


def test_no_digest_when_nothing_is_due(section, owners, administrator):
    resource(section, "Fresh", days(31), owners["alice"])
    resource(section, "Draft", days(-3), owners["alice"], live=False)
    resource(section, "Undated", None, None)
    assert send_review_digests.enqueue().return_value == 0
    assert mail.outbox == []


# --- Overdue warning in the editor --------------------------------------------


def test_an_overdue_page_shows_the_warning_to_its_editor(admin_client, pages):
    response = admin_client.get(f"/admin/pages/{pages['late'].pk}/edit/")
    assert response.status_code == 200
    date_words = pages["late"].next_review.strftime("%-d %B %Y")
    assert f"{BANNER} {date_words}." in response.text


@pytest.mark.parametrize("name", ["today", "fine", "undated"])
def test_a_page_not_overdue_shows_no_warning(admin_client, pages, name):
    response = admin_client.get(f"/admin/pages/{pages[name].pk}/edit/")
    assert response.status_code == 200
    assert BANNER not in response.text


# --- Report ------------------------------------------------------------------


def test_the_report_lists_every_counted_page_with_its_status(admin_client, pages):
    response = admin_client.get(REPORT_URL)
    assert response.status_code == 200
    rows = {row.title: row for row in response.context["object_list"]}
    assert sorted(rows) == sorted(
        [
            "Old leaflet",
            "Late guide",
            "Due today",
            "Spotting grooming",
            "Fresh guide",
            "Undated guide",
        ]
    )
    assert rows["Old leaflet"].status_words == "Overdue"
    assert rows["Due today"].status_words == "Due in the next 30 days"
    assert rows["Fresh guide"].status_words == "Up to date"
    assert rows["Undated guide"].status_words == "No review date"
    assert rows["Spotting grooming"].kind == "Training module"
    assert rows["Old leaflet"].kind == "Resource"
    assert rows["Late guide"].section == "Resources"
    assert rows["Late guide"].owner_name == "Bob"


def test_the_report_filters_by_status_and_owner(admin_client, pages, owners):
    def titles(query):
        response = admin_client.get(REPORT_URL + query)
        return sorted(row.title for row in response.context["object_list"])

    assert titles("?status=overdue") == ["Late guide", "Old leaflet"]
    assert titles("?status=due_soon") == ["Due today", "Spotting grooming"]
    assert titles("?status=no_date") == ["Undated guide"]
    assert titles(f"?review_owner={owners['bob'].pk}") == ["Late guide", "Spotting grooming"]


def test_the_report_exports_csv(admin_client, pages, owners):
    response = admin_client.get(REPORT_URL + "?export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "Title",
        "Type",
        "Section",
        "Owner",
        "Last reviewed",
        "Next review",
        "Status",
        "Edit link",
    ]
    by_title = {row[0]: row for row in rows[1:]}
    assert len(by_title) == 6
    old = by_title["Old leaflet"]
    assert old[2:4] == ["Resources", "Alice"]
    assert old[5] == days(-40).isoformat()
    assert old[6] == "Overdue"
    assert old[7].endswith(f"/admin/pages/{pages['old'].pk}/edit/")
    assert by_title["Undated guide"][5:7] == ["", "No review date"]


def test_the_report_exports_xlsx(admin_client, pages):
    response = admin_client.get(REPORT_URL + "?export=xlsx")
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]


def test_the_report_needs_the_content_reports_permission(
    client, django_user_model, sign_in_verified, pages
):
    # Moderators open the admin but do not look after pages.
    editor = django_user_model.objects.create_user("ed", "ed@example.org", "x")
    editor.groups.add(Group.objects.get(name="Moderators"))
    sign_in_verified(client, editor)
    response = client.get(REPORT_URL)
    assert response.status_code == 302
    assert REPORT_URL not in client.get("/admin/").text

    editor.user_permissions.add(Permission.objects.get(codename="view_content_reports"))
    editor = django_user_model.objects.get(pk=editor.pk)
    sign_in_verified(client, editor)
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    assert REPORT_URL in client.get("/admin/").text


def test_the_report_takes_the_same_queries_for_many_pages(admin_client, section, owners):
    resource(section, "First", days(-2), owners["alice"])
    admin_client.get(REPORT_URL)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(REPORT_URL)
    other = ResourceIndexPageFactory(parent=section.get_parent(), title="More", slug="more")
    for n in range(8):
        resource((section, other)[n % 2], f"Page {n}", days(n * 10 - 20), owners["bob"])
        TrainingModulePageFactory(parent=other, title=f"Module {n}", review_owner=owners["carol"])
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(REPORT_URL)
    assert len(response.context["object_list"]) == 17
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as export:
        response = admin_client.get(REPORT_URL + "?export=csv")
        lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 18
    assert len(export) <= len(few)
