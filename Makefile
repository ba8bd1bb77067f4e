# Zheli: `make run` serves the demo on SQLite, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test test-fast test-e2e bench install translations messages lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

## Compile the kk/ru/en catalogs (the .mo files are built, never committed).
translations: $(STAMP)
	$(FLASK) translate compile

## Extract new strings from code and templates, and merge them into every catalog.
messages: $(STAMP)
	$(FLASK) translate update

run: translations
	mkdir -p instance/uploads
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	$(FLASK) run --host $(HOST) --port $(PORT)

test: translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: translations
	$(BIN)/python -m pytest -m "not e2e" $(PYTEST_ARGS)

test-e2e: translations
	$(BIN)/python -m pytest -m e2e $(PYTEST_ARGS)

bench: translations
	$(BIN)/python -m tests.bench

lint: $(STAMP)
	$(BIN)/ruff check intranet tests
	$(BIN)/ruff format --check intranet tests

clean:
	rm -rf $(VENV) instance .pytest_cache
	find translations -name '*.mo' -delete
