"""A web worker loads only what serving pages needs (issue 11: at most 150 MB
resident per gunicorn worker; `python -m bench.memory` measures it).

The libraries that make files (reportlab for PDFs, python-pptx and openpyxl
for Office files), read text (textstat, for the editor's reading-age check) or
draw QR codes (segno) cost several MB each in every worker, and so does
pillow-heif's decoder for HEIC, a format the site refuses (settings/base.py); they are imported
where a file is built or an editor page drawn, never at module level of
anything the WSGI application, the URLconf or the template tags load. This
test starts the production profile's application in a fresh interpreter, loads
the URLconf and every template tag library as the first requests would, and
fails when one of them is in ``sys.modules``.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("reportlab", "openpyxl", "pptx", "docx", "textstat", "segno", "pillow_heif")

PROBE = """
import importlib, json, sys
from config.wsgi import application
from django.template.backends.django import get_installed_libraries
from django.urls import get_resolver

def walk(patterns):
    for pattern in patterns:
        walk(getattr(pattern, "url_patterns", []))

walk(get_resolver().url_patterns)
for module in get_installed_libraries().values():
    importlib.import_module(module)
print(json.dumps(sorted({n.split(".")[0] for n, m in sys.modules.items() if m is not None})))
"""


def test_the_wsgi_application_loads_no_file_making_library(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "site"), str(ROOT)]),
        "SECRET_KEY": "import-weight-test",
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379/0",  # never connected to: nothing is cached
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-W", "ignore", "-c", PROBE],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert "wagtail" in loaded and "home" in loaded  # the probe really loaded the site
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_images_still_open_and_save_as_avif_and_webp_without_the_heif_decoder():
    """Renditions need Pillow's own AVIF and WebP, not pillow-heif."""
    from io import BytesIO

    from PIL import Image

    assert sys.modules.get("pillow_heif") is None
    for kind in ("AVIF", "WEBP", "JPEG"):
        out = BytesIO()
        Image.new("RGB", (8, 8), "red").save(out, kind)
        out.seek(0)
        assert Image.open(out).format == kind
