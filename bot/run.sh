#!/usr/bin/env bash
# Start the action servers and the Rasa servers on 127.0.0.1 and the API on API_HOST:API_PORT, as the settings
# say (api/settings.py; by default one of each: 5055, 5005, 8000). bot/run_scaled.sh uses it for N instances.
# - Rasa's HTTP API is on, with a token: RASA_TOKEN, or a new random one per start (kept in $RUN_DIR/rasa-token,
#   mode 600, for an operator who wants to read a tracker). The API sends it on every call.
# - Rasa's endpoints (tracker store, lock store, action server) are written from the settings into $RUN_DIR.
# - A service that dies after the start is restarted (logged here and in $RUN_DIR/log/run.log); the others keep
#   serving. Ctrl-C stops everything; Rasa gets time to stop and is then ended, so no process stays behind.
# RUN_DIR (default var) holds the endpoints, the token and the logs.
set -uo pipefail
cd "$(dirname "$0")/.."
source bot/rasa_env.sh
RUN_DIR=${RUN_DIR:-var}
mkdir -p "$RUN_DIR/log"

settings=$(.venv/bin/python -m deploy.shellenv) || exit 1
eval "$settings"
read -r -a rasa_ports <<<"$RASA_PORTS"
read -r -a action_ports <<<"$ACTION_PORTS"

if [ -z "${RASA_TOKEN:-}" ]; then
  RASA_TOKEN=$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(24))')
  (umask 077 && printf '%s\n' "$RASA_TOKEN" >"$RUN_DIR/rasa-token")
fi
export RASA_TOKEN
# Rasa's lock on a conversation lasts this long at most; the API's calls to Rasa end well before (20 s).
export TICKET_LOCK_LIFETIME=${TICKET_LOCK_LIFETIME:-60}

names=()    # service name, e.g. actions-1, rasa-1, api
commands=() # its command line (run with bash -c, so quoting is kept)
pids=()

add_service() { names+=("$1"); commands+=("$2"); pids+=(""); }

for i in "${!action_ports[@]}"; do
  add_service "actions-$((i + 1))" "SANIC_HOST=127.0.0.1 exec .venv/bin/python -m rasa_sdk --actions actions --port ${action_ports[$i]}"
done
for i in "${!rasa_ports[@]}"; do
  .venv/bin/python -m deploy.endpoints --instance "$i" >"$RUN_DIR/endpoints-$((i + 1)).yml" || exit 1
  # The token goes through the environment (bot/rasa_run.py), not the command line that `ps` shows.
  add_service "rasa-$((i + 1))" "exec .venv-rasa/bin/python -m bot.rasa_run run --enable-api -i 127.0.0.1 \
-p ${rasa_ports[$i]} -m models/afwezig.tar.gz --endpoints $RUN_DIR/endpoints-$((i + 1)).yml --credentials bot/credentials.yml"
done
add_service api "exec .venv/bin/uvicorn api.main:app --ws none --host \"$API_HOST\" --port $API_PORT"

say() { echo "$(date '+%H:%M:%S') $*" | tee -a "$RUN_DIR/log/run.log"; }

start_service() {
  local i=$1
  bash -c "${commands[$i]}" >>"$RUN_DIR/log/${names[$i]}.log" 2>&1 &
  pids[i]=$!
}

stop_all() {
  trap - INT TERM EXIT
  echo
  echo "Assistent stoppen..."
  for pid in "${pids[@]}"; do [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; done
  for _ in $(seq 1 40); do
    alive=0
    for pid in "${pids[@]}"; do [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.5
  done
  for pid in "${pids[@]}"; do
    [ -n "$pid" ] || continue
    pkill -KILL -P "$pid" 2>/dev/null
    kill -KILL "$pid" 2>/dev/null
  done
  wait 2>/dev/null
  echo "Gestopt."
}
trap 'stop_all; exit 130' INT TERM
trap stop_all EXIT

fail() {
  echo "${names[$1]} is gestopt. Laatste regels van $RUN_DIR/log/${names[$1]}.log:" >&2
  grep -v -E 'Warning|warn\(|declare_namespace|PEP 420|^  ' "$RUN_DIR/log/${names[$1]}.log" | tail -n 15 >&2
  exit 1
}

say "Starten: ${names[*]} (logs in $RUN_DIR/log/)"
for i in "${!names[@]}"; do start_service "$i"; done

echo "Wachten tot alle onderdelen klaar zijn (Rasa laadt het model, dat duurt even)..."
ready=0
# Asked every 0.2 s (once a second before), so the ready line follows the last service by at most 0.2 s.
for _ in $(seq 1 3000); do
  if curl -fs --max-time 5 "http://127.0.0.1:$API_PORT/api/health" >/dev/null 2>&1; then
    ready=1
    echo
    echo "De assistent is klaar: open http://localhost:$API_PORT in je browser. Stoppen: Ctrl-C."
    break
  fi
  for i in "${!pids[@]}"; do
    kill -0 "${pids[$i]}" 2>/dev/null || fail "$i"
  done
  sleep 0.2
done
[ "$ready" = 1 ] || { echo "Na 10 minuten nog niet klaar; zie $RUN_DIR/log/." >&2; exit 1; }

# From here on a service that dies is started again; the others keep serving.
while true; do
  for i in "${!pids[@]}"; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      wait "${pids[$i]}" 2>/dev/null
      code=$?
      say "${names[$i]} is gestopt (afsluitcode $code); opnieuw starten. Log: $RUN_DIR/log/${names[$i]}.log"
      start_service "$i"
    fi
  done
  sleep 2
done
