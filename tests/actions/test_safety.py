"""action_safety_help: the help for each role, the fitting help line first, the sources, and the end of a form."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.safety import ActionSafetyHelp
from knowledge.texts import render
from tests.actions.conftest import make_tracker

ROLES = [None, "staff", "parent", "youth"]


def run(tracker: Tracker) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionSafetyHelp().run(dispatcher, tracker, {}))
    [message] = dispatcher.messages
    return message, events


def sections_of(message: dict[str, Any]) -> list[str]:
    return [s["section"] for s in message["custom"]["sources"]]


def test_name() -> None:
    assert ActionSafetyHelp().name() == "action_safety_help"


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_the_help_lines(role: str | None) -> None:
    message, events = run(make_tracker("ik wil niet meer leven", "signal_danger", slots={"role": role}))
    assert events == []
    text = message["text"]
    for number in ("112", "1712", "1813", "102"):
        assert number in text, (role, number)
    assert "clbchat.be" in text
    assert "CLB" in text
    assert message["buttons"] == []  # the reply asks nothing about absences and offers no other topic
    assert "actoren.11" in sections_of(message)  # 1712 and the Vertrouwenscentrum are in the draaiboek there


@pytest.mark.parametrize("role", ["staff", "parent", "youth"])
def test_the_role_from_the_api_metadata_counts_too(role: str) -> None:
    from_metadata, _ = run(make_tracker("mijn papa slaat mij", "signal_danger", metadata={"role": role}))
    from_slot, _ = run(make_tracker("mijn papa slaat mij", "signal_danger", slots={"role": role}))
    assert from_metadata["text"] == from_slot["text"]


def test_the_wording_differs_per_role_the_help_does_not() -> None:
    texts = {
        role: run(make_tracker("ik snij mezelf", "signal_danger", slots={"role": role}))[0]["text"] for role in ROLES
    }
    assert len(set(texts.values())) == 4
    assert texts["youth"].startswith("Goed dat je het zegt. Je bent niet alleen")
    assert "Wat de school kan doen:" in texts["staff"]
    assert "Wat de school kan doen:" not in texts["youth"]


def test_staff_get_what_the_draaiboek_says_with_its_sections() -> None:
    message, _ = run(
        make_tracker("een leerling vertelt dat ze thuis geslagen wordt", "signal_danger", slots={"role": "staff"})
    )
    text = message["text"]
    assert "(hulpplicht)" in text
    assert "discretieplicht of ambtsgeheim" in text
    assert "meldingsrecht" in text
    assert "M-document" in text
    assert "Vertrouwenscentrum Kindermishandeling" in text
    assert {"bijlage.1", "actoren.4.2", "actoren.11"} <= set(sections_of(message))
    assert text.endswith("Bron: draaiboek 'Afwezig op school', deel Betrokken actoren, bijlage.")


def test_youths_get_plain_words_and_no_professional_route() -> None:
    message, _ = run(make_tracker("mijn stiefvader zit aan mij", "signal_danger", slots={"role": "youth"}))
    text = message["text"]
    assert "Het is niet jouw schuld." in text
    assert "M-document" not in text
    assert "vertrouwenscentrum-kindermishandeling.be" not in text
    assert "bijlage.1" not in sections_of(message)


def _position(text: str, needle: str) -> int:
    assert needle in text
    return text.index(needle)


@pytest.mark.parametrize(
    ("text", "first", "later"),
    [
        ("ik denk aan zelfmoord", "• Zelfmoordlijn 1813", "• Hulplijn 1712"),
        ("mijn papa slaat mij", "• Hulplijn 1712", "• Zelfmoordlijn 1813"),
        ("ik kras in mijn armen", "• Awel", "• Hulplijn 1712"),
    ],
)
def test_the_line_that_fits_the_danger_comes_right_after_112(text: str, first: str, later: str) -> None:
    message, _ = run(make_tracker(text, "signal_danger", slots={"role": "youth"}))
    reply = message["text"]
    assert _position(reply, "• Noodnummer 112") < _position(reply, first) < _position(reply, later)


def test_a_danger_only_the_classifier_saw_gets_the_help_lines_and_then_an_answer() -> None:
    dispatcher = CollectingDispatcher()
    latest = {
        "text": "alles is zwart en ik zie geen uitweg",
        "intent": {"name": "signal_danger", "confidence": 0.8},
        "intent_ranking": [{"name": "signal_danger", "confidence": 0.8}, {"name": "ask_info", "confidence": 0.1}],
        "entities": [],
        "metadata": {},
    }
    tracker = Tracker("test-session", {"role": "youth"}, latest, [], False, None, {}, "action_listen")
    asyncio.run(ActionSafetyHelp().run(dispatcher, tracker, {}))
    first, *rest = dispatcher.messages
    assert first["text"] == render("safety.uncertain", "youth")
    for number in ("112", "1712", "1813", "102"):
        assert number in first["text"]
    assert rest, "the question itself is answered too"


def test_a_harmless_question_the_classifier_mistook_is_still_answered() -> None:
    dispatcher = CollectingDispatcher()
    latest = {
        "text": "mijn dochter is al 25 dagen ziek thuis, kan ze thuis les krijgen",
        "intent": {"name": "signal_danger", "confidence": 0.7},
        "intent_ranking": [
            {"name": "signal_danger", "confidence": 0.7},
            {"name": "ask_illness_support", "confidence": 0.2},
        ],
        "entities": [],
        "metadata": {},
    }
    tracker = Tracker("test-session", {"role": "parent"}, latest, [], False, None, {}, "action_listen")
    asyncio.run(ActionSafetyHelp().run(dispatcher, tracker, {}))
    assert dispatcher.messages[0]["text"] == render("safety.uncertain", "parent")
    assert "TOAH" in dispatcher.messages[1]["text"]


def test_a_danger_only_the_classifier_saw_in_a_journey_ends_the_journey_once() -> None:
    # The rule ends the form after action_safety_help; if the action left it active, Rasa would predict its
    # fallback action again and again (the answer sent ten times).
    dispatcher = CollectingDispatcher()
    latest = {
        "text": "mijn mama heeft een briefje geschreven, ik weet niet meer waarom",
        "intent": {"name": "signal_danger", "confidence": 0.7},
        "intent_ranking": [{"name": "signal_danger", "confidence": 0.7}, {"name": "ask_which_code", "confidence": 0.2}],
        "entities": [],
        "metadata": {},
    }
    loop = {"name": "which_code_form"}
    tracker = Tracker("test-session", {"role": "youth"}, latest, [], False, None, loop, "action_listen")
    events = asyncio.run(ActionSafetyHelp().run(dispatcher, tracker, {}))
    assert dispatcher.messages[0]["text"] == render("safety.uncertain", "youth")
    assert events[-2:] == [ActiveLoop(None), SlotSet("requested_slot", None)]


def test_an_active_form_ends() -> None:
    latest = {
        "text": "ik wil dood",
        "intent": {"name": "signal_danger", "confidence": 1.0},
        "entities": [],
        "metadata": {},
    }
    tracker = Tracker(
        "test-session",
        {"role": "youth", "requested_slot": "geboortedatum"},
        latest,
        [],
        False,
        None,
        {"name": "leerplicht_form", "is_interrupted": False, "rejected": True},
        "action_listen",
    )
    message, events = run(tracker)
    assert events == [ActiveLoop(None), SlotSet("requested_slot", None)]
    assert "1813" in message["text"]


def test_without_a_form_nothing_ends() -> None:
    _, events = run(make_tracker("ik wil dood", "signal_danger"))
    assert events == []


def test_a_role_said_in_the_message_is_kept() -> None:
    entities = [{"entity": "role", "value": "staff"}]
    message, events = run(
        make_tracker("ik ben leerkracht en een leerling wil niet meer leven", "signal_danger", entities)
    )
    assert events == [SlotSet("role", "staff")]
    assert "Wat de school kan doen:" in message["text"]


def test_a_suspected_danger_next_to_thanks_gets_the_help_lines_and_the_thanks() -> None:
    dispatcher = CollectingDispatcher()
    latest = {
        "text": "bedankt, het gaat eigenlijk niet zo goed met mij",
        "intent": {"name": "signal_danger", "confidence": 0.5},
        "intent_ranking": [{"name": "signal_danger", "confidence": 0.5}, {"name": "thank", "confidence": 0.4}],
        "entities": [],
        "metadata": {},
    }
    tracker = Tracker("test-session", {}, latest, [], False, None, {}, "action_listen")
    asyncio.run(ActionSafetyHelp().run(dispatcher, tracker, {}))
    note, thanks = dispatcher.messages
    assert note["text"] == render("safety.uncertain", "default")
    assert thanks["response"] == "utter_thank"
