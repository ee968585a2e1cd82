"""Formats are data editors manage in the admin, like topics."""

import pytest

from resources.models import Format

pytestmark = pytest.mark.django_db


def test_editors_add_a_format_in_the_admin(admin_client):
    listing = admin_client.get("/admin/snippets/resources/format/")
    assert listing.status_code == 200
    response = admin_client.post(
        "/admin/snippets/resources/format/add/",
        {
            "name": "Podcast",
            "slug": "podcast",
            "description": "Something to listen to.",
            "sort_order": 10,
        },
    )
    assert response.status_code == 302
    assert Format.objects.get(slug="podcast").name == "Podcast"


def test_formats_are_listed_with_the_other_snippets(admin_client):
    html = admin_client.get("/admin/snippets/").content.decode()
    assert 'href="/admin/snippets/resources/format/"' in html
