# Two commands for a newcomer: `make run` (the app, on its embedded SQLite) and `make test` (everything CI runs).
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3

.PHONY: run test lint bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

## run: install Headway into .venv and show the example career (then use .venv/bin/headway)
run: $(BIN)/.installed
	$(BIN)/headway demo

## test: lint, format check, strict types, then the whole suite on SQLite and PostgreSQL with coverage
test: $(BIN)/.installed lint
	rm -f .coverage .coverage.*
	$(BIN)/pytest -n 2 --cov --cov-report=term $(PYTEST_ARGS)

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## bench: the start-up and scale benchmark against Taskwarrior (needs the taskwarrior package)
bench: $(BIN)/.installed
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .coverage .coverage.* .pytest_cache .mypy_cache .ruff_cache bench/results
