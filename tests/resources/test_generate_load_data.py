"""manage.py generate_load_data: the benchmark's data set on top of the demo tree."""

import re
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

import pytest
from bs4 import BeautifulSoup

from cocreation.models import Submission, SubmissionDetails, SubmissionStatus
from home.models import ClearsightImage
from resources.load_data.pictures import LOAD_DATA_CREDIT
from resources.models import ResourcePage
from schools.models import LessonPackPage

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
IP_ADDRESS = re.compile(r"\b\d{1,3}(\.\d{1,3}){3}\b|\b[0-9a-f]{1,4}(:[0-9a-f]{0,4}){4,7}\b")
COUNTS = {"resources": 30, "packs": 4, "submissions": 50}
# The library's filter groups and the lookup each one filters on.
FILTER_LOOKUPS = {
    "audience": "audiences__slug",
    "age": "age_bands__slug",
    "topic": "topics__slug",
    "format": "format__slug",
    "easy_read": "easy_read",
}


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


class Rollback(Exception):
    pass


def generate(**options):
    out = StringIO()
    call_command("generate_load_data", **{**COUNTS, **options}, stdout=out)
    return out.getvalue()


def generated_resources():
    pictures = ClearsightImage.objects.filter(credit=LOAD_DATA_CREDIT)
    # Every generated resource shows a generated picture; no demo resource does.
    return ResourcePage.objects.filter(image__in=pictures)


def titles_for(seed):
    """The titles a run with `seed` makes, in order, with the run rolled back."""
    with pytest.raises(Rollback), transaction.atomic():
        generate(seed=seed, packs=0, submissions=0)
        titles = list(generated_resources().order_by("path").values_list("title", flat=True))
        raise Rollback
    return titles


def test_creates_the_counts_asked_for_and_says_so(demo_site):
    resources, packs = ResourcePage.objects.count(), LessonPackPage.objects.count()
    submissions = Submission.objects.count()
    output = generate()
    assert ResourcePage.objects.count() - resources == 30
    assert LessonPackPage.objects.count() - packs == 4
    assert Submission.objects.count() - submissions == 50
    assert ClearsightImage.objects.filter(credit=LOAD_DATA_CREDIT).count() == 40
    assert "30 resources, 4 lesson packs, 50 submissions" in output
    assert re.search(r"Seconds: pictures [\d.]+, resources [\d.]+", output)


def test_every_new_page_is_published_and_renders_for_a_visitor(client, demo_site):
    generate()
    new_pages = list(generated_resources()) + list(
        LessonPackPage.objects.filter(slug__regex=r"-\d+$").order_by("-pk")[:4]
    )
    assert len(new_pages) == 34
    for page in new_pages:
        assert page.live and page.live_revision_id and page.latest_revision_id
        assert page.live_revision.content["title"] == page.title
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        heading = BeautifulSoup(response.content, "html.parser").find("h1")
        assert heading.get_text(" ", strip=True) == page.title


def test_each_library_filter_finds_generated_resources(client, demo_site):
    generate()
    soup = BeautifulSoup(client.get("/resources/").content, "html.parser")
    options = {(box["name"], box["value"]) for box in soup.select("form.library__filters input")}
    options = {(name, value) for name, value in options if name in FILTER_LOOKUPS}
    names = {box["name"] for box in soup.select("form.library__filters input[type=checkbox]")}
    assert names == set(FILTER_LOOKUPS), "a new filter: add its lookup above"
    live = ResourcePage.objects.live()
    for name, value in sorted(options):
        lookup = {FILTER_LOOKUPS[name]: True if name == "easy_read" else value}
        assert generated_resources().filter(**lookup).exists(), (name, value)
        page = BeautifulSoup(client.get(f"/resources/?{name}={value}").content, "html.parser")
        shown = int(re.search(r"\d+", page.select_one("#library-results-title").get_text()).group())
        assert shown == live.filter(**lookup).distinct().count(), (name, value)


def test_search_finds_generated_resources(client, demo_site):
    generate()
    page = generated_resources().order_by("path").first()
    response = client.get("/search/", {"q": page.title})
    assert response.status_code == 200
    # A link to the page, not the words echoed back in the search box.
    links = {a["href"] for a in BeautifulSoup(response.content, "html.parser").select("main a")}
    assert page.url in links


def test_the_same_seed_gives_the_same_titles_and_another_seed_others(demo_site):
    first = titles_for(7)
    assert len(first) == 30
    assert titles_for(7) == first
    assert titles_for(8) != first


def test_submissions_hold_no_contact_details(demo_site):
    before = set(Submission.objects.values_list("pk", flat=True))
    generate()
    new = Submission.objects.exclude(pk__in=before)
    assert new.count() == 50
    details = SubmissionDetails.objects.filter(submission__in=new)
    assert details.count() == 50
    assert not details.exclude(parent_email="").exists()
    # Nothing written anywhere in the rows looks like an email or a client address.
    rows = [str(row) for row in new.values()] + [str(row) for row in details.values()]
    for row in rows:
        assert not EMAIL.search(row), row
        assert not IP_ADDRESS.search(row), row
    statuses = set(new.values_list("status", flat=True))
    assert {SubmissionStatus.PUBLISHED, SubmissionStatus.IN_REVIEW} <= statuses
    assert not new.filter(status=SubmissionStatus.PUBLISHED, live=False).exists()


def test_a_second_run_refuses_and_adds_nothing(demo_site):
    generate()
    count = ResourcePage.objects.count()
    with pytest.raises(CommandError, match="already holds a generated data set"):
        generate()
    assert ResourcePage.objects.count() == count
