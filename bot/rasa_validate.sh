#!/usr/bin/env bash
# `rasa data validate` where any warning counts as a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
source bot/rasa_env.sh
out=$(.venv-rasa/bin/rasa data validate --config config.yml --domain domain.yml --data data --fail-on-warnings 2>&1)
status=$?
# Deprecation notices of Rasa's own dependencies (and their indented source lines) are not about our data.
relevant=$(printf '%s\n' "$out" | grep -v -E 'DeprecationWarning|declare_namespace|PEP 420|^  |tensorflow|TensorRT|cuda' || true)
if [ $status -ne 0 ] || printf '%s\n' "$relevant" | grep -q -E 'UserWarning|WARNING|ERROR'; then
  printf '%s\n' "$relevant"
  echo "rasa data validate: FOUT of waarschuwing (zie hierboven)." >&2
  exit 1
fi
echo "rasa data validate: geen fouten, geen waarschuwingen."
