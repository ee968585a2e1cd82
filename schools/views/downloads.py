"""Downloading a whole pack (the route ``download/`` of a pack or toolkit page)."""

from django.http import Http404


def download_pack(request, page):
    raise Http404
