"""The forms of professional accounts. Every message is a full sentence."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

EMAIL_MISSING = _("Enter your work email address.")
EMAIL_INVALID = _("Enter an email address in the right format, like name@school.sch.uk.")
NAME_MISSING = _("Enter your name.")
ORGANISATION_MISSING = _("Enter the name of the school or organisation you work for.")
ROLE_MISSING = _("Enter your job title or role.")
PASSWORD_MISSING = _("Enter a password.")
PASSWORD2_MISSING = _("Enter the same password again.")
PASSWORDS_DIFFER = _("The two passwords are different. Enter the same password in both boxes.")
WRONG_PASSWORD = _("That password is not right. Enter the password you use to sign in.")
SIGN_IN_FAILED = _(
    "We could not sign you in with that email address and password. Check them and try again."
)


def _input(autocomplete, **attrs):
    return {"autocomplete": autocomplete, **attrs}


class RegisterForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        error_messages={"required": NAME_MISSING},
        widget=forms.TextInput(attrs=_input("name")),
    )
    email = forms.EmailField(
        label=_("Your work email address"),
        help_text=_("This is also how you sign in. Use the address you have at work."),
        max_length=150,
        error_messages={"required": EMAIL_MISSING, "invalid": EMAIL_INVALID},
        widget=forms.EmailInput(attrs=_input("email", spellcheck="false")),
    )
    organisation = forms.CharField(
        label=_("School or organisation"),
        max_length=200,
        error_messages={"required": ORGANISATION_MISSING},
        widget=forms.TextInput(attrs=_input("organization")),
    )
    role = forms.CharField(
        label=_("Job title or role"),
        help_text=_("For example: class teacher, designated safeguarding lead, school nurse."),
        max_length=120,
        error_messages={"required": ROLE_MISSING},
        widget=forms.TextInput(attrs=_input("organization-title")),
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        help_text=_("At least 12 characters. A few words you will remember make a good password."),
        strip=False,
        error_messages={"required": PASSWORD_MISSING},
        widget=forms.PasswordInput(attrs=_input("new-password")),
    )
    password2 = forms.CharField(
        label=_("Enter the same password again"),
        strip=False,
        error_messages={"required": PASSWORD2_MISSING},
        widget=forms.PasswordInput(attrs=_input("new-password")),
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", PASSWORDS_DIFFER)
        elif password1:
            user = get_user_model()(
                username=data.get("email", ""),
                email=data.get("email", ""),
                first_name=data.get("name", ""),
            )
            try:
                password_validation.validate_password(password1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class SignInForm(AuthenticationForm):
    """Django's own form, so that django-axes counts each failure."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": SIGN_IN_FAILED,
        "inactive": SIGN_IN_FAILED,
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.label = _("Work email address")
        username.error_messages["required"] = EMAIL_MISSING
        username.widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        username.widget.input_type = "email"
        self.fields["password"].label = _("Password")
        self.fields["password"].error_messages["required"] = PASSWORD_MISSING

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class ResetRequestForm(PasswordResetForm):
    """Django's reset form, sending our email; only professionals' accounts.

    Editors reset their password from the admin's own form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = _("Your work email address")
        email.error_messages.update({"required": EMAIL_MISSING, "invalid": EMAIL_INVALID})
        email.widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})

    def get_users(self, email):
        return [user for user in super().get_users(email) if hasattr(user, "professional")]


class NewPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password1"].help_text = _(
            "At least 12 characters. A few words you will remember make a good password."
        )
        self.fields["new_password1"].error_messages["required"] = PASSWORD_MISSING
        self.fields["new_password2"].label = _("Enter the same password again")
        self.fields["new_password2"].error_messages["required"] = PASSWORD2_MISSING
        self.error_messages = {**self.error_messages, "password_mismatch": PASSWORDS_DIFFER}


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        help_text=_("To be sure it is you, enter the password you use to sign in."),
        strip=False,
        error_messages={"required": PASSWORD_MISSING},
        widget=forms.PasswordInput(attrs=_input("current-password")),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(WRONG_PASSWORD)
        return password
