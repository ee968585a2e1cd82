"""The "How did this lesson go?" form a teacher fills in on a lesson pack.

Messages are full sentences (tests assert them word for word).
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from home.forms import ErrorLinksMixin

RATINGS = [
    (5, _("Very well")),
    (4, _("Well")),
    (3, _("All right")),
    (2, _("Not very well")),
    (1, _("Badly")),
]
TEXT_LIMIT = 2000

RATING_MISSING = _("Please choose how the lesson went.")
RATING_NOT_IN_LIST = _("Please choose one of the answers in the list.")
TEXT_TOO_LONG = _(
    "Please make this shorter. It can be up to %(limit_value)s characters, "
    "and you have written %(show_value)s."
)
EMAIL_INVALID = _("Please check the email address. It should look like name@example.com.")


def email_help_text():
    return _(
        "Only if you would like a reply. We use it only to answer you, and delete it "
        "after %(days)s days."
    ) % {"days": settings.LESSON_FEEDBACK_EMAIL_DAYS}


class LessonFeedbackForm(ErrorLinksMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How did the lesson go?"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": RATING_MISSING, "invalid_choice": RATING_NOT_IN_LIST},
    )
    what_worked = forms.CharField(
        label=_("What worked?"),
        required=False,
        strip=True,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For example an activity pupils took to, or a question that opened things up."),
        error_messages={"max_length": TEXT_TOO_LONG},
    )
    what_to_change = forms.CharField(
        label=_("What should we change?"),
        required=False,
        strip=True,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Anything that did not work, took too long or did not suit your pupils. "
            "Please do not name pupils or write about a disclosure here: tell your "
            "designated safeguarding lead."
        ),
        error_messages={"max_length": TEXT_TOO_LONG},
    )
    reply_email = forms.EmailField(
        label=_("Your email address"),
        required=False,
        error_messages={"invalid": EMAIL_INVALID},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reply_email"].help_text = email_help_text()
