import datetime

from django.core.exceptions import ValidationError

import pytest

from home.factories import AgeBandFactory, ContentPageFactory

pytestmark = pytest.mark.django_db


def test_an_age_band_cannot_end_before_it_starts():
    band = AgeBandFactory.build(name="Backwards", slug="backwards", min_age=10, max_age=8)
    with pytest.raises(ValidationError) as error:
        band.full_clean()
    assert error.value.message_dict["max_age"] == [
        "The oldest age must be the same as or more than the youngest age."
    ]


def test_next_review_must_follow_the_last_review(home_page):
    page = ContentPageFactory(parent=home_page)
    page.last_reviewed = datetime.date(2026, 11, 1)
    page.next_review = datetime.date(2026, 10, 1)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert error.value.message_dict["next_review"] == [
        "The next review must be after the date the page was last reviewed."
    ]


def test_pages_use_the_project_template_layout(home_page, rf):
    page = ContentPageFactory(parent=home_page)
    assert page.get_template(rf.get("/")) == "pages/home/content_page.html"
    assert home_page.get_template(rf.get("/")) == "pages/home/home_page.html"


def test_content_pages_in_the_young_peoples_section_show_the_safety_note(client, demo_site):
    from home.models import AgeBandPage

    band = AgeBandPage.objects.get(slug="11-13")
    child = ContentPageFactory(parent=band, title="Online gaming")
    assert "data-safety-intro" in client.get(child.url).content.decode()
