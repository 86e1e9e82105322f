"""Chat benchmark: start-up time, round-trip latency of POST /api/chat and memory of each service.

Starts its own stack (bot/stack.py) on ports 25055/25005/28000 with the trained model, sends a fixed
mix of questions one after the other, and prints the figures. Needs `make setup` (a trained model).
Usage: .venv/bin/python bench/chat_bench.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.stack import MODEL, Stack

PORTS = {"actions": 25055, "rasa": 25005, "api": 28000}
QUESTIONS = (
    "Wat moet ik doen na 5 B-codes?",  # NLU + custom action + knowledge base
    "hallo",  # NLU + response template
    "een leerling heeft 12 B-codes, wat nu?",
    "xqzt brmpf",  # fallback
)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=10, help="times the question mix is sent (default 10)")
    args = parser.parse_args()
    if not MODEL.exists():
        print(f"Geen getraind model ({MODEL}); voer eerst `make setup` uit.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="chat-bench-") as tmp:
        stack = Stack.prepare(Path(tmp), PORTS)
        started = time.perf_counter()
        try:
            stack.start_all()
            startup = time.perf_counter() - started
            idle = stack.rss_mib()
            latencies: dict[str, list[float]] = {q: [] for q in QUESTIONS}
            with httpx.Client(base_url=stack.api, timeout=60) as client:
                session = None
                for _ in range(args.rounds):
                    for question in QUESTIONS:
                        t0 = time.perf_counter()
                        r = client.post("/api/chat", json={"session_id": session, "message": question})
                        latencies[question].append((time.perf_counter() - t0) * 1000)
                        r.raise_for_status()
                        session = r.json()["session_id"]
            busy = stack.rss_mib()
        finally:
            stack.stop_all()
    all_ms = [ms for values in latencies.values() for ms in values]
    print(f"Opstarten tot /api/health 200: {startup:.1f} s")
    print(f"POST /api/chat, {len(all_ms)} berichten na elkaar in één gesprek:")
    print(f"  {'vraag':<42} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for question, values in latencies.items():
        print(f"  {question:<42} {statistics.median(values):8.0f} {percentile(values, 95):8.0f} {max(values):8.0f}")
    print(f"  {'alles':<42} {statistics.median(all_ms):8.0f} {percentile(all_ms, 95):8.0f} {max(all_ms):8.0f}")
    print("Geheugen (RSS, MiB) na opstarten -> na de berichten:")
    for name in idle:
        print(f"  {name:<8} {idle[name]:7.0f} -> {busy.get(name, 0):7.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
