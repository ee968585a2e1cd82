"""What the page-cache tests share: a public page to cache, and a full warm."""

from home.factories import ContentPageFactory
from home.models import NavigationSettings, SafetySettings
from home.page_cache import store, warming

SIGNS = "Spotting the signs"


def make_guide(home_page):
    # A site's first read creates its settings rows; make them now, as any
    # running site already has them.
    SafetySettings.for_site(home_page.get_site())
    NavigationSettings.for_site(home_page.get_site())
    return ContentPageFactory(parent=home_page, title=SIGNS, slug="signs")


def warm_all():
    """What `manage.py warm_page_cache` does: retire, then store every public page."""
    report = warming.warm(store.bump_generation())
    assert not report.skipped, report.skipped
    return report
