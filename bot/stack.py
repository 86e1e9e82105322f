"""Start and stop the whole stack (action servers, Rasa servers, API) on chosen loopback ports with their own
knowledge base and tracker store. Used by the end-to-end and integration tests and the benchmarks, so a running
`make run` is not disturbed.

The services are named by the keys of ``ports``: ``actions``, ``rasa`` and ``api`` for one instance of each, or
``actions-1``, ``actions-2``, ``rasa-1``, ``rasa-2``, ... for several (Rasa instance i calls action server i). Rasa's
endpoints are written from the deployment's settings (``deploy.endpoints``): SQLite files in ``workdir`` by
default, or the PostgreSQL tracker store and Redis lock store given to ``prepare``. Rasa's HTTP API gets a random
token (given to Rasa through the environment, bot/rasa_run.py), which the API (``RASA_TOKEN``) and ``rasa_get`` send.
"""

from __future__ import annotations

import atexit
import os
import secrets
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import httpx
import yaml

from api.settings import ApiSettings
from deploy.endpoints import endpoints
from knowledge.db import make_engine
from knowledge.loader import load

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "afwezig.tar.gz"
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
APP_PYTHON = ROOT / ".venv" / "bin" / "python"


class PortsInUse(RuntimeError):
    """A port of the stack is taken, e.g. by a stack left behind by an earlier run."""


def ports_in_use(ports: list[int]) -> list[int]:
    """The ports among ``ports`` that something on 127.0.0.1 already listens on. (SO_REUSEADDR, as the servers
    use it: connections of an earlier run that are closing, in TIME_WAIT, do not count.)"""
    taken = []
    for port in ports:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                taken.append(port)
    return taken


def on_exit(cleanup: Callable[[], None]) -> None:
    """Run ``cleanup`` when this process ends: normally (atexit) or by SIGTERM or SIGHUP, e.g. pytest killed (then
    the signal's earlier handler runs after it, and the process ends as the signal says)."""
    atexit.register(cleanup)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        previous = signal.getsignal(signum)

        def handler(sig: int, frame: FrameType | None, previous: Any = previous) -> None:
            cleanup()
            signal.signal(sig, previous if callable(previous) else signal.SIG_DFL)
            os.kill(os.getpid(), sig)

        signal.signal(signum, handler)


@dataclass
class Stack:
    workdir: Path
    ports: dict[str, int]
    env: dict[str, str] = field(default_factory=dict)
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    rasa_token: str = ""

    @classmethod
    def prepare(
        cls,
        workdir: Path,
        ports: dict[str, int],
        rate_limit_per_minute: int = 1000,
        database_url: str | None = None,
        tracker_store_url: str | None = None,
        redis_url: str = "",
    ) -> Stack:
        """Load the knowledge base (into ``database_url``, or an SQLite file in ``workdir``) and write Rasa's
        endpoints for these ports."""
        db_url = database_url or f"sqlite:///{workdir / 'knowledge.db'}"
        engine = make_engine(db_url)
        load(engine)
        engine.dispose()
        token = secrets.token_hex(24)
        stack = cls(workdir=workdir, ports=ports, rasa_token=token)
        settings = ApiSettings(
            rasa_urls=stack.rasa_urls,
            action_server_urls=stack.action_urls,
            tracker_store_url=tracker_store_url or f"sqlite:///{workdir / 'tracker.db'}",
            redis_url=redis_url,
        )
        for index, name in enumerate(stack.names("rasa")):
            (workdir / f"endpoints-{name}.yml").write_text(yaml.safe_dump(endpoints(settings, index)))
        stack.env = {
            **os.environ,
            "DATABASE_URL": db_url,
            "TRACKER_STORE_URL": settings.tracker_store_url,
            "RASA_URLS": ",".join(stack.rasa_urls),
            "ACTION_SERVER_URLS": ",".join(stack.action_urls),
            "RASA_TOKEN": token,
            "REDIS_URL": redis_url,
            "SANIC_HOST": "127.0.0.1",
            "RASA_TELEMETRY_ENABLED": "false",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "PYTHONWARNINGS": "ignore::DeprecationWarning",
            "PYTHONPATH": str(ROOT),
            "RATE_LIMIT_PER_MINUTE": str(rate_limit_per_minute),
            "RATE_LIMIT_PER_SESSION_PER_MINUTE": str(rate_limit_per_minute),
        }
        for single in ("RASA_URL", "ACTION_SERVER_URL"):
            stack.env.pop(single, None)
        return stack

    def names(self, kind: str) -> list[str]:
        """The services of one kind (``rasa``, ``actions``) in instance order."""
        return sorted(n for n in self.ports if n == kind or n.startswith(f"{kind}-"))

    @property
    def rasa_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{self.ports[n]}" for n in self.names("rasa")]

    @property
    def action_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{self.ports[n]}" for n in self.names("actions")]

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.ports['api']}"

    @property
    def rasa(self) -> str:
        return self.rasa_urls[0]

    def rasa_get(self, path: str, rasa: str | None = None, **params: str) -> Any:
        """GET from Rasa's HTTP API with the token (e.g. ``/conversations/{id}/tracker``), as JSON."""
        response = httpx.get(f"{rasa or self.rasa}{path}", params={**params, "token": self.rasa_token}, timeout=30)
        response.raise_for_status()
        return response.json()

    def log(self, name: str) -> Path:
        return self.workdir / f"{name}.log"

    def command(self, name: str) -> list[str]:
        port = str(self.ports[name])
        if name in self.names("actions"):
            return [str(APP_PYTHON), "-m", "rasa_sdk", "--actions", "actions", "--port", port]
        if name in self.names("rasa"):
            return [
                str(RASA_PYTHON), "-m", "bot.rasa_run", "run", "--enable-api", "-i", "127.0.0.1", "-p", port,
                "-m", str(MODEL), "--endpoints", str(self.workdir / f"endpoints-{name}.yml"),
                "--credentials", "bot/credentials.yml",
            ]  # fmt: skip
        return [str(APP_PYTHON), "-m", "uvicorn", "api.main:app", "--ws", "none", "--host", "127.0.0.1", "--port", port]

    def start(self, name: str) -> None:
        with self.log(name).open("ab") as log:  # the child keeps its own copy of the descriptor
            self.procs[name] = subprocess.Popen(
                self.command(name), cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def check_ports_free(self) -> None:
        taken = ports_in_use(list(self.ports.values()))
        if taken:
            raise PortsInUse(
                f"port(s) {', '.join(map(str, taken))} on 127.0.0.1 are already in use, probably by a stack left "
                "behind by an earlier run: stop those processes (e.g. `ss -ltnp | grep <port>`) and start again"
            )

    def start_all(self) -> None:
        """Check that every port is free, start every service and wait until the API says all are healthy. The
        services are stopped when this process ends, also by SIGTERM or SIGHUP (pytest killed)."""
        self.check_ports_free()
        self.stop_on_exit()
        self.start_services()

    def start_services(self) -> None:
        """Start every service, the API last, and wait until it says all are healthy."""
        for name in self.ports:
            if name != "api":
                self.start(name)
        self.start("api")
        self.wait_healthy()

    def stop_on_exit(self) -> None:
        on_exit(self.stop_all)

    def stop(self, name: str) -> None:
        """SIGTERM to the process group; Rasa needs more than the default grace, then SIGKILL."""
        proc = self.procs.pop(name, None)
        if proc is None:
            return
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        except ProcessLookupError:
            proc.wait(timeout=10)

    def kill(self, name: str) -> None:
        """SIGKILL: the service dies at once, as in a crash."""
        proc = self.procs.pop(name)
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
                if r.status_code == 200 and not r.json().get("failing_instances"):
                    return
                last = r.text
            except httpx.HTTPError as exc:
                last = str(exc)
            time.sleep(0.2)
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
