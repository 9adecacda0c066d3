# The registry's commands. `make help` lists them.
# Everything installs itself on first use: uv into .tools/, Python packages into .venv/.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV := .tools/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
RUN := $(UV) run --frozen
MANAGE := $(RUN) python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Test workers, one per core (pytest-xdist), each with its own test database; a module's
# tests stay on one worker, so the data it builds once (tests/security/world.py,
# tests/demo_city.py) is built once.
XDIST := -n auto --dist loadfile

.PHONY: help install run sso-provider test test-fast lint format messages browsers db-stop clean backup restore drill bench

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(UV):
	@echo "Installing uv into .tools/ ..."
	@PIP_ROOT_USER_ACTION=ignore $(PYTHON) -m pip install --quiet --disable-pip-version-check --target .tools uv

.venv/.synced: $(UV) pyproject.toml uv.lock
	@$(UV) sync --frozen --quiet
	@touch $@

install: .venv/.synced ## Install what is missing (Python packages; gettext if absent)
	@bash .ci/install-gettext
	@$(MANAGE) compilemessages --ignore=.venv -v 0

run: install ## Start the app (and its background worker) with demo data: http://127.0.0.1:8000/
	@$(MANAGE) migrate --no-input -v 0
	@$(MANAGE) seed_demo --once
	@$(MANAGE) demo_two_factor
	@$(MANAGE) schedule_tasks
	@$(MANAGE) demo_logins --address http://$(HOST):$(PORT)/
	@$(MANAGE) task_worker --interval 5 -v 0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(MANAGE) runserver $(HOST):$(PORT)

# A demo identity provider for single sign-on (oidc-provider-mock, fictional people in
# tooling/demo/sso_users.yaml); its port, and the settings that point `make run` at it.
SSO_PORT ?= 9400
SSO_ENV := OIDC_DISCOVERY_URL=http://$(HOST):$(SSO_PORT)/.well-known/openid-configuration \
  OIDC_CLIENT_ID=makelaar-demo OIDC_CLIENT_SECRET=demo-geheim \
  OIDC_PROVIDER_NAME="Gemeente Demo" \
  OIDC_GROUPS="sm-noord=makelaar:Noord; sw-oost=social_worker:Oost; teamcoaches=team_coach"

sso-provider: install ## Start a demo OpenID provider for single sign-on; prints how to run the app with it
	@echo "Demo identity provider on http://$(HOST):$(SSO_PORT)/ (Ctrl-C stops it). In another terminal:"
	@echo ""
	@echo '  $(SSO_ENV) make run'
	@echo ""
	@echo "People (pick one on the provider's page): sso.makelaar.noord (makelaar, Noord),"
	@echo "sso.werker.oost (social worker, Oost), sso.coach (team coach, MFA done at the provider),"
	@echo "sso.kantine (no mapped group: refused). Deactivate someone at the provider:"
	@echo "  curl -X POST http://$(HOST):$(SSO_PORT)/users/sso.makelaar.noord/revoke-tokens"
	@$(RUN) python -m oidc_provider_mock --host $(HOST) --port $(SSO_PORT) \
	  --user-claims-file tooling/demo/sso_users.yaml

backup: install ## Back up the database into backups/ (FILE=path to choose the file)
	@$(MANAGE) backup $(if $(FILE),--output $(FILE))

restore: install ## Replace the database with a backup: make restore FILE=backups/….dump (YES=1: no question)
	@$(if $(FILE),,$(error Set FILE=backups/<file>.dump))$(MANAGE) restore $(FILE)$(if $(YES), --yes)

bench: install ## Benchmark key pages under gunicorn (builds size L in .bench-pgdata/ when missing)
	@$(RUN) python tooling/bench/run.py $(BENCH_ARGS)

drill: install ## Restart PostgreSQL under load and print what users notice
	@$(RUN) python tooling/drill/restart_under_load.py

browsers: ## Install Chromium for the browser tests, where this machine allows it
	@bash .ci/install-chromium

# The benchmark and the drills run after the rest, alone: they time the app and restart
# PostgreSQL under load, which other workers' tests would disturb (and be disturbed by).
# Both runs run; the target fails if either did.
test: install browsers lint ## Run the whole test suite (browser tests included) and lint
	@status=0; \
	  DJANGO_ALLOW_ASYNC_UNSAFE=true $(RUN) pytest -m "not drill and not bench" $(XDIST) || status=$$?; \
	  DJANGO_ALLOW_ASYNC_UNSAFE=true $(RUN) pytest -m "drill or bench" || status=$$?; \
	  exit $$status

test-fast: install ## The tests without browser, benchmark and restart drill, on every core (make test is the whole truth)
	@DJANGO_ALLOW_ASYNC_UNSAFE=true $(RUN) pytest -q -m "not e2e and not drill and not bench" $(XDIST)

lint: install ## ruff, djlint, migrations check, translations complete, no import cycles
	@$(RUN) ruff check .
	@$(RUN) python tooling/lint/check_imports.py
	@$(RUN) ruff format --check .
	@$(RUN) djlint templates --lint
	@$(MANAGE) makemigrations --check --dry-run -v 0
	@bash .ci/check-translations

format: install ## Reformat Python code
	@$(RUN) ruff format .
	@$(RUN) ruff check --fix .

messages: install ## Update the Dutch translations file after changing strings
	@$(MANAGE) makemessages -l nl --ignore=.venv --ignore=.tools --ignore=tests --no-obsolete
	@$(MANAGE) compilemessages --ignore=.venv -v 0

db-stop: install ## Stop the embedded PostgreSQL if a killed process left it running
	@$(MANAGE) embedded_db stop

clean: ## Remove installed packages and the embedded database (your data is lost)
	rm -rf .venv .tools .pgdata staticfiles
