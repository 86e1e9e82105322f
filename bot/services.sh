# Sourced by .ci/run and bot/run_scaled.sh: install (from Debian's packages) and start throw-away PostgreSQL and
# Redis servers on 127.0.0.1, removed again when the shell exits.
#   start_postgres: exports TEST_DATABASE_URL (database kb_test) and PG_URL_BASE (the server, no database);
#   start_redis:    exports TEST_REDIS_URL.
# Each returns non-zero when it cannot provide its server (not installed and not root, or it did not start), so
# CI fails instead of skipping the tests that need it. A developer can do the same:
# `source bot/services.sh && start_postgres && start_redis && make test`.

PG_TEST_PORT=${PG_TEST_PORT:-55432}
REDIS_TEST_PORT=${REDIS_TEST_PORT:-56379}
PG_TEST_DIR=""
REDIS_TEST_DIR=""

stop_services() {
  if [ -n "$PG_TEST_DIR" ] && [ -d "$PG_TEST_DIR/data" ]; then
    su postgres -c "$PG_BIN/pg_ctl -D $PG_TEST_DIR/data -m fast -w stop" >/dev/null 2>&1 || true
    rm -rf "$PG_TEST_DIR"
  fi
  if [ -n "$REDIS_TEST_DIR" ] && [ -f "$REDIS_TEST_DIR/redis.pid" ]; then
    kill "$(cat "$REDIS_TEST_DIR/redis.pid")" 2>/dev/null || true
    sleep 0.5
    rm -rf "$REDIS_TEST_DIR"
  fi
}

# Install Debian packages when a command is missing (as root), e.g. `ensure_package redis-server redis-server`.
ensure_package() {
  local binary=$1 package=$2
  [ -n "$(command -v "$binary" 2>/dev/null)" ] && return 0
  [ "$binary" = postgres ] && [ -n "$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null)" ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "$package ontbreekt en je bent geen root: installeer het Debian-pakket $package." >&2
    return 1
  fi
  echo "$package installeren (Debian-pakket)..."
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null; } || {
    echo "$package installeren is mislukt." >&2
    return 1
  }
}

start_postgres() {
  if [ -n "${TEST_DATABASE_URL:-}" ]; then
    echo "PostgreSQL: TEST_DATABASE_URL is al gezet; die server wordt gebruikt."
    return 0
  fi
  ensure_package postgres postgresql || return 1
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PG_TEST_DIR=$(mktemp -d /tmp/afwezig-pg.XXXXXX)
  chown postgres:postgres "$PG_TEST_DIR"
  su postgres -c "$PG_BIN/initdb -D $PG_TEST_DIR/data -A trust -U postgres --encoding=UTF8 --locale=C.UTF-8" \
    >/dev/null || return 1
  su postgres -c "$PG_BIN/pg_ctl -D $PG_TEST_DIR/data -l $PG_TEST_DIR/server.log \
    -o '-c listen_addresses=127.0.0.1 -p $PG_TEST_PORT -k $PG_TEST_DIR' -w start" >/dev/null || {
    echo "PostgreSQL start niet; zie $PG_TEST_DIR/server.log" >&2
    return 1
  }
  su postgres -c "psql -q -h 127.0.0.1 -p $PG_TEST_PORT -U postgres -c 'CREATE DATABASE kb_test'" || return 1
  export PG_URL_BASE="postgresql+psycopg2://postgres@127.0.0.1:$PG_TEST_PORT"
  export TEST_DATABASE_URL="$PG_URL_BASE/kb_test"
  trap stop_services EXIT
  echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') draait op 127.0.0.1:$PG_TEST_PORT."
}

start_redis() {
  if [ -n "${TEST_REDIS_URL:-}" ]; then
    echo "Redis: TEST_REDIS_URL is al gezet; die server wordt gebruikt."
    return 0
  fi
  ensure_package redis-server redis-server || return 1
  REDIS_TEST_DIR=$(mktemp -d /tmp/afwezig-redis.XXXXXX)
  redis-server --bind 127.0.0.1 --port "$REDIS_TEST_PORT" --save '' --appendonly no --daemonize yes \
    --dir "$REDIS_TEST_DIR" --pidfile "$REDIS_TEST_DIR/redis.pid" --logfile "$REDIS_TEST_DIR/redis.log" || return 1
  for _ in $(seq 1 50); do
    redis-cli -p "$REDIS_TEST_PORT" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -p "$REDIS_TEST_PORT" ping >/dev/null 2>&1 || {
    echo "Redis start niet; zie $REDIS_TEST_DIR/redis.log" >&2
    return 1
  }
  export TEST_REDIS_URL="redis://127.0.0.1:$REDIS_TEST_PORT/0"
  trap stop_services EXIT
  echo "Redis $(redis-server --version | awk '{print $3}' | tr -d 'v=') draait op 127.0.0.1:$REDIS_TEST_PORT."
}
