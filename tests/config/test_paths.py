"""The settings find the project's templates and static files in a checkout and in a wheel."""

import runpy
import shutil
from pathlib import Path

from django.conf import settings

from config.settings import base

ROOT = Path(__file__).resolve().parents[2]


def test_a_checkout_uses_its_top_level_folders():
    assert settings.BASE_DIR == ROOT
    assert settings.TEMPLATES[0]["DIRS"] == [ROOT / "templates"]
    assert settings.STATICFILES_DIRS == [ROOT / "static"]


def test_an_installed_copy_uses_the_folders_inside_its_package(tmp_path, monkeypatch):
    # The layout the wheel installs (pyproject.toml, [tool.hatch.build.targets.wheel.sources]).
    package = tmp_path / "venv" / "lib" / "python3.11" / "site-packages" / "config"
    (package / "settings").mkdir(parents=True)
    shutil.copy(base.__file__, package / "settings" / "base.py")
    (package / "templates").mkdir()
    (package / "static").mkdir()
    workdir = tmp_path / "srv"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    for name in ["DATABASE_URL", "STATIC_ROOT", "MEDIA_ROOT"]:
        monkeypatch.delenv(name, raising=False)

    installed = runpy.run_path(str(package / "settings" / "base.py"))

    assert installed["BASE_DIR"] == package
    assert installed["TEMPLATES"][0]["DIRS"] == [package / "templates"]
    assert installed["STATICFILES_DIRS"] == [package / "static"]
    # What the site writes never goes into the virtual environment.
    assert installed["STATIC_ROOT"] == workdir / "staticfiles"
    assert installed["MEDIA_ROOT"] == workdir / "media"
    assert installed["DATABASES"]["default"]["NAME"] == str(workdir / "db.sqlite3")
