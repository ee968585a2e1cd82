"""Read-only panels for the submission edit form.

The original (title and text, as sent) is the record: it is shown, never a
form field. Who sent it lives in ``SubmissionDetails`` and is shown by
``DetailsPanel`` only to users holding the permission for each part; it
yields no comparison, so revision compare never shows it either.
"""

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel

from cocreation.models import SubmissionDetails

FINDING_KINDS = {
    "email": _("email address"),
    "phone": _("phone number"),
    "postcode": _("postcode"),
    "address": _("street address"),
    "handle": _("social media handle"),
    "link": _("link"),
    "school": _("school name"),
    "name": _("full name"),
    "disclosure": _("possible disclosure of harm"),
}


def finding_label(kind):
    return FINDING_KINDS.get(kind, kind.replace("-", " ").replace("_", " "))


def highlight(text, findings):
    """The text, escaped, with each finding wrapped in <mark> and labelled for screen readers."""
    spans = sorted(
        (
            (int(item["start"]), int(item["end"]), str(item.get("kind", "")))
            for item in findings or []
            if isinstance(item, dict) and "start" in item and "end" in item
        ),
        key=lambda span: span[0],
    )
    parts, position = [], 0
    for start, end, kind in spans:
        start, end = max(start, position), min(end, len(text))
        if start >= end:
            continue
        parts.append(escape(text[position:start]))
        parts.append(
            format_html(
                '<mark class="cs-finding" title="{label}">{found}'
                '<span class="w-sr-only"> ({label})</span></mark>',
                label=finding_label(kind),
                found=text[start:end],
            )
        )
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - every part escaped above


class OriginalPanel(Panel):
    """The work as the child sent it, with what screening found highlighted."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cocreation/admin/original_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            findings = self.instance.personal_details_found or []
            context.update(
                {
                    "title": self.instance.title,
                    "text": highlight(self.instance.text, findings),
                    "kinds": sorted(
                        {
                            finding_label(item.get("kind", ""))
                            for item in findings
                            if isinstance(item, dict)
                        }
                    ),
                    "screened_at": self.instance.screened_at,
                    "needs_safeguarding": self.instance.needs_safeguarding,
                }
            )
            return context


class PicturesPanel(Panel):
    """Thumbnails (through the permission-checked picture view, never a media
    URL), a publish toggle and a description for each picture."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cocreation/admin/pictures_panel.html"

        def is_shown(self):
            return bool(getattr(self.form, "pictures", None))

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["pictures"] = [
                {
                    "picture": picture,
                    "number": number,
                    "src": reverse("cocreation_submission_picture", args=[picture.pk]),
                    **self.form.picture_values[picture.pk],
                }
                for number, picture in enumerate(self.form.pictures, start=1)
            ]
            return context


class DetailsPanel(Panel):
    """Who sent it: name and area with ``view_submission_byline``; the parent's
    or group leader's email with ``view_submission_contact``."""

    BYLINE = "cocreation.view_submission_byline"
    CONTACT = "cocreation.view_submission_contact"

    class BoundPanel(Panel.BoundPanel):
        template_name = "cocreation/admin/details_panel.html"

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            user = self.request.user if self.request else None
            self.show_byline = bool(user and user.has_perm(self.panel.BYLINE))
            self.show_contact = bool(user and user.has_perm(self.panel.CONTACT))

        def is_shown(self):
            return self.show_byline or self.show_contact

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            details = (
                SubmissionDetails.objects.select_related("area")
                .filter(submission_id=self.instance.pk)
                .first()
            )
            group_code = self.instance.group_code
            context.update(
                {
                    "details": details,
                    "show_byline": self.show_byline,
                    "show_contact": self.show_contact,
                    "group_code": group_code if self.show_contact else None,
                }
            )
            return context
