"""Start the real services once for the end-to-end tests: action server, Rasa server with the trained
model, and the API, on their own loopback ports with their own SQLite files, so a running `make run`
is not disturbed."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from knowledge.db import make_engine
from knowledge.loader import load

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "afwezig.tar.gz"
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
APP_PYTHON = ROOT / ".venv" / "bin" / "python"
PORTS = {"actions": 15055, "rasa": 15005, "api": 18000}
START_TIMEOUT = 300


@dataclass
class Services:
    workdir: Path
    env: dict[str, str]
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{PORTS['api']}"

    def _log(self, name: str) -> Path:
        return self.workdir / f"{name}.log"

    def start(self, name: str) -> None:
        commands = {
            "actions": [str(APP_PYTHON), "-m", "rasa_sdk", "--actions", "actions", "--port", str(PORTS["actions"])],
            "rasa": [
                str(RASA),
                "run",
                "--enable-api",
                "-i",
                "127.0.0.1",
                "-p",
                str(PORTS["rasa"]),
                "-m",
                str(MODEL),
                "--endpoints",
                str(self.workdir / "endpoints.yml"),
                "--credentials",
                "bot/credentials.yml",
            ],
            "api": [
                str(APP_PYTHON),
                "-m",
                "uvicorn",
                "api.main:app",
                "--ws",
                "none",
                "--host",
                "127.0.0.1",
                "--port",
                str(PORTS["api"]),
            ],
        }
        with self._log(name).open("ab") as log:  # the child keeps its own copy of the descriptor
            self.procs[name] = subprocess.Popen(
                commands[name], cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def stop(self, name: str) -> None:
        proc = self.procs.pop(name, None)
        if proc is None:
            return
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    def wait_healthy(self, timeout: float = START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        last = "geen antwoord"
        while time.monotonic() < deadline:
            for name, proc in self.procs.items():
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} stopped:\n{self._log(name).read_text()[-3000:]}")
            try:
                r = httpx.get(f"{self.api}/api/health", timeout=5)
                if r.status_code == 200:
                    return
                last = r.text
            except httpx.HTTPError as exc:
                last = str(exc)
            time.sleep(1)
        raise RuntimeError(f"services not healthy after {timeout} s: {last}")


@pytest.fixture(scope="session")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    if not MODEL.exists() or not RASA.exists():
        message = f"end-to-end tests need the trained model {MODEL} and .venv-rasa: run `make test`"
        if os.environ.get("E2E_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)
    workdir = tmp_path_factory.mktemp("e2e")
    db_url = f"sqlite:///{workdir / 'knowledge.db'}"
    engine = make_engine(db_url)
    load(engine)
    engine.dispose()
    (workdir / "endpoints.yml").write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{PORTS["actions"]}/webhook"\n'
        f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{workdir / "tracker.db"}"\n'
    )
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "RASA_URL": f"http://127.0.0.1:{PORTS['rasa']}",
        "ACTION_SERVER_URL": f"http://127.0.0.1:{PORTS['actions']}",
        "SANIC_HOST": "127.0.0.1",
        "RASA_TELEMETRY_ENABLED": "false",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "PYTHONWARNINGS": "ignore::DeprecationWarning",
        "RATE_LIMIT_PER_MINUTE": "1000",
    }
    svc = Services(workdir=workdir, env=env)
    try:
        for name in ("actions", "rasa", "api"):
            svc.start(name)
        svc.wait_healthy()
        yield svc
    finally:
        for name in list(svc.procs):
            svc.stop(name)


@pytest.fixture()
def api(services: Services) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=services.api, timeout=60) as client:
        yield client
