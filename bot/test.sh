#!/usr/bin/env bash
# `make test`: every check, in order of cost. The environments, the knowledge base and the model are
# already prepared by `make setup`.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

echo "== Inhoud van de kennisbank valideren"
.venv/bin/python -m knowledge.validate

echo "== Stijl en types (ruff, mypy)"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy

echo "== rasa data validate"
bot/rasa_validate.sh

echo "== Rasa-testverhalen en NLU-testset"
bot/rasa_test.sh

echo "== Browser voor de end-to-endtests"
bot/ensure_browser.sh

echo "== pytest: kennisbank, acties, API, end-to-end (echte Rasa, actieserver, API en Chromium) en integratie"
echo "   (twee Rasa- en actieservers op PostgreSQL en Redis, met storingen en 50 gelijktijdige gesprekken)"
E2E_REQUIRED=1 RUN_INTEGRATION=1 .venv/bin/python -m pytest tests -q -p no:cacheprovider -rs
echo "make test: alles geslaagd in $(( $(date +%s) - start )) s."
