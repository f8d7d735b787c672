# Every command a person or CI runs is a target here; each calls an npm script.
# `make` alone lists them.
SHELL := bash
# --norc: a bash not started from another bash reads ~/.bashrc when its stdin is a socket, as under
# Node's spawn (tests, editors, some CI runners); a pyenv, nvm or conda set-up there then costs
# seconds of CPU per recipe line.
.SHELLFLAGS := --norc -c
.DEFAULT_GOAL := help
NPM ?= npm
# --silent: no npm banner, so `make -s <target> ARGS=--json` prints the JSON and nothing else.
RUN := $(NPM) run --silent
# Image targets read IMAGE, NODE_IMAGE, GIT_SHA, REGISTRY, IMAGE_REPOSITORY, POSTGRES_IMAGE from
# the command line or the environment (npm run image -- --help lists them).
export IMAGE NODE_IMAGE GIT_SHA REGISTRY IMAGE_REPOSITORY POSTGRES_IMAGE
# Compose v2 (`docker compose`) where it exists, else v1 (`docker-compose`); COMPOSE overrides.
COMPOSE ?= $(shell docker compose version >/dev/null 2>&1 && echo 'docker compose' || (command -v docker-compose >/dev/null 2>&1 && echo docker-compose))
COMPOSE_PROJECT ?= gitops-service

.PHONY: help init install dev test test-docs lint format build start migrate migrate-status migrate-down migrate-create migrate-verify migrate-plan migrate-lint migrate-rehearse db-backup db-verify db-restore db-seed up down logs clean image image-push image-smoke test-containers manifests bench bench-list load openapi deploy deploy-backup deploy-rehearse deploy-migrate deploy-promote promote ci migrate-roundtrip resource resource-remove

help: ## List the targets
	@if [ -t 1 ]; then on=$$'\033[36m'; off=$$'\033[0m'; fi; \
	grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk -v on="$$on" -v off="$$off" 'BEGIN {FS = ":.*?## "}; {printf "  %s%-16s%s %s\n", on, $$1, off, $$2}'

# Installs exactly what package-lock.json says, once, and again only when the lock file changes
# (editing scripts in package.json does not reinstall; `npm install X` changes the lock and does).
node_modules/.package-lock.json: package-lock.json
	$(NPM) ci
	@touch $@

# dist/ is rebuilt from scratch whenever a source, a folder (a file added or deleted) or a tsconfig
# changed, so it never holds the compiled file of a deleted migration. It is emitted without type
# checking (half the time: 5 s against 10 on two cores): `make lint` checks types, and the image's
# own build (`npm run build` in the Dockerfile) checks them again.
BUILD_INPUTS := $(shell find service/src migrations -name '*.ts' -o -type d) tsconfig.json tsconfig.build.json package-lock.json
dist/.build-stamp: $(BUILD_INPUTS) | node_modules/.package-lock.json
	@echo "Compiling TypeScript to dist/ ..."
	@$(RUN) build:emit
	@touch $@

install: node_modules/.package-lock.json ## Install dependencies (npm ci) if missing or stale

dev: install ## Run the API with reload; starts an embedded Postgres in .data/ unless DATABASE_URL is set
	@$(RUN) dev

test: install build ## Run the whole suite against a real Postgres (TEST_DATABASE_URL, a container, or embedded)
	@mkdir -p .reports
	@$(RUN) test -- --json --outputFile=.reports/jest-results.json

test-docs: install build ## Run every shell block of docs/getting-started.md in a fresh clone (takes minutes)
	@mkdir -p .reports
	@$(RUN) test:docs -- --json --outputFile=.reports/jest-docs.json

test-containers: install build ## Container checks on a real Docker engine: registry round trip, compose stack (IMAGE reuses a built image)
	@mkdir -p .reports
	$(NPM) run test:containers -- --json --outputFile=.reports/jest-containers.json

lint: install ## ESLint, Prettier check, tsc --noEmit, secretlint, and Spectral + Redocly on the OpenAPI document
	@$(RUN) lint

format: install ## Rewrite files with Prettier and ESLint fixes
	$(NPM) run format

build: install dist/.build-stamp ## Compile TypeScript to a clean dist/ when a source changed (types: make lint)

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

migrate-roundtrip: install ## Up, down to nothing, up again on DATABASE_URL: every migration applies and reverts cleanly
	$(NPM) run migrate -- up $(ARGS)
	$(NPM) run migrate -- down --to 0 $(ARGS)
	$(NPM) run migrate -- up $(ARGS)

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

# The seed, bench and load measure the items reference resource; make resource-remove NAME=items takes them with it.
ITEMS_TOOLING = @test -d service/bench -a -f service/dev/seed-items.ts || { echo 'make $@ measures the items reference resource, which this fork removed (docs/forking.md)' >&2; exit 2; }

db-seed: install ## Insert generated items into DATABASE_URL to measure backups (COUNT=1000000; ARGS=--yes for a remote one)
	$(ITEMS_TOOLING)
	@$(RUN) seed:items -- --count $(or $(COUNT),1000000) $(ARGS)

bench-list: build ## List throughput and p99 at 1k and 1M rows on throwaway databases of BENCH_DATABASE_URL (ARGS="--help")
	$(ITEMS_TOOLING)
	$(NPM) run bench:list -- $(ARGS)

# Performance (docs/performance.md). Not part of `make test`: they measure time on Node 24.
bench: install ## Service vs a node:http + pg.Pool baseline on Node 24, every scenario, ratios (ARGS="--rounds 5 --duration 5")
	$(ITEMS_TOOLING)
	$(NPM) run bench -- $(ARGS)

load: install ## Bounded mixed load (60 s) against the service: requests, errors (must be 0), p99, RSS start/end (ARGS="--duration 300")
	$(ITEMS_TOOLING)
	$(NPM) run load -- $(ARGS)

# Delivery (docs/workflows.md). Each stage is one CI job; state passes through DEPLOY_STATE_DIR (default .deploy/ENV).
# DATABASE_URL is the environment's database; GITOPS_REMOTE / PROMOTE_COMMAND say where promote goes.
DEPLOY_ARGS = --env "$(ENV)" --image "$(IMAGE)" $(ARGS)
deploy-usage = @test -n "$(ENV)" -a -n "$(IMAGE)" || { echo 'usage: make $@ ENV=staging IMAGE=<repository>@sha256:<digest>' >&2; exit 2; }

deploy: install ## Backup -> rehearse -> migrate (from the image) -> promote, under one lock: ENV=staging IMAGE=repo@sha256:...
	$(deploy-usage)
	$(NPM) run --silent deploy -- all $(DEPLOY_ARGS)

deploy-backup: install ## Deploy stage 1: pg_dump DATABASE_URL, proven by a full restore
	$(deploy-usage)
	$(NPM) run --silent deploy -- backup $(DEPLOY_ARGS)

deploy-rehearse: install ## Deploy stage 2: restore that backup into a throwaway database, plan, lint, apply the image's migrations
	$(deploy-usage)
	$(NPM) run --silent deploy -- rehearse $(DEPLOY_ARGS)

deploy-migrate: install ## Deploy stage 3: the image's migration runner, by digest, against DATABASE_URL
	$(deploy-usage)
	$(NPM) run --silent deploy -- migrate $(DEPLOY_ARGS)

deploy-promote: install ## Deploy stage 4: write IMAGE into the overlay on the GitOps remote, commit, push
	$(deploy-usage)
	$(NPM) run --silent deploy -- promote $(DEPLOY_ARGS)

promote: install ## Write IMAGE (pinned by digest) into deploy/overlays/ENV/kustomization.yaml of this checkout
	$(deploy-usage)
	$(NPM) run --silent promote -- --env "$(ENV)" --image "$(IMAGE)" $(ARGS)

# The workflow's extra round-trip step repeats, through the CLI on a fresh server, what
# service/test/migrator/round-trip.test.ts already checks inside make test.
ci: ## Run locally what the test workflow runs: make lint, make test, make openapi
	$(MAKE) lint
	$(MAKE) test
	$(MAKE) openapi

openapi: install ## Write the OpenAPI document to .reports/openapi.json (OUT=file to choose)
	@mkdir -p .reports
	$(NPM) run --silent openapi -- --out "$(or $(OUT),.reports/openapi.json)"

image: install ## Build the production image: IMAGE (gitops-service:local), NODE_IMAGE, GIT_SHA
	$(NPM) run --silent image -- build $(ARGS)

image-push: install ## Push IMAGE with DOCKERHUB_USERNAME/DOCKERHUB_TOKEN; prints <repo>@sha256:... (REGISTRY, IMAGE_REPOSITORY)
	$(NPM) run --silent image -- push $(ARGS)

image-smoke: install ## Run IMAGE for real: migrate a fresh database, serve on a non-default PORT, CRUD, uid, HEALTHCHECK, stop
	$(NPM) run --silent image -- smoke $(ARGS)

manifests: install ## Render each deploy/ overlay with kubectl kustomize, validate against the Kubernetes schemas, check digests
	$(NPM) run --silent manifests -- $(ARGS)

# Compose: the project name comes from here (-p), not the file, so Compose v1 and v2 read it alike.
define require_compose
	@test -n "$(COMPOSE)" || { echo 'Neither `docker compose` (v2) nor `docker-compose` (v1) was found. Install Docker Compose, or run `make dev` (embedded Postgres, no Docker).' >&2; exit 1; }
endef

up: ## Start Postgres, migrate and the API with Docker Compose (API_PORT, POSTGRES_IMAGE, NODE_IMAGE)
	$(require_compose)
	$(COMPOSE) -p $(COMPOSE_PROJECT) up --build --detach
	@echo "API on http://localhost:$${API_PORT:-3000}/docs (logs: make logs)"

down: ## Stop the Docker Compose stack (data volume is kept; ARGS=-v removes it)
	$(require_compose)
	$(COMPOSE) -p $(COMPOSE_PROJECT) down $(ARGS)

logs: ## Follow the Docker Compose logs
	$(require_compose)
	$(COMPOSE) -p $(COMPOSE_PROJECT) logs --follow

# Forking: make init NAME=orders-api IMAGE=acme/orders (docs/forking.md).
init: install ## Rename the fork: package, image, Kubernetes names and README title (NAME=... IMAGE=user/repo)
	@test -n "$(NAME)" -a -n "$(IMAGE)" || { echo 'usage: make init NAME=<service-name> IMAGE=<dockerhub-user>/<repo>' >&2; exit 2; }
	$(NPM) run --silent init -- --name="$(NAME)" --image="$(IMAGE)" $(ARGS)

# A resource beside items/, or one taken out (docs/forking.md): make resource NAME=orders.
resource: install ## Add a resource: model, routes with @openapi blocks, repository, migration, test (NAME=<plural>)
	@test -n "$(NAME)" || { echo 'usage: make resource NAME=<plural>, e.g. make resource NAME=orders' >&2; exit 2; }
	$(NPM) run --silent resource -- add "$(NAME)" $(ARGS)

resource-remove: install ## Remove a resource: its folders, its entry, and a migration that drops its table (NAME=<plural>)
	@test -n "$(NAME)" || { echo 'usage: make resource-remove NAME=<plural>, e.g. make resource-remove NAME=items' >&2; exit 2; }
	$(NPM) run --silent resource -- remove "$(NAME)" $(ARGS)

clean: ## Remove build output and reports (not .data/ or backups/)
	rm -rf dist coverage .reports
