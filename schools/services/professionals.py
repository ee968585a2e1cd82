"""Professional accounts: register, confirm the email, approve or refuse, delete, purge.

A professional's work email is their username (lower case). The link in the
first email is signed (``TimestampSigner`` through ``django.core.signing``),
works for ``PROFESSIONAL_VERIFY_HOURS`` and only once: once the email is
confirmed the same link says so and changes nothing. An address in an allowed
domain (``ProfessionalAccessSettings``) is approved at once; anyone else waits
for an editor, who approves or refuses with a reason.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from schools.models import ProfessionalAccessSettings, ProfessionalProfile, ProfessionalStatus
from schools.privacy import professionals_group

VERIFY_SALT = "schools.professionals.verify"


class WrongState(Exception):
    """The account is not in a state where this change makes sense."""


# --- Email domains ------------------------------------------------------------


def email_domain(email):
    """The part after the last @, lower case, without a trailing dot."""
    return email.rsplit("@", 1)[-1].strip().lower().rstrip(".") if "@" in email else ""


def allowed_domain_entries(text):
    """The settings' lines, lower case, blank lines and spaces dropped."""
    return [line.strip().lower() for line in (text or "").splitlines() if line.strip()]


def domain_is_allowed(email, entries):
    """Whether `email` is in one of `entries`.

    ".sch.uk" allows any address whose domain ends with ".sch.uk" (so
    "school.sch.uk", never "evil-sch.uk" nor "sch.uk.evil.com"); "nhs.net"
    allows exactly that domain.
    """
    domain = email_domain(email)
    if not domain:
        return False
    for entry in entries:
        if entry.startswith("."):
            if domain.endswith(entry) and len(domain) > len(entry):
                return True
        elif domain == entry:
            return True
    return False


def allowed_domains():
    return allowed_domain_entries(ProfessionalAccessSettings.load().allowed_domains)


# --- Emails ------------------------------------------------------------------


def _absolute(request, path):
    return request.build_absolute_uri(path) if request is not None else path


def _send(template, context, to):
    subject = render_to_string(f"schools/professionals/email/{template}_subject.txt", context)
    body = render_to_string(f"schools/professionals/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [to])


def verify_token(user):
    return signing.dumps({"u": user.pk, "e": user.email}, salt=VERIFY_SALT, compress=True)


def verify_url(user):
    return reverse("professionals:verify", args=[verify_token(user)])


# --- Registration ------------------------------------------------------------


def professional_register(*, name, email, organisation, role, password, request=None):
    """A new account, not yet confirmed, and the email with the link.

    When the address already has an account, nothing is made: its owner gets
    an email saying so (the page the visitor sees is the same either way).
    Returns the new user, or None.
    """
    email = email.strip().lower()
    User = get_user_model()
    existing = User.objects.filter(username__iexact=email).first() or (
        User.objects.filter(email__iexact=email).first()
    )
    if existing is not None:
        # As long as making an account takes: the time of the answer says nothing either.
        make_password(password)
        _send(
            "already_registered",
            {
                "sign_in_url": _absolute(request, reverse("professionals:sign_in")),
                "reset_url": _absolute(request, reverse("professionals:password_reset")),
            },
            email,
        )
        return None
    with transaction.atomic():
        user = User(username=email, email=email, first_name=name.strip()[:150])
        user.set_password(password)
        user.save()
        ProfessionalProfile.objects.create(user=user, organisation=organisation, role=role)
    _send(
        "verify",
        {
            "name": user.first_name,
            "verify_url": _absolute(request, verify_url(user)),
            "hours": settings.PROFESSIONAL_VERIFY_HOURS,
        },
        email,
    )
    return user


def profile_from_verify_token(token):
    """The profile a link is for. Raises signing.SignatureExpired for an old
    link, signing.BadSignature for a made-up one, ProfessionalProfile.DoesNotExist
    when the account has gone."""
    data = signing.loads(
        token,
        salt=VERIFY_SALT,
        max_age=datetime.timedelta(hours=settings.PROFESSIONAL_VERIFY_HOURS),
    )
    try:
        user_pk, email = int(data["u"]), str(data["e"])
    except (KeyError, TypeError, ValueError) as error:
        raise signing.BadSignature("Malformed link.") from error
    return ProfessionalProfile.objects.select_related("user").get(
        user__pk=user_pk, user__email=email
    )


@transaction.atomic
def professional_verify_email(*, profile, request=None):
    """Confirm the email (once): approved at once in an allowed domain, else waiting."""
    profile = ProfessionalProfile.objects.select_for_update().get(pk=profile.pk)
    if profile.status != ProfessionalStatus.UNVERIFIED:
        raise WrongState("This email address is already confirmed.")
    profile.email_verified_at = timezone.now()
    if domain_is_allowed(profile.user.email, allowed_domains()):
        profile.status = ProfessionalStatus.APPROVED
        profile.auto_approved = True
        profile.decided_at = profile.email_verified_at
        profile.user.groups.add(professionals_group())
        action = "schools.professional_auto_approved"
    else:
        profile.status = ProfessionalStatus.WAITING
        action = "schools.professional_email_confirmed"
    profile.save()
    log(instance=profile, action=action)
    return profile


# --- Editors' decisions ------------------------------------------------------


@transaction.atomic
def professional_approve(*, profile, user, reason, request=None):
    profile = (
        ProfessionalProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    )
    if profile.status == ProfessionalStatus.UNVERIFIED:
        raise WrongState("This person has not confirmed their email address yet.")
    if profile.status == ProfessionalStatus.APPROVED:
        raise WrongState("This account is already approved.")
    profile.status = ProfessionalStatus.APPROVED
    profile.auto_approved = False
    profile.decided_by = user
    profile.decided_at = timezone.now()
    profile.decision_reason = reason
    profile.save()
    profile.user.groups.add(professionals_group())
    log(
        instance=profile, action="schools.professional_approved", user=user, data={"reason": reason}
    )
    _send(
        "approved",
        {
            "name": profile.user.first_name,
            "sign_in_url": _absolute(request, reverse("professionals:sign_in")),
        },
        profile.user.email,
    )
    return profile


@transaction.atomic
def professional_refuse(*, profile, user, reason, request=None):
    profile = (
        ProfessionalProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    )
    if profile.status == ProfessionalStatus.UNVERIFIED:
        raise WrongState("This person has not confirmed their email address yet.")
    if profile.status == ProfessionalStatus.REFUSED:
        raise WrongState("This account is already refused.")
    profile.status = ProfessionalStatus.REFUSED
    profile.auto_approved = False
    profile.decided_by = user
    profile.decided_at = timezone.now()
    profile.decision_reason = reason
    profile.save()
    profile.user.groups.remove(professionals_group())
    log(instance=profile, action="schools.professional_refused", user=user, data={"reason": reason})
    _send(
        "refused",
        {"name": profile.user.first_name, "reason": reason},
        profile.user.email,
    )
    return profile


# --- Leaving -----------------------------------------------------------------


def may_delete_own_account(user):
    """Only a professional's own account: never an editor's, through these pages."""
    return (
        user.is_authenticated
        and hasattr(user, "professional")
        and not user.is_superuser
        and not user.has_perm("wagtailadmin.access_admin")
    )


def _forget_log_entries(profile_ids):
    """The audit log keeps that a decision was made, by whom and when, but not
    about whom once the account is gone: its label (the email) and data (the
    reason) are blanked."""
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ProfessionalProfile),
        object_id__in=[str(pk) for pk in profile_ids],
    ).update(label=DELETED_LABEL, data={})


DELETED_LABEL = "Deleted professional account"


@transaction.atomic
def professional_delete(*, user):
    """Delete the user and (by cascade) their profile."""
    if not may_delete_own_account(user):
        raise WrongState("Only a professional account can be deleted here.")
    _forget_log_entries(ProfessionalProfile.objects.filter(user=user).values_list("pk", flat=True))
    get_user_model().objects.filter(pk=user.pk).delete()


@transaction.atomic
def professional_remove(*, profile, user):
    """An editor deletes an account (the user with it): never an editor's own."""
    if profile.user.is_superuser or profile.user.has_perm("wagtailadmin.access_admin"):
        raise WrongState("This account can open the admin: remove it from Users instead.")
    log(instance=profile, action="wagtail.delete", user=user)
    _forget_log_entries([profile.pk])
    get_user_model().objects.filter(pk=profile.user_id).delete()


def unverified_accounts_purge(*, now=None):
    """Delete accounts whose email was never confirmed within
    PROFESSIONAL_UNVERIFIED_DAYS. Returns how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.PROFESSIONAL_UNVERIFIED_DAYS)
    user_ids = list(
        ProfessionalProfile.objects.filter(
            status=ProfessionalStatus.UNVERIFIED,
            email_verified_at__isnull=True,
            created_at__lt=cutoff,
        ).values_list("user_id", flat=True)
    )
    User = get_user_model()
    # Never an account that can open the admin, whatever its profile says.
    deleted = User.objects.filter(pk__in=user_ids, is_superuser=False, is_staff=False)
    _forget_log_entries(
        ProfessionalProfile.objects.filter(user__in=deleted).values_list("pk", flat=True)
    )
    count = deleted.count()
    deleted.delete()
    return count


def _never_admin(users):
    """Never an account that can open the admin, whatever its profile says."""
    return (
        users.filter(is_superuser=False, is_staff=False)
        .exclude(user_permissions__codename="access_admin")
        .exclude(groups__permissions__codename="access_admin")
    )


def _delete_users(user_ids):
    User = get_user_model()
    deleted = _never_admin(User.objects.filter(pk__in=list(user_ids)))
    ids = list(deleted.values_list("pk", flat=True))
    _forget_log_entries(
        ProfessionalProfile.objects.filter(user__in=ids).values_list("pk", flat=True)
    )
    User.objects.filter(pk__in=ids).delete()
    return len(ids)


def _last_seen():
    """When the person last signed in, or registered if they never did."""
    from django.db.models.functions import Coalesce

    return Coalesce("user__last_login", "created_at")


IDLE_WARNING_DAYS = 30


def refused_and_idle_accounts_purge(*, now=None):
    """Retention of confirmed accounts (DPIA action A6). Returns counts.

    - Refused by an editor: the account and its registration details (name,
      organisation, role, the reason) are deleted PROFESSIONAL_REFUSED_DAYS
      after the decision; the refusal email has told them why.
    - Unused: an account with no sign-in (or, never signed in, registered)
      for PROFESSIONAL_IDLE_DAYS is deleted. IDLE_WARNING_DAYS before, the
      person is emailed once (the day their account enters that window: the
      job runs daily) and signing in keeps the account.
    Never an account that can open the admin. The audit log keeps that a
    decision was made, but loses the email and the reason.
    """
    now = now or timezone.now()
    refused = ProfessionalProfile.objects.filter(
        status=ProfessionalStatus.REFUSED,
        decided_at__lt=now - datetime.timedelta(days=settings.PROFESSIONAL_REFUSED_DAYS),
    ).values_list("user_id", flat=True)
    counts = {"refused": _delete_users(refused)}

    idle = settings.PROFESSIONAL_IDLE_DAYS
    confirmed = ProfessionalProfile.objects.exclude(status=ProfessionalStatus.UNVERIFIED).alias(
        last_seen=_last_seen()
    )
    counts["idle"] = _delete_users(
        confirmed.filter(last_seen__lt=now - datetime.timedelta(days=idle)).values_list(
            "user_id", flat=True
        )
    )

    warn_at = now - datetime.timedelta(days=idle - IDLE_WARNING_DAYS)
    to_warn = (
        confirmed.exclude(status=ProfessionalStatus.REFUSED)
        .filter(
            last_seen__lt=warn_at,
            last_seen__gte=warn_at - datetime.timedelta(days=1),
            user__in=_never_admin(get_user_model().objects.all()),
        )
        .select_related("user")
    )
    counts["warned"] = 0
    for profile in to_warn:
        _send(
            "idle_warning",
            {"name": profile.user.first_name, "days": IDLE_WARNING_DAYS},
            profile.user.email,
        )
        counts["warned"] += 1
    return counts


# --- Set-up ----------------------------------------------------------------------

# Editors decide on accounts and edit the allowed domains.
EDITOR_PERMISSIONS = ["change_professionalprofile", "change_professionalaccesssettings"]


def professional_access_set_up():
    """The Professionals group, the "Professionals only" collection restricted to
    it, and the editors' permissions. Safe to run again. Returns the collection."""
    from django.contrib.auth.models import Group, Permission

    from schools.privacy import professionals_collection

    collection = professionals_collection()
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="schools", codename__in=EDITOR_PERMISSIONS
            )
        )
    return collection
