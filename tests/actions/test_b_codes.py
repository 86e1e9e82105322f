from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.b_codes import ActionBCodeSteps
from tests.actions.conftest import make_tracker

SIGNAL = "Vanaf 5 B-codes in een schooljaar signaleert de school de leerling aan het CLB"
FIRST = "De school neemt al bij de eerste B-code contact op met de leerling en/of de ouders."


def run(text: str, entities: list[dict[str, Any]] | None = None, slots: dict[str, Any] | None = None) -> list:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "ask_b_code_steps", entities, slots)
    events = asyncio.run(ActionBCodeSteps().run(dispatcher, tracker, {}))
    assert events == []
    return dispatcher.messages


def sections_of(message: dict[str, Any]) -> list[str]:
    return [s["section"] for s in message["custom"]["sources"]]


def test_five_b_codes_signals_clb_with_sources() -> None:
    [message] = run("Wat moet ik doen na 5 B-codes?", [{"entity": "aantal", "value": "5"}])
    text = message["text"]
    assert text.startswith("Met 5 B-codes (vanaf 5 al dan niet gespreide halve dagen per schooljaar) signaleert")
    assert SIGNAL in text
    assert FIRST in text
    assert {"actoren.2", "actieplan.1.2"} <= set(sections_of(message))
    assert message["buttons"] == []


@pytest.mark.parametrize(
    ("text", "entities", "slots", "signals_clb"),
    [
        ("een leerling heeft 4 B-codes", [], {}, False),
        ("een leerling heeft 5 B-codes", [], {}, True),
        ("na vijf halve dagen spijbelen", [{"entity": "aantal", "value": "5"}], {}, True),
        ("en wat nu?", [], {"aantal": 7.0}, True),
        # The number in this message wins over an older one in the slot.
        ("en bij 3 B-codes?", [], {"aantal": 7.0}, False),
    ],
)
def test_threshold_of_five(text: str, entities: list[dict[str, Any]], slots: dict[str, Any], signals_clb: bool) -> None:
    [message] = run(text, entities, slots)
    assert (SIGNAL in message["text"]) is signals_clb
    assert FIRST in message["text"]


def test_without_a_count_asks_for_it_and_gives_first_steps() -> None:
    [message] = run("wat doe ik bij spijbelen?")
    assert message["text"].startswith("Hoeveel B-codes (problematische halve dagen) heeft de leerling dit schooljaar?")
    assert FIRST in message["text"]
    assert SIGNAL not in message["text"]
    assert "actoren.2" in sections_of(message)


def test_police_example_from_ten_b_codes() -> None:
    [message] = run("12 B-codes")
    assert "bijvoorbeeld standaard bij 10 B-codes" in message["text"]
    assert "actieplan.1.2" in sections_of(message)
