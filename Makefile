# Set-up and everyday tasks. Every target installs what it needs first.
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck layers unit browser-deps

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
