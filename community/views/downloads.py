"""Toolkit downloads, served from storage. (Finished by the posters work.)"""

from django.http import Http404


def serve_toolkit_download(request, page, kind):
    raise Http404
