"""The schools app's demo content (schools/demo_content/) loads into its place in the tree,
with real files for every lesson pack and the toolkit (schools/demo.py)."""

import logging
import re
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.test import Client

from wagtail.models import Page, PageViewRestriction, Revision

import pytest
from docx import Document as WordDocument
from pptx import Presentation
from pypdf import PdfReader

from home.demo_content.loader import DemoContentError, DemoContentLoader, read_yaml
from home.models import ClearsightDocument
from schools.demo import DemoFile, load_pack_files, store_document
from schools.factories import CurriculumFrameworkFactory, CurriculumItemFactory
from schools.models import (
    CurriculumItem,
    FileKind,
    LessonPackIndexPage,
    LessonPackPage,
    SchoolToolkitPage,
)

pytestmark = pytest.mark.django_db

SCHOOLS_DEMO = Path(settings.BASE_DIR) / "schools" / "demo_content"
PACK = "schools/lesson-packs/safe-and-unsafe-secrets"


def _read(document):
    with document.file.open("rb") as handle:
        return handle.read()


def _slides(document):
    return Presentation(BytesIO(_read(document)))


def _word_text(document):
    return "\n".join(p.text for p in WordDocument(BytesIO(_read(document))).paragraphs)


def _files(page):
    return {row.kind: row.document for row in page.pack_files.select_related("document")}


def _loader_for(*pages):
    loader = DemoContentLoader()
    loader.pages_by_path = {page.url_path.strip("/").split("/", 1)[1]: page for page in pages}
    return loader


def _pack():
    return LessonPackPage.objects.get(url_path__endswith="/lesson-packs/safe-and-unsafe-secrets/")


def test_its_area_is_in_the_demo_tree_and_in_the_menu(demo_site, client):
    page = Page.objects.live().get(url_path__endswith="/schools/", depth=3).specific
    assert page._meta.label == "schools.SchoolsLandingPage"
    assert page.show_in_menus
    response = client.get("/schools/")
    assert response.status_code == 200
    assert 'href="/schools/"' in response.content.decode().split("</header>")[0]


def test_the_library_has_the_index_the_toolkit_and_key_stage_2_and_3_packs(demo_site):
    [index] = LessonPackIndexPage.objects.live()
    assert index.url_path.endswith("/schools/lesson-packs/")
    [toolkit] = SchoolToolkitPage.objects.live()
    assert toolkit.url_path.endswith("/schools/whole-school-toolkit/")

    packs = (
        LessonPackPage.objects.live().child_of(index).filter(key_stages__slug__in=["ks2", "ks3"])
    )
    packs = list(packs.distinct())
    assert len(packs) >= 4
    assert {stage.slug for pack in packs for stage in pack.key_stages.all()} >= {"ks2", "ks3"}
    for pack in packs:
        [before] = pack.before_you_teach
        for part in ("ground_rules", "distancing", "disclosures", "tell_your_dsl", "signposting"):
            assert before.value[part].source.strip(), (pack.title, part)
        assert "0800 1111" in before.value["signposting"].source, pack.title
        kinds = [block.block_type for block in pack.lesson_plan]
        assert kinds[0] == "starter", pack.title
        assert kinds.count("activity") >= 2, pack.title
        assert {"plenary", "differentiation", "assessment"} <= set(kinds), pack.title
        assert pack.version == "1.0"
        assert pack.last_reviewed < pack.next_review
        assert pack.age_bands.exists() and pack.topics.exists() and pack.year_groups.exists()


def test_the_demo_has_eight_packs_from_key_stage_2_to_5_and_a_toolkit(demo_site):
    """The issue's bar for the demo: at least 8 packs across key stages 2 to 5
    and one school toolkit, all published and ready to teach."""
    packs = list(LessonPackPage.objects.live().prefetch_related("key_stages"))
    assert len(packs) >= 8
    stages = {stage.slug for pack in packs for stage in pack.key_stages.all()}
    assert {"ks2", "ks3", "ks4", "ks5"} <= stages
    assert all(pack.before_you_teach and pack.lesson_plan for pack in packs)
    assert SchoolToolkitPage.objects.live().count() >= 1


def test_every_pack_has_real_slides_a_lesson_plan_pdf_and_a_worksheet(demo_site):
    packs = LessonPackPage.objects.live()
    assert packs.count() >= 4
    for pack in packs:
        files = _files(pack)
        assert {FileKind.SLIDES, FileKind.LESSON_PLAN, FileKind.WORKSHEET} <= set(files)

        deck = _slides(files[FileKind.SLIDES])
        assert len(deck.slides) >= 4
        assert deck.slides[0].shapes.title.text == pack.title
        titles = [slide.shapes.title.text for slide in deck.slides]
        assert "Where to get help" in titles
        help_slide = deck.slides[titles.index("Where to get help")]
        assert "0800 1111" in help_slide.placeholders[1].text_frame.text
        assert files[FileKind.SLIDES].title == f"{pack.title}: slides"

        reader = PdfReader(BytesIO(_read(files[FileKind.LESSON_PLAN])))
        assert len(reader.pages) >= 1
        text = " ".join(page.extract_text() for page in reader.pages)
        assert pack.title in " ".join(text.split())
        # It lists the pack's other files (not itself, whose size it cannot know).
        assert "Files in this pack" in text and "Worksheet" in text and "Slides" in text
        assert "Lesson plan (PDF" not in text

        worksheet = _word_text(files[FileKind.WORKSHEET])
        assert f"{pack.title}: worksheet" in worksheet
        assert "Where to get help" in worksheet

        # A public pack's files are public; a professional-only pack's are all restricted.
        restricted = PageViewRestriction.objects.filter(page=pack).exists()
        for document in files.values():
            assert document.file_hash
            if restricted:
                assert document.collection.name == settings.PROFESSIONALS_COLLECTION
            else:
                assert document.collection.is_root(), (pack.title, document.title)


def test_the_worksheet_asks_the_activities_questions_with_space_to_write(demo_site):
    pack = _pack()
    word = WordDocument(BytesIO(_read(_files(pack)[FileKind.WORKSHEET])))
    texts = [p.text for p in word.paragraphs]
    question = next(t for t in texts if "Ella's dad is planning a party" in t)
    assert question.startswith("1. ")
    after = word.paragraphs[texts.index(question) + 1]
    assert (
        after.text == ""
        and after._p.pPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr")
        is not None
    )
    # The teacher's instructions stay out of the pupils' worksheet.
    assert not any("In groups of three, pupils read" in t for t in texts)


def test_the_slides_and_worksheet_parts_a_plan_names_are_the_right_ones(demo_site):
    """'What you need' in this app's key stage 2 and 3 packs names slides and
    worksheet parts by number: they are the generated deck's and worksheet's."""
    paths = [spec["path"] for spec in read_yaml(SCHOOLS_DEMO / "pages" / "31-lesson-packs.yaml")]
    packs = [
        p for p in LessonPackPage.objects.all() if p.url_path.split("/", 2)[2].strip("/") in paths
    ]
    assert len(packs) == 4
    checked = 0
    for pack in packs:
        files = _files(pack)
        titles = [slide.shapes.title.text for slide in _slides(files[FileKind.SLIDES]).slides]
        worksheet = _word_text(files[FileKind.WORKSHEET])
        for block in pack.lesson_plan:
            if block.block_type != "activity":
                continue
            match = re.match(r"Slide (\d+), worksheet part (\d+)", block.value["resources"])
            assert match, (pack.title, block.value["resources"])
            slide, part = (int(number) for number in match.groups())
            assert block.value["title"] in titles[slide - 1], (pack.title, slide)
            assert f"Part {part}: {block.value['title']}" in worksheet
            checked += 1
    assert checked >= 8


def test_the_toolkit_has_a_policy_template_a_letter_and_a_staff_briefing(demo_site):
    toolkit = SchoolToolkitPage.objects.live().get()
    files = _files(toolkit)
    assert set(files) >= {FileKind.POLICY, FileKind.LETTER, FileKind.BRIEFING}
    assert files[FileKind.POLICY].file.name.endswith(".docx")
    assert "Dear parent or carer," in _word_text(files[FileKind.LETTER])
    policy = _word_text(files[FileKind.POLICY])
    assert "What child sexual exploitation is" in policy
    briefing = _slides(files[FileKind.BRIEFING])
    assert len(briefing.slides) >= 4
    assert [s.shapes.title.text for s in briefing.slides][:2] == [
        "Staff briefing",
        "Why this matters in our school",
    ]
    rows = {row.kind: row for row in toolkit.pack_files.all()}
    assert rows[FileKind.LETTER].title == "Letter to parents"
    assert rows[FileKind.LETTER].description.startswith("A letter to send home")


def test_a_second_load_changes_nothing(demo_site):
    counts = (Revision.objects.count(), ClearsightDocument.objects.count())
    hashes = dict(ClearsightDocument.objects.values_list("pk", "file_hash"))
    report = DemoContentLoader().load()
    assert not report.changed, (report.created, report.updated)
    assert f"pack-files:/{PACK}/" in report.unchanged
    assert "pack-files:/schools/whole-school-toolkit/" in report.unchanged
    assert (Revision.objects.count(), ClearsightDocument.objects.count()) == counts
    assert dict(ClearsightDocument.objects.values_list("pk", "file_hash")) == hashes


def test_a_changed_pack_gets_new_files_and_one_new_revision(demo_site):
    pack = _pack()
    pack.learning_objectives += "\nTo practise saying who we would tell"
    pack.save_revision().publish()
    slides = _files(pack)[FileKind.SLIDES]
    old_hash = slides.file_hash
    revisions = pack.revisions.count()

    load_pack_files(_loader_for(pack), demo_site)

    slides.refresh_from_db()
    assert slides.file_hash != old_hash
    assert pack.revisions.count() == revisions + 1
    objectives = _slides(slides).slides[2].placeholders[1].text_frame.text
    assert "To practise saying who we would tell" in objectives


def test_a_summary_as_long_as_the_field_allows_still_makes_the_files(demo_site):
    """Office files keep at most 255 characters in a property; a summary may have 300."""
    pack = _pack()
    pack.summary = ("Pupils learn when a secret should be told. " * 7)[:300].strip()
    assert len(pack.summary) > 255
    pack.save_revision().publish()
    load_pack_files(_loader_for(pack), demo_site)

    slides = _slides(_files(pack)[FileKind.SLIDES])
    assert slides.core_properties.subject == pack.summary[:255]
    assert slides.slides[0].placeholders[1].text_frame.text == pack.summary


def test_a_professional_only_pack_is_private_with_all_its_files(demo_site, tmp_path):
    pack = _pack()
    (tmp_path / "extra.yaml").write_text(f"{PACK}:\n  professionals_only: true\n")
    load_pack_files(_loader_for(pack), demo_site, settings_dir=tmp_path)

    [restriction] = PageViewRestriction.objects.filter(page=pack)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert [g.name for g in restriction.groups.all()] == [settings.PROFESSIONALS_GROUP]
    for document in _files(pack).values():
        assert document.collection.name == settings.PROFESSIONALS_COLLECTION
        response = Client().get(document.url)
        assert response.status_code == 302
        assert response["Location"].startswith(settings.WAGTAIL_FRONTEND_LOGIN_URL)

    revisions = pack.revisions.count()
    loader = _loader_for(pack)
    load_pack_files(loader, demo_site, settings_dir=tmp_path)
    assert not loader.report.changed
    assert pack.revisions.count() == revisions


def test_a_case_study_in_the_body_becomes_a_professional_only_file(demo_site):
    pack = _pack()
    pack.body = [
        ("heading", {"text": "Case study: Jordan, aged 14", "level": "h2"}),
        ("paragraph", "<p>Jordan's attendance drops and he has a new phone.</p>"),
        ("heading", {"text": "Notes for the trainer", "level": "h2"}),
        ("paragraph", "<p>Allow twenty minutes for discussion.</p>"),
    ]
    pack.save_revision().publish()
    load_pack_files(_loader_for(pack), demo_site)

    files = _files(pack)
    case_study = files[FileKind.CASE_STUDY]
    assert case_study.title == "Safe and unsafe secrets: case studies"
    assert case_study.collection.name == settings.PROFESSIONALS_COLLECTION
    text = _word_text(case_study)
    assert "Case study: Jordan, aged 14" in text
    assert "new phone" in text
    assert "Allow twenty minutes" not in text
    assert files[FileKind.SLIDES].collection.is_root()


def test_the_packs_are_linked_to_every_curriculum_item_their_settings_name(demo_site):
    settings_files = sorted((SCHOOLS_DEMO / "pack-settings").glob("*.yaml"))
    named = {
        path: values["curriculum_links"]
        for settings_file in settings_files
        for path, values in read_yaml(settings_file).items()
        if values.get("curriculum_links")
    }
    slugs = {slug for links in named.values() for slug in links}
    assert (
        set(CurriculumItem.objects.filter(slug__in=slugs).values_list("slug", flat=True)) == slugs
    )
    for path, links in named.items():
        pack = LessonPackPage.objects.filter(url_path__endswith=f"/{path}/").first()
        if pack is not None:  # the key stage 4 and 5 packs come from another branch
            assert set(pack.curriculum_links.values_list("slug", flat=True)) == set(links), path
    assert _pack().curriculum_links.count() >= 3


def test_curriculum_links_are_set_by_slug_and_unknown_slugs_are_skipped(
    demo_site, tmp_path, caplog
):
    pack = _pack()
    framework = CurriculumFrameworkFactory()
    known = CurriculumItem.objects.filter(slug="eng19-pri-bs-2").first() or (
        CurriculumItemFactory(framework=framework, slug="eng19-pri-bs-2")
    )
    (tmp_path / "links.yaml").write_text(
        f"{PACK}:\n  curriculum_links: [eng19-pri-bs-2, not-a-curriculum-item]\n"
        "schools/no-such-pack:\n  professionals_only: true\n"
    )
    with caplog.at_level(logging.WARNING, logger="schools.demo"):
        load_pack_files(_loader_for(pack), demo_site, settings_dir=tmp_path)

    assert list(pack.curriculum_links.all()) == [known]
    assert LessonPackPage.objects.get(pk=pack.pk).curriculum_links.get() == known
    assert "curriculum items that are not loaded, skipped: not-a-curriculum-item." in caplog.text
    assert "'schools/no-such-pack', which is not a demo page" in caplog.text


def test_every_file_passes_the_upload_screening(demo_site):
    loader = DemoContentLoader()
    fake = DemoFile(
        kind=FileKind.WORKSHEET,
        title="Not really a worksheet",
        label="Worksheet",
        description="",
        filename="not-really.docx",
        data=b"%PDF-1.4 this is not a Word document",
    )
    with pytest.raises(DemoContentError, match="refused by the upload checks"):
        store_document(loader, fake, collection=None)
    assert not ClearsightDocument.objects.filter(title="Not really a worksheet").exists()


def test_no_placeholder_words_in_the_schools_demo_files():
    files = sorted(SCHOOLS_DEMO.rglob("*.yaml"))
    assert len(files) >= 3
    for path in files:
        text = path.read_text(encoding="utf-8")
        found = re.findall(r"\b(lorem|ipsum|todo|tbc|placeholder|xxx)\b", text, re.IGNORECASE)
        assert not found, (path.name, found)
