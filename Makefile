# "Afwezig op school" assistant. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON310 := $(shell bot/find_python.sh 2>/dev/null)
APP_PY := .venv/bin/python
RASA := .venv-rasa/bin/rasa
APP_STAMP := .venv/.installed
RASA_STAMP := .venv-rasa/.installed
SPACY_STAMP := var/spacy-nl/afwezig-pipeline.json
MODEL := models/afwezig.tar.gz
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help run run-scaled test setup venvs spacy kb validate topics train unit rasa-validate rasa-test e2e integration lint bench bench-load bench-nlu purge clean

help: ## List the targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

run: setup ## Start the assistant: web chat on http://localhost:8000 (Ctrl-C stops everything)
	@bot/run.sh

run-scaled: setup ## Start INSTANCES (default 2) Rasa and action servers on a local PostgreSQL and Redis, behind the API
	@bot/run_scaled.sh

test: setup ## Run every test: unit, Rasa data validation, Rasa test stories and NLU, end to end, integration
	@bot/test.sh

setup: venvs spacy kb train ## Install both environments, the Dutch pipeline, the knowledge base and the model

venvs: $(APP_STAMP) $(RASA_STAMP) ## Create .venv (app) and .venv-rasa (Rasa)

$(APP_STAMP): requirements/app.txt requirements/dev.txt requirements/app.lock
	@test -n "$(PYTHON310)" || { bot/find_python.sh; exit 1; }
	@echo "== .venv (actions, knowledge, api) =="
	@test -x $(APP_PY) || $(PYTHON310) -m venv .venv
	@.venv/bin/pip install -qq --upgrade pip
	@.venv/bin/pip install -qq -r requirements/app.txt -r requirements/dev.txt -c requirements/app.lock
	@touch $@

$(RASA_STAMP): requirements/rasa.txt requirements/rasa.lock
	@test -n "$(PYTHON310)" || { bot/find_python.sh; exit 1; }
	@echo "== .venv-rasa (Rasa $(shell sed -n 's/^rasa==//p' requirements/rasa.txt)); the first time this takes a few minutes =="
	@test -x .venv-rasa/bin/python || $(PYTHON310) -m venv .venv-rasa
	@.venv-rasa/bin/pip install -qq --upgrade pip
	@.venv-rasa/bin/pip install -qq -r requirements/rasa.txt -c requirements/rasa.lock
	@touch $@

spacy: $(SPACY_STAMP) ## Prepare the Dutch spaCy pipeline (nl_core_news_sm, or a local blank Dutch pipeline)

$(SPACY_STAMP): $(RASA_STAMP) bot/build_spacy.py
	@set -o pipefail; .venv-rasa/bin/python bot/build_spacy.py --force 2>&1 \
	  | { grep -v -E 'tensorflow|TensorRT|cuda|AVX2|rebuild TensorFlow' || true; }

kb: $(APP_STAMP) ## Validate the content and load it into the database (DATABASE_URL, default SQLite)
	@$(APP_PY) -m knowledge.loader

validate: $(APP_STAMP) ## Check the content files in knowledge/content/
	@$(APP_PY) -m knowledge.validate

topics: $(APP_STAMP) ## Regenerate the topic lookup table and synonyms (data/nlu/topics.yml) from the knowledge base
	@$(APP_PY) -m knowledge.nlu_export

train: venvs spacy topics ## Train the Rasa model if config, domain or data changed
	@bot/train.sh

unit: $(APP_STAMP) ## Unit and API tests (no Rasa needed)
	@$(APP_PY) -m pytest tests --ignore=tests/e2e --ignore=tests/integration -q

rasa-validate: $(RASA_STAMP) ## rasa data validate, warnings fail
	@bot/rasa_validate.sh

rasa-test: train ## Rasa test stories and the NLU test set
	@bot/rasa_test.sh

e2e: setup ## End-to-end tests through the API with the real services and a headless browser
	@$(APP_PY) -m pytest tests/e2e -q

integration: setup ## Faults and load on PostgreSQL, Redis, two Rasa and two action servers (needs both installed)
	@RUN_INTEGRATION=1 $(APP_PY) -m pytest tests/integration -q -rs

lint: $(APP_STAMP) ## ruff and mypy
	@.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy

bench: setup ## Benchmarks: search quality, answer quality (with BM25 beside it), NLU cross-validation, speed under load
	@for b in search_bench answer_bench nlu_cv load_bench; do echo "== bench/$$b.py"; $(APP_PY) bench/$$b.py || exit 1; done

bench-load: setup ## Latency and throughput at 1, 10 and 50 conversations at once: API against Rasa REST, 1 and 2 Rasa instances, a growing conversation
	@$(APP_PY) bench/load_bench.py

bench-nlu: venvs spacy topics ## Compare NLU pipeline variants (CV, NLU test set, training and parse time; slow); VARIANTS=a,b, QUICK=1
	@$(APP_PY) bench/nlu_pipelines.py $(if $(VARIANTS),--variants $(VARIANTS)) $(if $(QUICK),--quick)

purge: $(APP_STAMP) ## Delete conversations older than RETENTION_DAYS (default 30) everywhere; DAYS=N, DRY_RUN=1
	@$(APP_PY) -m api.retention $(if $(DAYS),--days $(DAYS)) $(if $(DRY_RUN),--dry-run)

clean: ## Remove trained models, databases and logs (keeps the environments)
	rm -rf models var/*.db var/log var/endpoints-*.yml var/rasa-token results .rasa
