# KiSA – the two quickstart commands are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: bench install demo serve test test-postgres test-browser lint format migrations-check messages vendor clean audit api-fuzz backup restore-drill

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip 'setuptools>=78.1.1'
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

# One worker per core (pytest-xdist); the tests sharing the loaded demo run together on one of them.
PARALLEL := -n auto --dist loadgroup

test: install ## the whole suite on SQLite (browser tests: make test-browser)
	$(VENV)/bin/pytest -q $(PARALLEL)

test-postgres: install ## the suite against PostgreSQL (DATABASE_URL, default: local server, fresh database)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kisa} $(VENV)/bin/pytest -q --create-db $(PARALLEL)

test-browser: install ## end-to-end journeys in headless Debian Chromium
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -q -m browser tests/browser

bench: install ## every benchmark in turn, printing its figures (DATABASE_URL picks the database; long: see docs/ARCHITECTURE.md)
	for script in benchmarks/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

bench-%: install ## one benchmark, e.g. make bench-registry_pages
	$(PY) benchmarks/$*.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy kisa/*/services.py kisa/*/selectors.py

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

messages: install ## refresh every app's catalogues (German, and the public pages' languages), then compile them
	$(PY) scripts/make_messages.py

audit: install ## dependency audit: pip-audit online, else the offline floor (scripts/minimum_versions.txt)
	$(PY) scripts/dependency_audit.py

api-fuzz: install ## schemathesis against the OpenAPI schema, more examples than the suite (KISA_SCHEMATHESIS_EXAMPLES)
	KISA_SCHEMATHESIS_EXAMPLES=$${KISA_SCHEMATHESIS_EXAMPLES:-50} $(VENV)/bin/pytest -q kisa/core/tests/test_api_schema.py

backup: install ## write an encrypted backup to var/backups (BACKUP_ENCRYPTION_KEY; docs/operations.md)
	$(PY) manage.py backup

restore-drill: install ## restore the newest backup into a scratch SQLite database and compare record counts
	sh scripts/restore_drill.sh

vendor: ## refresh vendored browser assets (KERN UX, htmx) from npm; needs Node.js
	sh scripts/vendor_assets.sh

clean:
	rm -rf $(VENV) var
