import re
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.db import DatabaseError
from django.utils.translation import to_locale

from wagtail.models import Site

from home.chrome import remembered
from home.models import BasePage, NavigationSettings, SafetySettings, YoungPeopleIndexPage

register = template.Library()


def _site_setting(model, context):
    """This request's settings of `model`, or an unsaved one with the defaults
    when there is no request or the database cannot be read, so that even the
    server error page shows the help strip."""
    request = context.get("request")
    if request is not None:
        try:
            return model.for_request(request)
        except (DatabaseError, model.DoesNotExist):
            pass
    return model()


@register.simple_tag(takes_context=True)
def safety_settings(context):
    """The help numbers and exit link for this request's site."""
    return _site_setting(SafetySettings, context)


@register.filter
def signed_in(request):
    """Whether a signed-in user made this request, without opening the session
    of a reader who has none: looking into even an empty session makes the
    response vary on Cookie, and the page cache never stores such a page."""
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return request.user.is_authenticated


@register.filter
def tel(number):
    """'0800 1111' -> 'tel:08001111', for tap-to-call links."""
    return "tel:" + re.sub(r"[^0-9+]", "", str(number))


@register.filter
def sms(number):
    return "sms:" + re.sub(r"[^0-9+]", "", str(number))


@register.filter
def bcp47(language_code):
    """Django's language code as an HTML `lang` value: 'en-gb' -> 'en-GB', 'zh-hans' -> 'zh-Hans'."""
    return to_locale(language_code).replace("_", "-")


@register.simple_tag(takes_context=True)
def navigation_settings(context):
    return _site_setting(NavigationSettings, context)


@register.simple_tag(takes_context=True)
def main_menu_pages(context):
    """The home page's live children marked "Show in menus"."""
    request = context.get("request")
    try:
        site = Site.find_for_request(request) if request is not None else None
        if site is None:
            return []
        return remembered(
            f"main-menu:{site.pk}",
            lambda: list(BasePage.objects.visible(site).child_of(site.root_page).in_menu()),
        )
    except DatabaseError:
        return []


@register.filter
def for_young_people(page):
    """Whether `page` is for young people: in their section, or marked for that audience.

    Such pages offer "Listen to this page" (static/js/clearsight.js).
    """
    if not isinstance(page, BasePage):
        return False
    return page.is_within(YoungPeopleIndexPage, inclusive=True) or page.has_audience("young-people")


@register.filter
def url_host(url):
    """The host name a link leads to ("www.youtube.com"), to tell the reader before they go."""
    return urlsplit(str(url or "")).hostname or ""
