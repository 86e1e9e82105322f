#!/usr/bin/env bash
# Rasa's own tests on the trained model: the test stories (every flow) and the NLU test set
# (tests/rasa/nlu_test.yml, phrasings that are not in the training data).
set -uo pipefail
cd "$(dirname "$0")/.."
source bot/rasa_env.sh
MODEL=models/afwezig.tar.gz
MIN_INTENT_F1=${MIN_INTENT_F1:-0.85}
rm -rf results/core results/nlu

echo "== rasa test core (tests/rasa/test_stories.yml)"
if ! .venv-rasa/bin/rasa test core --model "$MODEL" --stories tests/rasa/test_stories.yml \
      --endpoints bot/endpoints.yml --out results/core --fail-on-prediction-errors --quiet >results/core.log 2>&1; then
  tail -n 40 results/core.log
  [ -f results/core/failed_test_stories.yml ] && cat results/core/failed_test_stories.yml
  echo "rasa test core: FOUT (zie hierboven)." >&2
  exit 1
fi
echo "rasa test core: alle verhalen correct voorspeld."

echo "== rasa test nlu (tests/rasa/nlu_test.yml)"
if ! .venv-rasa/bin/rasa test nlu --model "$MODEL" --nlu tests/rasa/nlu_test.yml --out results/nlu --quiet \
      >results/nlu.log 2>&1; then
  tail -n 40 results/nlu.log
  echo "rasa test nlu: FOUT." >&2
  exit 1
fi
.venv-rasa/bin/python - "$MIN_INTENT_F1" <<'PY'
import json, sys
minimum = float(sys.argv[1])
report = json.load(open("results/nlu/intent_report.json"))
f1 = report["weighted avg"]["f1-score"]
acc = report["accuracy"]
print(f"rasa test nlu: intentie-nauwkeurigheid {acc:.3f}, gewogen F1 {f1:.3f} (minimum {minimum}).")
errors = json.load(open("results/nlu/intent_errors.json")) if __import__("os").path.exists("results/nlu/intent_errors.json") else []
for e in errors:
    print(f"  fout: '{e['text']}' verwacht {e['intent']}, kreeg {e['intent_prediction']['name']}")
sys.exit(0 if f1 >= minimum else 1)
PY
