"""Downloads: counts per file and per pack per day, with nothing about who, and
the "whole pack" ZIP, built once per published version in a background task.

Tasks run through the real django-tasks immediate backend (the test profile's
TASKS); a publish enqueues the build after the commit, which these tests run
with ``django_capture_on_commit_callbacks(execute=True)``.
"""

import datetime
import io
import logging
import os
import re
import zipfile

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest
from pypdf import PdfReader
from reportlab.pdfgen import canvas

from home.factories import DocumentFactory
from schools.factories import (
    CurriculumItemFactory,
    LessonPackFileFactory,
    LessonPackIndexPageFactory,
    LessonPackPageFactory,
    SchoolsLandingPageFactory,
    SchoolToolkitPageFactory,
)
from schools.models import (
    BundleVariant,
    DocumentDownloadDay,
    LessonPackPage,
    PackBundle,
    PackDownloadDay,
    ToolkitFile,
)
from schools.privacy import professionals_collection, professionals_group
from schools.services.downloads import document_download_count, pack_download_count
from schools.tasks import build_pack_bundles

pytestmark = pytest.mark.django_db

LESSON_PLAN = [
    (
        "starter",
        {"title": "What makes a good friend?", "minutes": 10, "text": "<p>Pairs list ideas.</p>"},
    ),
    (
        "activity",
        {
            "title": "Spot the warning signs",
            "minutes": 25,
            "text": "<p>Groups read <b>Sam's story</b> & sort the cards.</p>",
            "resources": "Worksheet 1, sticky notes",
        },
    ),
    (
        "plenary",
        {"title": "Who can help?", "minutes": 10, "text": "<p>Agree three trusted adults.</p>"},
    ),
    ("differentiation", "<p>Read the story aloud for pupils who need it.</p>"),
    (
        "assessment",
        {"baseline": "<p>Draw a safe adult.</p>", "end_point": "<p>Redraw it, adding help.</p>"},
    ),
]


def pdf_bytes(text):
    out = io.BytesIO()
    drawing = canvas.Canvas(out)
    drawing.drawString(72, 720, text)
    drawing.showPage()
    drawing.save()
    return out.getvalue()


def document(name, *, restricted=False, title=None):
    values = {"title": title or name, "file": ContentFile(pdf_bytes(name), name=name)}
    if restricted:
        values["collection"] = professionals_collection()
    return DocumentFactory(**values)


@pytest.fixture
def pack_index(home_page):
    landing = SchoolsLandingPageFactory(parent=home_page, slug="schools")
    return LessonPackIndexPageFactory(parent=landing, slug="lesson-packs")


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a page's current state as a new revision, running what waits for the commit
    (the bundle task) as a real commit would."""

    def publish(page, revision=None):
        page = type(page).objects.get(pk=page.pk)
        with django_capture_on_commit_callbacks(execute=True):
            (revision or page.save_revision()).publish()
        return type(page).objects.get(pk=page.pk)

    return publish


@pytest.fixture
def pack(pack_index, publish):
    page = LessonPackPageFactory(
        parent=pack_index,
        title="Healthy friendships",
        slug="healthy-friendships",
        version="2.1",
        lesson_plan=LESSON_PLAN,
    )
    for name, kind in (("slides.pdf", "slides"), ("worksheet.pdf", "worksheet")):
        LessonPackFileFactory(page=page, document=document(name), kind=kind)
    LessonPackFileFactory(
        page=page, document=document("case-study.pdf", restricted=True), kind="case-study"
    )
    return publish(page)


@pytest.fixture
def professional(django_user_model):
    user = django_user_model.objects.create_user("teacher", "teacher@school.sch.uk", "x")
    user.groups.add(professionals_group())
    return user


@pytest.fixture
def sign_in(sign_in_verified):
    """Sign a reader in as the site does today: private pages and documents
    count only a session that passed the second factor (home/accounts/middleware.py)."""
    return sign_in_verified


def zip_names(response):
    return sorted(zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist())


def zip_of(response):
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def download_url(page):
    return page.url + "download/"


# --- Counting a document's downloads ------------------------------------------------


def test_each_download_of_a_document_adds_one_to_the_days_count(client):
    doc = document("worksheet.pdf")
    for _ in range(3):
        response = client.get(doc.url)
        assert response.status_code == 200
        b"".join(response.streaming_content)
    row = DocumentDownloadDay.objects.get()
    assert (row.document, row.day, row.count) == (doc, timezone.localdate(), 3)


def test_counts_are_kept_per_day_and_per_document():
    first, second = document("a.pdf"), document("b.pdf")
    monday, tuesday = datetime.date(2026, 11, 23), datetime.date(2026, 11, 24)
    for day in (monday, monday, tuesday):
        document_download_count(document=first, day=day)
    document_download_count(document=second, day=monday)
    counts = {(row.document_id, row.day): row.count for row in DocumentDownloadDay.objects.all()}
    assert counts == {(first.pk, monday): 2, (first.pk, tuesday): 1, (second.pk, monday): 1}


def test_a_count_adds_in_the_database_so_a_stale_copy_loses_nothing():
    doc = document("a.pdf")
    document_download_count(document=doc)
    # Another process counted 40 more since: the next download adds to that, not to 1.
    DocumentDownloadDay.objects.update(count=41)
    with CaptureQueriesContext(connection) as queries:
        document_download_count(document=doc)
    assert DocumentDownloadDay.objects.get().count == 42
    assert len(queries) == 1
    assert "UPDATE" in queries[0]["sql"] and '"count" + 1' in queries[0]["sql"].replace("`", '"')


def test_a_row_another_download_inserted_first_is_added_to_not_lost():
    """Two first downloads of the day at once: both find no row to update and
    both insert. Here the other one's row lands in the database just after
    this one's UPDATE found nothing (Django's execute_wrapper runs it there)."""
    doc = document("a.pdf")
    day = timezone.localdate()
    interleaved = []

    def the_other_download_inserts_first(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not interleaved and sql.startswith("UPDATE") and "documentdownloadday" in sql:
            interleaved.append(sql)
            DocumentDownloadDay.objects.bulk_create(
                [DocumentDownloadDay(document=doc, day=day, count=1)]
            )
        return result

    with transaction.atomic():  # the caller's transaction survives the refused insert
        with connection.execute_wrapper(the_other_download_inserts_first):
            document_download_count(document=doc)
        assert DocumentDownloadDay.objects.get().count == 2
    assert interleaved
    assert DocumentDownloadDay.objects.get().count == 2


def test_head_a_wrong_name_a_missing_document_and_not_modified_are_not_downloads(client):
    doc = document("worksheet.pdf")
    assert client.head(doc.url).status_code == 200
    assert client.get(f"/documents/{doc.pk}/other-name.pdf").status_code == 404
    assert client.get(f"/documents/{doc.pk + 100}/worksheet.pdf").status_code == 404
    not_modified = client.get(doc.url, HTTP_IF_NONE_MATCH=f'"{doc.file_hash}"')
    assert not_modified.status_code == 304
    stamp = "Tue, 01 Jan 2030 00:00:00 GMT"
    assert client.get(doc.url, HTTP_IF_MODIFIED_SINCE=stamp).status_code == 304
    assert not DocumentDownloadDay.objects.exists()
    # The same address, plainly asked for, is a download.
    assert client.get(doc.url).status_code == 200
    assert DocumentDownloadDay.objects.get().count == 1


def test_a_restricted_document_refused_to_a_visitor_is_not_counted(client, professional, sign_in):
    doc = document("case-study.pdf", restricted=True)
    response = client.get(doc.url)
    assert response.status_code == 302
    assert response["Location"].startswith(settings.WAGTAIL_FRONTEND_LOGIN_URL)
    assert not DocumentDownloadDay.objects.exists()
    sign_in(client, professional)
    assert client.get(doc.url).status_code == 200
    assert DocumentDownloadDay.objects.get().count == 1


def test_the_counts_hold_nothing_about_who_downloaded():
    for model, key in ((DocumentDownloadDay, "document"), (PackDownloadDay, "page")):
        fields = {field.name for field in model._meta.get_fields()}
        assert fields == {"id", "day", key, "count"}


def test_nothing_about_the_reader_is_logged_when_they_download(client, caplog, pack):
    doc = pack.pack_files.first().document
    secrets = ("203.0.113.77", "SecretBrowser/9.9", "https://referrer.example/")
    with caplog.at_level(logging.DEBUG):
        for url in (doc.url, download_url(pack)):
            response = client.get(
                url,
                REMOTE_ADDR=secrets[0],
                HTTP_USER_AGENT=secrets[1],
                HTTP_REFERER=secrets[2],
            )
            assert response.status_code == 200
            b"".join(response.streaming_content)
    assert DocumentDownloadDay.objects.get().count == 1
    assert PackDownloadDay.objects.get().count == 1
    for secret in secrets:
        assert secret not in caplog.text
        for row in [*DocumentDownloadDay.objects.values(), *PackDownloadDay.objects.values()]:
            assert secret not in str(row)


# --- The whole pack ----------------------------------------------------------------


def test_publishing_builds_both_variants_in_the_background_task(pack):
    bundles = PackBundle.objects.filter(page=pack)
    assert {bundle.variant for bundle in bundles} == {"public", "professional"}
    assert {bundle.revision_id for bundle in bundles} == {pack.live_revision_id}
    for bundle in bundles:
        assert bundle.file.storage.exists(bundle.file.name)
        assert bundle.size == bundle.file.size


def test_the_zip_holds_every_public_file_and_the_lesson_plan(client, pack):
    response = client.get(download_url(pack))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="healthy-friendships-v2.1.zip"'
    assert response["Cache-Control"] == "private"
    body = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(body)
    archive = zipfile.ZipFile(io.BytesIO(body))
    # The case study is in the Professionals only collection: not for the public.
    assert sorted(archive.namelist()) == ["lesson-plan.pdf", "slides.pdf", "worksheet.pdf"]
    slides = pack.pack_files.get(kind="slides").document
    with slides.file.open("rb") as handle:
        assert archive.read("slides.pdf") == handle.read()


def test_a_professional_gets_every_file_and_no_cache_keeps_it(client, pack, professional, sign_in):
    sign_in(client, professional)
    response = client.get(download_url(pack))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert zip_names(response) == [
        "case-study.pdf",
        "lesson-plan.pdf",
        "slides.pdf",
        "worksheet.pdf",
    ]


def test_the_lesson_plan_pdf_puts_before_you_teach_first_then_the_lessons(client, pack):
    CurriculumItemFactory(heading="Online safety checked", code="R1", verified=True)
    archive = zip_of(client.get(download_url(pack)))
    reader = PdfReader(io.BytesIO(archive.read("lesson-plan.pdf")))
    assert reader.metadata.title == "Healthy friendships"
    assert reader.root_object["/Lang"] == "en-GB"
    # Headings are in the PDF's outline, so a reader can jump to each part.
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[:2] == ["Who it is for", "Before you teach"]
    assert "The lesson plan" in outline
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    order = [
        "Healthy friendships",
        "Who it is for",
        "Key stage 3",
        "Before you teach",
        "Ground rules",
        "Agree ground rules: no personal stories",
        "Distancing techniques",
        "If a pupil tells you something",
        "Tell your designated safeguarding lead",
        "Signposting for pupils",
        "Childline: 0800 1111",
        "Learning objectives",
        "What a healthy relationship looks like",
        "Learning outcomes",
        "Starter: What makes a good friend? (10 minutes)",
        "Activity: Spot the warning signs (25 minutes)",
        "Groups read Sam's story & sort the cards.",
        "What you need: Worksheet 1, sticky notes",
        "Plenary: Who can help? (10 minutes)",
        "Differentiation and SEND",
        "Baseline activity",
        "Files in this pack",
        "Version 2.1.",
    ]
    positions = [text.find(part) for part in order]
    assert -1 not in positions, [part for part in order if part not in text]
    assert positions == sorted(positions)
    # The public ZIP's plan lists only the files in that ZIP.
    assert "case-study.pdf" not in text and "worksheet.pdf" in text
    assert "page 1" in text  # numbered pages


def test_the_lesson_plan_shows_only_checked_curriculum_codes(pack_index, publish):
    checked = CurriculumItemFactory(code="KS3 R26", heading="Healthy friendships", verified=True)
    unchecked = CurriculumItemFactory(code="KS3 R99", heading="Not yet checked", verified=False)
    page = LessonPackPageFactory(parent=pack_index, slug="codes")
    page.curriculum_links.set([checked, unchecked])
    page.save()
    page = publish(page)
    bundle = PackBundle.objects.get(page=page, variant="public")
    with bundle.file.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(archive.read("lesson-plan.pdf"))).pages
    )
    assert "KS3 R26 Healthy friendships" in " ".join(text.split())
    assert "R99" not in text and "Not yet checked" not in text


def test_editors_markup_is_printed_as_text_never_run(pack_index, publish):
    page = LessonPackPageFactory(
        parent=pack_index,
        slug="markup",
        title="Fish & <chips>",
        lesson_plan=[
            (
                "differentiation",
                '<p>Use <a href="https://example.org/x">the cards</a> '
                "&lt;font size=80&gt; and <b>bold</b>.</p>",
            )
        ],
    )
    page = publish(page)
    bundle = PackBundle.objects.get(page=page, variant="public")
    with bundle.file.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    reader = PdfReader(io.BytesIO(archive.read("lesson-plan.pdf")))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Fish & <chips>" in text
    assert "<font size=80>" in text
    assert "the cards (https://example.org/x)" in text


def test_the_zip_is_built_once_and_a_download_never_rebuilds_it(client, pack):
    bundles = {bundle.variant: bundle for bundle in PackBundle.objects.filter(page=pack)}
    public = bundles["public"]
    stamp = os.stat(public.file.path).st_mtime_ns
    for _ in range(3):
        response = client.get(download_url(pack))
        assert response.status_code == 200
        b"".join(response.streaming_content)
    assert PackBundle.objects.filter(page=pack).count() == 2
    assert PackBundle.objects.get(variant="public").pk == public.pk
    assert os.stat(public.file.path).st_mtime_ns == stamp
    assert sorted(os.listdir(os.path.dirname(public.file.path))) == sorted(
        os.path.basename(bundle.file.name) for bundle in bundles.values()
    )


def test_a_download_is_one_query_for_the_bundle(client, pack):
    client.get(download_url(pack))  # warm Wagtail's site lookup
    with CaptureQueriesContext(connection) as queries:
        response = client.get(download_url(pack))
        b"".join(response.streaming_content)
    bundle_queries = [q for q in queries if "schools_packbundle" in q["sql"]]
    assert len(bundle_queries) == 1
    assert not any(q["sql"].startswith("INSERT") for q in queries if "packbundle" in q["sql"])


def test_republishing_builds_new_zips_and_deletes_the_old_ones(pack, publish, client):
    old = list(PackBundle.objects.filter(page=pack))
    old_paths = [bundle.file.path for bundle in old]
    # An edit saved as a draft changes nothing in the ZIP.
    draft = LessonPackPage.objects.get(pk=pack.pk)
    draft.pack_files.add(LessonPackFileFactory.build(document=document("draft-only.pdf")))
    revision = draft.save_revision()
    assert list(PackBundle.objects.filter(page=pack)) == old
    assert "draft-only.pdf" not in zip_names(client.get(download_url(pack)))

    # Publishing it builds the new version's ZIPs and deletes the old rows and files.
    published = publish(draft, revision)
    new = list(PackBundle.objects.filter(page=pack))
    assert len(new) == 2
    assert {bundle.revision_id for bundle in new} == {published.live_revision_id}
    assert not {bundle.pk for bundle in new} & {bundle.pk for bundle in old}
    assert not any(os.path.exists(path) for path in old_paths)
    assert "draft-only.pdf" in zip_names(client.get(download_url(published)))


def test_a_zip_built_late_still_holds_the_published_version_not_a_later_draft(client, pack):
    draft = LessonPackPage.objects.get(pk=pack.pk)
    draft.title = "A draft title"
    draft.pack_files.add(LessonPackFileFactory.build(document=document("draft-only.pdf")))
    draft.save_revision()
    PackBundle.objects.all().delete()  # the worker had not got to it before the draft
    result = build_pack_bundles.enqueue(pack.pk)
    assert result.status == "SUCCESSFUL", result.errors
    archive = zip_of(client.get(download_url(pack)))
    assert "draft-only.pdf" not in archive.namelist()
    plan = PdfReader(io.BytesIO(archive.read("lesson-plan.pdf")))
    assert plan.metadata.title == "Healthy friendships"


def test_unpublishing_deletes_the_zips_rows_and_files(pack, django_capture_on_commit_callbacks):
    paths = [bundle.file.path for bundle in PackBundle.objects.filter(page=pack)]
    assert len(paths) == 2 and all(os.path.exists(path) for path in paths)
    with django_capture_on_commit_callbacks(execute=True):
        LessonPackPage.objects.get(pk=pack.pk).unpublish()
    assert not PackBundle.objects.exists()
    assert not any(os.path.exists(path) for path in paths)


def test_where_a_zip_is_stored_cannot_be_guessed(pack, pack_index, publish):
    other = publish(LessonPackPageFactory(parent=pack_index, slug="other"))
    names = [
        os.path.basename(bundle.file.name)
        for bundle in PackBundle.objects.filter(page__in=[pack, other])
    ]
    pattern = (
        r"(healthy-friendships-v2\.1|other-v1\.0)-r\d+-(public|professional)-([0-9a-f]{16})\.zip"
    )
    matches = [re.fullmatch(pattern, name) for name in names]
    assert len(names) == 4 and all(matches), names
    # After the readable part, a random one.
    assert len({match.group(3) for match in matches}) == 4


def test_a_missing_zip_is_built_in_the_request_only_once(client, pack):
    PackBundle.objects.all().delete()  # as if the worker had not got to it yet
    for _ in range(2):
        response = client.get(download_url(pack))
        assert response.status_code == 200
    assert list(PackBundle.objects.values_list("variant", "revision_id")) == [
        ("public", pack.live_revision_id)
    ]


def test_whole_pack_downloads_are_counted_per_day_but_not_head(client, pack):
    for _ in range(2):
        b"".join(client.get(download_url(pack)).streaming_content)
    assert client.head(download_url(pack)).status_code == 200
    row = PackDownloadDay.objects.get()
    assert (row.page_id, row.day, row.count) == (pack.pk, timezone.localdate(), 2)
    pack_download_count(page=pack, day=datetime.date(2026, 1, 5))
    assert PackDownloadDay.objects.count() == 2


def test_a_post_to_the_download_route_is_refused(client, pack):
    assert client.post(download_url(pack)).status_code == 405
    assert not PackDownloadDay.objects.exists()


# --- A restricted pack -------------------------------------------------------------


@pytest.fixture
def restricted_pack(pack_index, publish):
    page = LessonPackPageFactory(parent=pack_index, slug="staff-training", version="1.0")
    LessonPackFileFactory(page=page, document=document("staff.pdf", restricted=True))
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(professionals_group())
    return publish(page)


def test_a_restricted_pack_needs_only_the_professional_zip(restricted_pack):
    assert list(PackBundle.objects.values_list("variant", flat=True)) == ["professional"]


def test_an_anonymous_reader_is_sent_to_sign_in_from_a_restricted_packs_download(
    client, restricted_pack
):
    response = client.get(download_url(restricted_pack))
    assert response.status_code == 302
    assert "next=" in response["Location"]
    assert not PackDownloadDay.objects.exists()


def test_a_signed_in_reader_who_is_not_a_professional_is_refused_too(
    client, restricted_pack, django_user_model, sign_in
):
    sign_in(client, django_user_model.objects.create_user("parent", "p@example.com", "x"))
    response = client.get(download_url(restricted_pack))
    assert response.status_code in (302, 403)
    assert not PackDownloadDay.objects.exists()


def test_a_professional_downloads_a_restricted_pack(client, restricted_pack, professional, sign_in):
    sign_in(client, professional)
    response = client.get(download_url(restricted_pack))
    assert response.status_code == 200
    assert zip_names(response) == ["lesson-plan.pdf", "staff.pdf"]
    assert PackDownloadDay.objects.get().count == 1


# --- A school toolkit --------------------------------------------------------------


def test_a_toolkits_zip_holds_its_files_and_no_lesson_plan(home_page, publish, client):
    landing = SchoolsLandingPageFactory(parent=home_page, slug="schools")
    toolkit = SchoolToolkitPageFactory(parent=landing, slug="toolkit")
    for name in ("policy.pdf", "letter.pdf"):
        ToolkitFile.objects.create(page=toolkit, document=document(name), kind="policy")
    toolkit = publish(toolkit)
    response = client.get(download_url(toolkit))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="toolkit-v1.zip"'
    assert zip_names(response) == ["letter.pdf", "policy.pdf"]
    assert set(PackBundle.objects.values_list("variant", flat=True)) == set(BundleVariant)


# --- Editors see the counts ----------------------------------------------------------

REPORT_URL = "/admin/reports/lesson-pack-downloads/"


def make_pack_with_files(pack_index, number, files=2):
    page = LessonPackPageFactory(parent=pack_index, title=f"Pack {number}", slug=f"pack-{number}")
    documents = []
    for index in range(files):
        doc = document(f"file-{number}-{index}.pdf", title=f"File {number}.{index}")
        LessonPackFileFactory(page=page, document=doc)
        documents.append(doc)
    return page, documents


def test_the_report_shows_zip_and_file_downloads_recent_and_all_time(admin_client, pack_index):
    page, (slides, worksheet) = make_pack_with_files(pack_index, 1)
    today = timezone.localdate()
    long_ago = today - datetime.timedelta(days=45)
    for day in (today, today, long_ago):
        pack_download_count(page=page, day=day)
    for day in (today, long_ago, long_ago, long_ago):
        document_download_count(document=slides, day=day)
    response = admin_client.get(REPORT_URL)
    assert response.status_code == 200
    [row] = response.context["object_list"]
    assert (row.title, row.zip_recent, row.zip_total) == ("Pack 1", 2, 3)
    assert [(f.display_title, f.downloads_recent, f.downloads_total) for f in row.files] == [
        ("File 1.0", 1, 4),
        ("File 1.1", 0, 0),
    ]
    text = " ".join(response.text.split())
    assert "Lesson pack downloads" in text
    assert "File 1.0</a>: 1 download in the last 30 days, 4 in all" in text
    assert "File 1.1</a>: 0 downloads in the last 30 days, 0 in all" in text


def test_the_report_takes_the_same_queries_for_many_packs(admin_client, pack_index):
    make_pack_with_files(pack_index, 1, files=1)
    admin_client.get(REPORT_URL)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(REPORT_URL)
    for number in range(2, 8):
        page, documents = make_pack_with_files(pack_index, number, files=3)
        pack_download_count(page=page)
        for doc in documents:
            document_download_count(document=doc)
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(REPORT_URL)
    assert len(response.context["object_list"]) == 7
    assert len(many) == len(few)


def test_the_report_is_for_people_who_can_edit_pages(
    client, django_user_model, sign_in, pack_index
):
    make_pack_with_files(pack_index, 1, files=1)
    # Into the admin, but with no permission on pages (a documents-only user, say).
    reader = django_user_model.objects.create_user("reader", "r@example.com", "x")
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    sign_in(client, reader)
    response = client.get(REPORT_URL)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"

    # A schools editor: page permissions on the schools section (given by the
    # set-up to each schools landing page, home/governance/roles.py).
    from home.governance.roles import set_up_roles

    set_up_roles()
    editor = django_user_model.objects.create_user("editor", "e@example.com", "x")
    editor.groups.add(Group.objects.get(name="Schools editors"))
    sign_in(client, editor)
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    assert [row.title for row in response.context["object_list"]] == ["Pack 1"]
    menu = client.get("/admin/")
    assert REPORT_URL in menu.text


def test_the_report_downloads_as_csv_with_each_files_counts(admin_client, pack_index):
    import csv
    import io

    page, (slides, worksheet) = make_pack_with_files(pack_index, 1)
    today = timezone.localdate()
    long_ago = today - datetime.timedelta(days=45)
    for day in (today, today, long_ago):
        pack_download_count(page=page, day=day)
    for day in (today, long_ago, long_ago, long_ago):
        document_download_count(document=slides, day=day)
    response = admin_client.get(REPORT_URL, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "lesson-pack-downloads-" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode()
    assert list(csv.reader(io.StringIO(body))) == [
        [
            "Pack",
            "Whole pack, last 30 days",
            "Whole pack, all time",
            "Files (last 30 days / all time)",
        ],
        ["Pack 1", "2", "3", "File 1.0: 1 / 4; File 1.1: 0 / 0"],
    ]


def test_a_reader_who_has_the_zip_gets_a_304_which_is_not_a_download(client, pack):
    first = client.get(download_url(pack))
    b"".join(first.streaming_content)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and first["Cache-Control"] == "private"
    # Where the ZIP is stored is not given away by its validator.
    assert PackBundle.objects.get(variant="public").file.name not in etag
    for headers in ({"HTTP_IF_NONE_MATCH": etag}, {"HTTP_IF_MODIFIED_SINCE": modified}):
        again = client.get(download_url(pack), **headers)
        assert again.status_code == 304
        assert (again["ETag"], again["Cache-Control"]) == (etag, "private")
    assert PackDownloadDay.objects.get().count == 1
    assert client.get(download_url(pack), HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_new_version_of_the_pack_is_sent_whole_to_a_reader_with_the_old_zip(
    client, pack, publish
):
    old = client.get(download_url(pack))["ETag"]
    draft = LessonPackPage.objects.get(pk=pack.pk)
    draft.pack_files.add(LessonPackFileFactory.build(document=document("new-sheet.pdf")))
    published = publish(draft, draft.save_revision())
    response = client.get(download_url(published), HTTP_IF_NONE_MATCH=old)
    assert response.status_code == 200
    assert response["ETag"] != old
    assert "new-sheet.pdf" in zip_names(response)


def test_a_professionals_304_keeps_no_store(client, pack, professional, sign_in):
    sign_in(client, professional)
    etag = client.get(download_url(pack))["ETag"]
    response = client.get(download_url(pack), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["Cache-Control"] == "private, no-store"
