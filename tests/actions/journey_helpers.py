"""Helpers for the journey tests: trackers in the middle of a journey, the real domain, and running actions."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import b_codes, classification, illness, leerplicht, outflow, partners, which_code
from actions.journeys import Reader

DOMAIN_PATH = Path(__file__).resolve().parents[2] / "domain.yml"
ROLES: tuple[str | None, ...] = (None, "staff", "parent", "youth")

# Each journey's form and the readers its validation action reads the answers with.
FORM_READERS: dict[str, dict[str, Reader]] = {
    "b_code_form": b_codes.READERS,
    "illness_form": illness.READERS,
    "leerplicht_form": leerplicht.ValidateLeerplichtForm.readers,
    "which_code_form": which_code.ValidateWhichCodeForm.readers,
    "outflow_form": outflow.READERS,
    "partner_form": partners.READERS,
    "classification_form": classification.READERS,
}


def load_domain() -> dict[str, Any]:
    """The bot's domain, as the action server receives it (forms with their required slots)."""
    with DOMAIN_PATH.open(encoding="utf-8") as handle:
        domain: dict[str, Any] = yaml.safe_load(handle)
    return domain


def journey_tracker(
    text: str,
    intent: str = "ask_info",
    *,
    slots: dict[str, Any] | None = None,
    requested: str | None = None,
    form: str | None = None,
    role: str | None = None,
    entities: Sequence[dict[str, Any]] = (),
    latest_action: str = "action_listen",
    confidence: float = 1.0,
) -> Tracker:
    """A tracker whose latest message is ``text``: in the middle of ``form`` (active) with ``requested`` asked, or
    outside any journey. The role comes with the message, as the API sends it. The events end with the user's
    message, so that the slots a validation action sets are the ones it validates."""
    all_slots: dict[str, Any] = dict(slots or {})
    if requested is not None:
        all_slots["requested_slot"] = requested
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": list(entities),
        "metadata": {"role": role} if role else {},
    }
    events: list[dict[str, Any]] = [{"event": "user", "text": text, "parse_data": latest}]
    active_loop = {"name": form} if form else {}
    return Tracker("journey-test", all_slots, latest, events, False, None, active_loop, latest_action)


def run_action(action: Action, tracker: Tracker, domain: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """The events of one run of ``action`` and the texts it sent."""
    dispatcher = CollectingDispatcher()
    events: list[dict[str, Any]] = asyncio.run(action.run(dispatcher, tracker, domain))
    return events, [str(m.get("text")) for m in dispatcher.messages]
