"""The read-only JSON API of published resources (/api/v2/resources/)."""

import pytest

from tests.resources.visibility_tree import HIDDEN_TITLES, build_library, restrict

pytestmark = pytest.mark.django_db

URL = "/api/v2/resources/"


@pytest.fixture
def library(home_page):
    return build_library(home_page)


def titles(response):
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def test_lists_visible_resources_newest_change_first(client, library):
    response = client.get(URL)
    assert titles(response) == ["Online guide zebra", "Grooming poster zebra"]
    assert response.json()["meta"]["total_count"] == 2


def test_drafts_private_pages_and_other_sites_never_appear(client, library, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "other.example"]
    index, pages = library
    restrict(pages["poster"])
    assert titles(client.get(URL)) == ["Online guide zebra"]
    assert titles(client.get(URL, {"audience": "parents-and-carers"})) == ["Online guide zebra"]
    # Not even asked for by another site's address: that site's list is its own.
    assert titles(client.get(URL, HTTP_HOST="other.example")) == ["Other site zebra"]
    body = client.get(URL).content.decode()
    for title in HIDDEN_TITLES:
        assert title not in body


def test_detail_of_a_hidden_page_is_404(client, library):
    from resources.models import ResourcePage

    for title in HIDDEN_TITLES:
        page = ResourcePage.objects.get(title=title)
        assert client.get(f"{URL}{page.pk}/").status_code == 404, title
    restricted = library[1]["poster"]
    restrict(restricted)
    assert client.get(f"{URL}{restricted.pk}/").status_code == 404


def test_wagtails_own_scope_parameters_are_refused(client, library):
    """`site`, `child_of`, `type` and the like could widen the list; they are not offered."""
    for name, value in [("site", "other.example"), ("child_of", "1"), ("type", "home.Page")]:
        response = client.get(URL, {name: value})
        assert response.status_code == 400, name
        assert "Other site zebra" not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"audience": "parents-and-carers"}, ["Online guide zebra"]),
        ({"audience": "young-people"}, ["Grooming poster zebra"]),
        ({"age_band": "11-13"}, ["Online guide zebra"]),
        ({"age_band": "14-17"}, ["Grooming poster zebra"]),
        ({"topic": "online-safety"}, ["Online guide zebra"]),
        ({"topic": "grooming"}, ["Grooming poster zebra"]),
        ({"format": "guide"}, ["Online guide zebra"]),
        ({"format": "poster"}, ["Grooming poster zebra"]),
        ({"easy_read": "true"}, ["Online guide zebra"]),
        ({"co_created": "false"}, ["Grooming poster zebra"]),
        (
            {
                "audience": "parents-and-carers",
                "age_band": "11-13",
                "topic": "online-safety",
                "format": "guide",
            },
            ["Online guide zebra"],
        ),
        ({"audience": "parents-and-carers", "format": "poster"}, []),
        ({"topic": "no-such-topic"}, []),
    ],
)
def test_filters_by_slug_alone_and_combined(client, library, params, expected):
    assert titles(client.get(URL, params)) == expected


def test_a_bad_parameter_is_a_clear_400(client, library):
    response = client.get(URL, {"colour": "blue"})
    assert response.status_code == 400
    assert "colour" in response.json()["message"]
    assert client.get(URL, {"easy_read": "maybe"}).status_code == 400


def test_the_fields(client, library):
    item = client.get(URL, {"format": "guide"}).json()["items"][0]
    page = library[1]["guide"]
    assert item["title"] == "Online guide zebra"
    assert item["summary"] == "What to do about messages <that worry you> & who to tell."
    assert item["url"] == "http://testserver/resources/online-guide/"
    assert item["format"] == {"slug": "guide", "name": "Guide"}
    assert item["age_bands"] == [{"slug": "11-13", "name": "Ages 11 to 13"}]
    assert item["audiences"] == [{"slug": "parents-and-carers", "name": "Parents and carers"}]
    assert item["topics"] == [{"slug": "online-safety", "name": "Online safety"}]
    assert item["easy_read"] is True
    assert item["co_created"] is True
    assert item["meta"]["first_published_at"]
    assert item["meta"]["last_published_at"].startswith(page.last_published_at.date().isoformat())
    detail = client.get(item["meta"]["detail_url"]).json()
    assert detail["title"] == item["title"]
    assert detail["url"] == item["url"]
    assert detail["format"] == item["format"]
    assert "body" not in detail  # only the fields partner sites need


def test_read_only_and_cookie_free(client, library):
    response = client.get(URL)
    assert response["Content-Type"] == "application/json"
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    for method in (client.post, client.put, client.patch, client.delete, client.options):
        assert method(URL).status_code == 405, method


def test_the_format_filter_is_never_read_as_a_renderer(client, library):
    response = client.get(URL, {"format": "api"})
    assert response["Content-Type"] == "application/json"
    assert titles(response) == []


def test_page_size_is_capped(client, library, settings):
    settings.WAGTAILAPI_LIMIT_MAX = 1
    assert client.get(URL, {"limit": "1"}).status_code == 200
    assert client.get(URL, {"limit": "2"}).status_code == 400


def test_clients_are_rate_limited(client, library, settings):
    settings.API_RATE_LIMIT = "2/m"
    assert client.get(URL).status_code == 200
    assert client.get(URL).status_code == 200
    response = client.get(URL)
    assert response.status_code == 429
    assert response["Retry-After"] == str(settings.RATELIMIT_RETRY_AFTER)


def test_a_constant_number_of_queries(client, library, django_assert_max_num_queries):
    from resources.factories import ResourcePageFactory

    index = library[0]
    client.get(URL)
    with django_assert_max_num_queries(12):
        client.get(URL)
    audience = library[1]["guide"].audiences.get()
    for n in range(15):
        ResourcePageFactory(parent=index, slug=f"more-{n}", audiences=[audience])
    with django_assert_max_num_queries(12):
        assert len(titles(client.get(URL, {"limit": "20"}))) == 17
