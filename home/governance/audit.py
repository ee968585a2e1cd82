"""Accounts and audit (issue 10): who signed in, who failed, who changed permissions.

Everything is written to Wagtail's own log (``wagtail.log_actions.log``), so
it appears under *Reports → Site history* and in each account's history, for
whoever may see that kind of object (Wagtail's ``viewable_by_user``: a
permission on users for entries on accounts, on groups for entries on groups).

What is recorded, and what never is:

- **Sign-in, sign-out, a failed sign-in, a lock-out and a wrong second-factor
  code** on an *editor* account (anyone who may open the admin), on that
  account. The entry names the account (its name, or its username unless
  that is an email address, else "Account 12"), never the address it came
  from or the text that was typed.
- **A failed sign-in or lock-out for a username that is not an editor's**
  (unknown, or a professional's): the typed text may be someone else's email
  address, so nothing of it is kept. One entry a day counts them
  ("Failed sign-ins, not on an editor account"), on no account.
- **Permission changes**: an account added to or removed from a group, its own
  permissions changed, superuser, staff or active status changed; a group's
  permissions, page permissions and collection permissions changed. ``data``
  names the groups, permissions, pages and collections, never an email.
- **Publishing** is Wagtail's own ``wagtail.publish`` entry.

``prune_sign_in_records`` (daily, 02:20) removes expired sessions and
django-axes' attempt records older than the lock-out's cool-off.
"""

import contextlib
import contextvars
import datetime

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, user_logged_in, user_logged_out, user_login_failed
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import LazyObject, cached_property, empty
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.log_actions import LogFormatter
from wagtail.log_actions import log as log_action
from wagtail.models import GroupCollectionPermission, GroupPagePermission, ModelLogEntry
from wagtail.permission_policies.base import ModelPermissionPolicy

from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks import task

from home.accounts.services import user_can_access_admin

SIGN_IN = "clearsight.sign_in"
SIGN_OUT = "clearsight.sign_out"
SIGN_IN_FAILED = "clearsight.sign_in_failed"
LOCKED_OUT = "clearsight.locked_out"
SECOND_FACTOR_FAILED = "clearsight.second_factor_failed"
OTHER_SIGN_IN_FAILURES = "clearsight.sign_in_failed_elsewhere"
GROUPS_CHANGED = "clearsight.groups_changed"
USER_PERMISSIONS_CHANGED = "clearsight.user_permissions_changed"
ACCOUNT_STATUS_CHANGED = "clearsight.account_status_changed"
GROUP_PERMISSIONS_CHANGED = "clearsight.group_permissions_changed"

STATUS_FIELDS = {
    "is_superuser": _("superuser"),
    "is_staff": _("staff"),
    "is_active": _("active"),
}


# --- Names, never emails ------------------------------------------------------


def account_label(user):
    """How an entry names an account: its name, or its username unless that is
    an email address (professionals sign in with theirs), else its number."""
    name = user.get_full_name().strip()
    if name:
        return name
    username = user.get_username()
    if username and "@" not in username:
        return username
    return gettext("Account %(id)s") % {"id": user.pk}


def permission_name(permission):
    return f"{permission.content_type.app_label}.{permission.codename}"


def _names(items):
    return ", ".join(items)


# --- The actions and how Site history shows them ------------------------------


class GroupsChangedFormatter(LogFormatter):
    label = _("Groups changed")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        parts = []
        if data.get("added"):
            parts.append(gettext("Added to: %(groups)s") % {"groups": _names(data["added"])})
        if data.get("removed"):
            parts.append(gettext("Removed from: %(groups)s") % {"groups": _names(data["removed"])})
        return "; ".join(parts) or gettext("Groups changed")


class PermissionsChangedFormatter(LogFormatter):
    label = _("Permissions changed")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        parts = []
        for key, text in (
            ("added", gettext("Permissions given: %(items)s")),
            ("removed", gettext("Permissions taken away: %(items)s")),
            ("page_added", gettext("Page permissions given: %(items)s")),
            ("page_removed", gettext("Page permissions taken away: %(items)s")),
            ("collection_added", gettext("Collection permissions given: %(items)s")),
            ("collection_removed", gettext("Collection permissions taken away: %(items)s")),
        ):
            if data.get(key):
                parts.append(text % {"items": _names(data[key])})
        return "; ".join(parts) or gettext("Permissions changed")


class AccountStatusFormatter(LogFormatter):
    label = _("Account status changed")

    def format_message(self, log_entry):
        changes = (log_entry.data or {}).get("changes", {})
        parts = []
        for field, value in changes.items():
            label = STATUS_FIELDS.get(field, field)
            text = gettext("now %(what)s") if value else gettext("no longer %(what)s")
            parts.append(text % {"what": label})
        return "; ".join(parts) or gettext("Account status changed")


class OtherFailuresFormatter(LogFormatter):
    label = _("Failed sign-ins, not on an editor account")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        failed = data.get("failed", 0)
        locked = data.get("locked_out", 0)
        text = ngettext(
            "%(count)d failed sign-in on %(day)s for a username that is not an editor's",
            "%(count)d failed sign-ins on %(day)s for usernames that are not an editor's",
            failed,
        ) % {"count": failed, "day": data.get("day", "")}
        if locked:
            text += ngettext(" (%(count)d lock-out)", " (%(count)d lock-outs)", locked) % {
                "count": locked
            }
        return text


SIMPLE_ACTIONS = [
    (SIGN_IN, _("Sign-in"), _("Signed in")),
    (SIGN_OUT, _("Sign-out"), _("Signed out")),
    (SIGN_IN_FAILED, _("Failed sign-in"), _("A sign-in with a wrong password")),
    (LOCKED_OUT, _("Locked out"), _("Locked out after repeated failed sign-ins")),
    (SECOND_FACTOR_FAILED, _("Wrong second-factor code"), _("A wrong two-factor code")),
]


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    for action, label, message in SIMPLE_ACTIONS:
        actions.register_action(action, label, message)
    actions.register_action(GROUPS_CHANGED)(GroupsChangedFormatter)
    actions.register_action(USER_PERMISSIONS_CHANGED)(PermissionsChangedFormatter)
    actions.register_action(GROUP_PERMISSIONS_CHANGED)(PermissionsChangedFormatter)
    actions.register_action(ACCOUNT_STATUS_CHANGED)(AccountStatusFormatter)
    actions.register_action(OTHER_SIGN_IN_FAILURES)(OtherFailuresFormatter)


def _unwrap(user):
    """The User itself: ``request.user`` can be a lazy object around another
    (django-otp wraps Django's), which Wagtail's log would silently skip."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


def log_on_account(user, action, *, actor=None, data=None):
    """One entry on an account. The actor is the signed-in admin (Wagtail's log
    context) unless given."""
    user = _unwrap(user)
    kwargs = {"title": account_label(user), "data": data or {}}
    if actor is not None:
        kwargs["user"] = _unwrap(actor)
    return log_action(instance=user, action=action, **kwargs)


# --- Sign-in events -------------------------------------------------------------


def _editor_named(username):
    """The editor account with exactly this username (as Django's backend finds
    it), or None: unknown, inactive, or not an editor."""
    if not username:
        return None
    User = get_user_model()
    user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
    if user is not None and user_can_access_admin(user):
        return user
    return None


@transaction.atomic
def count_other_failure(*, locked_out=False):
    """Add one to today's count of failed sign-ins not on an editor account.

    The entry belongs to no account (object id 0, on the user model, so only
    those who may see accounts see it) and holds nothing but the counts."""
    day = timezone.localdate().isoformat()
    content_type = ContentType.objects.get_for_model(get_user_model())
    entry = (
        ModelLogEntry.objects.select_for_update()
        .filter(content_type=content_type, action=OTHER_SIGN_IN_FAILURES, data__day=day)
        .first()
    )
    if entry is None:
        entry = ModelLogEntry(
            content_type=content_type,
            object_id="0",
            label=str(OtherFailuresFormatter.label),
            action=OTHER_SIGN_IN_FAILURES,
            data={"day": day, "failed": 0, "locked_out": 0},
        )
    key = "locked_out" if locked_out else "failed"
    entry.data[key] = entry.data.get(key, 0) + 1
    entry.timestamp = timezone.now()
    entry.save()
    return entry


def on_signed_in(sender, request, user, **kwargs):
    if user_can_access_admin(user):
        log_on_account(user, SIGN_IN, actor=user)


def on_signed_out(sender, request, user, **kwargs):
    if user is not None and user_can_access_admin(user):
        log_on_account(user, SIGN_OUT, actor=user)


def on_sign_in_failed(sender, credentials, request=None, **kwargs):
    User = get_user_model()
    user = _editor_named(credentials.get(User.USERNAME_FIELD) or credentials.get("username"))
    if user is None:
        count_other_failure()
    else:
        log_on_account(user, SIGN_IN_FAILED)


def on_locked_out(sender, request=None, username=None, **kwargs):
    """django-axes' ``user_locked_out``: recorded once per lock-out, not again for
    each try made while it lasts (axes sends the signal for those too)."""
    from axes.helpers import get_failure_limit

    failures = getattr(request, "axes_failures_since_start", None)
    if failures is not None and failures > get_failure_limit(request, None):
        return
    user = _editor_named(username)
    if user is None:
        count_other_failure(locked_out=True)
    else:
        log_on_account(user, LOCKED_OUT)


def second_factor_failed(*, user, method):
    """A wrong code at the code step (home.accounts.views): ``method`` is
    "authenticator" or "recovery code"."""
    log_on_account(user, SECOND_FACTOR_FAILED, actor=user, data={"method": method})


# --- Permission changes -------------------------------------------------------


def _group_names(pks):
    return sorted(Group.objects.filter(pk__in=pks).values_list("name", flat=True))


def _permission_names(pks):
    return sorted(
        permission_name(p)
        for p in Permission.objects.filter(pk__in=pks).select_related("content_type")
    )


_CLEARED = "_audit_cleared_pks"


def _m2m_pks(instance, action, pk_set, field):
    """The pks added or removed by an m2m change, with ``clear`` seen as removal."""
    if action == "pre_clear":
        setattr(instance, _CLEARED, set(getattr(instance, field).values_list("pk", flat=True)))
        return None, None
    if action == "post_clear":
        return "removed", getattr(instance, _CLEARED, set())
    if action == "post_add":
        return "added", set(pk_set or ())
    if action == "post_remove":
        return "removed", set(pk_set or ())
    return None, None


_PAUSED = contextvars.ContextVar("audit_paused", default=False)


@contextlib.contextmanager
def paused():
    """Record no permission changes inside: restoring a saved copy of the
    database (the test runner's serialized rollback) re-creates rows that
    nobody changed, and ``raw`` tells post_save so, but m2m_changed has no such
    flag."""
    token = _PAUSED.set(True)
    try:
        yield
    finally:
        _PAUSED.reset(token)


def on_user_groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if _PAUSED.get():
        return
    User = get_user_model()
    if not reverse:  # user.groups.add(group)
        kind, pks = _m2m_pks(instance, action, pk_set, "groups")
        if kind and pks:
            log_on_account(instance, GROUPS_CHANGED, data={kind: _group_names(pks)})
        return
    # group.user_set.add(user): one entry on each account
    kind, pks = _m2m_pks(instance, action, pk_set, "user_set")
    if kind and pks:
        for user in User._default_manager.filter(pk__in=pks):
            log_on_account(user, GROUPS_CHANGED, data={kind: [instance.name]})


def on_user_permissions_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if _PAUSED.get():
        return
    if reverse:  # permission.user_set: rare; name the permission on each account
        kind, pks = _m2m_pks(instance, action, pk_set, "user_set")
        if kind and pks:
            for user in get_user_model()._default_manager.filter(pk__in=pks):
                log_on_account(
                    user, USER_PERMISSIONS_CHANGED, data={kind: [permission_name(instance)]}
                )
        return
    kind, pks = _m2m_pks(instance, action, pk_set, "user_permissions")
    if kind and pks:
        log_on_account(instance, USER_PERMISSIONS_CHANGED, data={kind: _permission_names(pks)})


def on_group_permissions_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if _PAUSED.get():
        return
    if reverse:
        kind, pks = _m2m_pks(instance, action, pk_set, "group_set")
        if kind and pks:
            for group in Group.objects.filter(pk__in=pks):
                log_action(
                    instance=group,
                    action=GROUP_PERMISSIONS_CHANGED,
                    data={kind: [permission_name(instance)]},
                )
        return
    kind, pks = _m2m_pks(instance, action, pk_set, "permissions")
    if kind and pks:
        log_action(
            instance=instance,
            action=GROUP_PERMISSIONS_CHANGED,
            data={kind: _permission_names(pks)},
        )


_STATUS_BEFORE = "_audit_status_before"


def on_user_pre_save(sender, instance, raw=False, update_fields=None, **kwargs):
    """Remember the status flags as stored, when this save may change them
    (not for the ``last_login`` update every sign-in makes)."""
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(STATUS_FIELDS):
        return
    stored = sender._default_manager.filter(pk=instance.pk).values(*STATUS_FIELDS).first()
    if stored is not None:
        setattr(instance, _STATUS_BEFORE, stored)


def on_user_saved(sender, instance, created, raw=False, **kwargs):
    if _PAUSED.get():
        return
    if raw:
        return
    if created:
        changes = {f: True for f in ("is_superuser", "is_staff") if getattr(instance, f)}
    else:
        before = instance.__dict__.pop(_STATUS_BEFORE, None)
        if before is None:
            return
        changes = {
            field: getattr(instance, field)
            for field in STATUS_FIELDS
            if getattr(instance, field) != before[field]
        }
    if changes:
        log_on_account(instance, ACCOUNT_STATUS_CHANGED, data={"changes": changes})


def _page_permission_text(row):
    return f"{row.permission.codename} on {row.page.get_admin_display_title()}"


def _collection_permission_text(row):
    return f"{permission_name(row.permission)} on {row.collection.name}"


def _row_text(row):
    if isinstance(row, GroupPagePermission):
        return "page", _page_permission_text(row)
    return "collection", _collection_permission_text(row)


def on_object_permission_saved(sender, instance, created, raw=False, **kwargs):
    if _PAUSED.get():
        return
    if created and not raw:
        kind, text = _row_text(instance)
        log_action(
            instance=instance.group,
            action=GROUP_PERMISSIONS_CHANGED,
            data={f"{kind}_added": [text]},
        )


def on_object_permission_deleted(sender, instance, **kwargs):
    if _PAUSED.get():
        return
    try:
        group = instance.group
        kind, text = _row_text(instance)
    except ObjectDoesNotExist:
        return  # the group, page or collection itself is being deleted
    log_action(
        instance=group,
        action=GROUP_PERMISSIONS_CHANGED,
        data={f"{kind}_removed": [text]},
    )


_PANEL_SNAPSHOT = contextvars.ContextVar("audit_group_panel_snapshot", default=None)


class GroupObjectPermissionsAudit:
    """A group permission "panel" that shows nothing: Wagtail's group views save
    their page and collection permission panels with ``bulk_create``, which
    sends no signal, so this one (registered last) notes the group's rows when
    the form is built and logs what was added when the panels are saved.
    Removals are logged by the ``post_delete`` signal above."""

    media = forms.Media()

    def __init__(self, data=None, files=None, instance=None, **kwargs):
        self.instance = instance
        self.before = self._rows() if instance is not None and instance.pk else set()

    def _rows(self):
        pages = GroupPagePermission.objects.filter(group=self.instance).select_related(
            "page", "permission__content_type"
        )
        collections = GroupCollectionPermission.objects.filter(group=self.instance).select_related(
            "collection", "permission__content_type"
        )
        return {_row_text(row) for row in [*pages, *collections]}

    def is_valid(self):
        return True

    def as_admin_panel(self):
        return ""

    def save(self):
        if self.instance is None or self.instance.pk is None:
            return
        added = self._rows() - self.before
        data = {}
        for kind, text in sorted(added):
            data.setdefault(f"{kind}_added", []).append(text)
        if data:
            log_action(instance=self.instance, action=GROUP_PERMISSIONS_CHANGED, data=data)


@hooks.register("register_group_permission_panel", order=1000)
def register_group_permissions_audit():
    return GroupObjectPermissionsAudit


def connect_signals():
    """Called from home.accounts' AppConfig.ready."""
    from axes.signals import user_locked_out

    User = get_user_model()
    uid = "home.governance.audit."
    user_logged_in.connect(on_signed_in, dispatch_uid=uid + "signed_in")
    user_logged_out.connect(on_signed_out, dispatch_uid=uid + "signed_out")
    user_login_failed.connect(on_sign_in_failed, dispatch_uid=uid + "sign_in_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid=uid + "locked_out")
    m2m_changed.connect(
        on_user_groups_changed, sender=User.groups.through, dispatch_uid=uid + "groups"
    )
    m2m_changed.connect(
        on_user_permissions_changed,
        sender=User.user_permissions.through,
        dispatch_uid=uid + "user_permissions",
    )
    m2m_changed.connect(
        on_group_permissions_changed,
        sender=Group.permissions.through,
        dispatch_uid=uid + "group_permissions",
    )
    pre_save.connect(on_user_pre_save, sender=User, dispatch_uid=uid + "user_pre_save")
    post_save.connect(on_user_saved, sender=User, dispatch_uid=uid + "user_saved")
    for model in (GroupPagePermission, GroupCollectionPermission):
        post_save.connect(
            on_object_permission_saved, sender=model, dispatch_uid=uid + f"{model.__name__}_saved"
        )
        post_delete.connect(
            on_object_permission_deleted,
            sender=model,
            dispatch_uid=uid + f"{model.__name__}_deleted",
        )


# --- Report: accounts without recent use -------------------------------------


def idle_accounts(*, now=None):
    """Active accounts that may open the admin, with no sign-in for
    ACCOUNT_IDLE_DAYS or never; groups prefetched and the second factor
    annotated, so any number of rows costs the same queries."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=settings.ACCOUNT_IDLE_DAYS)
    User = get_user_model()
    access_admin = Q(
        groups__permissions__codename="access_admin",
        groups__permissions__content_type__app_label="wagtailadmin",
    ) | Q(
        user_permissions__codename="access_admin",
        user_permissions__content_type__app_label="wagtailadmin",
    )
    editors = User._default_manager.filter(Q(is_superuser=True) | access_admin).values("pk")
    return (
        User._default_manager.filter(is_active=True, pk__in=editors)
        .filter(Q(last_login__isnull=True) | Q(last_login__lt=since))
        .annotate(
            has_authenticator=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
        )
        .prefetch_related(Prefetch("groups", queryset=Group.objects.order_by("name")))
        .order_by("last_login", "date_joined", "pk")
    )


class AccountReportPermissionPolicy(ModelPermissionPolicy):
    def __init__(self):
        from home.models import GovernancePermissions

        super().__init__(GovernancePermissions)

    def _get_permission_codename(self, action):
        return action  # "view_account_reports", not "view_account_reports_governancepermissions"


class IdleAccountsReportView(ReportView):
    page_title = _("Accounts without recent use")
    header_icon = "user"
    index_url_name = "governance_idle_accounts"
    index_results_url_name = "governance_idle_accounts_results"
    permission_required = "view_account_reports"
    paginate_by = 50
    list_export = ["name", "group_names", "last_sign_in", "date_joined", "second_factor"]
    export_headings = {
        "name": _("Account"),
        "group_names": _("Groups"),
        "last_sign_in": _("Last sign-in"),
        "date_joined": _("Joined"),
        "second_factor": _("Second factor"),
    }

    @cached_property
    def permission_policy(self):
        return AccountReportPermissionPolicy()

    @cached_property
    def columns(self):
        return [
            TitleColumn("name", label=_("Account"), url_name="wagtailusers_users:edit"),
            Column("group_names", label=_("Groups")),
            Column("last_sign_in", label=_("Last sign-in")),
            DateColumn("date_joined", label=_("Joined")),
            Column("second_factor", label=_("Second factor")),
        ]

    def get_filename(self):
        return f"accounts-without-recent-use-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return idle_accounts()

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["idle_days"] = settings.ACCOUNT_IDLE_DAYS
        return context

    def decorate_paginated_queryset(self, object_list):
        users = list(object_list)
        for user in users:
            decorate_account(user)
        return users

    def to_row_dict(self, item):
        decorate_account(item)
        return super().to_row_dict(item)


def decorate_account(user):
    user.name = account_label(user)
    user.group_names = ", ".join(group.name for group in user.groups.all())
    user.second_factor = gettext("Set up") if user.has_authenticator else gettext("Not set up")
    user.last_sign_in = (
        timezone.localtime(user.last_login).strftime("%Y-%m-%d %H:%M")
        if user.last_login
        else gettext("Never")
    )
    return user


class IdleAccountsMenuItem(MenuItem):
    def is_shown(self, request):
        return AccountReportPermissionPolicy().user_has_permission(
            request.user, "view_account_reports"
        )


@hooks.register("register_admin_urls")
def register_idle_accounts_urls():
    return [
        path(
            "reports/accounts-without-recent-use/",
            IdleAccountsReportView.as_view(),
            name="governance_idle_accounts",
        ),
        path(
            "reports/accounts-without-recent-use/results/",
            IdleAccountsReportView.as_view(results_only=True),
            name="governance_idle_accounts_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_idle_accounts_menu_item():
    return IdleAccountsMenuItem(
        _("Accounts without recent use"),
        reverse("governance_idle_accounts"),
        name="accounts-without-recent-use",
        icon_name="user",
        order=1500,
    )


# --- Retention (docs/dpia.md, action A5) --------------------------------------


@task()
def prune_sign_in_records():
    """Daily: drop expired sessions and old sign-in attempt records.

    django-axes needs an attempt only while its cool-off lasts (a lock-out
    lifts AXES_COOLOFF_TIME after the latest failure), so older attempts,
    which hold a username and an address, go; so does anything left in axes'
    access and failure logs (both switched off in the settings). Django's
    ``clearsessions`` removes the expired sessions.
    """
    from django.core.management import call_command

    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    cool_off = get_cool_off() or datetime.timedelta(minutes=15)
    threshold = timezone.now() - cool_off
    attempts, _ = AccessAttempt.objects.filter(attempt_time__lt=threshold).delete()
    access_logs, _ = AccessLog.objects.filter(attempt_time__lt=threshold).delete()
    failure_logs, _ = AccessFailureLog.objects.filter(attempt_time__lt=threshold).delete()
    sessions_before = Session.objects.count()
    call_command("clearsessions")
    sessions = sessions_before - Session.objects.count()
    return {
        "attempts": attempts,
        "access_logs": access_logs,
        "failure_logs": failure_logs,
        "sessions": sessions,
    }
