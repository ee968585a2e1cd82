"""The pictures the demo loader draws, and how the loader finds them in the YAML."""

import io
import shutil

from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.models import Page, Revision

import pytest
from PIL import Image

from home.demo_content.loader import (
    PICTURE_CREDIT,
    DemoContentError,
    DemoContentLoader,
    content_dirs,
)
from home.demo_content.pictures import PICTURES, SIZE, picture_png, picture_title
from home.models import ContentPage
from home.models.media import ImageLicence
from home.uploads import screen_image

# The slugs every content helper may write where an image goes.
REQUIRED_SLUGS = {
    "trusted-adult",
    "phone-message",
    "speech-bubbles",
    "heart",
    "shield",
    "house",
    "stop-hand",
    "question",
    "gift",
    "lock",
    "map-pin",
    "bus",
    "taxi",
    "shop",
    "hotel-bed",
    "school",
    "phone-call",
    "eye",
    "clipboard",
    "friends",
    "worried-face",
    "happy-face",
    "calendar",
    "door",
}


def test_every_promised_picture_exists():
    assert set(PICTURES) >= REQUIRED_SLUGS


@pytest.mark.parametrize("slug", sorted(REQUIRED_SLUGS))
def test_each_picture_draws_a_square_png_the_same_way_every_time(slug):
    data = picture_png(slug)
    with Image.open(io.BytesIO(data)) as image:
        image.verify()
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        assert image.size == (SIZE, SIZE)
        # Not a blank canvas: a drawing has shapes in several colours.
        assert len(image.convert("RGB").getcolors(maxcolors=SIZE * SIZE)) > 8
    assert picture_png.__wrapped__(slug) == data  # drawn again, not from the cache


@pytest.mark.parametrize("slug", sorted(REQUIRED_SLUGS))
def test_each_picture_has_alt_text_that_says_what_it_shows(slug):
    alt_text = PICTURES[slug].alt_text
    assert alt_text.strip() == alt_text
    assert 3 <= len(alt_text.split()) <= 25
    assert alt_text[0].isupper() and alt_text.endswith(".")
    # Alt text describes; it does not announce that it is a picture.
    assert not alt_text.lower().startswith(("image of", "picture of", "an image", "a picture"))


def test_a_slug_in_a_foreign_key_to_the_image_model_becomes_a_stored_picture(db):
    from resources.models import ResourcePage

    values, _streams, _many = DemoContentLoader().wanted(ResourcePage, {"image": "heart"})
    image = get_image_model().objects.get(pk=values["image_id"])
    assert image.title == picture_title("heart") == "Heart"
    assert image.description == PICTURES["heart"].alt_text
    assert image.credit == PICTURE_CREDIT == "Drawn for Clearsight"
    assert image.licence == ImageLicence.OWN_WORK
    assert (image.width, image.height) == (SIZE, SIZE)
    assert image.file_size == image.file.size and len(image.file_hash) == 40


def test_a_slug_in_an_image_chooser_block_becomes_a_stored_picture(db):
    image_id = DemoContentLoader().resolve_block(ImageChooserBlock(), "calendar")
    assert get_image_model().objects.get(pk=image_id).title == "Calendar"


def test_an_image_block_takes_the_pictures_alt_text_unless_the_yaml_gives_one(db):
    loader = DemoContentLoader()
    block = ImageBlock()
    block.set_name("image")
    plain = loader.resolve_block(block, "trusted-adult")
    given = loader.resolve_block(block, {"image": "trusted-adult", "alt_text": "Mia and her aunt."})
    decorative = loader.resolve_block(block, {"image": "trusted-adult", "decorative": True})
    image = get_image_model().objects.get()
    assert plain == {
        "image": image.pk,
        "alt_text": PICTURES["trusted-adult"].alt_text,
        "decorative": False,
    }
    assert given == {"image": image.pk, "alt_text": "Mia and her aunt.", "decorative": False}
    assert decorative == {"image": image.pk, "alt_text": "", "decorative": True}


def test_an_integer_is_still_an_image_id(db):
    from wagtail_factories import ImageFactory

    existing = ImageFactory(licence=ImageLicence.OWN_WORK)
    loader = DemoContentLoader()
    block = ImageBlock()
    block.set_name("image")
    assert loader.resolve_block(ImageChooserBlock(), existing.pk) == existing.pk
    assert loader.resolve_block(block, {"image": existing.pk}) == {
        "image": existing.pk,
        "alt_text": existing.default_alt_text,
        "decorative": False,
    }
    assert get_image_model().objects.count() == 1


def test_an_unknown_picture_is_a_clear_error(db):
    with pytest.raises(DemoContentError) as raised:
        DemoContentLoader().resolve_block(ImageChooserBlock(), "unicorn")
    assert str(raised.value).startswith(
        "The demo content names the picture 'unicorn', which the loader cannot draw. Pictures: "
    )
    assert "trusted-adult" in str(raised.value)
    assert not get_image_model().objects.exists()


def test_an_image_block_with_an_unknown_field_is_a_clear_error(db):
    block = ImageBlock()
    block.set_name("image")
    with pytest.raises(DemoContentError, match="has no field named alt"):
        DemoContentLoader().resolve_block(block, {"image": "heart", "alt": "A heart."})


def test_a_stored_picture_is_metadata_free_and_screened(db, monkeypatch):
    from home.demo_content import loader as loader_module

    screened = []

    def screen(file):
        screened.append(file.name)
        return screen_image(file)

    monkeypatch.setattr(loader_module, "screen_image", screen)
    image = DemoContentLoader()._image(get_image_model(), "eye")
    assert screened == ["eye.png"]
    with image.open_file() as handle, Image.open(handle) as stored:
        assert stored.format == "PNG"
        assert not {"icc_profile", "exif", "dpi", "Software"} & set(stored.info)
    assert image.file.name.startswith("original_images/eye")


def _folders_with_picture_page(tmp_path):
    """The demo content, plus a page whose Easy Read lines name pictures."""
    folders = []
    for n, folder in enumerate(content_dirs()):
        copy = tmp_path / f"demo-{n}"
        shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
        folders.append(copy)
    extra = tmp_path / "pictures" / "pages"
    extra.mkdir(parents=True)
    (extra / "99-pictures.yaml").write_text(
        """
- path: about/pictures
  type: home.ContentPage
  title: Pictures
  search_description: A page of pictures.
  intro: Pictures that the loader draws.
  body:
    - type: easy_read
      value:
        heading: Telling someone
        lines:
          - {image: trusted-adult, text: You can tell a grown-up you trust.}
          - {image: {image: phone-call, alt_text: A phone ringing.}, text: You can call Childline.}
          - {image: trusted-adult, text: They will listen to you.}
""",
        encoding="utf-8",
    )
    return [*folders, tmp_path / "pictures"]


def test_pictures_in_the_yaml_load_once_and_a_second_load_changes_nothing(tmp_path, db, client):
    folders = _folders_with_picture_page(tmp_path)
    first = DemoContentLoader(folders).load()
    assert {"picture:trusted-adult", "picture:phone-call"} <= set(first.created)
    images = get_image_model().objects.filter(credit=PICTURE_CREDIT)
    # Each picture is stored once, whatever else the demo content draws.
    titles = list(images.values_list("title", flat=True))
    assert {"Phone call", "Trusted adult"} <= set(titles)
    assert len(titles) == len(set(titles))

    page = ContentPage.objects.get(slug="pictures")
    lines = page.body[0].value["lines"]
    assert [line["image"].title for line in lines] == [
        "Trusted adult",
        "Phone call",
        "Trusted adult",
    ]
    assert lines[0]["image"].contextual_alt_text == PICTURES["trusted-adult"].alt_text
    assert lines[1]["image"].contextual_alt_text == "A phone ringing."
    html = client.get(page.url).content.decode()
    assert f'alt="{PICTURES["trusted-adult"].alt_text}"' in html

    counts = (Page.objects.count(), Revision.objects.count(), images.count())
    files = sorted(image.file.name for image in images)
    second = DemoContentLoader(folders).load()
    assert not second.changed, (second.created, second.updated)
    assert {"picture:trusted-adult", "picture:phone-call"} <= set(second.unchanged)
    assert (Page.objects.count(), Revision.objects.count(), images.count()) == counts
    assert sorted(image.file.name for image in images) == files


def test_an_edited_picture_is_brought_back_in_line(tmp_path, db):
    folders = _folders_with_picture_page(tmp_path)
    DemoContentLoader(folders).load()
    image = get_image_model().objects.get(title="Phone call")
    image.description = "Changed by hand"
    image.save()
    report = DemoContentLoader(folders).load()
    assert report.updated == ["picture:phone-call"]
    image.refresh_from_db()
    assert image.description == PICTURES["phone-call"].alt_text
    assert get_image_model().objects.filter(title="Phone call").count() == 1
