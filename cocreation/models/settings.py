"""What screening looks for, kept by safeguarding leads (Settings → Screening)."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

# Phrases that may mean a child is telling us they are being harmed. One per
# line; matching ignores case, spacing and punctuation, and a line written
# /like this/ is a regular expression (cocreation/screening.py).
# Safeguarding leads extend the list; a false alarm costs a lead a minute, a
# missed disclosure can cost a child far more.
DEFAULT_DISCLOSURE_PHRASES = """hurts me
hurting me
hit me
hits me
touched me
touches me
touching me
threatened me
threatens me
asked me for pictures
asked for pictures
asked me for photos
send nudes
sent nudes
gave me money
gives me money
gave me presents
buys me things
older boyfriend
older girlfriend
kept me
locked me in
won't let me leave
not safe at home
scared to go home
i ran away
i run away
running away
ran away from home
made me carry
made me do things
don't tell anyone
our secret"""


@register_setting(icon="warning")
class ScreeningSettings(BaseGenericSetting):
    disclosure_phrases = models.TextField(
        _("possible disclosures of harm"),
        default=DEFAULT_DISCLOSURE_PHRASES,
        help_text=_(
            "One phrase per line. A submission that contains one goes to the safeguarding "
            "leads at once."
        ),
    )
    school_names = models.TextField(
        _("school names"),
        blank=True,
        help_text=_(
            "One school name per line. A submission that names one is flagged so the name "
            "can be removed before anything is published."
        ),
    )

    panels = [FieldPanel("disclosure_phrases"), FieldPanel("school_names")]

    # Only users with cocreation.change_screeningsettings see and edit it
    # (Wagtail's settings menu item and edit view check that permission):
    # safeguarding leads and administrators.

    def clean(self):
        from cocreation.screening import compile_pattern_line, is_pattern_line, phrase_lines

        super().clean()
        for number, line in enumerate(self.disclosure_phrases.splitlines(), start=1):
            if line.strip() not in phrase_lines([line]) or not is_pattern_line(line):
                continue
            try:
                compile_pattern_line(line)
            except re.error as error:
                raise ValidationError(
                    {
                        "disclosure_phrases": _(
                            "Line %(number)s, %(line)s, is written between slashes, so it is "
                            "read as a regular expression, but it is not a valid one "
                            "(%(error)s). Please correct it, or remove the slashes to match "
                            "the words as written."
                        )
                        % {"number": number, "line": line.strip(), "error": error.msg}
                    }
                ) from error

    class Meta:
        verbose_name = _("screening")
