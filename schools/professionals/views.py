"""Professional accounts: register, confirm the email, sign in and out, reset, delete.

Every page here is private to one person: never cached (``never_cache``), and
sent with ``Referrer-Policy: same-origin`` so that the browser sends a real
``Origin`` with each form's POST (under the site's ``no-referrer`` it sends
``Origin: null`` and Django's CSRF check refuses it). Registration and the
reset form answer the same whether or not an address has an account.
"""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from django_ratelimit.core import get_usage

from home.accounts.services import user_can_access_admin, user_has_authenticator
from schools.models import ProfessionalProfile, ProfessionalStatus
from schools.professionals.forms import (
    DeleteAccountForm,
    NewPasswordForm,
    RegisterForm,
    ResetRequestForm,
    SignInForm,
)
from schools.services import professionals as services

TEMPLATES = "schools/professionals/"

HEADINGS = {
    "register": _("Create a professional account"),
    "register_done": _("Check your email"),
    "verify": _("Confirm your email address"),
    "verify_done": _("Your email address is confirmed"),
    "verify_problem": _("This link does not work"),
    "sign_in": _("Sign in to your professional account"),
    "sign_in_already": _("You are signed in"),
    "locked_out": _("Signing in is paused for a while"),
    "signed_out": _("You have signed out"),
    "password_reset": _("Reset your password"),
    "password_reset_done": _("Check your email"),
    "password_reset_confirm": _("Choose a new password"),
    "password_reset_complete": _("Your password has been changed"),
    "account": _("Your account"),
    "delete": _("Delete your account"),
    "deleted": _("Your account has been deleted"),
}


def show(request, name, context=None, status=200):
    """Render templates/schools/professionals/<name>.html with its heading."""
    context = {"heading": HEADINGS[name], **(context or {})}
    return render(request, f"{TEMPLATES}{name}.html", context, status=status)


def private(response):
    response["Referrer-Policy"] = "same-origin"
    return response


def account_page(view):
    """Never cached, same-origin referrers, GET and POST only."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return private(view(request, *args, **kwargs))

    return require_http_methods(["GET", "HEAD", "POST"])(never_cache(wrapper))


def signed_in_page(view):
    """As account_page, for a signed-in user only (others go to the sign-in page)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("professionals:sign_in"))
        return view(request, *args, **kwargs)

    return account_page(wrapper)


# --- Rate limits ---------------------------------------------------------------


def _email_key(group, request):
    return request.POST.get("email", "").strip().lower()


def retry_after(request, group, *, per_email=False):
    """Seconds to wait when this client (or this email) has asked too often, else 0.

    Counted on every POST, whether or not the address has an account, so the
    answer says nothing about who has one."""
    limits = [(f"{group}:address", "ip", settings.PROFESSIONAL_REGISTER_RATE_LIMIT)]
    if per_email and _email_key(None, request):
        limits.append((f"{group}:email", _email_key, settings.RESET_EMAIL_RATE_PER_EMAIL))
    waits = []
    for name, key, rate in limits:
        usage = get_usage(request, group=name, key=key, rate=rate, method="POST", increment=True)
        if usage and usage["should_limit"]:
            waits.append(usage["time_left"] if usage["time_left"] > 0 else 60)
    return max(waits, default=0)


def too_many(request, seconds):
    response = render(request, "errors/429.html", {"retry_after": seconds}, status=429)
    response["Retry-After"] = str(seconds)
    return response


# --- Registration and the email link -------------------------------------------


@account_page
@sensitive_post_parameters("password1", "password2")
def register(request):
    if request.method == "POST":
        if seconds := retry_after(request, "professionals.register", per_email=True):
            return too_many(request, seconds)
        form = RegisterForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            services.professional_register(
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                role=data["role"],
                password=data["password1"],
                request=request,
            )
            # The same page whether or not the address already had an account.
            return redirect("professionals:register_done")
        status = 400
    else:
        form = RegisterForm()
        status = 200
    context = {
        "form": form,
        "unverified_days": settings.PROFESSIONAL_UNVERIFIED_DAYS,
    }
    return show(request, "register", context, status=status)


@account_page
def register_done(request):
    return show(
        request,
        "register_done",
        {"hours": settings.PROFESSIONAL_VERIFY_HOURS},
    )


@account_page
def verify(request, token):
    """GET shows a button (mail scanners follow links; they do not press
    buttons); POST confirms the address, once."""
    problem = ""
    profile = None
    try:
        profile = services.profile_from_verify_token(token)
    except signing.SignatureExpired:
        problem = "expired"
    except (signing.BadSignature, ProfessionalProfile.DoesNotExist):
        problem = "bad"
    if profile is not None and profile.status != ProfessionalStatus.UNVERIFIED:
        problem = "used"
    if problem:
        return show(
            request,
            "verify_problem",
            {"problem": problem, "hours": settings.PROFESSIONAL_VERIFY_HOURS},
            status=410 if problem == "expired" else 404 if problem == "bad" else 409,
        )
    if request.method == "POST":
        try:
            profile = services.professional_verify_email(profile=profile, request=request)
        except services.WrongState:
            return show(
                request,
                "verify_problem",
                {"problem": "used", "hours": settings.PROFESSIONAL_VERIFY_HOURS},
                status=409,
            )
        return show(request, "verify_done", {"profile": profile})
    return show(request, "verify", {"email": profile.user.email})


# --- Signing in and out ----------------------------------------------------------


def second_factor_step(user, next_url):
    """Where an editor goes after their password: the code step (or set-up)."""
    name = "two_factor:verify" if user_has_authenticator(user) else "two_factor:setup"
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


@method_decorator(account_page, name="dispatch")
class SignInView(auth_views.LoginView):
    """Django's LoginView with AuthenticationForm, so django-axes throttles it."""

    form_class = SignInForm
    template_name = TEMPLATES + "sign_in.html"
    extra_context = {"heading": HEADINGS["sign_in"]}

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return self.signed_in_already()
        return super().get(request, *args, **kwargs)

    def signed_in_already(self):
        """A signed-in reader sent here by a restricted page or file: say plainly why."""
        profile = ProfessionalProfile.objects.filter(user=self.request.user).first()
        return show(
            self.request,
            "sign_in_already",
            {"profile": profile, "statuses": ProfessionalStatus, "next": self.get_redirect_url()},
        )

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        if user_can_access_admin(user):
            # An editor: the password is only the first step.
            return redirect(second_factor_step(user, self.get_redirect_url() or "/admin/"))
        return response

    def get_default_redirect_url(self):
        return reverse("professionals:account")


@require_POST
@never_cache
def sign_out(request):
    logout(request)
    return redirect("professionals:signed_out")


@account_page
def signed_out(request):
    return show(request, "signed_out")


# --- Password reset -------------------------------------------------------------


@method_decorator(account_page, name="dispatch")
class ResetRequestView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    template_name = TEMPLATES + "password_reset.html"
    extra_context = {"heading": HEADINGS["password_reset"]}
    email_template_name = TEMPLATES + "email/reset.txt"
    subject_template_name = TEMPLATES + "email/reset_subject.txt"
    success_url = reverse_lazy("professionals:password_reset_done")

    def post(self, request, *args, **kwargs):
        if seconds := retry_after(request, "professionals.reset", per_email=True):
            return too_many(request, seconds)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


@method_decorator(account_page, name="dispatch")
class ResetSentView(auth_views.PasswordResetDoneView):
    template_name = TEMPLATES + "password_reset_done.html"
    extra_context = {"heading": HEADINGS["password_reset_done"]}


@method_decorator(account_page, name="dispatch")
class ResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = TEMPLATES + "password_reset_confirm.html"
    extra_context = {"heading": HEADINGS["password_reset_confirm"]}
    success_url = reverse_lazy("professionals:password_reset_complete")

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


@method_decorator(account_page, name="dispatch")
class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = TEMPLATES + "password_reset_complete.html"
    extra_context = {"heading": HEADINGS["password_reset_complete"]}


# --- Your account ----------------------------------------------------------------


@signed_in_page
def account(request):
    profile = ProfessionalProfile.objects.filter(user=request.user).first()
    return show(
        request,
        "account",
        {
            "profile": profile,
            "statuses": ProfessionalStatus,
            "may_delete": services.may_delete_own_account(request.user),
            "unverified_days": settings.PROFESSIONAL_UNVERIFIED_DAYS,
        },
    )


@signed_in_page
@sensitive_post_parameters("password")
def delete_account(request):
    if not services.may_delete_own_account(request.user):
        return redirect("professionals:account")
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.professional_delete(user=request.user)
        logout(request)
        return redirect("professionals:deleted")
    status = 400 if form.errors else 200
    return show(request, "delete", {"form": form}, status=status)


@account_page
def deleted(request):
    return show(request, "deleted")
