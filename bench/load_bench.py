"""Load benchmark: latency and throughput of the whole stack, with 1, 10 and 50 conversations at once.

    .venv/bin/python bench/load_bench.py [--levels 1,10,50] [--instances 1,2] [--growth-turns 50]

Starts its own stack (bot/stack.py, ports 27xxx, SQLite, the trained model) once per number of Rasa instances and
replays the 60 multi-turn conversations of tests/rasa/conversations.yml (questions, journeys with their forms, side
questions, role switches; 202 messages) with N sessions at once, each sending its next message as soon as the
previous reply is in (no think time). Every level runs twice in the same stack: through the API (``POST /api/chat``)
and straight to Rasa's REST channel (``/webhooks/rest/webhook``), so the API's overhead shows as a ratio. Prints
p50/p95/p99 per message and messages per second. Then the cost of a growing conversation: a conversation of
``--growth-turns`` messages (ten questions over and over), the latency of its first ten against its last ten.
Needs `make setup` (a trained model).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.stack import MODEL, Stack

ROOT = Path(__file__).resolve().parent.parent
CONVERSATIONS = ROOT / "tests" / "rasa" / "conversations.yml"
# Single questions answered at once (no journey), repeated to grow one conversation.
GROWTH_QUESTIONS = (
    "wanneer mogen we als school de lokale politie inschakelen bij spijbelgedrag",
    "wat is een antispijbelcontract juist",
    "heeft iemand het mailadres of de website van rots",
    "wat is toah",
    "wat wil die r code op het rapport zeggen",
    "hallo",
    "wat is het verschil tussen onwil en onmacht van ouders",
    "wat doet het clb bij problematische afwezigheden",
    "wat is een m-document",
    "dank je",
)
BASE_PORT = 27000


@dataclass(frozen=True)
class Conversation:
    name: str
    role: str | None
    messages: tuple[str, ...]


@dataclass
class Run:
    """The latencies (ms) of one load level, and how long the whole level took."""

    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    errors: int = 0

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct`` percentile of ``values`` (nearest rank on the sorted values; 0 for none)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))]


def load_conversations(path: Path = CONVERSATIONS) -> list[Conversation]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Conversation(c["name"], c.get("role"), tuple(c["messages"])) for c in data["conversations"]]


def schedule(conversations: Sequence[Conversation], sessions: int) -> list[Conversation]:
    """The conversations a level replays: every conversation once for one session; for more, every conversation at
    least three times and at least three per session, so that the level lasts long enough to measure (with one
    pass, 10 sessions are done in a few seconds and the figures vary by a third from run to run)."""
    passes = 1 if sessions == 1 else max(3, -(-3 * sessions // len(conversations)))
    return list(conversations) * passes


def ports_for(instances: int) -> dict[str, int]:
    if instances == 1:
        return {"actions": BASE_PORT + 55, "rasa": BASE_PORT + 5, "api": BASE_PORT + 800}
    ports: dict[str, int] = {}
    for i in range(1, instances + 1):
        ports[f"actions-{i}"] = BASE_PORT + 50 + i
        ports[f"rasa-{i}"] = BASE_PORT + i
    ports["api"] = BASE_PORT + 800
    return ports


class Target:
    """Where the messages go: the API, or Rasa's REST channel (instance by instance, as the API would spread
    them)."""

    def __init__(self, kind: str, stack: Stack, client: httpx.AsyncClient) -> None:
        self.kind = kind
        self.stack = stack
        self.client = client

    async def send(self, state: dict[str, Any], conversation: Conversation, message: str) -> None:
        if self.kind == "api":
            body = {"session_id": state.get("session"), "message": message, "role": conversation.role}
            r = await self.client.post(f"{self.stack.api}/api/chat", json=body)
            r.raise_for_status()
            state["session"] = r.json()["session_id"]
            return
        sender = state.setdefault("sender", uuid.uuid4().hex)
        urls = self.stack.rasa_urls
        url = urls[hash(sender) % len(urls)]
        body = {
            "sender": sender,
            "message": message,
            "metadata": {"role": conversation.role} if conversation.role else {},
        }
        r = await self.client.post(f"{url}/webhooks/rest/webhook", json=body)
        r.raise_for_status()


async def replay(target: Target, conversations: Sequence[Conversation], sessions: int) -> Run:
    """``sessions`` workers take the next conversation from the queue and play it message by message."""
    queue: asyncio.Queue[Conversation] = asyncio.Queue()
    for conversation in conversations:
        queue.put_nowait(conversation)
    run = Run()

    async def worker() -> None:
        while not queue.empty():
            conversation = queue.get_nowait()
            state: dict[str, Any] = {}
            for message in conversation.messages:
                t0 = time.perf_counter()
                try:
                    await target.send(state, conversation, message)
                except httpx.HTTPError:
                    run.errors += 1
                    break
                run.latencies.append((time.perf_counter() - t0) * 1000)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(sessions)))
    run.seconds = time.perf_counter() - started
    return run


async def growth(target: Target, turns: int, repeats: int) -> tuple[float, float]:
    """Mean latency (ms) of the first ten and the last ten messages of ``repeats`` conversations of ``turns``
    messages each (the ten questions of GROWTH_QUESTIONS over and over)."""
    first: list[float] = []
    last: list[float] = []
    n = len(GROWTH_QUESTIONS)
    for _ in range(repeats):
        state: dict[str, Any] = {}
        conversation = Conversation("growth", "staff", ())
        for turn in range(turns):
            t0 = time.perf_counter()
            await target.send(state, conversation, GROWTH_QUESTIONS[turn % n])
            ms = (time.perf_counter() - t0) * 1000
            if turn < n:
                first.append(ms)
            elif turn >= turns - n:
                last.append(ms)
    return statistics.mean(first), statistics.mean(last)


def row(label: str, run: Run) -> str:
    lat = run.latencies
    errors = f"  {run.errors} fouten" if run.errors else ""
    return (
        f"  {label:<26} {len(lat):5d} {percentile(lat, 50):7.0f} {percentile(lat, 95):7.0f} {percentile(lat, 99):7.0f}"
        f" {run.throughput:8.1f}{errors}"
    )


async def measure(stack: Stack, levels: Sequence[int], growth_turns: int, growth_repeats: int) -> list[str]:
    conversations = load_conversations()
    lines = [f"  {'niveau':<26} {'berichten':>5} {'p50':>7} {'p95':>7} {'p99':>7} {'ber./s':>8}"]
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        targets = {kind: Target(kind, stack, client) for kind in ("api", "rest")}
        # Warm up: every conversation once through the API (models, caches, connections).
        await replay(targets["api"], conversations, 2)
        for level in levels:
            runs = {kind: await replay(targets[kind], schedule(conversations, level), level) for kind in targets}
            api, rest = runs["api"], runs["rest"]
            p95_ratio = percentile(api.latencies, 95) / max(percentile(rest.latencies, 95), 1e-9)
            p50_ratio = percentile(api.latencies, 50) / max(percentile(rest.latencies, 50), 1e-9)
            lines.append(row(f"{level} tegelijk, API", runs["api"]))
            lines.append(row(f"{level} tegelijk, Rasa REST", runs["rest"]))
            lines.append(
                f"  {'':<26} API-overhead: p95 x{p95_ratio:.2f}, "
                f"p50 x{p50_ratio:.2f}, doorvoer x{api.throughput / max(rest.throughput, 1e-9):.2f}"
            )
        if growth_turns:
            for kind, target in targets.items():
                head, tail = await growth(target, growth_turns, growth_repeats)
                lines.append(
                    f"  groeiend gesprek ({kind}): berichten 1-10 {head:.0f} ms, {growth_turns - 9}-{growth_turns} "
                    f"{tail:.0f} ms, x{tail / head:.2f}"
                )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="1,10,50", help="sessions at once, comma-separated (default 1,10,50)")
    parser.add_argument("--instances", default="1,2", help="numbers of Rasa instances to measure (default 1,2)")
    parser.add_argument("--growth-turns", type=int, default=50, help="length of the growing conversation (0: skip)")
    parser.add_argument("--growth-repeats", type=int, default=3)
    args = parser.parse_args(argv)
    if not MODEL.exists():
        print(f"Geen getraind model ({MODEL}); voer eerst `make setup` uit.", file=sys.stderr)
        return 1
    levels = [int(x) for x in args.levels.split(",") if x]
    for instances in [int(x) for x in args.instances.split(",") if x]:
        with tempfile.TemporaryDirectory(prefix="load-bench-") as tmp:
            stack = Stack.prepare(Path(tmp), ports_for(instances), rate_limit_per_minute=1_000_000)
            try:
                stack.start_all()
                lines = asyncio.run(
                    measure(stack, levels, args.growth_turns if instances == 1 else 0, args.growth_repeats)
                )
                rss = stack.rss_mib()
            finally:
                stack.stop_all()
        print(f"== {instances} Rasa-instantie(s) en actieserver(s), 1 API-proces; latentie in ms per bericht")
        print("\n".join(lines))
        print("  geheugen (RSS, MiB) na de belasting: " + ", ".join(f"{k} {v:.0f}" for k, v in rss.items()))
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
