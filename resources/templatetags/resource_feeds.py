from django import template

from home.models import Audience

register = template.Library()


@register.inclusion_tag("components/resource_feeds.html")
def resource_feed_links():
    """Visible links to the library's Atom feeds: the whole library and each audience."""
    return {"audiences": Audience.objects.order_by("name")}
