# Set-up and everyday tasks. Every target installs what it needs first.
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck layers unit browser-deps bench bench-http bench-spec bench-all bench-quick wrk

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

unit: $(STAMP) browser-deps
	$(BIN)/coverage erase
	$(BIN)/pytest --cov --cov-report=term
	$(BIN)/coverage report --include='restkit/core/*' --fail-under=95

## Headless Chromium for the docs-page browser test (Debian's package; root only).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: browser tests will be skipped"; fi; }

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
	$(BENCH_BIN)/python -m pip install --quiet -e . -r benchmarks/requirements.txt
	touch $(BENCH_STAMP)

## restkit against its peers: requests in-process, then import time, build time and memory.
bench: $(BENCH_STAMP)
	$(BENCH_BIN)/python -m benchmarks $(BENCH_ARGS)

## Each app under gunicorn (sync, gthread) or uvicorn on 127.0.0.1, loaded by wrk.
bench-http: $(BENCH_STAMP) wrk
	$(BENCH_BIN)/python -m benchmarks --loopback $(BENCH_ARGS)

## The OpenAPI document of a 500-endpoint app.
bench-spec: $(BENCH_STAMP)
	$(BENCH_BIN)/python -m benchmarks --spec $(BENCH_ARGS)

## Every suite in one run: the run docs/performance.md quotes.
bench-all: $(BENCH_STAMP) wrk
	$(BENCH_BIN)/python -m benchmarks --all $(BENCH_ARGS)

## Every suite, briefly: checks the harness works; the figures are rough.
bench-quick: $(BENCH_STAMP) wrk
	$(BENCH_BIN)/python -m benchmarks --all --quick $(BENCH_ARGS)

## Debian's wrk, the load generator of the loopback suite (root only).
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "wrk is missing: install it (apt-get install wrk) for the loopback suite"; fi; }
