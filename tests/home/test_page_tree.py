"""Every page type declares where it may live, and the tree obeys."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cocreation.models import GetInvolvedPage
from community.models import CommunityLandingPage
from home.models import AgeBandPage, ContentPage, HomePage, SectionPage, YoungPeopleIndexPage
from resources.models import ResourceLibraryPage
from schools.models import SchoolsLandingPage

LANDING_PAGES = {SchoolsLandingPage, CommunityLandingPage, ResourceLibraryPage, GetInvolvedPage}


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_home_page_children(self):
        self.assertAllowedSubpageTypes(
            HomePage, {YoungPeopleIndexPage, SectionPage, ContentPage} | LANDING_PAGES
        )

    def test_young_peoples_section_holds_age_bands_only(self):
        self.assertAllowedParentPageTypes(YoungPeopleIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(YoungPeopleIndexPage, {AgeBandPage})
        self.assertEqual(YoungPeopleIndexPage.max_count_per_parent, 1)

    def test_age_band_pages_live_in_the_young_peoples_section(self):
        self.assertAllowedParentPageTypes(AgeBandPage, {YoungPeopleIndexPage})
        self.assertAllowedSubpageTypes(AgeBandPage, {ContentPage})

    def test_section_pages_nest(self):
        self.assertAllowedParentPageTypes(SectionPage, {HomePage, SectionPage})
        self.assertAllowedSubpageTypes(SectionPage, {ContentPage, SectionPage})

    def test_content_pages_are_leaves(self):
        self.assertAllowedParentPageTypes(
            ContentPage, {HomePage, SectionPage, AgeBandPage} | LANDING_PAGES
        )
        self.assertAllowedSubpageTypes(ContentPage, set())

    def test_each_app_landing_page_sits_once_under_the_home_page(self):
        for model in LANDING_PAGES:
            with self.subTest(model=model.__name__):
                self.assertAllowedParentPageTypes(model, {HomePage})
                self.assertAllowedSubpageTypes(model, {ContentPage})
                self.assertEqual(model.max_count_per_parent, 1)

    def test_a_content_page_cannot_go_straight_under_the_young_peoples_section(self):
        self.assertCanNotCreateAt(YoungPeopleIndexPage, ContentPage)
        self.assertCanNotCreateAt(ContentPage, ContentPage)
        self.assertCanCreateAt(AgeBandPage, ContentPage)
