"""Error pages that show the quick exit and the help numbers whatever has failed.

A 404, 403 or 429 page renders as usual, with this site's settings, when it
can. The 500 page, and any error page whose normal render fails, is rendered
"offline": without the request, so no context processor, template tag or
menu touches the database, the cache or the session, and the help numbers
and exit link are the defaults of ``SafetySettings``. If even that fails, a
last, plain page built here in Python carries them.
"""

import logging

from django.http import HttpResponse
from django.template import loader
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from home.models import SafetySettings
from home.templatetags.clearsight import tel

logger = logging.getLogger(__name__)


def render_error_page(request, template_name, status):
    try:
        return HttpResponse(loader.render_to_string(template_name, request=request), status=status)
    except Exception:
        logger.exception(
            "The %s page could not be rendered as usual; rendering it offline.", status
        )
        return render_offline(template_name, status)


def render_offline(template_name, status):
    try:
        html = loader.render_to_string(template_name)
    except Exception:
        logger.exception(
            "The %s page could not be rendered offline; sending the plain one.", status
        )
        html = plain_error_page()
    return HttpResponse(html, status=status)


def safety_defaults():
    """The help numbers and exit link as they are before any editor changes them."""
    return SafetySettings()


def plain_error_page():
    safety = safety_defaults()
    numbers = [
        (_("In danger now? Call"), safety.emergency_number),
        (_("Childline"), safety.childline_number),
        (_("Police non-emergency"), safety.police_non_emergency_number),
        (_("Missing People"), safety.missing_people_number),
    ]
    try:
        stylesheet = format_html('<link rel="stylesheet" href="{}">', static("css/clearsight.css"))
    except Exception:  # a missing static manifest must not cost the reader the numbers
        stylesheet = ""
    return format_html(
        '<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex, nofollow">'
        "<title>{title} – Clearsight</title>{stylesheet}</head><body>"
        '<div class="exit-this-page"><a class="button button--exit exit-this-page__button" '
        'href="{exit_url}" rel="nofollow noreferrer">{exit}</a></div>'
        '<main class="site-main"><div class="container"><h1>{heading}</h1><p>{message}</p>'
        '<aside class="help-strip"><ul class="help-strip__list">{numbers}</ul></aside>'
        "</div></main></body></html>",
        title=_("Something went wrong"),
        stylesheet=stylesheet,
        exit_url=safety.exit_url,
        exit=_("Exit this page"),
        heading=_("Sorry, something went wrong on our side"),
        message=_("It was not anything you did. Please try again in a few minutes."),
        numbers=format_html_join(
            "",
            '<li>{} <a href="{}">{}</a></li>',
            ((label, tel(number), number) for label, number in numbers),
        ),
    )
