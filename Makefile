# Crieur — run `make help` for the list of targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: help demo serve serve-prod test test-postgres check lint format messages clean-db bench leaflet

help: ## List the targets
	@grep -E '^[a-zA-Z_.-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[1m%-12s\033[0m %s\n", $$1, $$2}'

$(VENV): pyproject.toml ## Build the virtual environment in .venv, with the test extras
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (found $(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)

messages: $(VENV) ## Compile the interface translations (locale/*/LC_MESSAGES/django.po)
	$(BIN)/python -c "import pathlib, polib; [polib.pofile(str(p)).save_as_mofile(str(p.with_suffix('.mo'))) for p in [*pathlib.Path('locale').glob('*/LC_MESSAGES/*.po'), *pathlib.Path('.').glob('*/locale/*/LC_MESSAGES/*.po')]]"

demo: $(VENV) messages ## Set up and serve the CMS with demo content on http://127.0.0.1:8000
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo
	$(MANAGE) ensure_demo_admin --base-url http://$(HOST):$(PORT)
	$(MANAGE) runserver $(HOST):$(PORT)

serve: $(VENV) messages ## Serve the CMS (no demo content loaded)
	$(MANAGE) migrate --no-input
	$(MANAGE) runserver $(HOST):$(PORT)

serve-prod: $(VENV) messages ## Serve the production settings locally: gunicorn on a local PostgreSQL
	@set -e; \
	export DATABASE_URL="$$(.ci/postgres.sh | tail -n 1)" \
	       DJANGO_SETTINGS_MODULE=crieur.settings.production \
	       SECRET_KEY="$${SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(60))')}" \
	       ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	       SECURE_SSL_REDIRECT=false \
	       WAGTAILADMIN_BASE_URL="http://$(HOST):$(PORT)" \
	       GUNICORN_BIND="$(HOST):$(PORT)"; \
	echo "PostgreSQL: $$DATABASE_URL"; \
	$(MANAGE) migrate --no-input; \
	$(MANAGE) collectstatic --no-input --verbosity 0; \
	$(BIN)/gunicorn -c gunicorn.conf.py crieur.wsgi

.PHONY: serve-cluster
serve-cluster: $(VENV) messages ## Serve a cluster on PORT: Varnish → two gunicorn nodes → PostgreSQL, Redis, a task worker
	$(BIN)/python deploy/cluster.py --port $(PORT)

check: $(VENV) messages ## Django checks and missing migrations
	DJANGO_SETTINGS_MODULE=crieur.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=crieur.settings.test $(MANAGE) makemigrations --check --dry-run

lint: $(VENV) ## Ruff lint and format check, and the layers' import contracts
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV) ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: $(VENV) messages check ## Set up the test environment and run the whole gate (check, migrations, ruff, layers, pytest)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres: $(VENV) ## Run the same gate on a throwaway local PostgreSQL and Redis, as CI's second run
	@set -eo pipefail; \
	DATABASE_URL="$$(.ci/postgres.sh | tail -n 1)"; REDIS_URL="$$(.ci/redis.sh | tail -n 1)"; \
	export DATABASE_URL REDIS_URL; \
	echo "PostgreSQL: $$DATABASE_URL  Redis: $$REDIS_URL"; \
	$(MAKE) test

bench: $(VENV) ## Run the benchmarks in bench/ (they print their figures)
	@for script in bench/*.py; do [ -e "$$script" ] || continue; echo "== $$script"; $(BIN)/python "$$script" || exit 1; done

clean-db: ## Delete the local SQLite database and media (asks no question)
	rm -f db.sqlite3 db.sqlite3-wal db.sqlite3-shm
	rm -rf var/media

LEAFLET_VERSION := 1.9.4
LEAFLET_SHA256 := 84c65a256e50657896f54c33bd857b6849ebe94c817803be818bf32a3dde0b77
leaflet: ## Fetch Leaflet from the npm registry, check its checksum, refresh places/static/places/leaflet/
	@set -e; tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	cd "$$tmp" && npm pack --silent leaflet@$(LEAFLET_VERSION) >/dev/null; \
	echo "$(LEAFLET_SHA256)  leaflet-$(LEAFLET_VERSION).tgz" | sha256sum --check --quiet; \
	tar -xzf leaflet-$(LEAFLET_VERSION).tgz; cd - >/dev/null; \
	dest=places/static/places/leaflet; mkdir -p $$dest/images; \
	cp "$$tmp"/package/dist/leaflet.js "$$tmp"/package/dist/leaflet.js.map "$$tmp"/package/dist/leaflet.css $$dest/; \
	cp "$$tmp"/package/dist/images/*.png $$dest/images/; cp "$$tmp"/package/LICENSE $$dest/LICENSE; \
	echo "Leaflet $(LEAFLET_VERSION) in $$dest"
