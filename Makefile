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
	$(BIN)/pybabel compile -f -d translations --statistics 2>&1 | tail -n 3

## Extract new strings from code and templates, and merge them into every catalog.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k ngettext:1,2 --no-location \
		--sort-output --project Zheli --copyright-holder "Zheli developers" -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete

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
