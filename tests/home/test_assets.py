"""The front end stays small and loads nothing from elsewhere.

The budget is for what a reader's phone downloads, not for how the files are
arranged: the CSS and JavaScript each public page links to (with any
stylesheets they import), summed per page, raw and compressed.
"""

import gzip
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from wagtail.models import Page

import pytest

from tests.page_resources import (
    css_imports,
    css_resources,
    is_own,
    resolve,
    stylesheet_and_script_urls,
)

STATIC = Path(settings.BASE_DIR) / "static"
ORIGIN = "http://testserver"

# Everything a public page loads besides its HTML and images. A child on a
# slow, pay-as-you-go phone downloads all of it before the page can be used:
# about 14 kB is what arrives in the first round trip of a new connection.
# Today's shell (one stylesheet and one script) is about 8 kB compressed
# and 28.5 kB raw.
BUDGET_COMPRESSED_BYTES = 14 * 1024
BUDGET_RAW_BYTES = 48 * 1024


def compressed_size(data):
    # WhiteNoise serves gzip made at level 9 (and Brotli, smaller still, when installed).
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def public_urls():
    pages = Page.objects.live().public().filter(depth__gt=1).order_by("path")
    return [page.url for page in pages] + [
        reverse("search") + "?q=friends",
        reverse("search") + "?q=" + "x" * 120,
        "/no-such-page/",
        *feature_urls(),
    ]


def feature_urls():
    """Public pages that are not Wagtail pages of their own, with their own stylesheets."""
    from django.apps import apps

    if not apps.is_installed("community"):
        return []
    from community.models import TrainingModulePage
    from community.services.certificates import certificate_issue

    module = TrainingModulePage.objects.live().first()
    certificate = certificate_issue(module=module, name="Sam Taylor", score=90)
    return [
        reverse("community:verify"),
        reverse("community:verify") + "?code=" + certificate.code,
        reverse("community:certificate", args=[certificate.code]),
    ]


class AssetMeasure:
    """Fetches each file once; follows stylesheets' @imports."""

    def __init__(self, client):
        self.client = client
        self.bodies = {}

    def body(self, url):
        if url not in self.bodies:
            self.bodies[url] = fetch(self.client, url)
        return self.bodies[url]

    def size(self, url):
        data = self.body(url)
        return len(data), compressed_size(data)

    def stylesheet_urls(self, url, seen):
        """`url` and every stylesheet it imports, each once."""
        if url in seen:
            return []
        seen.add(url)
        urls = [url]
        for imported in css_imports(self.body(url).decode()):
            urls += self.stylesheet_urls(resolve(url, imported), seen)
        return urls

    def page(self, path):
        html = self.client.get(path).content.decode()
        page_url = ORIGIN + path
        hrefs, srcs = stylesheet_and_script_urls(html)
        seen = set()
        files = []
        for href in hrefs:
            files += self.stylesheet_urls(resolve(page_url, href), seen)
        files += [resolve(page_url, src) for src in dict.fromkeys(srcs)]
        return files


def report(rows, files_by_path, measure):
    lines = [f"{'page':<60}{'raw':>9}{'gzip':>9}  files"]
    for path, raw, packed in rows:
        lines.append(f"{path[:60]:<60}{raw:>9}{packed:>9}  {len(files_by_path[path])}")
    lines.append("")
    for url in sorted(measure.bodies):
        raw, packed = measure.size(url)
        lines.append(f"{url:<60}{raw:>9}{packed:>9}")
    lines.append(
        f"budget: {BUDGET_RAW_BYTES} bytes raw, {BUDGET_COMPRESSED_BYTES} bytes compressed"
    )
    return "\n".join(lines)


@pytest.mark.django_db
def test_every_public_page_keeps_its_css_and_javascript_within_budget(client, demo_site):
    measure = AssetMeasure(client)
    rows, files_by_path = [], {}
    for path in public_urls():
        files = measure.page(path)
        files_by_path[path] = files
        # The shell needs its styles and the quick-exit script on every page;
        # a page measured as loading nothing would pass any budget.
        assert any(url.endswith(".css") for url in files), f"{path} loads no stylesheet"
        assert any(url.endswith(".js") for url in files), f"{path} loads no script"
        raw = sum(measure.size(url)[0] for url in files)
        packed = sum(measure.size(url)[1] for url in files)
        rows.append((path, raw, packed))
    over = [row for row in rows if row[1] > BUDGET_RAW_BYTES or row[2] > BUDGET_COMPRESSED_BYTES]
    assert not over, "Pages over the CSS and JavaScript budget:\n" + report(
        rows, files_by_path, measure
    )


def test_stylesheets_load_nothing_from_elsewhere():
    stylesheets = sorted(STATIC.rglob("*.css"))
    assert stylesheets, "no stylesheet found under static/"
    for path in stylesheets:
        url = f"{ORIGIN}/static/{path.relative_to(STATIC).as_posix()}"
        resources = css_resources(path.read_text())
        offsite = [(r.where, r.url) for r in resources if not is_own(r.url, url)]
        assert offsite == [], path
