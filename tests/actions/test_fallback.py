"""action_nlu_fallback: an engine the classifier nearly chose answers; anything else gets the knowledge's answer."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import leerplicht as leerplicht_action
from actions.fallback import ActionNluFallback, ambiguous_engine_intent
from knowledge.texts import render


def tracker(text: str, ranking: list[tuple[str, float]]) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": "nlu_fallback", "confidence": 0.35},
        "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.35}]
        + [{"name": n, "confidence": c} for n, c in ranking],
        "entities": [],
        "metadata": {"role": "youth"},
    }
    return Tracker("test-session", {}, latest, [], False, None, {}, "action_listen")


def run(t: Tracker) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionNluFallback().run(dispatcher, t, {}))
    return dispatcher.messages


@pytest.mark.parametrize(
    ("ranking", "expected"),
    [
        ([("ask_outflow", 0.52), ("ask_leerplicht", 0.47)], "ask_outflow"),  # ambiguous between two engines
        ([("ask_leerplicht", 0.40), ("ask_which_code", 0.38)], "ask_leerplicht"),
        ([("ask_b_code_steps", 0.51), ("ask_info", 0.49)], None),  # an engine or the knowledge: the knowledge
        ([("ask_outflow", 0.30), ("ask_info", 0.25)], None),  # not confident: the knowledge decides
        ([("ask_info", 0.45), ("ask_what_is", 0.42)], None),  # questions are the knowledge's anyway
        ([], None),
        # A danger only the classifier suspects does not keep the question from its engine.
        ([("signal_danger", 0.51), ("ask_illness_support", 0.47)], "ask_illness_support"),
    ],
)
def test_only_an_engine_that_lost_by_ambiguity_answers(ranking: list[tuple[str, float]], expected: str | None) -> None:
    assert ambiguous_engine_intent(tracker("x", ranking)) == expected


def test_a_birth_date_between_leaving_and_leerplicht_gets_the_date(monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    monkeypatch.setattr(leerplicht_action, "today", lambda: date(2026, 12, 7))
    t = tracker(
        "geboren 12/01/2011 wanneer mag ik stoppen met school", [("ask_outflow", 0.52), ("ask_leerplicht", 0.47)]
    )
    [message] = run(t)
    assert "12 januari 2029" in message["text"]


def test_gibberish_still_gets_the_honest_answer() -> None:
    messages = run(tracker("qwpoe zxmv blarf", [("ask_info", 0.12), ("greet", 0.1)]))
    assert messages[0]["text"] == render("answer.unknown", "youth")
