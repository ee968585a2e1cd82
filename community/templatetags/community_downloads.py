"""``{% toolkit_downloads page as downloads %}``: the toolkit's printables for its downloads list."""

from django import template

from community import printables
from community.models import DownloadKind
from community.services.downloads import current_downloads

register = template.Library()

FORMAT_NAMES = {"pdf": "PDF", "pptx": "PowerPoint"}


@register.simple_tag(takes_context=True)
def toolkit_downloads(context, page):
    """Each kind with its route, format and (once built) size: one query."""
    if page is None or not getattr(page, "live", False) or page.live_revision_id is None:
        return []
    request = context.get("request")
    stored = current_downloads(page, request)
    base = page.url if request is None else page.get_url(request)
    items = []
    for kind in DownloadKind:
        extension = printables.extension_for(kind)
        download = stored.get(kind.value)
        items.append(
            {
                "kind": kind.value,
                "name": kind.label,
                "format": FORMAT_NAMES[extension],
                "is_pdf": extension == "pdf",
                "size": download.size if download is not None else None,
                "url": base + page.reverse_subpage("download", kwargs={"kind": kind.value}),
            }
        )
    return items
