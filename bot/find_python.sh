#!/usr/bin/env bash
# Print the path of a working Python 3.10 interpreter (both environments need 3.10).
for candidate in "${PYTHON310:-}" python3.10 "$HOME"/.pyenv/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do
  [ -n "$candidate" ] || continue
  if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1; then
    command -v "$candidate"
    exit 0
  fi
done
echo "Python 3.10 niet gevonden. Installeer python3.10 of zet PYTHON310=/pad/naar/python3.10." >&2
exit 1
