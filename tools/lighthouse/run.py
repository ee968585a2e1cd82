"""make lighthouse: Lighthouse's performance and accessibility scores on the
home, age band, library, resource and lesson pack pages of the demo (issue 11).

Builds the demo in a throwaway folder (SQLite, its own media and static files),
serves it with `runserver` on the laptop profile with DEBUG off and static
files collected for WhiteNoise (lighthouse_settings.py), then runs the pinned
Lighthouse (package-lock.json) on the system Chromium with its default mobile
emulation and simulated slow 4G. Prints each page's scores and exits 1 when a
page scores below 95 for performance or below 100 for accessibility.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
MIN_PERFORMANCE = 95
MIN_ACCESSIBILITY = 100
PAGE_TYPES = {
    "home": "HomePage",
    "band": "AgeBandPage",
    "library": "ResourceIndexPage",
    "resource": "ResourcePage",
    "pack": "LessonPackPage",
}
FIND_URLS = """
import json
from wagtail.models import Page
urls = {}
for page in Page.objects.live().public().filter(depth__gt=1).order_by("path"):
    urls.setdefault(page.specific_class.__name__, page.url)
print(json.dumps(urls))
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, capture=False):
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"the site did not answer at {url} within {seconds} s")


def failing_audits(report, category):
    """The audits that cost points in a category, heaviest first."""
    audits = report["audits"]
    refs = report["categories"][category]["auditRefs"]
    lost = []
    for ref in refs:
        audit = audits[ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            shown = audit.get("displayValue", "")
            lost.append((ref["weight"] * (1 - audit["score"]), f"{audit['title']} {shown}".strip()))
    return [text for _, text in sorted(lost, reverse=True)]


# Lighthouse sometimes fails to record Chromium's trace ("NO_NAVSTART", a
# runtime error, exit status 1, no report): that run measured nothing, so it is
# run again. A score is never retried: a low one fails the stage.
RUNTIME_ERROR_ATTEMPTS = 3


def run_lighthouse(url, out):
    for attempt in range(1, RUNTIME_ERROR_ATTEMPTS + 1):
        result = subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--only-categories=performance,accessibility",
                "--output=json",
                f"--output-path={out}",
                "--quiet",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
            ],
            env={**os.environ, "CHROME_PATH": CHROME_PATH},
            check=False,
        )
        if result.returncode == 0:
            return
        print(f"    Lighthouse stopped with a runtime error (attempt {attempt}): running it again")
    sys.exit(f"Lighthouse could not measure {url} in {RUNTIME_ERROR_ATTEMPTS} attempts.")


def main():
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run `make lighthouse` (npm ci in tools/lighthouse).")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="clearsight-lighthouse-") as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lighthouse_settings",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")])),
            "DJANGO_DEBUG": "",
            "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3",
            "MEDIA_ROOT": f"{tmp}/media",
            "STATIC_ROOT": f"{tmp}/static",
        }
        # The local cache of each process: the page cache warmed below lives in the server.
        env.pop("REDIS_URL", None)
        manage(env, "migrate", "--noinput", capture=True)
        manage(env, "load_demo_content", capture=True)
        manage(env, "set_site_address", "127.0.0.1", str(port), capture=True)
        manage(env, "collectstatic", "--noinput", capture=True)
        # The last line: Django's shell may print what it imported first.
        found = manage(env, "shell", "-c", FIND_URLS, capture=True).stdout
        urls = json.loads(found.strip().splitlines()[-1])
        server = subprocess.Popen(
            [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        failed = False
        try:
            wait_for(base + "/")
            print(f"{'page':<10}{'path':<48}{'performance':>12}{'accessibility':>15}")
            for name, page_type in PAGE_TYPES.items():
                path = urls[page_type]
                url = base + path
                # Once before measuring, so the page cache holds it as readers would find it.
                urllib.request.urlopen(url, timeout=30).read()
                out = Path(tmp) / f"{name}.json"
                run_lighthouse(url, out)
                report = json.loads(out.read_text())
                performance = round(report["categories"]["performance"]["score"] * 100)
                accessibility = round(report["categories"]["accessibility"]["score"] * 100)
                print(f"{name:<10}{path:<48}{performance:>12}{accessibility:>15}")
                for category, score, minimum in (
                    ("performance", performance, MIN_PERFORMANCE),
                    ("accessibility", accessibility, MIN_ACCESSIBILITY),
                ):
                    if score < minimum:
                        failed = True
                        print(f"    {category} below {minimum}; Lighthouse blames:")
                        for text in failing_audits(report, category)[:6]:
                            print(f"      - {text}")
        finally:
            server.terminate()
            server.wait(timeout=30)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
