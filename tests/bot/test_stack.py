"""bot/stack.py without Rasa: it refuses ports that are taken (a stack left behind), and its services stop when
the process that started them is killed (pytest ended by SIGTERM)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.stack import ROOT, PortsInUse, Stack, ports_in_use


@pytest.fixture()
def listening() -> Iterator[int]:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_a_port_in_use_is_found_and_refused(listening: int, tmp_path: Path) -> None:
    free = free_port()
    assert ports_in_use([listening, free]) == [listening]
    stack = Stack(workdir=tmp_path, ports={"rasa": free, "api": listening})
    with pytest.raises(PortsInUse, match=f"{listening} on 127.0.0.1 are already in use.*left behind"):
        stack.start_all()
    assert stack.procs == {}


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_the_services_stop_when_the_process_that_started_them_is_killed(tmp_path: Path, signum: int) -> None:
    script = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from bot.stack import Stack

        class Sleepy(Stack):
            def command(self, name):
                return ["sleep", "300"]

            def wait_healthy(self, timeout=300):
                pass

        stack = Sleepy(workdir=Path({str(tmp_path)!r}), ports={{"actions": {free_port()}, "api": {free_port()}}})
        stack.start_all()
        print(" ".join(str(p.pid) for p in stack.procs.values()), flush=True)
        time.sleep(300)
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    children = [int(pid) for pid in parent.stdout.readline().split()]
    try:
        assert len(children) == 2 and all(_alive(pid) for pid in children)
        parent.send_signal(signum)
        assert parent.wait(timeout=30) == -signum
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in children)
    finally:
        for pid in children:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        if parent.poll() is None:
            parent.kill()
            parent.wait(timeout=10)
        parent.stdout.close()
