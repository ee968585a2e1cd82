"""The "whole pack" ZIP: every file of a pack's published version, and its
lesson plan as a printable PDF.

- Built once per published revision and variant, by a background task
  enqueued when the page is published (``schools.tasks.build_pack_bundles``),
  and kept in default storage (``PackBundle.file``). Building the bundles of a
  new revision deletes the page's older bundles, rows and files.
- Two variants: ``public`` leaves out every file in a restricted collection
  (the "Professionals only" collection, see ``schools.privacy``), so it is safe
  to give to anyone who may see the page; ``professional`` holds every file. A
  page that is itself restricted needs only ``professional``.
- The contents come from the live revision (``page.live_revision.as_object()``),
  never from a draft saved since.
"""

import logging
import os
import secrets
import shutil
import tempfile
import zipfile

from django.core.files import File
from django.db import IntegrityError, transaction

from wagtail.models import Page

from home.models import ClearsightDocument
from schools.models import BundleVariant, LessonPackPage, PackBundle
from schools.privacy import CollectionRestrictions

logger = logging.getLogger(__name__)

LESSON_PLAN_NAME = "lesson-plan.pdf"
# Bundles up to this size are built in memory; bigger ones spill to a temporary file.
IN_MEMORY_BYTES = 16 * 1024 * 1024


def bundle_page_types():
    from schools.models import SchoolToolkitPage

    return (LessonPackPage, SchoolToolkitPage)


def variants_for(page):
    """The variants a page needs: a restricted page is seen only by those who passed its
    restriction, so it needs only the professional one."""
    if page.get_view_restrictions().exists():
        return [BundleVariant.PROFESSIONAL]
    return [BundleVariant.PUBLIC, BundleVariant.PROFESSIONAL]


def bundle_filename(page):
    """What the reader's browser saves it as: ``<slug>-v<version>.zip``."""
    version = getattr(page, "version", "") or "1"
    return f"{page.slug}-v{version}.zip"


def published_pack(page):
    """The page as published (its live revision), or None if it is not live."""
    revision = page.live_revision
    if not page.live or revision is None:
        return None, None
    return revision, revision.as_object()


def bundle_files(published, variant, restrictions=None):
    """The pack files (with their documents) that go in ``variant``'s ZIP."""
    pack_files = list(published.pack_files.all())
    documents = ClearsightDocument.objects.select_related("collection").in_bulk(
        {pack_file.document_id for pack_file in pack_files}
    )
    if variant == BundleVariant.PUBLIC:
        restrictions = restrictions or CollectionRestrictions()
    chosen = []
    for pack_file in pack_files:
        document = documents.get(pack_file.document_id)
        if document is None:
            continue
        pack_file.document = document
        if variant == BundleVariant.PUBLIC and restrictions.is_restricted(document):
            continue
        chosen.append(pack_file)
    return chosen


def _unique_name(name, taken):
    stem, extension = os.path.splitext(name)
    candidate, number = name, 2
    while candidate.lower() in taken:
        candidate = f"{stem}-{number}{extension}"
        number += 1
    taken.add(candidate.lower())
    return candidate


def write_bundle(output, published, files):
    """Write the ZIP of ``files`` (and, for a lesson pack, the lesson plan PDF) to ``output``."""
    from schools.pdf import lesson_plan_pdf  # reportlab on demand (worker memory, issue 11)

    taken = set()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if isinstance(published, LessonPackPage):
            taken.add(LESSON_PLAN_NAME)
            archive.writestr(LESSON_PLAN_NAME, lesson_plan_pdf(published, files=files))
        for pack_file in files:
            document = pack_file.document
            name = _unique_name(os.path.basename(document.file.name), taken)
            try:
                with document.open_file() as source, archive.open(name, "w") as target:
                    shutil.copyfileobj(source, target, 1024 * 1024)
            except (FileNotFoundError, OSError):
                # Logged by document number only; the bundle goes out without it.
                logger.warning(
                    "Document %s is missing from storage: left out of the ZIP.", document.pk
                )


def bundle_build(*, page, revision, published, variant, restrictions=None):
    """The bundle of ``revision`` and ``variant``: the stored one, or a new one built now.

    Two builds at once (the task and a download, say) both write a file, but
    the unique constraint keeps one row: the loser deletes its file and
    returns the winner's.
    """
    existing = PackBundle.objects.filter(revision=revision, variant=variant).first()
    if existing is not None and existing.file and existing.file.storage.exists(existing.file.name):
        return existing
    if existing is not None:  # its file has gone: build it again
        existing.delete()
    files = bundle_files(published, variant, restrictions)
    with tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES) as output:
        write_bundle(output, published, files)
        size = output.tell()
        output.seek(0)
        bundle = PackBundle(page_id=page.pk, revision=revision, variant=variant, size=size)
        version = getattr(published, "version", "") or "1"
        # A random part, so that no one can guess where a professional ZIP is stored
        # (on the laptop, Django serves MEDIA_ROOT as it is).
        name = f"{page.slug}-v{version}-r{revision.pk}-{variant}-{secrets.token_hex(8)}.zip"
        bundle.file.save(name, File(output, name=name), save=False)
    try:
        with transaction.atomic():
            bundle.save()
    except IntegrityError:
        bundle.file.delete(save=False)
        return PackBundle.objects.get(revision=revision, variant=variant)
    return bundle


def bundle_delete(bundle):
    """Delete a bundle's row and its file."""
    name = bundle.file.name
    storage = bundle.file.storage
    bundle.delete()
    if name:
        storage.delete(name)


def pack_bundles_build(*, page_id):
    """Build the bundles of a page's live revision, then delete its older ones.

    Returns the bundles built or found, or [] if the page is not live any more.
    """
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return []
    page = page.specific
    if not isinstance(page, bundle_page_types()):
        return []
    revision, published = published_pack(page)
    if revision is None:
        return []
    restrictions = CollectionRestrictions()
    bundles = [
        bundle_build(
            page=page,
            revision=revision,
            published=published,
            variant=variant,
            restrictions=restrictions,
        )
        for variant in variants_for(page)
    ]
    for old in PackBundle.objects.filter(page_id=page.pk).exclude(revision=revision):
        bundle_delete(old)
    return bundles


def pack_bundles_delete(*, page_id):
    """Delete every bundle of a page (when it is unpublished): rows and files."""
    for bundle in PackBundle.objects.filter(page_id=page_id):
        bundle_delete(bundle)


def pack_bundle_for_download(*, page, variant):
    """The stored bundle of the page's live revision, built now only if it is missing.

    Normally the publish task has built it and this is one query. It is built
    here only if the task has not run yet (a worker behind) or failed, or for a
    variant the task does not build (a restricted page's public one).
    """
    revision_id = page.live_revision_id
    if revision_id is None:
        return None
    bundle = PackBundle.objects.filter(revision_id=revision_id, variant=variant).first()
    if bundle is not None and bundle.file:
        return bundle
    # Rare: built in the request (see the docstring).
    revision, published = published_pack(page)
    if revision is None:
        return None
    return bundle_build(page=page, revision=revision, published=published, variant=variant)
