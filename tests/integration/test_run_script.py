"""`make run` (bot/run.sh) on ports of its own: Rasa behind a random token, a dying action server started again
while the others keep serving, and Ctrl-C stopping everything."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.stack import MODEL, RASA, ROOT, ports_in_use
from knowledge.db import make_engine
from knowledge.loader import load

RASA_PORT, ACTION_PORT, API_PORT = 35105, 35155, 38100


def _pids_of(*words: str) -> list[int]:
    """The processes whose command line holds every word (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if all(word in cmdline for word in words):
            found.append(int(entry.name))
    return found


def _wait_for(check: str, predicate: object, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(predicate) and predicate():
            return
        time.sleep(1)
    raise AssertionError(f"not within {timeout} s: {check}")


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _health() -> int:
    try:
        return httpx.get(f"http://127.0.0.1:{API_PORT}/api/health", timeout=10).status_code
    except httpx.HTTPError:
        return 0


@pytest.fixture()
def run_sh(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    if not os.environ.get("RUN_INTEGRATION") and os.environ.get("INTEGRATION_REQUIRED") != "1":
        pytest.skip("integration tests run with RUN_INTEGRATION=1 (make test, make integration)")
    if not MODEL.exists() or not RASA.exists():
        pytest.fail(f"the trained model {MODEL} and .venv-rasa are needed: run `make setup`")
    taken = ports_in_use([RASA_PORT, ACTION_PORT, API_PORT])
    assert not taken, f"ports {taken} are in use: a run.sh left behind?"
    engine = make_engine(f"sqlite:///{tmp_path / 'knowledge.db'}")
    load(engine)
    engine.dispose()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("RASA_", "ACTION_SERVER_"))},
        "RUN_DIR": str(tmp_path / "run"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'knowledge.db'}",
        "TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
        "RASA_URL": f"http://127.0.0.1:{RASA_PORT}",
        "ACTION_SERVER_URL": f"http://127.0.0.1:{ACTION_PORT}",
        "API_PORT": str(API_PORT),
        "REDIS_URL": "",
    }
    log = (tmp_path / "run.sh.log").open("wb")
    # As in a terminal, Ctrl-C must reach run.sh: when pytest itself runs in the background (`cmd &`), SIGINT is
    # ignored and a shell cannot trap a signal that was ignored when it started.
    proc = subprocess.Popen(
        [str(ROOT / "bot" / "run.sh")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=_interruptible,
    )
    try:
        yield proc, tmp_path
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        for pid in _pids_of(f"--port {ACTION_PORT}") + _pids_of(f"-p {RASA_PORT}") + _pids_of(f"--port {API_PORT}"):
            os.kill(pid, signal.SIGKILL)
        log.close()


def test_run_sh_restarts_a_dying_service_and_ctrl_c_stops_all(
    run_sh: tuple[subprocess.Popen[bytes], Path],
) -> None:
    proc, tmp = run_sh
    # Ready as run.sh itself says it: before that, a service that dies is a failed start (run.sh stops), not a crash.
    _wait_for(
        "the assistant is ready",
        lambda: "De assistent is klaar" in (tmp / "run.sh.log").read_text() or proc.poll() is not None,
        300,
    )
    assert proc.poll() is None, (tmp / "run.sh.log").read_text()
    assert _health() == 200

    # A random token per start, readable only by its owner; Rasa refuses a request without it.
    token_file = tmp / "run" / "rasa-token"
    assert token_file.stat().st_mode & 0o777 == 0o600
    token = token_file.read_text().strip()
    assert not _pids_of(token), "the token shows in a command line"
    rasa = f"http://127.0.0.1:{RASA_PORT}/conversations/x/tracker"
    assert httpx.get(rasa, timeout=10).status_code == 401
    assert httpx.get(rasa, params={"token": token}, timeout=10).status_code == 200

    # The action server dies: it is started again, logged in Dutch; the API and Rasa kept running.
    [action_server] = _pids_of("rasa_sdk", f"--port {ACTION_PORT}")
    api_pids = _pids_of("uvicorn", f"--port {API_PORT}")
    os.kill(action_server, signal.SIGKILL)
    _wait_for("the action server is back", lambda: _pids_of("rasa_sdk", f"--port {ACTION_PORT}") != [], 30)
    _wait_for("health is 200 again", lambda: _health() == 200, 60)
    assert _pids_of("uvicorn", f"--port {API_PORT}") == api_pids
    run_log = (tmp / "run" / "log" / "run.log").read_text()
    assert "actions-1 is gestopt (afsluitcode 137); opnieuw starten" in run_log
    reply = httpx.post(f"http://127.0.0.1:{API_PORT}/api/chat", json={"message": "wat is een B-code?"}, timeout=60)
    assert reply.status_code == 200 and reply.json()["replies"]

    # Ctrl-C (SIGINT to the foreground group) stops every service.
    os.killpg(proc.pid, signal.SIGINT)
    assert proc.wait(timeout=60) != 0
    _wait_for("every port is free", lambda: not ports_in_use([RASA_PORT, ACTION_PORT, API_PORT]), 30)
    assert "Gestopt." in (tmp / "run.sh.log").read_text()
