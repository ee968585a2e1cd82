"""``{% youth_panel_checked page %}``: "Checked by our youth panel on …" on a
young people's page whose live version the panel said was ready (the rule is
``home.governance.workflows.youth_panel_checked_on``)."""

from django import template
from django.utils import timezone

from home.governance.workflows import youth_panel_checked_on

register = template.Library()


@register.inclusion_tag("components/youth_panel_checked.html")
def youth_panel_checked(page):
    checked_on = youth_panel_checked_on(page)
    return {
        "checked_on": checked_on,
        # The machine-readable date for <time datetime="…">.
        "checked_iso": timezone.localtime(checked_on).date().isoformat() if checked_on else "",
    }
