# Puente — `make run` serves the bilingual demo, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help run test lint format worker messages check-messages lock install install-dev

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-base: requirements/base.lock | $(PY)
	scripts/system-packages.sh run
	$(PIP) install --quiet --require-hashes -r requirements/base.lock
	touch $@

$(VENV)/.installed-dev: requirements/dev.lock | $(PY)
	scripts/system-packages.sh test
	$(PIP) install --quiet --require-hashes -r requirements/dev.lock
	touch $@ $(VENV)/.installed-base

install: $(VENV)/.installed-base ## Install runtime dependencies into .venv
node_modules/.installed: package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && touch $@; \
	else \
		echo "npm not found: browser journeys need axe-core (sudo apt-get install npm)"; \
	fi

install-dev: $(VENV)/.installed-dev node_modules/.installed ## Install runtime and test dependencies

run: install ## Migrate, load the bilingual demo and serve http://127.0.0.1:8000 (PORT=… for another)
	$(PY) manage.py migrate --noinput
	WAGTAILADMIN_BASE_URL=$${WAGTAILADMIN_BASE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py seed_demo
	WAGTAILADMIN_BASE_URL=$${WAGTAILADMIN_BASE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py runserver $(HOST):$(PORT)

# The suite runs in one process per core (pytest-xdist, at most 4: each has its own test
# database, and the Redis tests claim one of six Redis databases per process). TEST_WORKERS=0
# runs it in this process.
TEST_WORKERS ?= auto
test: install-dev ## Run the whole test suite (SQLite, or DATABASE_URL when set)
	$(PY) -m pytest --numprocesses $(TEST_WORKERS) --maxprocesses 4 $(PYTEST_ARGS)

lint: install-dev ## Ruff, layering contract (import-linter), Django checks, Spanish catalogue
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py check
	$(PY) scripts/check_messages.py

format: install-dev ## Apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

worker: install ## Start an RQ worker for background tasks (REDIS_URL, default local Redis)
	PUENTE_WORKER=1 REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} $(PY) manage.py rqworker \
		--worker-class cms.worker.Worker --job-class django_tasks_rq.Job --with-scheduler default

messages: install-dev ## Extract interface strings into locale/es and compile them
	$(PY) manage.py makemessages --locale es --no-obsolete --add-location file \
		--ignore '.venv/*' --ignore '.tools/*' --ignore 'node_modules/*' --ignore 'tests/*' --ignore 'benchmarks/*'
	$(PY) manage.py compilemessages --locale es --ignore '.venv/*' --ignore '.tools/*' --ignore 'node_modules/*'

check-messages: install-dev ## Fail when a Spanish string is missing, fuzzy or not compiled
	$(PY) scripts/check_messages.py

lock: ## Re-resolve dependencies from pyproject.toml into requirements/*.lock
	test -x .tools/bin/uv || ($(PYTHON) -m venv .tools && .tools/bin/pip install --quiet uv==0.13.9)
	.tools/bin/uv lock
	.tools/bin/uv export --quiet --format requirements-txt --no-emit-project --no-dev -o requirements/base.lock
	.tools/bin/uv export --quiet --format requirements-txt --no-emit-project --all-groups -o requirements/dev.lock
