"""The child's form, the thank-you page and the parent's consent page.

Every page here is private to one person: never stored by the page cache or a
browser (``Cache-Control: no-store, private``), and sent with
``Referrer-Policy: same-origin`` so that the browser sends a real ``Origin``
with the form's POST (under the site's ``no-referrer`` it sends ``Origin: null``
and Django's CSRF check refuses it). These are the only public pages that set a
cookie: the CSRF cookie, when the form is shown.
"""

import mimetypes

from django.conf import settings
from django.core import signing
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from django_ratelimit.core import is_ratelimited

from cocreation.forms import ContributionForm, max_request_bytes
from cocreation.models import (
    CallForContributionsPage,
    Submission,
    SubmissionImage,
    SubmissionStatus,
)
from cocreation.models.submissions import new_reference, withdraw_url_for
from cocreation.services.intake import (
    reference_from_consent_token,
    submission_create,
    submission_give_consent,
    submission_refuse_consent,
)
from cocreation.services.moderation import WrongState
from home import error_pages

THANKS_SALT = "cocreation.thanks"
# CEOP's Safety Centre: reporting online grooming or abuse (a web address, not
# a number, so not among the SafetySettings numbers).
CEOP_URL = "https://www.ceop.police.uk/Safety-Centre/"


def private(response):
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"
    return response


# --- The form (the call page's "send/" route) -------------------------------


def too_many_tries(request):
    response = error_pages.render_error_page(
        request, "pages/cocreation/contribution_too_many.html", 429
    )
    response["Retry-After"] = str(settings.RATELIMIT_RETRY_AFTER)
    return private(response)


def rate_limited(request, call):
    """Per client address, then per call across every client (fails open with the cache)."""
    return is_ratelimited(
        request,
        group="cocreation.contribution",
        key="ip",
        rate=settings.CONTRIBUTION_RATE_LIMIT,
        method="POST",
        increment=True,
    ) or is_ratelimited(
        request,
        group="cocreation.contribution.call",
        key=lambda group, request: str(call.pk),
        rate=settings.CONTRIBUTION_CALL_RATE_LIMIT,
        method="POST",
        increment=True,
    )


def request_too_big(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > max_request_bytes()
    except ValueError:
        return True


def thanks_token(call, reference, parent_emailed):
    return signing.dumps(
        {"c": call.pk, "r": reference, "p": bool(parent_emailed)}, salt=THANKS_SALT
    )


def contribution_form(request, *, call):
    if not call.is_open():
        return private(
            TemplateResponse(
                request, "pages/cocreation/contribution_closed.html", {"page": call, "call": call}
            )
        )
    status = 200
    if request.method == "POST":
        if rate_limited(request, call):
            return too_many_tries(request)
        too_big = request_too_big(request)
        form = ContributionForm(
            request.POST, None if too_big else request.FILES, call=call, request_too_big=too_big
        )
        if form.is_from_a_robot():
            # Store nothing, and answer exactly as for a child.
            return redirect_to_thanks(call, new_reference(), parent_emailed=False)
        form.discard_removed_uploads()
        if form.is_valid():
            data = form.cleaned_data
            submission = submission_create(
                call=call,
                age_band=data["age_band"],
                title=data["title"],
                text=data["text"],
                name=data["name"],
                area=data["area"],
                parent_email=data["parent_email"],
                group_code=form.group,
                group_leader_confirmed_consent=data["group_leader_confirms_consent"],
                consent_to_share=data["consent_to_share"],
                consent_to_byline=data["consent_to_byline"],
                images=form.pictures_to_store(),
            )
            form.forget_kept_uploads()
            return redirect_to_thanks(
                call,
                submission.reference,
                parent_emailed=submission.status == SubmissionStatus.AWAITING_CONSENT,
            )
        form.keep_screened_uploads()
        status = 400
    else:
        form = ContributionForm(call=call)
    response = render(
        request,
        "pages/cocreation/contribution_form.html",
        {"page": call, "call": call, "form": form},
        status=status,
    )
    return private(response)


def redirect_to_thanks(call, reference, *, parent_emailed):
    """Post, redirect, get: a refresh of the thank-you page sends nothing again."""
    token = thanks_token(call, reference, parent_emailed)
    return private(HttpResponseRedirect(reverse("cocreation:thanks", args=[token])))


@require_http_methods(["GET", "HEAD"])
def thank_you(request, token):
    """The same page for every child, whatever screening finds: only the
    reference and whether a parent was emailed change it."""
    try:
        data = signing.loads(token, salt=THANKS_SALT)
        call_pk, reference, parent_emailed = int(data["c"]), str(data["r"]), bool(data["p"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return error_pages.render_error_page(request, "errors/404.html", 404)
    call = CallForContributionsPage.objects.live().public().filter(pk=call_pk).first()
    if call is None:
        return error_pages.render_error_page(request, "errors/404.html", 404)
    response = render(
        request,
        "pages/cocreation/contribution_thanks.html",
        {
            "page": call,
            "call": call,
            "reference": reference,
            "parent_emailed": parent_emailed,
            "withdraw_url": request.build_absolute_uri(withdraw_url_for(reference)),
            "ceop_url": CEOP_URL,
        },
    )
    return private(response)


# --- The parent's or carer's consent ----------------------------------------


def _submission_for_token(token):
    """(submission or None, problem) where problem is "", "expired", "bad", "used"
    (nothing waits for an answer) or "checking" (not screened yet)."""
    try:
        reference = reference_from_consent_token(token)
    except signing.SignatureExpired:
        return None, "expired"
    except signing.BadSignature:
        return None, "bad"
    submission = (
        Submission.objects.filter(reference=reference)
        .select_related("call", "age_band")
        .prefetch_related("images")
        .first()
    )
    if submission is None or submission.status != SubmissionStatus.AWAITING_CONSENT:
        return None, "used"
    # The link reaches the parent or carer, who may be the person a child is
    # telling us about: work that raised a safeguarding concern is for the
    # safeguarding lead alone, and the page says only that nothing is waiting.
    if submission.needs_safeguarding or submission.safeguarding_records.exists():
        return None, "used"
    # Nobody sees the work before screening has looked for a disclosure.
    if submission.screened_at is None:
        return None, "checking"
    return submission, ""


@require_http_methods(["GET", "HEAD", "POST"])
def consent(request, token):
    submission, problem = _submission_for_token(token)
    if problem:
        response = render(
            request,
            "pages/cocreation/consent_problem.html",
            {"problem": problem, "days": settings.CONTRIBUTION_CONSENT_DAYS},
            status={"expired": 410, "used": 404, "checking": 503}.get(problem, 400),
        )
        if problem == "checking":
            response["Retry-After"] = "60"
        return private(response)
    decision = ""
    if request.method == "POST":
        choice = request.POST.get("decision")
        try:
            if choice == "agree":
                submission_give_consent(submission=submission)
                decision = "agreed"
            elif choice == "refuse":
                submission_refuse_consent(submission=submission)
                decision = "refused"
        except WrongState:
            decision = "used"
    template = "pages/cocreation/consent_done.html" if decision else "pages/cocreation/consent.html"
    response = render(
        request,
        template,
        {
            "submission": submission,
            "call": submission.call,
            "token": token,
            "decision": decision,
            "images": list(submission.images.all()) if not decision else [],
            "days": settings.CONTRIBUTION_CONSENT_DAYS,
        },
    )
    return private(response)


@require_http_methods(["GET", "HEAD"])
def consent_picture(request, token, image_id):
    """A picture shown on the consent page: only with a good link, never a
    public media address."""
    submission, problem = _submission_for_token(token)
    if problem:
        return error_pages.render_error_page(request, "errors/404.html", 404)
    image = SubmissionImage.objects.filter(submission=submission, pk=image_id).first()
    if image is None:
        return error_pages.render_error_page(request, "errors/404.html", 404)
    content_type = mimetypes.guess_type(image.file.name)[0] or "application/octet-stream"
    response = FileResponse(image.file.open("rb"), content_type=content_type)
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return private(response)
