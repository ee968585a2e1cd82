"""A resource page: what it is, who made it, the body, a gentle note and next steps."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

import pytest

from home.blocks import SafeBylineBlock
from home.factories import ContentPageFactory, ImageFactory
from home.models import Area, SafetySettings
from tests.materials import build_library, make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def tree(home_page):
    return build_library(home_page)


def card_titles(html):
    return re.findall(r'<a class="card__link" href="[^"]+">([^<]+)</a>', html)


def card_links(html):
    return re.findall(r'<a class="card__link" href="([^"]+)">', html)


def section(html, marker, end="</section>"):
    return html.split(marker, 1)[1].split(end, 1)[0]


def note(html):
    if 'class="older-band-note"' not in html:
        return None
    return section(html, 'class="older-band-note"', "</aside>")


# -- What it is ----------------------------------------------------------------


def test_the_page_shows_picture_format_ages_reading_level_easy_read_and_summary(client, tree):
    resource = make_resource(
        tree,
        "Good secrets and bad secrets",
        bands=[tree.bands.young, tree.bands.middle],
        topics=[tree.topics.secrets],
        summary="A poem about surprises and worrying secrets.",
        reading_level="first-words",
        easy_read=True,
        image=ImageFactory(title="Two friends talking", description="Two friends talking"),
    )
    html = client.get(resource.url).content.decode()
    header = section(html, '<header class="page-header">', "</header>")
    assert "<h1" in header and "Good secrets and bad secrets" in header
    assert "A poem about surprises and worrying secrets." in header
    facts = section(html, '<dl class="resource__facts">', "</dl>")
    assert "<dt>What it is</dt><dd>Story</dd>" in facts
    assert "<dt>Ages</dt><dd>Ages 4 to 7, Ages 8 to 10</dd>" in facts
    assert "First words: very short sentences, read with a grown-up" in facts
    assert "Easy Read" in facts
    assert re.search(r'<img[^>]+class="resource__picture"', html)


def test_a_resource_not_easy_read_says_nothing_about_it(client, tree):
    resource = make_resource(tree, "A guide", topics=[tree.topics.secrets])
    html = client.get(resource.url).content.decode()
    assert "Easy Read" not in section(html, '<dl class="resource__facts">', "</dl>")


def test_the_canonical_link_drops_the_band(client, tree):
    resource = make_resource(tree, "For teenagers", bands=[tree.bands.old])
    html = client.get(f"{resource.url}?band=4-7").content.decode()
    assert f'<link rel="canonical" href="http://testserver{resource.url}">' in html


# -- Who made it: safe bylines only --------------------------------------------


@pytest.fixture
def leeds():
    return Area.objects.create(
        name="Leeds", slug="leeds", description="SECRET-AREA-DESCRIPTION", sort_order=9
    )


def test_the_safe_byline_block_has_only_the_three_safe_fields():
    assert list(SafeBylineBlock().child_blocks) == ["name", "age_band", "area"]


def test_a_byline_renders_exactly_name_age_band_and_area(tree, leeds):
    band = tree.bands.old
    band.description = "SECRET-BAND-DESCRIPTION"
    band.save()
    block = SafeBylineBlock()
    value = block.to_python({"name": "Sam", "age_band": band.pk, "area": leeds.pk})
    assert block.render(value).strip() == '<span class="byline">Sam, ages 14 to 17, Leeds</span>'
    value = block.to_python({"name": "Jo", "age_band": band.pk, "area": None})
    assert block.render(value).strip() == '<span class="byline">Jo, ages 14 to 17</span>'


def test_credits_show_the_safe_byline_and_nothing_else(client, tree, leeds):
    band = tree.bands.old
    band.description = "SECRET-BAND-DESCRIPTION"
    band.min_age, band.max_age = 14, 17
    band.save()
    resource = make_resource(
        tree,
        "What I wish I had known",
        bands=[band],
        made_by="with-young-people",
        credits=[
            ("young_person", {"name": "Sam", "age_band": band, "area": leeds}),
            ("young_person", {"name": "Ash", "age_band": band, "area": None}),
        ],
    )
    html = client.get(resource.url).content.decode()
    made_by = section(html, 'aria-labelledby="made-by-title"')
    assert "<p>Made with young people</p>" in made_by
    bylines = [line.strip() for line in re.findall(r"<li>(.*?)</li>", made_by, re.S)]
    assert bylines == [
        '<span class="byline">Sam, ages 14 to 17, Leeds</span>',
        '<span class="byline">Ash, ages 14 to 17</span>',
    ]
    for hidden in ("SECRET-BAND-DESCRIPTION", "SECRET-AREA-DESCRIPTION", "14-17", "leeds"):
        assert hidden not in made_by


def test_a_partner_is_named(client, tree):
    resource = make_resource(
        tree, "A leaflet", made_by="partner", partner_name="Safe &amp; Sound <b>Trust</b>"
    )
    html = client.get(resource.url).content.decode()
    made_by = section(html, 'aria-labelledby="made-by-title"')
    assert (
        "Made by a partner organisation: Safe &amp;amp; Sound &lt;b&gt;Trust&lt;/b&gt;" in made_by
    )


# -- The older-band note -----------------------------------------------------


@pytest.fixture
def older(tree):
    """A 14 to 17 resource on trusted adults, and what a 4 to 7 reader might like instead."""
    young, old, middle = tree.bands.young, tree.bands.old, tree.bands.middle
    secrets, online = tree.topics.secrets, tree.topics.online
    return {
        "resource": make_resource(tree, "Nudes and the law", bands=[old], topics=[secrets]),
        "same_topic_young": make_resource(
            tree, "Good secrets", bands=[young], topics=[secrets, online]
        ),
        "other_topic_young": make_resource(tree, "Chat apps", bands=[young], topics=[online]),
        "same_topic_middle": make_resource(
            tree, "Friends online", bands=[middle], topics=[secrets]
        ),
        "same_topic_old": make_resource(
            tree, "Controlling partners", bands=[old], topics=[secrets]
        ),
    }


def test_a_reader_from_a_younger_band_gets_a_gentle_note_with_alternatives(client, tree, older):
    response = client.get(f"{older['resource'].url}?band=4-7")
    assert response.status_code == 200  # never a hard block
    html = response.content.decode()
    text = note(html)
    assert text is not None
    assert "This was made for 14 to 17 year olds. You might like these instead." in text
    # Alternatives for the reader's band, on the same topics, keeping the band.
    assert card_titles(text) == ["Good secrets"]
    assert card_links(text) == [f"{older['same_topic_young'].url}?band=4-7"]
    assert f'href="{tree.band_pages.young.url}"' in text
    # The page itself is still there to read, after the note.
    assert html.index("older-band-note") < html.index('aria-labelledby="made-by-title"')
    # No "more like this" for older readers under the note.
    assert "Controlling partners" not in html


@pytest.mark.parametrize("band", ["14-17", "", "99-100", "not a band", "4-7'><script>"])
def test_no_note_for_the_same_band_no_band_or_an_unknown_band(client, older, band):
    response = client.get(older["resource"].url, {"band": band} if band else {})
    assert response.status_code == 200
    html = response.content.decode()
    assert note(html) is None
    assert "<script>" not in html  # the value is never echoed


def test_no_note_when_the_resource_also_suits_the_readers_band(client, tree, older):
    both = make_resource(
        tree,
        "For two bands",
        bands=[tree.bands.young, tree.bands.old],
        topics=[tree.topics.secrets],
    )
    assert note(client.get(f"{both.url}?band=4-7").content.decode()) is None


def test_no_note_for_a_reader_from_an_older_band(client, tree, older):
    young_resource = older["same_topic_young"]
    assert note(client.get(f"{young_resource.url}?band=14-17").content.decode()) is None


def test_no_note_for_adults_material_with_no_age_band(client, tree):
    guide = make_resource(tree, "Signs guide", topics=[tree.topics.secrets])
    assert note(client.get(f"{guide.url}?band=4-7").content.decode()) is None


def test_the_note_names_the_whole_age_range(client, tree):
    spread = make_resource(tree, "For older children", bands=[tree.bands.middle, tree.bands.old])
    text = note(client.get(f"{spread.url}?band=4-7").content.decode())
    assert "This was made for 8 to 17 year olds." in text


# -- Next steps ----------------------------------------------------------------


def next_steps(html):
    return section(html, 'aria-labelledby="next-steps-title"')


def test_related_resources_share_a_topic_and_a_band(client, tree):
    young, old = tree.bands.young, tree.bands.old
    secrets, online = tree.topics.secrets, tree.topics.online
    resource = make_resource(tree, "Good secrets", bands=[young], topics=[secrets])
    make_resource(tree, "Same topic, same band", bands=[young], topics=[secrets, online])
    make_resource(tree, "Other topic, same band", bands=[young], topics=[online])
    make_resource(tree, "Same topic, older band", bands=[old], topics=[secrets])
    make_resource(tree, "Same topic, adults", topics=[secrets])
    draft = make_resource(tree, "Same topic, same band, draft", bands=[young], topics=[secrets])
    draft.unpublish()

    html = client.get(resource.url).content.decode()
    assert card_titles(next_steps(html)) == ["Same topic, same band"]

    # From the band page, related links keep the band.
    html = client.get(f"{resource.url}?band=4-7").content.decode()
    assert card_links(next_steps(html))[0].endswith("?band=4-7")


def test_related_resources_are_a_few_newest_first(client, tree):
    young, secrets = tree.bands.young, tree.topics.secrets
    resource = make_resource(tree, "Good secrets", bands=[young], topics=[secrets])
    for n in range(6):
        make_resource(tree, f"Related {n}", bands=[young], topics=[secrets])
    html = client.get(resource.url).content.decode()
    assert card_titles(next_steps(html)) == ["Related 5", "Related 4", "Related 3"]


def test_adults_material_relates_by_topic_and_audience(client, tree):
    secrets = tree.topics.secrets
    guide = make_resource(tree, "Signs guide", topics=[secrets])
    make_resource(tree, "Talking to your child", topics=[secrets])
    make_resource(tree, "For children", bands=[tree.bands.young], topics=[secrets])
    html = client.get(guide.url).content.decode()
    assert card_titles(next_steps(html)) == ["Talking to your child"]


@pytest.fixture
def safety(home_page):
    settings = SafetySettings.for_site(Site.objects.get(is_default_site=True))
    settings.get_help_page = ContentPageFactory(parent=home_page, title="Get help", slug="help-me")
    settings.childline_number = "0800 0000 1234"
    settings.save()
    return settings


def test_next_steps_show_the_help_numbers_from_the_settings(client, tree, safety):
    resource = make_resource(tree, "Good secrets", bands=[tree.bands.young])
    steps = next_steps(client.get(resource.url).content.decode())
    assert 'class="callout"' in steps
    assert '<a href="tel:080000001234">0800 0000 1234</a>' in steps


def test_adults_material_ends_with_what_to_do_if_you_are_worried(client, tree, safety):
    guide = make_resource(tree, "Signs guide", topics=[tree.topics.secrets])
    steps = next_steps(client.get(guide.url).content.decode())
    assert '<a class="button" href="/help-me/">What to do if you are worried</a>' in steps

    safety.get_help_page = ContentPageFactory(
        parent=safety.get_help_page.get_parent(), title="Worried", slug="worried"
    )
    safety.save()
    steps = next_steps(client.get(guide.url).content.decode())
    assert 'href="/worried/">What to do if you are worried</a>' in steps


def test_young_peoples_material_does_not_show_the_adults_step(client, tree, safety):
    resource = make_resource(tree, "Good secrets", bands=[tree.bands.young])
    assert "What to do if you are worried" not in client.get(resource.url).content.decode()


# -- Cost ------------------------------------------------------------------


def test_the_page_costs_the_same_queries_however_many_credits_and_related(
    client, tree, leeds, django_assert_max_num_queries
):
    young, old, secrets = tree.bands.young, tree.bands.old, tree.topics.secrets

    def credits(n):
        return [
            ("young_person", {"name": f"Sam{chr(97 + i)}", "age_band": young, "area": leeds})
            for i in range(n)
        ]

    def queries(url):
        client.get(url)  # renditions and per-site caches
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    resource = make_resource(
        tree,
        "Good secrets",
        bands=[young],
        topics=[secrets],
        credits=credits(1),
        made_by="with-young-people",
    )
    older_one = make_resource(tree, "For teenagers", bands=[old], topics=[secrets])
    make_resource(tree, "Related 0", bands=[young], topics=[secrets], image=ImageFactory())
    baseline = queries(resource.url)
    note_baseline = queries(f"{older_one.url}?band=4-7")

    resource.credits = credits(12)
    resource.save_revision().publish()
    for n in range(1, 8):
        make_resource(tree, f"Related {n}", bands=[young], topics=[secrets], image=ImageFactory())
    client.get(resource.url)
    client.get(f"{older_one.url}?band=4-7")
    with django_assert_max_num_queries(baseline):
        html = client.get(resource.url).content.decode()
    assert html.count('class="byline"') == 12
    with django_assert_max_num_queries(note_baseline):
        client.get(f"{older_one.url}?band=4-7")
