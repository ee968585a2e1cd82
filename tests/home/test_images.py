"""Pictures in roles (home/images.py): <picture> with AVIF, WebP and a fallback,
renditions made in the background after an upload or a publish, never while a
reader waits, and none of them carrying a photo's metadata."""

import io
import re

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

import pytest
from bs4 import BeautifulSoup
from django_tasks import task_backends
from PIL import Image

from home.blocks import FigureBlock
from home.factories import ContentPageFactory, ImageFactory
from home.images import ROLES, image_role, make_renditions
from home.models import ClearsightImage, ClearsightRendition
from home.page_cache.store import bump_generation, current_generation
from home.tasks import generate_image_renditions, generate_page_renditions
from resources.factories import ResourceIndexPageFactory, ResourcePageFactory
from resources.models import ResourcePage

from . import media_samples as samples

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def render(source, **context):
    request = RequestFactory().get("/")
    return Template("{% load clearsight_images %}" + source).render(
        Context({"request": request, **context})
    )


def png_image(**kwargs):
    return ImageFactory(file=get_test_image_file(), **kwargs)  # 640 x 480 PNG


def jpeg_image(data=None, **kwargs):
    data = data or samples.camera_jpeg(orientation=1, size=(640, 480))
    return ImageFactory(file=ContentFile(data, name="photo.jpg"), **kwargs)


def rendition_files():
    return sorted(rendition.file.name for rendition in ClearsightRendition.objects.order_by("pk"))


# --- Markup ------------------------------------------------------------------


def test_a_picture_offers_avif_then_webp_then_an_img_in_the_fallback_format():
    image = png_image(title="Two friends")
    make_renditions(image, ["figure"])
    html = render('{% role_picture image "figure" %}', image=image)
    soup = BeautifulSoup(html, "html.parser")
    picture = soup.picture
    children = [child.name for child in picture.children]
    assert children == ["source", "source", "img"]
    avif, webp = picture.find_all("source")
    assert avif["type"] == "image/avif" and ".avif 400w" in avif["srcset"]
    assert webp["type"] == "image/webp" and ".webp 400w" in webp["srcset"]
    # The original is 640 wide: Wagtail does not enlarge it for width-800.
    assert ".avif 640w" in avif["srcset"]
    img = picture.img
    assert img["src"].endswith(".png")  # a PNG original keeps a PNG fallback
    assert (img["width"], img["height"]) == ("400", "300")
    assert img["alt"] == "Two friends"
    for element in (avif, webp, img):
        assert element["sizes"] == ROLES["figure"].sizes
    assert img["loading"] == "lazy" and img["decoding"] == "async"
    assert not img.has_attr("fetchpriority")


def test_a_role_parses_its_filter_specs_once_per_process(monkeypatch):
    """Each picture of a list asks for the same specs: Wagtail parses a spec
    (its operations, from the `register_image_operations` hook) once, not once
    per picture and per request."""
    from wagtail import hooks

    first, second = png_image(title="One"), png_image(title="Two")
    make_renditions(first, ["card"])
    make_renditions(second, ["card"])
    render('{% role_picture image "card" %}', image=first)
    asked = []
    get_hooks = hooks.get_hooks

    def counting_get_hooks(name):
        asked.append(name)
        return get_hooks(name)

    monkeypatch.setattr(hooks, "get_hooks", counting_get_hooks)
    html = render('{% role_picture image "card" %}', image=second)
    assert "<picture>" in html and ".avif 80w" in html
    assert "register_image_operations" not in asked


# --- Kept per generation ----------------------------------------------------------------


def count_lookups(monkeypatch):
    """How many times a picture's renditions are looked for from now on."""
    import home.images

    calls = []
    lookup = home.images.existing_renditions

    def counting(*args, **kwargs):
        calls.append(args)
        return lookup(*args, **kwargs)

    monkeypatch.setattr(home.images, "existing_renditions", counting)
    return calls


def test_a_complete_picture_is_rendered_once_per_generation(monkeypatch):
    current_generation()
    image = png_image(title="Two friends")
    make_renditions(image, ["card"])
    lookups = count_lookups(monkeypatch)
    first = render('{% role_picture image "card" class="card__picture" %}', image=image)
    again = render('{% role_picture image "card" class="card__picture" %}', image=image)
    assert again == first and "<picture>" in first
    assert len(lookups) == 1
    bump_generation()  # a change anywhere: rendered afresh
    assert render('{% role_picture image "card" class="card__picture" %}', image=image) == first
    assert len(lookups) == 2


def test_a_kept_picture_follows_its_alt_text_and_attributes():
    current_generation()
    image = png_image(title="Two friends")
    make_renditions(image, ["card"])
    own = render('{% role_picture image "card" %}', image=image)
    silent = render('{% role_picture image "card" alt="" %}', image=image)
    assert 'alt="Two friends"' in own
    assert 'alt=""' in silent and "Two friends" not in silent
    first = render('{% role_picture image "card" first=True %}', image=image)
    assert 'fetchpriority="high"' in first and 'loading="lazy"' not in first


def test_a_stand_in_is_not_kept_so_the_picture_shows_once_made(settings):
    settings.TASKS = DUMMY_TASKS
    current_generation()
    image = png_image(title="Two friends")
    assert "<picture>" not in render('{% role_picture image "card" %}', image=image)
    make_renditions(image, ["card"])  # the worker
    assert "<picture>" in render('{% role_picture image "card" %}', image=image)


def test_a_jpeg_original_falls_back_to_jpeg():
    image = jpeg_image()
    make_renditions(image, ["card"])
    img = BeautifulSoup(
        render('{% role_picture image "card" alt="" %}', image=image), "html.parser"
    ).img
    assert re.search(r"\.jpg$", img["src"])
    assert img["alt"] == ""
    assert (img["width"], img["height"]) == ("80", "80")


def test_the_first_picture_of_a_page_is_fetched_at_once_not_lazily():
    image = png_image()
    make_renditions(image, ["resource"])
    img = BeautifulSoup(
        render('{% role_picture image "resource" first=True %}', image=image), "html.parser"
    ).img
    assert img["fetchpriority"] == "high"
    assert not img.has_attr("loading")
    assert not img.has_attr("decoding")


def test_an_image_block_keeps_its_alt_text_or_its_decorative_flag():
    image = png_image(title="The file's title")
    make_renditions(image, ["figure"])
    block = FigureBlock()
    for given, decorative, shown in [("A poster", False, "A poster"), ("", True, "")]:
        value = block.to_python(
            {"image": {"image": image.pk, "alt_text": given, "decorative": decorative}}
        )
        img = BeautifulSoup(block.render(value), "html.parser").img
        assert img["alt"] == shown


# --- Never while a reader waits ----------------------------------------------


def test_a_missing_rendition_is_queued_not_made_during_a_readers_request(
    client, demo_site, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DUMMY_TASKS
    settings.PAGE_CACHE_SECONDS = 0
    page = ResourcePage.objects.live().filter(image__isnull=False).order_by("pk").first()
    ClearsightRendition.objects.all().delete()
    cache.clear()
    media = settings.MEDIA_ROOT
    files_before = sorted(p.name for p in (media / "images").iterdir())

    with django_capture_on_commit_callbacks(execute=True):
        html = client.get(page.url).content.decode()

    assert ClearsightRendition.objects.count() == 0
    assert sorted(p.name for p in (media / "images").iterdir()) == files_before
    assert "<source" not in html
    queued = list(task_backends["default"].results)
    asked = {(r.task.name, r.args[0], tuple(r.args[1])) for r in queued}
    assert ("generate_image_renditions", page.image_id, ("resource",)) in asked
    # Asked once for each picture and role, however many readers ask meanwhile.
    with django_capture_on_commit_callbacks(execute=True):
        client.get(page.url)
    assert len(task_backends["default"].results) == len(queued)

    for result in list(queued):  # the worker
        result.task.call(*result.args, **result.kwargs)
    cache.clear()
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    picture = soup.select_one(".resource__about picture")
    assert [s["type"] for s in picture.find_all("source")] == ["image/avif", "image/webp"]
    assert "resource__picture" in picture.img["class"]


def test_the_page_cache_warmer_may_make_missing_renditions():
    """The warmer stores what readers get: it is a background job, so it makes
    what is missing rather than storing a page without its pictures."""
    from home.page_cache.rules import WARMING_ATTR

    image = png_image()
    request = RequestFactory().get("/")
    setattr(request, WARMING_ATTR, 1)
    html = Template('{% load clearsight_images %}{% role_picture image "card" %}').render(
        Context({"request": request, "image": image})
    )
    assert 'type="image/avif"' in html
    assert image.renditions.count() == len(image_role("card").specs(image))


# --- Made in the background --------------------------------------------------


def test_uploading_a_picture_makes_its_upload_renditions_without_metadata(
    admin_client, django_capture_on_commit_callbacks
):
    upload = ContentFile(samples.camera_jpeg(orientation=1, size=(640, 480)), name="holiday.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("wagtailimages:add"),
            {
                "title": "Our poster",
                "licence": "own-work",
                "collection": Collection.get_first_root_node().pk,
                "file": upload,
            },
        )
    assert response.status_code == 302
    image = ClearsightImage.objects.get()
    expected = {spec for name in ("card", "resource") for spec in ROLES[name].specs(image)}
    made = set(image.renditions.values_list("filter_spec", flat=True))
    assert expected <= made
    for rendition in image.renditions.all():
        assert_no_metadata(rendition)


def assert_no_metadata(
    rendition, keys=("exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile")
):
    with rendition.file.open("rb") as handle:
        data = handle.read()
    picture = Image.open(io.BytesIO(data))
    assert len(picture.getexif()) == 0, rendition.filter_spec
    for key in keys:
        assert key not in picture.info, (rendition.filter_spec, key)
    for marker in samples.METADATA_MARKERS:
        assert marker not in data, (rendition.filter_spec, marker)


def test_avif_and_webp_renditions_carry_no_metadata_even_from_an_unscreened_original():
    """Willow copies EXIF into JPEG and PNG renditions (the upload screening
    strips the original for that); AVIF and WebP, what browsers fetch, never
    carry it, even from a file stored without the screening. (An sRGB colour
    profile can pass into WebP from such a file: the screening drops it too.)"""
    image = jpeg_image(samples.camera_jpeg(orientation=1, size=(640, 480)))
    with image.file.open("rb") as handle:
        assert samples.SERIAL.encode() in handle.read()  # the original still has it
    make_renditions(image, ["figure"])
    modern = image.renditions.filter(filter_spec__regex=r"format-(avif|webp)$")
    assert modern.count() == 4
    for rendition in modern:
        assert_no_metadata(rendition, keys=("exif", "xmp", "XML:com.adobe.xmp", "comment"))


def test_publishing_a_page_makes_the_renditions_of_the_roles_it_uses(
    home_page, django_capture_on_commit_callbacks
):
    figure, card = png_image(), png_image()
    page = ContentPageFactory(parent=home_page)
    page.body = [
        (
            "image",
            FigureBlock().to_python(
                {"image": {"image": figure.pk, "alt_text": "A map", "decorative": False}}
            ),
        )
    ]
    page.save()
    ClearsightRendition.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert set(figure.renditions.values_list("filter_spec", flat=True)) == set(
        ROLES["figure"].specs(figure)
    )
    assert not card.renditions.exists()


def test_the_tasks_skip_what_is_gone_and_what_exists(home_page):
    image = png_image()
    assert generate_image_renditions.call(image.pk, ["card"]) == 6
    assert generate_image_renditions.call(image.pk, ["card"]) == 0
    assert generate_image_renditions.call(image.pk + 1000, ["card"]) == 0
    assert generate_page_renditions.call(home_page.pk + 1000) == 0


def test_generate_renditions_makes_every_missing_one(home_page):
    from django.core.management import call_command

    image = png_image()
    index = ResourceIndexPageFactory(parent=home_page)
    ResourcePageFactory(parent=index, image=image)
    ClearsightRendition.objects.all().delete()
    out = io.StringIO()
    call_command("generate_renditions", stdout=out)
    made = set(image.renditions.values_list("filter_spec", flat=True))
    roles = ("card", "resource", "share")  # ResourcePage.image_field_roles
    assert made == {spec for name in roles for spec in ROLES[name].specs(image)}
    assert "Renditions: 13 made." in out.getvalue()


def test_generate_renditions_takes_a_shared_picture_once_however_many_pages_show_it(
    home_page, monkeypatch
):
    from django.core.management import call_command

    from home import images

    image = png_image()
    index = ResourceIndexPageFactory(parent=home_page)
    for number in range(5):
        ResourcePageFactory(parent=index, image=image, slug=f"shared-{number}")
    calls = []
    make = images.make_renditions
    monkeypatch.setattr(
        images,
        "make_renditions",
        lambda img, roles: calls.append((img.pk, roles)) or make(img, roles),
    )
    call_command("generate_renditions", stdout=io.StringIO())
    mine = [roles for pk, roles in calls if pk == image.pk]
    assert len(mine) == 1  # once, with every role any page shows it in
    assert set(mine[0]) >= {"card", "resource", "share"}


# --- Queries -----------------------------------------------------------------


def test_a_list_of_cards_with_pictures_costs_the_same_queries_however_long(
    client, home_page, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    index = ResourceIndexPageFactory(parent=home_page, title="Resources", slug="resources")

    def add(count):
        for _ in range(count):
            image = png_image()
            make_renditions(image, ["card"])
            ResourcePageFactory(parent=index, image=image)

    def cards():
        ClearsightRendition.cache_backend.clear()  # only the prefetch may help
        with CaptureQueriesContext(connection) as captured:
            soup = BeautifulSoup(client.get("/resources/").content, "html.parser")
        pictures = soup.select(".card picture")
        assert all(p.select_one('source[type="image/avif"]') for p in pictures)
        return len(pictures), len(captured)

    add(2)
    cards()  # the per-site caches (settings, menus) are filled once
    two, queries_at_two = cards()
    add(8)
    ten, queries_at_ten = cards()
    assert (two, ten) == (2, 10)
    assert queries_at_ten == queries_at_two
