#!/usr/bin/env bash
# Start the action server and the Rasa server on 127.0.0.1 and the API on port 8000 (or $API_PORT).
# Ctrl-C stops all three; Rasa gets time to stop and is then ended, so no process stays behind.
set -uo pipefail
cd "$(dirname "$0")/.."
source bot/rasa_env.sh

API_HOST=${API_HOST:-127.0.0.1}
API_PORT=${API_PORT:-8000}
RASA_PORT=${RASA_PORT:-5005}
ACTION_PORT=${ACTION_PORT:-5055}
mkdir -p var/log
pids=()

stop_all() {
  trap - INT TERM EXIT
  echo
  echo "Assistent stoppen..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for _ in $(seq 1 40); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.5
  done
  for pid in "${pids[@]}"; do
    pkill -KILL -P "$pid" 2>/dev/null
    kill -KILL "$pid" 2>/dev/null
  done
  wait 2>/dev/null
  echo "Gestopt."
}
trap 'stop_all; exit 130' INT TERM
trap stop_all EXIT

names=()
fail() {
  echo "$1 is gestopt. Laatste regels van var/log/$1.log:" >&2
  grep -v -E 'Warning|warn\(|declare_namespace|PEP 420|^  ' "var/log/$1.log" | tail -n 15 >&2
  exit 1
}

echo "Actieserver starten op 127.0.0.1:$ACTION_PORT (log: var/log/actions.log)"
SANIC_HOST=127.0.0.1 .venv/bin/python -m rasa_sdk --actions actions --port "$ACTION_PORT" \
  >var/log/actions.log 2>&1 &
pids+=($!); names+=(actions)

echo "Rasa-server starten op 127.0.0.1:$RASA_PORT (log: var/log/rasa.log)"
.venv-rasa/bin/rasa run --enable-api -i 127.0.0.1 -p "$RASA_PORT" -m models/afwezig.tar.gz \
  --endpoints bot/endpoints.yml --credentials bot/credentials.yml >var/log/rasa.log 2>&1 &
pids+=($!); names+=(rasa)

echo "API starten op $API_HOST:$API_PORT (log: var/log/api.log)"
RASA_URL="http://127.0.0.1:$RASA_PORT" ACTION_SERVER_URL="http://127.0.0.1:$ACTION_PORT" \
  .venv/bin/uvicorn api.main:app --ws none --host "$API_HOST" --port "$API_PORT" >var/log/api.log 2>&1 &
pids+=($!); names+=(api)

echo "Wachten tot alle onderdelen klaar zijn (Rasa laadt het model, dat duurt even)..."
ready=0
for _ in $(seq 1 600); do
  if curl -fs "http://127.0.0.1:$API_PORT/api/health" >/dev/null 2>&1; then
    ready=1
    echo
    echo "De assistent is klaar: open http://localhost:$API_PORT in je browser. Stoppen: Ctrl-C."
    break
  fi
  for i in "${!pids[@]}"; do
    kill -0 "${pids[$i]}" 2>/dev/null || fail "${names[$i]}"
  done
  sleep 1
done
[ "$ready" = 1 ] || { echo "Na 10 minuten nog niet klaar; zie var/log/." >&2; exit 1; }
while true; do
  for i in "${!pids[@]}"; do
    kill -0 "${pids[$i]}" 2>/dev/null || fail "${names[$i]}"
  done
  sleep 2
done
