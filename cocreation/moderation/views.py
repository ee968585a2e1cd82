"""Admin views: a submission's pictures, and the safeguarding records.

Pictures are streamed after checking that the user may see the submission
(never a public media URL: a child's picture is not published until a
moderator says so). Safeguarding records are for safeguarding leads only.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreation.models import SafeguardingRecord, SubmissionImage
from cocreation.services.moderation import WrongState
from cocreation.services.safeguarding import safeguarding_close, safeguarding_outcome_record

from .forms import SafeguardingOutcomeForm
from .selectors import user_can_see_submission

RECORD_PERMISSION = "cocreation.record_safeguarding_outcome"


def submission_picture(request, pk):
    picture = get_object_or_404(SubmissionImage, pk=pk)
    if not user_can_see_submission(request.user, picture.submission_id):
        raise Http404  # the same answer whether or not the picture exists
    try:
        handle = picture.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    response = FileResponse(handle)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Content-Disposition"] = "inline"
    return response


def _require_lead(request):
    if not request.user.has_perm(RECORD_PERMISSION):
        raise PermissionDenied


def safeguarding_records(request):
    _require_lead(request)
    records = SafeguardingRecord.objects.select_related("submission", "raised_by", "recorded_by")
    return TemplateResponse(
        request,
        "cocreation/admin/safeguarding_records.html",
        {
            "header_title": _("Safeguarding records"),
            "page_title": _("Safeguarding records"),
            "header_icon": "warning",
            "open_records": [r for r in records if r.closed_at is None],
            "closed_records": [r for r in records if r.closed_at is not None][:50],
        },
    )


def safeguarding_record(request, pk):
    _require_lead(request)
    record = get_object_or_404(
        SafeguardingRecord.objects.select_related("submission", "raised_by", "recorded_by"), pk=pk
    )
    form = SafeguardingOutcomeForm(
        request.POST or None,
        initial={"outcome": record.outcome, "action_taken": record.action_taken},
    )
    if request.method == "POST" and form.is_valid():
        try:
            safeguarding_outcome_record(record=record, user=request.user, **form.cleaned_data)
        except WrongState as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The outcome is recorded."))
            return redirect("cocreation_safeguarding_record", pk=record.pk)
    submission_url = None
    if record.submission_id:
        submission_url = reverse(
            "wagtailsnippets_cocreation_submission:edit", args=[record.submission_id]
        )
    return TemplateResponse(
        request,
        "cocreation/admin/safeguarding_record.html",
        {
            "header_title": _("Safeguarding record %(reference)s")
            % {"reference": record.submission_reference},
            "page_title": _("Safeguarding record"),
            "header_icon": "warning",
            "record": record,
            "form": form,
            "submission_url": submission_url,
        },
    )


@require_POST
def safeguarding_record_close(request, pk):
    _require_lead(request)
    record = get_object_or_404(SafeguardingRecord, pk=pk)
    try:
        safeguarding_close(record=record, user=request.user)
    except WrongState as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The record is closed."))
    return redirect("cocreation_safeguarding_record", pk=record.pk)
