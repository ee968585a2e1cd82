"""The child's private link to take their work down (``Submission.withdraw_url``)."""

from django.core import signing
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from cocreation.models import Submission, SubmissionStatus
from cocreation.models.submissions import reference_from_withdraw_token
from cocreation.services.publication import submission_withdraw


def submission_from_token(token):
    """The submission a withdrawal link names, or None for a link that is not ours."""
    try:
        reference = reference_from_withdraw_token(token)
    except signing.BadSignature:
        return None
    return Submission.objects.filter(reference=reference).first()


def _private(response):
    # The page holds a private link: never stored, and its address never sent on.
    # same-origin (not no-referrer) so the browser sends an Origin the CSRF check accepts.
    response["Referrer-Policy"] = "same-origin"
    return response


@never_cache
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request, token):
    submission = submission_from_token(token)
    if submission is None:
        return _private(render(request, "pages/cocreation/withdraw_not_found.html", status=404))
    if submission.status == SubmissionStatus.WITHDRAWN:
        return _private(render(request, "pages/cocreation/withdraw_done.html"))
    if request.method == "POST":
        submission_withdraw(submission=submission)
        return _private(render(request, "pages/cocreation/withdraw_done.html"))
    return _private(
        render(
            request,
            "pages/cocreation/withdraw_confirm.html",
            {"reference": submission.reference, "title": submission.title},
        )
    )
