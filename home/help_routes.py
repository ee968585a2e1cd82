"""The national help routes Clearsight may give a reader, kept as data.

A wrong or made-up number on a page about abuse can leave a child ringing
nobody, so every phone or text number an editor puts in a contact block or a
callout must be one of these (or one of the site's own numbers in *Settings →
Help and quick exit*). Check them before each release, with the list in
docs/content.md, which a test keeps in step with this one.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class HelpRoute:
    name: str
    number: str
    who_for: str


CHILDLINE = HelpRoute(_("Childline"), "0800 1111", _("Anyone under 19; free and confidential."))

NATIONAL_HELP_ROUTES = (
    HelpRoute(_("Police, emergency"), "999", _("Anyone in danger right now.")),
    HelpRoute(_("Police, non-emergency"), "101", _("Reporting something that is not urgent.")),
    CHILDLINE,
    HelpRoute(_("NSPCC helpline"), "0808 800 5000", _("Adults worried about a child.")),
    HelpRoute(_("Missing People"), "116 000", _("Call or text; free and confidential.")),
    HelpRoute(_("Crimestoppers"), "0800 555 111", _("Reporting a crime anonymously.")),
    HelpRoute(_("British Transport Police"), "61016", _("Text, on trains and at stations.")),
    HelpRoute(
        _("Stop It Now"),
        "0808 1000 900",
        _("Adults worried about their own or another adult's behaviour."),
    ),
    HelpRoute(_("Samaritans"), "116 123", _("Anyone who is struggling.")),
    HelpRoute(_("Shout"), "85258", _("Text, for anyone who needs to talk.")),
)

# The route error messages give as an example of a real number.
EXAMPLE_HELP_ROUTE = CHILDLINE
