# Two commands a newcomer needs: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PG_URL := postgres://postgres@127.0.0.1:5432/portal
REDIS := redis://127.0.0.1:6379/0
# Port of `make demo`: `PORT=8001 make demo` or `make demo PORT=8001`.
PORT ?= 8000

.PHONY: schema demo test install vendor messages services chromium pdf-libs lint check serve worker beat backup restore bench load clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

static/vendor/.installed: package.json package-lock.json scripts/vendor.sh
	scripts/vendor.sh
	touch $@

install: pdf-libs $(VENV)/.installed static/vendor/.installed messages

vendor: static/vendor/.installed

messages: $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

services:
	scripts/ensure-services.sh

chromium:
	scripts/ensure-chromium.sh

pdf-libs:
	scripts/ensure-pdf-libs.sh

# Run the portal with demo data: on PostgreSQL + Redis + a Celery worker when DATABASE_URL and
# REDIS_URL are set, otherwise on the embedded default (SQLite, tasks in process).
demo: install
	@if [ -n "$$DATABASE_URL" ]; then scripts/ensure-services.sh; fi
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_reference_data
	$(PY) manage.py seed_demo
	@# Worker and beat are separate processes, stopped with the portal (Ctrl-C): a beat embedded in the worker
	@# (worker --beat) would outlive a killed worker.
	@if [ -n "$$REDIS_URL" ]; then \
	  echo "Starting a Celery worker and beat (logs in celery.log and celery-beat.log)"; \
	  $(VENV)/bin/celery -A portal worker -l info --concurrency 2 >celery.log 2>&1 & worker=$$!; \
	  $(VENV)/bin/celery -A portal beat -l info >celery-beat.log 2>&1 & beat=$$!; \
	  trap 'kill $$worker $$beat 2>/dev/null; wait $$worker $$beat' EXIT; trap 'exit 130' INT TERM; \
	fi; \
	echo "The portal is at http://127.0.0.1:$(PORT)/"; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# All checks and tests, against PostgreSQL and Redis with a real Celery worker started by the tests; then the
# suite again on the embedded default (SQLite, tasks in process) but the tests marked postgres_only and the
# browser tests (they drive the same pages through Chromium; once is enough to keep the run under 30 minutes).
test: install services chromium
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS) SECRET_KEY=check $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest --create-db
	DATABASE_URL=sqlite:///$${TMPDIR:-/tmp}/portal-tests.sqlite3 REDIS_URL= $(VENV)/bin/pytest --create-db -m "not postgres_only and not browser and not once"

# The API's OpenAPI schema, committed as docs/openapi.yaml: regenerate after changing the API (a test compares them).
# Generated on PostgreSQL (as in production): integer bounds in the schema come from the database's ranges.
schema: $(VENV)/.installed
	DATABASE_URL=$(PG_URL) LANGUAGE_CODE=en SECRET_KEY=schema DEBUG=0 $(PY) manage.py spectacular --validate --fail-on-warn --file docs/openapi.yaml

# Backups of the PostgreSQL database named by DATABASE_URL: `make backup [FILE=...]`, `make restore FILE=...`.
backup:
	scripts/backup.sh $(FILE)

restore:
	scripts/restore.sh $(FILE)

# Speed at 100 000 participants, printed as JSON (docs/BENCHMARKS.md). Runs on PostgreSQL + Redis with a
# Celery worker, in a database of its own (portal_bench) so that the demo data stays untouched.
BENCH_ENV := DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench REDIS_URL=redis://127.0.0.1:6379/12 \
	SECRET_KEY=bench DEBUG=0 SECURE_SSL_REDIRECT=0 STATIC_MANIFEST=0
bench: install services
	psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='portal_bench'" | grep -q 1 \
	  || createdb -h 127.0.0.1 -U postgres portal_bench
	$(BENCH_ENV) $(PY) manage.py migrate --noinput -v 0
	$(BENCH_ENV) $(PY) manage.py load_reference_data
	$(BENCH_ENV) $(VENV)/bin/celery -A portal worker --pool solo -l warning & worker=$$!; \
	  trap "kill $$worker" EXIT; $(BENCH_ENV) $(PY) manage.py bench $(BENCH_ARGS)
# Load test (docs/BENCHMARKS.md): gunicorn + a Celery worker on a seeded database of its own
# (LOAD_DATABASE_URL, default portal_load), locust in steps of 25, 50, 100, 200 users (LOAD_STEPS), 60 s each
# (LOAD_STEP_TIME); prints per step requests/s, p50/p95/p99, errors, CPU per process kind, and the knee.
load: install services
	scripts/load.sh

lint:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles db.sqlite3* locale/*/LC_MESSAGES/*.mo
