"""The community app plugs its area into the tree; the home app never names it."""

from wagtail.test.utils import WagtailPageTestCase

from community.models import CommunityLandingPage, ToolkitPage, TrainingModulePage
from home.models import ContentPage, HomePage


class CommunityLandingPageTreeTests(WagtailPageTestCase):
    def test_it_sits_once_under_the_home_page_and_holds_toolkits_and_training(self):
        self.assertAllowedParentPageTypes(CommunityLandingPage, {HomePage})
        self.assertAllowedSubpageTypes(
            CommunityLandingPage, {ContentPage, ToolkitPage, TrainingModulePage}
        )
        self.assertEqual(CommunityLandingPage.max_count_per_parent, 1)

    def test_the_home_page_and_content_pages_accept_it_without_naming_it(self):
        self.assertCanCreateAt(HomePage, CommunityLandingPage)
        self.assertCanCreateAt(CommunityLandingPage, ContentPage)
        self.assertNotIn("community", " ".join(HomePage.subpage_types))
