"""Atom feeds of new and updated resources: the whole library, and one per audience.

Entries are the resources a reader of this site may see (`visible`: live,
public, in this site), newest change first. Links use the address the feed
was asked for (Django's syndication framework builds them from the request's
host, as the sitemap does).
"""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from wagtail.models import Site

from home.models import Audience
from resources.models import ResourceIndexPage, ResourcePage

FEED_LENGTH = 30
# Readers' feed apps may keep a copy for this long; a change shows within it.
FEED_MAX_AGE = 15 * 60


@dataclass(frozen=True)
class FeedScope:
    site: Site
    library_url: str
    audience: Audience | None = None


def feed_items(site, audience=None, limit=FEED_LENGTH):
    """The newest visible resources of `site` (for `audience`, if given)."""
    pages = ResourcePage.objects.visible(site)
    if audience is not None:
        pages = pages.filter(audiences=audience)
    return (
        pages.select_related("format")
        .prefetch_related("audiences", "topics")
        .defer_streamfields()
        .order_by("-last_published_at", "-pk")[:limit]
    )


class ResourcesFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
        return response

    def get_object(self, request, audience=None):
        site = Site.find_for_request(request)
        if site is None:
            raise Http404
        library = ResourceIndexPage.objects.visible(site).first()
        library_url = library.relative_url(site, request) if library else "/"
        if audience is None:
            return FeedScope(site, library_url)
        try:
            return FeedScope(site, library_url, Audience.objects.get(slug=audience))
        except Audience.DoesNotExist as error:
            raise Http404 from error

    def title(self, scope):
        name = scope.site.site_name or _("Clearsight")
        if scope.audience is None:
            return _("%(site)s: new and updated resources") % {"site": name}
        return _("%(site)s: new and updated resources for %(audience)s") % {
            "site": name,
            "audience": scope.audience.name,
        }

    def subtitle(self, scope):
        return _(
            "Guides, stories, posters, videos and activities to help spot and stop "
            "child sexual exploitation."
        )

    def link(self, scope):
        return scope.library_url

    def feed_url(self, scope):
        if scope.audience is None:
            return reverse("resources_feed")
        return reverse("resources_audience_feed", args=[scope.audience.slug])

    def author_name(self, scope):
        return scope.site.site_name or _("Clearsight")

    def items(self, scope):
        pages = list(feed_items(scope.site, scope.audience))
        for page in pages:
            # A path on this site; the framework adds the request's scheme and host.
            page.feed_link = page.relative_url(scope.site)
        return pages

    def item_title(self, page):
        return page.title

    def item_description(self, page):
        return page.summary

    def item_link(self, page):
        return page.feed_link

    def item_pubdate(self, page):
        return page.first_published_at

    def item_updateddate(self, page):
        return page.last_published_at or page.first_published_at

    def item_categories(self, page):
        return [a.name for a in page.audiences.all()] + [t.name for t in page.topics.all()]
