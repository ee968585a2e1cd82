"""Copy that mentions an editable setting reads the setting: change it, and the page follows."""

from django.urls import path

import pytest

from config import urls as site_urls
from home import views as home_views
from home.models import SafetySettings

pytestmark = pytest.mark.django_db


def change_safety_settings(site, **values):
    safety = SafetySettings.for_site(site)
    for name, value in values.items():
        setattr(safety, name, value)
    safety.save()


def test_the_search_page_gives_the_help_numbers_from_the_settings(client, demo_site):
    change_safety_settings(demo_site, childline_number="0800 2222", emergency_number="112")
    html = client.get("/search/", {"q": "zzzqqq"}).content.decode()
    assert "No results for “zzzqqq”" in html
    assert (
        "<p>Try fewer or different words. If you need help now, call Childline on 0800 2222 "
        "or, in an emergency, 112.</p>"
    ) in html
    main = html.split('id="main-content"')[1].split("</main>")[0]
    assert "0800 1111" not in main
    assert "999" not in main


def test_the_safety_note_names_the_exit_destination_from_the_settings(client, demo_site):
    change_safety_settings(
        demo_site,
        exit_url="https://www.example.com/recipes",
        exit_destination_label="a recipe page",
    )
    html = client.get("/young-people/11-13/").content.decode()
    note = html.split("data-safety-intro>")[1].split("</aside>")[0]
    assert "It takes you to a recipe page straight away." in note
    assert "weather" not in html


def test_the_exit_destination_label_has_a_default_and_help_for_editors():
    field = SafetySettings._meta.get_field("exit_destination_label")
    assert SafetySettings().exit_destination_label == "a weather page"
    assert field.help_text.endswith(".")
    assert "exit address" in field.help_text


def test_the_default_safety_note_reads_as_before(client, demo_site):
    html = client.get("/young-people/").content.decode()
    assert (
        "at the top, or press <kbd>Shift</kbd> three times. It takes you to a weather page "
        "straight away.</p>"
    ) in html


# The site's URLs with search moved to /find/, for the next test.
urlpatterns = [
    path("find/", home_views.search, name="search"),
    *[pattern for pattern in site_urls.urlpatterns if getattr(pattern, "name", None) != "search"],
]


def test_search_forms_follow_the_search_url(client, demo_site, settings):
    settings.ROOT_URLCONF = __name__
    for url in ("/", "/parents-and-carers/", "/find/?q=friends"):
        html = client.get(url).content.decode()
        assert 'action="/find/"' in html, url
        assert 'action="/search/"' not in html, url
