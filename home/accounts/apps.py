from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "home.accounts"
    label = "accounts"
    verbose_name = _("Editor accounts")

    def ready(self):
        from home.accounts import checks  # noqa: F401 - registers the system check
        from home.governance import audit

        audit.connect_signals()  # sign-ins and permission changes in Wagtail's log
