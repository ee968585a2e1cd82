from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search Clearsight"),
        max_length=100,
        required=False,
        help_text=_("For example: online friends, going missing, lesson plans."),
        error_messages={"max_length": _("Search for 100 characters or fewer.")},
    )
