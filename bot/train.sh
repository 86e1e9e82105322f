#!/usr/bin/env bash
# Train the Rasa model only when its inputs changed: config, domain, training data, the spaCy pipeline
# and the Rasa requirements. The hash of those inputs is kept beside the model.
#   bot/train.sh            train when needed; Rasa's progress per component is shown, the full log is in
#                           var/log/train.log
#   bot/train.sh --check    exit 0 when the model is up to date, 1 when it would be trained
# MODEL_DIR (default models) is where the model and its hash go, TRAIN_LOG (default var/log/train.log) the full log;
# FORCE_TRAIN=1 trains even when up to date.
set -euo pipefail
cd "$(dirname "$0")/.."
source bot/rasa_env.sh
MODEL_DIR=${MODEL_DIR:-models}
MODEL=$MODEL_DIR/afwezig.tar.gz
HASH_FILE=$MODEL_DIR/afwezig.inputs.sha256
LOG=${TRAIN_LOG:-var/log/train.log}

inputs_hash() {
  {
    for f in config.yml domain.yml requirements/rasa.txt var/spacy-nl/afwezig-pipeline.json; do
      printf '%s\n' "$f"; cat "$f"
    done
    find data bot/components -type f \( -name '*.yml' -o -name '*.py' \) | LC_ALL=C sort | while read -r f; do printf '%s\n' "$f"; cat "$f"; done
  } | sha256sum | cut -d' ' -f1
}

want=$(inputs_hash)
up_to_date=0
if [ -f "$MODEL" ] && [ -f "$HASH_FILE" ] && [ "$(cat "$HASH_FILE")" = "$want" ] && [ "${FORCE_TRAIN:-0}" != 1 ]; then
  up_to_date=1
fi
if [ "${1:-}" = --check ]; then
  [ "$up_to_date" = 1 ]
  exit
fi
if [ "$up_to_date" = 1 ]; then
  echo "Rasa-model is up-to-date ($MODEL); training overgeslagen."
  exit 0
fi
echo "Rasa-model trainen (config, domein of data gewijzigd); volledig verslag in $LOG ..."
start=$(date +%s)
mkdir -p "$MODEL_DIR" "$(dirname "$LOG")"
# Rasa's own log (INFO: each component as it is trained) goes whole to $LOG; the terminal gets the lines that say
# where the training is, without TensorFlow's and the libraries' warnings.
if ! .venv-rasa/bin/rasa train --config config.yml --domain domain.yml --data data \
    --out "$MODEL_DIR" --fixed-model-name afwezig 2>&1 \
    | tee "$LOG" | .venv-rasa/bin/python bot/progress.py filter rasa-train; then
  echo "Laatste regels van het verslag:"
  grep -v -E 'Warning|warn\(|declare_namespace|^  |Processed |%\|' "$LOG" | tail -n 40
  echo "Training mislukt; het volledige verslag staat in $LOG." >&2
  exit 1
fi
echo "$want" > "$HASH_FILE"
echo "Rasa-model getraind in $(( $(date +%s) - start )) s: $MODEL"
