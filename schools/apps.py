import datetime

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def grant_schools_roles(sender, using="default", **kwargs):
    """After migrate, once every app's permissions exist (schools/roles.py)."""
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if not with_models or sender is not with_models[-1]:
        return
    from schools.roles import grant_editor_permissions

    grant_editor_permissions(using=using)


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Schools"

    def ready(self):
        post_migrate.connect(grant_schools_roles, dispatch_uid="schools_roles")
        from home.schedule import schedule
        from schools.tasks import purge_feedback_emails

        # Daily, in the quiet hours (the site's local time): reply addresses
        # on lesson feedback are kept LESSON_FEEDBACK_EMAIL_DAYS days.
        schedule.register(
            "purge_feedback_emails", purge_feedback_emails, daily_at=datetime.time(3, 20)
        )

        from wagtail.documents.models import document_served
        from wagtail.signals import page_published

        from schools.models import LessonPackPage, SchoolToolkitPage
        from schools.services.downloads import document_served as count_document_download

        # Every document Wagtail's serve view sends (WAGTAILDOCS_SERVE_METHOD
        # is serve_view) counts, whatever page links to it.
        document_served.connect(count_document_download, dispatch_uid="schools-count-download")
        # However a pack goes live (the admin, a scheduled publish, a script),
        # its ZIPs are built for the new version.
        for model in (LessonPackPage, SchoolToolkitPage):
            page_published.connect(
                _pack_published, sender=model, dispatch_uid=f"schools-bundles-{model.__name__}"
            )


def _pack_published(sender, instance, **kwargs):
    from django.db import transaction

    from schools.tasks import build_pack_bundles

    page_id = instance.pk
    # After the commit, so the worker sees the published revision.
    transaction.on_commit(lambda: build_pack_bundles.enqueue(page_id))
