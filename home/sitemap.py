"""The sitemap lists exactly what a reader may see (see `VisiblePageQuerySet.visible`)."""

from wagtail.contrib.sitemaps import Sitemap

from home.models import visible_pages


class VisiblePagesSitemap(Sitemap):
    def items(self):
        return (
            visible_pages(self.get_wagtail_site()).order_by("path").defer_streamfields().specific()
        )
