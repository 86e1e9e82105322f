#!/usr/bin/env bash
# `make run-scaled`: the assistant as it runs for many schools, on one machine. Starts a throw-away PostgreSQL
# (knowledge base, chat sessions and Rasa's tracker store) and Redis (Rasa's lock store, the API's rate limits)
# from Debian's packages (installed when missing, as root; bot/services.sh), loads the knowledge into PostgreSQL,
# then INSTANCES (default 2) action servers and Rasa servers (Rasa i calls action server i) and the API, which
# spreads the conversations over the Rasa servers (bot/run.sh). Ctrl-C stops everything; the databases are
# removed then (for a lasting deployment, see docker-compose.yml and the README's "Deployment").
set -euo pipefail
cd "$(dirname "$0")/.."
INSTANCES=${INSTANCES:-2}
RASA_BASE_PORT=${RASA_BASE_PORT:-5005}
ACTION_BASE_PORT=${ACTION_BASE_PORT:-5055}
[[ "$INSTANCES" =~ ^[1-9][0-9]?$ ]] || { echo "INSTANCES moet een getal van 1 tot 99 zijn." >&2; exit 2; }

unset TEST_DATABASE_URL TEST_REDIS_URL
PG_TEST_PORT=${SCALED_PG_PORT:-55442}
REDIS_TEST_PORT=${SCALED_REDIS_PORT:-56380}
source bot/services.sh
start_postgres
start_redis
for db in afwezig rasa_tracker; do
  su postgres -c "psql -q -h 127.0.0.1 -p $PG_TEST_PORT -U postgres -c 'CREATE DATABASE $db'"
done

export DATABASE_URL="$PG_URL_BASE/afwezig"
export TRACKER_STORE_URL="$PG_URL_BASE/rasa_tracker"
export REDIS_URL="$TEST_REDIS_URL"
rasa_urls=() action_urls=()
for i in $(seq 0 $((INSTANCES - 1))); do
  rasa_urls+=("http://127.0.0.1:$((RASA_BASE_PORT + i))")
  action_urls+=("http://127.0.0.1:$((ACTION_BASE_PORT + i))")
done
RASA_URLS=$(IFS=,; echo "${rasa_urls[*]}")
ACTION_SERVER_URLS=$(IFS=,; echo "${action_urls[*]}")
export RASA_URLS ACTION_SERVER_URLS
unset RASA_URL ACTION_SERVER_URL

echo "Kennisbank laden in PostgreSQL..."
.venv/bin/python -m knowledge.loader
echo "$INSTANCES Rasa-servers: $RASA_URLS"
bot/run.sh
