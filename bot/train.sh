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
    find data bot/components -type f \( -name '*.yml' -o -name '*.py' \) | LC_ALL=C sort | while read -r f; do printf '%s\n' "$f"; cat "$f"; done
  } | sha256sum | cut -d' ' -f1
}

want=$(inputs_hash)
if [ -f "$MODEL" ] && [ -f "$HASH_FILE" ] && [ "$(cat "$HASH_FILE")" = "$want" ] && [ "${FORCE_TRAIN:-0}" != 1 ]; then
  echo "Rasa-model is up-to-date ($MODEL); training overgeslagen."
  exit 0
fi
echo "Rasa-model trainen (config, domein of data gewijzigd)..."
start=$(date +%s)
mkdir -p models var/log
if ! .venv-rasa/bin/rasa train --config config.yml --domain domain.yml --data data \
    --out models --fixed-model-name afwezig --quiet >var/log/train.log 2>&1; then
  grep -v -E 'Warning|warn\(|declare_namespace|^  ' var/log/train.log | tail -n 40
  echo "Training mislukt; het volledige verslag staat in var/log/train.log." >&2
  exit 1
fi
echo "$want" > "$HASH_FILE"
echo "Rasa-model getraind in $(( $(date +%s) - start )) s: $MODEL"
