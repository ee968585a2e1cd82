from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Schools"

    def ready(self):
        from wagtail.documents.models import document_served
        from wagtail.signals import page_published, page_unpublished

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
            # An unpublished pack's ZIPs (professional files among them) are not kept.
            page_unpublished.connect(
                _pack_unpublished,
                sender=model,
                dispatch_uid=f"schools-bundles-gone-{model.__name__}",
            )


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
