"""Forms for the workflow actions and the safeguarding outcome."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from cocreation.models import RejectReason, SafeguardingOutcome


class RequestChangesForm(forms.Form):
    # Named "comment" so Wagtail's workflow history shows it as the reviewer's comment.
    comment = forms.CharField(
        label=_("What needs to change"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what needs to change, so the next person knows.")},
    )


class RejectForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=RejectReason.choices,
        error_messages={"required": _("Choose the reason for rejecting.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the decision. Needed when the reason is 'another reason'."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == RejectReason.OTHER and not cleaned.get("note", "").strip():
            self.add_error("note", _("Write a note when the reason is 'another reason'."))
        return cleaned


class EscalateForm(forms.Form):
    note = forms.CharField(
        label=_("What worried you"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The safeguarding leads are emailed at once. Do not copy the child's words."),
        error_messages={"required": _("Say what worried you, so a safeguarding lead can act.")},
    )


class SafeguardingOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=SafeguardingOutcome.choices,
        error_messages={"required": _("Choose the outcome.")},
    )
    action_taken = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write what was done, so the record is complete.")},
    )


class SubmissionAdminForm(WagtailAdminModelForm):
    """The edit form, plus a publish toggle and a description for each picture.

    Pictures are not part of the submission's revisions (Submission is not a
    ClusterableModel): the choices are saved to the pictures at once, whether
    the moderators' copy is saved as a draft or published. They hold no
    personal details, and publication reads them when it runs. The inputs are
    rendered by ``PicturesPanel`` (one pair per picture, so they cannot be
    declared fields of a form class built once per model).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pictures = list(self.instance.images.all()) if self.instance.pk else []
        self.picture_values = {
            picture.pk: {"publish": picture.publish, "alt_text": picture.alt_text}
            for picture in self.pictures
        }
        if self.is_bound:
            for picture in self.pictures:
                prefix = f"picture-{picture.pk}-"
                if prefix + "shown" not in self.data:
                    continue  # the form did not show this picture: keep its values
                self.picture_values[picture.pk] = {
                    "publish": self.data.get(prefix + "publish") == "on",
                    "alt_text": self.data.get(prefix + "alt_text", "").strip()[:250],
                }

    def clean(self):
        cleaned = super().clean()
        for number, picture in enumerate(self.pictures, start=1):
            values = self.picture_values[picture.pk]
            if values["publish"] and not values["alt_text"]:
                self.add_error(
                    None,
                    _(
                        "Picture %(number)s will be published: describe it for people who "
                        "cannot see it."
                    )
                    % {"number": number},
                )
        return cleaned

    def save(self, commit=True):
        instance = super().save(commit=commit)
        for picture in self.pictures:
            values = self.picture_values[picture.pk]
            if (picture.publish, picture.alt_text) != (values["publish"], values["alt_text"]):
                picture.publish = values["publish"]
                picture.alt_text = values["alt_text"]
                picture.save(update_fields=["publish", "alt_text"])
        return instance
