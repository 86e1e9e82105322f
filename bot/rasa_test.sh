#!/usr/bin/env bash
# Rasa's own tests on the trained model, in one run (the model loads once): the test stories of every
# flow (tests/rasa/test_stories.yml) and the NLU test set (tests/rasa/nlu_test.yml, phrasings that are
# not in the training data). A story predicted wrongly, or a macro-averaged intent F1 under MIN_INTENT_F1, fails.
set -uo pipefail
cd "$(dirname "$0")/.."
source bot/rasa_env.sh
MODEL=models/afwezig.tar.gz
MIN_INTENT_F1=${MIN_INTENT_F1:-0.90}
rm -rf results/rasa && mkdir -p results/rasa

if ! .venv-rasa/bin/rasa test --model "$MODEL" --stories tests/rasa/test_stories.yml --nlu tests/rasa/nlu_test.yml \
      --endpoints bot/endpoints.yml --out results/rasa --fail-on-prediction-errors --quiet \
      >results/rasa/test.log 2>&1; then
  grep -v -E 'Warning|warn\(|declare_namespace|^  ' results/rasa/test.log | tail -n 30
  [ -f results/rasa/failed_test_stories.yml ] && cat results/rasa/failed_test_stories.yml
  echo "rasa test: FOUT (volledig verslag: results/rasa/test.log)." >&2
  exit 1
fi
echo "rasa test: alle testverhalen correct voorspeld."
.venv-rasa/bin/python - "$MIN_INTENT_F1" <<'PY'
import json
import os
import sys

minimum = float(sys.argv[1])
report = json.load(open("results/rasa/intent_report.json"))
# Macro F1 over the intents of the test set (an intent that was only predicted, such as nlu_fallback, has no
# support; its misses already count in the recall of the intents they belong to).
rows = {
    name: row
    for name, row in report.items()
    if isinstance(row, dict) and "f1-score" in row and name not in ("macro avg", "weighted avg", "micro avg")
}
tested = {name: row for name, row in rows.items() if row["support"] > 0}
f1 = sum(row["f1-score"] for row in tested.values()) / max(len(tested), 1)
accuracy = report["accuracy"]
weighted = report["weighted avg"]["f1-score"]
print(
    f"rasa test: NLU-testset intentie-nauwkeurigheid {accuracy:.3f}, macro-F1 {f1:.3f} (minimum {minimum}), "
    f"gewogen F1 {weighted:.3f}."
)
for name, row in sorted(tested.items()):
    if row["f1-score"] < minimum:
        print(f"  zwak: {name} F1 {row['f1-score']:.2f} ({row['support']} berichten)")
errors_file = "results/rasa/intent_errors.json"
for e in json.load(open(errors_file)) if os.path.exists(errors_file) else []:
    print(f"  fout: '{e['text']}' verwacht {e['intent']}, kreeg {e['intent_prediction']['name']}")
sys.exit(0 if f1 >= minimum else 1)
PY
