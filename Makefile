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
	# Django is set up from the project root, then each app's folder is scanned (run from inside an app
	# folder, manage.py would import kisa/accounts/rules.py in place of the django-rules package).
	for app in core accounts registry; do $(PY) -c "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup(); os.chdir('kisa/$$app'); from django.core.management import call_command; call_command('makemessages', locale=['de'], no_obsolete=True)"; done
	$(PY) manage.py makemessages -l de --no-obsolete --ignore 'kisa/*' --ignore '.venv/*'
	$(PY) manage.py compilemessages --ignore '.venv/*'

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
