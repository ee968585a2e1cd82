"""The demo tree is loaded once and shared (tests/demo_tree.py): a test that
changes it must not leak into the next. The tests here run in this order (the
demo tests are grouped, keeping their order): the first changes the demo, the
second sees it whole again."""

from django.conf import settings
from django.core.files.storage import default_storage

from wagtail.images import get_image_model
from wagtail.models import Page

import pytest

from home.models import AgeBand

pytestmark = pytest.mark.django_db

ABOUT = "/about/"


def demo_state():
    """What a change to the demo would show in: pages, their titles, the bands."""
    return {
        "pages": sorted(Page.objects.values_list("url_path", "title")),
        "bands": list(AgeBand.objects.values_list("name", flat=True)),
    }


def test_a_test_that_changes_the_demo(demo_site, client):
    about = Page.objects.get(url_path__endswith=ABOUT)
    about.title = "Changed by a test"
    about.save()
    Page.objects.get(url_path__endswith="/get-help/").delete()
    AgeBand.objects.filter(slug="4-7").update(name="Changed by a test")
    assert client.get("/get-help/").status_code == 404


def test_the_next_test_sees_the_demo_whole(demo_site, client):
    state = demo_state()
    assert all(title != "Changed by a test" for _, title in state["pages"])
    assert any(path.endswith(ABOUT) for path, _ in state["pages"])
    assert any(path.endswith("/get-help/") for path, _ in state["pages"])
    assert state["bands"]
    assert "Changed by a test" not in state["bands"]
    assert client.get("/get-help/").status_code == 200


def test_the_demo_pictures_are_where_the_test_stores_media(demo_site):
    images = get_image_model().objects.all()
    assert images.exists()
    for image in images:
        assert default_storage.exists(image.file.name), image.file.name
        assert str(default_storage.path(image.file.name)).startswith(str(settings.MEDIA_ROOT))


def test_a_test_without_the_demo_has_an_empty_tree(db):
    assert not AgeBand.objects.exists()
    assert Page.objects.filter(depth__gt=2).count() == 0
