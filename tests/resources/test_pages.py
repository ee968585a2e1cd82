"""The resources app plugs its area into the tree; the home app never names it."""

from wagtail.test.utils import WagtailPageTestCase

from home.models import ContentPage, HomePage
from resources.models import ResourceIndexPage, ResourcePage


class ResourceIndexPageTreeTests(WagtailPageTestCase):
    def test_it_sits_once_under_the_home_page_and_holds_content_pages(self):
        self.assertAllowedParentPageTypes(ResourceIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ResourceIndexPage, {ResourcePage, ContentPage})
        self.assertEqual(ResourceIndexPage.max_count_per_parent, 1)

    def test_the_home_page_and_content_pages_accept_it_without_naming_it(self):
        self.assertCanCreateAt(HomePage, ResourceIndexPage)
        self.assertCanCreateAt(ResourceIndexPage, ContentPage)
        self.assertNotIn("resources", " ".join(HomePage.subpage_types))
