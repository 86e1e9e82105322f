"""The engine actions on the real knowledge base: a question that holds its facts gets the engine's answer.

Each action runs with a real Tracker and a CollectingDispatcher; the tests check the events, the key facts of
the reply per role, its sources, its follow-up buttons, the notes that name a missing fact, and its length.

An answer that still misses a fact that matters starts the engine's journey (its form asks the fact, with buttons)
and does not ask it itself; the answer at the end of the journey (the tracker's latest action is the form) uses
every fact, adds its part to the case and offers the summary.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from rasa_sdk import Action
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import leerplicht as leerplicht_action
from actions.b_codes import ActionBCodeSteps, ValidateBCodeForm
from actions.illness import LEVEL_WHEN_UNKNOWN, ActionIllnessSupport, Facts, ValidateIllnessForm, situation_of
from actions.journeys import ASK_ACTIONS, QUESTIONS, JourneyForm
from actions.leerplicht import ActionLeerplicht, ValidateLeerplichtForm
from actions.outflow import ActionOutflow, ValidateOutflowForm
from actions.reply import Reply, count_words, short
from actions.which_code import ActionWhichCode, ValidateWhichCodeForm, find_reason
from knowledge.case import CasePart
from knowledge.guidance.common import Level
from knowledge.guidance.illness import advise_illness
from knowledge.repository import KnowledgeRepository
from knowledge.texts import ROLES, catalogue, render
from tests.actions.conftest import (
    SUMMARY_PAYLOAD,
    case_part_in,
    cleared,
    has_summary_button,
    journey_started,
    make_tracker,
    slots_after,
)

# About 120 words at most for parents and youths, a little more for staff (sources line included).
MAX_WORDS = {"staff": 170, "parent": 120, "youth": 120}
TODAY = date(2025, 12, 1)


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(leerplicht_action, "today", lambda: TODAY)


def words(text: str) -> int:
    """Words as a reader counts them, independent of the actions' own counter ("S&Z", like "B-code", is one)."""
    return len(re.findall(r"[0-9A-Za-zÀ-ÿ]+(?:[-'’./&][0-9A-Za-zÀ-ÿ]+)*", text))


def run(
    action: Action,
    text: str,
    role: str | None = None,
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    *,
    latest_action_name: str = "action_listen",
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The events and the one message of ``action`` for a user message sent with ``role`` by the API;
    ``latest_action_name`` set to a journey's form: the answer at the end of that journey."""
    dispatcher = CollectingDispatcher()
    metadata = {"role": role} if role else None
    tracker = make_tracker(text, "any", entities, slots, metadata, latest_action_name=latest_action_name)
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    [message] = dispatcher.messages
    return events, message


def asked_next(
    form: JourneyForm, text: str, events: list[dict[str, Any]], slots: dict[str, Any] | None = None
) -> list[str]:
    """The facts the journey's form asks once the engine's answer started it, in order (the first one at once)."""
    tracker = make_tracker(text, "any", slots=slots_after(events, slots), active_loop=form.form)
    return list(form.open_questions(tracker))


def question(key: str, role: str | None) -> str:
    """The first sentence of the journey's question ``key`` (a slot, or form_slot), as the form asks it."""
    return render(QUESTIONS[key].text_key, role).split("?")[0]


def ask(key: str, role: str | None, slots: dict[str, Any] | None = None) -> dict[str, Any]:
    """The message of ``action_ask_<key>``: the journey's question with its answer buttons."""
    [action] = [a() for a in ASK_ACTIONS if a().name() == f"action_ask_{key}"]
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("", "any", slots=dict(slots or {}, role=role))
    asyncio.run(action.run(dispatcher, tracker, {}))
    [message] = dispatcher.messages
    out: dict[str, Any] = message
    return out


def facts_of(part: CasePart) -> list[tuple[str, str]]:
    return [(f.label, f.value) for f in part.facts]


def fact(key: str, role: str | None, value: str) -> tuple[str, str]:
    """A fact of a case part as the summary labels it."""
    return render(f"case.fact.{key}", role), value


def sections_of(message: dict[str, Any]) -> list[str]:
    return [s["section"] for s in (message.get("custom") or {}).get("sources", [])]


def assert_well_formed(message: dict[str, Any], role: str | None, *, cites: bool = True, journey: bool = False) -> None:
    """Short enough for the role, sources in words when it cites, 2-4 buttons a user could have typed, and the
    summary button after them when the answer closes a case (up to 5 then). While the journey still asks
    (``journey``), the form's question follows with its own answer buttons: the answer may have fewer, and no
    summary yet."""
    text = message["text"]
    assert words(text) <= MAX_WORDS[role or "staff"], (words(text), text)
    if cites:
        assert sections_of(message)
        assert ("Bron: draaiboek" in text) or ("Dit komt uit het draaiboek" in text)
    buttons = message.get("buttons") or []
    summary = [b for b in buttons if b["payload"] == SUMMARY_PAYLOAD]
    if journey:
        assert not summary and len(buttons) <= 4
    else:
        assert len(summary) <= 1 and (not summary or buttons[-1] is summary[0])
        assert 2 <= len(buttons) <= (5 if summary else 4)
    for button in buttons:
        payload = button["payload"]
        assert button["title"].strip() and payload.strip()
        if payload.startswith("/"):
            intent, brace, entities = payload[1:].partition("{")
            assert re.fullmatch(r"[a-z_]+", intent)
            if brace:  # "/ask_summary" has no entities
                assert isinstance(json.loads(brace + entities), dict)
        else:
            assert re.search(r"[a-zà-ÿ]", payload)


# -- B-codes ------------------------------------------------------------------------------------------------


B_CODE_SLOTS = ("aantal", "ouders", "leeftijd", "leerling_weigert", "geprobeerd")
# A count in so many words is a new case: the journey's slots are forgotten, also the level it keeps (not asked).
B_CODE_NEW_CASE = cleared([*B_CODE_SLOTS, "niveau"])
UNREACHABLE = "8 B-codes en de ouders nemen nooit op"


@pytest.mark.parametrize("role", ROLES)
def test_b_codes_with_unreachable_parents_give_clb_and_police_route(role: str) -> None:
    events, message = run(ActionBCodeSteps(), UNREACHABLE, role)
    text = message["text"]
    # A count in so many words is a new case; the count and the stance fill the journey's slots, and the age, which
    # would still change the steps, is the form's first question (not the answer's).
    assert events == [
        SlotSet("role", role),
        *B_CODE_NEW_CASE,
        SlotSet("aantal", UNREACHABLE),
        SlotSet("ouders", "unreachable"),
        *journey_started("b_code_form"),
    ]
    assert asked_next(ValidateBCodeForm(), UNREACHABLE, events)[0] == "leeftijd"
    assert question("leeftijd", role) not in text
    assert "8 B-codes" in text
    assert "CLB" in text
    assert "politie" in text
    assert {"actoren.2", "actoren.12"} <= set(sections_of(message))
    assert_well_formed(message, role, journey=True)
    titles = [b["title"] for b in message["buttons"]]
    assert any("politie" in t for t in titles)


@pytest.mark.parametrize("role", ROLES)
def test_b_codes_journey_end_answers_with_every_fact_and_adds_the_case(role: str) -> None:
    # The journey asked the age, the refusal and what was tried; the last answer was the button "Nog niets".
    slots = {
        "role": role,
        "aantal": UNREACHABLE,
        "ouders": "unreachable",
        "leeftijd": "15",
        "leerling_weigert": "no",
        "geprobeerd": "nothing",
    }
    events, message = run(ActionBCodeSteps(), "Nog niets", role, slots=slots, latest_action_name="b_code_form")
    text = message["text"]
    part = case_part_in(events, "b-code")
    assert len(events) == 1  # the case only: no new journey, the facts stay
    assert facts_of(part) == [
        fact("aantal", role, "8 B-codes"),
        fact("leeftijd", role, "15"),
        fact("ouders", role, render("case.value.ouders.unreachable", role)),
        fact("leerling_weigert", role, render("case.fact.no", role)),
    ]
    assert part.done == ()  # nothing was tried yet
    assert "fase 1" in part.conclusion
    assert {"CLB", "Lokale politie"} <= {p.name for p in part.partners}
    assert {"actoren.2", "actoren.12"} <= set(part.sections)
    # The answer says it with every fact: the CLB is not involved yet and comes first, then the police route.
    assert "8 B-codes" in text and "CLB" in text and "politie" in text
    assert "actoren.12" in sections_of(message)
    assert has_summary_button(message)
    assert_well_formed(message, role)


def test_b_codes_staff_lists_the_mandatory_steps() -> None:
    _, message = run(ActionBCodeSteps(), "8 B-codes en de ouders nemen nooit op", "staff")
    text = message["text"]
    assert "Verplicht:" in text
    assert "start het CLB samen met de school verplicht een traject" in text
    assert "Het CLB stelt de onwil vast" in text
    assert "actoren.4.1" in sections_of(message)


@pytest.mark.parametrize(
    ("text", "role", "expected"),
    [
        # Powerless parents: support, not the police.
        ("5 B-codes, ik krijg mijn zoon niet naar school", "parent", "onmacht"),
        ("6 B-codes en de ouders doen hun best maar het lukt niet", "staff", "Onmacht"),
        # A pupil who refuses every agreement: the police steps for onbuigzaamheid.
        ("een leerling van 15 met 6 B-codes weigert elke afspraak", "staff", "onbuigzaamheid"),
        ("ik heb 6 b codes en ik weiger elke afspraak", "youth", "antispijbelcontract"),
        # An adult pupil: no longer of compulsory school age.
        ("een leerling van 18 met 6 B-codes", "staff", "niet meer leerplichtig"),
    ],
)
def test_b_codes_use_the_stance_and_the_age_of_the_message(text: str, role: str, expected: str) -> None:
    _, message = run(ActionBCodeSteps(), text, role)
    assert expected in message["text"]
    assert_well_formed(message, role)


@pytest.mark.parametrize("role", ROLES)
def test_b_codes_without_a_count_ask_for_it_and_answer_what_holds(role: str) -> None:
    text = "wat moet er gebeuren bij spijbelen?"
    events, message = run(ActionBCodeSteps(), text, role)
    # The journey's form asks the count; the answer says what holds from the first B-code.
    assert events == [SlotSet("role", role), *journey_started("b_code_form")]
    assert asked_next(ValidateBCodeForm(), text, events) == ["aantal"]
    assert message["text"].startswith(render("engines.b_codes.from_first", role))
    assert question("aantal", role) not in message["text"]
    assert "De school neemt al bij de eerste B-code contact op" in message["text"]
    assert_well_formed(message, role, journey=True)
    assert message["buttons"][0]["payload"].endswith("5 B-codes?")


@pytest.mark.parametrize("role", ROLES)
def test_b_codes_name_the_age_when_it_would_change_the_steps(role: str) -> None:
    unknown_events, unknown = run(ActionBCodeSteps(), "hij heeft 6 B-codes", role)
    known_events, known = run(ActionBCodeSteps(), "hij is 15 en heeft 6 B-codes", role)
    # Unknown, the journey asks it ("... 18 of ouder? ... andere stappen"); the answer does not say it too.
    assert "leeftijd" in asked_next(ValidateBCodeForm(), "hij heeft 6 B-codes", unknown_events)
    assert "18" in render(QUESTIONS["leeftijd"].text_key, role)
    assert "andere stappen" in render(QUESTIONS["leeftijd"].text_key, role)
    assert "andere stappen" not in unknown["text"]
    # Known, it is neither asked nor named.
    assert SlotSet("leeftijd", "15") in known_events
    assert "leeftijd" not in asked_next(ValidateBCodeForm(), "hij is 15 en heeft 6 B-codes", known_events)
    assert "andere stappen" not in known["text"]
    # Still unknown at the end of the journey ("weet ik niet"): the answer names it.
    slots = {"role": role, "aantal": "hij heeft 6 B-codes"} | dict.fromkeys(B_CODE_SLOTS[1:], "onbekend")
    _, final = run(ActionBCodeSteps(), "Weet ik niet", role, slots=slots, latest_action_name="b_code_form")
    assert "18" in final["text"] and "andere stappen" in final["text"]


def test_b_codes_more_than_a_threshold_counts_past_it() -> None:
    _, message = run(ActionBCodeSteps(), "meer dan 4 B-codes", "staff")
    assert message["text"].startswith("Ik reken met minstens 5 B-codes.")
    assert "signaleert de school de leerling aan het CLB" in message["text"]


def test_b_codes_keep_the_role_slot_when_it_is_known() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("8 B-codes", "ask_b_code_steps", slots={"role": "parent"})
    events = asyncio.run(ActionBCodeSteps().run(dispatcher, tracker, {}))
    # No SlotSet of the role: only the journey's facts and its start.
    assert events == [*B_CODE_NEW_CASE, SlotSet("aantal", "8 B-codes"), *journey_started("b_code_form")]
    assert dispatcher.messages[0]["text"].startswith("Je kind heeft 8 B-codes.")


# -- leerplicht ---------------------------------------------------------------------------------------------

SON_2009 = "mijn zoon is geboren op 14 november 2009, tot wanneer moet hij naar school?"


LEERPLICHT_STARTED = journey_started("leerplicht_form")
# A fact the message states is a new case: every slot of the leerplicht journey is forgotten first.
LEERPLICHT_NEW_CASE = cleared(["datum", "geboorte", "leeftijd"])


@pytest.mark.parametrize("role", ROLES)
def test_leerplicht_from_a_birth_date_gives_the_end_date(role: str) -> None:
    events, message = run(ActionLeerplicht(), SON_2009, role)
    text = message["text"]
    # A birth date is a new case: it replaces an earlier one, needs no journey, and the dates go into the case.
    part = case_part_in(events, "leerplicht")
    assert events[:-1] == [SlotSet("role", role), *LEERPLICHT_NEW_CASE, SlotSet("datum", SON_2009)]
    assert facts_of(part) == [
        fact("leerplicht_start", role, "1 september 2014"),
        fact("leerplicht_end", role, "30 juni 2027"),
    ]
    assert "14 november" not in json.dumps(part.to_dict())  # the summary holds no birth date
    assert part.sections == ("terminologie.1",)
    # 18 on 14 November 2027, after 30 June: compulsory until 30 June 2027 (terminologie.1).
    assert "30 juni 2027" in text
    assert "1 september 2014" in text
    assert "diploma" in text
    assert "1 december 2025" in text
    assert sections_of(message) == ["terminologie.1"]
    assert has_summary_button(message)
    assert_well_formed(message, role)


@pytest.mark.parametrize(
    ("text", "entities", "expected"),
    [
        ("geboren op °03/03/2009", [], "3 maart 2027"),
        ("tot wanneer?", [{"entity": "datum", "value": "1 juli 2008"}], "30 juni 2026"),
        ("ze is van 14.11.2009, moet ze nog naar school", [], "30 juni 2027"),
    ],
)
def test_leerplicht_reads_the_date_from_text_or_entity(
    text: str, entities: list[dict[str, Any]], expected: str
) -> None:
    _, message = run(ActionLeerplicht(), text, "parent", entities)
    assert expected in message["text"]


@pytest.mark.parametrize(
    ("text", "role", "expected", "age"),
    [
        # at 17 the end depends on the 18th birthday (draaiboek lines 42-46)
        ("moet ik nog naar school als ik 17 ben", "youth", "Of je nog leerplichtig bent, hangt op 17 jaar af", "17"),
        ("mijn dochter is 16 en zit in het 3de middelbaar, moet ze nog naar school?", "parent", "deeltijds", "16"),
        ("een leerling van 14, tot wanneer leerplichtig?", "staff", "voltijds leerplichtig", "14"),
    ],
)
def test_leerplicht_from_an_age_says_what_holds_and_asks_the_birth_date(
    text: str, role: str, expected: str, age: str
) -> None:
    events, message = run(ActionLeerplicht(), text, role)
    assert expected in message["text"]
    # The age is kept (a new case); the birth date is asked by the journey's form, not in the answer.
    assert events == [SlotSet("role", role), *LEERPLICHT_NEW_CASE, SlotSet("leeftijd", age), *LEERPLICHT_STARTED]
    assert asked_next(ValidateLeerplichtForm(), text, events) == ["datum"]
    assert "geboortedatum" not in message["text"]
    assert "terminologie.1" in sections_of(message)
    assert_well_formed(message, role, journey=True)


def test_leerplicht_at_eighteen_needs_no_birth_date() -> None:
    events, message = run(ActionLeerplicht(), "ik ben 18, moet ik nog naar school?", "youth")
    assert "niet meer leerplichtig" in message["text"]
    assert "geboortedatum" not in message["text"]
    assert not any(e in events for e in LEERPLICHT_STARTED)


@pytest.mark.parametrize("role", ROLES)
def test_leerplicht_without_facts_gives_the_general_rule(role: str) -> None:
    text = "tot wanneer is een kind leerplichtig?"
    events, message = run(ActionLeerplicht(), text, role)
    answer = message["text"]
    if role != "youth":  # a youth asking until when needs no start date, and the shorter answer leaves it out
        assert "1 september" in answer and "5 jaar" in answer
    assert "18" in answer and "diploma secundair onderwijs" in answer
    # The journey's form asks the birth date that makes it precise.
    assert events == [SlotSet("role", role), *LEERPLICHT_STARTED]
    assert asked_next(ValidateLeerplichtForm(), text, events) == ["datum"]
    assert "geboortedatum" not in answer
    assert "terminologie.1" in sections_of(message)
    assert_well_formed(message, role, journey=True)


YEAR_ONLY = "hij is van 2009, tot wanneer moet hij naar school"


def test_leerplicht_with_only_a_year_gives_both_possible_ends_and_asks_day_and_month() -> None:
    events, message = run(ActionLeerplicht(), YEAR_ONLY, "parent")
    text = message["text"]
    # The year is kept apart (slot `geboorte`, without the rest of the message); the journey asks the rest of the
    # birth date.
    assert events == [
        SlotSet("role", "parent"),
        *LEERPLICHT_NEW_CASE,
        SlotSet("geboorte", "geboren in 2009"),
        *LEERPLICHT_STARTED,
    ]
    assert asked_next(ValidateLeerplichtForm(), YEAR_ONLY, events) == ["datum"]
    assert "Geef ook de dag en de maand" not in text
    # The year alone does not decide the end: both ends are said, each with its condition.
    assert "Wordt het 18 vóór 1 juli? Dan tot die verjaardag. Verjaart het later in 2027? Dan tot 30 juni 2027." in text


@pytest.mark.parametrize(
    ("text", "known"),
    [
        (YEAR_ONLY, "2009"),
        ("geboren in maart 2010, tot wanneer moet hij naar school", "maart 2010"),
    ],
)
def test_leerplicht_with_a_partial_birth_date_the_journey_asks_what_is_missing(text: str, known: str) -> None:
    events, _ = run(ActionLeerplicht(), text, "parent")
    asked = ask("datum", "parent", slots_after(events))
    assert known in asked["text"]
    assert "tot wanneer" not in asked["text"]  # the question does not quote the user's own question
    if known.isdigit():  # only the year: the day and the month are missing
        assert "maand" in asked["text"]


@pytest.mark.parametrize(
    ("text", "role", "expected"),
    [
        # The year decides the start.
        (
            "vanaf wanneer moet mijn dochter verplicht naar school? ze is geboren in november 2021",
            "parent",
            "Voor je kind is dat 1 september 2026.",
        ),
        # A month after June decides the end: 30 June of the year of the 18th birthday.
        ("ze is geboren in november 2009, tot wanneer is ze leerplichtig", "parent", "30 juni 2027"),
        ("ik word 18 in oktober, moet ik in september dan nog naar school komen?", "youth", "30 juni"),
        # A month before July: the birthday in that month, and the question for the day.
        ("geboren in maart 2010, tot wanneer moet hij naar school", "staff", "maart 2028"),
    ],
)
def test_leerplicht_with_a_month_and_a_year(text: str, role: str, expected: str) -> None:
    _, message = run(ActionLeerplicht(), text, role)
    assert expected in message["text"]
    assert "terminologie.1" in sections_of(message)


def test_leerplicht_part_time_question_gives_the_part_time_ages() -> None:
    _, message = run(ActionLeerplicht(), "vanaf welke leeftijd is een leerling deeltijds leerplichtig", "staff")
    assert "15 jaar" in message["text"] and "16 jaar" in message["text"]


def test_leerplicht_newcomer_question_gives_the_sixtieth_day() -> None:
    _, message = run(ActionLeerplicht(), "vanaf wanneer is een nieuwkomer uit het wachtregister leerplichtig", "staff")
    assert "60ste dag" in message["text"]


# -- illness ------------------------------------------------------------------------------------------------

HOME_25_DAYS = "ze ligt al 25 dagen ziek thuis, kan er een leerkracht aan huis komen?"


ILLNESS_SLOTS = ("duur", "chronisch", "ziekenhuis", "afstand", "niveau")


@pytest.mark.parametrize("role", ROLES)
def test_illness_25_days_gives_toah_yes_with_what_to_do(role: str) -> None:
    events, message = run(ActionIllnessSupport(), HOME_25_DAYS, role)
    text = message["text"]
    # How long is a new case; the distance, which would change the verdict, is the journey's next question.
    assert events == [
        SlotSet("role", role),
        *cleared(ILLNESS_SLOTS),
        SlotSet("duur", HOME_25_DAYS),
        *journey_started("illness_form"),
    ]
    assert asked_next(ValidateIllnessForm(), HOME_25_DAYS, events)[0] == "afstand"
    assert text.startswith("Tijdelijk onderwijs aan huis (TOAH): ja")
    assert "25" in text and "21" in text
    assert "Wat nu:" in text
    # The distance is not given: the answer names the limits of the checklist; the form asks it ("Hoe ver ...").
    assert "10 km" in text and "20 km" in text and "Hoe ver" not in text
    assert "actieplan.2.2.1" in sections_of(message)
    assert_well_formed(message, role, journey=True)


@pytest.mark.parametrize("role", ROLES)
def test_illness_journey_end_answers_with_every_fact_and_adds_the_case(role: str) -> None:
    # The journey asked the distance ("Weet ik niet"), the level and a hospital stay ("Nee", the last answer).
    slots = {
        "role": role,
        "duur": HOME_25_DAYS,
        "afstand": "onbekend",
        "niveau": render("journey.niveau.secondary", role),
        "ziekenhuis": "no",
    }
    events, message = run(ActionIllnessSupport(), "Nee", role, slots=slots, latest_action_name="illness_form")
    text = message["text"]
    part = case_part_in(events, "illness")
    assert len(events) == 1
    assert facts_of(part) == [
        fact("duur", role, "25 dagen"),
        fact("ziekenhuis", role, render("case.fact.no", role)),
        fact("afstand", role, render("case.fact.unknown", role)),
        fact("niveau", role, render("case.value.level.secundair", role)),
    ]
    assert part.conclusion.startswith(
        render("engines.illness.toah.eligible", role, name="Tijdelijk onderwijs aan huis (TOAH)")
    )
    assert any("tijdelijk onderwijs aan huis schriftelijk aan" in step.what for step in part.todo)
    assert text.startswith("Tijdelijk onderwijs aan huis (TOAH): ja")
    # The distance stays unknown: the answer still gives its limits.
    assert "10 km" in text and "20 km" in text
    assert has_summary_button(message)
    assert_well_formed(message, role)


@pytest.mark.parametrize("role", ROLES)
def test_illness_in_hospital_tells_staff_what_the_school_does_up_to_the_return(role: str) -> None:
    slots = {"role": role, "duur": HOME_25_DAYS, "afstand": "5 km", "niveau": "lager onderwijs", "ziekenhuis": "yes"}
    events, message = run(
        ActionIllnessSupport(), "Ja, in het ziekenhuis", role, slots=slots, latest_action_name="illness_form"
    )
    part = case_part_in(events, "illness")
    staff = role in (None, "staff")
    # actieplan.2.3: keep in touch with the hospital, agree on the discharge date, prepare the return.
    assert any("terugkeer voor" in step.what for step in part.todo) is staff
    assert (render("engines.illness.during_stay", role) in message["text"]) is staff
    if staff:
        assert "actieplan.2.3" in sections_of(message) and "actieplan.2.3" in part.sections


@pytest.mark.parametrize("role", ("parent", "youth"))
def test_illness_tells_parents_and_youths_first_what_the_parents_do(role: str) -> None:
    _, message = run(ActionIllnessSupport(), HOME_25_DAYS, role)
    assert "De ouders: vraag tijdelijk onderwijs aan huis schriftelijk aan bij de directeur" in message["text"]


@pytest.mark.parametrize(
    ("text", "role", "expected"),
    [
        ("mijn dochter is al 4 weken ziek, kan ze thuis les krijgen?", "parent", "28 dagen"),
        ("een leerling is al vier weken ziek", "staff", "28 kalenderdagen"),
        ("meer dan drie weken ziek", "staff", "22 kalenderdagen"),
        ("ik ben al 3 maanden ziek", "youth", "ongeveer 90 dagen"),
    ],
)
def test_illness_reads_the_duration(text: str, role: str, expected: str) -> None:
    _, message = run(ActionIllnessSupport(), text, role)
    assert expected in message["text"]
    assert "TOAH): ja" in message["text"]
    assert_well_formed(message, role)


def test_illness_with_the_distance_says_what_it_means() -> None:
    _, near = run(ActionIllnessSupport(), "4 weken ziek, we wonen op 7,5 km van school", "staff")
    _, far = run(ActionIllnessSupport(), "4 weken ziek, we wonen op 14 km van school", "staff")
    assert "7,5 km" in near["text"] and "Hoe ver" not in near["text"]
    assert "TOAH): de school mag beslissen" in far["text"]
    assert "14 km" in far["text"]


def test_illness_short_absence_is_not_yet_toah_but_school_en_ziek_zijn_can_start() -> None:
    _, message = run(ActionIllnessSupport(), "mijn dochter is een week ziek, kan ze thuis les krijgen?", "parent")
    text = message["text"]
    assert "TOAH): nog niet" in text
    assert "15 kalenderdagen" in text
    assert "School en Ziek zijn kan sneller starten" in text
    assert "actieplan.2.2.3" in sections_of(message)
    assert_well_formed(message, "parent")


@pytest.mark.parametrize("role", ROLES)
def test_illness_without_a_duration_asks_it_and_gives_the_rule(role: str) -> None:
    question_text = "kan mijn zieke kind thuis les krijgen?"
    events, message = run(ActionIllnessSupport(), question_text, role)
    text = message["text"]
    assert "21" in text and "chronisch" in text
    # How long the pupil is ill decides everything: the journey's form asks it first, the answer does not.
    assert events == [SlotSet("role", role), *journey_started("illness_form")]
    assert asked_next(ValidateIllnessForm(), question_text, events) == ["duur", "chronisch"]
    assert "Hoe lang" not in text
    assert "ja," not in text
    assert_well_formed(message, role, journey=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # No duration: what holds anyway is said, the distance the message gives first.
        ("ons huis ligt 14 kilometer van school, komt de leerkracht dan nog aan huis", "14 km"),
        ("hoe ver mag hij van school wonen voor les aan huis, hij zit in het buitengewoon", "20 km"),
        ("kan mijn dochter met diabetes les aan huis krijgen", "9 halve schooldagen"),
    ],
)
def test_illness_without_a_duration_still_says_the_distance_and_the_chronic_rule(text: str, expected: str) -> None:
    events, message = run(ActionIllnessSupport(), text, "parent")
    assert expected in message["text"]
    # The journey asks how long first ("Hoe lang is je kind al ziek, ..."); the answer does not ask it too.
    assert events[-2:] == journey_started("illness_form")
    assert asked_next(ValidateIllnessForm(), text, events)[0] == "duur"
    assert question("duur", "parent").startswith("Hoe lang is je kind al ziek")
    assert "Hoe lang" not in message["text"]
    assert_well_formed(message, "parent", journey=True)


def test_illness_relapse_says_toah_goes_on_without_a_new_request() -> None:
    _, message = run(
        ActionIllnessSupport(), "hij was 30 dagen ziek en hervalt nu, moet alles opnieuw voor toah", "staff"
    )
    assert "zonder nieuwe aanvraag" in message["text"]


def test_illness_cost_question_says_it_is_free_and_not_imposed() -> None:
    _, message = run(ActionIllnessSupport(), "ze is al 5 weken ziek, kost les aan huis ons iets", "parent")
    assert "gratis" in message["text"]


def test_illness_chronic_counts_half_days() -> None:
    _, message = run(ActionIllnessSupport(), "mijn zoon is chronisch ziek en was al 12 halve dagen afwezig", "parent")
    assert "4 lesuren" in message["text"]
    assert "TOAH): ja" in message["text"]


def test_illness_in_hospital_names_the_type_5_school() -> None:
    _, message = run(ActionIllnessSupport(), "ze ligt al 5 weken in het ziekenhuis", "parent")
    assert "Type 5-scholen" in message["text"]
    assert "actieplan.2.3" in sections_of(message)
    assert_well_formed(message, "parent")


def test_illness_entity_and_slot_give_the_duration() -> None:
    _, entity = run(ActionIllnessSupport(), "kan hij TOAH krijgen?", "staff", [{"entity": "duur", "value": "4 weken"}])
    _, slot = run(ActionIllnessSupport(), "kan hij TOAH krijgen?", "staff", slots={"duur": "25 dagen"})
    assert "28 kalenderdagen" in entity["text"]
    assert "25 kalenderdagen" in slot["text"]


def test_illness_engine_does_not_depend_on_the_level_that_stands_in(repo: KnowledgeRepository) -> None:
    facts = Facts(None, False, None, None, None, None, None, False, False, "")
    other: Level = "basis" if LEVEL_WHEN_UNKNOWN == "secundair" else "secundair"
    stand_in = advise_illness(situation_of(facts), repo)
    assert advise_illness(replace(situation_of(facts), level=other), repo) == stand_in


# -- which code ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_which_code_for_a_religious_feast_is_r(role: str) -> None:
    events, message = run(ActionWhichCode(), "welke code als hij de feestdag van zijn godsdienst viert?", role)
    text = message["text"]
    # Every question for a code is a new absence (an earlier reason is forgotten); the message gives the reason, so
    # no journey is needed: the code goes into the case at once, in the engine's words (not the user's).
    part = case_part_in(events, "which-code")
    assert events[:-1] == [SlotSet("role", role), SlotSet("reden", None)]
    [(label, reason)] = facts_of(part)
    assert label == render("case.fact.reden", role)
    assert "Grondwet" in reason and reason in text  # the engine's reason, as the answer says it
    assert re.search(r"\b[Cc]ode R\b", part.conclusion)
    assert part.sections == ("terminologie.2.1",)
    assert re.search(r"\b[Cc]ode R\b", text)
    assert "Grondwet" in text
    assert sections_of(message) == ["terminologie.2.1"]
    assert_well_formed(message, role)
    assert message["buttons"][0]["payload"] == '/ask_what_is{"topic": "code:R"}'
    assert has_summary_button(message)


@pytest.mark.parametrize("role", ROLES)
def test_which_code_parents_note_and_its_limits(role: str) -> None:
    _, message = run(ActionWhichCode(), "mag ik zelf een briefje schrijven", role)
    text = message["text"]
    assert re.search(r"\b[Cc]ode Z\b", text)
    assert re.search(r"3 (?:opeenvolgende )?kalenderdagen", text) and "4 keer per jaar" in text
    assert_well_formed(message, role)


@pytest.mark.parametrize(
    ("text", "code", "expected"),
    [
        ("de ouders schreven een briefje voor 5 dagen", "B", "hier gaat het om 5 dagen"),
        ("het is al het 5de briefje dit jaar", "B", "is het 5de"),
        ("welke code voor een begrafenis", "R", "begrafenis"),
        ("welke code geef ik bij het suikerfeest", "R", "levensbeschouwing"),
        ("we gaan een week op reis buiten de vakantie", "B", "luxeverzuim"),
        ("hij heeft een doktersattest", "Z", "medisch attest"),
        ("hij kwam te laat", "L", "registratiebeleid"),
        ("hij is geschorst, welke code", "R", "schorsing"),
        ("revalidatie tijdens de lesuren in het buso", "H", "buitengewoon onderwijs"),
        ("ze moet in quarantaine", "P", "quarantaine"),
        ("hij heeft gespijbeld", "B", "Spijbelen"),
        ("hij heeft geen werkplek in duaal leren", "M", "gedoogperiode"),
        ("hij wil niet naar zijn werkplek gaan", "B", "werkplekleren"),
    ],
)
def test_which_code_reasons_in_free_words(text: str, code: str, expected: str) -> None:
    _, message = run(ActionWhichCode(), text, "staff")
    assert message["text"].startswith(f"Code {code}:")
    assert expected in message["text"]
    assert_well_formed(message, "staff")


def test_which_code_unknown_reason_asks_it_with_examples() -> None:
    events, message = run(ActionWhichCode(), "welke code geef ik?", "parent")
    # The answer gives the codes in short; the journey's form asks the reason, with examples as buttons.
    assert events == [SlotSet("role", "parent"), SlotSet("reden", None), *journey_started("which_code_form")]
    assert asked_next(ValidateWhichCodeForm(), "welke code geef ik?", events) == ["reden"]
    assert message["text"].startswith(render("engines.which_code.codes_in_short", "parent"))
    assert "Waarom is je kind afwezig?" not in message["text"]
    assert sections_of(message) == ["terminologie.2.1", "terminologie.2.2"]
    assert_well_formed(message, "parent", journey=True)
    asked = ask("reden", "parent")
    assert asked["text"].startswith("Waarom is je kind afwezig?")
    examples = [render(f"journey.reden.{k}", "parent") for k in ("funeral", "doctor", "holiday", "religious")]
    assert [b["title"] for b in asked["buttons"]] == [*examples, render("journey.dont_know", "parent")]


def test_which_code_search_maps_to_the_engine_reason(repo: KnowledgeRepository) -> None:
    assert find_reason(repo, "hij moet naar de rechtbank") == ("rechtbank", None)
    assert find_reason(repo, "welke code voor een huwelijk van zijn zus") == ("huwelijk", None)
    assert find_reason(repo, "hoe is het weer") == (None, None)


@pytest.mark.parametrize(
    "question",
    [
        "welke afwezigheidscode moet ik hier zetten",
        "welke code moet ik gebruiken voor die leerling van gisteren",
        "wat voor code vul ik nu in",
        "welke code kies ik daar",
    ],
)
def test_asking_for_a_code_without_a_reason_names_no_reason(repo: KnowledgeRepository, question: str) -> None:
    # "zetten" once matched "een vaccinatie laten zetten".
    assert find_reason(repo, question) == (None, None)


# -- outflow ------------------------------------------------------------------------------------------------

WISH_TITLES = ["Een kwalificatie behalen", "Werken", "Leren en werken combineren", "Een opleiding volgen"]


OUTFLOW_STARTED = journey_started("outflow_form")
STOP = "ik wil stoppen met school"


@pytest.mark.parametrize("role", ROLES)
def test_outflow_without_age_gives_the_rule_the_wishes_and_who_helps(role: str) -> None:
    events, message = run(ActionOutflow(), STOP, role)
    text = message["text"]
    # The journey asks the age, then the wish; the answer asks neither.
    assert events == [SlotSet("role", role), *OUTFLOW_STARTED]
    assert asked_next(ValidateOutflowForm(), STOP, events) == ["leeftijd", "wens"]
    assert "18" in text and "diploma" in text
    assert question("outflow_form_leeftijd", role) not in text and "Hoe oud" not in text
    assert "leerlingenbegeleider" in text and "CLB" in text
    # The four wishes are the buttons of the journey's question for the wish, not of this answer.
    assert message["buttons"] == []
    wishes = [render(f"journey.wens.{w}", role) for w in ("kwalificatie", "werken", "combineren", "opleiding")]
    assert [b["title"] for b in ask("wens", role)["buttons"]] == [*wishes, render("journey.dont_know", role)]
    assert "terminologie.1" in sections_of(message)
    assert_well_formed(message, role, journey=True)


def test_outflow_youth_wording_is_short_and_speaks_to_the_youth() -> None:
    _, message = run(ActionOutflow(), STOP, "youth")
    assert "tot je 18 bent" in message["text"]
    assert "Hoe oud" not in message["text"]
    assert ask("outflow_form_leeftijd", "youth")["text"].startswith("Hoe oud ben je?")
    assert words(message["text"]) <= 110  # the youth budget (knowledge.answers.WORD_BUDGET)
    # At the end of the journey the other wishes are buttons in the youth's own words.
    slots = {"role": "youth", "leeftijd": "16", "wens": "opleiding"}
    _, final = run(ActionOutflow(), "Een opleiding volgen", "youth", slots=slots, latest_action_name="outflow_form")
    assert final["buttons"][1]["payload"] == "Ik wil gaan werken"


WITH_AGE = [
    # text, role, what the engine says, the age and the wish the message states
    ("ik ben 16 en ik wil stoppen met school", "youth", "helemaal stoppen kan nog niet", "16", None),
    ("ik ben 15, zit in het 2de middelbaar en wil gaan werken", "youth", "Gaan werken kan nog niet", "15", "werken"),
    ("mijn zoon van 18 wil stoppen met school", "parent", "mag de school verlaten", "18", None),
    ("een leerling van 16 wil stoppen", "staff", "De jongere is nog leerplichtig", "16", None),
]


@pytest.mark.parametrize(("text", "role", "expected", "age", "wish"), WITH_AGE)
def test_outflow_with_age_uses_the_engine(text: str, role: str, expected: str, age: str, wish: str | None) -> None:
    events, message = run(ActionOutflow(), text, role)
    assert expected in message["text"]
    stated = [SlotSet("role", role), SlotSet("leeftijd", age)]
    if wish is None:
        # The wish is still open: the journey asks it (with the four wishes as buttons).
        assert events == [*stated, *OUTFLOW_STARTED]
        assert asked_next(ValidateOutflowForm(), text, events) == ["wens"]
        assert question("wens", role) not in message["text"]
    else:
        # Age and wish known: no journey, the answer closes the case.
        assert events[:-1] == [*stated, SlotSet("wens", wish)]
        assert case_part_in(events, "outflow").kind == "outflow"
    assert_well_formed(message, role, journey=wish is None)


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("ik ben 16 en ik wil stoppen met school", "youth"),
        ("ik ben 15, zit in het 2de middelbaar en wil gaan werken", "youth"),
        ("mijn zoon van 18 wil stoppen met school", "parent"),
        ("een leerling van 16 wil stoppen", "staff"),
    ],
)
def test_outflow_with_age_names_who_helps(text: str, role: str) -> None:
    _, message = run(ActionOutflow(), text, role)
    assert "CLB" in message["text"]


@pytest.mark.parametrize("role", ROLES)
def test_outflow_journey_end_without_a_wish_names_who_helps(role: str) -> None:
    slots = {"role": role, "leeftijd": "16", "wens": "onbekend"}
    _, message = run(ActionOutflow(), "Weet ik niet", role, slots=slots, latest_action_name="outflow_form")
    assert "CLB" in message["text"]


def test_outflow_tells_staff_about_the_guide_and_where_to_get_it() -> None:
    text = "een leerling van 16 wil stoppen"
    events, _ = run(ActionOutflow(), text, "staff")
    assert asked_next(ValidateOutflowForm(), text, events) == ["wens"]
    # While the journey asks, the answer stays short; its end (the wish given) tells staff about the guide.
    slots = slots_after(events, {"wens": "werken"})
    events, message = run(
        ActionOutflow(), render("journey.wens.werken", "staff"), "staff", slots=slots, latest_action_name="outflow_form"
    )
    assert "leidraad" in message["text"] and "annick.steyt@" in message["text"]
    assert "actoren.15.2" in sections_of(message)
    part = case_part_in(events, "outflow")
    assert facts_of(part) == [
        fact("leeftijd", "staff", "16"),
        fact("wens", "staff", render("journey.wens.werken", "staff")),
    ]
    assert part.todo  # the route of the wish
    assert has_summary_button(message)
    assert_well_formed(message, "staff")


def test_outflow_material_asked_for_is_given_at_once() -> None:
    text = "welk materiaal is er voor het gesprek met een leerling van 16 die wil stoppen met school"
    events, message = run(ActionOutflow(), text, "staff")
    assert events[-2:] == OUTFLOW_STARTED
    assert "leidraad" in message["text"] and "annick.steyt@" in message["text"]


@pytest.mark.parametrize(
    ("role", "text", "guide"),
    [
        ("staff", "leerling wil niet meer praten en gaat stoppen, kunnen we hem nog iets meegeven?", True),
        ("parent", "is er een folder voor mijn zoon die wil stoppen met school", False),
        ("youth", "is er ergens een brochure over wat ik kan doen als ik stop met school", False),
    ],
)
def test_outflow_material_asked_for_names_the_flyer_and_the_brochure(role: str, text: str, guide: bool) -> None:
    # Flyer and brochure are for the youth and the parents; the guide for the talk only for professionals
    # (actoren.15.2). Asked for material, the answer names what the role can use or hand over, and where to get it.
    _, message = run(ActionOutflow(), text, role)
    assert "flyer" in message["text"] and "Verken je opties" in message["text"]
    assert "samentegenschooluitval-wvl.be" in message["text"]
    assert ("leidraad" in message["text"]) is guide
    assert "actoren.15.2" in sections_of(message)


def test_outflow_question_about_a_named_partner_is_answered_from_knowledge_and_asks_the_facts() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "kan de vdab mij helpen als ik van school ga", "ask_outflow", [{"entity": "topic", "value": "partner:vdab"}]
    )
    events = asyncio.run(ActionOutflow().run(dispatcher, tracker, {}))
    answer, ask = dispatcher.messages
    assert "VDAB" in answer["text"] and "actoren.15.2" in sections_of(answer)
    assert ask["text"].startswith("Wil de jongere stoppen met school? Zeg hoe oud")
    assert SlotSet("topic", "partner:vdab") in events


def test_outflow_with_a_wish_offers_the_other_wishes_and_the_summary() -> None:
    events, message = run(ActionOutflow(), "ik ben 17 en wil leren en werken", "youth")
    titles = [b["title"] for b in message["buttons"]]
    # Age and wish known: the case is complete. The other wishes, then the summary (no CLB button any more: who
    # helps is in the case).
    part = case_part_in(events, "outflow")
    assert events[:-1] == [SlotSet("role", "youth"), SlotSet("leeftijd", "17"), SlotSet("wens", "combineren")]
    assert facts_of(part) == [
        fact("leeftijd", "youth", "17"),
        fact("wens", "youth", render("journey.wens.combineren", "youth")),
    ]
    assert "CLB" in [p.name for p in part.partners]
    assert titles == [WISH_TITLES[0], WISH_TITLES[1], WISH_TITLES[3], render("case.button.summary", "youth")]
    assert "Wat doet het CLB?" not in titles
    assert "leren en werken" in message["text"]
    assert_well_formed(message, "youth")


# -- the reply builder and the catalogue --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("limit", "expected_text", "expected_sections"),
    [
        # The sources line counts too: "Bron: draaiboek 'Afwezig op school', deel Terminologie." is 7 words.
        (12, "Een twee drie vier vijf.", ["terminologie.1"]),
        (
            20,
            "Een twee drie vier vijf.\nLijst:\n• Een.\n• Twee drie.",
            ["terminologie.1", "actoren.4.1", "actoren.12"],
        ),
        (
            40,
            "Een twee drie vier vijf.\nZes zeven acht negen tien elf twaalf dertien.\nLijst:\n• Een.\n• Twee drie.",
            ["terminologie.1", "actoren.2", "actoren.4.1", "actoren.12"],
        ),
    ],
)
def test_reply_keeps_parts_by_rank_within_the_limit(
    limit: int, expected_text: str, expected_sections: list[str]
) -> None:
    reply = Reply("parent", limit=limit)
    reply.say("Een twee drie vier vijf.", ["terminologie.1"], rank=0)
    reply.say("Zes zeven acht negen tien elf twaalf dertien.", ["actoren.2"], rank=1)
    reply.bullets([("Een.", ["actoren.4.1"]), ("Twee drie.", ["actoren.12"])], heading="Lijst:", rank=2)
    assert reply.compose() == (expected_text, expected_sections)


def test_reply_always_keeps_rank_zero() -> None:
    reply = Reply("youth", limit=3)
    reply.say("Dit is een zin van zeven woorden.", rank=0)
    assert reply.compose() == ("Dit is een zin van zeven woorden.", [])


def test_short_takes_the_first_sentence_or_clause() -> None:
    assert short("Eerste zin. Tweede zin.") == "Eerste zin."
    long_text = "Doe dit: " + " ".join(["woord"] * 40) + "."
    assert short(long_text) == "Doe dit."
    assert count_words("• Een B-code, twee.") == 3


def test_every_engine_text_has_all_placeholders_in_every_variant() -> None:
    engine_texts = {k: v for k, v in catalogue().items() if k.startswith("engines.")}
    assert len(engine_texts) > 40
    for key, variants in engine_texts.items():
        assert "default" in variants, key


@pytest.mark.parametrize(
    ("text", "eligibility"),
    [
        ("heeft mijn kind recht op toah of bednet", True),
        ("kan ze thuis les krijgen", True),
        ("wie kan bednet aanvragen, alleen de school of ook wij als ouders", False),
        ("welk attest hebben we nodig om toah aan te vragen", False),
        ("hoelang moeten we wachten op een telefoontje van bednet", False),
    ],
)
def test_illness_questions_without_facts_go_to_the_engine_only_when_they_ask_for_the_right(
    text: str, eligibility: bool
) -> None:
    from actions.parsing import parse_asks_eligibility

    assert parse_asks_eligibility(text) is eligibility


def test_a_question_about_the_support_itself_is_answered_from_knowledge_and_asks_the_facts() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "welk attest hebben we nodig om toah aan te vragen",
        "ask_illness_support",
        [{"entity": "topic", "value": "partner:toah", "start": 31, "end": 35}],
        slots={"role": "parent"},
    )
    asyncio.run(ActionIllnessSupport().run(dispatcher, tracker, {}))
    answer, ask = dispatcher.messages
    assert "medisch attest" in answer["text"]
    assert answer["custom"]["sources"]
    assert ask["text"] == render("engines.illness.ask_facts", "parent")


# -- which engine a question belongs to -----------------------------------------------------------------------


def run_all(
    action: Action, text: str, role: str | None = None, entities: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """Every message ``action`` sends for a user message (a hand-on sends the knowledge's answer and a question)."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "any", entities, None, {"role": role} if role else None)
    asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages


def topic(value: str) -> dict[str, Any]:
    return {"entity": "topic", "value": value}


@pytest.mark.parametrize(
    ("text", "role", "section"),
    [
        # Whether something is truancy, what a judge can do: the knowledge answers, not the B-code steps.
        ("ik brost af en toe eens een les, is da al echt spijbelen of ni", "youth", "terminologie.2.2"),
        ("kan ik voor de jeugdrechter moeten komen omdat ik spijbel", "youth", "actoren.14"),
    ],
)
def test_b_code_question_without_facts_or_steps_goes_to_the_knowledge(text: str, role: str, section: str) -> None:
    messages = run_all(ActionBCodeSteps(), text, role)
    assert section in sections_of(messages[0])
    assert not messages[0]["text"].startswith(render("engines.b_codes.ask_count", role))


@pytest.mark.parametrize(
    "text",
    [
        "wat doe ik bij spijbelen?",  # a question for the steps
        "de ouders reageren niet op onze brieven en de leerling blijft wegblijven",  # a fact of the engine
    ],
)
def test_b_code_question_with_steps_or_facts_stays_with_the_engine(text: str) -> None:
    [message] = run_all(ActionBCodeSteps(), text, "staff")
    assert "actoren.2" in sections_of(message)


def test_a_code_question_classified_as_b_codes_gets_the_code() -> None:
    [message] = run_all(
        ActionBCodeSteps(),
        "door een overstroming geraakten de leerlingen niet op school, welke code krijgen die?",
        "staff",
    )
    assert message["text"].startswith("Code R")


@pytest.mark.parametrize("role", ["staff", "parent"])
def test_an_illness_question_classified_as_b_codes_gets_the_illness_answer(role: str) -> None:
    text = "een leerling uit het 3de middelbaar is al 25 dagen ziek, wat moet de school doen"
    assert run_all(ActionBCodeSteps(), text, role) == run_all(ActionIllnessSupport(), text, role)


def test_an_ill_pupil_with_b_codes_stays_with_the_b_code_steps() -> None:
    [message] = run_all(ActionBCodeSteps(), "hij is vaak ziek en spijbelt, wat doe ik bij spijbelen?", "staff")
    assert "actoren.2" in sections_of(message)


def test_outflow_without_anything_about_leaving_is_a_knowledge_question() -> None:
    text = (
        "mijn zoon was altijd een goede leerling met hoge punten en nu wil hij plots niet meer naar school, hoe kan dat"
    )
    messages = run_all(ActionOutflow(), text, "parent")
    assert "actieplan.3.3" in sections_of(messages[0]) or "actieplan.3.1" in sections_of(messages[0])
    assert all("Een kwalificatie behalen" not in b["title"] for m in messages for b in m["buttons"])


def test_outflow_with_a_birth_date_gives_the_date() -> None:
    [message] = run_all(ActionOutflow(), "geboren 12/01/2011 wanneer mag ik stoppen met school", "youth")
    assert "12 januari 2029" in message["text"]


def test_illness_engine_leaves_a_lasting_handicap_to_the_knowledge() -> None:
    text = "mijn zoon kan door zijn handicap zelfs thuis geen les volgen, kan hij vrijgesteld worden"
    messages = run_all(ActionIllnessSupport(), text, "parent")
    assert "terminologie.1" in sections_of(messages[0])
    assert "TOAH" not in messages[0]["text"].split(".")[0]


@pytest.mark.parametrize(
    ("text", "entities", "fact"),
    [
        # The kindergarten class decides Bednet: the answer is about Bednet, not about lessons at home.
        (
            "ons dochtertje zit in de 2de kleuterklas en is maanden ziek, kan zij via bednet meevolgen",
            [topic("partner:bednet")],
            "nee",
        ),
        # Lessons through the computer are Bednet, named or not.
        ("ik lig al weken ziek in bed, kan ik de lessen live volgen via de computer", [], "Bednet"),
    ],
)
def test_illness_question_about_bednet_is_answered_about_bednet(
    text: str, entities: list[dict[str, Any]], fact: str
) -> None:
    [message] = run_all(ActionIllnessSupport(), text, "parent", entities)
    first_line = message["text"].split("\n")[0]
    assert first_line.startswith(("Bednet", "Synchroon internetonderwijs")) and fact in message["text"]
    assert "actieplan.2.2.2" in sections_of(message)


def test_which_code_without_a_reason_hands_a_sure_question_to_the_knowledge() -> None:
    text = "welke gemandateerde voorziening is er in west-vlaanderen"
    messages = run_all(ActionWhichCode(), text, "staff", [topic("partner:ocj")])
    assert "actoren.11" in sections_of(messages[0])
    assert messages[-1]["text"] == render("engines.which_code.ask_reason", "staff")


def test_leerplicht_question_for_the_name_of_an_absence_goes_to_the_knowledge() -> None:
    text = "ik ga al 3 maand ni meer naar school maar sta nog wel ingeschreven, hoe noemen ze da"
    [message] = run_all(ActionLeerplicht(), text, "youth")
    assert "terminologie.2.2" in sections_of(message)
    assert "leerplichtig tot" not in message["text"]


def test_a_reason_only_the_search_found_in_an_unsure_code_question_goes_to_the_knowledge() -> None:
    text = "bij welke leerlingen moeten we extra alert zijn bij de inschrijving?"
    unsure = make_tracker(text, "ask_which_code", None, None, {"role": "staff"})
    unsure.latest_message["intent"]["confidence"] = 0.45
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionWhichCode().run(dispatcher, unsure, {}))
    answer, ask = dispatcher.messages
    assert not answer["text"].startswith("Code")
    assert ask["text"] == render("engines.which_code.ask_reason", "staff")
    # Sure of the intent, the same words get the code the search found (the message is taken as a reason).
    [sure] = run_all(ActionWhichCode(), text, "staff")
    assert sure["text"].startswith("Code")


@pytest.mark.parametrize(
    ("text", "role"), [("mijn kind is ziek", "parent"), ("ik heb een leerling die ziek is", "staff")]
)
def test_an_ill_pupil_without_facts_starts_the_illness_journey(text: str, role: str) -> None:
    events, message = run(ActionIllnessSupport(), text, role)
    assert events[-2:] == journey_started("illness_form")
    assert "TOAH" in message["text"] and "21" in message["text"]
    assert render("engines.illness.ask_facts", role) not in message["text"]
