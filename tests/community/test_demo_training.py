"""The demo's two training modules (community/demo_content/pages/42-community-training.yaml).

Each is a child of its toolkit, a 10 to 20 minute course of reading and scenario
steps, then a quiz whose every question has exactly one correct answer and an
explanation that teaches. The checks run on the whole demo tree and, so that the
modules are proven on their own, on their YAML loaded onto toolkits made by the
factories.
"""

import shutil
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ValidationError

from wagtail.models import Page

import pytest
import yaml

from community.factories import CommunityLandingPageFactory, ToolkitPageFactory
from community.models import ToolkitPage, TrainingModulePage
from home.content_checks import (
    describe,
    language_errors,
    national_numbers,
    plain_text,
    unknown_numbers_in_text,
)
from home.demo_content.loader import DemoContentLoader

pytestmark = pytest.mark.django_db

TRAINING_YAML = (
    Path(apps.get_app_config("community").path)
    / "demo_content"
    / "pages"
    / "42-community-training.yaml"
)
MODULES = {
    "community/taxi-and-private-hire-drivers/training": "community/taxi-and-private-hire-drivers",
    "community/hotels-and-accommodation/training": "community/hotels-and-accommodation",
}
# What each module must teach, from its toolkit: (words that must appear, as a
# reader sees them, anywhere in its steps and quiz).
MUST_TEACH = {
    "community/taxi-and-private-hire-drivers/training": [
        "999",
        "101",
        "children's services",
        "safeguarding lead",
        "licensing authority",
        "booking reference",
        "registration",
        "short-let",
        "different adults",
        "do not know where they are going",
        "do not confront",
    ],
    "community/hotels-and-accommodation/training": [
        "999",
        "101",
        "children's services",
        "safeguarding lead",
        "room number",
        "booking",
        "cash",
        "visitors",
        "housekeeping",
        "cctv",
        "operation makesafe",
        "do not",
    ],
}


def module_problems(page):
    """Everything that makes `page` fall short of a demo training module, as readable lines."""
    problems = []
    if not 10 <= page.minutes <= 20:
        problems.append(f"takes {page.minutes} minutes, not 10 to 20")
    if page.certificate_valid_months is None or page.retention_months < (
        page.certificate_valid_months
    ):
        problems.append("records are not kept at least as long as a certificate is valid")
    if not 50 <= page.pass_mark <= 100:
        problems.append(f"pass mark {page.pass_mark}")

    steps = list(page.steps)
    if not 5 <= len(steps) <= 8:
        problems.append(f"{len(steps)} steps, not 5 to 8")
    scenarios = [step for step in steps if step.block_type == "scenario"]
    if len(scenarios) < 2:
        problems.append(f"{len(scenarios)} scenario steps, not at least 2")
    if not any(step.block_type == "text" for step in steps):
        problems.append("no reading step")
    for step in scenarios:
        options = step.value["options"]
        if len(options) < 3:
            problems.append(f"scenario '{step.value['heading']}' has {len(options)} options")
        if not any(option["best"] for option in options):
            problems.append(f"scenario '{step.value['heading']}' has no best option")
        if not all(option["feedback"].strip() for option in options):
            problems.append(f"scenario '{step.value['heading']}' has an option without feedback")

    questions = list(page.questions)
    if len(questions) < 8:
        problems.append(f"{len(questions)} quiz questions, not at least 8")
    for question in questions:
        text = question.value["question"]
        answers = question.value["answers"]
        if not 3 <= len(answers) <= 4:
            problems.append(f"'{text}' has {len(answers)} answers, not 3 or 4")
        if sum(1 for answer in answers if answer["correct"]) != 1:
            problems.append(f"'{text}' does not have exactly one correct answer")
        if len(question.value["explanation"].split()) < 12:
            problems.append(f"'{text}' has no explanation that teaches")

    # The blocks' own validation, as the editor would run it on saving.
    for name in ("steps", "questions"):
        field = page._meta.get_field(name)
        try:
            field.stream_block.clean(getattr(page, name))
        except ValidationError as error:
            problems.append(f"{name} refused by its blocks: {error!r}")
    # Careful language and real numbers, as every page an editor publishes.
    problems.extend(describe(page))
    return problems


def module_text(page):
    """Everything a learner reads in the steps and the quiz, lower case."""
    words = []
    for step in page.steps:
        value = step.value
        words += [value["heading"], plain_text(value.get("body", ""))]
        words += [value.get("scenario", ""), value.get("question", "")]
        for option in value.get("options", []):
            words += [option["text"], option["feedback"]]
    for question in page.questions:
        words += [question.value["question"], question.value["explanation"]]
        words += [answer["text"] for answer in question.value["answers"]]
    return " ".join(words).replace("’", "'").lower()


def assert_is_a_sound_module(page, path):
    assert isinstance(page, TrainingModulePage), path
    assert page.live and not page.has_unpublished_changes, path
    parent = page.get_parent().specific
    assert isinstance(parent, ToolkitPage), path
    assert module_problems(page) == [], path
    page.full_clean()  # the model's own rules: minutes, pass mark, retention
    text = module_text(page)
    missing = [words for words in MUST_TEACH[path] if words not in text]
    assert missing == [], f"{path} does not teach: {missing}"


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


# -- The YAML itself -----------------------------------------------------------


def test_the_yaml_holds_both_modules_in_careful_words_with_real_numbers_only():
    specs = yaml.safe_load(TRAINING_YAML.read_text(encoding="utf-8"))
    assert {spec["path"]: spec["type"] for spec in specs} == dict.fromkeys(
        MODULES, "community.TrainingModulePage"
    )
    allowed = national_numbers()
    for spec in specs:
        # Every page has these (tests/home/test_demo_content.py), the body included.
        for key in ("title", "intro", "search_description", "seo_title", "body"):
            assert spec.get(key), (spec["path"], key)
        # The content checks skip fields editors cannot reach, so check every word here.
        for text in strings(spec):
            words = plain_text(text)
            assert language_errors(words) == [], (spec["path"], words)
            assert unknown_numbers_in_text(words, allowed) == [], (spec["path"], words)


# -- Loaded on its own, onto toolkits made by the factories -------------------


@pytest.fixture
def stub_toolkits(home_page):
    community = CommunityLandingPageFactory(parent=home_page, slug="community")
    return {
        path: ToolkitPageFactory(parent=community, slug=path.rpartition("/")[2])
        for path in MODULES.values()
    }


def scratch_demo_content(tmp_path):
    """A demo_content folder with the taxonomy, stub specs for the parents the
    factories made, and the training YAML as shipped."""
    folder = tmp_path / "demo_content"
    (folder / "pages").mkdir(parents=True)
    home_folder = Path(apps.get_app_config("home").path) / "demo_content"
    shutil.copy(home_folder / "taxonomy.yaml", folder / "taxonomy.yaml")
    parents = [{"path": "", "type": "home.HomePage", "title": "Clearsight"}]
    parents.append(
        {"path": "community", "type": "community.CommunityLandingPage", "title": "Community"}
    )
    parents += [
        {"path": path, "type": "community.ToolkitPage", "title": f"Toolkit {path}"}
        for path in MODULES.values()
    ]
    (folder / "pages" / "00-parents.yaml").write_text(yaml.safe_dump(parents), encoding="utf-8")
    shutil.copy(TRAINING_YAML, folder / "pages" / TRAINING_YAML.name)
    return folder


def load(folder):
    loader = DemoContentLoader(folders=[folder])
    loader.load_taxonomy()
    loader.load_pages()
    return loader


def test_the_modules_load_onto_their_toolkits_and_again_change_nothing(tmp_path, stub_toolkits):
    folder = scratch_demo_content(tmp_path)
    first = load(folder)
    for path, parent_path in MODULES.items():
        assert f"page:/{path}/" in first.report.created
        page = first.pages_by_path[path].specific
        page.refresh_from_db()
        assert page.get_parent().pk == stub_toolkits[parent_path].pk
        assert_is_a_sound_module(page, path)
    second = load(folder)
    for path in MODULES:
        assert f"page:/{path}/" in second.report.unchanged


def test_a_module_that_falls_short_is_caught(tmp_path, stub_toolkits):
    page = load(scratch_demo_content(tmp_path)).pages_by_path[next(iter(MODULES))].specific
    page.refresh_from_db()
    for answer in page.questions[0].value["answers"]:
        answer["correct"] = True  # three correct answers
    page.questions[1].value["explanation"] = "Correct."
    steps = page.steps.get_prep_value()
    page.steps = [step for step in steps if step["type"] != "scenario"][:4]
    page.minutes = 25
    problems = module_problems(page)
    assert any("exactly one correct answer" in problem for problem in problems)
    assert any("no explanation that teaches" in problem for problem in problems)
    assert any("0 scenario steps" in problem for problem in problems)
    assert any("4 steps, not 5 to 8" in problem for problem in problems)
    assert any("25 minutes" in problem for problem in problems)


# -- In the whole demo tree ----------------------------------------------------


def test_both_modules_are_live_children_of_their_toolkits_in_the_demo(demo_site):
    home = demo_site.root_page
    for path, parent_path in MODULES.items():
        page = Page.objects.get(url_path=f"{home.url_path}{path}/").specific
        assert page.get_parent().url_path == f"{home.url_path}{parent_path}/"
        assert_is_a_sound_module(page, path)


def test_each_module_overview_is_served(demo_site, client):
    for path in MODULES:
        response = client.get(f"/{path}/")
        assert response.status_code == 200, path
        assert "Safeguarding children: training for" in response.content.decode()
