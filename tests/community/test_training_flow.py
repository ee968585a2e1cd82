"""The training module's learner flow: overview, steps, quiz, result, certificate.

Progress lives in a signed cookie limited to the module's URL; the overview
sets none. Stats hold counts only.
"""

from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from community.blocks import QuizQuestionBlock, ScenarioStepBlock
from community.factories import CommunityLandingPageFactory, TrainingModulePageFactory
from community.models import Certificate, ModuleMonthStat, QuestionStat, TrainingModulePage
from community.services import training
from home.page_cache import store, warming

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Read fresh renders, not the page cache (one test turns it on)."""
    settings.PAGE_CACHE_SECONDS = 0


def text_step(heading):
    return ("text", {"heading": heading, "body": f"<p>{heading}: read this.</p>", "image": None})


SCENARIO = (
    "scenario",
    {
        "heading": "A passenger at night",
        "scenario": "A girl of about 14 gets in with a much older man late at night.",
        "question": "What would you do?",
        "options": [
            {"text": "Say nothing and drive", "best": False, "feedback": "Silence helps no one."},
            {
                "text": "Note the details and call it in",
                "best": True,
                "feedback": "Passing it on lets people who can help act.",
            },
            {"text": "Confront the man", "best": False, "feedback": "That could put her at risk."},
        ],
    },
)


def questions(count):
    return [
        (
            "question",
            {
                "question": f"Question {n}?",
                "answers": [
                    {"text": f"Wrong {n}", "correct": False},
                    {"text": f"Right {n}", "correct": True},
                    {"text": f"Also wrong {n}", "correct": False},
                ],
                "explanation": f"Explanation {n}.",
            },
        )
        for n in range(1, count + 1)
    ]


@pytest.fixture
def community(home_page):
    return CommunityLandingPageFactory(parent=home_page, slug="community")


def make_module(community, slug="spotting-exploitation", extra_steps=0, question_count=8):
    steps = [text_step("Why it matters"), SCENARIO, text_step("Who to tell")]
    steps += [text_step(f"More {n}") for n in range(extra_steps)]
    created = TrainingModulePageFactory(
        parent=community,
        slug=slug,
        title="Spotting exploitation",
        minutes=15,
        pass_mark=80,
        steps=steps,
        questions=questions(question_count),
    )
    # Read back, so every block has the id it was stored with.
    return TrainingModulePage.objects.get(pk=created.pk)


@pytest.fixture
def module(community):
    return make_module(community)


def soup_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def text_of(element):
    return " ".join(element.get_text(" ").split())


def link(page, text):
    """The first link whose visible and hidden text starts with `text`, or None."""
    return next((a for a in page.find_all("a") if text_of(a).startswith(text)), None)


def url(module, route=""):
    return module.url + route


def answers_post(module, right):
    """Answer every question: the first `right` correctly, the rest wrongly."""
    return {
        f"q_{question.id}": ("1" if n < right else "0")
        for n, question in enumerate(module.questions)
    }


def walk_steps(client, module):
    for number in range(1, len(module.steps) + 1):
        assert client.get(url(module, f"step/{number}/")).status_code == 200


def take_quiz(client, module, right):
    walk_steps(client, module)
    return client.post(url(module, "quiz/"), answers_post(module, right))


# --- The overview ----------------------------------------------------------------


def test_the_overview_says_what_it_takes_and_what_is_kept_and_sets_no_cookie(client, module):
    response = client.get(url(module))
    assert response.status_code == 200
    assert not response.cookies
    text = text_of(soup_of(response).find("article"))
    assert "About 15 minutes" in text
    assert "3 steps, one a page" in text
    assert "8 questions. You pass with 80% or more." in text
    assert (
        "we keep only the name you type for the certificate, the module, the date, "
        "the code and your score." in text
    )
    start = soup_of(response).find("a", string="Start the course")
    assert start["href"] == url(module, "step/1/")


# --- Steps and progress ------------------------------------------------------------


def test_a_step_shows_its_progress_and_sets_a_private_cookie_for_this_module_only(
    client, module, settings
):
    response = client.get(url(module, "step/2/"))
    assert response.status_code == 302  # not started: back to the overview
    assert response["Location"] == url(module)

    response = client.get(url(module, "step/1/"))
    assert response.status_code == 200
    page = soup_of(response)
    assert text_of(page.find(class_="training-progress__text")) == "Step 1 of 3"
    bar = page.find("progress")
    assert (bar["max"], bar["value"]) == ("3", "1")
    assert page.find("h1").get_text() == "Why it matters"
    assert link(page, "Next")["href"] == url(module, "step/2/")
    assert response["Cache-Control"] == "no-store, private"

    cookie = response.cookies[training.cookie_name(module)]
    assert cookie["path"] == module.url
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == settings.TRAINING_PROGRESS_DAYS * 86400
    assert not cookie["secure"]
    data = signing.loads(cookie.value, salt=training.SALT)
    assert data == {"m": module.pk, "s": 1, "c": {}, "a": {}, "d": False, "p": False}


def test_the_cookie_is_secure_when_the_settings_say_so(client, module, settings):
    settings.SESSION_COOKIE_SECURE = True
    response = client.get(url(module, "step/1/"))
    assert response.cookies[training.cookie_name(module)]["secure"] is True


def test_the_last_step_leads_to_the_quiz_and_back_goes_back(client, module):
    walk_steps(client, module)
    page = soup_of(client.get(url(module, "step/3/")))
    assert text_of(page.find(class_="training-progress__text")) == "Step 3 of 3"
    assert page.find("a", string="Go to the quiz")["href"] == url(module, "quiz/")
    assert link(page, "Back")["href"] == url(module, "step/2/")


def test_a_learner_cannot_skip_ahead_of_the_steps_they_have_seen(client, module):
    client.get(url(module, "step/1/"))
    response = client.get(url(module, "step/3/"))
    assert (response.status_code, response["Location"]) == (302, url(module, "step/1/"))
    response = client.get(url(module, "quiz/"))
    assert (response.status_code, response["Location"]) == (302, url(module, "step/1/"))
    assert client.get(url(module, "step/4/")).status_code == 404


def test_progress_resumes_in_the_same_browser_but_not_in_another(client, module):
    client.get(url(module, "step/1/"))
    client.get(url(module, "step/2/"))
    overview = soup_of(client.get(url(module)))
    assert overview.find("a", string="Continue the course")["href"] == url(module, "step/2/")
    assert client.get(url(module, "step/2/")).status_code == 200

    other = Client()
    overview = soup_of(other.get(url(module)))
    assert overview.find("a", string="Continue the course") is None
    assert overview.find("a", string="Start the course") is not None
    assert other.get(url(module, "step/2/"))["Location"] == url(module)


@pytest.mark.parametrize(
    "forged",
    [
        "not a signed value",
        signing.dumps({"m": 1, "s": 3}, salt="another.salt"),
        "tampered" + signing.dumps({"s": 3}, salt=training.SALT),
    ],
    # Fixed names: a signed value holds the time, and parallel test workers
    # must collect the same test names.
    ids=["unsigned", "another-salt", "tampered"],
)
def test_a_forged_cookie_is_ignored(client, module, forged):
    client.cookies[training.cookie_name(module)] = forged
    assert soup_of(client.get(url(module))).find("a", string="Start the course")
    assert client.get(url(module, "step/3/"))["Location"] == url(module)
    assert client.get(url(module, "quiz/"))["Location"] == url(module)
    assert client.get(url(module, "result/"))["Location"] == url(module)


def test_a_cookie_signed_for_another_module_is_ignored(client, module, community):
    other = make_module(community, slug="another-module")
    client.cookies[training.cookie_name(module)] = signing.dumps(
        {"m": other.pk, "s": 3, "c": {}, "a": {}, "d": False, "p": False}, salt=training.SALT
    )
    assert client.get(url(module, "step/3/"))["Location"] == url(module)


def test_stale_block_ids_and_impossible_values_are_dropped(client, module):
    scenario_id = module.steps[1].id
    first_question = module.questions[0].id
    client.cookies[training.cookie_name(module)] = signing.dumps(
        {
            "m": module.pk,
            "s": 99,
            "c": {"gone": 1, scenario_id: 7},
            "a": {"gone": 0, first_question: 1},
            "d": True,
            "p": True,
        },
        salt=training.SALT,
    )
    # The questions no longer all have answers: the quiz is to be taken again.
    response = client.get(url(module, "result/"))
    assert (response.status_code, response["Location"]) == (302, url(module, "quiz/"))
    response = client.get(url(module, "step/2/"))
    assert response.status_code == 200
    assert soup_of(response).find(id="feedback") is None
    data = signing.loads(response.cookies[training.cookie_name(module)].value, salt=training.SALT)
    assert data == {"m": module.pk, "s": 3, "c": {}, "a": {}, "d": False, "p": False}


# --- Scenario steps ------------------------------------------------------------


def test_a_scenario_shows_the_feedback_for_the_choice_and_the_best_answer(client, module):
    client.get(url(module, "step/1/"))
    page = soup_of(client.get(url(module, "step/2/")))
    assert page.find("legend").get_text(strip=True) == "What would you do?"
    assert page.find(id="feedback") is None

    response = client.post(url(module, "step/2/"), {})
    assert response.status_code == 400
    page = soup_of(response)
    assert [text_of(li) for li in page.select(".error-summary__list li")] == [
        "Please choose what you would do."
    ]
    assert page.select_one(".error-summary__list a")["href"] == "#id_choice_0"

    response = client.post(url(module, "step/2/"), {"choice": "2"})
    assert response.status_code == 303
    assert response["Location"] == url(module, "step/2/") + "#feedback"
    page = soup_of(client.get(url(module, "step/2/")))
    feedback = text_of(page.find(id="feedback"))
    assert "You chose: Confront the man" in feedback
    assert "That could put her at risk." in feedback
    assert "The best thing to do Note the details and call it in" in feedback
    assert "Passing it on lets people who can help act." in feedback
    assert page.find("input", {"name": "choice", "value": "2"}).has_attr("checked")

    client.post(url(module, "step/2/"), {"choice": "1"})
    feedback = text_of(soup_of(client.get(url(module, "step/2/"))).find(id="feedback"))
    assert "This is one of the best things to do." in feedback
    assert "Say nothing" not in feedback


def test_a_choice_that_is_not_an_option_is_refused(client, module):
    client.get(url(module, "step/1/"))
    response = client.post(url(module, "step/2/"), {"choice": "9"})
    assert response.status_code == 400
    assert "Please choose one of the answers in the list." in response.content.decode()


# --- The quiz -----------------------------------------------------------------


def test_the_quiz_lists_every_question_as_a_group_of_radio_buttons(client, module):
    walk_steps(client, module)
    page = soup_of(client.get(url(module, "quiz/")))
    legends = [text_of(legend) for legend in page.select("form fieldset legend")]
    assert legends == [f"Question {n} : Question {n}?" for n in range(1, 9)]
    assert len(page.select("form input[type=radio]")) == 24


def test_an_incomplete_quiz_says_what_is_missing_and_keeps_every_answer(client, module):
    walk_steps(client, module)
    chosen = {f"q_{q.id}": "2" for q in list(module.questions)[:3]}
    response = client.post(url(module, "quiz/"), chosen)
    assert response.status_code == 400
    page = soup_of(response)
    assert [text_of(li) for li in page.select(".error-summary__list li")] == [
        f"Please choose an answer to question {n}." for n in range(4, 9)
    ]
    first_missing = module.questions[3].id
    assert page.select_one(".error-summary__list a")["href"] == f"#id_q_{first_missing}_0"
    checked = {(i["name"], i["value"]) for i in page.select("input[type=radio][checked]")}
    assert checked == set(chosen.items())
    assert not ModuleMonthStat.objects.exists()


def test_fail_then_try_again_then_pass(client, module):
    response = take_quiz(client, module, right=6)  # 75%: the pass mark is 80%
    assert (response.status_code, response["Location"]) == (303, url(module, "result/"))
    page = soup_of(client.get(url(module, "result/")))
    score = text_of(page.find(class_="training-score"))
    assert "You scored 75% (6 out of 8)." in score
    assert "You did not pass this time. The pass mark is 80%." in score
    assert page.find("input", {"name": "name"}) is None
    items = page.select(".training-answers__item")
    assert len(items) == 8
    assert text_of(items[0]) == (
        "Question 1? You got this right. Your answer Right 1 Why Explanation 1."
    )
    assert text_of(items[7]) == (
        "Question 8? You got this wrong. Your answer Wrong 8 The correct answer Right 8 "
        "Why Explanation 8."
    )
    # The quiz is sent: going back to it shows the result.
    assert client.get(url(module, "quiz/"))["Location"] == url(module, "result/")
    # No certificate for a failed quiz, whatever is posted.
    response = client.post(url(module, "result/"), {"action": "certificate", "name": "Sam"})
    assert response["Location"] == url(module, "result/")
    assert not Certificate.objects.exists()

    response = client.post(url(module, "result/"), {"action": "retry"})
    assert (response.status_code, response["Location"]) == (303, url(module, "quiz/"))
    page = soup_of(client.get(url(module, "quiz/")))
    assert page.select("input[type=radio][checked]") == []
    assert client.get(url(module, "result/"))["Location"] == url(module, "quiz/")
    # The steps seen are kept.
    assert client.get(url(module, "step/3/")).status_code == 200

    client.post(url(module, "quiz/"), answers_post(module, right=7))
    page = soup_of(client.get(url(module, "result/")))
    score = text_of(page.find(class_="training-score"))
    assert "You scored 87% (7 out of 8)." in score
    assert "You passed. The pass mark is 80%." in score
    assert page.find("label", {"for": "id_name"}).get_text(strip=True) == (
        "Your name as it should appear on the certificate"
    )


def test_submitted_quizzes_are_counted_by_month_and_question_without_personal_data(client, module):
    take_quiz(client, module, right=6)
    client.post(url(module, "result/"), {"action": "retry"})
    client.post(url(module, "quiz/"), answers_post(module, right=8))
    other = Client()
    take_quiz(other, module, right=2)

    month = timezone.localdate().replace(day=1)
    stat = ModuleMonthStat.objects.get()
    assert (stat.module_id, stat.month, stat.attempts, stat.passes) == (module.pk, month, 3, 1)
    counts = {
        row.question_id: (row.answered, row.correct)
        for row in QuestionStat.objects.filter(module=module)
    }
    ids = [question.id for question in module.questions]
    assert counts == {
        ids[0]: (3, 3),
        ids[1]: (3, 3),
        **dict.fromkeys(ids[2:6], (3, 2)),
        **dict.fromkeys(ids[6:], (3, 1)),
    }


def test_a_quiz_is_counted_in_a_constant_number_of_queries(community):
    module = make_module(community)
    bigger = make_module(community, slug="bigger", question_count=16)
    counts = []
    for page in (module, bigger):
        answers = {question.id: 1 for question in page.questions}
        with CaptureQueriesContext(connection) as captured:
            training.quiz_submit(page=page, progress=training.Progress(), answers=answers)
        counts.append(len(captured))
    assert counts[0] == counts[1]


# --- The name and the certificate ---------------------------------------------


@pytest.fixture
def passed(client, module):
    take_quiz(client, module, right=7)
    return client


def test_the_name_is_required_and_at_most_100_characters_and_kept_on_error(passed, module):
    response = passed.post(url(module, "result/"), {"action": "certificate", "name": "   "})
    assert response.status_code == 400
    page = soup_of(response)
    assert [text_of(li) for li in page.select(".error-summary__list li")] == [
        "Please type your name as it should appear on the certificate."
    ]
    assert page.select_one(".error-summary__list a")["href"] == "#id_name"

    long_name = "Alexandra " * 10 + "X"  # 101 characters
    response = passed.post(url(module, "result/"), {"action": "certificate", "name": long_name})
    assert response.status_code == 400
    page = soup_of(response)
    assert text_of(page.select_one(".form-field__error")) == (
        "Error: Please make your name shorter. It can be up to 100 characters, "
        "and you have typed 101."
    )
    assert page.find("input", {"name": "name"})["value"] == long_name
    assert not Certificate.objects.exists()


def test_passing_issues_one_certificate_with_the_score_and_module(passed, module):
    response = passed.post(
        url(module, "result/"), {"action": "certificate", "name": "  Sam   O'Neill "}
    )
    certificate = Certificate.objects.get()
    assert response.status_code == 303
    assert response["Location"] == reverse("community:certificate", args=[certificate.code])
    assert (certificate.name, certificate.score, certificate.module_id) == (
        "Sam O'Neill",
        87,
        module.pk,
    )
    assert certificate.module_title == "Spotting exploitation"
    assert certificate.issued_on == timezone.localdate()
    # The quiz state is cleared: a refresh or a second post issues nothing.
    data = signing.loads(response.cookies[training.cookie_name(module)].value, salt=training.SALT)
    assert (data["a"], data["d"], data["p"]) == ({}, False, False)
    again = passed.post(url(module, "result/"), {"action": "certificate", "name": "Sam"})
    assert again["Location"] == url(module, "quiz/")
    assert passed.get(url(module, "result/"))["Location"] == url(module, "quiz/")
    assert Certificate.objects.count() == 1


def test_a_cookie_that_claims_a_pass_its_answers_do_not_make_issues_nothing(client, module):
    client.cookies[training.cookie_name(module)] = signing.dumps(
        {
            "m": module.pk,
            "s": 3,
            "c": {},
            "a": {question.id: 0 for question in module.questions},  # all wrong
            "d": True,
            "p": True,
        },
        salt=training.SALT,
    )
    page = soup_of(client.get(url(module, "result/")))
    assert "You did not pass this time." in text_of(page.find(class_="training-score"))
    client.post(url(module, "result/"), {"action": "certificate", "name": "Sam"})
    assert not Certificate.objects.exists()


# --- Caching and queries --------------------------------------------------------


def test_the_page_cache_keeps_the_overview_and_never_a_step(client, module, settings):
    settings.PAGE_CACHE_SECONDS = 60
    store.forget_process_state()
    try:
        generation = store.bump_generation()
        report = warming.warm(generation)
        site_pk = module.get_site().pk
        assert f"{site_pk}{module.url}" in report.stored
        # Were a step, the quiz or the result ever rendered for the cache, it
        # would be refused: they set a cookie and say no-store.
        handler = warming.WarmingHandler()
        for route in ("step/1/", "quiz/", "result/"):
            warming.warm_path(handler, module.get_site(), url(module, route), generation, report)
        assert report.refused[f"{site_pk}{url(module, 'step/1/')}"] == "sets a cookie"
        assert f"{site_pk}{url(module, 'quiz/')}" in report.refused
        assert f"{site_pk}{url(module, 'result/')}" in report.refused

        # A reader with no cookie gets the stored overview (Start) and a fresh step.
        assert soup_of(client.get(url(module))).find("a", string="Start the course")
        first = client.get(url(module, "step/1/"))
        assert training.cookie_name(module) in first.cookies
        assert first["Cache-Control"] == "no-store, private"
        # With the progress cookie, the overview is rendered for this learner.
        overview = soup_of(client.get(url(module)))
        assert overview.find("a", string="Continue the course")
        # ... and another reader still gets Start.
        assert soup_of(Client().get(url(module))).find("a", string="Start the course")
    finally:
        store.forget_process_state()


def queries_for(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_each_step_costs_the_same_queries_whatever_its_number_or_the_module_size(client, community):
    small = make_module(community)
    big = make_module(community, slug="big", extra_steps=6, question_count=16)
    counts = {}
    for module in (small, big):
        walk_steps(client, module)
        counts[module.slug] = [
            queries_for(client, url(module, f"step/{n}/")) for n in (1, 3, len(module.steps))
        ]
    assert counts["spotting-exploitation"][0] == counts["spotting-exploitation"][1]
    assert len(set(counts["spotting-exploitation"] + counts["big"])) == 1


# --- Editors' blocks -------------------------------------------------------------


def test_a_question_needs_exactly_one_correct_answer():
    from wagtail.blocks.struct_block import StructBlockValidationError

    block = QuizQuestionBlock()
    for flags in ([False, False], [True, True]):
        value = block.to_python(
            {
                "question": "Q?",
                "answers": [{"text": "A", "correct": flags[0]}, {"text": "B", "correct": flags[1]}],
                "explanation": "Why.",
            }
        )
        with pytest.raises(StructBlockValidationError) as raised:
            block.clean(value)
        errors = raised.value.block_errors["answers"].non_block_errors
        assert list(errors) == ["Mark exactly one answer as correct."]
    value = block.to_python(
        {
            "question": "Q?",
            "answers": [{"text": "A", "correct": True}, {"text": "B", "correct": False}],
            "explanation": "Why.",
        }
    )
    assert block.clean(value)["answers"][0]["correct"] is True


def test_a_scenario_needs_at_least_one_best_option():
    from wagtail.blocks.struct_block import StructBlockValidationError

    block = ScenarioStepBlock()
    data = {
        "heading": "H",
        "scenario": "S",
        "question": "Q?",
        "options": [
            {"text": "A", "best": False, "feedback": "F"},
            {"text": "B", "best": False, "feedback": "F"},
        ],
    }
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(block.to_python(data))
    errors = raised.value.block_errors["options"].non_block_errors
    assert list(errors) == ["Mark at least one option as the best thing to do."]
    data["options"][1]["best"] = True
    assert block.clean(block.to_python(data))["options"][1]["best"] is True
