from django import forms


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search Clearsight",
        max_length=100,
        required=False,
        help_text="For example: online friends, going missing, lesson plans.",
        error_messages={"max_length": "Search for 100 characters or fewer."},
    )
