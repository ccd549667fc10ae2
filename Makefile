# Set-up and everyday tasks. Every target installs what it needs first.
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck layers unit browser-deps node-deps

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

## The most complete example app, with its docs at /docs.
run: $(STAMP)
	$(BIN)/restkit --app examples.petstore run

## Everything CI checks: lint, format, types, layers, tests with coverage.
test: lint typecheck layers unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

layers: $(STAMP)
	$(BIN)/lint-imports

unit: $(STAMP) browser-deps node-deps
	$(BIN)/coverage erase
	$(BIN)/pytest --cov --cov-report=term
	$(BIN)/coverage report --include='restkit/core/*' --fail-under=95

## Headless Chromium for the docs-page browser test (Debian's package; root only).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: browser tests will be skipped"; fi; }

## From npm: the OpenAPI linters the committed documents must pass (Redocly CLI, Spectral;
## versions in package-lock.json) and the docs pages' pinned scripts (versions of
## restkit/spec/pages.py), for tests/spec/test_linters.py, test_pages.py and test_browser.py.
NODE_STAMP := node_modules/.installed
DOCS_PAGE_PACKAGES := redoc@3.0.1 @scalar/api-reference@1.76.0

node-deps: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json Makefile
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && \
	  mkdir -p node_modules/.docs-pages && \
	  (cd node_modules/.docs-pages && npm pack --silent $(DOCS_PAGE_PACKAGES) >/dev/null) && \
	  touch $@; \
	else echo "npm is missing: the OpenAPI linter and docs-page tests will be skipped"; fi
