"""The project's crispy-forms pack: an error summary, errors beside fields, nothing lost."""

from django import forms
from django.template import Context, Template


class ContactForm(forms.Form):
    name = forms.CharField(
        label="Your first name", max_length=20, help_text="Only your first name."
    )
    story = forms.CharField(label="Your story", widget=forms.Textarea)
    agree = forms.BooleanField(label="I have read the privacy notice")


def render(form):
    return Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))


def test_error_summary_links_to_each_field_and_keeps_what_was_typed():
    form = ContactForm({"name": "A" * 30, "story": "", "agree": ""})
    assert not form.is_valid()
    html = render(form)
    assert '<h2 class="error-summary__title"' in html
    assert 'role="alert"' in html
    assert '<a href="#id_name">Ensure this value has at most 20 characters (it has 30).</a>' in html
    assert '<a href="#id_story">This field is required.</a>' in html
    assert '<a href="#id_agree">This field is required.</a>' in html
    assert 'value="' + "A" * 30 + '"' in html


def test_errors_and_hints_sit_beside_fields_and_are_announced():
    form = ContactForm({"name": "A" * 30, "story": "Once", "agree": "on"})
    form.is_valid()
    html = render(form)
    assert '<p class="form-field__hint" id="id_name_hint">Only your first name.</p>' in html
    assert 'id="id_name_error_1"><span class="visually-hidden">Error: </span>' in html
    assert 'aria-describedby="id_name_hint id_name_error_1"' in html
    assert 'aria-invalid="true"' in html
    assert "Once</textarea>" in html


def test_a_valid_form_has_no_summary():
    form = ContactForm({"name": "Sam", "story": "Once", "agree": "on"})
    assert form.is_valid()
    html = render(form)
    assert "error-summary" not in html
    assert "aria-invalid" not in html
    assert '<label class="form-field__label" for="id_name">Your first name</label>' in html
