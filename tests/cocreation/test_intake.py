"""The child's journey: the form, the thank-you page, a parent's consent."""

import datetime
import io
import re
import time
from types import SimpleNamespace

from django.core import mail, signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

import django_ratelimit.core
import pytest
from PIL import Image

from cocreation import forms as messages
from cocreation.factories import (
    CallForContributionsPageFactory,
    GetInvolvedPageFactory,
    GroupCodeFactory,
)
from cocreation.models import (
    PendingUpload,
    Submission,
    SubmissionImage,
    SubmissionStatus,
)
from cocreation.services.intake import (
    CONSENT_SALT,
    consent_token,
    submission_give_consent,
    submission_refuse_consent,
)
from cocreation.services.screening import submission_screen
from home.factories import AgeBandFactory
from home.models import Area

pytestmark = pytest.mark.django_db


# --- Fixtures and helpers ---------------------------------------------------


@pytest.fixture
def bands(db):
    return SimpleNamespace(
        young=AgeBandFactory(name="Ages 8 to 10", slug="8-10", min_age=8, max_age=10),
        older=AgeBandFactory(name="Ages 14 to 17", slug="14-17", min_age=14, max_age=17),
        other=AgeBandFactory(name="Ages 4 to 7", slug="4-7", min_age=4, max_age=7),
    )


@pytest.fixture
def call(home_page, bands):
    get_involved = GetInvolvedPageFactory(parent=home_page)
    page = CallForContributionsPageFactory(parent=get_involved, title="Tips for staying safe")
    page.age_bands.set([bands.young, bands.older])
    page.save()
    return page


@pytest.fixture
def area(db):
    return Area.objects.create(name="Leeds", slug="leeds")


def send_url(call):
    return call.url + "send/"


def jpeg_with_gps(name="drawing.jpg"):
    """A JPEG that carries a camera name and a GPS position in its EXIF."""
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Phone maker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif[0x8825] = {1: "N", 2: (53.0, 48.0, 0.0), 3: "W", 4: (1.0, 32.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90)
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the test file really has GPS
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def form_data(bands, **overrides):
    data = {
        "title": "Tell someone",
        "text": "If someone online asks you to keep a secret, tell an adult you trust.",
        "age_band": str(bands.older.pk),
        "consent_to_share": "on",
        "consent_to_byline": "on",
        "name": "Sam",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post(client, call, data, capture=None):
    if capture is None:
        return client.post(send_url(call), data)
    with capture(execute=True):
        return client.post(send_url(call), data)


def field_errors(html, field):
    return re.findall(
        rf'<p class="form-field__error" id="id_{field}_error_\d+">'
        r'<span class="visually-hidden">Error: </span>(.*?)</p>',
        html,
    )


# --- The form page ------------------------------------------------------------


def test_the_form_page_is_private_sets_the_csrf_cookie_and_sends_same_origin(client, call):
    response = client.get(send_url(call))
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert list(response.cookies) == ["csrftoken"]
    html = response.content.decode()
    assert '<meta name="referrer" content="same-origin">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "<script>" not in html and " style=" not in html


def test_the_call_page_links_to_the_form_and_sets_no_cookie(client, call):
    response = client.get(call.url)
    assert response.status_code == 200
    assert not response.cookies
    assert response["Referrer-Policy"] == "no-referrer"
    assert f'href="{send_url(call)}">Send your work</a>' in response.content.decode()


def test_a_closed_call_shows_no_form_and_stores_nothing(client, call, bands):
    call.closes_on = datetime.date.today() - datetime.timedelta(days=1)
    call.save()
    response = client.get(send_url(call))
    html = response.content.decode()
    assert "This call has closed" in html
    assert "<form" not in html.split('id="main-content"')[1]
    assert not response.cookies
    assert "Send your work</a>" not in client.get(call.url).content.decode()
    client.post(send_url(call), form_data(bands))
    assert not Submission.objects.exists()


def test_a_form_post_from_a_real_browser_passes_the_csrf_check(call, bands):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(send_url(call))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    response = browser.post(send_url(call), form_data(bands, csrfmiddlewaretoken=token))
    assert response.status_code == 302
    assert Submission.objects.count() == 1
    # Without the token, the post is refused.
    assert (
        Client(enforce_csrf_checks=True).post(send_url(call), form_data(bands)).status_code == 403
    )


# --- Every message, word for word ---------------------------------------------


def test_an_empty_form_explains_each_required_field(client, call):
    response = client.post(send_url(call), {})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: " in html
    assert field_errors(html, "title") == ["Please give your work a title."]
    assert field_errors(html, "age_band") == ["Please choose how old you are."]
    assert field_errors(html, "text") == ["Please write something or choose a picture to send."]
    assert field_errors(html, "consent_to_share") == [
        "Please tick the box to say we can share your work. We cannot use it without your yes."
    ]
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    assert '<a href="#id_title">Please give your work a title.</a>' in summary
    # A group of radio buttons is reached through its first button.
    assert '<a href="#id_age_band_0">Please choose how old you are.</a>' in summary
    assert 'aria-describedby="id_title_error_1"' in html
    assert 'aria-invalid="true"' in html


def test_the_error_summary_is_an_alert_with_a_heading(client, call):
    html = client.post(send_url(call), {}).content.decode()
    assert re.search(
        r'<div class="error-summary" role="alert" aria-labelledby="error-summary-title"', html
    )
    assert (
        '<h2 class="error-summary__title" id="error-summary-title">'
        "Please fix these things, then send your work again</h2>"
    ) in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"name": "Sam Smith"},
            "name",
            "Please use just one first name or nickname, with no spaces or numbers.",
        ),
        ({"name": "Sam2"}, "name", messages.NAME_NOT_SAFE),
        ({"name": "A" * 31}, "name", "Please use a shorter name. It can be up to 30 letters."),
        (
            {"title": "T" * 121},
            "title",
            "Please make your title shorter. It can be up to 120 letters and spaces.",
        ),
        (
            {"text": "x" * 3001},
            "text",
            "Please make your writing shorter. It can be up to 3000 letters and spaces, "
            "and you have written 3001.",
        ),
        ({"text": "", "title": "Just a title"}, "text", messages.WORK_MISSING),
        ({"age_band": "999999"}, "age_band", "Please choose one of the age groups in the list."),
        ({"area": "999999"}, "area", "Please choose an area from the list, or leave it empty."),
        (
            {"age_band": "young", "parent_email": "not an email"},
            "parent_email",
            "Please check the email address. It should look like name@example.com.",
        ),
        (
            {"age_band": "young"},
            "parent_email",
            "You are under 13, so we need the email address of your parent or carer. "
            "Please ask them for it and type it here.",
        ),
        (
            {"group_code": "NOPE-NOPE"},
            "group_code",
            "We do not know this group code. Please check it and type it again.",
        ),
    ],
)
def test_each_field_explains_what_is_wrong(client, call, bands, overrides, field, message):
    if overrides.get("age_band") == "young":
        overrides["age_band"] = str(bands.young.pk)
    response = client.post(send_url(call), form_data(bands, **overrides))
    assert response.status_code == 400
    assert field_errors(response.content.decode(), field) == [message]
    assert not Submission.objects.exists()


def test_only_the_calls_age_bands_are_offered(client, call, bands):
    html = client.get(send_url(call)).content.decode()
    assert "Ages 8 to 10" in html and "Ages 14 to 17" in html
    assert "Ages 4 to 7" not in html
    response = client.post(send_url(call), form_data(bands, age_band=str(bands.other.pk)))
    assert field_errors(response.content.decode(), "age_band") == [messages.AGE_BAND_NOT_IN_LIST]


def test_every_message_is_a_full_sentence():
    for name in dir(messages):
        if name.isupper() and not name.startswith("PICTURE_MESSAGES"):
            value = getattr(messages, name)
            if hasattr(value, "endswith") or type(value).__name__ == "__proxy__":
                assert str(value).endswith("."), name
    for message in messages.PICTURE_MESSAGES.values():
        assert str(message).endswith(".")


# --- Under 13: a parent's or carer's yes ----------------------------------------


def test_under_13_waits_for_consent_unseen_by_moderation(
    client, call, bands, django_capture_on_commit_callbacks
):
    data = form_data(bands, age_band=str(bands.young.pk), parent_email="parent@example.org")
    response = post(client, call, data, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.AWAITING_CONSENT
    assert submission.details.parent_email == "parent@example.org"
    # No revision and no workflow: nothing reaches a moderator's queue.
    assert submission.current_workflow_state is None
    assert not submission.revisions.exists()
    assert not submission.live
    # Once screening has run, the parent is emailed a link, the call's name and
    # nothing the child wrote: not the words, not even the title.
    assert submission.screened_at is not None
    [email] = mail.outbox
    assert email.to == ["parent@example.org"]
    assert "for our call “Tips for staying safe”" in email.body
    assert "Tell someone" not in email.body
    assert submission.text not in email.body
    assert "keep a secret" not in email.body
    assert "Tell someone" not in email.subject
    link = re.search(r"http://\S+/contribute/consent/(\S+)/", email.body)
    assert link
    assert submission.consent_requested_at is not None
    # The thank-you page says a parent was emailed.
    thanks = client.get(response["Location"]).content.decode()
    assert "We have emailed your parent or carer." in thanks


def test_the_consent_link_shows_the_work_and_a_yes_starts_review(
    client, call, bands, django_capture_on_commit_callbacks
):
    data = form_data(bands, age_band=str(bands.young.pk), parent_email="parent@example.org")
    data["images"] = jpeg_with_gps()
    post(client, call, data, django_capture_on_commit_callbacks)
    submission = Submission.objects.get()
    path = re.search(r"http://[^/]+(/contribute/consent/\S+/)", mail.outbox[0].body)[1]
    page = client.get(path)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert "Tell someone" in html and "keep a secret" in html
    assert "I agree" in html and "I do not agree" in html
    # What would appear with it: the safe byline the child agreed to, nothing more.
    byline = html.split('<dl class="consent__byline">')[1].split("</dl>")[0]
    assert "<dd>Sam</dd>" in byline and "<dd>Ages 8 to 10</dd>" in byline
    # The picture comes through the link's own view, never a public media address.
    picture_src = re.search(r'<img src="([^"]+)"', html)[1]
    assert picture_src.startswith(path) and "/media/" not in html
    picture = client.get(picture_src)
    assert picture.status_code == 200 and picture["Content-Type"] == "image/jpeg"
    assert client.get(picture_src.replace(path, path[:-5] + "xxxx/")).status_code == 404

    response = client.post(path, {"decision": "agree"})
    assert "You said yes." in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.IN_REVIEW
    assert submission.consented_at is not None
    assert submission.current_workflow_state.current_task_state.task.name == "Safeguarding check"
    # The link cannot be used twice.
    again = client.get(path)
    assert again.status_code == 404
    assert "This link has already been used" in again.content.decode()


def consent_token_made_days_ago(submission, days):
    """The consent link as it was signed `days` days ago."""
    signer = signing.TimestampSigner(salt=CONSENT_SALT)
    signer.timestamp = lambda: signing.b62_encode(int(time.time() - days * 86400))
    return signer.sign(submission.reference)


def test_an_expired_consent_link_gets_a_kind_page(
    client, call, bands, settings, django_capture_on_commit_callbacks
):
    post(
        client,
        call,
        form_data(bands, age_band=str(bands.young.pk), parent_email="p@example.org"),
        django_capture_on_commit_callbacks,
    )
    submission = Submission.objects.get()
    days = settings.CONTRIBUTION_CONSENT_DAYS
    old_token = consent_token_made_days_ago(submission, days + 1)
    response = client.get(f"/contribute/consent/{old_token}/")
    assert response.status_code == 410
    html = response.content.decode()
    assert "This link has expired" in html
    assert f"Links to agree to a child's work last {days} days." in html
    assert (
        client.post(f"/contribute/consent/{old_token}/", {"decision": "agree"}).status_code == 410
    )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.AWAITING_CONSENT
    # A link a day younger than the limit still works.
    assert (
        client.get(
            f"/contribute/consent/{consent_token_made_days_ago(submission, days - 1)}/"
        ).status_code
        == 200
    )


def test_a_tampered_consent_link_is_refused(client, call, bands):
    post(client, call, form_data(bands, age_band=str(bands.young.pk), parent_email="p@example.org"))
    submission = Submission.objects.get()
    token = consent_token(submission)
    reference, rest = token.split(":", 1)
    other = Submission.objects.create(
        call=call, age_band=bands.young, title="x", consent_to_share=True,
        consent_to_byline=False, status=SubmissionStatus.AWAITING_CONSENT,
    )  # fmt: skip
    tampered = f"{other.reference}:{rest}"
    response = client.post(f"/contribute/consent/{tampered}/", {"decision": "agree"})
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    other.refresh_from_db()
    assert other.status == SubmissionStatus.AWAITING_CONSENT


def test_refusing_consent_deletes_the_work_and_its_files(
    client, call, bands, django_capture_on_commit_callbacks
):
    data = form_data(bands, age_band=str(bands.young.pk), parent_email="p@example.org")
    data["images"] = jpeg_with_gps()
    post(client, call, data, django_capture_on_commit_callbacks)
    submission = Submission.objects.get()
    name = submission.images.get().file.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/contribute/consent/{consent_token(submission)}/", {"decision": "refuse"}
        )
    assert "You said no. We will not use your child's work." in response.content.decode()
    assert not Submission.objects.exists()
    assert not SubmissionImage.objects.exists()
    assert not default_storage.exists(name)


def test_work_with_a_safeguarding_concern_is_never_shown_to_the_parent(
    client, call, bands, django_capture_on_commit_callbacks
):
    """The parent or carer may be the person the child is telling us about: once
    screening (or anyone) has raised a concern, the link shows nothing of the work
    and takes no answer; the work stays for the safeguarding lead."""
    data = form_data(
        bands,
        age_band=str(bands.young.pk),
        parent_email="p@example.org",
        text="My uncle hurts me and says it is our secret.",
    )
    data["images"] = jpeg_with_gps()
    post(client, call, data, django_capture_on_commit_callbacks)
    submission = Submission.objects.get()
    assert submission.safeguarding_records.exists()  # screening raised it
    url = f"/contribute/consent/{consent_token(submission)}/"

    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 404
    assert "This work is no longer waiting for an answer." in html
    for words in ("Tell someone", "hurts me", "secret"):
        assert words not in html
    image = submission.images.get()
    picture = client.get(f"{url}pictures/{image.pk}/")
    assert picture.status_code == 404
    assert b"\xff\xd8" not in b"".join(getattr(picture, "streaming_content", [picture.content]))
    response = client.post(url, {"decision": "refuse"})
    assert response.status_code == 404
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.AWAITING_CONSENT
    # And the service itself never deletes work with a safeguarding record.
    assert submission_refuse_consent(submission=submission) == submission


def test_the_consent_page_waits_for_screening(client, call, bands):
    """Nobody sees the work before screening has looked for a disclosure (the
    worker screens it moments after it is sent)."""
    post(client, call, form_data(bands, age_band=str(bands.young.pk), parent_email="p@example.org"))
    submission = Submission.objects.get()
    assert submission.screened_at is None
    response = client.get(f"/contribute/consent/{consent_token(submission)}/")
    html = response.content.decode()
    assert (response.status_code, response["Retry-After"]) == (503, "60")
    assert "Please open the link from the email again in a few minutes." in html
    assert "Tell someone" not in html and "keep a secret" not in html
    submission_screen(submission=submission)
    assert (
        "keep a secret"
        in client.get(f"/contribute/consent/{consent_token(submission)}/").content.decode()
    )


def test_the_parent_is_emailed_only_after_screening_and_only_once(
    client, call, bands, django_capture_on_commit_callbacks
):
    from cocreation import tasks
    from cocreation.services.intake import submission_request_consent

    # Stored, but the screening task has not run (its on-commit never fires here).
    post(client, call, form_data(bands, age_band=str(bands.young.pk), parent_email="p@example.org"))
    submission = Submission.objects.get()
    assert submission.screened_at is None
    with django_capture_on_commit_callbacks(execute=True):
        assert submission_request_consent(submission=submission) is False
    assert mail.outbox == []
    assert Submission.objects.get().consent_requested_at is None

    # The worker screens it: now, and only now, the email goes.
    with django_capture_on_commit_callbacks(execute=True):
        tasks.screen_submission.call(submission.pk)
    [email] = mail.outbox
    assert email.to == ["p@example.org"]
    submission.refresh_from_db()
    asked = submission.consent_requested_at
    assert asked is not None
    # Screening again (for example after the phrase list changed) sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        tasks.screen_submission.call(submission.pk)
    assert len(mail.outbox) == 1
    submission.refresh_from_db()
    assert submission.consent_requested_at == asked


def test_work_with_a_safeguarding_concern_sends_no_email_to_the_parent(
    client, call, bands, django_capture_on_commit_callbacks
):
    """A lead decides: the parent may be the person the child is telling us about."""
    from cocreation import tasks

    data = form_data(
        bands,
        age_band=str(bands.young.pk),
        parent_email="p@example.org",
        text="My uncle hurts me and says it is our secret.",
    )
    post(client, call, data, django_capture_on_commit_callbacks)
    submission = Submission.objects.get()
    assert submission.safeguarding_records.exists()  # screening raised it
    assert [email.to for email in mail.outbox if "p@example.org" in email.to] == []
    assert Submission.objects.get().consent_requested_at is None
    # Even once the lead has closed the concern, screening again asks nobody.
    submission.safeguarding_records.update(closed_at=submission.submitted_at)
    Submission.objects.filter(pk=submission.pk).update(needs_safeguarding=False)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.screen_submission.call(submission.pk)
    assert [email.to for email in mail.outbox if "p@example.org" in email.to] == []


def test_consent_is_refused_in_any_other_state(call, bands, client):
    from cocreation.services.moderation import WrongState

    post(client, call, form_data(bands))
    with pytest.raises(WrongState):
        submission_give_consent(submission=Submission.objects.get())


# --- Group codes --------------------------------------------------------------


def test_a_group_leader_sends_for_an_under_13_without_a_parent_email(client, call, bands):
    group = GroupCodeFactory(call=call)
    data = form_data(
        bands,
        age_band=str(bands.young.pk),
        group_code=group.code.lower(),
        group_leader_confirms_consent="on",
    )
    response = post(client, call, data)
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.group_code == group
    assert submission.status == SubmissionStatus.IN_REVIEW
    assert submission.details.group_leader_confirmed_consent
    assert submission.details.parent_email == ""
    assert submission.current_workflow_state is not None
    assert not mail.outbox


def test_a_group_leader_must_confirm_they_hold_consent(client, call, bands):
    group = GroupCodeFactory(call=call)
    data = form_data(bands, age_band=str(bands.young.pk), group_code=group.code)
    html = post(client, call, data).content.decode()
    assert field_errors(html, "group_leader_confirms_consent") == [
        "Please tick the box to confirm you have consent for everyone in your group."
    ]
    # The group code stands in for the parent's email: no message asks for one.
    assert field_errors(html, "parent_email") == []
    assert not Submission.objects.exists()


def test_a_code_for_another_call_is_refused(client, call, bands, home_page):
    other_call = CallForContributionsPageFactory(parent=call.get_parent())
    group = GroupCodeFactory(call=other_call)
    data = form_data(bands, group_code=group.code, group_leader_confirms_consent="on")
    html = post(client, call, data).content.decode()
    assert field_errors(html, "group_code") == [
        "This group code is for a different call. Please check you are on the right page."
    ]
    assert not Submission.objects.exists()


def test_an_inactive_code_is_refused(client, call, bands):
    group = GroupCodeFactory(call=call, active=False)
    data = form_data(bands, group_code=group.code, group_leader_confirms_consent="on")
    html = post(client, call, data).content.decode()
    assert field_errors(html, "group_code") == [
        "This group code cannot be used any more. Please ask us for a new one."
    ]
    assert not Submission.objects.exists()


# --- Nothing lost -------------------------------------------------------------


def test_an_invalid_form_keeps_every_typed_field_and_the_pictures(client, call, bands, area):
    text = "My tip: <b>never</b> share your password.\nTell a grown-up."
    data = form_data(
        bands,
        title="",  # the error
        text=text,
        name="Jo-Jo",
        area=str(area.pk),
        consent_to_byline="on",
    )
    data["images"] = jpeg_with_gps("my drawing.jpg")
    response = post(client, call, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert field_errors(html, "title") == ["Please give your work a title."]
    assert (
        "My tip: &lt;b&gt;never&lt;/b&gt; share your password.\nTell a grown-up.</textarea>" in html
    )
    assert 'value="Jo-Jo"' in html
    assert f'<option value="{area.pk}" selected>Leeds</option>' in html
    assert re.search(rf'value="{bands.older.pk}"[^>]*checked', html)
    assert re.search(r'name="consent_to_share"[^>]*checked', html)
    assert re.search(r'name="consent_to_byline"[^>]*checked', html)
    # The picture was screened and kept: named, with a way to take it out.
    kept = PendingUpload.objects.get()
    assert kept.display_name == "my drawing.jpg"
    assert f'<input type="hidden" name="kept_picture" value="{kept.token}">' in html
    assert "my drawing.jpg" in html and "Remove this picture" in html

    # Sent again with the title, and without choosing the picture again.
    data = form_data(bands, text=text, name="Jo-Jo", area=str(area.pk), kept_picture=kept.token)
    response = post(client, call, data)
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.text == text
    assert submission.details.area == area
    [picture] = submission.images.all()
    assert Image.open(picture.file).size == (64, 48)
    assert not PendingUpload.objects.exists()
    assert not default_storage.exists(kept.file.name)


def test_a_kept_picture_can_be_removed(client, call, bands):
    data = form_data(bands, title="")
    data["images"] = jpeg_with_gps()
    post(client, call, data)
    kept = PendingUpload.objects.get()
    data = form_data(bands, kept_picture=kept.token, remove_picture=kept.token)
    assert post(client, call, data).status_code == 302
    assert not Submission.objects.get().images.exists()
    assert not PendingUpload.objects.exists()


def test_pictures_stored_carry_no_exif_or_gps(client, call, bands):
    data = form_data(bands)
    data["images"] = [jpeg_with_gps("one.jpg"), jpeg_with_gps("two.jpg")]
    assert post(client, call, data).status_code == 302
    pictures = Submission.objects.get().images.all()
    assert len(pictures) == 2
    for picture in pictures:
        with default_storage.open(picture.file.name) as stored:
            data = stored.read()
        image = Image.open(io.BytesIO(data))
        assert image.format == "JPEG"
        assert not image.getexif()
        assert not image.getexif().get_ifd(0x8825)
        assert "exif" not in image.info
        assert b"Phone maker" not in data
        # The child's file name is never kept either.
        assert "one" not in picture.file.name and "two" not in picture.file.name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "picture.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "“picture.svg” is not a picture we can use. Please choose a photo or a picture "
            "saved as JPEG, PNG, WebP or GIF.",
        ),
        (
            "notes.jpg",
            b"just some words pretending to be a picture",
            "“notes.jpg” is not a picture we can use. Please choose a photo or a picture "
            "saved as JPEG, PNG, WebP or GIF.",
        ),
        (
            "broken.png",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00garbage",
            "We could not open “broken.png”. Please save it again and choose the new copy.",
        ),
        (
            "huge.png",
            # A PNG header that claims 50,000 by 50,000 pixels: refused before decoding.
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\xc3\x50\x00\x00\xc3\x50\x08\x02\x00\x00\x00",
            "“huge.png” is too big to send. Please choose a smaller picture.",
        ),
    ],
)
def test_refused_files_get_a_message_a_child_can_read(client, call, bands, name, content, message):
    data = form_data(bands)
    data["images"] = SimpleUploadedFile(name, content)
    html = post(client, call, data).content.decode()
    assert field_errors(html, "images") == [message]
    assert not Submission.objects.exists()
    assert not PendingUpload.objects.exists()


def test_too_many_pictures_are_refused(client, call, bands, settings):
    settings.CONTRIBUTION_MAX_IMAGES = 2
    data = form_data(bands)
    data["images"] = [jpeg_with_gps(f"{n}.jpg") for n in range(3)]
    html = post(client, call, data).content.decode()
    assert field_errors(html, "images") == ["You can send up to 2 pictures. Please take some out."]


def test_a_request_too_big_gets_a_clear_message_and_keeps_the_words(client, call, bands, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000
    settings.CONTRIBUTION_MAX_IMAGES = 1  # at most 1000 bytes of pictures and 1 MB of words
    data = form_data(bands, text="Keep these words.")
    data["images"] = SimpleUploadedFile("big.jpg", b"\xff" * (1024 * 1024 + 2000))
    response = post(client, call, data)
    html = response.content.decode()
    assert field_errors(html, "images") == [
        "Your pictures are too big to send all together. Please choose fewer pictures, "
        "or smaller ones."
    ]
    assert "Keep these words.</textarea>" in html
    assert not Submission.objects.exists()


# --- Honeypot, thank-you page, rate limits --------------------------------------


def test_the_honeypot_is_hidden_from_people(client, call):
    html = client.get(send_url(call)).content.decode()
    honeypot = html.split('<div class="form-honeypot" aria-hidden="true">')[1].split("</div>")[0]
    assert '<label for="id_website">Leave this empty</label>' in honeypot
    assert 'tabindex="-1"' in honeypot


def normalised_thanks(html, reference):
    html = html.replace(reference, "REFERENCE")
    return re.sub(r"/contribute/withdraw/[^/\"<]+/", "/contribute/withdraw/TOKEN/", html)


def thanks_for(client, call, data, capture=None):
    response = post(client, call, data, capture)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    reference = re.search(r'id="reference">([^<]+)<', page.content.decode())[1]
    return page, reference


def test_a_filled_honeypot_stores_nothing_and_thanks_all_the_same(client, call, bands):
    real_page, real_reference = thanks_for(client, call, form_data(bands))
    Submission.objects.all().delete()
    robot_page, robot_reference = thanks_for(
        client, call, form_data(bands, website="http://spam.example")
    )
    assert not Submission.objects.exists()
    assert not PendingUpload.objects.exists()
    assert robot_reference != real_reference
    assert normalised_thanks(robot_page.content.decode(), robot_reference) == normalised_thanks(
        real_page.content.decode(), real_reference
    )


def test_the_thank_you_page_never_shows_what_screening_found(
    client, call, bands, django_capture_on_commit_callbacks
):
    # The commit callbacks run, so screening (a background task, at once in
    # tests) has looked at each submission before its thank-you page is read.
    capture = django_capture_on_commit_callbacks
    plain_page, plain_reference = thanks_for(client, call, form_data(bands), capture)
    worrying = form_data(bands, text="He hurts me and says it is our secret. Call 07700 900123.")
    worrying_page, worrying_reference = thanks_for(client, call, worrying, capture)
    assert Submission.objects.count() == 2
    assert normalised_thanks(plain_page.content.decode(), plain_reference) == normalised_thanks(
        worrying_page.content.decode(), worrying_reference
    )


def test_the_thank_you_page_gives_a_reference_a_withdraw_link_and_help(client, call, bands):
    response = post(client, call, form_data(bands))
    assert response.status_code == 302  # post, redirect, get: a refresh sends nothing again
    page = client.get(response["Location"])
    assert page["Cache-Control"].startswith("no-store")
    html = page.content.decode()
    submission = Submission.objects.get()
    assert f'id="reference">{submission.reference}<' in html
    assert f'href="http://testserver{submission.withdraw_url()}"' in html
    assert submission.withdraw_url().startswith("/contribute/withdraw/")
    assert (
        signing.Signer(salt="cocreation.withdraw").unsign(submission.withdraw_url().split("/")[-2])
        == submission.reference
    )
    assert "If something is worrying you" in html
    assert '<a href="tel:08001111">0800 1111</a>' in html
    assert '<a href="tel:999">999</a>' in html
    assert 'href="https://www.ceop.police.uk/Safety-Centre/">tell CEOP</a>' in html
    assert "An adult whose job is to keep children safe will read your work first." in html
    assert "We have emailed your parent or carer." not in html
    # A refresh of the thank-you page stores nothing more.
    client.get(response["Location"])
    assert Submission.objects.count() == 1


def test_the_thank_you_link_cannot_be_forged(client, call):
    response = client.get("/contribute/thanks/not-a-token/")
    assert response.status_code == 404
    forged = signing.dumps({"c": call.pk, "r": "ABCD-EFGH", "p": False}, salt="other")
    assert client.get(f"/contribute/thanks/{forged}/").status_code == 404


def test_the_help_numbers_come_from_the_site_settings(client, call, bands):
    from home.models import SafetySettings

    safety = SafetySettings.for_site(call.get_site())
    safety.childline_number = "0800 2222"
    safety.save()
    page, _ = thanks_for(client, call, form_data(bands))
    help_section = page.content.decode().split('class="worried-help"')[1].split("</section>")[0]
    assert '<a href="tel:08002222">0800 2222</a>' in help_section


def test_a_client_sending_too_often_gets_the_kind_429_page(client, call, bands, settings):
    settings.CONTRIBUTION_RATE_LIMIT = "2/h"
    assert post(client, call, form_data(bands)).status_code == 302
    assert post(client, call, form_data(bands, title="")).status_code == 400
    response = post(client, call, form_data(bands))
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert "Please wait a moment" in html
    assert "Your work has not been sent yet." in html
    assert "exit-this-page__button" in html
    assert Submission.objects.count() == 1
    # Reading the form is never limited.
    assert client.get(send_url(call)).status_code == 200


def test_a_call_receiving_too_much_is_limited_across_clients(call, bands, settings, monkeypatch):
    frozen = SimpleNamespace(time=lambda: 1_800_000_030.0)
    monkeypatch.setattr(django_ratelimit.core, "time", frozen)
    settings.CONTRIBUTION_CALL_RATE_LIMIT = "2/h"
    statuses = [
        Client(REMOTE_ADDR=f"192.0.2.{n}").post(send_url(call), form_data(bands)).status_code
        for n in range(1, 4)
    ]
    assert statuses == [302, 302, 429]
    assert Submission.objects.count() == 2


def test_the_withdraw_link_resolves(client):
    response = client.get("/contribute/withdraw/ABCD-EFGH:bad/")
    assert response.status_code == 404


def test_the_screening_task_is_queued_on_commit(
    client, call, bands, django_capture_on_commit_callbacks, monkeypatch
):
    from cocreation import tasks

    screened = []
    monkeypatch.setattr(
        "cocreation.services.screening.submission_screen",
        lambda *, submission: screened.append(submission.pk),
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(send_url(call), form_data(bands))
    assert screened == []  # nothing runs before the commit
    for callback in callbacks:
        callback()
    assert screened == [Submission.objects.get().pk]
    assert tasks.screen_submission is not None


def test_the_page_cache_never_stores_the_form(call, settings):
    """Even if the warmer were asked to store it: the form sets a cookie, and
    says no-store besides."""
    from home.page_cache import rules, store, warming

    settings.PAGE_CACHE_SECONDS = 3600
    generation = store.bump_generation()
    report = warming.WarmReport(generation)
    site = call.get_site()
    warming.warm_path(warming.WarmingHandler(), site, send_url(call), generation, report)
    assert report.refused == {f"{site.pk}{send_url(call)}": "sets a cookie"}
    assert report.stored == []
    # Without the cookie (and its Vary), Cache-Control still forbids sharing.
    request = warming.build_request(site, send_url(call), generation)
    response = warming.WarmingHandler().render(request)
    response.cookies.clear()
    del response["Vary"]
    assert rules.refusal(request, response) == "Cache-Control forbids sharing"
