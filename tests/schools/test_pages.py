"""The schools app plugs its area into the tree; the home app never names it."""

from wagtail.test.utils import WagtailPageTestCase

from home.models import ContentPage, HomePage
from schools.models import LessonPackIndexPage, SchoolsLandingPage, SchoolToolkitPage


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
