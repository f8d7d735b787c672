# Every command a person or CI runs is a target here; each calls an npm script.
# `make` alone lists them.
SHELL := bash
.DEFAULT_GOAL := help
NPM ?= npm
# --silent: no npm banner, so `make -s <target> ARGS=--json` prints the JSON and nothing else.
RUN := $(NPM) run --silent
COMPOSE ?= docker compose

.PHONY: help install dev test test-docs lint format build start migrate migrate-status migrate-down migrate-create migrate-verify migrate-plan migrate-lint migrate-rehearse db-backup db-verify db-restore db-seed up down logs clean

help: ## List the targets
	@if [ -t 1 ]; then on=$$'\033[36m'; off=$$'\033[0m'; fi; \
	grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk -v on="$$on" -v off="$$off" 'BEGIN {FS = ":.*?## "}; {printf "  %s%-16s%s %s\n", on, $$1, off, $$2}'

# Installs exactly what package-lock.json says, once, and again only when the lock file changes
# (editing scripts in package.json does not reinstall; `npm install X` changes the lock and does).
node_modules/.package-lock.json: package-lock.json
	$(NPM) ci
	@touch $@

# dist/ is rebuilt from scratch whenever a source, a folder (a file added or deleted) or a tsconfig
# changed, so it never holds the compiled file of a deleted migration.
BUILD_INPUTS := $(shell find service/src migrations -name '*.ts' -o -type d) tsconfig.json tsconfig.build.json package-lock.json
dist/.build-stamp: $(BUILD_INPUTS) | node_modules/.package-lock.json
	@echo "Compiling TypeScript to dist/ ..."
	@$(RUN) build
	@touch $@

install: node_modules/.package-lock.json ## Install dependencies (npm ci) if missing or stale

dev: install ## Run the API with reload; starts an embedded Postgres in .data/ unless DATABASE_URL is set
	@$(RUN) dev

test: install build ## Run the whole suite against a real Postgres (TEST_DATABASE_URL, a container, or embedded)
	@mkdir -p .reports
	@$(RUN) test -- --json --outputFile=.reports/jest-results.json

test-docs: install build ## Run every shell block of docs/getting-started.md in a fresh clone (takes minutes)
	@$(RUN) test:docs

lint: install ## ESLint, Prettier check, tsc --noEmit and secretlint
	@$(RUN) lint

format: install ## Rewrite files with Prettier and ESLint fixes
	$(NPM) run format

build: install dist/.build-stamp ## Compile TypeScript to a clean dist/ (only when a source changed)

start: build ## Run the compiled server (needs DATABASE_URL, from the shell or .env)
	@$(RUN) start

# ARGS passes options through, e.g. make migrate ARGS="--to 20251125000000-create-items.js --json".
migrate: install ## Apply pending migrations to DATABASE_URL (under the advisory lock, one transaction each)
	@$(RUN) migrate -- up $(ARGS)

migrate-status: install ## Show applied and pending migrations of DATABASE_URL, with checksum checks
	@$(RUN) migrate -- status $(ARGS)

migrate-down: install ## Undo the last applied migration of DATABASE_URL (ARGS="--step N" or "--to NAME")
	@$(RUN) migrate -- down $(ARGS)

migrate-create: install ## Write a new migration: make migrate-create NAME=add-sku-to-items
	@test -n "$(NAME)" || { echo 'usage: make migrate-create NAME=add-sku-to-items' >&2; exit 2; }
	@$(RUN) migrate -- create "$(NAME)" $(ARGS)

migrate-verify: install ## Check applied migrations against their checksums and files (a CI gate)
	@$(RUN) migrate -- verify $(ARGS)

# Reviewing migrations before they run (docs/migrations.md, "Reviewing a migration").
migrate-plan: install ## Print the SQL pending migrations will send, from a throwaway copy (ARGS="--from-backup FILE --out plan.sql")
	@$(RUN) migrate -- plan $(ARGS)

migrate-lint: install ## Lint the planned SQL; exit 1 on an unaccepted finding (ARGS="--json" for CI)
	@$(RUN) migrate -- lint $(ARGS)

migrate-rehearse: install ## Restore a backup into a throwaway database, plan, lint and apply there: BACKUP=backups/x.dump
	@test -n "$(BACKUP)" || { echo 'usage: make migrate-rehearse BACKUP=backups/<name>.dump' >&2; exit 2; }
	@$(RUN) migrate -- rehearse --from-backup "$(BACKUP)" $(ARGS)

# Backups (docs/backup-restore.md). Extra flags go in ARGS, e.g. ARGS="--keep 7 --json".
db-backup: install ## pg_dump DATABASE_URL to backups/ with a manifest (ARGS="--keep N" prunes)
	@$(RUN) db -- backup $(ARGS)

db-verify: install ## Prove a backup by restoring it into a throwaway database: FILE=backups/x.dump
	@test -n "$(FILE)" || { echo "usage: make db-verify FILE=backups/<name>.dump" >&2; exit 2; }
	@$(RUN) db -- verify "$(FILE)" $(ARGS)

db-restore: install ## Restore a verified backup: FILE=backups/x.dump TARGET=VAR_HOLDING_URL (or a URL)
	@test -n "$(FILE)" -a -n "$(TARGET)" || { echo "usage: make db-restore FILE=backups/<name>.dump TARGET=RESTORE_URL" >&2; exit 2; }
	@$(RUN) db -- restore "$(FILE)" --target "$(TARGET)" $(ARGS)

db-seed: install ## Insert generated items into DATABASE_URL to measure backups (COUNT=1000000; ARGS=--yes for a remote one)
	@$(RUN) seed:items -- --count $(or $(COUNT),1000000) $(ARGS)

up: ## Start Postgres, migrate and the API with Docker Compose
	$(COMPOSE) up --build --detach
	@echo "API on http://localhost:3000/docs (logs: make logs)"

down: ## Stop the Docker Compose stack (data volume is kept)
	$(COMPOSE) down

logs: ## Follow the Docker Compose logs
	$(COMPOSE) logs --follow

clean: ## Remove build output and reports (not .data/ or backups/)
	rm -rf dist coverage .reports
