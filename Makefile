# KiSA – the two quickstart commands are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: bench install demo serve test test-postgres test-browser lint format migrations-check messages vendor clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $(STAMP)

.env:
	cp .env.example .env

install: $(STAMP) .env ## venv and dependencies only
	mkdir -p var/staticfiles

demo: install ## migrate, load the Mayen-Koblenz demo data, print the logins, serve on :8000
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: install ## the whole suite on SQLite (browser tests: make test-browser)
	$(VENV)/bin/pytest -q

test-postgres: install ## the suite against PostgreSQL (DATABASE_URL, default: local server, fresh database)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kisa} $(VENV)/bin/pytest -q --create-db

test-browser: install ## end-to-end journeys in headless Debian Chromium
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -q -m browser tests/browser

bench: install ## response times of registry pages and API at demo and state scale (DATABASE_URL picks the database)
	$(PY) benchmarks/registry_pages.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy kisa/*/services.py kisa/*/selectors.py

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

messages: install ## refresh the German catalogues after changing UI strings, then compile them
	cd kisa && for app in core accounts registry; do (cd $$app && ../../$(PY) ../../manage.py makemessages -l de --no-obsolete); done
	$(PY) manage.py makemessages -l de --no-obsolete --ignore 'kisa/*' --ignore '.venv/*'
	$(PY) manage.py compilemessages --ignore '.venv/*'

vendor: ## refresh vendored browser assets (KERN UX, htmx) from npm; needs Node.js
	sh scripts/vendor_assets.sh

clean:
	rm -rf $(VENV) var
