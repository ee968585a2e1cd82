"""Data rights for the accounts the site itself keeps: admin (staff) accounts
and django-axes sign-in records.

- An admin account (one with no professional profile) is found by its email.
  Erasing it deactivates and anonymises it rather than deleting it: Wagtail's
  log, revisions and workflow states point at the user, and the record of who
  did what must stay. Its name, email and username go, its password stops
  working, its groups, permissions and second-factor devices are removed, and
  its avatar leaves storage. A superuser's account, and your own, are refused.
- django-axes rows (failed attempts, the failure log, successful sign-ins) by
  username: the address typed, or the username of an account with that email.
  They are deleted.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from home.governance.data_rights.registry import Kind, Refused, register


def day(value):
    return date_format(value, "j F Y") if value else _("never")


# --- Admin accounts -----------------------------------------------------------------


def find_staff(email=None, code=None):
    if not email:
        return []
    User = get_user_model()
    return list(
        User.objects.filter(email__iexact=email, professional__isnull=True).order_by(
            "date_joined", "pk"
        )
    )


def describe_staff(user):
    return _("Admin account “%(username)s” (%(state)s), last signed in %(date)s") % {
        "username": user.get_username(),
        "state": _("active") if user.is_active else _("deactivated"),
        "date": day(user.last_login),
    }


def export_staff(user):
    return {
        "username": user.get_username(),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "active": user.is_active,
        "joined": user.date_joined,
        "last_signed_in": user.last_login,
        "groups": [group.name for group in user.groups.all()],
    }


def avatar_files(user):
    profile = getattr(user, "wagtail_userprofile", None)
    if profile is not None and profile.avatar:
        return [(profile.avatar.storage, profile.avatar.name)]
    return []


def erase_staff(user, acting_user):
    if user.is_superuser:
        raise Refused(
            _("This is a superuser's account: take away superuser status in Users first.")
        )
    if acting_user is not None and user.pk == acting_user.pk:
        raise Refused(_("You cannot erase your own account."))
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    files = avatar_files(user)
    if files:
        user.wagtail_userprofile.avatar = None
        user.wagtail_userprofile.save(update_fields=["avatar"])
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    setattr(user, user.USERNAME_FIELD, f"removed-{user.pk}")
    user.first_name = user.last_name = user.email = ""
    user.is_active = user.is_staff = False
    user.set_unusable_password()
    user.save()
    return files


register(
    Kind(
        key="auth.user",
        label=gettext_lazy("Admin account"),
        find=find_staff,
        describe=describe_staff,
        export=export_staff,
        erase=erase_staff,
        date=lambda user: user.date_joined,
        files=avatar_files,
        order=45,
    )
)


# --- Sign-in records (django-axes) ----------------------------------------------------


def usernames_for(email):
    User = get_user_model()
    return Q(username__iexact=email) | Q(
        username__in=User.objects.filter(email__iexact=email).values(User.USERNAME_FIELD)
    )


def axes_kind(model, key, label, words, order):
    def find(email=None, code=None):
        if not email:
            return []
        return list(model.objects.filter(usernames_for(email)).order_by("attempt_time", "pk"))

    def describe(row):
        return words % {"date": day(row.attempt_time), "username": row.username}

    def export(row):
        return {
            "username": row.username,
            "ip_address": row.ip_address,
            "browser": row.user_agent,
            "path": row.path_info,
            "time": row.attempt_time,
        }

    def erase(row, user):
        model.objects.filter(pk=row.pk).delete()
        return []

    register(
        Kind(
            key=key,
            label=label,
            find=find,
            describe=describe,
            export=export,
            erase=erase,
            date=lambda row: row.attempt_time,
            order=order,
        )
    )


axes_kind(
    AccessAttempt,
    "axes.accessattempt",
    gettext_lazy("Failed sign-in attempts"),
    gettext_lazy("Failed sign-in attempts as “%(username)s”, first on %(date)s"),
    70,
)
axes_kind(
    AccessFailureLog,
    "axes.accessfailurelog",
    gettext_lazy("Failed sign-in"),
    gettext_lazy("Failed sign-in as “%(username)s” on %(date)s"),
    71,
)
axes_kind(
    AccessLog,
    "axes.accesslog",
    gettext_lazy("Sign-in"),
    gettext_lazy("Sign-in as “%(username)s” on %(date)s"),
    72,
)
