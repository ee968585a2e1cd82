"""A child's words, pictures and a parent's email never reach the logs
(issue 10; docs/dpia.md, section 3.10). Every logger is opened to DEBUG while a
child sends work that screening flags, a parent's email goes out, and a
reviewer's queue is read: no record holds the title, the text, the picture's
name or the email, and the console handler's filter leaves no email address."""

import logging
from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from cocreation.factories import CallForContributionsPageFactory, GetInvolvedPageFactory
from cocreation.models import Submission
from home.factories import AgeBandFactory
from home.log_filters import RedactPersonalData
from tests.home.media_samples import camera_jpeg

TITLE = "Zebra lantern morning"
TEXT = "My uncle hurts me when nobody is home and my number is 07700 900123. Quokka harbour."
PARENT_EMAIL = "quokka.parent@example.org"
PICTURE = "quokka-drawing.jpg"

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(home_page):
    bands = SimpleNamespace(
        young=AgeBandFactory(name="Ages 8 to 10", slug="8-10", min_age=8, max_age=10),
    )
    get_involved = GetInvolvedPageFactory(parent=home_page)
    page = CallForContributionsPageFactory(parent=get_involved, title="Tips for staying safe")
    page.age_bands.set([bands.young])
    page.save()
    return SimpleNamespace(page=page, band=bands.young)


@pytest.fixture
def lead(django_user_model, settings):
    user = django_user_model.objects.create_user("lead", "lead@example.org", "x")
    user.groups.add(Group.objects.get_or_create(name=settings.SAFEGUARDING_LEADS_GROUP)[0])
    return user


@pytest.fixture
def everything_logged(caplog):
    """Every logger at DEBUG, so that nothing a lower level would hide is missed."""
    loggers = [logging.getLogger()] + [
        logging.getLogger(name) for name in logging.root.manager.loggerDict
    ]
    levels = {logger: logger.level for logger in loggers}
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    yield caplog
    for logger, level in levels.items():
        logger.setLevel(level)


def test_a_childs_work_and_a_parents_email_never_reach_the_logs(
    client, call, lead, everything_logged, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            call.page.url + "send/",
            {
                "title": TITLE,
                "text": TEXT,
                "age_band": str(call.band.pk),
                "consent_to_share": "on",
                "parent_email": PARENT_EMAIL,
                "images": SimpleUploadedFile(PICTURE, camera_jpeg(), content_type="image/jpeg"),
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    submission = Submission.objects.get()
    assert submission.screened_at is not None and submission.needs_safeguarding
    assert mail.outbox, "the safeguarding leads are told (the test must exercise the emails)"

    records = everything_logged.records
    assert records, "with every logger at DEBUG, something is logged (the capture works)"
    raw = "\n".join(record.getMessage() for record in records)
    for secret in (TITLE, "Quokka harbour", "hurts me", "07700 900123", PICTURE, "quokka"):
        assert secret.lower() not in raw.lower(), secret

    console = RedactPersonalData()
    for record in records:
        console.filter(record)
        assert PARENT_EMAIL not in record.getMessage()
