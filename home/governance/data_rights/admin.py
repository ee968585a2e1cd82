"""The administrators' data-rights screens (issue 10): Settings → "Data rights".

Type an email address or a certificate code; see every record that holds it
(kind, plain description, date); download everything as a file (a ZIP of a
JSON of the records and their files from storage, or the JSON alone when no
record owns a file); erase all of it after a confirmation step.

Everything is a POST (with CSRF), so the address or code never appears in a
URL, a browser history or a server log, and no answer is cached. Each search,
export and erasure goes to Wagtail's log (Reports → Site history) against the
acting administrator, with the kinds and counts and a salted hash of what was
searched, never the address or code itself.

Who may: users with ``home.manage_data_rights`` (home.GovernancePermissions),
and superusers.
"""

import io
import json
import zipfile

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import log

from home.governance.data_rights.registry import (
    counts,
    erase_all,
    export_all,
    find_all,
    parse_query,
    value_hash,
)

PERMISSION = "home.manage_data_rights"
SEARCH = "clearsight.data_rights.search"
EXPORT = "clearsight.data_rights.export"
ERASE = "clearsight.data_rights.erase"
TEMPLATE = "home/governance/data_rights/index.html"


class DataRightsForm(forms.Form):
    query = forms.CharField(
        label=_("Email address or certificate code"),
        max_length=254,
        help_text=_(
            "Every record that holds this address or code is listed. Nothing is changed "
            "until you choose to erase it and confirm."
        ),
    )

    def clean_query(self):
        return parse_query(self.cleaned_data["query"])


def may_manage(user):
    return user.is_active and (user.is_superuser or user.has_perm(PERMISSION))


def audit(request, action, query, data):
    # request.user may be a lazy object wrapped twice (auth, then django-otp),
    # which Wagtail's log cannot type: log against the user row itself.
    administrator = get_user_model().objects.get(pk=request.user.pk)
    log(
        instance=administrator,
        action=action,
        user=administrator,
        data={
            "searched_for": "email" if query.email else "certificate code",
            "searched_hash": value_hash(query),
            **data,
        },
    )


def export_response(found):
    records, files = export_all(found)
    today = f"{timezone.localdate():%Y-%m-%d}"
    document = json.dumps(
        {"exported": timezone.now().isoformat(), "records": records},
        indent=2,
        ensure_ascii=False,
    ).encode()
    if not files:
        response = HttpResponse(document, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="personal-data-{today}.json"'
        return response
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("records.json", document)
        for archive_path, storage, name in files:
            with storage.open(name, "rb") as source:
                archive.writestr(archive_path, source.read())
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="personal-data-{today}.zip"'
    return response


def data_rights(request):
    if not may_manage(request.user):
        raise PermissionDenied
    context = {"url": reverse("data_rights"), "form": DataRightsForm(), "step": "search"}
    if request.method == "POST":
        response = handle(request, context)
    else:
        response = TemplateResponse(request, TEMPLATE, context)
    add_never_cache_headers(response)
    return response


def handle(request, context):
    form = DataRightsForm(request.POST)
    context["form"] = form
    if not form.is_valid():
        return TemplateResponse(request, TEMPLATE, context)
    query = form.cleaned_data["query"]
    action = request.POST.get("action", "search")
    found = find_all(query)
    context.update(found=sorted(found, key=lambda item: item.sort_date), searched=True)

    if action == "export" and found:
        audit(request, EXPORT, query, {"kinds": counts(found)})
        return export_response(found)
    if action == "confirm" and found:
        context["step"] = "confirm"
        return TemplateResponse(request, TEMPLATE, context)
    if action == "erase" and found and request.POST.get("confirmed") == "yes":
        report = erase_all(found, user=request.user)
        audit(request, ERASE, query, report.counts())
        context.update(step="erased", report=report)
        return TemplateResponse(request, TEMPLATE, context)
    audit(request, SEARCH, query, {"kinds": counts(found)})
    return TemplateResponse(request, TEMPLATE, context)


class DataRightsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage(request.user)


@hooks.register("register_admin_urls")
def register_data_rights_url():
    return [path("data-rights/", data_rights, name="data_rights")]


@hooks.register("register_settings_menu_item")
def register_data_rights_menu_item():
    return DataRightsMenuItem(
        _("Data rights"),
        reverse("data_rights"),
        name="data-rights",
        icon_name="user",
        order=900,
    )


@hooks.register("register_log_actions")
def register_data_rights_log_actions(actions):
    actions.register_action(SEARCH, _("Data rights: search"), _("Searched for personal data"))
    actions.register_action(EXPORT, _("Data rights: export"), _("Exported personal data"))
    actions.register_action(ERASE, _("Data rights: erasure"), _("Erased personal data"))
