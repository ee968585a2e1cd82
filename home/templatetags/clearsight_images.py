"""``{% role_picture %}`` and ``{% role_rendition_url %}``: pictures in the
roles defined in home/images.py, from renditions that already exist.

    {% load clearsight_images %}
    {% role_picture page.image "resource" class="resource__picture" first=True %}
    {% role_picture image "card" class="card__picture" alt="" %}

A picture is lazy (``loading="lazy" decoding="async"``) unless ``first=True``
says it is at the top of the page, where the browser should fetch it at once
(``fetchpriority="high"``). ``alt`` left out means the picture's own: an
ImageBlock's alt text or its decorative flag, otherwise the image's title.
"""

from django import template

from home.images import image_role, picture_html, single_rendition
from home.page_cache.rules import is_warming

register = template.Library()


def may_generate(request):
    """Only the page-cache warmer, a background job that stores what readers
    get, may make a missing rendition while rendering; never a reader."""
    return request is not None and is_warming(request)


def _may_generate(context):
    return may_generate(context.get("request"))


@register.simple_tag(takes_context=True)
def role_picture(context, image, role, first=False, **attrs):
    if not image:
        return ""
    role = image_role(role)
    attrs = {key.replace("_", "-"): value for key, value in attrs.items()}
    if role.sizes:
        attrs.setdefault("sizes", role.sizes)
    if first:
        attrs.setdefault("fetchpriority", "high")
    else:
        attrs.setdefault("loading", "lazy")
        attrs.setdefault("decoding", "async")
    return picture_html(image, role, attrs, may_generate=_may_generate(context))


@register.simple_tag(takes_context=True)
def role_rendition_url(context, image, role):
    if not image:
        return ""
    rendition = single_rendition(image, image_role(role), may_generate=_may_generate(context))
    return rendition.url if rendition else ""
