"""Image roles: the one place that says which renditions a picture gets.

A *role* is where a picture shows (a card, a resource's picture, a figure in
the text…). Each role names the crop or resize, the widths worth sending to a
phone and a laptop, and the ``sizes`` that tell the browser how wide the
picture is drawn (the layout in static/css/clearsight.css, phone first). Every
role is sent as AVIF and WebP, with a fallback for browsers that read neither:
JPEG for a JPEG original, PNG for anything else (PNG, GIF, WebP), because those
are drawings, screenshots or pictures with transparency, which JPEG would blur
at the edges and put on a black background. Only very old browsers ever fetch
the fallback, so its weight hardly matters.

The same roles serve three readers:

- ``{% role_picture %}`` (home/templatetags/clearsight_images.py) renders a
  ``<picture>`` from renditions that already exist, and never makes one while
  a visitor waits (see ``picture_html``);
- the background tasks (home/tasks.py) make them: for the upload roles when a
  picture is uploaded or its file or focal point changes, and for the roles a
  page uses when it is published (``image_uses``);
- ``manage.py generate_renditions`` makes every missing one.

Where a picture is used decides its role. A page model names the roles of its
image fields with ``image_field_roles = {"image": ("resource", "card")}``; a
StructBlock names the role of its image children with ``Meta.image_role``.

Renditions carry no metadata: Willow writes AVIF and WebP from the pixels of
the original, which home/uploads has already re-encoded without EXIF, GPS, XMP
or comments (tests/home/test_images.py checks the output).
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wagtail.images.models import AbstractImage, Filter, Picture

from home.stream_walk import leaves

logger = logging.getLogger(__name__)

MODERN_FORMATS = ("avif", "webp")
# How long one request's "please make these" stands for every process: many
# readers of a page with a missing rendition enqueue one task, not one each.
QUEUED_SECONDS = 300
# A picture with no rendition at all yet is shown from its stored original
# (re-encoded without metadata at upload) only when it is this small;
# otherwise nothing is shown until the worker has made the renditions.
ORIGINAL_FALLBACK_MAX_BYTES = 100 * 1024


@dataclass(frozen=True)
class ImageRole:
    name: str
    resize: str  # a Wagtail filter with {w} for the width: "fill-{w}x{w}", "width-{w}"
    widths: tuple[int, ...]
    sizes: str = ""
    # Made as soon as a picture is uploaded (most pictures are used this way).
    on_upload: bool = False
    formats: tuple[str, ...] = field(default=MODERN_FORMATS)
    # One file, where a single URL is wanted (a video's poster attribute, a
    # link preview): in ``only_format`` if set, otherwise the fallback format.
    single: bool = False
    only_format: str = ""

    def fallback_format(self, image):
        if self.only_format:
            return self.only_format
        return "jpeg" if image.file.name.lower().endswith((".jpg", ".jpeg")) else "png"

    def _formats(self, fallbacks):
        return fallbacks if self.single else (*self.formats, *fallbacks)

    def specs(self, image):
        """Filter specs in the order <picture> wants them: AVIF, WebP, then the
        fallback, each from the narrowest width."""
        return [
            f"{self.resize.format(w=width)}|format-{fmt}"
            for fmt in self._formats((self.fallback_format(image),))
            for width in self.widths
        ]

    def prefetch_specs(self):
        """Every spec any picture may need in this role (both fallbacks), for
        ``prefetch_renditions`` on a queryset of images not yet loaded."""
        fallbacks = (self.only_format,) if self.only_format else ("jpeg", "png")
        return [
            f"{self.resize.format(w=width)}|format-{fmt}"
            for fmt in self._formats(fallbacks)
            for width in self.widths
        ]


# Phone first: a 360-pixel phone has 16 px of padding either side (1rem), a
# wider screen 24 px (1.5rem) inside a 60rem container.
_TEXT_WIDTH = "(min-width: 40em) min(57rem, calc(100vw - 3rem)), calc(100vw - 2rem)"

ROLES = {
    role.name: role
    for role in (
        # components/resource_card.html: .card__picture is 4.5rem square.
        ImageRole("card", "fill-{w}x{w}", (80, 160), "4.5rem", on_upload=True),
        # A resource page's own picture: .resource__picture is 8rem square.
        ImageRole("resource", "fill-{w}x{w}", (128, 256), "8rem", on_upload=True),
        # A figure in the text, and a reading step's picture: the text column.
        ImageRole("figure", "width-{w}", (400, 800), _TEXT_WIDTH),
        # An Easy Read line: 6rem, 8rem from 40em.
        ImageRole("easy_read", "fill-{w}x{w}", (128, 256), "(min-width: 40em) 8rem, 6rem"),
        # A young person's picture in a call's gallery (at most 640 px either way).
        ImageRole(
            "gallery",
            "max-{w}x{w}",
            (320, 640),
            "(min-width: 40em) 27rem, calc(100vw - 4rem)",
        ),
        # A video's still picture: one file (a poster attribute has no
        # fallback), WebP, which every browser that plays the video reads.
        ImageRole("poster", "width-{w}", (640,), single=True, only_format="webp"),
        # The picture a link preview shows (og:image, clearsight_meta): JPEG
        # or PNG, which every site that reads these tags takes; wide enough for
        # link previews, scaled and never cropped to a face.
        ImageRole("share", "max-{w}x630", (1200,), single=True),
    )
}


class ImageRoleError(LookupError):
    pass


def image_role(name):
    try:
        return ROLES[name]
    except KeyError:
        raise ImageRoleError(f"No image role {name!r}; the roles are {', '.join(ROLES)}.") from None


def prefetch_role_renditions(*role_names, through):
    """A ``Prefetch`` of the renditions the roles may use, for images reached
    through ``through`` (a relation already in ``select_related``): one query
    for a whole list, as ``ImageQuerySet.prefetch_renditions`` would make.
    Name every role the page shows the image in: an image with prefetched
    renditions looks for no other."""
    from django.db.models import Prefetch

    from wagtail.images import get_image_model

    renditions = (
        get_image_model()
        .get_rendition_model()
        .objects.filter(
            filter_spec__in=[
                spec for name in role_names for spec in image_role(name).prefetch_specs()
            ]
        )
    )
    return Prefetch(f"{through}__renditions", queryset=renditions, to_attr="prefetched_renditions")


# --- Making renditions (background work only) --------------------------------


def make_renditions(image, roles):
    """Make every missing rendition of ``image`` for ``roles`` (names); return
    how many were made. For tasks and commands, never for a reader's request."""
    specs = [spec for name in roles for spec in image_role(name).specs(image)]
    specs = list(dict.fromkeys(specs))
    filters = [Filter(spec=spec) for spec in specs]
    missing = [f for f in filters if f not in image.find_existing_renditions(*filters)]
    if missing:
        image.get_renditions(*missing)
    return len(missing)


def retire_if_made(made):
    """Pages made while a rendition was missing show a stand-in (``_stand_in``),
    and so do the cards kept with them (``home.chrome.remembered``): once
    renditions have been made, retire them, so the next reader gets the
    picture. Returns `made`."""
    if made:
        from home.page_cache import retire_pages

        retire_pages()
    return made


def generate_missing_renditions():
    """Make every missing rendition: each picture's upload roles, and every
    picture a live page shows in the role it shows it in. Returns how many
    renditions were made. For ``manage.py generate_renditions`` and the demo
    loader: it runs here and now, not in a task."""
    from wagtail.images import get_image_model
    from wagtail.models import Page

    # Each picture once, with every role it needs: its upload roles and the
    # roles of every live page that shows it (many pages share a picture).
    shown = {}
    for page in Page.objects.live().specific().order_by("pk").iterator(chunk_size=100):
        for image, role in image_uses(page):
            shown.setdefault(image.pk, set()).add(role)
    made = 0
    roles = upload_roles()
    for image in get_image_model().objects.order_by("pk").iterator(chunk_size=200):
        made += make_renditions(image, [*roles, *sorted(shown.get(image.pk, ()))])
    return made


def upload_roles():
    return [role.name for role in ROLES.values() if role.on_upload]


def image_uses(page):
    """(image, role name) for every picture ``page`` shows itself: its image
    fields named in ``image_field_roles``, images inside StructBlocks with
    ``Meta.image_role``, at any depth of its StreamFields, and whatever the
    page's own ``image_uses()`` adds (pictures it shows from elsewhere)."""
    from wagtail.fields import StreamField

    own_uses = getattr(page, "image_uses", None)
    if callable(own_uses):
        yield from own_uses()
    for field_name, roles in getattr(page, "image_field_roles", {}).items():
        image = getattr(page, field_name, None)
        if image is not None:
            for role in roles:
                yield image, role
    for model_field in page._meta.get_fields():
        if isinstance(model_field, StreamField):
            stream = getattr(page, model_field.name)
            yield from _stream_uses(model_field.stream_block, stream)


def _stream_uses(block, value):
    """Images held directly by a StructBlock with ``Meta.image_role``."""
    for _leaf, leaf_value, parent in leaves(block, value):
        role = parent is not None and getattr(parent.meta, "image_role", None)
        if role and isinstance(leaf_value, AbstractImage):
            yield leaf_value, role


# --- Asking for renditions (safe anywhere) -----------------------------------


def request_renditions(image_pk, roles):
    """Queue the making of ``image_pk``'s renditions for ``roles`` once the
    current transaction commits. Never raises: a missing rendition must not
    break a page or an upload."""
    from home.tasks import generate_image_renditions

    def enqueue():
        try:
            generate_image_renditions.enqueue(image_pk, list(roles))
        except Exception:
            logger.exception("Could not queue the renditions of image %s.", image_pk)

    transaction.on_commit(enqueue, robust=True)


def request_page_renditions(page_pk):
    from home.tasks import generate_page_renditions

    def enqueue():
        try:
            generate_page_renditions.enqueue(page_pk)
        except Exception:
            logger.exception("Could not queue the renditions of page %s.", page_pk)

    transaction.on_commit(enqueue, robust=True)


def _request_once(image, role):
    """Queue the renditions for a reader's request, at most once per picture
    and role while a request stands (shared across processes by the cache)."""
    key = f"renditions-queued:{image.pk}:{image.file.name}:{role.name}"
    try:
        first = cache.add(key, 1, QUEUED_SECONDS)
    except Exception:  # a cache outage must not stop the queueing
        first = True
    if first is not False:
        request_renditions(image.pk, [role.name])


# --- Rendering ---------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def shared_filter(spec):
    """One Wagtail ``Filter`` per spec for the life of the process. A Filter
    parses its spec into operations the first time it is asked (with
    ``inspect.getcallargs`` for each operation), which a list of cards did
    again for every picture; it holds nothing else, and the roles name a few
    dozen specs."""
    return Filter(spec=spec)


def existing_renditions(image, specs):
    """{spec: rendition} for the renditions of ``specs`` that exist, from the
    prefetched renditions, Wagtail's rendition cache or one query. Makes none."""
    rendition_model = image.get_rendition_model()
    filters = [image.clean_filter_for_svg(shared_filter(spec)) for spec in specs]
    found = image.find_existing_renditions(*filters)
    additions = {
        rendition_model.construct_cache_key(image, f.get_cache_key(image), f.spec): rendition
        for f, rendition in found.items()
        if not getattr(rendition, "_from_cache", False)
    }
    if additions:
        rendition_model.cache_backend.set_many(additions)
    return {f.spec: found[f] for f in filters if f in found}


# Complete pictures as HTML, kept in this process for the current page-cache
# generation (home/chrome.py): a list of cards shows the same pictures to
# every reader. Saving an image (a new file, a moved focal point) bumps the
# generation. A stand-in for missing renditions is never kept, so the picture
# shows as soon as the worker has made them. Bounded: past this many, pictures
# are rendered as before.
PICTURES_KEPT = 2000
_pictures_kept = None  # a home.chrome.GenerationMemo, made on first use


def _kept_pictures():
    """The dictionary of pictures for the current generation, or None."""
    from home.chrome import GenerationMemo, current_chrome_generation

    global _pictures_kept
    generation = current_chrome_generation()
    if generation is None:
        return None
    if _pictures_kept is None:
        _pictures_kept = GenerationMemo()
    return _pictures_kept.for_generation(generation)


def forget_kept_pictures():
    if _pictures_kept is not None:
        _pictures_kept.forget()


def _picture_key(image, role, attrs):
    """Everything the HTML of a complete picture depends on."""
    return (
        image.pk,
        image.file.name,
        image.width,
        image.height,
        image.focal_point_x,
        image.focal_point_y,
        image.focal_point_width,
        image.focal_point_height,
        # The alt text: an ImageBlock's flag or text, else the image's own.
        getattr(image, "decorative", None),
        getattr(image, "contextual_alt_text", None),
        image.default_alt_text,
        role.name,
        tuple(sorted((name, str(value)) for name, value in attrs.items())),
    )


def picture_html(image, role, attrs, *, may_generate=False):
    """A ``<picture>`` with AVIF and WebP sources and an ``<img>`` fallback.

    When a rendition is missing and ``may_generate`` is false (a reader's
    request), nothing is made: the renditions are queued for the worker and
    the reader gets a plain ``<img>`` of what exists (the fallback format
    first, every browser reads it), or of a small original, or nothing."""
    kept = _kept_pictures()
    key = None if kept is None else _picture_key(image, role, attrs)
    if key is not None and key in kept:
        return kept[key]
    specs = role.specs(image)
    found = existing_renditions(image, specs)
    if len(found) < len(specs):
        if may_generate:
            found = image.get_renditions(*specs)
        else:
            _request_once(image, role)
            return _stand_in(image, role, found, attrs)
    html = Picture({spec: found[spec] for spec in specs}, dict(attrs)).__html__()
    if key is not None and len(kept) < PICTURES_KEPT:
        kept[key] = html
    return html


def _stand_in(image, role, found, attrs):
    by_format = {}
    for spec, rendition in found.items():
        by_format.setdefault(spec.rsplit("format-", 1)[-1], []).append(rendition)
    for fmt in (role.fallback_format(image), *reversed(role.formats)):
        if by_format.get(fmt):
            renditions = by_format[fmt]
            attrs = dict(attrs)
            if len(renditions) > 1:
                attrs["srcset"] = ", ".join(f"{r.url} {r.width}w" for r in renditions)
            else:
                attrs.pop("sizes", None)
            return renditions[-1].img_tag(attrs)
    if image.file_size and image.file_size <= ORIGINAL_FALLBACK_MAX_BYTES:
        attrs = {key: value for key, value in attrs.items() if key != "sizes"}
        alt = attrs.pop("alt", None)
        if alt is None:  # as a rendition's alt: ImageBlock's decorative flag or alt text first
            if getattr(image, "decorative", False):
                alt = ""
            else:
                alt = getattr(image, "contextual_alt_text", None) or image.default_alt_text
        return format_html(
            "<img{}>",
            mark_safe(  # noqa: S308 - flatatt escapes every value
                flatatt(
                    {
                        "src": image.file.url,
                        "width": image.width,
                        "height": image.height,
                        "alt": alt,
                        **attrs,
                    }
                )
            ),
        )
    return ""


def single_rendition(image, role, *, may_generate=False):
    """The rendition of a single-file role (a video's poster, a link
    preview's picture), or None while it is being made."""
    (spec,) = role.specs(image)
    found = existing_renditions(image, [spec])
    if spec in found:
        return found[spec]
    if may_generate:
        return image.get_renditions(spec)[spec]
    _request_once(image, role)
    return None


# --- When renditions are asked for -------------------------------------------

# Saving these fields alone does not change what a rendition looks like.
_BOOKKEEPING_FIELDS = frozenset({"file_hash", "file_size"})


def on_image_saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
    """A new picture, a replaced file or a moved focal point: make the upload
    roles' renditions in the background."""
    if raw:
        return
    if update_fields is not None and set(update_fields) <= _BOOKKEEPING_FIELDS:
        return
    request_renditions(instance.pk, upload_roles())


def on_page_published(sender, instance, **kwargs):
    request_page_renditions(instance.pk)


def connect_signals():
    from django.db.models.signals import post_save

    from wagtail.images import get_image_model
    from wagtail.signals import page_published

    post_save.connect(on_image_saved, sender=get_image_model(), dispatch_uid="image-renditions")
    page_published.connect(on_page_published, dispatch_uid="page-renditions")
