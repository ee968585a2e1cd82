"""Reports → "Training results": how the training modules are doing.

Two tables, each with a small bar chart above it (SVG drawn here, readable
without colour: every bar carries its number) and a CSV download:

- completions per module and month: attempts (quizzes finished), passes and
  the pass rate (ModuleMonthStat; counts only, kept after certificates go);
- for the chosen module, each current quiz question's pass rate: QuestionStat
  joined to the module's questions by block id, so a reworded question keeps
  its history. Questions answered fewer than FEW_ANSWERS times are flagged (a
  rate from a handful of answers says little). Counts for questions no longer
  in the module are listed last as "a question since removed".

Who may see it: users with ``community.view_modulemonthstat`` (superusers and
Editors, community/roles.py). A constant number of queries, whatever the
number of modules, months or questions.
"""

import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from community.models import ModuleMonthStat, QuestionStat, TrainingModulePage

VIEW_PERMISSION = "community.view_modulemonthstat"
FEW_ANSWERS = 20


def rate(part, whole):
    """A whole-number percentage, or None when there is nothing to divide."""
    return round(100 * part / whole) if whole else None


def month_rows(module=None):
    rows = ModuleMonthStat.objects.values(
        "module_id", "module__title", "month", "attempts", "passes"
    )
    if module is not None:
        rows = rows.filter(module=module)
    rows = list(rows.order_by("-month", "module__title", "module_id"))
    for row in rows:
        row["pass_rate"] = rate(row["passes"], row["attempts"])
    return rows


def question_rows(module):
    """One row per current question (in quiz order), then removed ones."""
    stats = {stat.question_id: stat for stat in QuestionStat.objects.filter(module=module)}
    rows = []
    for number, block in enumerate(module.questions, start=1):
        stat = stats.pop(block.id, None)
        answered = stat.answered if stat else 0
        correct = stat.correct if stat else 0
        rows.append(
            {
                "number": number,
                "question": block.value["question"],
                "answered": answered,
                "correct": correct,
                "pass_rate": rate(correct, answered),
                "few": answered < FEW_ANSWERS,
            }
        )
    for stat in sorted(stats.values(), key=lambda s: s.question_id):
        rows.append(
            {
                "number": None,
                "question": _("A question since removed"),
                "answered": stat.answered,
                "correct": stat.correct,
                "pass_rate": rate(stat.correct, stat.answered),
                "few": stat.answered < FEW_ANSWERS,
            }
        )
    return rows


def chart(rows, label_key, value_key, *, percent):
    """Bars for an SVG chart: label, value and width in a 0–100 scale."""
    values = [row[value_key] or 0 for row in rows]
    top = 100 if percent else max(values, default=0) or 1
    return [
        {
            "label": row[label_key],
            "value": row[value_key],
            "width": round(100 * (row[value_key] or 0) / top, 1),
            "y": index * 28,
        }
        for index, row in enumerate(rows)
    ]


def csv_response(filename, headings, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(headings)
    writer.writerows(rows)
    return response


def training_results(request):
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    modules = list(TrainingModulePage.objects.order_by("title", "pk"))
    chosen = None
    wanted = request.GET.get("module")
    if wanted and wanted.isdigit():
        chosen = next((m for m in modules if m.pk == int(wanted)), None)
    if chosen is None and modules:
        chosen = modules[0]
    months = month_rows()
    questions = question_rows(chosen) if chosen else []
    today = f"{timezone.localdate():%Y-%m-%d}"

    export = request.GET.get("export")
    if export == "months":
        return csv_response(
            f"training-completions-{today}.csv",
            [_("Module"), _("Month"), _("Attempts"), _("Passes"), _("Pass rate (%)")],
            [
                [r["module__title"], f"{r['month']:%Y-%m}", r["attempts"], r["passes"],
                 "" if r["pass_rate"] is None else r["pass_rate"]]
                for r in months
            ],
        )  # fmt: skip
    if export == "questions" and chosen:
        return csv_response(
            f"training-questions-{chosen.slug}-{today}.csv",
            [_("Question"), _("Answered"), _("Correct"), _("Pass rate (%)"), _("Few answers")],
            [
                [r["question"], r["answered"], r["correct"],
                 "" if r["pass_rate"] is None else r["pass_rate"], _("yes") if r["few"] else ""]
                for r in questions
            ],
        )  # fmt: skip

    chosen_months = [row for row in months if chosen and row["module_id"] == chosen.pk][:12]
    for row in chosen_months:
        row["month_label"] = f"{row['month']:%b %Y}"
    for row in questions:
        row["label"] = (
            _("Question %(number)s") % {"number": row["number"]}
            if row["number"]
            else row["question"]
        )
    return TemplateResponse(
        request,
        "community/admin/training_results.html",
        {
            "modules": modules,
            "chosen": chosen,
            "months": months,
            "questions": questions,
            "few_answers": FEW_ANSWERS,
            "month_bars": chart(list(reversed(chosen_months)), "month_label", "attempts",
                                percent=False),
            "question_bars": chart(questions, "label", "pass_rate", percent=True),
            "url": reverse("community_training_results"),
        },
    )  # fmt: skip


class TrainingResultsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_PERMISSION)


@hooks.register("register_admin_urls")
def register_training_results_url():
    return [path("reports/training-results/", training_results, name="community_training_results")]


@hooks.register("register_reports_menu_item")
def register_training_results_menu_item():
    return TrainingResultsMenuItem(
        gettext_lazy("Training results"),
        reverse("community_training_results"),
        name="training-results",
        icon_name="tick-inverse",
        order=1400,
    )
