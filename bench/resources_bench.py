"""Resource benchmark: cold start, memory per service, training time, model size, install size and install time.

- Cold start: bot/run.sh, as `make run` starts the assistant, with the trained model and its own ports
  (Rasa 45005, action server 45055, API 45800), a throw-away knowledge base and tracker store, until the first
  answer of POST /api/chat; split into the moments each part is up (action server /health, Rasa /status with a
  model, the API answering, /api/health 200, run.sh saying it is ready). Run --runs times (default 3); medians.
- Memory: VmHWM (peak) and VmRSS of each service's process tree (/proc) after a burst of chat messages.
- Training: FORCE_TRAIN=1 bot/train.sh into a temporary MODEL_DIR, with an empty Rasa cache (models/ untouched);
  the size of the model.
- Install size: du of .venv and .venv-rasa (symlinks resolved). With --install also the install time: both
  environments created in a temporary directory from requirements/*.txt and the lock files, as the Makefile does.

Heavy: run it alone (`flock /tmp/dev/cpu.lock make bench-resources` on a shared machine). Needs `make setup`.
Usage: .venv/bin/python bench/resources_bench.py [--runs N] [--skip-train] [--install]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.stack import MODEL, ROOT, ports_in_use
from knowledge.db import make_engine
from knowledge.loader import load

RASA_PORT, ACTION_PORT, API_PORT = 45005, 45055, 45800
BURST = (
    "hallo",
    "Wat moet ik doen na 5 B-codes?",
    "een leerling heeft 12 B-codes, wat nu?",
    "wat is een M-document?",
    "xqzt brmpf",
)
BURST_ROUNDS = 4
# Which service a process of run.sh's tree is, by its command line.
SERVICES = {"rasa_sdk": "actieserver", "bot.rasa_run": "rasa", "uvicorn": "api"}
PHASES = (
    ("spawned", "run.sh heeft de drie diensten gestart"),
    ("actions", "actieserver antwoordt (/health)"),
    ("api", "API antwoordt (welke status ook)"),
    ("rasa_http", "Rasa antwoordt (/status)"),
    ("rasa_model", "Rasa heeft het model geladen (/status)"),
    ("health", "/api/health 200"),
    ("ready_line", "run.sh meldt 'De assistent is klaar'"),
    ("first_answer", "eerste antwoord van POST /api/chat"),
)


# --- /proc ------------------------------------------------------------------------------------------------------


def status_kib(text: str) -> dict[str, int]:
    """The memory fields (``VmHWM``, ``VmRSS``, ...) of a /proc/<pid>/status text, in KiB."""
    values = {}
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        parts = rest.split()
        if key.startswith("Vm") and len(parts) == 2 and parts[1] == "kB":
            values[key] = int(parts[0])
    return values


def children(pid: int, proc: Path = Path("/proc")) -> list[int]:
    """The child processes of ``pid`` (all its threads' children)."""
    found: list[int] = []
    try:
        tasks = list((proc / str(pid) / "task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            found.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def tree(pid: int, proc: Path = Path("/proc")) -> list[int]:
    """``pid`` and all its descendants."""
    pids = [pid]
    for child in children(pid, proc):
        pids.extend(tree(child, proc))
    return pids


def cmdline(pid: int, proc: Path = Path("/proc")) -> str:
    try:
        return (proc / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def tree_memory_kib(pid: int, proc: Path = Path("/proc")) -> dict[str, int]:
    """VmHWM and VmRSS summed over the process tree of ``pid`` (the sum of the peaks: an upper bound of the tree's
    peak when it has several processes)."""
    total = {"VmHWM": 0, "VmRSS": 0}
    for one in tree(pid, proc):
        try:
            values = status_kib((proc / str(one) / "status").read_text())
        except OSError:
            continue
        for key in total:
            total[key] += values.get(key, 0)
    return total


def services_of(run_pid: int, proc: Path = Path("/proc")) -> dict[str, int]:
    """The service processes that run.sh started, by name (``rasa``, ``actieserver``, ``api``)."""
    found = {}
    for pid in tree(run_pid, proc)[1:]:
        line = cmdline(pid, proc)
        for marker, name in SERVICES.items():
            if marker in line and name not in found:
                found[name] = pid
    return found


# --- figures ------------------------------------------------------------------------------------------------------


def du_bytes(path: Path) -> int:
    """Disk usage of a directory, symlinks resolved (as `du -sb` of the real path)."""
    out = subprocess.run(["du", "-sb", str(path.resolve())], capture_output=True, text=True, check=True).stdout
    return int(out.split()[0])


def mib(n_bytes: float) -> str:
    return f"{n_bytes / 2**20:.0f} MiB"


def median_or_none(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def fmt_s(value: float | None) -> str:
    return "   -  " if value is None else f"{value:6.1f}"


@dataclass
class ColdStart:
    moments: dict[str, float] = field(default_factory=dict)
    memory: dict[str, dict[str, int]] = field(default_factory=dict)


def _get(client: httpx.Client, url: str, **params: str) -> httpx.Response | None:
    try:
        return client.get(url, params=params, timeout=2)
    except httpx.HTTPError:
        return None


def cold_start(tmp: Path, token: str, timeout: float = 300) -> ColdStart:
    """Start bot/run.sh and time its parts until the first chat answer; then the memory after a burst."""
    db = f"sqlite:///{tmp / 'knowledge.db'}"
    if not (tmp / "knowledge.db").exists():
        engine = make_engine(db)
        load(engine)
        engine.dispose()
    (tmp / "tracker.db").unlink(missing_ok=True)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("RASA_", "ACTION_SERVER_"))},
        "RUN_DIR": str(tmp / "run"),
        "DATABASE_URL": db,
        "TRACKER_STORE_URL": f"sqlite:///{tmp / 'tracker.db'}",
        "RASA_URL": f"http://127.0.0.1:{RASA_PORT}",
        "ACTION_SERVER_URL": f"http://127.0.0.1:{ACTION_PORT}",
        "API_HOST": "127.0.0.1",
        "API_PORT": str(API_PORT),
        "REDIS_URL": "",
        "RASA_TOKEN": token,
        "RATE_LIMIT_PER_MINUTE": "100000",
        "RATE_LIMIT_PER_SESSION_PER_MINUTE": "100000",
    }
    result = ColdStart()
    log = (tmp / "run.sh.out").open("w")
    started = time.monotonic()
    proc = subprocess.Popen(
        [str(ROOT / "bot" / "run.sh")], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )

    def mark(name: str) -> None:
        result.moments.setdefault(name, time.monotonic() - started)

    try:
        with httpx.Client() as client:
            while "first_answer" not in result.moments:
                if time.monotonic() - started > timeout:
                    raise RuntimeError(f"niet klaar na {timeout} s; zie {tmp / 'run.sh.out'} en {tmp / 'run' / 'log'}")
                if proc.poll() is not None:
                    raise RuntimeError(f"run.sh stopte: {(tmp / 'run.sh.out').read_text()[-2000:]}")
                if len(services_of(proc.pid)) == 3:
                    mark("spawned")
                r = _get(client, f"http://127.0.0.1:{ACTION_PORT}/health")
                if r is not None and r.status_code == 200:
                    mark("actions")
                r = _get(client, f"http://127.0.0.1:{RASA_PORT}/status", token=token)
                if r is not None:
                    mark("rasa_http")
                    if r.status_code == 200 and r.json().get("model_file"):
                        mark("rasa_model")
                r = _get(client, f"http://127.0.0.1:{API_PORT}/api/health")
                if r is not None:
                    mark("api")
                    if r.status_code == 200:
                        mark("health")
                if "health" in result.moments:
                    t0 = time.monotonic()
                    reply = client.post(f"http://127.0.0.1:{API_PORT}/api/chat", json={"message": "hallo"}, timeout=60)
                    if reply.status_code == 200 and reply.json().get("replies"):
                        result.moments["first_answer"] = time.monotonic() - started
                        result.moments["first_answer_request"] = time.monotonic() - t0
                        continue
                time.sleep(0.1)
            # run.sh polls /api/health once a second: its "ready" line comes a little after.
            deadline = time.monotonic() + 15
            while "ready_line" not in result.moments and time.monotonic() < deadline:
                log.flush()
                if "De assistent is klaar" in (tmp / "run.sh.out").read_text():
                    mark("ready_line")
                time.sleep(0.05)
            session = None
            for _ in range(BURST_ROUNDS):
                for message in BURST:
                    reply = client.post(
                        f"http://127.0.0.1:{API_PORT}/api/chat",
                        json={"session_id": session, "message": message},
                        timeout=60,
                    )
                    reply.raise_for_status()
                    session = reply.json()["session_id"]
        result.memory = {name: tree_memory_kib(pid) for name, pid in sorted(services_of(proc.pid).items())}
    finally:
        stop(proc)
        log.close()
    return result


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Ctrl-C to run.sh, as a user stops it; SIGKILL to its group when it takes too long."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    deadline = time.monotonic() + 30
    while ports_in_use([RASA_PORT, ACTION_PORT, API_PORT]) and time.monotonic() < deadline:
        time.sleep(0.5)


def train(tmp: Path) -> tuple[float, int]:
    """FORCE_TRAIN=1 bot/train.sh into tmp/models with an empty Rasa cache: seconds, model bytes."""
    env = {
        **os.environ,
        "FORCE_TRAIN": "1",
        "MODEL_DIR": str(tmp / "models"),
        "TRAIN_LOG": str(tmp / "train.log"),
        "RASA_CACHE_DIRECTORY": str(tmp / "rasa-cache"),
    }
    t0 = time.monotonic()
    result = subprocess.run([str(ROOT / "bot" / "train.sh")], cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.monotonic() - t0
    if result.returncode != 0:
        raise RuntimeError(f"training mislukt:\n{result.stdout[-3000:]}{result.stderr[-2000:]}")
    return seconds, (tmp / "models" / "afwezig.tar.gz").stat().st_size


def pip_cache() -> tuple[Path, int]:
    out = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "pip"), "cache", "dir"], capture_output=True, text=True, check=False
    ).stdout.strip()
    path = Path(out or Path.home() / ".cache" / "pip")
    return path, du_bytes(path) if path.exists() else 0


def install(tmp: Path) -> list[tuple[str, float, int]]:
    """Create both environments in tmp as the Makefile does; seconds and size of each."""
    python = subprocess.run(
        [str(ROOT / "bot" / "find_python.sh")], capture_output=True, text=True, check=True
    ).stdout.strip()
    req = ROOT / "requirements"
    envs = {
        ".venv": ["-r", str(req / "app.txt"), "-r", str(req / "dev.txt"), "-c", str(req / "app.lock")],
        ".venv-rasa": ["-r", str(req / "rasa.txt"), "-c", str(req / "rasa.lock")],
    }
    results = []
    for name, requirements in envs.items():
        venv = tmp / name
        t0 = time.monotonic()
        for command in (
            [python, "-m", "venv", str(venv)],
            [str(venv / "bin" / "pip"), "install", "-q", "--upgrade", "pip"],
            [str(venv / "bin" / "pip"), "install", "-q", *requirements],
        ):
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise RuntimeError(f"{' '.join(command)} mislukt:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        results.append((name, time.monotonic() - t0, du_bytes(venv)))
        print(f"  {name:<11} {time.monotonic() - t0:6.0f} s  {mib(du_bytes(venv)):>9}", flush=True)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="cold starts (default 3; the median is shown; 0: none)")
    parser.add_argument("--skip-train", action="store_true", help="do not time a training")
    parser.add_argument("--install", action="store_true", help="also create both environments and time that")
    args = parser.parse_args()
    if not MODEL.exists():
        print(f"Geen getraind model ({MODEL}); voer eerst `make setup` uit.", file=sys.stderr)
        return 1
    taken = ports_in_use([RASA_PORT, ACTION_PORT, API_PORT])
    if taken:
        print(f"Poort(en) {taken} zijn al in gebruik; stop wat daar draait.", file=sys.stderr)
        return 1

    if args.runs > 0:
        print(
            f"== Koude start via bot/run.sh (poorten {ACTION_PORT}, {RASA_PORT}, {API_PORT}), {args.runs} keer",
            flush=True,
        )
        runs: list[ColdStart] = []
        with tempfile.TemporaryDirectory(prefix="resources-bench-") as tmp_name:
            tmp = Path(tmp_name)
            for index in range(args.runs):
                run = cold_start(tmp, token=os.urandom(16).hex())
                runs.append(run)
                m = run.moments
                print(
                    f"  start {index + 1}: eerste antwoord na {m['first_answer']:.1f} s "
                    f"(Rasa-model geladen na {m.get('rasa_model', float('nan')):.1f} s)",
                    flush=True,
                )
        print(f"  {'moment (seconden na het starten van run.sh)':<48} {'mediaan':>8} {'min':>6} {'max':>6}")
        for key, label in PHASES:
            values = [r.moments.get(key) for r in runs]
            present = [v for v in values if v is not None]
            low = min(present) if present else None
            high = max(present) if present else None
            print(f"  {label:<48} {fmt_s(median_or_none(values)):>8} {fmt_s(low)} {fmt_s(high)}")
        request = median_or_none([r.moments.get("first_answer_request") for r in runs])
        print(f"  (de eerste POST /api/chat zelf: {request:.2f} s; mediaan)" if request is not None else "")

        last = runs[-1].memory
        print(f"== Geheugen per dienst na {BURST_ROUNDS * len(BURST)} chatberichten (procesboom, laatste start)")
        print(f"  {'dienst':<12} {'piek (VmHWM)':>13} {'RSS':>9}")
        for name, mem in last.items():
            print(f"  {name:<12} {mem['VmHWM'] / 1024:9.0f} MiB {mem['VmRSS'] / 1024:5.0f} MiB")

    if not args.skip_train:
        print("== Training (FORCE_TRAIN=1 bot/train.sh in een tijdelijke map, lege Rasa-cache)", flush=True)
        with tempfile.TemporaryDirectory(prefix="resources-train-") as tmp_name:
            seconds, size = train(Path(tmp_name))
        current = MODEL.stat().st_size / 2**20
        print(f"  trainen: {seconds:.0f} s; model: {size / 2**20:.1f} MiB (models/: {current:.1f} MiB)")
    else:
        print(f"== Model: {MODEL.stat().st_size / 2**20:.1f} MiB ({MODEL.relative_to(ROOT)}); training overgeslagen")

    print("== Installatiegrootte (du, symlinks gevolgd)")
    for name in (".venv", ".venv-rasa"):
        path = ROOT / name
        print(f"  {name:<11} {mib(du_bytes(path)):>9}  ({path.resolve()})")

    if args.install:
        cache_dir, cache_before = pip_cache()
        state = "warm" if cache_before > 200 * 2**20 else "koud"
        where = f"pip-cache {cache_dir}: {mib(cache_before)}, {state}"
        print(f"== Installatie van beide omgevingen in een tijdelijke map ({where})", flush=True)
        with tempfile.TemporaryDirectory(prefix="resources-install-") as tmp_name:
            install(Path(tmp_name))
        _, cache_after = pip_cache()
        print(f"  pip-cache daarna: {mib(cache_after)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
