from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.models import AgeBand, Area, Audience, Topic
from home.page_cache.warming import mark_public_page


class AgeBandViewSet(SnippetViewSet):
    model = AgeBand
    icon = "group"
    list_display = ["name", "min_age", "max_age", "slug"]
    search_fields = ["name"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "user"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    menu_label = "Age bands, audiences, topics and areas"
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (AgeBandViewSet, AudienceViewSet, TopicViewSet, AreaViewSet)


register_snippet(TaxonomyViewSetGroup)


# Registered with a high order so that Wagtail's own view-restriction check
# (order 0) wraps it: a page that asks for a login or password never reaches
# it, so the warmer never marks it as shareable.
hooks.register("on_serve_page", mark_public_page, order=100)

# Editorial governance (home/governance/): each module registers its own hooks.
from home.governance import (  # noqa: E402, F401
    audit,
    links,
    readability,
    reports,
    review,
    workflows,
)
from home.governance.data_rights import admin as data_rights_admin  # noqa: E402, F401


@hooks.register("page_cache_models")
def youth_panel_verdicts_shown_on_pages():
    """A page shows "Checked by our youth panel" from the panel's latest word on
    its live revision: a verdict recorded on a page that is already live (a
    review started with no new draft) changes what the page shows, so it
    retires the cached pages and what is kept with them (home/signals.py)."""
    from home.models import YouthPanelReview

    return [YouthPanelReview]


@hooks.register("page_cache_models")
def search_pins():
    """Editors' pins (Settings → Promoted search results) are kept with the
    generation for the site search (home/search.py): saving or deleting one
    retires them. Not the search words themselves (`Query`), which every new
    search creates."""
    from wagtail.contrib.search_promotions.models import SearchPromotion

    return [SearchPromotion]
