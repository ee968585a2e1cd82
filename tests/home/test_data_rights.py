"""Data rights (issue 10): an administrator finds every record that holds an
email address or a certificate code, downloads it, and erases it with its
files, and each step is in Wagtail's log without the address or code.

One address is seeded across several kinds (a contribution with two pictures
in storage, a group code, a professional account, lesson feedback, a sign-in
record), next to someone else's records that must be left alone.
"""

import io
import itertools
import json
import zipfile

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.images import get_image_model
from wagtail.models import ModelLogEntry

import pytest
from axes.models import AccessLog
from PIL import Image

from cocreation.factories import GroupCodeFactory, SubmissionFactory
from cocreation.models import (
    GroupCode,
    SafeguardingRecord,
    Submission,
    SubmissionDetails,
    SubmissionImage,
    SubmissionStatus,
)
from community.models import Certificate
from home.factories import ImageFactory
from home.governance.data_rights import registry
from home.governance.data_rights.admin import ERASE, EXPORT, SEARCH
from schools.factories import (
    LessonPackIndexPageFactory,
    LessonPackPageFactory,
    SchoolsLandingPageFactory,
)
from schools.models import LessonFeedback, ProfessionalProfile, ProfessionalStatus
from tests.community.certificate_fixtures import *  # noqa: F403  (fixtures)

pytestmark = pytest.mark.django_db

URL = "/admin/data-rights/"
EMAIL = "Sam.Parent@Example.org"  # typed in another case below
OTHER = "someone.else@example.org"
_numbers = itertools.count()


def jpeg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def contribution(email, *, pictures=1, call=None):
    submission = SubmissionFactory(details=None, **({"call": call} if call else {}))
    SubmissionDetails.objects.create(submission=submission, name="Sam", parent_email=email)
    images = [
        SubmissionImage.objects.create(
            submission=submission, file=ContentFile(jpeg_bytes(), name="picture.jpg")
        )
        for _ in range(pictures)
    ]
    return submission, images


def professional(email):
    user = get_user_model().objects.create_user(
        username=email, email=email, password="a long password 1", first_name="Alex"
    )
    return ProfessionalProfile.objects.create(
        user=user, organisation="Example School", role="Teacher", status=ProfessionalStatus.APPROVED
    )


def make_user(*, group=None, perm=False, admin=True):
    user = get_user_model().objects.create_user(
        username=f"staff{next(_numbers)}", email=f"staff{next(_numbers)}@example.org",
        password="a long password 1",
    )  # fmt: skip
    if group:
        user.groups.add(Group.objects.get(name=group))
    if admin:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
    if perm:  # as an administrator
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="home", codename="manage_data_rights")
        )
    return user


@pytest.fixture
def seeded(home_page, issue):
    submission, images = contribution(EMAIL, pictures=2)
    other_submission, other_images = contribution(OTHER, call=submission.call)
    group_code = GroupCodeFactory(call=submission.call, leader_email=EMAIL.lower())
    other_code = GroupCodeFactory(call=submission.call, leader_email=OTHER)
    profile = professional(EMAIL.lower())
    other_profile = professional(OTHER)
    landing = SchoolsLandingPageFactory(parent=home_page, slug="schools")
    index = LessonPackIndexPageFactory(parent=landing, slug="lesson-packs")
    pack = LessonPackPageFactory(parent=index, slug="pack", title="Healthy relationships")
    feedback = LessonFeedback.objects.create(
        page=pack, version="1.0", rating=4, what_worked="The story", reply_email=EMAIL
    )
    other_feedback = LessonFeedback.objects.create(
        page=pack, version="1.0", rating=5, reply_email=OTHER
    )
    sign_in = AccessLog.objects.create(
        username=EMAIL.lower(), ip_address="192.0.2.1", user_agent="Test", path_info="/"
    )
    certificate = issue(name="Sam Driver")
    other_certificate = issue(name="Alex Rider")
    return {
        "submission": submission,
        "images": images,
        "other_submission": other_submission,
        "other_images": other_images,
        "group_code": group_code,
        "other_code": other_code,
        "profile": profile,
        "other_profile": other_profile,
        "feedback": feedback,
        "other_feedback": other_feedback,
        "sign_in": sign_in,
        "certificate": certificate,
        "other_certificate": other_certificate,
    }


@pytest.fixture
def administrator(client, sign_in_verified):
    user = make_user(perm=True)
    sign_in_verified(client, user)
    return user


def post(client, query, action="search", **extra):
    return client.post(URL, {"query": query, "action": action, **extra})


# --- Finding -------------------------------------------------------------------------


def test_find_lists_every_record_holding_the_email(seeded, client, administrator):
    response = post(client, "  sam.parent@EXAMPLE.org ")
    assert response.status_code == 200
    found = response.context["found"]
    keys = sorted(item.kind.key for item in found)
    assert keys == sorted(
        [
            "cocreation.submission",
            "cocreation.groupcode",
            "schools.professionalprofile",
            "schools.lessonfeedback",
            "axes.accesslog",
        ]
    )
    html = response.content.decode()
    reference = seeded["submission"].reference
    assert f"(reference {reference})" in html
    assert "Parent&#x27;s or carer&#x27;s email on a contribution sent on" in html
    assert seeded["group_code"].code in html
    assert "Healthy relationships" in html
    assert seeded["other_submission"].reference not in html
    assert seeded["other_code"].code not in html
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_find_by_certificate_code_typed_loosely(seeded, client, administrator):
    typed = seeded["certificate"].code.lower().replace("-", " ")
    found = post(client, typed).context["found"]
    assert [(item.kind.key, item.record.pk) for item in found] == [
        ("community.certificate", seeded["certificate"].pk)
    ]


def test_each_finder_is_one_query(seeded):
    email, code = EMAIL.lower(), seeded["certificate"].code
    for kind in registry.kinds():
        for query in (registry.Query(email=email), registry.Query(code=code)):
            with CaptureQueriesContext(connection) as queries:
                found = kind.find(email=query.email, code=query.code)
            # One query at most (none when the kind cannot hold what is searched).
            assert len(queries) == 1 if found else len(queries) <= 1, (kind.key, query)
            assert len(found) <= 1


def test_bad_input_is_refused_and_kept_in_the_field(client, administrator):
    response = post(client, "not an address or a code")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Type an email address" in html
    assert 'value="not an address or a code"' in html
    assert "found" not in response.context
    assert not ModelLogEntry.objects.filter(action__startswith="clearsight.data_rights").exists()


def test_an_editor_is_refused(seeded, client, sign_in_verified):
    sign_in_verified(client, make_user(group="Editors"))
    # Wagtail turns a refusal into a way back to the dashboard, with a message.
    for response in (
        client.get(URL),
        post(client, EMAIL),
        post(client, EMAIL, "export"),
        post(client, EMAIL, "erase", confirmed="yes"),
    ):
        assert response.status_code == 302 and response.url == "/admin/"
    assert not ModelLogEntry.objects.filter(action__startswith="clearsight.data_rights").exists()
    assert Submission.objects.filter(pk=seeded["submission"].pk).exists()


def test_the_menu_item_shows_only_to_those_who_may(client, administrator, sign_in_verified):
    assert URL in client.get("/admin/").content.decode()
    sign_in_verified(client, make_user(group="Editors"))
    assert URL not in client.get("/admin/").content.decode()


# --- Exporting ------------------------------------------------------------------------


def test_export_is_a_zip_of_each_record_and_the_pictures(seeded, client, administrator):
    response = post(client, EMAIL, "export")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="personal-data-')
    assert "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    document = json.loads(archive.read("records.json"))
    by_kind = {}
    for record in document["records"]:
        by_kind.setdefault(record["kind"], []).append(record)
    assert (
        by_kind["cocreation.submission"][0]["data"]["reference"] == seeded["submission"].reference
    )
    assert by_kind["cocreation.submission"][0]["data"]["parent_or_carer_email"] == EMAIL
    assert by_kind["cocreation.groupcode"][0]["data"]["code"] == seeded["group_code"].code
    assert by_kind["schools.professionalprofile"][0]["data"]["organisation"] == "Example School"
    assert by_kind["schools.lessonfeedback"][0]["data"]["what_worked"] == "The story"
    assert by_kind["axes.accesslog"][0]["data"]["ip_address"] == "192.0.2.1"
    picture_paths = by_kind["cocreation.submission"][0]["files"]
    assert len(picture_paths) == 2
    for path, image in zip(picture_paths, seeded["images"], strict=True):
        with default_storage.open(image.file.name, "rb") as stored:
            assert archive.read(path) == stored.read()
    entry = ModelLogEntry.objects.get(action=EXPORT)
    assert entry.data["kinds"]["cocreation.submission"] == 1


def test_export_without_files_is_json_alone(seeded, client, administrator):
    response = post(client, seeded["certificate"].code, "export")
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    document = json.loads(response.content)
    assert document["records"][0]["data"]["name_on_the_certificate"] == "Sam Driver"


# --- Erasing --------------------------------------------------------------------------


def test_confirm_step_changes_nothing(seeded, client, administrator):
    response = post(client, EMAIL, "confirm")
    assert "Yes, erase all of this" in response.content.decode()
    assert Submission.objects.filter(pk=seeded["submission"].pk).exists()
    # Erase without the confirmation's "yes" only searches.
    post(client, EMAIL, "erase")
    assert Submission.objects.filter(pk=seeded["submission"].pk).exists()


def test_erase_removes_rows_and_files_and_leaves_others_alone(
    seeded, client, administrator, django_capture_on_commit_callbacks
):
    names = [image.file.name for image in seeded["images"]]
    # The first picture was published: its copy in the image library goes too.
    library_copy = ImageFactory()
    SubmissionImage.objects.filter(pk=seeded["images"][0].pk).update(published_image=library_copy)
    names.append(library_copy.file.name)
    assert all(default_storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, EMAIL, "erase", confirmed="yes")
    assert response.status_code == 200
    report = response.context["report"]
    assert len(report.erased) == 5 and report.refused == []

    assert not Submission.objects.filter(pk=seeded["submission"].pk).exists()
    assert not SubmissionImage.objects.filter(submission_id=seeded["submission"].pk).exists()
    assert not any(default_storage.exists(name) for name in names)
    assert not get_image_model().objects.filter(pk=library_copy.pk).exists()
    code = GroupCode.objects.get(pk=seeded["group_code"].pk)
    assert code.leader_email == "" and not code.active
    assert not ProfessionalProfile.objects.filter(pk=seeded["profile"].pk).exists()
    assert not get_user_model().objects.filter(email__iexact=EMAIL).exists()
    assert not LessonFeedback.objects.filter(pk=seeded["feedback"].pk).exists()
    assert not AccessLog.objects.filter(pk=seeded["sign_in"].pk).exists()

    # Someone else's records are untouched.
    assert Submission.objects.filter(pk=seeded["other_submission"].pk).exists()
    assert default_storage.exists(seeded["other_images"][0].file.name)
    assert GroupCode.objects.get(pk=seeded["other_code"].pk).leader_email == OTHER
    assert ProfessionalProfile.objects.filter(pk=seeded["other_profile"].pk).exists()
    assert LessonFeedback.objects.filter(pk=seeded["other_feedback"].pk).exists()
    assert Certificate.objects.count() == 2

    # A second search finds nothing.
    assert post(client, EMAIL).context["found"] == []


def test_erase_deletes_the_pictures_a_withdrawal_kept(
    seeded, client, administrator, django_capture_on_commit_callbacks
):
    """Work withdrawn while a concern was open keeps its pictures; once the
    concern is closed, erasing deletes them from storage when it commits."""
    submission, images = seeded["submission"], seeded["images"]
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.WITHDRAWN)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post(client, EMAIL, "erase", confirmed="yes")
    assert not Submission.objects.filter(pk=submission.pk).exists()
    assert all(default_storage.exists(image.file.name) for image in images)  # until commit
    for callback in callbacks:
        callback()
    assert not any(default_storage.exists(image.file.name) for image in images)
    assert default_storage.exists(seeded["other_images"][0].file.name)


def test_erase_a_certificate_by_code(seeded, client, administrator):
    post(client, seeded["certificate"].code, "erase", confirmed="yes")
    assert list(Certificate.objects.all()) == [seeded["other_certificate"]]


def test_an_open_safeguarding_concern_is_refused(
    seeded, client, administrator, django_capture_on_commit_callbacks
):
    submission = seeded["submission"]
    record = SafeguardingRecord.objects.create(
        submission=submission, submission_reference=submission.reference, reason="A phrase."
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, EMAIL, "erase", confirmed="yes")
    refused = {item.kind.key: reason for item, reason in response.context["report"].refused}
    assert set(refused) == {"cocreation.submission", "cocreation.safeguardingrecord"}
    assert (
        "safeguarding concern about this contribution is still open"
        in refused["cocreation.submission"]
    )
    assert "never erased while open" in refused["cocreation.safeguardingrecord"]
    assert "What was not erased, and why" in response.content.decode()
    assert Submission.objects.filter(pk=submission.pk).exists()
    assert SafeguardingRecord.objects.filter(pk=record.pk).exists()
    assert all(default_storage.exists(image.file.name) for image in seeded["images"])
    # The rest was erased all the same.
    assert not LessonFeedback.objects.filter(pk=seeded["feedback"].pk).exists()


def test_an_admin_account_is_anonymised_not_deleted(client, administrator):
    staff = make_user(group="Editors")
    staff.email = EMAIL
    staff.save()
    post(client, EMAIL, "erase", confirmed="yes")
    staff.refresh_from_db()
    assert staff.email == "" and staff.username == f"removed-{staff.pk}"
    assert not staff.is_active and not staff.has_usable_password()
    assert not staff.groups.exists()
    # Your own account is refused.
    response = post(client, administrator.email, "erase", confirmed="yes")
    assert "You cannot erase your own account" in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.is_active


# --- The audit log -------------------------------------------------------------------


def test_each_step_is_logged_without_the_email_or_code(
    seeded, client, administrator, admin_user, sign_in_verified
):
    post(client, EMAIL)
    post(client, EMAIL, "export")
    post(client, seeded["certificate"].code, "erase", confirmed="yes")
    entries = {entry.action: entry for entry in ModelLogEntry.objects.filter(user=administrator)}
    assert set(entries) >= {SEARCH, EXPORT, ERASE}
    assert entries[SEARCH].data["kinds"]["cocreation.submission"] == 1
    assert entries[ERASE].data["erased"] == {"community.certificate": 1}
    email_hash = registry.value_hash(registry.Query(email=EMAIL.lower()))
    assert entries[SEARCH].data["searched_hash"] == email_hash
    everything = json.dumps(
        [[e.label, e.data] for e in ModelLogEntry.objects.all()], ensure_ascii=False
    ).lower()
    assert EMAIL.lower() not in everything
    assert seeded["certificate"].code.lower() not in everything
    assert seeded["certificate"].code.replace("-", "").lower() not in everything
    # Administrators read it in Reports → Site history.
    history = sign_in_verified(Client(), admin_user).get("/admin/reports/site-history/")
    history = history.content.decode()
    assert "Searched for personal data" in history
