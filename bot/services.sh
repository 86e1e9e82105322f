# Sourced by .ci/run: install (from Debian's packages) and start a throw-away PostgreSQL server on
# 127.0.0.1 so that the PostgreSQL tests always run in CI. Exports TEST_DATABASE_URL.
# A developer can do the same with `source bot/services.sh && start_postgres` before `make test`.

PG_TEST_PORT=${PG_TEST_PORT:-55432}
PG_TEST_DIR=""

stop_postgres() {
  if [ -n "$PG_TEST_DIR" ] && [ -d "$PG_TEST_DIR/data" ]; then
    su postgres -c "$PG_BIN/pg_ctl -D $PG_TEST_DIR/data -m fast -w stop" >/dev/null 2>&1 || true
    rm -rf "$PG_TEST_DIR"
  fi
}

start_postgres() {
  if [ -n "${TEST_DATABASE_URL:-}" ]; then
    echo "PostgreSQL: TEST_DATABASE_URL is al gezet; die server wordt gebruikt."
    return 0
  fi
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$PG_BIN" ]; then
    if [ "$(id -u)" != 0 ]; then
      echo "PostgreSQL ontbreekt en je bent geen root: de PostgreSQL-tests worden overgeslagen." >&2
      return 0
    fi
    echo "PostgreSQL installeren (Debian-pakket postgresql)..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  PG_TEST_DIR=$(mktemp -d /tmp/afwezig-pg.XXXXXX)
  chown postgres:postgres "$PG_TEST_DIR"
  su postgres -c "$PG_BIN/initdb -D $PG_TEST_DIR/data -A trust -U postgres --encoding=UTF8 --locale=C.UTF-8" \
    >/dev/null
  su postgres -c "$PG_BIN/pg_ctl -D $PG_TEST_DIR/data -l $PG_TEST_DIR/server.log \
    -o '-c listen_addresses=127.0.0.1 -p $PG_TEST_PORT -k $PG_TEST_DIR' -w start" >/dev/null
  su postgres -c "psql -q -h 127.0.0.1 -p $PG_TEST_PORT -U postgres -c 'CREATE DATABASE kb_test'"
  export TEST_DATABASE_URL="postgresql+psycopg2://postgres@127.0.0.1:$PG_TEST_PORT/kb_test"
  trap stop_postgres EXIT
  echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') draait op 127.0.0.1:$PG_TEST_PORT voor de tests."
}
