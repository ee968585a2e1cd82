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


class ResourcePageTreeTests(WagtailPageTestCase):
    def test_a_resource_sits_only_in_the_library_and_has_no_children(self):
        self.assertAllowedParentPageTypes(ResourcePage, {ResourceIndexPage})
        self.assertAllowedSubpageTypes(ResourcePage, set())

    def test_a_resource_cannot_go_anywhere_else(self):
        self.assertCanNotCreateAt(HomePage, ResourcePage)
        self.assertCanNotCreateAt(ContentPage, ResourcePage)
        self.assertCanNotCreateAt(ResourcePage, ContentPage)
        self.assertCanCreateAt(ResourceIndexPage, ResourcePage)

    def test_it_is_listed_as_a_material(self):
        self.assertIs(ResourcePage.listed_as_material, True)
        self.assertFalse(getattr(ResourceIndexPage, "listed_as_material", False))
