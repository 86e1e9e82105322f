"""Action tests: run the real actions on the real knowledge base (a fresh SQLite, see tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet

from actions import knowledge_access
from knowledge.case import Case, CasePart
from knowledge.repository import KnowledgeRepository

# The payload of the button that asks for the case summary (actions/reply.py).
SUMMARY_PAYLOAD = "/ask_summary"


@pytest.fixture(autouse=True)
def _actions_use_test_kb(monkeypatch: pytest.MonkeyPatch, repo: KnowledgeRepository) -> None:
    @contextmanager
    def _open() -> Iterator[KnowledgeRepository]:
        yield repo

    monkeypatch.setattr(knowledge_access, "open_repository", _open)


def make_tracker(
    text: str,
    intent: str,
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    metadata: dict[str, Any] | None = None,
    *,
    active_loop: str | None = None,
    latest_action_name: str = "action_listen",
) -> Tracker:
    """A tracker at a user message. ``latest_action_name`` set to a journey's form simulates the turn in which the
    form has just ended (a rule then runs the engine action again); ``active_loop`` a form that is still running."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": entities or [],
        "metadata": metadata or {},
    }
    loop = {"name": active_loop} if active_loop else {}
    return Tracker("test-session", dict(slots or {}), latest, [], False, None, loop, latest_action_name)


def journey_started(form: str) -> list[dict[str, Any]]:
    """The events by which an engine action hands the missing facts to its journey's form."""
    return [ActiveLoop(form), SlotSet("journey", form)]


def cleared(slots: Iterable[str]) -> list[dict[str, Any]]:
    """The events that forget the facts of an earlier case."""
    return [SlotSet(slot, None) for slot in slots]


def slots_after(events: Iterable[dict[str, Any]], slots: dict[str, Any] | None = None) -> dict[str, Any]:
    """The slots once ``events`` are applied to ``slots``."""
    out = dict(slots or {})
    for event in events:
        if event.get("event") == "slot":
            out[event["name"]] = event["value"]
    return out


def case_part_in(events: list[dict[str, Any]], kind: str) -> CasePart:
    """The part of ``kind`` that the events add to the case (exactly one SlotSet of the case, the last event)."""
    sets = [e for e in events if e.get("event") == "slot" and e.get("name") == "case"]
    assert len(sets) == 1, events
    assert events[-1] is sets[0]
    part = Case.from_dict(sets[0]["value"]).get(kind)
    assert part is not None, sets[0]["value"]
    return part


def has_summary_button(message: dict[str, Any]) -> bool:
    """Whether the message ends with the button that asks for the case summary."""
    buttons = message.get("buttons") or []
    return bool(buttons) and buttons[-1]["payload"] == SUMMARY_PAYLOAD
