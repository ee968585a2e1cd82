import datetime

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def set_up_schools(sender, using="default", **kwargs):
    """After migrate, once every app's tables and permissions exist (runs on the
    last app's signal): the Professionals group with the "Professionals only"
    collection and its view restriction (schools.privacy). The editorial
    groups' permissions on curriculum and feedback: home/governance/roles.py."""
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if not with_models or sender is not with_models[-1]:
        return
    from schools.services.professionals import professional_access_set_up

    professional_access_set_up()


def _pack_published(sender, instance, **kwargs):
    from django.db import transaction

    from schools.tasks import build_pack_bundles

    page_id = instance.pk
    # After the commit, so the worker sees the published revision.
    transaction.on_commit(lambda: build_pack_bundles.enqueue(page_id))


def _pack_unpublished(sender, instance, **kwargs):
    from django.db import transaction

    from schools.services.bundles import pack_bundles_delete

    page_id = instance.pk
    transaction.on_commit(lambda: pack_bundles_delete(page_id=page_id))


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Schools"

    def ready(self):
        from wagtail.documents.models import document_served
        from wagtail.signals import page_published, page_unpublished

        from home.schedule import schedule
        from schools import roles  # noqa: F401  (its rows of the editorial roles)
        from schools.cards import register_lesson_pack_card
        from schools.models import LessonPackPage, SchoolToolkitPage
        from schools.services.downloads import document_served as count_document_download
        from schools.tasks import purge_feedback_emails, purge_unverified_professionals

        post_migrate.connect(set_up_schools, dispatch_uid="schools_set_up")
        # Daily, in the quiet hours (the site's local time): reply addresses on
        # lesson feedback are kept LESSON_FEEDBACK_EMAIL_DAYS days; accounts
        # never confirmed, PROFESSIONAL_UNVERIFIED_DAYS.
        schedule.register(
            "purge_feedback_emails", purge_feedback_emails, daily_at=datetime.time(3, 20)
        )
        schedule.register(
            "purge_unverified_professionals",
            purge_unverified_professionals,
            daily_at=datetime.time(3, 30),
        )
        # Every document Wagtail's serve view sends (WAGTAILDOCS_SERVE_METHOD
        # is serve_view) counts, whatever page links to it.
        document_served.connect(count_document_download, dispatch_uid="schools-count-download")
        for model in (LessonPackPage, SchoolToolkitPage):
            # However a pack goes live (the admin, a scheduled publish, a
            # script), its ZIPs are built for the new version.
            page_published.connect(
                _pack_published, sender=model, dispatch_uid=f"schools-bundles-{model.__name__}"
            )
            # An unpublished pack's ZIPs (professional files among them) are not kept.
            page_unpublished.connect(
                _pack_unpublished,
                sender=model,
                dispatch_uid=f"schools-bundles-gone-{model.__name__}",
            )
        # The shell's card registry: /search/ and every mixed list show lesson
        # packs as pack cards (key stages, length, professional access).
        register_lesson_pack_card()
