"""Start and stop the whole stack (action server, Rasa server, API) on chosen loopback ports with their
own knowledge base and tracker store. Used by the end-to-end tests and the chat benchmark, so a running
`make run` is not disturbed."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from knowledge.db import make_engine
from knowledge.loader import load

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "afwezig.tar.gz"
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
APP_PYTHON = ROOT / ".venv" / "bin" / "python"
NAMES = ("actions", "rasa", "api")


@dataclass
class Stack:
    workdir: Path
    ports: dict[str, int]
    env: dict[str, str] = field(default_factory=dict)
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @classmethod
    def prepare(cls, workdir: Path, ports: dict[str, int], rate_limit_per_minute: int = 1000) -> Stack:
        """Load the knowledge base into ``workdir`` and write an endpoints file for these ports."""
        db_url = f"sqlite:///{workdir / 'knowledge.db'}"
        engine = make_engine(db_url)
        load(engine)
        engine.dispose()
        (workdir / "endpoints.yml").write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{ports["actions"]}/webhook"\n'
            f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{workdir / "tracker.db"}"\n'
        )
        env = {
            **os.environ,
            "DATABASE_URL": db_url,
            "RASA_URL": f"http://127.0.0.1:{ports['rasa']}",
            "ACTION_SERVER_URL": f"http://127.0.0.1:{ports['actions']}",
            "SANIC_HOST": "127.0.0.1",
            "RASA_TELEMETRY_ENABLED": "false",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "PYTHONWARNINGS": "ignore::DeprecationWarning",
            "PYTHONPATH": str(ROOT),
            "RATE_LIMIT_PER_MINUTE": str(rate_limit_per_minute),
            "RATE_LIMIT_PER_SESSION_PER_MINUTE": str(rate_limit_per_minute),
        }
        return cls(workdir=workdir, ports=ports, env=env)

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.ports['api']}"

    @property
    def rasa(self) -> str:
        return f"http://127.0.0.1:{self.ports['rasa']}"

    def log(self, name: str) -> Path:
        return self.workdir / f"{name}.log"

    def start(self, name: str) -> None:
        commands = {
            "actions": [
                str(APP_PYTHON), "-m", "rasa_sdk", "--actions", "actions", "--port", str(self.ports["actions"]),
            ],
            "rasa": [
                str(RASA), "run", "--enable-api", "-i", "127.0.0.1", "-p", str(self.ports["rasa"]), "-m", str(MODEL),
                "--endpoints", str(self.workdir / "endpoints.yml"), "--credentials", "bot/credentials.yml",
            ],
            "api": [
                str(APP_PYTHON), "-m", "uvicorn", "api.main:app", "--ws", "none", "--host", "127.0.0.1",
                "--port", str(self.ports["api"]),
            ],
        }  # fmt: skip
        with self.log(name).open("ab") as log:  # the child keeps its own copy of the descriptor
            self.procs[name] = subprocess.Popen(
                commands[name], cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def start_all(self) -> None:
        for name in NAMES:
            self.start(name)
        self.wait_healthy()

    def stop(self, name: str) -> None:
        """SIGTERM to the process group; Rasa needs more than the default grace, then SIGKILL."""
        proc = self.procs.pop(name, None)
        if proc is None:
            return
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    def stop_all(self) -> None:
        for name in list(self.procs):
            self.stop(name)

    def wait_healthy(self, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        last = "geen antwoord"
        while time.monotonic() < deadline:
            for name, proc in self.procs.items():
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} stopped:\n{self.log(name).read_text()[-3000:]}")
            try:
                r = httpx.get(f"{self.api}/api/health", timeout=5)
                if r.status_code == 200:
                    return
                last = r.text
            except httpx.HTTPError as exc:
                last = str(exc)
            time.sleep(1)
        raise RuntimeError(f"services not healthy after {timeout} s: {last}")

    def rss_mib(self) -> dict[str, float]:
        """Resident memory of each running service, children included, in MiB (Linux /proc)."""
        return {name: _tree_rss_kib(proc.pid) / 1024 for name, proc in self.procs.items()}


def _tree_rss_kib(pid: int) -> int:
    total = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except (FileNotFoundError, ProcessLookupError):
        return total
    return total + sum(_tree_rss_kib(int(c)) for c in children)
