"""Reports → Training results: completions per module and month, pass rate per question."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from community.admin.stats import FEW_ANSWERS
from community.factories import TrainingModulePageFactory
from community.models import ModuleMonthStat, QuestionStat
from tests.community.certificate_fixtures import *  # noqa: F403  (fixtures)

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/training-results/"
_numbers = itertools.count()


def make_user(group=None):
    user = get_user_model().objects.create_user(
        username=f"stats{next(_numbers)}", email="s@example.org", password="a long password 1"
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def stats(module, landing):
    other = TrainingModulePageFactory(parent=landing, title="Another module")
    ModuleMonthStat.objects.create(
        module=module, month=datetime.date(2026, 9, 1), attempts=40, passes=30
    )
    ModuleMonthStat.objects.create(
        module=module, month=datetime.date(2026, 10, 1), attempts=8, passes=2
    )
    ModuleMonthStat.objects.create(
        module=other, month=datetime.date(2026, 10, 1), attempts=3, passes=3
    )
    first, second, third = list(module.questions)
    QuestionStat.objects.create(module=module, question_id=first.id, answered=50, correct=45)
    QuestionStat.objects.create(module=module, question_id=second.id, answered=5, correct=1)
    QuestionStat.objects.create(module=module, question_id="gone", answered=30, correct=15)
    return module, other


def rows(html, marker):
    table = html.split(marker, 1)[1].split("</table>", 1)[0]
    return [
        " ".join(
            cell.strip()
            for cell in __import__("re").sub(r"<[^>]+>", "|", row).split("|")
            if cell.strip()
        )
        for row in table.split("<tr>")[2:]
    ]


def test_editors_read_completions_and_per_question_rates(client, sign_in_verified, stats):
    module, other = stats
    sign_in_verified(client, make_user("Editors"))
    response = client.get(REPORT, {"module": module.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert rows(html, "data-training-months") == [
        "Another module October 2026 3 3 100%",
        "Spotting exploitation: taxi drivers October 2026 8 2 25%",
        "Spotting exploitation: taxi drivers September 2026 40 30 75%",
    ]
    assert rows(html, "data-training-questions") == [
        "1. Question 1? 50 45 90%",
        "2. Question 2? 5 1 20% (few answers)",
        "3. Question 3? 0 0 No answers yet",
        "A question since removed 30 15 50%",
    ]
    assert FEW_ANSWERS > 5
    # The chart carries the numbers as text.
    assert "<svg" in html and ">90%<" in html

    other_html = client.get(REPORT, {"module": other.pk}).content.decode()
    assert "1. Question 1? 0 0 No answers yet" in rows(other_html, "data-training-questions")


def test_the_tables_download_as_csv(client, sign_in_verified, stats):
    module, _ = stats
    sign_in_verified(client, make_user("Editors"))
    months = client.get(REPORT, {"export": "months"})
    assert months["Content-Type"].startswith("text/csv")
    assert months.content.decode().splitlines() == [
        "Module,Month,Attempts,Passes,Pass rate (%)",
        "Another module,2026-10,3,3,100",
        "Spotting exploitation: taxi drivers,2026-10,8,2,25",
        "Spotting exploitation: taxi drivers,2026-09,40,30,75",
    ]
    questions = client.get(REPORT, {"export": "questions", "module": module.pk})
    assert questions.content.decode().splitlines() == [
        "Question,Answered,Correct,Pass rate (%),Few answers",
        "Question 1?,50,45,90,",
        "Question 2?,5,1,20,yes",
        "Question 3?,0,0,,yes",
        "A question since removed,30,15,50,",
    ]


def test_the_report_takes_a_constant_number_of_queries(admin_client, stats, landing):
    module, _ = stats
    admin_client.get(REPORT, {"module": module.pk})
    with CaptureQueriesContext(connection) as before:
        admin_client.get(REPORT, {"module": module.pk})
    for n in range(5):
        extra = TrainingModulePageFactory(parent=landing, title=f"Extra {n}")
        ModuleMonthStat.objects.create(module=extra, month=datetime.date(2026, 8, 1), attempts=1)
    with CaptureQueriesContext(connection) as after:
        admin_client.get(REPORT, {"module": module.pk})
    assert len(after) == len(before)


def test_people_without_the_permission_are_refused(client, sign_in_verified, stats):
    from django.contrib.auth.models import Permission

    user = make_user()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    sign_in_verified(client, user)
    assert client.get(REPORT).status_code in (302, 403)
    assert client.get(REPORT, {"export": "months"}).status_code in (302, 403)
    assert "Training results" not in client.get("/admin/reports/").content.decode()
