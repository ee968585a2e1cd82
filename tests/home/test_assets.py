"""The front end stays small: one stylesheet under 30 kB compressed, one script."""

import gzip
from pathlib import Path

from django.conf import settings

STATIC = Path(settings.BASE_DIR) / "static"


def test_one_stylesheet_under_30_kb_compressed():
    stylesheets = list(STATIC.rglob("*.css"))
    assert [path.name for path in stylesheets] == ["clearsight.css"]
    assert len(gzip.compress(stylesheets[0].read_bytes())) < 30 * 1024


def test_one_script_for_enhancements():
    scripts = list(STATIC.rglob("*.js"))
    assert [path.name for path in scripts] == ["clearsight.js"]


def test_the_stylesheet_loads_nothing_from_elsewhere():
    css = (STATIC / "css" / "clearsight.css").read_text()
    assert "@import" not in css
    assert "url(" not in css or all(
        part.split(")")[0].strip("'\" ").startswith(("data:", "/"))
        for part in css.split("url(")[1:]
    )
