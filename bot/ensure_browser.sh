#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium headless; install it (and its driver) when it is missing.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "Chromium en chromedriver ontbreken; installeer de Debian-pakketten 'chromium' en 'chromium-driver'." >&2
  exit 1
fi
echo "Chromium en chromedriver installeren (Debian-pakketten)..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
