"""Every page type declares where it may live, and the tree obeys."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import AgeBandPage, ContentPage, HomePage, SectionPage, YoungPeopleIndexPage

HOME_TYPES = {YoungPeopleIndexPage, SectionPage, ContentPage}


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_home_page_children_are_its_own_types_and_those_that_ask_for_it(self):
        # Feature apps' landing pages add themselves (tests/<app>/test_pages.py).
        children = set(HomePage.allowed_subpage_models())
        self.assertTrue(children >= HOME_TYPES)
        for model in children - HOME_TYPES:
            with self.subTest(model=model.__name__):
                self.assertIn("home.HomePage", model.parent_page_types)

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

    def test_content_pages_are_leaves_under_the_types_that_ask_for_them(self):
        parents = set(ContentPage.allowed_parent_page_models())
        self.assertTrue({HomePage, SectionPage, AgeBandPage} <= parents)
        self.assertNotIn(Page, parents)
        self.assertNotIn(YoungPeopleIndexPage, parents)
        for model in parents:
            with self.subTest(model=model.__name__):
                self.assertIn(ContentPage, model.clean_subpage_models())
        self.assertAllowedSubpageTypes(ContentPage, set())

    def test_a_content_page_cannot_go_straight_under_the_young_peoples_section(self):
        self.assertCanNotCreateAt(YoungPeopleIndexPage, ContentPage)
        self.assertCanNotCreateAt(ContentPage, ContentPage)
        self.assertCanCreateAt(AgeBandPage, ContentPage)
