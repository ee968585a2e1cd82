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


def test_one_query_filters_every_page_type_by_audience_age_band_and_topic(
    home_page, django_assert_num_queries
):
    """Taxonomy lives on the one BasePage table, so a library can filter all
    content, whatever its page type, in a single query."""
    from home.factories import (
        AgeBandPageFactory,
        AudienceFactory,
        SectionPageFactory,
        TopicFactory,
        YoungPeopleIndexPageFactory,
    )
    from home.models import BasePage

    parents = AudienceFactory(slug="parents-and-carers", name="Parents and carers")
    online = TopicFactory(slug="online-safety", name="Online safety")
    band = AgeBandFactory(slug="11-13", name="Ages 11 to 13", min_age=11, max_age=13)
    section = SectionPageFactory(parent=home_page, title="For parents")
    guide = ContentPageFactory(parent=section, title="Apps and games")
    band_page = AgeBandPageFactory(parent=YoungPeopleIndexPageFactory(parent=home_page))
    ContentPageFactory(parent=section, title="Not tagged")
    for page in (section, guide, band_page):
        page.audiences.add(parents)
        page.topics.add(online)
        page.age_bands.add(band)
        page.save()

    with django_assert_num_queries(1):
        found = list(
            BasePage.objects.live()
            .filter(audiences=parents, topics=online, age_bands=band)
            .order_by("path")
            .values_list("title", "content_type__model")
        )
    assert found == [
        ("For parents", "sectionpage"),
        ("Apps and games", "contentpage"),
        (band_page.title, "agebandpage"),
    ]
