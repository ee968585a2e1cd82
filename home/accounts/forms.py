from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


class CompactCharField(forms.CharField):
    """A code that people may type with spaces ("123 456"): the spaces are dropped."""

    def to_python(self, value):
        return "".join(super().to_python(value).split())


class AuthenticatorCodeForm(forms.Form):
    """The six-digit code from an authenticator app."""

    otp_token = CompactCharField(
        label=_("Code from your authenticator app"),
        help_text=_("Enter the 6-digit code your app shows now, for example 123456."),
        error_messages={"required": _("Enter the 6-digit code from your authenticator app.")},
        validators=[
            RegexValidator(
                r"^[0-9]{6}$",
                message=_("Enter the code as 6 digits, for example 123456."),
            )
        ],
    )


class RecoveryCodeForm(forms.Form):
    recovery_code = CompactCharField(
        label=_("Recovery code"),
        help_text=_(
            "Enter one of the recovery codes you saved when you set up two-factor "
            "authentication. Each code works once."
        ),
        error_messages={
            "required": _("Enter one of your recovery codes."),
            "max_length": _("A recovery code has 8 letters and numbers."),
        },
        max_length=32,
    )
