"""The scaled deployment under faults: two Rasa instances and two action servers on one PostgreSQL (knowledge
and tracker store) and one Redis (lock store), behind the API, all real, on ports of their own (Rasa 35005/35006,
actions 35055/35056, API 38000, PostgreSQL 55452, Redis 56392).

PostgreSQL and Redis come from Debian's packages (`bot/services.sh` installs them in CI) and run here as
throw-away servers. They run when RUN_INTEGRATION=1 (`make test`, `make integration`) or INTEGRATION_REQUIRED=1
(`.ci/run`), so a plain unit run does not start two Rasa servers. When PostgreSQL, Redis, the trained model or
.venv-rasa are missing, the tests are skipped with the reason; with INTEGRATION_REQUIRED=1 they fail instead.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.stack import MODEL, RASA, PortsInUse, Stack, on_exit, ports_in_use

PORTS = {"actions-1": 35055, "actions-2": 35056, "rasa-1": 35005, "rasa-2": 35006, "api": 38000}
PG_PORT = 55452
REDIS_PORT = 56392


def _missing(reason: str) -> None:
    if os.environ.get("INTEGRATION_REQUIRED") == "1":
        pytest.fail(f"integration tests: {reason}")
    pytest.skip(f"integration tests skipped: {reason}")


def _as_postgres(command: str) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
    return ["su", "postgres", "-c", command] if os.geteuid() == 0 else ["bash", "-c", command]


class Postgres:
    """A throw-away PostgreSQL server on 127.0.0.1:PG_PORT; ``stop`` and ``start`` for the database blip."""

    def __init__(self, bindir: str) -> None:
        self.bindir = bindir
        self.dir = Path(tempfile.mkdtemp(prefix="afwezig-it-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        subprocess.run(
            _as_postgres(f"{bindir}/initdb -D {self.dir}/data -A trust -U postgres --encoding=UTF8 --locale=C.UTF-8"),
            check=True,
            capture_output=True,
        )

    def url(self, database: str) -> str:
        return f"postgresql+psycopg2://postgres@127.0.0.1:{PG_PORT}/{database}"

    def start(self) -> None:
        subprocess.run(
            _as_postgres(
                f"{self.bindir}/pg_ctl -D {self.dir}/data -l {self.dir}/server.log "
                f"-o '-c listen_addresses=127.0.0.1 -p {PG_PORT} -k {self.dir} -c max_connections=200' -w start"
            ),
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        subprocess.run(
            _as_postgres(f"{self.bindir}/pg_ctl -D {self.dir}/data -m fast -w stop"), check=False, capture_output=True
        )

    def create_database(self, name: str) -> None:
        subprocess.run(
            _as_postgres(f"{self.bindir}/psql -q -h 127.0.0.1 -p {PG_PORT} -U postgres -c 'CREATE DATABASE {name}'"),
            check=True,
            capture_output=True,
        )

    def remove(self) -> None:
        if self.dir.exists():
            self.stop()
            shutil.rmtree(self.dir, ignore_errors=True)


class Redis:
    def __init__(self, binary: str) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="afwezig-it-redis-"))
        self.proc = subprocess.Popen(
            [binary, "--bind", "127.0.0.1", "--port", str(REDIS_PORT), "--save", "", "--appendonly", "no",
             "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        for _ in range(100):
            if ports_in_use([REDIS_PORT]):
                break
            time.sleep(0.1)
        else:
            raise RuntimeError(f"Redis did not start on port {REDIS_PORT}")
        self.url = f"redis://127.0.0.1:{REDIS_PORT}/0"

    def remove(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    if not os.environ.get("RUN_INTEGRATION") and os.environ.get("INTEGRATION_REQUIRED") != "1":
        pytest.skip("integration tests run with RUN_INTEGRATION=1 (make test, make integration)")
    bindirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not bindirs:
        _missing("PostgreSQL is not installed (Debian package postgresql; bot/services.sh installs it)")
    if not MODEL.exists() or not RASA.exists():
        _missing(f"the trained model {MODEL} and .venv-rasa are needed: run `make setup`")
    if ports_in_use([PG_PORT, REDIS_PORT, *PORTS.values()]):
        pytest.fail(f"integration tests: a port of {PG_PORT}, {REDIS_PORT}, {sorted(PORTS.values())} is in use")
    server = Postgres(bindirs[-1])
    on_exit(server.remove)  # also when pytest is killed
    try:
        server.start()
        server.create_database("knowledge")
        server.create_database("tracker")
        yield server
    finally:
        server.remove()


@pytest.fixture(scope="session")
def redis() -> Iterator[Redis]:
    binary = shutil.which("redis-server")
    if not binary:
        _missing("Redis is not installed (Debian package redis-server; bot/services.sh installs it)")
        raise AssertionError  # unreachable: _missing skips or fails
    server = Redis(binary)
    on_exit(server.remove)
    try:
        yield server
    finally:
        server.remove()


@pytest.fixture(scope="session")
def scaled(tmp_path_factory: pytest.TempPathFactory, postgres: Postgres, redis: Redis) -> Iterator[Stack]:
    stack = Stack.prepare(
        tmp_path_factory.mktemp("scaled"),
        PORTS,
        rate_limit_per_minute=100_000,
        database_url=postgres.url("knowledge"),
        tracker_store_url=postgres.url("tracker"),
        redis_url=redis.url,
    )
    try:
        stack.start_all()
        yield stack
    except PortsInUse as exc:
        pytest.fail(f"integration tests: {exc}")
    finally:
        stack.stop_all()


@pytest.fixture()
def api(scaled: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=scaled.api, timeout=60) as client:
        yield client
