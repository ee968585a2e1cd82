"""The shell knows no feature: `home` imports and names none of the apps built on it."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOME = ROOT / "home"
FEATURE_APPS = ("resources", "cocreation", "schools", "community")


def home_modules():
    return sorted(path for path in HOME.rglob("*.py") if ".venv" not in path.parts)


def imported_modules(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_home_imports_no_feature_app():
    offenders = []
    for path in home_modules():
        for module in imported_modules(ast.parse(path.read_text(), str(path))):
            if module.split(".")[0] in FEATURE_APPS:
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offenders == []


def test_home_names_no_feature_app_in_its_code():
    """No page-type lists, loader branches or signal lists that name a feature app."""
    offenders = []
    for path in home_modules():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for app in FEATURE_APPS:
                    if node.value.startswith(f"{app}.") or node.value == app:
                        offenders.append(f"{path.relative_to(ROOT)}: {node.value!r}")
    assert offenders == []


def test_home_models_do_not_import_the_selectors():
    """`home/models` ↔ `home/selectors` was a cycle; reads now build on the models only."""
    for path in (HOME / "models").glob("*.py"):
        modules = list(imported_modules(ast.parse(path.read_text(), str(path))))
        assert "home.selectors" not in modules, path.name


HOME_ONLY_SETTINGS = """
from config.settings.test import *  # noqa: F403
INSTALLED_APPS = [app for app in INSTALLED_APPS if app not in {apps!r}]  # noqa: F405
"""


@pytest.mark.parametrize("command", [["check"], ["makemigrations", "home", "--check", "--dry-run"]])
def test_home_works_with_no_feature_app_installed(tmp_path, command):
    (tmp_path / "home_only_settings.py").write_text(
        HOME_ONLY_SETTINGS.format(apps=set(FEATURE_APPS))
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "home_only_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT / "site"), str(ROOT)]),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
