"""action_session_start: the API's role is in the slot before the first reply; earlier slots carry over."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.session import ActionSessionStart


def start(slots: dict[str, object]) -> list[dict[str, object]]:
    tracker = Tracker("s", slots, {}, [], False, None, {}, "action_listen")
    return asyncio.run(ActionSessionStart().run(CollectingDispatcher(), tracker, {}))


@pytest.mark.parametrize("role", ["staff", "parent", "youth"])
def test_role_of_the_first_message_is_set(role: str) -> None:
    events = start({"session_started_metadata": {"role": role}, "role": None})
    assert events == [SessionStarted(), SlotSet("role", role), ActionExecuted("action_listen")]


def test_no_or_unknown_role_sets_nothing() -> None:
    assert start({"session_started_metadata": {"role": "directeur"}}) == [
        SessionStarted(),
        ActionExecuted("action_listen"),
    ]
    assert start({}) == [SessionStarted(), ActionExecuted("action_listen")]


def test_slots_carry_over() -> None:
    events = start({"topic": "partner:naft", "role": "youth", "session_started_metadata": None})
    assert events == [
        SessionStarted(),
        SlotSet("topic", "partner:naft"),
        SlotSet("role", "youth"),
        ActionExecuted("action_listen"),
    ]
