"""The sitemap lists exactly what a reader may see (see `VisiblePageQuerySet.visible`).

Its URLs are on the host the sitemap was asked for, with that scheme and port:
the sitemaps protocol wants every URL on the sitemap's own host, and the
request's host is the site's real address (Django checks it against
ALLOWED_HOSTS). Wagtail alone would write the Site record's hostname and port,
which on a laptop say `http://localhost/` while the site runs on port 8000.
"""

from urllib.parse import urlsplit, urlunsplit

from wagtail.contrib.sitemaps import Sitemap

from home.models import visible_pages


class VisiblePagesSitemap(Sitemap):
    def items(self):
        return (
            visible_pages(self.get_wagtail_site()).order_by("path").defer_streamfields().specific()
        )

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        if self.request is not None:
            for info in urls:
                info["location"] = on_request_host(self.request, info["location"])
        return urls


def on_request_host(request, url):
    """`url` with the scheme and host (and port) the request came in on."""
    parts = urlsplit(url)
    return urlunsplit((request.scheme, request.get_host(), parts.path, parts.query, ""))
