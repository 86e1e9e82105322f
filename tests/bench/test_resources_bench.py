"""bench/resources_bench.py's /proc reading on a fake /proc: the memory fields, the process tree, the services."""

from __future__ import annotations

from pathlib import Path

from bench.resources_bench import median_or_none, services_of, status_kib, tree, tree_memory_kib

STATUS = """Name:\tpython
Umask:\t0022
State:\tS (sleeping)
VmPeak:\t 2000000 kB
VmHWM:\t  846000 kB
VmRSS:\t  839000 kB
Threads:\t12
"""


def _proc(root: Path, pid: int, cmd: str, hwm: int, rss: int, kids: list[int], threads: int = 1) -> None:
    d = root / str(pid)
    (d / "task").mkdir(parents=True)
    (d / "cmdline").write_bytes(cmd.replace(" ", "\0").encode() + b"\0")
    (d / "status").write_text(f"Name:\tx\nVmHWM:\t{hwm} kB\nVmRSS:\t{rss} kB\n")
    for t in range(threads):
        task = d / "task" / str(pid + t)
        task.mkdir()
        (task / "children").write_text(" ".join(map(str, kids if t == 0 else [])))


def test_status_fields_in_kib() -> None:
    assert status_kib(STATUS) == {"VmPeak": 2000000, "VmHWM": 846000, "VmRSS": 839000}
    assert status_kib("Name:\tx\n") == {}


def test_tree_services_and_memory_on_a_fake_proc(tmp_path: Path) -> None:
    _proc(tmp_path, 100, "/bin/bash bot/run.sh", 4000, 3000, [110, 120, 130])
    _proc(tmp_path, 110, ".venv/bin/python -m rasa_sdk --actions actions --port 45055", 160000, 150000, [])
    _proc(tmp_path, 120, ".venv-rasa/bin/python -m bot.rasa_run run --enable-api", 800000, 790000, [121], threads=3)
    _proc(tmp_path, 121, ".venv-rasa/bin/python -c helper", 10000, 9000, [])
    _proc(tmp_path, 130, ".venv/bin/uvicorn api.main:app --port 45800", 90000, 88000, [])
    assert tree(100, tmp_path) == [100, 110, 120, 121, 130]
    assert services_of(100, tmp_path) == {"actieserver": 110, "rasa": 120, "api": 130}
    assert tree_memory_kib(120, tmp_path) == {"VmHWM": 810000, "VmRSS": 799000}
    assert tree_memory_kib(999, tmp_path) == {"VmHWM": 0, "VmRSS": 0}  # a process that has gone


def test_median_ignores_missing_moments() -> None:
    assert median_or_none([3.0, None, 1.0]) == 2.0
    assert median_or_none([None]) is None
