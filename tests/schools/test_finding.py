"""Finding lesson packs: the pack library's filters, search and pages, the pack
card (here and in /search/), restricted packs, and progression to the next key stage."""

from datetime import timedelta
from urllib.parse import urlencode, urlsplit

from django.conf import settings as django_settings
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from home.factories import TopicFactory
from schools.factories import (
    CurriculumItemFactory,
    LessonPackIndexPageFactory,
    LessonPackPageFactory,
    SchoolsLandingPageFactory,
)
from schools.finding import PACK_LIBRARY_PAGE_SIZE
from schools.models import KeyStage, YearGroup
from schools.privacy import professionals_group
from schools.selectors import next_stage_packs

pytestmark = pytest.mark.django_db

LIBRARY = "/schools/lesson-packs/"


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def stage(slug):
    return KeyStage.objects.get(slug=slug)


def year(slug):
    return YearGroup.objects.get(slug=slug)


def restrict(page):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(professionals_group())
    return restriction


_clock = {"n": 0}


def make_pack(index, title, *, stages=("ks3",), years=(), topics=(), links=(), **fields):
    """A live pack under `index`, published a little after the one before."""
    _clock["n"] += 1
    published = timezone.now() - timedelta(days=1000) + timedelta(minutes=_clock["n"])
    pack = LessonPackPageFactory(
        parent=index,
        title=title,
        key_stages=[stage(slug) for slug in stages],
        first_published_at=published,
        last_published_at=published,
        **fields,
    )
    pack.year_groups.set([year(slug) for slug in years])
    pack.topics.set(list(topics))
    pack.curriculum_links.set(list(links))
    pack.save()
    return pack


@pytest.fixture
def index(home_page):
    landing = SchoolsLandingPageFactory(parent=home_page, title="Schools", slug="schools")
    return LessonPackIndexPageFactory(parent=landing, title="Lesson packs", slug="lesson-packs")


@pytest.fixture
def taxonomy(db):
    return {
        "grooming": TopicFactory(slug="grooming", name="Grooming"),
        "online": TopicFactory(slug="online-safety", name="Online safety"),
        "checked": CurriculumItemFactory(
            slug="pshe-ks2-r26",
            code="KS2 R26",
            heading="Keeping safe online",
            framework__short_name="PSHE Association",
            verified=True,
        ),
        "heading-only": CurriculumItemFactory(
            slug="rshe-2019-online",
            code="",
            heading="Online relationships",
            framework__short_name="RSHE (2019)",
            verified=True,
        ),
        "unchecked": CurriculumItemFactory(
            slug="pshe-ks3-r99",
            code="KS3 R99",
            heading="Not checked yet",
            framework__short_name="PSHE Association",
            verified=False,
        ),
        "unused": CurriculumItemFactory(
            slug="unused-item", code="KS4 H1", heading="Nobody maps to this", verified=True
        ),
    }


@pytest.fixture
def library(index, taxonomy):
    t = taxonomy
    packs = {
        "secrets": make_pack(
            index,
            "Secrets and surprises",
            stages=["ks2"],
            years=["y5", "y6"],
            topics=[t["grooming"]],
            links=[t["checked"], t["unchecked"]],
            lesson_minutes=30,
            summary="Telling a safe surprise from an unsafe secret.",
        ),
        "online": make_pack(
            index,
            "Online friends",
            stages=["ks3"],
            years=["y7"],
            topics=[t["online"]],
            links=[t["heading-only"]],
            lesson_minutes=50,
            summary="Who is really on the other side of the screen.",
        ),
        "healthy": make_pack(
            index,
            "Healthy relationships",
            stages=["ks3", "ks4"],
            years=["y9", "y10"],
            topics=[t["grooming"], t["online"]],
            lesson_minutes=60,
            lesson_count=3,
            summary="What a healthy relationship looks like, over three lessons.",
        ),
        "staff": make_pack(
            index,
            "Case studies for staff training",
            stages=["ks4"],
            topics=[t["grooming"]],
            lesson_minutes=90,
            summary="Anonymised case studies for a staff meeting.",
        ),
        "sixth": make_pack(
            index,
            "Exploitation and the law",
            stages=["ks5"],
            years=["y12"],
            topics=[t["online"]],
            lesson_minutes=45,
            summary="What the law says, for sixth formers.",
        ),
    }
    restrict(packs["staff"])
    draft = make_pack(index, "Draft pack", stages=["ks2"], topics=[t["grooming"]])
    draft.unpublish()
    return packs


ALL = {
    "Secrets and surprises",
    "Online friends",
    "Healthy relationships",
    "Case studies for staff training",
    "Exploitation and the law",
}


def listing(client, query=""):
    response = client.get(f"{LIBRARY}{query}")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def titles(soup):
    return {link.get_text(strip=True) for link in soup.select(".library__results .card__link")}


def ordered_titles(soup):
    return [link.get_text(strip=True) for link in soup.select(".library__results .card__link")]


def options(soup, group):
    """{value: (label, count)} of a filter group's checkboxes."""
    found = {}
    for box in soup.select(f'input[name="{group}"]'):
        label = soup.select_one(f'label[for="{box["id"]}"]')
        count = label.select_one(".filter-option__count").extract().get_text(" ", strip=True)
        found[box["value"]] = (label.get_text(" ", strip=True), int(count.strip("()").split()[0]))
    return found


# --- The listing ----------------------------------------------------------------


def test_lists_every_live_pack_newest_first_restricted_ones_included(client, library):
    soup = listing(client)
    assert ordered_titles(soup) == [
        "Exploitation and the law",
        "Case studies for staff training",
        "Healthy relationships",
        "Online friends",
        "Secrets and surprises",
    ]
    assert soup.select_one("#packs-results-title").get_text(" ", strip=True) == "All 5 lesson packs"
    assert soup.select_one(".pack-order").get_text(strip=True) == "Newest first."


def test_a_pack_card_shows_summary_key_stages_length_and_the_professional_tag(client, library):
    soup = listing(client)

    def card(title):
        return soup.find("a", string=title).find_parent("li")

    healthy = card("Healthy relationships")
    assert healthy.select_one(".card__description").get_text(strip=True) == (
        "What a healthy relationship looks like, over three lessons."
    )
    assert [tag.get_text(strip=True) for tag in healthy.select(".card__tag")] == [
        "Key stage 3",
        "Key stage 4",
        "3 lessons of 60 minutes each",
    ]
    staff = card("Case studies for staff training")
    assert [tag.get_text(strip=True) for tag in staff.select(".card__tag")] == [
        "Key stage 4",
        "One lesson of 90 minutes",
        "For verified professionals",
    ]
    assert staff.find("a")["href"] == "/schools/lesson-packs/case-studies-for-staff-training/"
    # Only the restricted pack carries the tag.
    assert len(soup.select(".card__tag--professional")) == 1


def test_a_restricted_pack_is_listed_but_its_page_still_refuses_anonymous_readers(client, library):
    anonymous = client.get(library["staff"].url)
    assert anonymous.status_code == 302
    assert urlsplit(anonymous["Location"]).path == django_settings.WAGTAIL_FRONTEND_LOGIN_URL
    # A public pack opens for everyone.
    assert client.get(library["online"].url).status_code == 200


def test_a_signed_in_reader_outside_the_professionals_group_is_refused_too(
    client, library, django_user_model
):
    user = django_user_model.objects.create_user("teacher@example.com", "teacher@example.com")
    client.force_login(user)
    assert client.get(library["staff"].url).status_code in (302, 403)
    # The listing still shows the pack, with its tag, to this reader.
    card = listing(client).find("a", string="Case studies for staff training").find_parent("li")
    assert card.select_one(".card__tag--professional").get_text(strip=True) == (
        "For verified professionals"
    )


FILTERS_ALONE = [
    ("?key_stage=ks2", {"Secrets and surprises"}),
    ("?key_stage=ks3", {"Online friends", "Healthy relationships"}),
    ("?key_stage=ks4", {"Healthy relationships", "Case studies for staff training"}),
    ("?key_stage=ks5", {"Exploitation and the law"}),
    ("?year=y6", {"Secrets and surprises"}),
    ("?year=y10", {"Healthy relationships"}),
    (
        "?topic=grooming",
        {"Secrets and surprises", "Healthy relationships", "Case studies for staff training"},
    ),
    (
        "?topic=online-safety",
        {"Online friends", "Healthy relationships", "Exploitation and the law"},
    ),
    ("?curriculum=pshe-ks2-r26", {"Secrets and surprises"}),
    ("?curriculum=rshe-2019-online", {"Online friends"}),
    ("?duration=up-to-30", {"Secrets and surprises"}),
    (
        "?duration=31-60",
        {"Online friends", "Healthy relationships", "Exploitation and the law"},
    ),
    ("?duration=over-60", {"Case studies for staff training"}),
    ("?professional=yes", {"Case studies for staff training"}),
]


def test_each_filter_alone(client, library):
    # One library for every case: building it is the slow part.
    for query, expected in FILTERS_ALONE:
        soup = listing(client, query)
        assert titles(soup) == expected, query
        heading = soup.select_one("#packs-results-title").get_text(" ", strip=True)
        assert heading.startswith(f"{len(expected)} lesson pack"), query


FILTERS_COMBINED = [
    # OR within a group
    ("?key_stage=ks2&key_stage=ks5", {"Secrets and surprises", "Exploitation and the law"}),
    (
        "?duration=up-to-30&duration=over-60",
        {"Secrets and surprises", "Case studies for staff training"},
    ),
    ("?topic=grooming&topic=online-safety", ALL),
    # AND across groups
    ("?key_stage=ks4&topic=online-safety", {"Healthy relationships"}),
    ("?key_stage=ks4&professional=yes", {"Case studies for staff training"}),
    ("?topic=grooming&duration=31-60", {"Healthy relationships"}),
    (
        "?key_stage=ks3&key_stage=ks4&duration=31-60&topic=online-safety",
        {"Online friends", "Healthy relationships"},
    ),
    ("?key_stage=ks2&professional=yes", set()),
    ("?curriculum=pshe-ks2-r26&curriculum=rshe-2019-online&year=y7", {"Online friends"}),
]


def test_filters_combined(client, library):
    for query, expected in FILTERS_COMBINED:
        assert titles(listing(client, query)) == expected, query


def test_the_options_and_their_counts(client, library):
    soup = listing(client, "?topic=online-safety")
    assert options(soup, "key_stage") == {
        "ks3": ("Key stage 3", 2),
        "ks4": ("Key stage 4", 1),
        "ks5": ("Key stage 5", 1),
    }
    # Within its own group an option counts as if the others were not ticked.
    assert options(soup, "topic") == {
        "grooming": ("Grooming", 3),
        "online-safety": ("Online safety", 3),
    }
    assert options(soup, "duration") == {"31-60": ("31 to 60 minutes", 3)}
    assert options(listing(client), "professional") == {"yes": ("Needs professional access", 1)}
    assert options(listing(client), "duration") == {
        "up-to-30": ("Up to 30 minutes", 1),
        "31-60": ("31 to 60 minutes", 3),
        "over-60": ("Over an hour", 1),
    }


def test_curriculum_options_are_checked_items_a_live_pack_maps_to(client, library, index, taxonomy):
    only_in_a_draft = CurriculumItemFactory(slug="draft-only", code="KS2 X1", verified=True)
    draft = make_pack(index, "Another draft", links=[only_in_a_draft])
    draft.unpublish()
    soup = listing(client)
    assert options(soup, "curriculum") == {
        "pshe-ks2-r26": ("KS2 R26 (PSHE Association)", 1),
        "rshe-2019-online": ("Online relationships (RSHE (2019))", 1),
    }
    html = str(soup)
    assert "KS3 R99" not in html and "Not checked yet" not in html
    assert "draft-only" not in html and "unused-item" not in html
    # Nor are they choices a hand-written address can make.
    for slug in ("draft-only", "unused-item"):
        assert listing(client, f"?curriculum={slug}").select_one("#packs-curriculum-error")


def test_an_unchecked_curriculum_code_in_the_address_is_explained_not_applied(client, library):
    soup = listing(client, "?curriculum=pshe-ks3-r99&key_stage=ks2")
    error = soup.select_one("#packs-curriculum-error")
    assert error is not None
    assert "We do not have the choice “pshe-ks3-r99” here." in error.get_text()
    assert titles(soup) == {"Secrets and surprises"}  # the key stage still applies


UNKNOWN_CHOICES = [
    ("?key_stage=ks9", "key_stage"),
    ("?year=y14", "year"),
    ("?topic=not-a-topic", "topic"),
    ("?curriculum=nothing", "curriculum"),
    ("?duration=forever", "duration"),
    ("?professional=maybe", "professional"),
]


def test_an_unknown_choice_gives_the_plain_message_and_the_full_list(client, library):
    for query, group in UNKNOWN_CHOICES:
        soup = listing(client, query)
        error = soup.select_one(f"#packs-{group}-error")
        assert error is not None, query
        assert "Choose from the list, or clear the filters." in error.get_text()
        assert error.find_parent("details").has_attr("open")
        assert titles(soup) == ALL, query


def test_an_unknown_choice_is_escaped(client, library):
    html = client.get(f"{LIBRARY}?key_stage=%3Cscript%3Ealert(1)%3C/script%3E").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_each_filter_in_use_has_a_link_that_removes_it(client, library):
    soup = listing(client, "?key_stage=ks4&professional=yes&q=case")
    links = {
        link.get_text(" ", strip=True): link["href"]
        for link in soup.select(".active-filters__link")
    }
    assert links["Remove the filter Key stage: Key stage 4 ×"] == "?q=case&professional=yes"
    assert links["Remove the filter Professional access: Needs professional access ×"] == (
        "?q=case&key_stage=ks4"
    )
    assert links["Clear all filters"] == f"{LIBRARY}?q=case"


def test_the_form_is_a_plain_get_form_with_the_search_words(client, library):
    soup = listing(client, "?q=online&key_stage=ks3")
    form = soup.select_one("form.library__filters")
    assert form["method"] == "get"
    assert form["action"] == LIBRARY
    assert form.select_one("#packs-q")["value"] == "online"
    assert form.select_one('label[for="packs-q"]').get_text(strip=True) == "Words to search for"
    assert form.select_one('input[name="key_stage"][value="ks3"]').has_attr("checked")


def test_the_empty_state_suggests_what_to_try(client, library):
    soup = listing(client, "?key_stage=ks2&professional=yes")
    assert titles(soup) == set()
    text = soup.select_one(".empty-state").get_text(" ", strip=True)
    assert "Nothing matches all of these filters yet." in text
    assert "Remove a filter above, one at a time." in text
    link = soup.select_one(".empty-state a")
    assert (link.get_text(strip=True), link["href"]) == ("See all 5 lesson packs", LIBRARY)


def test_an_empty_library_says_so(client, index):
    soup = listing(client)
    assert "There are no lesson packs here yet." in soup.select_one(".empty-state").get_text()


def test_filtered_searched_and_later_pages_are_not_indexed(client, library):
    def robots(query):
        return listing(client, query).select_one('meta[name="robots"]')["content"]

    assert robots("") == "index, follow"
    assert robots("?key_stage=ks3") == "noindex, follow"
    assert robots("?q=online") == "noindex, follow"


# --- Search words -------------------------------------------------------------------


def test_search_words_find_packs_best_match_first(client, library):
    soup = listing(client, "?q=online")
    # "Online friends" has the word in its title; "Healthy relationships" nowhere.
    assert ordered_titles(soup)[0] == "Online friends"
    assert "Healthy relationships" not in titles(soup)
    assert (
        soup.select_one("#packs-results-title").get_text(" ", strip=True).endswith("for “online”")
    )
    assert soup.select_one(".pack-order").get_text(strip=True) == "Best match first."
    # Every pack's objectives mention relationships; the pack with the word in
    # its title comes first.
    soup = listing(client, "?q=relationship")
    assert ordered_titles(soup)[0] == "Healthy relationships"
    assert len(ordered_titles(soup)) == 5


def test_search_words_find_restricted_packs_by_title_and_summary(client, library):
    assert titles(listing(client, "?q=anonymised")) == {"Case studies for staff training"}


def test_search_words_and_filters_combine(client, library):
    assert titles(listing(client, "?q=three+lessons")) == {"Healthy relationships"}
    assert titles(listing(client, "?q=three+lessons&key_stage=ks2")) == set()
    soup = listing(client, "?q=law&key_stage=ks5")
    assert titles(soup) == {"Exploitation and the law"}
    # The counts are of the packs the words found.
    assert options(soup, "key_stage") == {"ks5": ("Key stage 5", 1)}


def test_search_words_that_find_nothing_say_so(client, library):
    soup = listing(client, "?q=xylophone")
    assert titles(soup) == set()
    text = soup.select_one(".empty-state").get_text(" ", strip=True)
    assert "No lesson pack matches these words yet." in text
    assert "Use fewer or different words." in text


def test_search_words_too_long_are_explained_and_kept(client, library):
    words = "online friends " * 10
    soup = listing(client, "?" + urlencode({"q": words}))
    assert soup.select_one("#packs-q-error").get_text(" ", strip=True) == (
        "Error: Search for 100 characters or fewer."
    )
    assert soup.select_one("#packs-q")["value"] == words
    assert titles(soup) == ALL


def test_the_search_leaves_out_draft_packs(client, library):
    assert titles(listing(client, "?q=pack")) == set()  # only the draft has the word
    assert titles(listing(client, "?q=online")) == {"Online friends"}
    library["online"].unpublish()
    assert titles(listing(client, "?q=online")) == set()


# --- Pages ----------------------------------------------------------------------------


def test_pages_of_twelve_keep_the_filters(client, library, index):
    for n in range(PACK_LIBRARY_PAGE_SIZE + 3):
        make_pack(index, f"Extra key stage 2 pack {n:02}", stages=["ks2"])
    first = listing(client, "?key_stage=ks2")
    assert len(titles(first)) == PACK_LIBRARY_PAGE_SIZE
    assert first.select_one(".pagination a[rel=next]")["href"] == "?key_stage=ks2&page=2"
    assert "Page 1 of 2" in first.select_one(".pagination").get_text()
    second = listing(client, "?key_stage=ks2&page=2")
    assert len(titles(second)) == 16 - PACK_LIBRARY_PAGE_SIZE
    assert titles(first) | titles(second) == {
        "Secrets and surprises",
        *(f"Extra key stage 2 pack {n:02}" for n in range(PACK_LIBRARY_PAGE_SIZE + 3)),
    }
    assert titles(listing(client, "?key_stage=ks2&page=99")) == titles(second)
    assert titles(listing(client, "?key_stage=ks2&page=two")) == titles(first)


# --- Queries -------------------------------------------------------------------------

QUERIES = [
    "",
    "?key_stage=ks3&key_stage=ks4&topic=grooming",
    "?year=y9&duration=31-60&professional=yes&curriculum=pshe-ks2-r26",
    "?q=pack&key_stage=ks3",
    "?key_stage=ks3&page=2",
]


def add_packs(index, taxonomy, start, stop):
    for n in range(start, stop):
        pack = make_pack(
            index,
            f"Numbered pack {n}",
            stages=["ks3", "ks4"],
            years=["y9", "y10"],
            topics=[taxonomy["grooming"], taxonomy["online"]],
            links=[taxonomy["checked"], taxonomy["heading-only"]],
            lesson_minutes=45,
        )
        if n % 2:
            restrict(pack)


def test_the_listing_costs_the_same_at_3_and_15_packs(
    client, index, taxonomy, django_assert_max_num_queries
):
    add_packs(index, taxonomy, 0, 3)
    at_three = {}
    for query in QUERIES:
        client.get(f"{LIBRARY}{query}")
        with CaptureQueriesContext(connection) as captured:
            listing(client, query)
        at_three[query] = len(captured)
    add_packs(index, taxonomy, 3, 15)
    for query in QUERIES:
        with django_assert_max_num_queries(at_three[query]):
            soup = listing(client, query)
        if query == "":
            assert len(titles(soup)) == PACK_LIBRARY_PAGE_SIZE
            assert len(soup.select(".card__tag--professional")) == PACK_LIBRARY_PAGE_SIZE // 2
    assert len(titles(listing(client, "?key_stage=ks3&page=2"))) == 3


# --- /search/ ---------------------------------------------------------------------------


def test_site_search_shows_public_packs_as_pack_cards(client, library):
    response = client.get("/search/?q=online+friends")
    soup = BeautifulSoup(response.content, "html.parser")
    card = soup.find("a", string="Online friends").find_parent("li")
    assert "card--pack" in card["class"]
    assert [tag.get_text(strip=True) for tag in card.select(".card__tag")] == [
        "Key stage 3",
        "One lesson of 50 minutes",
    ]
    assert card.select_one(".card__description").get_text(strip=True) == (
        "Who is really on the other side of the screen."
    )


def test_site_search_keeps_restricted_packs_out(client, library):
    soup = BeautifulSoup(client.get("/search/?q=anonymised").content, "html.parser")
    assert soup.find("a", string="Case studies for staff training") is None


# --- Progression ------------------------------------------------------------------------


def progression(page):
    request = RequestFactory().get(page.url)
    return next_stage_packs(page, request)


def test_progression_offers_packs_for_the_next_key_stage_sharing_a_topic_first(index, taxonomy):
    t = taxonomy
    this = make_pack(index, "Year 6 online safety", stages=["ks2"], topics=[t["online"]])
    shares = make_pack(index, "KS3 online", stages=["ks3"], topics=[t["online"]])
    # Newer, but on another topic: listed after the pack that shares one.
    other_topic = make_pack(index, "KS3 grooming", stages=["ks3"], topics=[t["grooming"]])
    make_pack(index, "KS4 online", stages=["ks4"], topics=[t["online"]])
    make_pack(index, "Another KS2 pack", stages=["ks2"], topics=[t["online"]])
    cards = progression(this)
    assert cards.key_stage == "Key stage 3"
    assert [card["title"] for card in cards] == [shares.title, other_topic.title]
    assert cards[0]["url"] == shares.url


def test_progression_starts_after_the_highest_key_stage_and_lists_at_most_three(index, taxonomy):
    this = make_pack(index, "Across 3 and 4", stages=["ks3", "ks4"])
    for n in range(5):
        make_pack(index, f"Sixth form {n}", stages=["ks5"])
    make_pack(index, "Key stage 4 only", stages=["ks4"])
    cards = progression(this)
    assert cards.key_stage == "Key stage 5"
    assert [card["title"] for card in cards] == ["Sixth form 4", "Sixth form 3", "Sixth form 2"]


def test_progression_lists_restricted_packs_with_their_tag_and_leaves_out_drafts(index):
    this = make_pack(index, "Key stage 3 pack", stages=["ks3"])
    restrict(make_pack(index, "Staff case studies", stages=["ks4"]))
    make_pack(index, "Unfinished", stages=["ks4"]).unpublish()
    cards = progression(this)
    assert [(card["title"], card["professional"]) for card in cards] == [
        ("Staff case studies", True)
    ]


def test_no_progression_after_key_stage_5_or_when_nothing_is_next(index):
    last = make_pack(index, "Sixth form", stages=["ks5"])
    assert list(progression(last)) == []
    lonely = make_pack(index, "Key stage 1 pack", stages=["ks1"])
    assert list(progression(lonely)) == []


def test_progression_costs_the_same_at_1_and_15_packs(
    index, taxonomy, django_assert_max_num_queries
):
    this = make_pack(index, "Start", stages=["ks2"], topics=[taxonomy["online"]])
    make_pack(index, "Next 0", stages=["ks3"], topics=[taxonomy["online"]])
    with CaptureQueriesContext(connection) as captured:
        assert len(progression(this)) == 1
    for n in range(1, 15):
        restrict(make_pack(index, f"Next {n}", stages=["ks3"], topics=[taxonomy["online"]]))
    with django_assert_max_num_queries(len(captured)):
        cards = progression(this)
        assert len(cards) == 3


def test_the_progression_section_is_titled_and_empty_renders_nothing(index, rf):
    from django.template.loader import render_to_string

    this = make_pack(index, "Key stage 2 pack", stages=["ks2"])
    make_pack(index, "Key stage 3 pack", stages=["ks3"], summary="The next step.")
    html = render_to_string(
        "components/pack_progression.html", {"progression_cards": progression(this)}
    )
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("h2").get_text(strip=True) == "Next steps: key stage 3"
    assert soup.select_one(".card__link").get_text(strip=True) == "Key stage 3 pack"
    empty = render_to_string(
        "components/pack_progression.html",
        {"progression_cards": progression(make_pack(index, "Last", stages=["ks5"]))},
    )
    assert empty.strip() == ""


def test_a_restriction_on_an_ancestor_makes_every_pack_below_it_restricted(index, rf):
    from schools.cards import lesson_pack_card_context, prepare_lesson_pack_cards
    from schools.finding import restricted_q
    from schools.models import LessonPackPage

    public = make_pack(index, "Public pack")
    landing = index.get_parent()
    other_index = LessonPackIndexPageFactory(parent=landing, title="Staff only", slug="staff-only")
    below = make_pack(other_index, "Below a restricted library")
    restrict(other_index)
    restricted = set(LessonPackPage.objects.filter(restricted_q()).values_list("title", flat=True))
    assert restricted == {"Below a restricted library"}
    request = rf.get("/")
    cards = {
        card["title"]: card["professional"]
        for card in (
            lesson_pack_card_context(page, request)
            for page in prepare_lesson_pack_cards(LessonPackPage.objects.all())
        )
    }
    assert cards == {"Public pack": False, "Below a restricted library": True}
    # A pack loaded some other way is checked with its ancestors too.
    assert lesson_pack_card_context(below, request)["professional"] is True
    assert lesson_pack_card_context(public, request)["professional"] is False
