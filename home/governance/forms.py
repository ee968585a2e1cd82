"""The youth panel's feedback form (the "Give feedback" workflow action)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from home.models import YouthPanelVerdict


class YouthPanelFeedbackForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Is this page right for its readers?"),
        choices=YouthPanelVerdict.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose ready, needs changes or not right for this age.")},
    )
    # Named "comment" so Wagtail's workflow history shows it as the reviewer's comment.
    comment = forms.CharField(
        label=_("Your comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What works, and what would make it better. Needed unless it is ready."),
    )

    def clean(self):
        cleaned = super().clean()
        cleaned["comment"] = cleaned.get("comment", "").strip()
        verdict = cleaned.get("verdict")
        if verdict and verdict != YouthPanelVerdict.READY and not cleaned["comment"]:
            self.add_error("comment", _("Say what should change, so the editor knows."))
        return cleaned
