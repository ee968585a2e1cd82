"""Forms of the community app: the training module's scenario choice, quiz and
name for the certificate.

Messages are full sentences (tests assert them word for word).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from home.forms import ErrorLinksMixin

NAME_MAX = 100

CHOICE_MISSING = _("Please choose what you would do.")
ANSWER_MISSING = _("Please choose an answer to question %(number)s.")
NOT_IN_LIST = _("Please choose one of the answers in the list.")
NAME_MISSING = _("Please type your name as it should appear on the certificate.")
NAME_TOO_LONG = _(
    "Please make your name shorter. It can be up to %(limit_value)s characters, "
    "and you have typed %(show_value)s."
)


class ScenarioChoiceForm(ErrorLinksMixin, forms.Form):
    """What the learner would do in a scenario step (not scored)."""

    def __init__(self, *args, step, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"] = forms.TypedChoiceField(
            label=step.value["question"],
            choices=[
                (str(index), option["text"]) for index, option in enumerate(step.value["options"])
            ],
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"required": CHOICE_MISSING, "invalid_choice": NOT_IN_LIST},
        )


def question_field_name(question):
    return f"q_{question.id}"


class QuizForm(ErrorLinksMixin, forms.Form):
    """Every question of the quiz, one group of radio buttons each."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for number, question in enumerate(self.questions, start=1):
            self.fields[question_field_name(question)] = forms.TypedChoiceField(
                label=question.value["question"],
                choices=[
                    (str(index), answer["text"])
                    for index, answer in enumerate(question.value["answers"])
                ],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": ANSWER_MISSING % {"number": number},
                    "invalid_choice": NOT_IN_LIST,
                },
            )

    def numbered_fields(self):
        return [
            (number, self[question_field_name(question)])
            for number, question in enumerate(self.questions, start=1)
        ]

    def answers(self):
        """{question block id: answer number}, once valid."""
        return {
            question.id: self.cleaned_data[question_field_name(question)]
            for question in self.questions
        }


class CertificateNameForm(ErrorLinksMixin, forms.Form):
    name = forms.CharField(
        label=_("Your name as it should appear on the certificate"),
        max_length=NAME_MAX,
        strip=True,
        help_text=_(
            "Up to 100 characters. We keep only this name, the module, the date, "
            "the code and your score."
        ),
        error_messages={"required": NAME_MISSING, "max_length": NAME_TOO_LONG},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )

    def clean_name(self):
        # Inner runs of spaces become one, as on the certificate itself.
        return " ".join(self.cleaned_data["name"].split())
