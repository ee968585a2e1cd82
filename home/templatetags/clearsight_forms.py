"""Helpers for the project's own crispy-forms template pack, "clearsight"."""

from django import forms, template

register = template.Library()


@register.filter
def is_checkbox(field):
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.simple_tag
def with_aria(field):
    """Render a field's widget tied to its hint and errors for screen readers."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_hint")
    described_by += [f"{field.auto_id}_error_{n}" for n in range(1, len(field.errors) + 1)]
    attrs = {"class": "form-field__input"}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
