"""Long listings in the real browser: a section page's pager works without
JavaScript and passes axe-core on both pages; a band page's topic with more
materials than it shows links to the library (issue 11)."""

from tests.browser.axe import assert_no_axe_violations


def test_a_paginated_section_and_a_cut_band_page_pass_axe(page, live_site):
    from home.factories import ContentPageFactory, SectionPageFactory
    from home.models import AgeBandPage, HomePage, Topic
    from home.models.materials import MATERIALS_PER_TOPIC
    from home.pagination import LISTING_PAGE_SIZE
    from resources.factories import ResourcePageFactory
    from resources.models import ResourceIndexPage

    section = SectionPageFactory(
        parent=HomePage.objects.get(), title="A long section", slug="long-section"
    )
    for n in range(LISTING_PAGE_SIZE + 2):
        ContentPageFactory(parent=section, title=f"Guide {n:02}")

    band_page = AgeBandPage.objects.live().order_by("age_band__min_age").first()
    topic = Topic.objects.order_by("sort_order", "name").first()
    for n in range(MATERIALS_PER_TOPIC + 1):
        ResourcePageFactory(
            parent=ResourceIndexPage.objects.get(),
            title=f"Aardvark {n:02}",
            age_bands=[band_page.age_band],
            topics=[topic],
        )

    page.goto(live_site.url + section.url)
    pager = page.get_by_role("navigation", name="Pages of results")
    assert pager.get_by_text("Page 1 of 2").is_visible()
    assert_no_axe_violations(page)
    pager.get_by_role("link", name="Next page").click()  # a plain link: no script needed
    page.wait_for_url("**/long-section/?page=2")
    assert page.locator("section.child-pages .card").count() == 2
    assert_no_axe_violations(page)

    page.goto(live_site.url + band_page.url)
    more = page.locator(".topic-group__more a").first
    assert more.inner_text().startswith("See all")
    assert_no_axe_violations(page)
    more.click()
    page.wait_for_url("**/resources/?*")
    assert f"age={band_page.age_band.slug}" in page.url
    assert_no_axe_violations(page)
