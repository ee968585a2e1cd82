"""The community app's demo content (community/demo_content/) loads into its place in the tree."""

from wagtail.models import Page

import pytest

pytestmark = pytest.mark.django_db


def test_its_area_is_in_the_demo_tree_and_in_the_menu(demo_site, client):
    page = Page.objects.live().get(url_path__endswith="/community/", depth=3).specific
    assert page._meta.label == "community.CommunityLandingPage"
    assert page.show_in_menus
    response = client.get("/community/")
    assert response.status_code == 200
    assert 'href="/community/"' in response.content.decode().split("</header>")[0]
