#!/usr/bin/env bash
# Train the Rasa model only when its inputs changed: config, domain, training data, the spaCy pipeline
# and the Rasa requirements. The hash of those inputs is kept beside the model.
set -euo pipefail
cd "$(dirname "$0")/.."
source bot/rasa_env.sh
MODEL=models/afwezig.tar.gz
HASH_FILE=models/afwezig.inputs.sha256

inputs_hash() {
  {
    for f in config.yml domain.yml requirements/rasa.txt var/spacy-nl/afwezig-pipeline.json; do
      printf '%s\n' "$f"; cat "$f"
    done
    find data -type f -name '*.yml' | LC_ALL=C sort | while read -r f; do printf '%s\n' "$f"; cat "$f"; done
  } | sha256sum | cut -d' ' -f1
}

want=$(inputs_hash)
if [ -f "$MODEL" ] && [ -f "$HASH_FILE" ] && [ "$(cat "$HASH_FILE")" = "$want" ] && [ "${FORCE_TRAIN:-0}" != 1 ]; then
  echo "Rasa-model is up-to-date ($MODEL); training overgeslagen."
  exit 0
fi
echo "Rasa-model trainen (config, domein of data gewijzigd)..."
start=$(date +%s)
mkdir -p models
.venv-rasa/bin/rasa train --config config.yml --domain domain.yml --data data \
  --out models --fixed-model-name afwezig --quiet
echo "$want" > "$HASH_FILE"
echo "Rasa-model getraind in $(( $(date +%s) - start )) s: $MODEL"
