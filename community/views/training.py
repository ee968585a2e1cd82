"""The training flow: overview, one step a page, the quiz, the result and the
name for the certificate (the routes of ``TrainingModulePage``).

The overview sets no cookie, so the page cache may keep it and a reader who
only looks gets nothing. The progress cookie (community.services.training) is
set from the first step on. Every response after the overview carries a form
or the cookie, so it is sent ``Cache-Control: no-store, private`` (never stored
by the page cache or a browser) and with ``Referrer-Policy: same-origin``, so a
POST carries a real ``Origin`` for the CSRF check. Posts redirect (post,
redirect, get), so a refresh never sends a quiz or a name twice.

The quiz is one page with every question: with 8 to 10 short questions the
learner can read them all, change an answer and send once, which is quicker
without JavaScript than a page per question, and the error summary links
straight to any question left out.
"""

from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from community.forms import CertificateNameForm, QuizForm, ScenarioChoiceForm
from community.services import training
from community.services.certificates import certificate_issue


def private(response):
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"
    return response


def route_url(page, request, name, *args):
    return page.get_url(request) + page.reverse_subpage(name, args=args)


def redirect(page, request, name, *args, progress=None, anchor=""):
    response = HttpResponseRedirect(route_url(page, request, name, *args) + anchor)
    response.status_code = 303  # after a POST: GET the next page
    if progress is not None:
        training.progress_write(response, request, page, progress)
    return private(response)


def render(request, page, template, context, *, progress, status=200):
    context = {
        **page.get_context(request),
        "progress": progress,
        "step_count": len(page.steps),
        "question_count": len(page.questions),
        **context,
    }
    response = TemplateResponse(request, template, context, status=status)
    training.progress_write(response, request, page, progress)
    return private(response)


def resume_name(page, progress):
    """The route a returning learner continues at."""
    if progress.submitted:
        return "result", ()
    if progress.reached >= len(page.steps):
        return "quiz", ()
    return "step", (progress.reached,)


def overview(request, page):
    """Sets no cookie and reads the cookie only to say Continue: a reader with
    no cookie gets the page the cache stores."""
    progress = training.progress_read(request, page)
    context = page.get_context(request)
    context.update(step_count=len(page.steps), question_count=len(page.questions))
    if progress is not None:
        name, args = resume_name(page, progress)
        context["continue_url"] = route_url(page, request, name, *args)
    return TemplateResponse(request, "pages/community/training_module_page.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def step(request, page, number):
    steps = list(page.steps)
    if not 1 <= number <= len(steps):
        raise Http404
    progress = training.progress_read(request, page)
    if progress is None:
        if number != 1:  # not started in this browser
            return private(HttpResponseRedirect(page.get_url(request)))
        progress = training.Progress()
    elif number > progress.reached + 1:  # no skipping ahead
        return private(HttpResponseRedirect(route_url(page, request, "step", progress.reached)))
    progress.reached = max(progress.reached, number)

    current = steps[number - 1]
    context = {
        "step": current,
        "number": number,
        "previous_url": route_url(page, request, "step", number - 1) if number > 1 else None,
        "next_url": (
            route_url(page, request, "step", number + 1)
            if number < len(steps)
            else route_url(page, request, "quiz")
        ),
        "is_last": number == len(steps),
    }
    status = 200
    if current.block_type == "scenario":
        chosen = progress.choices.get(current.id)
        if request.method == "POST":
            form = ScenarioChoiceForm(request.POST, step=current)
            if form.is_valid():
                progress.choices[current.id] = form.cleaned_data["choice"]
                return redirect(
                    page, request, "step", number, progress=progress, anchor="#feedback"
                )
            status = 400
        else:
            initial = {"choice": str(chosen)} if chosen is not None else None
            form = ScenarioChoiceForm(initial=initial, step=current)
        options = current.value["options"]
        context.update(
            form=form,
            chosen=options[chosen] if chosen is not None and status == 200 else None,
            best_options=[option for option in options if option["best"]],
        )
    elif request.method == "POST":
        return redirect(page, request, "step", number)
    return render(
        request,
        page,
        "pages/community/training/step.html",
        context,
        progress=progress,
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def quiz(request, page):
    progress = training.progress_read(request, page)
    if progress is None:
        return private(HttpResponseRedirect(page.get_url(request)))
    if progress.reached < len(page.steps):
        return private(HttpResponseRedirect(route_url(page, request, "step", progress.reached)))
    if progress.submitted:
        return private(HttpResponseRedirect(route_url(page, request, "result")))
    status = 200
    if request.method == "POST":
        form = QuizForm(request.POST, questions=page.questions)
        if form.is_valid():
            training.quiz_submit(page=page, progress=progress, answers=form.answers())
            return redirect(page, request, "result", progress=progress)
        status = 400
    else:
        form = QuizForm(questions=page.questions)
    return render(
        request,
        page,
        "pages/community/training/quiz.html",
        {"form": form},
        progress=progress,
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def result(request, page):
    progress = training.progress_read(request, page)
    if progress is None:
        return private(HttpResponseRedirect(page.get_url(request)))
    if not progress.submitted:
        return private(HttpResponseRedirect(route_url(page, request, "quiz")))
    marked = training.quiz_result(page, progress.answers)
    passed = training.progress_has_passed(page, progress)
    status = 200
    form = CertificateNameForm() if passed else None
    if request.method == "POST":
        if request.POST.get("action") == "retry":
            training.progress_clear_quiz(progress)
            return redirect(page, request, "quiz", progress=progress)
        if not passed:  # the name form is only for a passed quiz
            return redirect(page, request, "result")
        form = CertificateNameForm(request.POST)
        if form.is_valid():
            certificate = certificate_issue(
                module=page, name=form.cleaned_data["name"], score=marked.score
            )
            # A refresh or a second post now finds no passed quiz: one certificate.
            training.progress_clear_quiz(progress)
            response = HttpResponseRedirect(
                reverse("community:certificate", args=[certificate.code])
            )
            response.status_code = 303
            training.progress_write(response, request, page, progress)
            return private(response)
        status = 400
    return render(
        request,
        page,
        "pages/community/training/result.html",
        {"result": marked, "passed": passed, "form": form},
        progress=progress,
        status=status,
    )
