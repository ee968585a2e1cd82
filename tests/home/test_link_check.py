"""The scheduled broken-link check and its report (home/governance/links.py)."""

import csv
import io
import json
import uuid

from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from home.factories import ContentPageFactory, DocumentFactory
from home.governance.links import check_links, run_link_check
from home.models import LinkProblem

REPORT = "/admin/reports/broken-links/"


def link(kind, target_id, text="a link"):
    return f'<p>See <a linktype="{kind}" id="{target_id}">{text}</a>.</p>'


def body(*blocks):
    return json.dumps([{"id": str(uuid.uuid4()), **block} for block in blocks])


def paragraph(html):
    return {"type": "paragraph", "value": html}


def next_step(page_id):
    return {
        "type": "next_steps",
        "value": {
            "heading": "What you can do next",
            "links": [
                {"type": "item", "id": str(uuid.uuid4()),
                 "value": {"page": page_id, "label": "", "description": ""}}
            ],
        },
    }  # fmt: skip


def downloads(document_id):
    return {
        "type": "downloads",
        "value": {
            "heading": "Downloads",
            "items": [
                {"type": "item", "id": str(uuid.uuid4()),
                 "value": {"document": document_id, "title": "", "description": ""}}
            ],
        },
    }  # fmt: skip


def rows():
    return sorted(
        (p.page.title, p.kind, p.problem, p.target_id, p.field) for p in LinkProblem.objects.all()
    )


@pytest.fixture
def broken(home_page):
    """A live page whose links lead to: a deleted page (rich text), an
    unpublished page (a page chooser block), a deleted document (rich text) and a
    document whose file was removed from storage (a downloads block)."""
    gone = ContentPageFactory(parent=home_page, title="Old advice")
    draft = ContentPageFactory(parent=home_page, title="Coming soon")
    draft.unpublish()
    deleted_doc = DocumentFactory(title="Old leaflet")
    lost_file = DocumentFactory(title="Leaflet")
    page = ContentPageFactory(
        parent=home_page,
        title="Staying safe",
        body=body(
            paragraph(link("page", gone.pk) + link("document", deleted_doc.pk)),
            next_step(draft.pk),
            downloads(lost_file.pk),
        ),
    )
    gone_id, deleted_doc_id = gone.pk, deleted_doc.pk
    gone.delete()
    deleted_doc.delete()
    lost_file.file.storage.delete(lost_file.file.name)
    return {
        "page": page,
        "gone": gone_id,
        "draft": draft,
        "deleted_doc": deleted_doc_id,
        "lost_file": lost_file,
    }


def test_dead_links_and_documents_are_listed(broken):
    summary = run_link_check()
    assert summary == "4 problems on 1 page"
    assert rows() == sorted(
        [
            ("Staying safe", "page", "missing", str(broken["gone"]), "Body → Paragraph"),
            ("Staying safe", "document", "missing", str(broken["deleted_doc"]), "Body → Paragraph"),
            ("Staying safe", "page", "not-live", str(broken["draft"].pk), "Body → Next steps"),
            ("Staying safe", "document", "file-missing", str(broken["lost_file"].pk),
             "Body → Downloads"),
        ]
    )  # fmt: skip
    labels = {p.target_id: p.target_label for p in LinkProblem.objects.all()}
    assert labels[str(broken["draft"].pk)] == "Coming soon"
    assert labels[str(broken["lost_file"].pk)] == "Leaflet"
    assert labels[str(broken["gone"])] == f"Page {broken['gone']} (deleted)"


def test_the_scheduled_task_and_the_command_run_the_same_check(broken):
    assert check_links.enqueue().return_value == "4 problems on 1 page"
    out = io.StringIO()
    call_command("check_links", stdout=out)
    assert out.getvalue().strip() == "4 problems on 1 page"
    assert LinkProblem.objects.count() == 4


def test_fixed_links_are_gone_on_the_next_run(broken, home_page):
    run_link_check()
    broken["draft"].save_revision().publish()
    fresh = DocumentFactory(title="New leaflet")
    page = broken["page"]
    page.body = body(paragraph("<p>All fixed.</p>"), downloads(fresh.pk))
    page.save_revision().publish()
    assert run_link_check() == "0 problems on 0 pages"
    assert not LinkProblem.objects.exists()


def test_a_healthy_tree_has_no_problems(home_page):
    target = ContentPageFactory(parent=home_page, title="Help")
    document = DocumentFactory()
    ContentPageFactory(
        parent=home_page,
        body=body(paragraph(link("page", target.pk)), next_step(target.pk), downloads(document.pk)),
    )
    assert run_link_check() == "0 problems on 0 pages"


def test_links_on_pages_that_are_not_live_are_not_checked(broken):
    broken["page"].unpublish()
    assert run_link_check() == "0 problems on 0 pages"


def test_the_check_takes_the_same_queries_for_1_or_10_pages(home_page, settings):
    gone = ContentPageFactory(parent=home_page)
    draft = ContentPageFactory(parent=home_page)
    draft.unpublish()
    lost = DocumentFactory()
    lost.file.storage.delete(lost.file.name)
    gone_id = gone.pk
    gone.delete()

    def make(n):
        for _ in range(n):
            ContentPageFactory(
                parent=home_page,
                body=body(
                    paragraph(link("page", gone_id)), next_step(draft.pk), downloads(lost.pk)
                ),
            )

    def count():
        with CaptureQueriesContext(connection) as queries:
            run_link_check()
        return len(queries)

    make(1)
    one = count()
    assert LinkProblem.objects.count() == 3
    make(9)
    assert count() == one
    assert LinkProblem.objects.count() == 30


# --- The report ---------------------------------------------------------------


@pytest.fixture
def reader(django_user_model, client, sign_in_verified):
    user = django_user_model.objects.create_user("reader", "reader@example.org", "x" * 20)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_content_reports"),
    )
    return sign_in_verified(client, user)


def test_the_report_lists_the_problems_and_exports_csv(admin_client, broken):
    run_link_check()
    html = admin_client.get(REPORT).content.decode()
    assert "Staying safe" in html
    assert reverse("wagtailadmin_pages:edit", args=[broken["page"].pk]) in html
    assert "Body → Downloads" in html
    assert "File missing from storage" in html
    assert "Not published" in html
    assert "Page: Coming soon" in html

    response = admin_client.get(REPORT, {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(content)))
    assert len(table) == 4
    assert {row["Problem"] for row in table} == {"Deleted", "Not published",
                                                 "File missing from storage"}  # fmt: skip
    assert {row["Links to"] for row in table} >= {"Coming soon", "Leaflet"}
    assert all(row["Page"] == "Staying safe" for row in table)


def test_users_with_the_permission_see_the_report_and_the_panel(reader, broken):
    run_link_check()
    assert reader.get(REPORT).status_code == 200
    home = reader.get("/admin/").content.decode()
    assert "broken-links-heading" in home
    assert "4 broken links" in home and "on 1 page" in home
    assert f'<a href="{REPORT}">see the report</a>' in home


def test_the_panel_is_hidden_when_nothing_is_broken(reader, home_page):
    run_link_check()
    home = reader.get("/admin/").content.decode()
    assert "Broken links" in home  # the report stays in the menu
    assert "broken-links-heading" not in home


def test_others_are_refused(client, django_user_model, sign_in_verified, broken):
    user = django_user_model.objects.create_user("editor", "editor@example.org", "x" * 20)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    sign_in_verified(client, user)
    run_link_check()
    # Wagtail turns a refusal into a redirect to the dashboard, with a message.
    for response in (client.get(REPORT), client.get(REPORT, {"export": "csv"})):
        assert response.status_code == 302 and response.url == "/admin/"
    home = client.get("/admin/").content.decode()
    assert "broken-links-heading" not in home and REPORT not in home


def test_the_report_takes_the_same_queries_for_1_or_10_pages(admin_client, home_page):
    gone = ContentPageFactory(parent=home_page)
    gone_id = gone.pk
    gone.delete()

    def make(n):
        for _ in range(n):
            ContentPageFactory(parent=home_page, body=body(paragraph(link("page", gone_id))))
        run_link_check()

    def count(**params):
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(REPORT, params)
            if params:
                b"".join(response.streaming_content)
        return len(queries)

    make(1)
    one, one_csv = count(), count(export="csv")
    count_home(admin_client)  # the first visit fills per-process caches
    home_one = count_home(admin_client)
    make(9)
    assert LinkProblem.objects.count() == 10
    assert count() == one
    assert count(export="csv") == one_csv
    assert count_home(admin_client) == home_one


def count_home(client):
    with CaptureQueriesContext(connection) as queries:
        client.get("/admin/")
    return len(queries)


def test_files_in_inline_panels_are_checked_through_the_reference_index(home_page):
    """A lesson pack's files are an inline panel (a foreign key on a child
    model): the reference index records them under the pack."""
    from schools.factories import (
        LessonPackFileFactory,
        LessonPackIndexPageFactory,
        LessonPackPageFactory,
        SchoolsLandingPageFactory,
    )

    landing = SchoolsLandingPageFactory(parent=home_page, slug="schools")
    index = LessonPackIndexPageFactory(parent=landing, slug="lesson-packs")
    pack = LessonPackPageFactory(parent=index, title="Healthy friendships")
    slides = DocumentFactory(title="Slides")
    LessonPackFileFactory(page=pack, document=slides, kind="slides")
    LessonPackFileFactory(page=pack, document=DocumentFactory(title="Worksheet"), kind="worksheet")
    slides.file.storage.delete(slides.file.name)

    assert run_link_check() == "1 problem on 1 page"
    problem = LinkProblem.objects.get()
    assert (problem.page_id, problem.kind, problem.problem, problem.target_label) == (
        pack.pk, "document", "file-missing", "Slides")  # fmt: skip
    assert problem.field.endswith("→ File")
