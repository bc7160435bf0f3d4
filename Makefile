# Two commands for a fresh machine: `make run` (portal on SQLite with demo data) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# The address notice e-mails and certificates' QR codes link to: the one `make run` serves on.
PORTAL_URL ?= http://$(HOST):$(PORT)

.PHONY: run test test-fast test-browser install install-test messages migrate demo check clean bench bench-http

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install --quiet ".[test]"
	@touch $@

install: $(VENV)/.installed messages

install-test: install

# Translations compile with Babel (pure Python): no GNU gettext needed.
messages: $(VENV)/.installed
	@$(VENV)/bin/pybabel compile --statistics -d locale -D django 2>&1 | tail -n 1

migrate: install
	DEBUG=1 $(PY) manage.py migrate --noinput

demo: migrate
	DEBUG=1 PORTAL_URL=$(PORTAL_URL) $(PY) manage.py seed_demo --host $(HOST) --port $(PORT)

# The task worker (web imports) runs beside the development server and stops with it.
run: demo
	DEBUG=1 PORTAL_URL=$(PORTAL_URL) $(PY) manage.py db_worker --no-reload --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 PORTAL_URL=$(PORTAL_URL) $(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite, browser tests included; on PostgreSQL when DATABASE_URL is set.
test: install
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

# Everything but the browser journeys, for quick loops.
test-fast: install
	$(PY) -m pytest -n 2 -m "not browser and not slow" $(PYTEST_ARGS)

test-browser: install
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

check: install
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	DEBUG=1 $(PY) manage.py check

# National-scale benchmark on its own PostgreSQL database: make bench SCALE=province|national
SCALE ?= province
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal_scale_$(SCALE)
bench: install
	createdb -h 127.0.0.1 -U postgres portal_scale_$(SCALE) 2>/dev/null || true
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=1 $(PY) manage.py migrate --noinput
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=1 $(PY) manage.py seed_scale --scale $(SCALE) --if-empty
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=1 $(PY) manage.py bench_portal $(BENCH_ARGS)

# The same database over HTTP: gunicorn (2 workers, DEBUG=0) and 4 locust clients logged in through the form,
# warm page by page, cold (PostgreSQL restarted, OS cache dropped where allowed), mixed and under a login burst.
# Writes docs/benchmarks/<date>-<scale>-http.md. BENCH_HTTP_ARGS=--no-cold leaves PostgreSQL running.
bench-http: install
	createdb -h 127.0.0.1 -U postgres portal_scale_$(SCALE) 2>/dev/null || true
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=1 $(PY) manage.py migrate --noinput
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=1 $(PY) manage.py seed_scale --scale $(SCALE) --if-empty
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=1 $(PY) manage.py bench_http $(BENCH_HTTP_ARGS)

clean:
	rm -rf $(VENV) .venv-python3.* db.sqlite3 staticfiles var
