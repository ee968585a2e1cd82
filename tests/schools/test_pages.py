"""The schools area's page types: where each may sit, and /schools/ itself."""

from wagtail.test.utils import WagtailPageTestCase

import pytest
from bs4 import BeautifulSoup

from home.factories import ContentPageFactory
from home.models import ContentPage, HomePage
from schools.factories import (
    LessonPackIndexPageFactory,
    SchoolsLandingPageFactory,
    SchoolToolkitPageFactory,
)
from schools.models import (
    LessonPackIndexPage,
    LessonPackPage,
    SchoolsLandingPage,
    SchoolToolkitPage,
)
from tests.page_resources import inline_code


class SchoolsLandingPageTreeTests(WagtailPageTestCase):
    def test_it_sits_once_under_the_home_page_and_holds_content_pages(self):
        self.assertAllowedParentPageTypes(SchoolsLandingPage, {HomePage})
        self.assertAllowedSubpageTypes(
            SchoolsLandingPage, {ContentPage, LessonPackIndexPage, SchoolToolkitPage}
        )
        self.assertEqual(SchoolsLandingPage.max_count_per_parent, 1)

    def test_the_home_page_and_content_pages_accept_it_without_naming_it(self):
        self.assertCanCreateAt(HomePage, SchoolsLandingPage)
        self.assertCanCreateAt(SchoolsLandingPage, ContentPage)
        self.assertNotIn("schools", " ".join(HomePage.subpage_types))


class LessonPackIndexPageTreeTests(WagtailPageTestCase):
    def test_it_sits_once_under_schools_and_holds_only_lesson_packs(self):
        self.assertAllowedParentPageTypes(LessonPackIndexPage, {SchoolsLandingPage})
        self.assertAllowedSubpageTypes(LessonPackIndexPage, {LessonPackPage})
        self.assertEqual(LessonPackIndexPage.max_count_per_parent, 1)
        self.assertCanCreateAt(SchoolsLandingPage, LessonPackIndexPage)
        self.assertCanNotCreateAt(HomePage, LessonPackIndexPage)


class LessonPackPageTreeTests(WagtailPageTestCase):
    def test_a_pack_sits_only_in_the_library_and_has_no_children(self):
        self.assertAllowedParentPageTypes(LessonPackPage, {LessonPackIndexPage})
        self.assertAllowedSubpageTypes(LessonPackPage, set())
        self.assertCanCreateAt(LessonPackIndexPage, LessonPackPage)
        self.assertCanNotCreateAt(SchoolsLandingPage, LessonPackPage)
        self.assertCanNotCreateAt(HomePage, LessonPackPage)
        self.assertCanNotCreateAt(LessonPackPage, ContentPage)


class SchoolToolkitPageTreeTests(WagtailPageTestCase):
    def test_a_toolkit_sits_under_schools_and_has_no_children(self):
        self.assertAllowedParentPageTypes(SchoolToolkitPage, {SchoolsLandingPage})
        self.assertAllowedSubpageTypes(SchoolToolkitPage, set())
        self.assertCanCreateAt(SchoolsLandingPage, SchoolToolkitPage)
        self.assertCanNotCreateAt(LessonPackIndexPage, SchoolToolkitPage)
        self.assertCanNotCreateAt(SchoolToolkitPage, ContentPage)


# --- /schools/ -----------------------------------------------------------------------


@pytest.fixture
def schools_area(home_page, settings):
    settings.PAGE_CACHE_SECONDS = 0
    schools = SchoolsLandingPageFactory(
        parent=home_page, title="Schools", slug="schools", intro="For teachers."
    )
    library = LessonPackIndexPageFactory(parent=schools, slug="lesson-packs", intro="")
    toolkit = SchoolToolkitPageFactory(
        parent=schools, slug="toolkit", summary="Policy, briefing, assembly and letters."
    )
    guide = ContentPageFactory(parent=schools, title="Working with parents", slug="parents")
    return schools, library, toolkit, guide


def sections_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return response, {
        " ".join(section.find("h2").get_text().split()): section
        for section in soup.find("main").find_all("section")
    }


@pytest.mark.django_db
def test_schools_shows_the_library_and_toolkits_then_the_other_pages(client, schools_area):
    schools, library, toolkit, guide = schools_area
    _, sections = sections_of(client, schools.url)
    here = sections["What is here for teachers and school leaders"]
    cards = [(a.get_text(), a["href"]) for a in here.find_all("a", class_="card__link")]
    assert cards == [(library.title, library.url), (toolkit.title, toolkit.url)]
    assert "Filter by key stage" in here.get_text()  # the library's description, when it has none
    assert "Policy, briefing, assembly and letters." in here.get_text()
    more = sections["More for schools"]
    assert [a["href"] for a in more.find_all("a")] == [guide.url]


@pytest.mark.django_db
def test_schools_says_what_professional_access_is_and_links_to_it(client, schools_area):
    schools = schools_area[0]
    response, sections = sections_of(client, schools.url)
    access = sections["Professional access"]
    assert "for verified professionals only" in access.get_text()
    assert "Pupils never need an account." in access.get_text()
    assert [a["href"] for a in access.find_all("a")] == [
        "/professionals/register/",
        "/professionals/sign-in/",
    ]
    assert inline_code(response.content.decode()) == []
    assert "base.html" in [t.name for t in response.templates]


@pytest.mark.django_db
def test_a_library_not_yet_published_is_not_offered(client, schools_area):
    schools, library, toolkit, _ = schools_area
    library.unpublish()
    _, sections = sections_of(client, schools.url)
    here = sections["What is here for teachers and school leaders"]
    assert [a["href"] for a in here.find_all("a")] == [toolkit.url]
