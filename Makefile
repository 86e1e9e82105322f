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

.PHONY: help run run-scaled test setup venvs spacy kb validate topics train unit rasa-validate rasa-test e2e integration lint bench bench-load bench-nlu bench-resources purge clean

help: ## List the targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

run: setup ## Start the assistant: web chat on http://localhost:8000 (Ctrl-C stops everything)
	@bot/run.sh

run-scaled: setup ## Start INSTANCES (default 2) Rasa and action servers on a local PostgreSQL and Redis, behind the API
	@bot/run_scaled.sh

test: setup ## Run every test: unit, Rasa data validation, Rasa test stories and NLU, end to end, integration
	@bot/test.sh

# Each stage of `make setup` says when it starts and how long it took, or that it is up to date (bot/progress.py).
# On a terminal pip draws its own progress bars and Rasa lists each component it trains; in a log (CI) a stage shows
# its newest line at most every 10 s and "nog bezig" after 30 s of silence. Full output: var/log/setup.log.
STAGE = @$(or $(PYTHON310),python3) bot/progress.py stage
SUBMAKE = $(MAKE) --no-print-directory
PIP_INSTALL = pip install --progress-bar on

setup: ## Install both environments, the Dutch pipeline, the knowledge base and the model (each stage timed)
	$(STAGE) 1/5 ".venv (acties, kennisbank, API)" --check "$(SUBMAKE) -q $(APP_STAMP)" --tty-passthrough \
	  --filter pip --log var/log/setup.log -- $(SUBMAKE) $(APP_STAMP)
	$(STAGE) 2/5 ".venv-rasa (Rasa $(shell sed -n 's/^rasa==//p' requirements/rasa.txt))" \
	  --check "$(SUBMAKE) -q $(RASA_STAMP)" --tty-passthrough --filter pip --log var/log/setup.log -- $(SUBMAKE) $(RASA_STAMP)
	$(STAGE) 3/5 "Nederlandse spaCy-pijplijn" --check "$(SUBMAKE) -q $(SPACY_STAMP)" --log var/log/setup.log \
	  -- $(SUBMAKE) $(SPACY_STAMP)
	$(STAGE) 4/5 "kennisbank en topic-tabel" --log var/log/setup.log -- $(SUBMAKE) kb topics
	$(STAGE) 5/5 "Rasa-model" --check "bot/train.sh --check" --log var/log/setup.log -- bot/train.sh

venvs: $(APP_STAMP) $(RASA_STAMP) ## Create .venv (app) and .venv-rasa (Rasa)

$(APP_STAMP): requirements/app.txt requirements/dev.txt requirements/app.lock
	@test -n "$(PYTHON310)" || { bot/find_python.sh; exit 1; }
	@test -x $(APP_PY) || $(PYTHON310) -m venv .venv
	@.venv/bin/$(PIP_INSTALL) --upgrade pip
	@.venv/bin/$(PIP_INSTALL) -r requirements/app.txt -r requirements/dev.txt -c requirements/app.lock
	@touch $@

$(RASA_STAMP): requirements/rasa.txt requirements/rasa.lock
	@test -n "$(PYTHON310)" || { bot/find_python.sh; exit 1; }
	@test -x .venv-rasa/bin/python || $(PYTHON310) -m venv .venv-rasa
	@.venv-rasa/bin/$(PIP_INSTALL) --upgrade pip
	@.venv-rasa/bin/$(PIP_INSTALL) -r requirements/rasa.txt -c requirements/rasa.lock
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

bench-resources: setup ## Cold start (3 times, via bot/run.sh), memory per service, training time, install size; ARGS=--install also times the installs
	@$(APP_PY) bench/resources_bench.py $(ARGS)

purge: $(APP_STAMP) ## Delete conversations older than RETENTION_DAYS (default 30) everywhere; DAYS=N, DRY_RUN=1
	@$(APP_PY) -m api.retention $(if $(DAYS),--days $(DAYS)) $(if $(DRY_RUN),--dry-run)

clean: ## Remove trained models, databases and logs (keeps the environments)
	rm -rf models var/*.db var/log var/endpoints-*.yml var/rasa-token results .rasa
