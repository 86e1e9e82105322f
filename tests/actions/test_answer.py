"""action_answer, action_set_role and action_ask_human on the real knowledge base."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswer, ActionAskHuman, ActionSetRole
from actions.knowledge_reply import topics_in_message
from knowledge.texts import render
from tests.actions.conftest import journey_started, make_tracker


def run(action: Any, text: str, intent: str, **kwargs: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, make_tracker(text, intent, **kwargs), {}))
    return events, dispatcher.messages


def topic(value: str, start: int = 0) -> dict[str, Any]:
    return {"entity": "topic", "value": value, "start": start, "end": start + 4}


def test_what_is_naft_answers_with_sources_buttons_and_the_topic_slot() -> None:
    events, [message] = run(ActionAnswer(), "wat is naft", "ask_what_is", entities=[topic("partner:naft", 7)])
    assert events == [SlotSet("topic", "partner:naft")]
    assert message["text"].startswith("NAFT")
    assert "Bron: draaiboek 'Afwezig op school'" in message["text"]
    assert "actoren.10" in [s["section"] for s in message["custom"]["sources"]]
    payloads = [b["payload"] for b in message["buttons"]]
    assert payloads[0] == '/ask_referral{"topic": "partner:naft"}'
    assert json.loads(payloads[1].removeprefix("/ask_contact")) == {"topic": "partner:naft"}


@pytest.mark.parametrize(
    ("intent", "start"),
    [("ask_referral", "Wie ROTS inschakelt en hoe:"), ("ask_when", "Wanneer ROTS in beeld komt:")],
)
def test_the_intent_chooses_the_part(intent: str, start: str) -> None:
    _, [message] = run(ActionAnswer(), "rots", intent, entities=[topic("partner:rots")])
    assert message["text"].startswith(start)


def test_the_role_from_the_api_sets_the_slot_and_the_wording() -> None:
    events, [message] = run(
        ActionAnswer(),
        "hoe kom ik bij rots",
        "ask_referral",
        entities=[topic("partner:rots")],
        metadata={"role": "youth"},
    )
    assert SlotSet("role", "youth") in events
    assert message["text"].startswith(render("answer.intro.referral", "youth", name="ROTS"))
    assert "Dit komt uit het draaiboek" in message["text"]


def test_the_role_typed_in_the_message_wins() -> None:
    events, _ = run(
        ActionAnswer(),
        "ik ben een mama, wat is bednet",
        "ask_what_is",
        entities=[{"entity": "role", "value": "parent"}, topic("partner:bednet", 20)],
        metadata={"role": "staff"},
    )
    assert SlotSet("role", "parent") in events


def test_fallback_on_gibberish_is_honest() -> None:
    events, [message] = run(ActionAnswer(), "xqzt brmpf", "nlu_fallback")
    assert events == []
    assert message["text"] == render("answer.unknown", None)
    assert not message.get("custom")


def test_topics_keep_the_typed_order() -> None:
    tracker = make_tracker(
        "verschil onwil en onmacht", "ask_difference", [topic("term:onmacht", 18), topic("term:onwil", 9)]
    )
    assert topics_in_message(tracker) == ["term:onwil", "term:onmacht"]


@pytest.mark.parametrize("role", ["staff", "parent", "youth"])
def test_set_role_keeps_the_role_and_offers_examples(role: str) -> None:
    events, [message] = run(ActionSetRole(), "ik ben ...", "inform_role", entities=[{"entity": "role", "value": role}])
    assert events == [SlotSet("role", role)]
    assert message["text"] == render(f"chat.role_set.{role}", role)
    assert len(message["buttons"]) == 3


def test_set_role_without_a_role_asks_for_the_question() -> None:
    events, [message] = run(ActionSetRole(), "ik ben", "inform_role")
    assert events == []
    assert message["text"] == render("chat.role_unknown", None)


def test_a_question_mistaken_for_a_role_is_answered() -> None:
    _, [message] = run(ActionSetRole(), "heeft een leerkracht beroepsgeheim of ambtsgeheim", "inform_role")
    assert "bijlage.1" in [s["section"] for s in message["custom"]["sources"]]


@pytest.mark.parametrize("role", ["staff", "parent", "youth"])
def test_ask_human_points_to_the_clb_and_clbchat(role: str) -> None:
    _, [message] = run(ActionAskHuman(), "kan ik met een mens praten", "ask_human", slots={"role": role})
    assert "CLB" in message["text"] and "clbchat.be" in message["text"]


def test_a_danger_only_the_classifier_suspected_puts_the_help_lines_before_the_answer() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "mijn dochter ligt al weken ziek thuis, wat is bednet", "ask_what_is", [topic("partner:bednet")]
    )
    tracker.latest_message["intent_ranking"] = [
        {"name": "signal_danger", "confidence": 0.6},
        {"name": "ask_what_is", "confidence": 0.3},
    ]
    asyncio.run(ActionAnswer().run(dispatcher, tracker, {}))
    note, answer = dispatcher.messages
    assert note["text"] == render("safety.uncertain", "default")
    assert answer["text"].startswith("Bednet")


def test_no_help_lines_without_suspicion() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("wat is bednet", "ask_what_is", [topic("partner:bednet")])
    tracker.latest_message["intent_ranking"] = [{"name": "ask_what_is", "confidence": 0.9}]
    asyncio.run(ActionAnswer().run(dispatcher, tracker, {}))
    assert len(dispatcher.messages) == 1


def test_a_count_of_b_codes_is_a_situation_for_the_b_code_engine() -> None:
    entities = [{"entity": "aantal", "value": "5", "start": 20, "end": 21}, topic("code:B", 22)]
    _, messages = run(ActionAnswer(), "wat moet ik doen na 5 B-codes?", "ask_what_is", entities=entities)
    assert messages[0]["text"].startswith("Met 5 B-codes")
    assert "actieplan.1.2" in [s["section"] for s in messages[0]["custom"]["sources"]]


def _fallback(text: str, runner_up: str, topics: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "nlu_fallback", [{"entity": "topic", "value": t} for t in topics])
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.35},
        {"name": runner_up, "confidence": 0.3},
        {"name": "ask_what_is", "confidence": 0.2},
    ]
    asyncio.run(ActionAnswer().run(dispatcher, tracker, {}))
    return dispatcher.messages


def test_a_fallback_that_leans_out_of_scope_gets_the_scope_unless_the_knowledge_is_sure() -> None:
    [message] = _fallback("wat kost een nieuwe fiets", "out_of_scope")
    assert message["response"] == "utter_out_of_scope"
    # A topic named, or another runner-up: the knowledge answers as before.
    [named] = _fallback("wat kost naft", "out_of_scope", ("partner:naft",))
    assert "NAFT" in named["text"]
    [other] = _fallback("wat kost een nieuwe fiets", "ask_info")
    assert other.get("response") != "utter_out_of_scope"


def test_the_search_reads_the_question_without_the_role() -> None:
    from actions.message_facts import question_text

    text = "ik ben leerlingenbegeleider, hoe pakken we schoolweigering aan bij een leerling van 14"
    entities = [
        {"entity": "role", "value": "staff", "start": 0, "end": 27},
        {"entity": "leeftijd", "value": "14", "start": text.index("14"), "end": text.index("14") + 2},
    ]
    expected = ", hoe pakken we schoolweigering aan bij een leerling van 14"
    assert question_text(make_tracker(text, "ask_info", entities)) == expected


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        ("krijg ik problemen als ik nog eens ga brossen", True),
        ("wat gebeurt er als ik blijf spijbelen", True),
        ("is spijbelen een misdrijf", False),  # what it is, not what happens next
    ],
)
def test_what_happens_after_truancy_gets_the_b_code_steps(text: str, steps: bool) -> None:
    events, messages = run(ActionAnswer(), text, "ask_info", metadata={"role": "youth"})
    first = messages[0]["text"]
    # The B-code engine answers what holds from the first B-code and starts its journey, whose form asks the count.
    assert first.startswith(render("engines.b_codes.from_first", "youth")) is steps
    if steps:
        assert events == [SlotSet("role", "youth"), *journey_started("b_code_form")]
    else:
        assert not any(e in events for e in journey_started("b_code_form"))
    assert render("journey.ask.aantal", "youth") not in first
