"""A toolkit's posters, leaflet, incident note and briefing, served from storage
(the route ``downloads/<kind>/`` of a ToolkitPage).

The file is streamed by Django from default storage (local disk or an S3
bucket alike), never by a link to the bucket: the address a reader keeps is
the toolkit's own, which stays right when the file is rebuilt.

PDFs are sent ``inline``: a browser opens them in its viewer, where they can
be read, printed or saved (most people want to print a poster, not file it),
and a screen reader reads the real text. The slides have no viewer in a
browser, so they are an attachment. Either way the filename is
``<slug>-<kind>.<ext>``. Nothing here touches the session, so no cookie is set.
"""

from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from community import printables
from community.models import DownloadKind
from community.services.downloads import (
    download_delete,
    download_filename,
    toolkit_download_for,
)
from home.stored_files import serve_stored_file


@require_safe
def serve_toolkit_download(request, page, kind):
    if kind not in DownloadKind.values:
        raise Http404
    download = toolkit_download_for(page, kind, request)
    if download is None:
        raise Http404

    def send(download):
        try:
            file = download.file.open("rb")
        except FileNotFoundError:
            # The row outlived its file (storage emptied by hand): build it again, once.
            download_delete(download)
            download = toolkit_download_for(page, kind, request)
            file = download.file.open("rb")
        is_pdf = printables.extension_for(kind) == "pdf"
        response = FileResponse(
            file, as_attachment=not is_pdf, filename=download_filename(page, kind)
        )
        response["Content-Type"] = printables.content_type_for(kind)
        response["Content-Length"] = str(download.size)
        response["X-Content-Type-Options"] = "nosniff"
        return download, response

    return serve_stored_file(request, download, send)
