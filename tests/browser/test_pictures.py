"""Pictures on a phone (issue 11): Chromium takes the AVIF source of every
<picture>, the first picture of a resource page loads at once and the rest
wait until they are near the screen."""

from tests.browser.test_page_weight import PHONE, SCROLL_TO_BOTTOM, WireLog
from tests.browser.test_small_screens import one_page_of_each_type


def media_images(wire):
    return [row for row in wire.rows() if row["type"] == "Image" and "/media/" in row["url"]]


def test_a_phone_gets_avif_and_lazy_pictures_wait_below_the_fold(browser, live_site):
    pages = one_page_of_each_type()
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    wire = WireLog(context, page)
    try:
        for kind in ("ResourceIndexPage", "ResourcePage", "HomePage"):
            wire.clear()
            page.goto(live_site.url + pages[kind])
            page.wait_for_load_state("networkidle")
            before_scrolling = len(media_images(wire))
            shown = page.locator("picture").count()
            page.evaluate(SCROLL_TO_BOTTOM)
            page.wait_for_load_state("networkidle")
            images = media_images(wire)
            chosen = set(
                page.eval_on_selector_all("picture img", "els => els.map(e => e.currentSrc)")
            )
            assert shown > 0, kind
            assert all(src.endswith(".avif") for src in chosen), (kind, chosen)
            assert {row["url"] for row in images} == chosen, kind
            assert {row["mime"] for row in images} == {"image/avif"}, kind
            if kind == "ResourceIndexPage":
                # A page of cards: those below the first screen waited.
                assert before_scrolling < shown, kind
            for img in page.locator("picture img").all():
                assert img.get_attribute("width") and img.get_attribute("height"), kind
                # Drawn at the size the sizes attribute promised (no layout shift).
                box = img.bounding_box()
                assert box["width"] > 0 and box["height"] > 0, kind
        from resources.models import ResourcePage

        pictured = ResourcePage.objects.live().filter(image__isnull=False).order_by("pk").first()
        wire.clear()
        page.goto(live_site.url + pictured.url)
        page.wait_for_load_state("networkidle")
        first = page.locator(".resource__about picture img")
        assert first.evaluate("img => img.currentSrc").endswith(".avif")
        assert first.get_attribute("fetchpriority") == "high"
        assert first.get_attribute("loading") is None
        page.evaluate(SCROLL_TO_BOTTOM)
        page.wait_for_load_state("networkidle")
        total = sum(row["wire"] for row in wire.rows())
        print(f"\n{pictured.url}: {total / 1000:.1f} kB on the wire (static uncompressed)")
    finally:
        context.close()
