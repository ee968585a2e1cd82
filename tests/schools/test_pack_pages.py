"""A lesson pack page and a toolkit page, as a teacher reads and prints them.

"Before you teach" first; the facts, objectives, checked curriculum links and
the lesson plan; each file described before its link, professional-only files
behind sign-in; the whole pack as one download; the same number of queries
with 1 file or 10; and the page stays in the page cache for readers with no
cookies.
"""

import datetime
import html
import json
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest
import tinycss2
from bs4 import BeautifulSoup

from home.factories import AgeBandFactory, DocumentFactory
from home.page_cache import store, warming
from schools.factories import (
    BEFORE_YOU_TEACH,
    CurriculumFrameworkFactory,
    CurriculumItemFactory,
    LessonPackFileFactory,
    LessonPackIndexPageFactory,
    LessonPackPageFactory,
    SchoolsLandingPageFactory,
    SchoolToolkitPageFactory,
)
from schools.models import KeyStage, LessonPackPage, ToolkitFile, YearGroup
from schools.privacy import professionals_collection, professionals_group
from tests.page_resources import inline_code

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Measure and read fresh renders, not the page cache."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def schools(home_page):
    return SchoolsLandingPageFactory(parent=home_page, title="Schools", slug="schools")


@pytest.fixture
def library(schools):
    return LessonPackIndexPageFactory(parent=schools, slug="lesson-packs")


@pytest.fixture
def pack(library):
    return LessonPackPageFactory(parent=library, title="Healthy friendships", slug="friendships")


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def text_of(element):
    return " ".join(element.get_text(" ").split())


@pytest.fixture
def professional():
    """Sign `client` in as a verified professional (a password is their light
    verification: no second factor outside the admin, home/accounts/middleware.py)."""

    def sign_in(client):
        user = get_user_model().objects.create_user("teacher@school.sch.uk", password="unused")
        user.groups.add(professionals_group())
        client.force_login(user)
        return client

    return sign_in


def restricted_document(**kwargs):
    return DocumentFactory(collection=professionals_collection(), **kwargs)


# --- "Before you teach" comes first -------------------------------------------


def test_before_you_teach_is_the_first_thing_after_the_header(client, pack):
    article = soup_of(client.get(pack.url)).find("article")
    header = article.find("header")
    first_section = header.find_next_sibling()
    assert first_section.name == "section"
    assert first_section["class"] == ["before-you-teach"]
    assert [text_of(h) for h in article.find_all("h2")][0] == "Before you teach"
    panel = text_of(first_section)
    for heading in (
        "Ground rules",
        "Distancing techniques",
        "If a pupil tells you something",
        "Tell your designated safeguarding lead before the lesson",
        "Signposting for pupils",
    ):
        assert heading in panel
    assert "do not promise to keep it secret" in panel
    assert "Childline: 0800 1111" in panel


# --- Facts, objectives, curriculum ---------------------------------------------


def test_the_facts_list_says_who_it_is_for_how_long_and_how_current(client, library):
    pack = LessonPackPageFactory(
        parent=library,
        key_stages=list(KeyStage.objects.filter(slug__in=["ks3", "ks4"])),
        lesson_count=2,
        lesson_minutes=45,
        version="2.1",
        last_reviewed=datetime.date(2026, 9, 1),
        next_review=datetime.date(2027, 9, 1),
    )
    pack.year_groups.set(YearGroup.objects.filter(name__in=["Year 9", "Year 10"]))
    pack.age_bands.set([AgeBandFactory(slug="13-15", name="13 to 15", min_age=13, max_age=15)])
    pack.save()

    facts = soup_of(client.get(pack.url)).find("dl", class_="pack-facts")
    pairs = {text_of(dt): text_of(dt.find_next_sibling("dd")) for dt in facts.find_all("dt")}
    assert pairs == {
        "Key stages": "Key stage 3, Key stage 4",
        "Year groups": "Year 9, Year 10",
        "Ages": "13 to 15",
        "Lessons": "2 lessons of 45 minutes each",
        "Version": "2.1",
        "Last reviewed": "1 September 2026",
        "Next review": "1 September 2027",
    }


def test_ages_come_from_the_key_stages_when_no_age_band_is_set(client, library):
    pack = LessonPackPageFactory(
        parent=library, key_stages=list(KeyStage.objects.filter(slug__in=["ks2", "ks3"]))
    )
    facts = soup_of(client.get(pack.url)).find("dl", class_="pack-facts")
    assert "Ages 7 to 14" in text_of(facts)
    assert "1 lesson of 50 minutes" in text_of(facts)


def test_objectives_and_outcomes_are_lists_one_line_each(client, library):
    pack = LessonPackPageFactory(
        parent=library,
        learning_objectives="What grooming is\n\n  Why it is never the young person's fault  \n",
        learning_outcomes="Name two signs\nSay who they could tell",
    )
    article = soup_of(client.get(pack.url)).find("article")
    lists = {
        text_of(heading): [text_of(li) for li in heading.find_next("ul").find_all("li")]
        for heading in article.find_all("h3")
        if text_of(heading) in ("Learning objectives", "Learning outcomes")
    }
    assert lists == {
        "Learning objectives": ["What grooming is", "Why it is never the young person's fault"],
        "Learning outcomes": ["Name two signs", "Say who they could tell"],
    }


def test_only_checked_curriculum_links_are_shown_grouped_by_framework(client, pack):
    pshe = CurriculumFrameworkFactory(short_name="PSHE Association", sort_order=2)
    rshe = CurriculumFrameworkFactory(short_name="RSHE (2019)", sort_order=1)
    coded = CurriculumItemFactory(framework=pshe, code="KS3 R26", heading="Healthy relationships")
    by_heading = CurriculumItemFactory(framework=rshe, code="", heading="Being safe")
    unchecked = CurriculumItemFactory(
        framework=pshe, code="KS3 R99", heading="Not yet checked", verified=False
    )
    pack.curriculum_links.set([coded, by_heading, unchecked])
    pack.save()

    section = soup_of(client.get(pack.url)).find(id="pack-curriculum-title").parent
    groups = [
        (text_of(h3), [text_of(li) for li in h3.find_next("ul").find_all("li")])
        for h3 in section.find_all("h3")
    ]
    assert groups == [
        ("RSHE (2019)", ["Being safe"]),
        ("PSHE Association", ["KS3 R26 Healthy relationships"]),
    ]
    assert section.find("strong", class_="pack-curriculum__code").get_text() == "KS3 R26"
    assert "KS3 R99" not in text_of(section)
    assert "Not yet checked" not in text_of(section)


def test_no_curriculum_section_when_no_link_is_checked(client, pack):
    pack.curriculum_links.set([CurriculumItemFactory(code="KS3 R99", verified=False)])
    pack.save()
    html = client.get(pack.url).content.decode()
    assert "Curriculum links" not in html
    assert "KS3 R99" not in html


# --- The lesson plan -------------------------------------------------------------


def section_text(title, minutes, text):
    return {"title": title, "minutes": minutes, "text": text}


def test_the_lesson_plan_shows_each_section_its_timing_and_the_total(client, pack):
    pack.lesson_plan = [
        ("starter", section_text("Agree the ground rules", 5, "<p>Read the rules aloud.</p>")),
        (
            "activity",
            {
                **section_text("Spot the signs", 20, "<p>Read the story of Sam.</p>"),
                "resources": "Worksheet 1, slides 3 to 6",
            },
        ),
        ("activity", section_text("What could Sam do?", 15, "<p>Groups of three.</p>")),
        ("plenary", section_text("Who can you tell?", 10, "<p>Name a trusted adult.</p>")),
        ("differentiation", "<p>Give the story as pictures for pupils who need it.</p>"),
        (
            "assessment",
            {"baseline": "<p>Draw a safe friend.</p>", "end_point": "<p>Add three signs.</p>"},
        ),
    ]
    pack.save()

    plan = soup_of(client.get(pack.url)).find("div", class_="lesson-plan")
    assert text_of(plan.find(class_="lesson-plan__total")) == "Total time: 50 minutes."
    sections = [
        (
            text_of(section.find("h3")),
            text_of(minutes) if (minutes := section.find(class_="lesson-plan__minutes")) else None,
        )
        for section in plan.find_all("section")
    ]
    assert sections == [
        ("Starter: Agree the ground rules", "5 minutes"),
        ("Activity: Spot the signs", "20 minutes"),
        ("Activity: What could Sam do?", "15 minutes"),
        ("Plenary: Who can you tell?", "10 minutes"),
        ("Differentiation and SEND", None),
        ("Assessment", None),
    ]
    text = text_of(plan)
    assert "What you need: Worksheet 1, slides 3 to 6" in text
    assert "Give the story as pictures for pupils who need it." in text
    assert "Baseline activity Draw a safe friend." in text
    assert "End-point activity Add three signs." in text


# --- Files ------------------------------------------------------------------------


def test_each_file_says_what_it_is_before_its_link(client, pack):
    document = DocumentFactory(title="Slides file")
    document.page_count = 12
    document.save()
    LessonPackFileFactory(
        page=pack,
        document=document,
        kind="slides",
        title="Lesson slides",
        description="Show these in the lesson, one scene at a time.",
    )
    item = soup_of(client.get(pack.url)).find("li", class_="pack-file")
    parts = [text_of(p) for p in item.find_all(["h3", "p"])]
    assert parts == [
        "Lesson slides",
        "Show these in the lesson, one scene at a time.",
        "Slides: PDF, 1 KB, 12 pages",
        "Download Lesson slides",
    ]
    assert item.find("a")["href"] == document.url


def test_a_file_with_no_known_page_count_says_type_and_size_only(client, pack):
    LessonPackFileFactory(page=pack, document=DocumentFactory(title="Worksheet one"))
    item = soup_of(client.get(pack.url)).find("li", class_="pack-file")
    assert text_of(item.find(class_="pack-file__meta")) == "Worksheet: PDF, 1 KB"


def test_file_titles_and_descriptions_are_escaped(client, pack):
    LessonPackFileFactory(
        page=pack, title="<script>alert(1)</script>", description="<b>bold</b> & co"
    )
    html = client.get(pack.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in html


def test_a_professional_only_file_is_a_sign_in_link_for_an_anonymous_reader(client, pack):
    secret = restricted_document(title="Case studies")
    LessonPackFileFactory(page=pack, document=secret, kind="case-study")
    LessonPackFileFactory(page=pack, document=DocumentFactory(title="Worksheet"))

    response = client.get(pack.url)
    items = soup_of(response).find_all("li", class_="pack-file")
    restricted, public = items
    assert text_of(restricted.find(class_="pack-file__tag")) == "For verified professionals"
    link = restricted.find("a")
    assert link["href"] == "/professionals/sign-in/?next=" + quote(pack.url, safe="")
    assert text_of(link) == "Sign in as a verified professional to download Case studies"
    assert secret.url not in response.content.decode()
    assert public.find(class_="pack-file__tag") is None
    assert public.find("a")["href"].startswith("/documents/")
    note = text_of(soup_of(response).find(class_="pack__note"))
    assert "Files for verified professionals are in it only when you are signed in as one." in note


def test_a_verified_professional_gets_the_file_link(client, pack, professional):
    secret = restricted_document(title="Case studies")
    LessonPackFileFactory(page=pack, document=secret, kind="case-study")
    professional(client)
    item = soup_of(client.get(pack.url)).find("li", class_="pack-file")
    assert text_of(item.find(class_="pack-file__tag")) == "For verified professionals"
    assert item.find("a")["href"] == secret.url


def test_a_signed_in_user_who_is_not_a_professional_gets_the_sign_in_link(client, pack):
    secret = restricted_document(title="Case studies")
    LessonPackFileFactory(page=pack, document=secret, kind="case-study")
    client.force_login(get_user_model().objects.create_user("someone@example.com"))
    response = client.get(pack.url)
    assert secret.url not in response.content.decode()
    assert (
        soup_of(response)
        .find("li", class_="pack-file")
        .find("a")["href"]
        .startswith("/professionals/sign-in/?next=")
    )


# --- The whole pack, feedback, progression ------------------------------------------


def test_the_page_links_to_the_whole_pack_and_to_feedback(client, pack):
    soup = soup_of(client.get(pack.url))
    download = soup.find("a", string="Download the whole pack")
    assert download["href"] == pack.url + "download/"
    assert "lesson plan as a PDF" in text_of(soup.find(class_="pack__note"))
    assert "only when you are signed in" not in text_of(soup.find(class_="pack__note"))
    assert soup.find("a", string="How did this lesson go?")["href"] == pack.url + "feedback/"


def test_the_progression_cards_reach_their_component(client, pack, monkeypatch):
    # The finding work fills next_stage_packs and the component; the page passes one to the other.
    import schools.selectors

    seen = []

    def next_stage_packs(page, request):
        seen.append(page.pk)
        return ["a card"]

    monkeypatch.setattr(schools.selectors, "next_stage_packs", next_stage_packs)
    response = client.get(pack.url)
    assert seen == [pack.pk]
    assert response.context["progression_cards"] == ["a card"]
    assert "components/pack_progression.html" in [t.name for t in response.templates]


# --- The page rules ------------------------------------------------------------------


def test_pages_extend_the_base_with_quick_exit_and_help_and_no_inline_code(
    client, schools, library, pack
):
    LessonPackFileFactory(page=pack)
    toolkit = SchoolToolkitPageFactory(parent=schools)
    for page in (schools, pack, toolkit):
        response = client.get(page.url)
        html = response.content.decode()
        assert "base.html" in [t.name for t in response.templates], page
        soup = soup_of(response)
        assert soup.find(class_="exit-this-page"), page
        assert soup.find(class_="help-strip"), page
        assert len(soup.find_all("h1")) == 1
        assert inline_code(html) == [], page


def linked_stylesheets(soup):
    """The site's stylesheets a page links to, as files under static/."""
    static = Path(settings.BASE_DIR) / "static"
    return [
        static / link["href"].removeprefix(settings.STATIC_URL)
        for link in soup.select('link[rel="stylesheet"]')
    ]


def print_rules(paths):
    """(selectors, declarations) of every rule inside `@media print` in these stylesheets."""
    css = "\n".join(path.read_text() for path in paths)
    found = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        is_print = (
            rule.type == "at-rule"
            and rule.lower_at_keyword == "media"
            and tinycss2.serialize(rule.prelude).strip() == "print"
        )
        if not is_print:
            continue
        for inner in tinycss2.parse_rule_list(rule.content, True, True):
            if inner.type == "qualified-rule":
                found.append(
                    (
                        tinycss2.serialize(inner.prelude),
                        tinycss2.serialize(inner.content).replace(" ", ""),
                    )
                )
    return found


def test_a_printed_pack_leaves_out_the_site_header_help_strip_and_buttons(client, pack):
    soup = soup_of(client.get(pack.url))
    assert "print-plain" in soup.find("body")["class"]
    hidden = {
        selector.strip()
        for selectors, declarations in print_rules(linked_stylesheets(soup))
        if "display:none" in declarations
        for selector in selectors.split(",")
    }
    for part in ("site-header", "help-strip", "exit-this-page", "pack__actions"):
        assert any(selector.endswith("." + part) for selector in hidden), part


def test_a_pack_with_a_professional_only_file_stays_in_the_page_cache(pack, settings):
    """No form, no CSRF token, no session opened: the warmer stores the page."""
    settings.PAGE_CACHE_SECONDS = 60
    store.forget_process_state()
    LessonPackFileFactory(page=pack, document=restricted_document())
    LessonPackFileFactory(page=pack)
    report = warming.warm(store.bump_generation())
    key = f"{pack.get_site().pk}{pack.url}"
    assert report.refused.get(key) is None
    assert key in report.stored
    store.forget_process_state()


# --- Queries -------------------------------------------------------------------------


def rich_pack(library, slug, files):
    pack = LessonPackPageFactory(
        parent=library, slug=slug, key_stages=list(KeyStage.objects.filter(slug="ks3"))
    )
    pack.year_groups.set(YearGroup.objects.filter(name__in=["Year 7", "Year 8"]))
    pack.age_bands.set([AgeBandFactory(slug="11-13", name="11 to 13", min_age=11, max_age=13)])
    framework = CurriculumFrameworkFactory()
    pack.curriculum_links.set(
        [CurriculumItemFactory(framework=framework), CurriculumItemFactory(code="R1")]
    )
    pack.save()
    for n in range(files):
        document = DocumentFactory() if n % 2 else restricted_document()
        LessonPackFileFactory(page=pack, document=document)
    return pack


def queries_for(client, url):
    client.get(url)  # the first read fills each document's stored size
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# A ceiling with some room for what the page's other parts add (the progression
# cards): 24 queries for a reader with no cookies and 33 signed in when written.
@pytest.mark.parametrize("reader,ceiling", [("anonymous", 30), ("professional", 40)])
def test_a_pack_with_ten_files_costs_the_same_queries_as_one(
    client, library, reader, ceiling, professional, django_assert_max_num_queries
):
    if reader == "professional":
        professional(client)
    one = rich_pack(library, "one-file", files=1)
    ten = rich_pack(library, "ten-files", files=10)
    baseline = queries_for(client, one.url)
    assert queries_for(client, ten.url) == baseline
    with django_assert_max_num_queries(ceiling):
        html = client.get(ten.url).content.decode()
    assert html.count('class="pack-file"') == 10
    downloadable = html.count('class="pack-file__link" href="/documents/')
    assert downloadable == (10 if reader == "professional" else 5)


# --- The toolkit -----------------------------------------------------------------------


def test_the_toolkit_lists_its_files_and_downloads_everything(client, schools):
    toolkit = SchoolToolkitPageFactory(
        parent=schools, slug="toolkit", intro="For the whole staff team."
    )
    ToolkitFile.objects.create(
        page=toolkit,
        document=DocumentFactory(title="policy.docx"),
        kind="policy",
        title="Safeguarding policy template",
        description="Adapt it to your school.",
    )
    ToolkitFile.objects.create(
        page=toolkit, document=restricted_document(title="Briefing"), kind="briefing"
    )
    soup = soup_of(client.get(toolkit.url))
    assert text_of(soup.find("h1")) == "Whole-school toolkit"
    items = soup.find_all("li", class_="pack-file")
    assert [text_of(item.find("h3")) for item in items] == [
        "Safeguarding policy template",
        "Briefing",
    ]
    assert "Policy template: PDF, 1 KB" in text_of(items[0])
    assert text_of(items[1].find(class_="pack-file__tag")) == "For verified professionals"
    assert items[1].find("a")["href"].startswith("/professionals/sign-in/?next=")
    download = soup.find("a", string="Download everything")
    assert download["href"] == toolkit.url + "download/"


# --- "Before you teach" is required before publishing ---------------------------------

BYT_MESSAGE = (
    "A lesson pack cannot be published without “Before you teach”. Add it and fill in all "
    "five parts: teachers need them before the lesson."
)


def byt_errors(raised):
    return list(raised.value.error_dict["before_you_teach"][0].non_block_errors)


@pytest.fixture
def draft_without_byt(library):
    return LessonPackPageFactory(parent=library, slug="draft", live=False, before_you_teach=[])


def test_a_draft_may_be_saved_without_before_you_teach(draft_without_byt):
    revision = draft_without_byt.save_revision()
    assert revision.content["before_you_teach"] == "[]"
    assert not LessonPackPage.objects.get(pk=draft_without_byt.pk).live


def test_publishing_a_revision_without_before_you_teach_is_refused(draft_without_byt):
    revision = draft_without_byt.save_revision()
    with pytest.raises(ValidationError) as raised:
        revision.publish()
    assert byt_errors(raised) == [BYT_MESSAGE]
    page = LessonPackPage.objects.get(pk=draft_without_byt.pk)
    assert not page.live
    assert page.live_revision is None


@pytest.mark.parametrize("part", list(BEFORE_YOU_TEACH))
def test_publishing_with_a_part_of_before_you_teach_left_empty_is_refused(draft_without_byt, part):
    """Code that saves a page (an import, a script) never meets the editor's
    form: the model's rule checks each part."""
    draft_without_byt.before_you_teach = [
        ("before_you_teach", {**BEFORE_YOU_TEACH, part: "<p> </p>"})
    ]
    with pytest.raises(ValidationError) as raised:
        draft_without_byt.save_revision().publish()
    assert byt_errors(raised) == [BYT_MESSAGE]


def test_publishing_with_two_before_you_teach_blocks_is_refused(draft_without_byt):
    draft_without_byt.before_you_teach = [("before_you_teach", BEFORE_YOU_TEACH)] * 2
    with pytest.raises(ValidationError):
        draft_without_byt.save_revision().publish()


def test_publishing_a_revision_with_before_you_teach_goes_live(draft_without_byt):
    draft_without_byt.before_you_teach = [("before_you_teach", BEFORE_YOU_TEACH)]
    draft_without_byt.save_revision().publish()
    page = LessonPackPage.objects.get(pk=draft_without_byt.pk)
    assert page.live
    assert (
        page.before_you_teach[0].value["ground_rules"].source == (BEFORE_YOU_TEACH["ground_rules"])
    )


# --- In the editor -------------------------------------------------------------------------


def byt_form_value():
    return {name: rich_text(source) for name, source in BEFORE_YOU_TEACH.items()}


def pack_form(pack, *, before_you_teach, **changes):
    data = nested_form_data(
        {
            "title": pack.title,
            "slug": pack.slug,
            "summary": pack.summary,
            "lesson_count": str(pack.lesson_count),
            "lesson_minutes": str(pack.lesson_minutes),
            "before_you_teach": streamfield(
                [("before_you_teach", byt_form_value())] if before_you_teach else []
            ),
            "learning_objectives": pack.learning_objectives,
            "learning_outcomes": pack.learning_outcomes,
            "lesson_plan": streamfield([]),
            "pack_files": inline_formset([]),
            "intro": "",
            "body": streamfield([]),
            "version": pack.version,
            "last_reviewed": "",
            "next_review": "",
            "seo_title": "",
            "search_description": "",
            "comment_notifications": "",
            **changes,
        }
    )
    data["key_stages"] = [str(stage.pk) for stage in KeyStage.objects.filter(slug="ks3")]
    return data


def edit(admin_client, page, data):
    return admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def assert_refused_with_the_message(response, typed_summary):
    assert response.status_code == 200
    form = response.context["form"]
    message = list(form.errors["before_you_teach"].as_data()[0].non_block_errors)
    assert message == [BYT_MESSAGE]
    # The StreamField editor reads its errors as JSON and shows them above the field.
    page_html = html.unescape(response.content.decode())
    assert json.dumps({"messages": [BYT_MESSAGE]}) in page_html
    # What the editor typed comes back in the form.
    assert form["summary"].value() == typed_summary
    assert typed_summary in page_html


@pytest.mark.parametrize("action", ["action-publish", "action-submit"])
def test_the_editor_refuses_to_publish_or_submit_without_before_you_teach(
    admin_client, draft_without_byt, action
):
    revisions_before = draft_without_byt.revisions.count()
    typed = "A new summary the editor has just typed about online friendships."
    data = pack_form(draft_without_byt, before_you_teach=False, summary=typed)
    data[action] = action
    response = edit(admin_client, draft_without_byt, data)

    assert_refused_with_the_message(response, typed)
    page = LessonPackPage.objects.get(pk=draft_without_byt.pk)
    assert not page.live
    assert page.revisions.count() == revisions_before
    assert page.summary != typed


def test_the_editor_saves_a_draft_without_before_you_teach(admin_client, draft_without_byt):
    typed = "A summary saved in a draft."
    response = edit(
        admin_client,
        draft_without_byt,
        pack_form(draft_without_byt, before_you_teach=False, summary=typed),
    )
    assert response.status_code == 302, response.context["form"].errors
    page = LessonPackPage.objects.get(pk=draft_without_byt.pk)
    assert not page.live
    assert page.get_latest_revision_as_object().summary == typed


def test_the_editor_publishes_a_pack_with_before_you_teach(admin_client, draft_without_byt):
    data = pack_form(draft_without_byt, before_you_teach=True)
    data["action-publish"] = "action-publish"
    response = edit(admin_client, draft_without_byt, data)
    assert response.status_code == 302, response.context["form"].errors
    page = LessonPackPage.objects.get(pk=draft_without_byt.pk)
    assert page.live
    assert page.live_revision == page.latest_revision
    assert len(page.before_you_teach) == 1


def test_a_live_pack_can_be_drafted_without_it_but_not_republished(admin_client, pack):
    draft = pack_form(pack, before_you_teach=False, summary="Work in progress.")
    assert edit(admin_client, pack, draft).status_code == 302
    page = LessonPackPage.objects.get(pk=pack.pk)
    assert page.live
    assert len(page.before_you_teach) == 1  # readers still see it
    assert page.has_unpublished_changes

    data = pack_form(pack, before_you_teach=False, summary="Work in progress.")
    data["action-publish"] = "action-publish"
    assert_refused_with_the_message(edit(admin_client, pack, data), "Work in progress.")
    assert len(LessonPackPage.objects.get(pk=pack.pk).before_you_teach) == 1


def test_a_new_pack_is_created_as_a_draft_but_not_published_without_it(admin_client, library):
    add_url = reverse("wagtailadmin_pages:add", args=["schools", "lessonpackpage", library.pk])
    new = LessonPackPage(
        title="Online friends",
        slug="online-friends",
        summary="Who is really there.",
        lesson_count=1,
        lesson_minutes=50,
        learning_objectives="One",
        learning_outcomes="Two",
    )
    publish = pack_form(new, before_you_teach=False)
    publish["action-publish"] = "action-publish"
    assert_refused_with_the_message(admin_client.post(add_url, publish), "Who is really there.")
    assert not LessonPackPage.objects.filter(slug="online-friends").exists()

    response = admin_client.post(add_url, pack_form(new, before_you_teach=False))
    assert response.status_code == 302, response.context["form"].errors
    created = LessonPackPage.objects.get(slug="online-friends")
    assert not created.live


def test_each_field_appears_once_in_the_editor(admin_client, pack):
    page_html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[pack.pk])).content
    page_html = page_html.decode()
    for name in ("age_bands", "last_reviewed", "next_review", "audiences", "topics"):
        assert page_html.count(f'name="{name}"') == 1, name


def bulk_publish(admin_client, *pages, include_descendants=False):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    query = "&".join(f"id={page.pk}" for page in pages) + "&next=/admin/pages/"
    data = {"include_descendants": "on"} if include_descendants else {}
    return admin_client.post(f"{url}?{query}", data, follow=True)


def test_bulk_publishing_a_pack_without_before_you_teach_publishes_nothing(
    admin_client, library, draft_without_byt
):
    ready = LessonPackPageFactory(parent=library, slug="ready", live=False)
    ready.save_revision()
    draft_without_byt.save_revision()
    response = bulk_publish(admin_client, ready, draft_without_byt)
    assert response.status_code == 200
    messages = [str(message) for message in response.context["messages"]]
    assert any("Nothing was published" in m and draft_without_byt.title in m for m in messages)
    assert not LessonPackPage.objects.filter(pk__in=[ready.pk, draft_without_byt.pk], live=True)


def test_bulk_publishing_the_library_with_its_drafts_checks_the_packs_below(
    admin_client, library, draft_without_byt
):
    draft_without_byt.save_revision()
    bulk_publish(admin_client, library, include_descendants=True)
    assert not LessonPackPage.objects.get(pk=draft_without_byt.pk).live


def test_bulk_publishing_complete_packs_publishes_them(admin_client, library):
    ready = LessonPackPageFactory(parent=library, slug="ready", live=False)
    ready.save_revision()
    bulk_publish(admin_client, ready)
    assert LessonPackPage.objects.get(pk=ready.pk).live
