# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.13 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000
DEBUG ?= 1
DATABASE_URL ?=
export DEBUG

.PHONY: run worker test check bench audit clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 13) else "Python 3.13 is required (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

# A local secret key, made once, so manage.py works without exporting anything.
.env:
	@$(PYTHON) -c 'import secrets; print("SECRET_KEY=" + secrets.token_urlsafe(50))' > $@

run: $(VENV)/.installed .env
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo --if-empty
	$(MANAGE) refresh_related_stories --verbosity 0
	@echo ""
	@echo "  Site:  http://127.0.0.1:$(PORT)/"
	@echo "  Admin: http://127.0.0.1:$(PORT)/admin/  (make an account first: $(MANAGE) createsuperuser)"
	@echo "  Background tasks (the admin's WordPress import): run 'make worker' in another terminal"
	@echo ""
ifeq ($(DEBUG),0)
	$(MANAGE) collectstatic --noinput --verbosity 0
	SERVE_MEDIA=1 SECURE_SSL_REDIRECT=0 PORT=$(PORT) $(BIN)/gunicorn --config gunicorn.conf.py newsroom.wsgi
else
	$(MANAGE) runserver 127.0.0.1:$(PORT)
endif

# The task worker: runs background tasks (the admin's WordPress import) queued in the database.
worker: $(VENV)/.installed .env
	$(MANAGE) db_worker

test: $(VENV)/.installed-dev
	@command -v npm >/dev/null && $(MAKE) --no-print-directory node_modules/.installed || echo "npm not found: the HTML validity test will be skipped"
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Seeds 1,000 and 100,000 stories, serves them with gunicorn as production does (recycled
# workers, a Redis of its own if redis-server is installed), loads every page and a Zipf mix of
# 30,000 URLs with wrk (installed from Debian's packages if missing), while an editor saves too,
# and measures each worker's memory growth. BENCH_SIZES=1000 BENCH_DURATION=3 for a quick run.
bench: $(VENV)/.installed
	$(BIN)/python -m bench

# The W3C Nu checker (a test uses it) and Lighthouse, pinned in package.json.
node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	@touch $@

# Lighthouse (mobile) on the demo served as production would; fails below 95 in any category.
audit: $(VENV)/.installed node_modules/.installed
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(BIN)/python scripts/lighthouse.py

check: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	DEBUG=0 SECRET_KEY=check-only $(MANAGE) check
	DEBUG=0 SECRET_KEY=check-only $(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles
