# Fallakte: `make run` sets everything up and serves the panel, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app admin_app
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run serve load test install translations compile-translations upgrade seed lint audit bench clean

# Quiet: pip says nothing unless it fails; PYTHONWARNINGS silences setuptools' notices while it
# builds the editable install ("Editable installation … be careful with folders …"), which
# say nothing about this project.
$(STAMP): pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	@PYTHONWARNINGS=ignore $(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	@PYTHONWARNINGS=ignore $(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

compile-translations: $(STAMP)
	@$(BIN)/pybabel --quiet compile -d translations -D messages

translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k lazy_gettext -k _l -o translations/messages.pot --no-location --sort-output --omit-header --width 100 .
	$(BIN)/pybabel update -i translations/messages.pot -d translations -D messages --no-fuzzy-matching --ignore-obsolete --width 100
	$(BIN)/pybabel compile -d translations -D messages

upgrade: compile-translations
	@$(FLASK) db upgrade

seed: upgrade
	@$(FLASK) seed --if-empty

# Plain http on this machine: the session cookie may not demand HTTPS here. Another port:
# `make run PORT=8080` (or PORT=8080 in the environment); another address: HOST=0.0.0.0.
# The task consumer (exports) runs beside the web server, quietly, and stops with it.
run: seed
	@HOST=$(HOST) PORT=$(PORT) $(FLASK) demo-logins
	@$(FLASK) worker --quiet & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	SESSION_COOKIE_SECURE=false $(FLASK) run --host $(HOST) --port $(PORT)

# As in production: gunicorn with several worker processes and the task consumer beside it
# (the session cookie still plain http here; behind HTTPS leave SESSION_COOKIE_SECURE on).
WEB_WORKERS ?= 4
serve: seed
	$(FLASK) worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	SESSION_COOKIE_SECURE=false $(BIN)/gunicorn -w $(WEB_WORKERS) -b $(HOST):$(PORT) \
	  --access-logfile - 'admin_app:create_app()'

# The load test: gunicorn, 16 simulated users for 60 s, then no server error and no lost write
# (DATABASE_URL=postgresql://… for PostgreSQL; the database must exist and be empty).
load: compile-translations
	$(BIN)/python -m bench.load --users $(or $(LOAD_USERS),16) --seconds $(or $(LOAD_SECONDS),60) $(if $(DATABASE_URL),--database-url $(DATABASE_URL))

# The suite runs on every core (pytest-xdist), each worker on a database of its own;
# `make test TEST_WORKERS=0` runs it in one process.
TEST_WORKERS ?= auto
test: compile-translations
	$(BIN)/pytest -q -n $(TEST_WORKERS) $(PYTEST_ARGS)

# bandit: the application code in full; demo data and benchmarks without the checks for
# fixed passwords (public on purpose), assert and `random` (it makes fake data there).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/bandit -q -r admin_app models views
	$(BIN)/bandit -q -r seed bench -s B101,B105,B107,B311

audit: $(STAMP)
	.ci/audit

bench: compile-translations
	$(BIN)/python -m bench.side_by_side --persons $(or $(BENCH_PERSONS),20000) $(if $(DATABASE_URL),--database-url $(DATABASE_URL))
	$(BIN)/python -m bench.commissions --commissions $(or $(BENCH_COMMISSIONS),20000) $(if $(DATABASE_URL),--database-url $(DATABASE_URL))
	$(BIN)/python -m bench.list_pages --persons $(or $(PERSONS),5000) --clients $(or $(CLIENTS),5000)
	$(BIN)/python -m bench.documents --documents $(or $(DOCUMENTS),10000)
	$(BIN)/python -m bench.exports --rows $(or $(EXPORT_ROWS),100000)
	$(BIN)/python -m bench.api --persons $(or $(API_PERSONS),100000) $(if $(DATABASE_URL),--database-url $(DATABASE_URL))

clean:
	rm -rf $(VENV) instance/*.sqlite3 test-artifacts .import_linter_cache
