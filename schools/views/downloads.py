"""Downloading a whole pack (the route ``download/`` of a pack or toolkit page).

The page's own privacy has been checked before this runs: a route of a
RoutablePageMixin page is served through ``Page.serve``, after Wagtail's
``before_serve_page`` hooks, so a page restricted to the Professionals group
answers an anonymous reader with the sign-in redirect, never with the ZIP.
"""

from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from home.stored_files import serve_stored_file
from schools.models import BundleVariant
from schools.privacy import is_professional
from schools.services.bundles import bundle_delete, bundle_filename, pack_bundle_for_download
from schools.services.downloads import pack_download_count


@require_safe
def download_pack(request, page):
    # Professionals get every file; anyone else only the files the public may download.
    professional = is_professional(request.user)
    variant = BundleVariant.PROFESSIONAL if professional else BundleVariant.PUBLIC
    bundle = pack_bundle_for_download(page=page, variant=variant)
    if bundle is None:
        raise Http404

    def send(bundle):
        try:
            file = bundle.file.open("rb")
        except FileNotFoundError:
            # The row outlived its file (storage emptied by hand): build it again, once.
            bundle_delete(bundle)
            bundle = pack_bundle_for_download(page=page, variant=variant)
            file = bundle.file.open("rb")
        response = FileResponse(file, as_attachment=True, filename=bundle_filename(page))
        response["Content-Type"] = "application/zip"
        response["Content-Length"] = str(bundle.size)
        response["X-Content-Type-Options"] = "nosniff"
        if request.method == "GET":  # not a HEAD, nor a 304
            pack_download_count(page=page)
        return bundle, response

    # The professional ZIP holds restricted files: no cache may keep it.
    if professional:
        return serve_stored_file(request, bundle, send, private=True, no_store=True)
    return serve_stored_file(request, bundle, send, private=True)
