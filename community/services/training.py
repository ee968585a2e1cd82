"""A learner's progress through a training module, and the quiz's counters.

Progress is kept without an account, in one signed cookie per module
(``django.core.signing``, salted, HttpOnly, SameSite=Lax, limited to the
module's own URL). It holds only the furthest step reached, the scenario
choices and quiz answers (by block id and option number) and whether the
quiz was submitted and passed. A forged, expired or garbled cookie is simply
ignored (the learner starts again), and choices or answers for blocks an
editor has since removed are dropped. Passing is always worked out again here
from the answers and the module's current questions: the cookie's own "passed"
flag alone never issues a certificate.

The counters (``ModuleMonthStat``, ``QuestionStat``) hold numbers only: no
name, no code, nothing that points to a learner.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from community.models import ModuleMonthStat, QuestionStat

SALT = "community.training.progress"


def cookie_name(page):
    return f"training_{page.pk}"


def cookie_max_age():
    return settings.TRAINING_PROGRESS_DAYS * 24 * 60 * 60


# --- The module's content ------------------------------------------------------


def correct_index(question):
    """The number (from 0) of the question's correct answer, or None."""
    for index, answer in enumerate(question.value["answers"]):
        if answer["correct"]:
            return index
    return None


def best_indexes(step):
    return [index for index, option in enumerate(step.value["options"]) if option["best"]]


@dataclass
class QuestionResult:
    number: int
    question: object  # the StreamValue child (block id in .id, fields in .value)
    chosen: int | None
    correct: int | None

    @property
    def is_correct(self):
        return self.chosen is not None and self.chosen == self.correct

    @property
    def answers(self):
        return self.question.value["answers"]

    @property
    def chosen_text(self):
        return self.answers[self.chosen]["text"] if self.chosen is not None else ""

    @property
    def correct_text(self):
        return self.answers[self.correct]["text"] if self.correct is not None else ""


@dataclass
class QuizResult:
    questions: list
    pass_mark: int

    @property
    def total(self):
        return len(self.questions)

    @property
    def right(self):
        return sum(1 for result in self.questions if result.is_correct)

    @property
    def score(self):
        """Whole per cent, rounded down so it never shows a pass the count did not make."""
        return (self.right * 100) // self.total if self.total else 0

    @property
    def passed(self):
        return self.total > 0 and self.right * 100 >= self.pass_mark * self.total


def quiz_result(page, answers):
    questions = [
        QuestionResult(
            number=number,
            question=question,
            chosen=answers.get(question.id),
            correct=correct_index(question),
        )
        for number, question in enumerate(page.questions, start=1)
    ]
    return QuizResult(questions=questions, pass_mark=page.pass_mark)


# --- Progress in the signed cookie ---------------------------------------------


@dataclass
class Progress:
    reached: int = 0  # the furthest step seen (1 = the first)
    choices: dict = field(default_factory=dict)  # scenario block id -> option number
    answers: dict = field(default_factory=dict)  # question block id -> answer number
    submitted: bool = False
    passed: bool = False

    def as_data(self, page):
        return {
            "m": page.pk,
            "s": self.reached,
            "c": self.choices,
            "a": self.answers,
            "d": self.submitted,
            "p": self.passed,
        }


def _option_numbers(data, counts):
    """Keep only {block id: option number} pairs that fit the current blocks."""
    if not isinstance(data, dict):
        return {}
    kept = {}
    for block_id, number in data.items():
        if (
            block_id in counts
            and isinstance(number, int)
            and not isinstance(number, bool)
            and 0 <= number < counts[block_id]
        ):
            kept[block_id] = number
    return kept


def progress_read(request, page):
    """The learner's progress from their cookie, or None when they have not
    started (or the cookie is not one we signed for this module)."""
    raw = request.COOKIES.get(cookie_name(page))
    if not raw:
        return None
    try:
        data = signing.loads(raw, salt=SALT, max_age=cookie_max_age())
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict) or data.get("m") != page.pk:
        return None
    step_count = len(page.steps)
    scenario_counts = {
        step.id: len(step.value["options"]) for step in page.steps if step.block_type == "scenario"
    }
    question_counts = {question.id: len(question.value["answers"]) for question in page.questions}
    reached = data.get("s")
    if not isinstance(reached, int) or isinstance(reached, bool):
        reached = 1
    progress = Progress(
        reached=max(1, min(reached, step_count)),
        choices=_option_numbers(data.get("c"), scenario_counts),
        answers=_option_numbers(data.get("a"), question_counts),
        submitted=data.get("d") is True,
        passed=data.get("p") is True,
    )
    if progress.submitted and len(progress.answers) < len(question_counts):
        # The questions changed since the quiz was sent: take it again.
        progress.answers, progress.submitted, progress.passed = {}, False, False
    return progress


def progress_write(response, request, page, progress):
    """Set the progress cookie on ``response`` for this module's pages only."""
    _, _, page_path = page.get_url_parts(request)
    response.set_cookie(
        cookie_name(page),
        signing.dumps(progress.as_data(page), salt=SALT, compress=True),
        max_age=cookie_max_age(),
        path=page_path,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def progress_has_passed(page, progress):
    """Passed, by the signed state and by the answers marked again now."""
    return (
        progress is not None
        and progress.submitted
        and progress.passed
        and quiz_result(page, progress.answers).passed
    )


def progress_clear_quiz(progress):
    """Forget the quiz (for another try, or once a certificate is issued);
    the steps seen and scenario choices stay."""
    progress.answers, progress.submitted, progress.passed = {}, False, False
    return progress


# --- Counting a submitted quiz -------------------------------------------------


@transaction.atomic
def quiz_submit(*, page, progress, answers, today=None):
    """Mark the quiz, keep the answers in ``progress`` and add the attempt to
    the module's counters for this month and to each question's counters.

    Race-safe: rows are created with ``ignore_conflicts`` and counted with
    ``F()`` updates, so two learners finishing at once both count. A constant
    number of queries, however many questions.
    """
    result = quiz_result(page, answers)
    month = (today or timezone.localdate()).replace(day=1)
    ModuleMonthStat.objects.bulk_create(
        [ModuleMonthStat(module=page, month=month)], ignore_conflicts=True
    )
    ModuleMonthStat.objects.filter(module=page, month=month).update(
        attempts=F("attempts") + 1, passes=F("passes") + (1 if result.passed else 0)
    )
    answered = [item.question.id for item in result.questions if item.chosen is not None]
    right = [item.question.id for item in result.questions if item.is_correct]
    QuestionStat.objects.bulk_create(
        [QuestionStat(module=page, question_id=block_id) for block_id in answered],
        ignore_conflicts=True,
    )
    QuestionStat.objects.filter(module=page, question_id__in=answered).update(
        answered=F("answered") + 1
    )
    if right:
        QuestionStat.objects.filter(module=page, question_id__in=right).update(
            correct=F("correct") + 1
        )
    progress.answers = dict(answers)
    progress.submitted = True
    progress.passed = result.passed
    return result
