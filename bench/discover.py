"""Print, as JSON, the paths the benchmark asks for, read from the configured
database (run through `manage.py shell`, see bench/run.py).

The newest page of each kind is chosen, so that on a generated data set the
resource and the pack are generated ones rather than the demo's.
"""

import json
import re
import sys

from wagtail.models import Site

from cocreation.models import CallForContributionsPage
from cocreation.models.pages import band_needs_parental_consent
from home.filters import get_filters
from home.models import AgeBand, AgeBandPage, HomePage
from resources.models import ResourceIndexPage, ResourcePage
from schools.models import LessonPackPage


def newest(model, site):
    page = model.objects.visible(site).order_by("-first_published_at", "-pk").first()
    if page is None:
        sys.exit(f"bench: no visible {model.__name__} in this database")
    return page


def path_of(page):
    # The path within its Site (get_url may add a host when there are several Sites).
    return page.get_url_parts()[2]


def search_word(title):
    # A word of the resource's title, without punctuation ("Poster:" finds less).
    words = re.findall(r"[^\W\d_]{4,}", title)
    return words[0] if words else title


def main():
    site = Site.objects.get(is_default_site=True)
    library = newest(ResourceIndexPage, site)
    resource = newest(ResourcePage, site)
    # The first option of the first filter group that has options, e.g. an age band.
    query = ""
    for definition in get_filters():
        options = definition.options()
        if options:
            query = f"{definition.name}={options[0].value}"
            break
    call = next(
        (c for c in CallForContributionsPage.objects.visible(site) if c.is_open()),
        None,
    )
    submit = None
    if call is not None:
        bands = list(call.age_bands.all()) or list(AgeBand.objects.all())
        # A band that needs no parent's email, when the call has one.
        band = next((b for b in bands if not band_needs_parental_consent(b)), bands[0])
        submit = {
            "path": path_of(call) + "send/",
            "age_band": band.pk,
            "needs_parent_email": band_needs_parental_consent(band),
        }
    print(
        "BENCH_TARGETS "
        + json.dumps(
            {
                "home": path_of(newest(HomePage, site)),
                "band": path_of(newest(AgeBandPage, site)),
                "library": path_of(library),
                "library_query": query,
                "resource": path_of(resource),
                "pack": path_of(newest(LessonPackPage, site)),
                "resources": ResourcePage.objects.visible(site).count(),
                "search_word": search_word(resource.title),
                "submit": submit,
            }
        )
    )


main()
