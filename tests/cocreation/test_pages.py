"""The cocreation app plugs its area into the tree; the home app never names it."""

from wagtail.test.utils import WagtailPageTestCase

from cocreation.models import CallForContributionsPage, GetInvolvedPage
from home.models import ContentPage, HomePage


class GetInvolvedPageTreeTests(WagtailPageTestCase):
    def test_it_sits_once_under_the_home_page_and_holds_content_pages(self):
        self.assertAllowedParentPageTypes(GetInvolvedPage, {HomePage})
        self.assertAllowedSubpageTypes(GetInvolvedPage, {ContentPage, CallForContributionsPage})
        self.assertEqual(GetInvolvedPage.max_count_per_parent, 1)

    def test_the_home_page_and_content_pages_accept_it_without_naming_it(self):
        self.assertCanCreateAt(HomePage, GetInvolvedPage)
        self.assertCanCreateAt(GetInvolvedPage, ContentPage)
        self.assertNotIn("cocreation", " ".join(HomePage.subpage_types))

    def test_calls_sit_under_get_involved_and_hold_nothing(self):
        self.assertAllowedParentPageTypes(CallForContributionsPage, {GetInvolvedPage})
        self.assertAllowedSubpageTypes(CallForContributionsPage, set())
