"""A small library with one resource of each kind a reader must never see:
a draft, a private (view-restricted) one, one under a private index, and one
on another site. Shared by the feed, API and sitemap tests."""

from datetime import timedelta

from django.utils import timezone

from wagtail.models import PageViewRestriction, Site

from home.factories import AgeBandFactory, AudienceFactory, HomePageFactory, TopicFactory
from resources.factories import FormatFactory, ResourceIndexPageFactory, ResourcePageFactory

HIDDEN_TITLES = ("Draft zebra", "Private zebra", "Other site zebra")


def restrict(page):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="not-for-readers"
    )


def build_library(home_page):
    parents = AudienceFactory(name="Parents and carers", slug="parents-and-carers")
    young = AudienceFactory(name="Young people", slug="young-people")
    band = AgeBandFactory(name="Ages 11 to 13", slug="11-13", min_age=11, max_age=13)
    older = AgeBandFactory(name="Ages 14 to 17", slug="14-17", min_age=14, max_age=17)
    online = TopicFactory(name="Online safety", slug="online-safety")
    grooming = TopicFactory(name="Grooming", slug="grooming")
    guide = FormatFactory(name="Guide", slug="guide")
    poster = FormatFactory(name="Poster", slug="poster")

    index = ResourceIndexPageFactory(parent=home_page, title="Resources", slug="resources")
    now = timezone.now()
    pages = {
        "guide": ResourcePageFactory(
            parent=index,
            title="Online guide zebra",
            slug="online-guide",
            summary="What to do about messages <that worry you> & who to tell.",
            format=guide,
            easy_read=True,
            made_by="with-young-people",
            audiences=[parents],
            age_bands=[band],
            topics=[online],
            last_published_at=now,
        ),
        "poster": ResourcePageFactory(
            parent=index,
            title="Grooming poster zebra",
            slug="grooming-poster",
            format=poster,
            audiences=[young],
            age_bands=[older],
            topics=[grooming],
            last_published_at=now - timedelta(days=2),
        ),
    }
    draft = ResourcePageFactory(
        parent=index, title="Draft zebra", slug="draft", format=guide, audiences=[parents]
    )
    draft.unpublish()
    private = ResourcePageFactory(
        parent=index, title="Private zebra", slug="private", format=guide, audiences=[parents]
    )
    restrict(private)

    other_home = HomePageFactory(parent=home_page.get_parent(), slug="other", title="Other")
    Site.objects.create(hostname="other.example", root_page=other_home)
    other_index = ResourceIndexPageFactory(parent=other_home, title="Resources", slug="resources")
    ResourcePageFactory(
        parent=other_index,
        title="Other site zebra",
        slug="elsewhere",
        format=guide,
        audiences=[parents],
    )
    return index, pages
