# Set-up and everyday tasks. Every target installs what it needs first.
VENV ?= .venv
BIN := $(VENV)/bin
## What running needs: the package alone.
RUN_STAMP := $(VENV)/.installed-run
## What testing needs: the package with its test, docs and dev tools.
STAMP := $(VENV)/.installed
## Where `make run` and `make docs-serve` listen: `make run HOST=0.0.0.0 PORT=8000`.
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint typecheck layers unit docs docs-serve browser-deps redis-deps node-deps bench-restkit bench bench-http bench-spec bench-all bench-quick wrk

$(BIN)/python:
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# A venv that `make test` already set up has everything running needs.
$(RUN_STAMP): pyproject.toml | $(BIN)/python
	@if [ ! $(STAMP) -nt pyproject.toml ]; then $(BIN)/python -m pip install --quiet -e .; fi
	touch $@

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

## The notes backend (examples/notes, development config), with its docs at /docs.
run: $(RUN_STAMP)
	$(BIN)/restkit --app examples.notes run --host $(HOST) --port $(PORT)

## The user guide as a site, in site/ (the tests build it too, strictly).
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

## The user guide on http://$(HOST):8001, rebuilt as pages change.
docs-serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr $(HOST):8001

## Everything CI checks: lint, format, types, layers, tests with coverage.
test: lint typecheck layers unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

layers: $(STAMP)
	$(BIN)/lint-imports

unit: $(STAMP) browser-deps redis-deps node-deps
	$(BIN)/coverage erase
	$(BIN)/pytest --cov --cov-report=term
	$(BIN)/coverage report --include='restkit/core/*' --fail-under=95

## Headless Chromium for the docs-page browser test (Debian's package; root only).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: browser tests will be skipped"; fi; }

## Debian's redis-server for the Redis store's tests, which start and stop it themselves (root only).
redis-deps:
	@command -v redis-server >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	  else echo "redis-server is missing: Redis tests will be skipped (they fail under CI)"; fi; }

# -- benchmarks (docs/performance.md) ------------------------------------------------------
# The peers live in their own venv, so the test venv and what restkit imports stay as they are.
BENCH_VENV ?= .venv-bench
BENCH_BIN := $(BENCH_VENV)/bin
BENCH_STAMP := $(BENCH_VENV)/.installed
## Extra options for the benchmark command, e.g. BENCH_ARGS="--only restkit,falcon".
BENCH_ARGS ?=

$(BENCH_STAMP): pyproject.toml benchmarks/requirements.txt
	python3 -m venv $(BENCH_VENV)
	$(BENCH_BIN)/python -m pip install --quiet --upgrade pip
	$(BENCH_BIN)/python -m pip install --quiet -r benchmarks/requirements.txt
	touch $(BENCH_STAMP)

## restkit installed as users install it (not editable, like the peers), from this checkout.
bench-restkit: $(BENCH_STAMP)
	$(BENCH_BIN)/python -m pip install --quiet --no-deps --force-reinstall .

## restkit against its peers: requests in-process, then import time, build time and memory.
bench: bench-restkit
	$(BENCH_BIN)/python -m benchmarks $(BENCH_ARGS)

## Each app under gunicorn (sync, gthread) or uvicorn on 127.0.0.1, loaded by wrk.
bench-http: bench-restkit wrk
	$(BENCH_BIN)/python -m benchmarks --loopback $(BENCH_ARGS)

## The OpenAPI document of a 500-endpoint app.
bench-spec: bench-restkit
	$(BENCH_BIN)/python -m benchmarks --spec $(BENCH_ARGS)

## Every suite in one run: the run docs/performance.md quotes.
bench-all: bench-restkit wrk
	$(BENCH_BIN)/python -m benchmarks --all $(BENCH_ARGS)

## Every suite, briefly: checks the harness works; the figures are rough.
bench-quick: bench-restkit wrk
	$(BENCH_BIN)/python -m benchmarks --all --quick $(BENCH_ARGS)

## Debian's wrk, the load generator of the loopback suite (root only).
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "wrk is missing: install it (apt-get install wrk) for the loopback suite"; fi; }

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
