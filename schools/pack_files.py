"""The files of a lesson pack or school toolkit, as one reader may see them.

One list for both page types (``templates/components/pack_files.html``): each
file's title, what it is for, its kind, type, size and page count, and whether
this reader may download it (Wagtail's own collection view restrictions, read
through ``schools.privacy.CollectionRestrictions``).

The cost does not grow with the number of files: one query for the files with
their documents and collections, two for the restrictions, and at most one
per restricted collection for a signed-in reader. A reader with no session
cookie can have passed no restriction (no sign-in, no password), so their
session is never opened: the page then neither sets nor varies on a cookie and
stays in the page cache.
"""

from dataclasses import dataclass

from django.conf import settings

from schools.privacy import CollectionRestrictions


@dataclass(frozen=True)
class PackFileRow:
    """The flat values ``components/pack_files.html`` takes for one file."""

    title: str
    description: str
    kind: str  # "Worksheet", "Slides"…
    summary: str  # "PDF, 240 KB"
    page_count: int | None
    url: str
    restricted: bool  # for verified professionals only
    may_download: bool  # this reader may download it


def pack_file_rows(page, request):
    files = list(page.pack_files.select_related("document", "document__collection"))
    if not files:
        return []
    restrictions = CollectionRestrictions.kept()
    has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
    accepted = {}  # collection id -> whether this request passes its restrictions
    rows = []
    for pack_file in files:
        document = pack_file.document
        restricted = restrictions.is_restricted(document)
        if not restricted:
            may_download = True
        elif not has_session:
            may_download = False
        else:
            if document.collection_id not in accepted:
                accepted[document.collection_id] = restrictions.accepts(request, document)
            may_download = accepted[document.collection_id]
        rows.append(
            PackFileRow(
                title=pack_file.display_title,
                description=pack_file.description,
                kind=pack_file.get_kind_display(),
                summary=str(document.download_summary),
                page_count=document.page_count,
                url=document.url,
                restricted=restricted,
                may_download=may_download,
            )
        )
    return rows
