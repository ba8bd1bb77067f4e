# Zheli: `make run` serves the demo on SQLite, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
CHROMIUM := /usr/bin/chromium

.PHONY: run test test-fast test-e2e bench install venv test-tools translations static messages lint clean

## A working virtual environment: a .venv left half-made (python3 -m venv without Debian's
## python3-venv) is removed and made again; without venv support, say the command that adds it.
venv:
	@if [ -d $(VENV) ] && [ "$$($(BIN)/python -c 'import pip; print(1)' 2>/dev/null)" != 1 ]; then \
		echo "== $(VENV) is broken (no working python or pip): making it again"; \
		rm -rf $(VENV); \
	fi
	@if [ ! -x $(BIN)/python ]; then \
		$(PYTHON) -c "import sys; sys.exit(sys.version_info < (3, 11))" || { \
			echo "Zheli needs Python 3.11 or newer as '$(PYTHON)' (make PYTHON=python3.12 ...)"; exit 1; }; \
		echo "== Creating $(VENV) with $$($(PYTHON) --version)"; \
		$(PYTHON) -m venv $(VENV) >/dev/null 2>&1 || { \
			rm -rf $(VENV); \
			echo "'$(PYTHON) -m venv' does not work here. On Debian or Ubuntu run:"; \
			echo "    sudo apt-get install python3-venv"; \
			exit 1; }; \
	fi

$(STAMP): pyproject.toml | venv
	@echo "== Installing Zheli and its dependencies into $(VENV) (a minute or two the first time)"
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --progress-bar on -e ".[test]"
	@touch $(STAMP)

install: venv $(STAMP)

## What the tests start themselves: Debian's Chromium (browser tests) and redis-server (a
## private one on a free port). Installed with apt-get when running as root, else the command.
test-tools:
	@missing=""; \
	[ -x $(CHROMIUM) ] || missing="$$missing chromium"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "== Installing Debian's$$missing for the tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "The tests need$$missing. Install with:"; \
			echo "    sudo apt-get install$$missing"; \
			exit 1; \
		fi; \
	fi

## Compile the kk/ru/en catalogs, and kk_Latn written from kk in Latin letters (the .mo files and
## translations/kk_Latn are built, never committed).
translations: install
	@echo "== Writing the Kazakh Latin catalog from kk; compiling the kk, kk_Latn, ru and en catalogs"
	@$(FLASK) translate compile >/dev/null

## The brotli and gzip copies the app sends of each static file (made, never committed).
static: install
	@echo "== Compressing the static files (a .br and a .gz copy beside each)"
	@$(BIN)/python -m whitenoise.compress -q intranet/static

## Extract new strings from code and templates, and merge them into every catalog.
messages: install
	$(FLASK) translate update

run: translations static
	mkdir -p instance/uploads
	@echo "== Bringing the database up to date (flask db upgrade)"
	$(FLASK) db upgrade
	@echo "== Seeding the demo network if the database has no accounts yet"
	$(FLASK) seed-demo --if-empty
	@echo "== Serving Zheli at http://$(HOST):$(PORT)/ (Ctrl+C stops it)"
	$(FLASK) run --host $(HOST) --port $(PORT)

test: translations static test-tools
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: translations static test-tools
	$(BIN)/python -m pytest -m "not e2e" $(PYTEST_ARGS)

test-e2e: translations static test-tools
	$(BIN)/python -m pytest -m e2e $(PYTEST_ARGS)

bench: translations static
	$(BIN)/python -m tests.bench

lint: install
	$(BIN)/ruff check intranet tests
	$(BIN)/ruff format --check intranet tests

clean:
	rm -rf $(VENV) instance .pytest_cache
	find translations -name '*.mo' -delete
	rm -rf translations/kk_Latn
	find intranet/static \( -name '*.br' -o -name '*.gz' \) -delete
