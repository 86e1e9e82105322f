"""action_b_code_steps on the real knowledge base: the count decides the steps (see also test_engine_actions.py)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.b_codes import ActionBCodeSteps, ValidateBCodeForm, count_in_message
from actions.message_facts import age_in_message
from knowledge.texts import render
from tests.actions.conftest import case_part_in, cleared, journey_started, make_tracker, slots_after

SIGNALS = "signaleert de school de leerling aan het CLB"
FIRST = "De school neemt al bij de eerste B-code contact op met de leerling en/of de ouders."
FORM = "b_code_form"
# A count in so many words starts a new case: the facts of an earlier pupil are forgotten first (also the level the
# journey keeps without asking it).
NEW_CASE = cleared(["aantal", "ouders", "leeftijd", "leerling_weigert", "geprobeerd", "niveau"])


def run_with_events(
    text: str, entities: list[dict[str, Any]] | None = None, slots: dict[str, Any] | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "ask_b_code_steps", entities, slots)
    events = asyncio.run(ActionBCodeSteps().run(dispatcher, tracker, {}))
    assert not any(e.get("name") == "role" for e in events)  # no role in the message, the metadata or the slot
    messages: list[dict[str, Any]] = dispatcher.messages
    return events, messages


def run(
    text: str, entities: list[dict[str, Any]] | None = None, slots: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The messages of a first answer; the journey starts, as a fact that changes the advice is still missing."""
    events, messages = run_with_events(text, entities, slots)
    assert events[-2:] == journey_started(FORM)
    return messages


def asked_next(text: str, events: list[dict[str, Any]], slots: dict[str, Any] | None = None) -> list[str]:
    """The facts the journey's form asks after the first answer, in order (the first is asked at once)."""
    tracker = make_tracker(text, "ask_b_code_steps", slots=slots_after(events, slots), active_loop=FORM)
    return list(ValidateBCodeForm().open_questions(tracker))


def sections_of(message: dict[str, Any]) -> list[str]:
    return [s["section"] for s in message["custom"]["sources"]]


def test_five_b_codes_signals_clb_with_sources() -> None:
    text = "Wat moet ik doen na 5 B-codes?"
    events, [message] = run_with_events(text, [{"entity": "aantal", "value": "5"}])
    # The count fills its slot; the parents' stance would change the steps, so the journey asks it next.
    assert events == [*NEW_CASE, SlotSet("aantal", text), *journey_started(FORM)]
    assert asked_next(text, events)[0] == "ouders"
    text = message["text"]
    assert render("journey.ask.ouders", None).split("?")[0] not in text
    assert text.startswith("Met 5 B-codes (vanaf 5 al dan niet gespreide halve dagen per schooljaar) signaleert")
    assert "Verplicht:" in text
    assert FIRST in text
    assert {"actoren.2", "actieplan.1.2", "actoren.4.1"} <= set(sections_of(message))
    assert text.endswith("Bron: draaiboek 'Afwezig op school', deel Betrokken actoren, deel Actieplan.")
    assert [b["title"] for b in message["buttons"]] == [
        "5 B-codes en de ouders zijn onbereikbaar",
        "Wat doet het CLB?",
        "En vanaf 10 B-codes?",
    ]


@pytest.mark.parametrize(
    ("text", "entities", "slots", "signals_clb"),
    [
        ("een leerling heeft 4 B-codes", [], {}, False),
        ("een leerling heeft 5 B-codes", [], {}, True),
        ("na vijf halve dagen spijbelen", [{"entity": "aantal", "value": "5"}], {}, True),
        ("en wat nu?", [], {"aantal": 7.0}, True),
        # The number in this message wins over an older one in the slot.
        ("en bij 3 B-codes?", [], {"aantal": 7.0}, False),
        # The entity wins over another number in the text.
        ("een leerling van 16 met vijf b codes", [{"entity": "aantal", "value": "vijf"}], {}, True),
    ],
)
def test_threshold_of_five(text: str, entities: list[dict[str, Any]], slots: dict[str, Any], signals_clb: bool) -> None:
    [message] = run(text, entities, slots)
    assert (SIGNALS in message["text"]) is signals_clb
    assert FIRST in message["text"]


def test_below_five_the_school_takes_the_initiative() -> None:
    events, [message] = run_with_events("een leerling heeft 4 B-codes")
    assert events == [*NEW_CASE, SlotSet("aantal", "een leerling heeft 4 B-codes"), *journey_started(FORM)]
    assert message["text"].startswith("Met 4 B-codes ligt het initiatief bij de school (verhoogde zorg).")


def test_without_a_count_asks_for_it_and_gives_first_steps_and_the_clb_threshold() -> None:
    events, [message] = run_with_events("wat doe ik bij spijbelen?")
    # The journey's form asks the count (with buttons); the answer says what holds from the first B-code.
    assert events == journey_started(FORM)
    assert asked_next("wat doe ik bij spijbelen?", events) == ["aantal"]
    assert message["text"].startswith(render("engines.b_codes.from_first", None))
    assert "Hoeveel B-codes" not in message["text"]
    assert FIRST in message["text"]
    # The threshold as a rule, not as a count this pupil reached.
    assert "Vanaf 5 al dan niet gespreide halve dagen per schooljaar signaleert de school" in message["text"]
    assert "Met 5 B-codes" not in message["text"]
    assert {"actoren.2", "actoren.4.1"} <= set(sections_of(message))


def test_police_example_from_ten_b_codes() -> None:
    events, [message] = run_with_events("12 B-codes")
    assert events == [*NEW_CASE, SlotSet("aantal", "12 B-codes"), *journey_started(FORM)]
    assert "bijvoorbeeld standaard bij 10 B-codes" in message["text"]
    assert "actieplan.1.2" in sections_of(message)


@pytest.mark.parametrize(
    ("entities", "text", "slots", "expected"),
    [
        ([{"entity": "aantal", "value": "8"}], "8 B-codes", {}, 8),
        ([], "meer dan tien B-codes", {}, 11),
        ([], "wat nu?", {"aantal": "6"}, 6),
        ([], "wat nu?", {}, None),
        # The text reads what the entity (only the number) cannot: "meer dan 4" is at least 5.
        ([{"entity": "aantal", "value": "4", "start": 9, "end": 10}], "meer dan 4 B-codes", {}, 5),
        # A button payload carries the count as an entity.
        ([{"entity": "aantal", "value": "8"}], "/ask_b_code_steps", {}, 8),
    ],
)
def test_count_in_message(
    entities: list[dict[str, Any]], text: str, slots: dict[str, Any], expected: int | None
) -> None:
    amount = count_in_message(make_tracker(text, "ask_b_code_steps", entities, slots))
    assert (amount.whole if amount else None) == expected


@pytest.mark.parametrize(
    ("text", "entities", "slots", "expected"),
    [
        ("ik ben 16", [{"entity": "leeftijd", "value": "16", "start": 7, "end": 9}], {}, 16),
        # "tot 18" is the end of compulsory education, not the age of the pupil.
        ("moet hij naar school tot 18", [{"entity": "leeftijd", "value": "18", "start": 24, "end": 26}], {}, None),
        ("/ask_leerplicht", [{"entity": "leeftijd", "value": "17 jaar"}], {}, 17),
        ("en dan?", [], {"leeftijd": "15 jaar"}, 15),
    ],
)
def test_age_in_message(text: str, entities: list[dict[str, Any]], slots: dict[str, Any], expected: int | None) -> None:
    assert age_in_message(make_tracker(text, "ask_leerplicht", entities, slots)) == expected


def test_without_a_count_a_question_about_one_partner_gets_its_answer_and_the_count_is_asked() -> None:
    """ "wanneer schakelen we het OCJ in": the B-code intent, but the question is about the OCJ. The knowledge
    answers it; a second message asks the count, with an example button."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "wanneer schakelen we het ocj in bij een leerling die blijft spijbelen",
        "ask_b_code_steps",
        [{"entity": "topic", "value": "partner:ocj"}, {"entity": "topic", "value": "term:spijbelen"}],
    )
    events = asyncio.run(ActionBCodeSteps().run(dispatcher, tracker, {}))
    answer, ask = dispatcher.messages
    assert "actoren.11" in sections_of(answer)
    assert "OCJ" in answer["text"]
    assert ask["text"].startswith("Gaat het over een leerling met B-codes? Zeg hoeveel B-codes")
    assert [b["title"] for b in ask["buttons"]] == ["Wat moet ik doen na 5 B-codes?"]
    assert events == [{"event": "slot", "timestamp": None, "name": "topic", "value": "partner:ocj"}]


@pytest.mark.parametrize(
    "text",
    [
        "wat moet ik doen na b-codes",  # the engine's own topic only
        "mijn zoon spijbelt wat nu",  # no search hit stands out
    ],
)
def test_without_a_count_a_general_b_code_question_gets_the_engine_answer(text: str) -> None:
    events, [message] = run_with_events(text, [{"entity": "topic", "value": "code:B"}] if "b-codes" in text else [])
    assert FIRST in message["text"]
    # The count is asked by the journey's form, not in the answer.
    assert events == journey_started(FORM)
    assert asked_next(text, events) == ["aantal"]
    assert "Hoeveel B-codes" not in message["text"]


def test_a_number_of_lessons_is_no_count_of_b_codes() -> None:
    tracker = make_tracker("is het spijbelen als ik de eerste twee lesuren oversla", "ask_b_code_steps")
    assert count_in_message(tracker) is None


# -- the end of the journey --------------------------------------------------------------------------------------

REFUSES = "8 B-codes, de ouders nemen nooit op, hij weigert elke afspraak en het CLB is al betrokken"


def answered(text: str, requested: str, slots: dict[str, Any]) -> dict[str, Any]:
    """The slots once the journey's form has read ``text`` as the answer to its question for ``requested``."""
    tracker = make_tracker(text, "any", slots=dict(slots, requested_slot=requested), active_loop=FORM)
    events = asyncio.run(ValidateBCodeForm().get_extraction_events(CollectingDispatcher(), tracker, {}))
    return slots_after(events, slots)


def end_of_journey(text: str, slots: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "any", slots=slots, latest_action_name=FORM)
    events = asyncio.run(ActionBCodeSteps().run(dispatcher, tracker, {}))
    [message] = dispatcher.messages
    return events, message


def case_facts(events: list[dict[str, Any]]) -> dict[str, str]:
    return {f.label: f.value for f in case_part_in(events, "b-code").facts}


def test_the_journey_end_keeps_the_count_when_the_last_answer_is_the_age() -> None:
    events, _ = run_with_events(REFUSES)
    slots = slots_after(events)
    assert asked_next(REFUSES, events) == ["leeftijd"]  # everything else the message said
    slots = answered("Jonger dan 18", "leeftijd", slots)
    events, message = end_of_journey("Jonger dan 18", slots)
    assert message["text"].startswith("Met 8 B-codes")
    assert case_facts(events)["Aantal B-codes"] == "8 B-codes"


def test_under_18_as_the_answer_is_no_age_of_17() -> None:
    events, _ = run_with_events("8 B-codes en de ouders nemen nooit op")
    assert asked_next("8 B-codes en de ouders nemen nooit op", events)[0] == "leeftijd"
    slots = answered("Jonger dan 18", "leeftijd", slots_after(events))
    slots |= {"leerling_weigert": "no", "geprobeerd": "nothing"}
    events, message = end_of_journey("Nog niets", slots)  # the last answer has no number
    assert message["text"].startswith("Met 8 B-codes")
    assert "17" not in message["text"]
    assert "17" not in case_facts(events).get("Leeftijd", "")
