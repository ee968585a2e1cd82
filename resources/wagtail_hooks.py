"""The resource library in the admin (formats, editable like topics) and on the
site: its feeds, announced in every page's <head> (see
`home/templatetags/clearsight_meta.py`, hook `clearsight_head_links`), and the
home page's fallback featured work."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.models import Audience
from resources.models import Format, ResourceIndexPage, ResourcePage
from resources.selectors import newest_co_created

ATOM = "application/atom+xml"


class FormatViewSet(SnippetViewSet):
    """Guide, story, poster, quiz…: data editors manage, like topics."""

    model = Format
    icon = "doc-full"
    menu_label = gettext_lazy("Resource formats")
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(FormatViewSet)


def feed_link(href, title):
    return {"rel": "alternate", "type": ATOM, "href": href, "title": title}


def audience_feed_link(audience):
    return feed_link(
        reverse("resources_audience_feed", args=[audience.slug]),
        _("New and updated resources for %(audience)s") % {"audience": audience.name},
    )


@hooks.register("clearsight_head_links")
def resource_feeds(request, page):
    """The library's feed on every page; on the library page every audience's
    feed too, and on a resource page the feeds of the audiences it is for."""
    links = [feed_link(reverse("resources_feed"), _("New and updated resources"))]
    if page is None:
        return links
    if isinstance(page, ResourceIndexPage):
        links += [audience_feed_link(audience) for audience in Audience.objects.order_by("name")]
    elif isinstance(page, ResourcePage):
        links += [audience_feed_link(audience) for audience in page.audiences.all()]
    return links


@hooks.register("clearsight_featured_work")
def featured_work_fallback(site, *, limit):
    """The home page's "Made with young people" when editors chose no work."""
    return newest_co_created(site, limit=limit)


@hooks.register("clearsight_library_page")
def library_page(site):
    """Where an age band page's "See all N in the library" links lead."""
    return ResourceIndexPage.objects.visible(site).defer_streamfields().first()
