# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
# Official boundary files, if you have them (see README); the app works without.
BOUNDARIES ?= ../shared/data

# One worker per core, a test module per worker (pytest-xdist); PYTEST_PARALLEL= runs in one.
PYTEST_PARALLEL ?= -n auto --dist loadfile

.PHONY: install run test lint format messages demo-data

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

demo-data: install
	$(PY) manage.py migrate --verbosity 0
	$(PY) manage.py load_reference
	@if [ -f $(BOUNDARIES)/brussels-communes.geojson ]; then \
		$(PY) manage.py import_boundaries communes $(BOUNDARIES)/brussels-communes.geojson; \
		$(PY) manage.py import_boundaries quartiers $(BOUNDARIES)/brussels-quartiers.geojson; \
	fi
	$(PY) manage.py load_demo

# The demo accounts are printed just above the server's first lines.
run: demo-data
	DEBUG=true $(PY) manage.py demo_accounts
	DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# Every interface language but French, the source (settings.LANGUAGES; a test keeps them equal).
LOCALES := nl en ar tr es pt ro pl bg uk fa

messages: install
	$(PY) manage.py makemessages $(foreach locale,$(LOCALES),--locale $(locale)) --ignore ".venv/*" --no-obsolete
	$(PY) manage.py compilemessages --ignore ".venv/*"

test: lint
	$(PY) -m pytest $(PYTEST_PARALLEL)
