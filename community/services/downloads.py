"""Building and finding a toolkit's printables (posters, leaflet, incident note, briefing).

- Built for the page's live revision (``page.live_revision.as_object()``,
  never a draft saved since) and the local contacts as they are, by a
  background task enqueued when the page is published or the contacts
  change (community/apps.py, community/tasks.py), and kept in default
  storage (``ToolkitDownload.file``, under a name with a random part).
- Which contacts a file was built with is its ``contacts_fingerprint``: a
  hash of the site's address and every number the files print. A download
  finds the row for the live revision and the current fingerprint; only if
  the worker is behind is the file built in the request.
- Building a page's files deletes its older rows and files; unpublishing
  deletes them all.

As with the whole-pack ZIPs (schools/services/bundles.py), two builds at once
both write a file but the unique constraint keeps one row: the loser deletes
its file and returns the winner's.
"""

import hashlib
import json
import logging
import secrets

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from wagtail.models import Page, Site

from community import printables
from community.models import DownloadKind, ToolkitDownload, ToolkitPage
from home.models import LocalContacts, SafetySettings

logger = logging.getLogger(__name__)

CONTACT_FIELDS = printables.CONTACT_FIELDS
SAFETY_FIELDS = ("emergency_number", "police_non_emergency_number", "childline_number")


def site_settings(site, request=None):
    """The site's LocalContacts and SafetySettings (from the request's cache when there is one)."""
    if request is not None:
        return LocalContacts.for_request(request), SafetySettings.for_request(request)
    return LocalContacts.for_site(site), SafetySettings.for_site(site)


def contacts_fingerprint(site, request=None, *, contacts=None, safety=None):
    """A hash of everything the files print that is not the page: the site's
    address and the local numbers."""
    if contacts is None or safety is None:
        contacts, safety = site_settings(site, request)
    values = {
        "site": site.root_url if site is not None else "",
        "contacts": {name: str(getattr(contacts, name, "") or "") for name in CONTACT_FIELDS},
        "safety": {name: str(getattr(safety, name, "") or "") for name in SAFETY_FIELDS},
    }
    data = json.dumps(values, sort_keys=True).encode()
    return hashlib.sha256(data).hexdigest()


def download_filename(page, kind):
    """What the reader's browser saves it as: ``<slug>-poster-a4.pdf``."""
    return f"{page.slug}-{kind}.{printables.extension_for(kind)}"


def published_toolkit(page):
    revision = page.live_revision
    if not page.live or revision is None:
        return None, None
    return revision, revision.as_object()


def _context(published, site, contacts, safety, revision):
    from community import posters  # the builder, with reportlab: on demand (worker memory)

    return posters.PrintContext.from_settings(
        url=published.get_full_url(),
        contacts=contacts,
        safety=safety,
        built_for=revision.created_at,
    )


def download_build(*, page, revision, published, kind, fingerprint, context):
    """The stored file of ``kind`` for this revision and fingerprint, or a new one built now."""
    existing = ToolkitDownload.objects.filter(
        revision=revision, kind=kind, contacts_fingerprint=fingerprint
    ).first()
    if existing is not None and existing.file and existing.file.storage.exists(existing.file.name):
        return existing
    if existing is not None:  # its file has gone: build it again
        existing.delete()
    from community import posters  # the builder, with reportlab: on demand (worker memory)

    data = posters.build(kind, published, context)
    download = ToolkitDownload(
        page_id=page.pk,
        revision=revision,
        kind=kind,
        contacts_fingerprint=fingerprint,
        size=len(data),
    )
    # A random part, so that an old file's address is not guessed from a new one.
    name = (
        f"{page.pk}/{page.slug}-{kind}-r{revision.pk}-{secrets.token_hex(8)}."
        f"{printables.extension_for(kind)}"
    )
    download.file.save(name, ContentFile(data, name=name), save=False)
    try:
        with transaction.atomic():
            download.save()
    except IntegrityError:
        download.file.delete(save=False)
        return ToolkitDownload.objects.get(
            revision=revision, kind=kind, contacts_fingerprint=fingerprint
        )
    return download


def download_delete(download):
    """Delete a download's row and its file."""
    name = download.file.name
    storage = download.file.storage
    download.delete()
    if name:
        storage.delete(name)


def toolkit_downloads_build(*, page_id):
    """Build every kind for a toolkit's live revision and the current contacts,
    then delete its older files. Returns the downloads, or [] if the page is not live."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return []
    page = page.specific
    if not isinstance(page, ToolkitPage):
        return []
    revision, published = published_toolkit(page)
    if revision is None:
        return []
    site = page.get_site()
    contacts, safety = site_settings(site)
    fingerprint = contacts_fingerprint(site, contacts=contacts, safety=safety)
    context = _context(published, site, contacts, safety, revision)
    downloads = [
        download_build(
            page=page,
            revision=revision,
            published=published,
            kind=kind,
            fingerprint=fingerprint,
            context=context,
        )
        for kind in DownloadKind.values
    ]
    # Delete the older files, but never those of a newer version or newer contacts
    # that another build (a second task, published or saved meanwhile) has just made.
    keep = {download.pk for download in downloads}
    latest_revision = Page.objects.filter(pk=page.pk).values_list("live_revision_id", flat=True)
    latest_fingerprint = contacts_fingerprint(site)
    older = (
        ToolkitDownload.objects.filter(page_id=page.pk)
        .exclude(pk__in=keep)
        .exclude(revision_id__in=latest_revision, contacts_fingerprint=latest_fingerprint)
    )
    for old in older:
        download_delete(old)
    return downloads


def all_toolkit_downloads_build():
    """Build every live toolkit's files again (the contacts changed). Returns how many toolkits."""
    built = 0
    for page_id in ToolkitPage.objects.live().values_list("pk", flat=True):
        if toolkit_downloads_build(page_id=page_id):
            built += 1
    return built


def toolkit_downloads_delete(*, page_id):
    """Delete every file of a toolkit (when it is unpublished): rows and files."""
    for download in ToolkitDownload.objects.filter(page_id=page_id):
        download_delete(download)


def current_downloads(page, request=None):
    """{kind: ToolkitDownload} stored for the page's live revision and the
    current contacts: one query (and the settings, cached on the request)."""
    if page.live_revision_id is None:
        return {}
    site = Site.find_for_request(request) if request is not None else page.get_site()
    fingerprint = contacts_fingerprint(site, request)
    rows = ToolkitDownload.objects.filter(
        revision_id=page.live_revision_id, contacts_fingerprint=fingerprint
    )
    return {row.kind: row for row in rows if row.file}


def toolkit_download_for(page, kind, request=None):
    """The stored file of ``kind`` for the live revision and the current contacts,
    built now only if it is missing (the worker is behind, or failed)."""
    if kind not in DownloadKind.values or page.live_revision_id is None:
        return None
    site = Site.find_for_request(request) if request is not None else page.get_site()
    contacts, safety = site_settings(site, request)
    fingerprint = contacts_fingerprint(site, contacts=contacts, safety=safety)
    download = ToolkitDownload.objects.filter(
        revision_id=page.live_revision_id, kind=kind, contacts_fingerprint=fingerprint
    ).first()
    if download is not None and download.file:
        return download
    # Rare: built in the request (see the docstring).
    revision, published = published_toolkit(page)
    if revision is None:
        return None
    context = _context(published, site, contacts, safety, revision)
    return download_build(
        page=page,
        revision=revision,
        published=published,
        kind=kind,
        fingerprint=fingerprint,
        context=context,
    )
