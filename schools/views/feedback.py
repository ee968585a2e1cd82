"""'How did this lesson go?' (the route ``feedback/`` of a lesson pack page).

The form is its own address, so the pack page stays cacheable and cookie-free;
this page is never stored by a cache (``Cache-Control: no-store, private``) and
is sent with ``Referrer-Policy: same-origin`` so the browser's POST carries a
real ``Origin`` for the CSRF check. Post, redirect, get: the thank-you page is
``feedback/?sent=1``. Sending is rate-limited per client address.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from django_ratelimit.core import is_ratelimited

from home.views import too_many_requests
from schools.feedback_form import LessonFeedbackForm
from schools.services.feedback import feedback_create


def private(response):
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"
    return response


def rate_limited(request):
    return is_ratelimited(
        request,
        group="schools.lesson_feedback",
        key="ip",
        rate=settings.LESSON_FEEDBACK_RATE_LIMIT,
        method="POST",
        increment=True,
    )


def feedback_url(page, request):
    return page.get_url(request) + page.reverse_subpage("feedback_form")


@require_http_methods(["GET", "HEAD", "POST"])
def lesson_feedback(request, page):
    context = {"page": page, "pack": page, "email_days": settings.LESSON_FEEDBACK_EMAIL_DAYS}
    if request.method == "GET" and request.GET.get("sent") == "1":
        return private(render(request, "schools/feedback/thanks.html", context))
    status = 200
    if request.method == "POST":
        if rate_limited(request):
            return private(too_many_requests(request))
        form = LessonFeedbackForm(request.POST)
        if form.is_valid():
            feedback_create(page=page, **form.cleaned_data)
            return private(HttpResponseRedirect(f"{feedback_url(page, request)}?sent=1"))
        status = 400
    else:
        form = LessonFeedbackForm()
    context["form"] = form
    return private(render(request, "schools/feedback/form.html", context, status=status))
