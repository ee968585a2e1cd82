# Clearsight: the two commands are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run debug test lint format install install-test serve migrate demo clean benchmark bench lighthouse

$(PY):
	$(PYTHON) -c 'import sys; sys.exit("Clearsight needs Python 3.11 or newer.") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Install only when pyproject.toml or the constraints change.
$(VENV)/.installed: $(PY) pyproject.toml constraints.txt
	$(PY) -m pip install --quiet -c constraints.txt -e .
	touch $@

# The test tools, and every optional extra so that the suite covers them.
$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test,lint,opensearch]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo_content

## make run: install, migrate, load the demo content, make a local admin, run the periodic jobs
## that are due (at once: tasks are immediate on the laptop), serve on http://127.0.0.1:8000
## as a visitor sees it: DEBUG off, so errors are the site's own pages (never Django's debug page).
run: demo
	$(MANAGE) ensure_dev_admin
	$(MANAGE) set_site_address $(HOST) $(PORT)
	$(MANAGE) run_schedule --once
	$(MANAGE) runserver $(HOST):$(PORT)

## make debug: the same with DEBUG on (Django's debug pages), for developers only.
debug: demo
	$(MANAGE) ensure_dev_admin
	$(MANAGE) set_site_address $(HOST) $(PORT)
	$(MANAGE) run_schedule --once
	DJANGO_DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

## make test: the whole suite. Browser tests need a Chromium (/usr/bin/chromium or CHROMIUM_PATH);
## REQUIRE_BROWSER=1 turns a missing browser into a failure.
## Exit status 5 means pytest collected no tests: a failure, said plainly.
test: install-test
	@$(BIN)/pytest $(PYTEST_ARGS) || { status=$$?; \
	  if [ $$status -eq 5 ]; then echo "pytest collected no tests." >&2; fi; exit $$status; }

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

## make benchmark: page weight, queries and render time of every demo page
benchmark: demo
	$(MANAGE) measure_pages

## make bench: the production profile (gunicorn, WhiteNoise, Redis) under load with wrk, on the
## configured DATABASE_URL (default: bench/.data/bench.sqlite3). Needs REDIS_URL. See "Performance".
## BENCH_DATA=generate|demo|existing, BENCH_RESOURCES, BENCH_PACKS, BENCH_SUBMISSIONS, BENCH_SEED,
## BENCH_ROUNDS, BENCH_DURATION (seconds per target), BENCH_WORKERS, BENCH_BASELINE (the .json
## of a run on a small data set, to compare the p95 of the library and search with),
## BENCH_CACHE=redis|local (local: cached pages only, with the in-process cache).
BENCH_DATA ?= generate
BENCH_RESOURCES ?= 200
BENCH_PACKS ?= 20
BENCH_SUBMISSIONS ?= 2000
BENCH_SEED ?= 20261126
BENCH_ROUNDS ?= 6
BENCH_DURATION ?= 5
BENCH_WORKERS ?= 4
BENCH_CACHE ?= redis
bench: install
	$(PY) -m bench.run --data $(BENCH_DATA) --resources $(BENCH_RESOURCES) --packs $(BENCH_PACKS) \
	  --submissions $(BENCH_SUBMISSIONS) --seed $(BENCH_SEED) --rounds $(BENCH_ROUNDS) \
	  --duration $(BENCH_DURATION) --workers $(BENCH_WORKERS) --cache $(BENCH_CACHE) \
	  $(if $(BENCH_BASELINE),--baseline $(BENCH_BASELINE))

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

## make lighthouse: Lighthouse 12.2.3 (pinned in tools/lighthouse/package-lock.json) on the system
## Chromium, mobile emulation: home, band, library, resource and pack pages of the demo; fails
## below 95 for performance or 100 for accessibility. Needs Node.js and npm; CHROME_PATH to change the browser.
lighthouse: install
	cd tools/lighthouse && npm ci --no-audit --no-fund --ignore-scripts
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PY) tools/lighthouse/run.py
