"""Teachers' "How did this lesson go?": the form, the thanks, retention and the admin."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from home.schedule import schedule
from schools import feedback_form as messages
from schools.factories import LessonPackIndexPageFactory, LessonPackPageFactory
from schools.models import LessonFeedback
from schools.services.feedback import feedback_emails_purge
from schools.tasks import purge_feedback_emails

pytestmark = pytest.mark.django_db

ADMIN_LIST = "/admin/lesson_feedback/"
SUMMARY = "/admin/schools/feedback/summary/"
_numbers = itertools.count(1)


@pytest.fixture
def index(home_page):
    return LessonPackIndexPageFactory(parent=home_page, slug="lesson-packs")


@pytest.fixture
def pack(index):
    return LessonPackPageFactory(parent=index, title="Healthy relationships", version="2.1")


def feedback_url(page):
    return page.url + "feedback/"


def answers(**changes):
    data = {
        "rating": "4",
        "what_worked": "The card sort got everyone talking.",
        "what_to_change": "The video was too long for a 50-minute lesson.",
        "reply_email": "",
    }
    data.update(changes)
    return data


def feedback(page, **kwargs):
    values = {"page": page, "version": page.version, "rating": 3}
    values.update(kwargs)
    return LessonFeedback.objects.create(**values)


# --- The form --------------------------------------------------------------------


def test_the_form_is_a_full_site_page_never_cached(client, pack):
    response = client.get(feedback_url(pack))
    assert response.status_code == 200
    html = response.content.decode()
    assert "exit-this-page__button" in html  # quick exit, from base.html
    assert "How did this lesson go?" in html
    assert "Healthy relationships" in html
    for words in ("Very well", "Well", "All right", "Not very well", "Badly"):
        assert f">{words}</label>" in html
    assert 'type="radio" name="rating"' in html
    assert "delete it after 180 days" in html
    assert "no-store" in response["Cache-Control"]
    assert 'name="csrfmiddlewaretoken"' in html


def test_the_pack_page_itself_only_links_to_the_form(client, pack):
    # The form is a separate route; the pack page sets no cookie.
    response = client.get(pack.url)
    assert response.status_code == 200
    assert not response.cookies


def test_sending_saves_the_answers_against_the_packs_version_then_thanks(client, pack):
    response = client.post(feedback_url(pack), answers(reply_email="teacher@school.sch.uk"))
    assert response.status_code == 302
    assert response["Location"] == feedback_url(pack) + "?sent=1"
    saved = LessonFeedback.objects.get()
    assert (saved.page_id, saved.version, saved.rating) == (pack.pk, "2.1", 4)
    assert saved.what_worked == "The card sort got everyone talking."
    assert saved.reply_email == "teacher@school.sch.uk"
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Thank you for your answers" in thanks.content.decode()
    assert "no-store" in thanks["Cache-Control"]
    # A later version's answers are kept apart.
    pack.version = "3.0"
    pack.save_revision().publish()
    client.post(feedback_url(pack), answers(rating="5"))
    assert sorted(LessonFeedback.objects.values_list("version", flat=True)) == ["2.1", "3.0"]


def test_a_rating_alone_is_enough(client, pack):
    response = client.post(feedback_url(pack), {"rating": "2"})
    assert response.status_code == 302
    assert LessonFeedback.objects.get().rating == 2


def test_mistakes_are_explained_and_nothing_typed_is_lost(client, pack):
    typed = answers(rating="", reply_email="not an address", what_worked="Role play <b>worked</b>")
    response = client.post(feedback_url(pack), typed)
    assert response.status_code == 400
    html = response.content.decode()
    assert str(messages.RATING_MISSING) in html
    assert str(messages.EMAIL_INVALID) in html
    assert "Please fix these things" in html
    assert 'href="#id_rating_0"' in html and 'href="#id_reply_email"' in html
    assert "Role play &lt;b&gt;worked&lt;/b&gt;" in html
    assert "The video was too long for a 50-minute lesson." in html
    assert 'value="not an address"' in html
    assert not LessonFeedback.objects.exists()


def test_a_rating_outside_the_list_is_refused(client, pack):
    response = client.post(feedback_url(pack), answers(rating="9"))
    assert response.status_code == 400
    assert str(messages.RATING_NOT_IN_LIST) in response.content.decode()


def test_too_long_answers_are_refused_with_the_limit(client, pack):
    response = client.post(feedback_url(pack), answers(what_to_change="x" * 2001))
    assert response.status_code == 400
    assert "It can be up to 2000 characters, and you have written 2001." in (
        response.content.decode()
    )


def test_sending_too_often_gets_the_sites_429_page(client, pack, settings):
    settings.LESSON_FEEDBACK_RATE_LIMIT = "2/h"
    assert client.post(feedback_url(pack), answers()).status_code == 302
    assert client.post(feedback_url(pack), answers(rating="")).status_code == 400
    response = client.post(feedback_url(pack), answers())
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "exit-this-page__button" in response.content.decode()
    assert LessonFeedback.objects.count() == 1
    # Reading the form is never limited.
    assert client.get(feedback_url(pack)).status_code == 200


# --- Retention -------------------------------------------------------------------


def test_reply_addresses_are_blanked_after_the_retention_period(pack, settings):
    settings.LESSON_FEEDBACK_EMAIL_DAYS = 30
    old = feedback(pack, reply_email="old@school.sch.uk", what_worked="Kept")
    recent = feedback(pack, reply_email="new@school.sch.uk")
    LessonFeedback.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    assert feedback_emails_purge() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.reply_email == "" and old.what_worked == "Kept"
    assert recent.reply_email == "new@school.sch.uk"


def test_free_text_is_blanked_after_a_year_and_the_rating_stays(pack, settings):
    assert settings.LESSON_FEEDBACK_TEXT_DAYS == 365
    old = feedback(pack, what_worked="Pupil A said", what_to_change="More time", rating=4)
    just_in_time = feedback(pack, what_worked="Kept", what_to_change="Kept too")
    now = timezone.now()
    LessonFeedback.objects.filter(pk=old.pk).update(
        created_at=now - datetime.timedelta(days=365, seconds=1)
    )
    LessonFeedback.objects.filter(pk=just_in_time.pk).update(
        created_at=now - datetime.timedelta(days=365) + datetime.timedelta(minutes=1)
    )
    result = purge_feedback_emails.enqueue()
    assert result.return_value == {"reply_emails": 0, "texts": 1}
    old.refresh_from_db()
    just_in_time.refresh_from_db()
    assert (old.what_worked, old.what_to_change, old.rating) == ("", "", 4)
    assert old.page_id == pack.pk and old.version
    assert (just_in_time.what_worked, just_in_time.what_to_change) == ("Kept", "Kept too")
    assert LessonFeedback.objects.count() == 2  # the responses (and so the counts) stay


def test_the_purge_is_a_daily_scheduled_task(pack):
    job = {job.name: job for job in schedule.jobs()}["purge_feedback_emails"]
    assert job.task is purge_feedback_emails and job.daily_at is not None
    old = feedback(pack, reply_email="old@school.sch.uk")
    LessonFeedback.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=181)
    )
    result = purge_feedback_emails.enqueue()
    assert result.return_value == {"reply_emails": 1, "texts": 0}
    old.refresh_from_db()
    assert old.reply_email == ""


# --- The admin -------------------------------------------------------------------


def editor():
    user = get_user_model().objects.create_user(
        username=f"editor{next(_numbers)}", email="e@example.org", password="a long password 1"
    )
    user.groups.add(Group.objects.get(name="Schools editors"))
    return user


def test_schools_editors_read_feedback_per_pack_and_version(client, sign_in_verified, pack, index):
    other = LessonPackPageFactory(parent=index, title="Online friends")
    feedback(pack, version="2.0", rating=2, what_worked="Old version answer")
    feedback(pack, version="2.1", rating=5)
    feedback(pack, version="2.1", rating=4)
    feedback(other, rating=1)
    sign_in_verified(client, editor())

    listing = client.get(ADMIN_LIST, {"page": pack.pk, "version": "2.1"})
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "5/5 (Very well)" in html and "4/5 (Well)" in html
    assert "2/5" not in html and "1/5" not in html

    summary = client.get(SUMMARY).content.decode()
    assert "Healthy relationships" in summary and "Online friends" in summary
    assert "4.5" in summary and "2.0" in summary

    one = LessonFeedback.objects.get(what_worked="Old version answer")
    assert client.get(f"{ADMIN_LIST}inspect/{one.pk}/").status_code == 200


def test_the_feedback_admin_is_read_only(admin_client, pack):
    answer = feedback(pack)
    html = admin_client.get(ADMIN_LIST).content.decode()
    assert f"{ADMIN_LIST}new/" not in html
    assert admin_client.get(f"{ADMIN_LIST}new/").status_code == 404
    assert admin_client.get(f"{ADMIN_LIST}edit/{answer.pk}/").status_code == 404
    assert admin_client.post(f"{ADMIN_LIST}delete/{answer.pk}/").status_code == 404
    assert LessonFeedback.objects.filter(pk=answer.pk).exists()


def test_the_listing_runs_a_constant_number_of_queries(admin_client, pack, index):
    feedback(pack)
    admin_client.get(ADMIN_LIST)
    with CaptureQueriesContext(connection) as one:
        admin_client.get(ADMIN_LIST)
    for n in range(8):
        feedback(LessonPackPageFactory(parent=index, title=f"Pack {n}"))
    with CaptureQueriesContext(connection) as many:
        admin_client.get(ADMIN_LIST)
    # The pack filter lists every pack in one query; rows add none.
    assert len(many) == len(one)


def test_anonymous_visitors_and_staff_without_the_permission_cannot_read_it(
    client, sign_in_verified, pack
):
    feedback(pack)
    response = client.get(ADMIN_LIST)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get(SUMMARY).status_code == 302
    user = get_user_model().objects.create_user(
        username="someone", email="s@example.org", password="a long password 1"
    )
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    sign_in_verified(client, user)
    assert client.get(ADMIN_LIST).status_code in (302, 403)
    assert client.get(SUMMARY).status_code == 403


def test_schools_editors_hold_the_schools_permissions_from_migrate():
    from home.governance.roles import set_up_roles
    from schools.roles import EDITOR_PERMISSIONS, SCHOOLS_EDITOR_PERMISSIONS

    def held(name):
        group = Group.objects.get(name=name)
        return set(
            group.permissions.filter(content_type__app_label="schools").values_list(
                "codename", flat=True
            )
        )

    assert set(SCHOOLS_EDITOR_PERMISSIONS) <= held("Schools editors")
    assert "view_lessonfeedback" in held("Schools editors")
    assert "delete_lessonfeedback" not in held("Schools editors")
    # Editors may read the curriculum, no longer change it or read feedback.
    assert set(EDITOR_PERMISSIONS) <= held("Editors")
    assert "view_curriculumitem" in held("Editors")
    assert not {"change_curriculumitem", "view_lessonfeedback"} & held("Editors")
    assert set_up_roles() == 0  # idempotent
