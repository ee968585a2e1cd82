from django.conf import settings
from django.core.checks import Error, Tags, register


@register()
def lockouts_end(app_configs, **kwargs):
    """A lock-out without a cool-off lasts for ever: an attacker's gift."""
    if getattr(settings, "AXES_COOLOFF_TIME", None) is None:
        return [
            Error(
                "AXES_COOLOFF_TIME is not set, so a lock-out would last until an "
                "administrator lifts it and anyone could lock a known user out.",
                hint="Set AXES_COOLOFF_TIME (Clearsight's settings set 15 minutes).",
                id="accounts.E001",
            )
        ]
    return []


# Usernames that belong to nobody in particular: a default, a test, or a login
# several people share. None may exist outside the laptop profile.
SHARED_USERNAMES = ("admin", "administrator", "editor", "test", "demo", "root", "office", "shared")


@register(Tags.database)
def no_default_or_shared_accounts(app_configs=None, databases=None, **kwargs):
    """No default or shared accounts outside the development profile.

    A database check (Django runs these only when given a database): it runs
    in ``migrate`` (every release) and in ``check --database default``; never
    on the laptop (``settings.LAPTOP``), where ``ensure_dev_admin`` makes the
    local ``admin`` on purpose.
    """
    if settings.LAPTOP or not databases:
        return []
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.db.models import Count, Q
    from django.db.models.functions import Lower

    from home.accounts.services import DEVELOPMENT_AUTHENTICATOR_NAME

    User = get_user_model()
    errors = []
    for alias in databases:
        connection = connections[alias]
        if User._meta.db_table not in connection.introspection.table_names():
            continue  # a database not yet migrated holds no accounts
        users = User._default_manager.using(alias)
        shared = sorted(
            users.annotate(lower=Lower(User.USERNAME_FIELD))
            .filter(
                Q(lower__in=SHARED_USERNAMES) | Q(totpdevice__name=DEVELOPMENT_AUTHENTICATOR_NAME)
            )
            .values_list(User.USERNAME_FIELD, flat=True)
            .distinct()
        )
        for username in shared:
            errors.append(
                Error(
                    f"The account '{username}' is a default or shared account: on a server "
                    "every account must belong to one person.",
                    hint=(
                        "Give each person an account of their own, then delete this one (or "
                        "rename it after its one owner). Shared names: "
                        + ", ".join(SHARED_USERNAMES)
                        + "; the development admin from ensure_dev_admin counts too."
                    ),
                    id="accounts.E002",
                )
            )
        duplicates = (
            users.filter(is_active=True)
            .exclude(email="")
            .annotate(lower_email=Lower("email"))
            .values("lower_email")
            .annotate(accounts=Count("pk"))
            .filter(accounts__gt=1)
            .values_list("accounts", flat=True)
        )
        for accounts in duplicates:
            # The address itself stays out of the message: check output is logged.
            errors.append(
                Error(
                    f"{accounts} active accounts share one email address: a shared "
                    "mailbox lets several people reset each other's passwords.",
                    hint=(
                        "Give each person an account with their own email address, and "
                        "deactivate the others (the Users listing, searched by email)."
                    ),
                    id="accounts.E003",
                )
            )
    return errors
