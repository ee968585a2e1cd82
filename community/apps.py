import datetime

from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_save


def _toolkit_published(sender, instance, **kwargs):
    """However a toolkit goes live, its posters and other files are built for
    the new version (in the background: the editor does not wait)."""
    from community.tasks import build_toolkit_downloads

    page_id = instance.pk
    transaction.on_commit(lambda: build_toolkit_downloads.enqueue(page_id))


def _toolkit_unpublished(sender, instance, **kwargs):
    from community.services.downloads import toolkit_downloads_delete

    page_id = instance.pk
    transaction.on_commit(lambda: toolkit_downloads_delete(page_id=page_id))


def _contacts_changed(sender, instance, raw=False, **kwargs):
    """The local contacts are printed on every poster: build them all again."""
    if raw:
        return
    from community.tasks import rebuild_all_toolkit_downloads

    transaction.on_commit(lambda: rebuild_all_toolkit_downloads.enqueue())


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "Community partners"

    def ready(self):
        from wagtail.signals import page_published, page_unpublished

        from community import roles  # noqa: F401  (its rows of the editorial roles)
        from community.models import ToolkitPage
        from community.tasks import purge_expired_certificates
        from home.models import LocalContacts
        from home.schedule import schedule

        # Daily, in the quiet hours: certificates past their module's retention period.
        schedule.register(
            "purge_expired_certificates", purge_expired_certificates, daily_at=datetime.time(3, 40)
        )
        # Editors' permissions on certificates and results: home/governance/roles.py.
        page_published.connect(
            _toolkit_published, sender=ToolkitPage, dispatch_uid="community-toolkit-downloads"
        )
        page_unpublished.connect(
            _toolkit_unpublished, sender=ToolkitPage, dispatch_uid="community-toolkit-gone"
        )
        post_save.connect(
            _contacts_changed, sender=LocalContacts, dispatch_uid="community-contacts-changed"
        )
