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
    # Free to call or text from UK landlines and mobiles.
    free: bool = True
    # Keeps what a caller says private (sharing it only if someone is in serious
    # danger). The police, and anything that passes reports to them, are not.
    confidential: bool = False


CHILDLINE = HelpRoute(
    _("Childline"),
    "0800 1111",
    _(
        "Anyone under 19; free and confidential. They would only think about telling "
        "someone if a child were in serious danger."
    ),
    confidential=True,
)

NATIONAL_HELP_ROUTES = (
    HelpRoute(_("Police, emergency"), "999", _("Anyone in danger right now. Free.")),
    HelpRoute(
        _("Police, non-emergency"),
        "101",
        _("Reporting something that is not urgent. Not free: usually 15 pence a call."),
        free=False,
    ),
    CHILDLINE,
    HelpRoute(
        _("NSPCC helpline"),
        "0808 800 5000",
        _(
            "Adults worried about a child; free, and you need not give your name. "
            "They pass concerns about a child at risk to the police or children's services."
        ),
    ),
    HelpRoute(
        _("Missing People"),
        "116 000",
        _(
            "Call or text; free and confidential. They share what you say only if "
            "someone is in serious danger."
        ),
        confidential=True,
    ),
    HelpRoute(
        _("Crimestoppers"),
        "0800 555 111",
        _("Reporting a crime anonymously; free. A charity, not the police."),
    ),
    HelpRoute(
        _("British Transport Police"),
        "61016",
        _("Text, on trains and at stations. Not anonymous; standard network charges may apply."),
        free=False,
    ),
    HelpRoute(
        _("Stop It Now"),
        "0808 1000 900",
        _("Adults worried about their own or another adult's behaviour. Confidential."),
        confidential=True,
    ),
    HelpRoute(
        _("Samaritans"), "116 123", _("Anyone who is struggling. Confidential."), confidential=True
    ),
    HelpRoute(
        _("Shout"),
        "85258",
        _("Text, for anyone who needs to talk. Confidential."),
        confidential=True,
    ),
)

# The route error messages give as an example of a real number.
EXAMPLE_HELP_ROUTE = CHILDLINE
