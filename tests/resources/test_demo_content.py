"""The resources app's demo content (resources/demo_content/) loads into its place in the tree."""

from wagtail.models import Page

import pytest

pytestmark = pytest.mark.django_db


def test_its_area_is_in_the_demo_tree_and_in_the_menu(demo_site, client):
    page = Page.objects.live().get(url_path__endswith="/resources/", depth=3).specific
    assert page._meta.label == "resources.ResourceIndexPage"
    assert page.show_in_menus
    response = client.get("/resources/")
    assert response.status_code == 200
    assert 'href="/resources/"' in response.content.decode().split("</header>")[0]
