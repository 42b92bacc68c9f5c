# Two commands for a newcomer: `make run` (the app, on its embedded SQLite) and `make test` (everything CI runs).
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3
# axe-core for the browser tests, installed by npm (see browser-deps below)
AXE := tests/browser/node_modules/.package-lock.json
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint bench clean browser-deps screenshots

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

## run: install Headway into .venv, make the example career and open it in the web app (a sign-in link is printed)
run: $(BIN)/.installed
	$(BIN)/headway demo > /dev/null
	$(BIN)/headway --demo serve

## test: lint, format check, strict types, then the whole suite on SQLite and PostgreSQL with coverage
test: $(BIN)/.installed lint $(AXE)
	rm -f .coverage .coverage.*
	$(BIN)/pytest -n 2 --cov --cov-report=term $(PYTEST_ARGS)

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## bench: the start-up and scale benchmark against Taskwarrior (needs the taskwarrior package)
bench: $(BIN)/.installed
	$(BIN)/python bench/run.py

# The browser tests (tests/browser) drive Debian's Chromium; their accessibility scan injects axe-core, pinned by
# tests/browser/package-lock.json. Without npm, `make test` still runs: the scan is skipped on a developer's
# machine (and fails under CI, where it must run). npm writes node_modules/.package-lock.json on each install, so
# a newer lock file installs again.
$(AXE): tests/browser/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tests/browser --no-audit --no-fund --silent; \
	else \
	  echo "npm is missing: the browser tests' accessibility scan will be skipped (make browser-deps installs it)."; \
	fi

## browser-deps: what the browser tests need: Debian's Chromium (apt-get, with sudo) and axe-core (npm)
browser-deps:
	@[ -x /usr/bin/chromium ] || $(SUDO) apt-get install -y chromium
	@command -v npm >/dev/null 2>&1 || $(SUDO) apt-get install -y npm
	npm ci --prefix tests/browser --no-audit --no-fund --silent

## screenshots: the main pages at desktop and phone widths into docs/screenshots (for the README)
screenshots: $(BIN)/.installed $(AXE)
	HEADWAY_SCREENSHOTS=1 $(BIN)/pytest tests/browser/test_layout.py -q -p no:cacheprovider

clean:
	rm -rf tests/browser/node_modules
	rm -rf $(VENV) .coverage .coverage.* .pytest_cache .mypy_cache .ruff_cache bench/results
