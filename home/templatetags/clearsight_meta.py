"""What a page tells link previews, feed readers and search engines in its <head>.

`{% meta_tags %}`: the description and Open Graph tags of every page, Wagtail
page or not (search, error pages). A page's description is its search
description, else its summary, else its introduction, else the site's own.

`{% head_links %}`: <link> elements that feature apps add through the
`clearsight_head_links` hook (feeds, for one). Each hook function takes
`(request, page)` (page may be None) and returns dicts with `rel`, `href`, and
optionally `type` and `title`.

Neither touches the database when there is no request (the offline 500 page).
"""

from django import template
from django.core.exceptions import DisallowedHost
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.images.models import AbstractImage
from wagtail.models import Page, Site

from home.images import image_role, single_rendition
from home.templatetags.clearsight_images import may_generate

register = template.Library()

DESCRIPTION_LENGTH = 200


def site_description():
    return _(
        "Clearsight helps children, young people, parents, carers and the whole community "
        "spot and stop child sexual exploitation, and find help fast."
    )


def _page(context):
    page = context.get("page")
    return page if isinstance(page, Page) else None


def _site(request):
    if request is None:
        return None
    try:
        return Site.find_for_request(request)
    except Exception:  # an error page must render whatever has failed
        return None


def _site_name(site):
    return site.site_name if site is not None and site.site_name else _("Clearsight")


def _absolute(request, site, path):
    """`path` on the site's own address: its Site record (hostname and port, set
    by `manage.py set_site_address` on a laptop), as Wagtail's full URLs and the
    page cache's renders use, so a stored page and a fresh one say the same.
    Without a Site, the request's host; None if that host is not allowed."""
    if path.startswith(("http://", "https://")):
        return path
    if site is not None:
        return site.root_url + path
    try:
        return request.build_absolute_uri(path)
    except DisallowedHost:
        return None


def _description(page):
    for name in ("search_description", "summary", "intro"):
        text = getattr(page, name, "") if page is not None else ""
        if isinstance(text, str) and text.strip():
            return " ".join(text.split())
    return site_description()


def _image(page, request, site):
    image = getattr(page, "image", None) if page is not None else None
    if request is None or not isinstance(image, AbstractImage):
        return None
    try:  # made in the background, never while the reader waits (home/images.py)
        rendition = single_rendition(image, image_role("share"), may_generate=may_generate(request))
    except Exception:  # a broken file must not cost the reader the page
        return None
    if rendition is None:
        return None
    url = _absolute(request, site, rendition.url)
    if url is None:
        return None
    return {
        "url": url,
        "alt": image.default_alt_text,
        "width": rendition.width,
        "height": rendition.height,
    }


@register.inclusion_tag("components/meta_tags.html", takes_context=True)
def meta_tags(context, title=None, description=None):
    request = context.get("request")
    site = _site(request)
    page = _page(context)
    if title is None:
        title = (page.seo_title or page.title) if page is not None else _site_name(site)
    url = None
    if request is not None:
        path = page.get_url(request) if page is not None else request.path
        url = _absolute(request, site, path) if path else None
    return {
        "title": title,
        "description": Truncator(description or _description(page)).chars(DESCRIPTION_LENGTH),
        "type": "article" if page is not None and page.depth > 2 else "website",
        "url": url,
        "site_name": _site_name(site),
        "image": _image(page, request, site),
    }


@register.inclusion_tag("components/head_links.html", takes_context=True)
def head_links(context):
    request = context.get("request")
    if request is None:
        return {"links": []}
    page = _page(context)
    links = []
    for hook in hooks.get_hooks("clearsight_head_links"):
        links.extend(hook(request, page) or ())
    return {"links": links}
