"""A small library tree for the band page, resource page and home page tests."""

from types import SimpleNamespace

from home.factories import (
    AgeBandFactory,
    AgeBandPageFactory,
    AudienceFactory,
    TopicFactory,
    YoungPeopleIndexPageFactory,
)
from resources.factories import FormatFactory, ResourceIndexPageFactory, ResourcePageFactory


def build_library(home_page):
    """Two band pages (4 to 7 and 14 to 17), two topics and the resource library."""
    bands = SimpleNamespace(
        young=AgeBandFactory(name="Ages 4 to 7", slug="4-7", min_age=4, max_age=7),
        middle=AgeBandFactory(name="Ages 8 to 10", slug="8-10", min_age=8, max_age=10),
        old=AgeBandFactory(name="Ages 14 to 17", slug="14-17", min_age=14, max_age=17),
    )
    topics = SimpleNamespace(
        secrets=TopicFactory(name="Trusted adults", slug="trusted-adults", sort_order=1),
        online=TopicFactory(name="Online safety", slug="online-safety", sort_order=2),
    )
    audiences = SimpleNamespace(
        young_people=AudienceFactory(name="Children and young people", slug="young-people"),
        parents=AudienceFactory(name="Parents and carers", slug="parents-and-carers"),
    )
    index = YoungPeopleIndexPageFactory(parent=home_page)
    band_pages = SimpleNamespace(
        young=AgeBandPageFactory(parent=index, age_band=bands.young),
        middle=AgeBandPageFactory(parent=index, age_band=bands.middle),
        old=AgeBandPageFactory(parent=index, age_band=bands.old),
    )
    library = ResourceIndexPageFactory(parent=home_page, title="Resource library", slug="resources")
    return SimpleNamespace(
        bands=bands,
        topics=topics,
        audiences=audiences,
        band_pages=band_pages,
        library=library,
        format=FormatFactory(name="Story", slug="story"),
    )


def make_resource(tree, title, *, bands=(), topics=(), audiences=None, **fields):
    if audiences is None:
        audiences = [tree.audiences.young_people] if bands else [tree.audiences.parents]
    return ResourcePageFactory(
        parent=tree.library,
        title=title,
        format=fields.pop("format", tree.format),
        age_bands=list(bands),
        topics=list(topics),
        audiences=list(audiences),
        **fields,
    )
