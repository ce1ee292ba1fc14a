# Koersvast — two commands: `make run` (set up and serve the demo) and `make test` (set up and test).
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
CHROMIUM ?= /usr/bin/chromium
# pytest-xdist workers: one per core ("auto"); PYTEST_WORKERS=0 runs in one process (debugging).
PYTEST_WORKERS ?= auto

.PHONY: help run test test-fast setup static lint pytest chromium clean messages sbom image image-tools test-image

help:
	@echo "make run   - install, migrate, load the demo municipality and serve on http://127.0.0.1:$(PORT)"
	@echo "make test  - install dev tools and Chromium, lint, and run the whole test suite"
	@echo "             (on PostgreSQL when DATABASE_URL=postgres://... is set)"
	@echo "make test-fast - the inner loop: lint and every test but the browser and slow ones"
	@echo "make sbom  - CycloneDX SBOM of Koersvast and its runtime dependencies (var/sbom/)"
	@echo "make image - the OCI image from Debian trixie packages (mmdebstrap + buildah)"
	@echo "make test-image - opt-in: build the image, migrate, run it read-only, check it works"

$(BIN)/python:
	"$$(scripts/find-python)" -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.run-deps: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev-deps: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.run-deps

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

static: node_modules/.package-lock.json
	mkdir -p src/koersvast/static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js src/koersvast/static/vendor/
	cp node_modules/echarts/dist/echarts.min.js src/koersvast/static/vendor/
	# NL Design System (EUPL-1.2): only the components the pages use, and the Voorbeeld theme
	# that Beheer › Huisstijl offers as a starting point (decision 1003).
	cat node_modules/@utrecht/skip-link-css/dist/index.css node_modules/@utrecht/button-css/dist/index.css \
	  > src/koersvast/static/vendor/utrecht-components.css
	cp node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css \
	  src/koersvast/static/vendor/voorbeeld-theme.css

setup: $(VENV)/.run-deps static
	mkdir -p var
	$(MANAGE) migrate --no-input
	$(MANAGE) demo

run: setup
	@echo "Koersvast draait op http://127.0.0.1:$(PORT) (Ctrl+C stopt)."
	$(MANAGE) serve --port $(PORT)

# Debian packages of the tests: Chromium (browser tests), poppler-utils (pdftoppm/pdftotext read
# the rendered PDFs) and Pango (WeasyPrint renders the P&C reports as PDF).
chromium:
	@missing=""; \
	[ -x "$(CHROMIUM)" ] || missing="chromium"; \
	for pkg in poppler-utils libpango-1.0-0 libpangoft2-1.0-0; do \
	  dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "The tests need Debian packages: sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi

lint: $(VENV)/.dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=koersvast.config.settings.test $(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=koersvast.config.settings.test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/lint-imports
	# Every app, with the django-stubs plugin; strict for the pure engines ([tool.mypy]).
	$(BIN)/mypy src/koersvast

# --durations: every CI log names the slowest tests (docs/performance.md, "Test suite wall time").
pytest: $(VENV)/.dev-deps static chromium
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) --dist worksteal --durations=25

test: lint pytest

test-fast: lint static
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) --dist worksteal -m "not browser and not slow"

messages: $(VENV)/.dev-deps
	cd src/koersvast && ../../$(BIN)/python ../../manage.py makemessages -l en --no-obsolete \
	  && ../../$(BIN)/python ../../manage.py compilemessages -l en

# The software bill of materials (CycloneDX JSON) of a fresh runtime-only install; a few minutes.
sbom: $(VENV)/.dev-deps
	CYCLONEDX=$(BIN)/cyclonedx-py scripts/sbom var/sbom/koersvast.cdx.json

# The container image and its test (opt-in: minutes, and needs root or rootless podman). As
# `make test` does for Chromium, the Debian tools are installed when run as root.
image-tools:
	@missing=""; \
	for tool in mmdebstrap buildah podman runc; do command -v $$tool >/dev/null || missing="$$missing $$tool"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing uidmap >/dev/null; \
	  else \
	    echo "The image needs Debian packages: sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi

image: image-tools $(VENV)/.run-deps
	scripts/build-image

test-image: image $(VENV)/.dev-deps
	$(BIN)/python scripts/test-image

clean:
	rm -rf $(VENV) node_modules var
