"""Two hundred children send work at the same moment: every piece is stored,
screened and queued for moderation exactly once, none lost and none doubled.

Real HTTP clients against the live server (a thread per request), each doing
what a browser does: open the form (CSRF cookie and token), then post the
work with a picture. On PostgreSQL only: SQLite's test database lives in this
process's memory and takes one writer at a time, which is not how the site
runs with many visitors. (It sits with the live-server tests for their
fixtures; it drives no browser.)
"""

import io
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from PIL import Image

from cocreation.factories import CallForContributionsPageFactory
from cocreation.models import GetInvolvedPage, Submission, SubmissionImage, SubmissionStatus
from home.models import AgeBand
from tests.databases import require_postgresql

CLIENTS = 200
AT_ONCE = 50


@pytest.fixture
def postgresql():
    require_postgresql("Many writers at once need a database server: PostgreSQL only.")


def picture(number):
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), (number % 256, 120, 200)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def send(form_url, band_pk, number):
    """One child: open the form, then send a tip and a drawing."""
    with requests.Session() as session:
        form = session.get(form_url, timeout=120)
        form.raise_for_status()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)[1]
        response = session.post(
            form_url,
            data={
                "csrfmiddlewaretoken": token,
                "age_band": str(band_pk),
                "title": f"Tip {number}",
                "text": f"Tip {number}: if someone online asks you to keep a secret, tell an adult.",
                "consent_to_share": "on",
            },
            files={"images": (f"drawing-{number}.jpg", picture(number), "image/jpeg")},
            headers={"Referer": form_url},
            timeout=300,
        )
        return response.status_code, response.url


def test_two_hundred_children_send_work_at_once(postgresql, live_site, settings):
    settings.CONTRIBUTION_RATE_LIMIT = "1000/m"  # one address for every client here
    call = CallForContributionsPageFactory(
        parent=GetInvolvedPage.objects.get(), title="Tips for staying safe at parties"
    )
    band = AgeBand.objects.get(slug="14-17")
    form_url = f"{live_site.url}{call.url}send/"

    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        results = list(pool.map(lambda n: send(form_url, band.pk, n), range(CLIENTS)))

    assert [status for status, _url in results] == [200] * CLIENTS
    assert all("/contribute/thanks/" in url for _status, url in results)
    submissions = Submission.objects.filter(call=call)
    assert sorted(submissions.values_list("title", flat=True)) == sorted(
        f"Tip {number}" for number in range(CLIENTS)
    )  # every one stored, none twice
    assert submissions.values("reference").distinct().count() == CLIENTS
    assert not submissions.filter(screened_at__isnull=True).exists()  # every one screened
    assert set(submissions.values_list("status", flat=True)) == {SubmissionStatus.IN_REVIEW}
    for submission in submissions:  # queued: waiting at the first moderation step
        assert submission.current_workflow_task.name == "Safeguarding check"
    assert SubmissionImage.objects.filter(submission__call=call).count() == CLIENTS
