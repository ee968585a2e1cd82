"""The admin's "Make a resource from it", offered on published submissions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from cocreation.models import Submission
from cocreation.services.moderation import WrongState
from cocreation.services.publication import submission_make_resource


def can_make_resource(user):
    from resources.models import ResourceIndexPage

    library = ResourceIndexPage.objects.order_by("path").first()
    return (
        library is not None
        and user.has_perm("cocreation.change_submission")
        and library.permissions_for_user(user).can_add_subpage()
    )


def make_resource(request, pk):
    submission = get_object_or_404(Submission, pk=pk)
    if not can_make_resource(request.user):
        raise PermissionDenied
    if request.method == "POST":
        try:
            resource = submission_make_resource(submission=submission, user=request.user)
        except WrongState as error:
            messages.error(request, str(error))
            return redirect("wagtailadmin_home")
        messages.success(
            request,
            _("A draft resource was made from %(reference)s. Check it, then publish it.")
            % {"reference": submission.reference},
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=[resource.pk]))
    return TemplateResponse(
        request,
        "cocreation/admin/make_resource.html",
        {"submission": submission, "page_title": _("Make a resource")},
    )
