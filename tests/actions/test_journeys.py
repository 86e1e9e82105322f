"""The guided journeys (actions/journeys.py) on the real knowledge base: every question and its buttons, the forms'
reading and correcting of answers, what each journey still asks, stopping and starting again, and the summary."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import b_codes, classification, illness, leerplicht, outflow, partners, which_code
from actions.journeys import (
    ASK_ACTIONS,
    JOURNEY_SLOT,
    MINOR,
    QUESTIONS,
    REQUESTED_SLOT,
    UNKNOWN,
    ActionGoodbye,
    ActionRestartJourney,
    ActionStopJourney,
    AskSlot,
    JourneyForm,
    question_buttons,
    read_age,
)
from actions.outflow import ActionOutflow
from actions.parsing import (
    Amount,
    BirthDate,
    SchoolLevel,
    parse_birth_date,
    parse_distance_km,
    parse_duration_days,
    parse_school_level,
    read_count,
)
from actions.summary import NO_BREAK_SPACE, ActionCaseSummary
from knowledge.case import CASE_SLOT, Case, CasePart, Fact, PartnerLine, Step, summary_text
from knowledge.guidance.illness import advise_illness
from knowledge.repository import KnowledgeRepository
from knowledge.texts import render
from tests.actions.journey_helpers import FORM_READERS, ROLES, journey_tracker, load_domain, run_action

TODAY = date(2025, 12, 1)
DOMAIN = load_domain()
VALIDATORS: dict[str, JourneyForm] = {
    "b_code_form": b_codes.ValidateBCodeForm(),
    "illness_form": illness.ValidateIllnessForm(),
    "leerplicht_form": leerplicht.ValidateLeerplichtForm(),
    "which_code_form": which_code.ValidateWhichCodeForm(),
    "outflow_form": outflow.ValidateOutflowForm(),
    "partner_form": partners.ValidatePartnerForm(),
    "classification_form": classification.ValidateClassificationForm(),
}
# A question of one form only is that form's; any other question belongs to every form that reads its slot and has
# no question of its own for it.
OWN_QUESTIONS = {(q.form, q.slot) for q in QUESTIONS.values() if q.form}
# Slots a journey reads and keeps but does not ask: the leerplicht journey keeps a partial birth date and an age (the
# answer says what holds at that age), the B-code journey the level (a pupil in basisonderwijs is not asked the age).
KEPT_NOT_ASKED: dict[str, set[str]] = {
    "b_code_form": {"niveau"},
    "partner_form": {"niveau"},
    "leerplicht_form": {"geboorte", "leeftijd"},
}


def forms_of(key: str) -> list[str]:
    question = QUESTIONS[key]
    if question.form:
        return [question.form]
    return [
        f for f, readers in FORM_READERS.items() if question.slot in readers and (f, question.slot) not in OWN_QUESTIONS
    ]


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(leerplicht, "today", lambda: TODAY)


def _filled(events: list[dict[str, Any]], slot: str) -> list[Any]:
    """The values the events put in ``slot`` (None, "not filled", left out)."""
    return [e["value"] for e in events if e.get("event") == "slot" and e.get("name") == slot and e["value"] is not None]


def validate(form: str, text: str, intent: str = "ask_info", **kwargs: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """One answer in the middle of ``form``: the events of its validation action and the texts it sent."""
    tracker = journey_tracker(text, intent, form=form, **kwargs)
    return run_action(VALIDATORS[form], tracker, DOMAIN)


def extract(form: str, text: str, intent: str = "ask_info", **kwargs: Any) -> list[dict[str, Any]]:
    """Only the reading of an answer (before any correction)."""
    tracker = journey_tracker(text, intent, form=form, **kwargs)
    events: list[dict[str, Any]] = asyncio.run(
        VALIDATORS[form].get_extraction_events(CollectingDispatcher(), tracker, DOMAIN)
    )
    return events


# -- the questions ---------------------------------------------------------------------------------------------


def test_every_question_belongs_to_a_form_and_every_form_slot_has_a_question() -> None:
    assert all(forms_of(key) for key in QUESTIONS)
    for form, readers in FORM_READERS.items():
        required = DOMAIN["forms"][form]["required_slots"]
        for slot in required:
            assert f"{form}_{slot}" in QUESTIONS or slot in QUESTIONS, (form, slot)
        # The readers read the form's slots, and the slots the journey keeps without asking them.
        assert set(readers) == set(required) | KEPT_NOT_ASKED.get(form, set()), form
        # "opnieuw" knows the slots of each journey by its readers.
        assert JourneyForm.journeys[form] == tuple(readers), form


def test_every_ask_action_is_in_the_domain() -> None:
    names = {action().name() for action in ASK_ACTIONS}
    assert names == {f"action_ask_{key}" for key in QUESTIONS}
    assert names <= set(DOMAIN["actions"])


def ask_action(key: str) -> AskSlot:
    """The registered ``action_ask_<key>``."""
    [action] = [a() for a in ASK_ACTIONS if issubclass(a, AskSlot) and a.key == key]
    return action


QUESTION_ROLES = [(key, role) for key in QUESTIONS for role in ROLES]


@pytest.mark.parametrize(("key", "role"), QUESTION_ROLES)
def test_question_is_asked_with_its_buttons(key: str, role: str | None) -> None:
    question = QUESTIONS[key]
    action = ask_action(key)
    assert action.name() == f"action_ask_{key}"
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, journey_tracker("", role=role), DOMAIN))
    [message] = dispatcher.messages
    assert events == []
    text = message["text"]
    assert text == render(question.text_key, role)
    assert "?" in text and "{" not in text and "}" not in text
    titles = [b["title"] for b in message["buttons"]]
    assert [b["payload"] for b in message["buttons"]] == titles  # a button sends what it says
    assert titles == [b["title"] for b in question_buttons(key, role)]
    assert len(titles) == len(question.options) + question.dont_know
    assert (titles[-1] == "Weet ik niet") is question.dont_know
    if role in ("parent", "youth"):
        # A parent or a youth is spoken to about their own child or themselves.
        for line in (text, *titles):
            assert "de leerling" not in line.lower() and "de jongere" not in line.lower(), line


def test_the_day_is_asked_when_the_month_and_year_are_known() -> None:
    dispatcher = CollectingDispatcher()
    tracker = journey_tracker("januari 2010", slots={"geboorte": "geboren in januari 2010"}, role="parent")
    asyncio.run(ask_action("datum").run(dispatcher, tracker, DOMAIN))
    assert [m["text"] for m in dispatcher.messages] == ["Op welke dag precies? Ik weet al: januari 2010."]
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == ["Weet ik niet"]


def _level_meaning(school: SchoolLevel | None) -> str | None:
    if school is None:
        return None
    if school.special_needs_education:
        return "special"
    if school.kindergarten_year == 3:
        return "kindergarten_3"
    if school.kindergarten_year in (1, 2):
        return "kindergarten_1_2"
    return {"basis": "primary", "secundair": "secondary"}.get(school.level or "")


# What a button's answer means once the journey reads it: the slot's value, or what the engine reads in it.
REASON_OF_OPTION = {
    "funeral": "begrafenis",
    "doctor": "medisch-attest",
    "holiday": "vakantie",
    "religious": "religieuze-feestdag",
}
AGE_OF_OPTION = {"under_18": MINOR, "adult": "18", "15": "15", "16": "16", "17": "17"}
DAYS_OF_OPTION = {"1_week": Amount(7), "3_weeks": Amount(21), "more_4_weeks": Amount(29, at_least=True)}
KM_OF_OPTION = {
    "below_10": Amount(10, at_most=True),
    "10_to_20": Amount(20),
    "over_20": Amount(20, at_least=True, more=True),
}


def meaning(slot: str, value: str | None, repo: KnowledgeRepository) -> object:
    if value is None:
        return None
    if slot == "aantal":
        return read_count(value)
    if slot == "duur":
        return parse_duration_days(value)
    if slot == "afstand":
        return parse_distance_km(value)
    if slot == "niveau":
        return _level_meaning(parse_school_level(value))
    if slot == "reden":
        return which_code.find_reason(repo, value)[0]
    return value


def expected_meaning(slot: str, option: str) -> object:
    if slot == "aantal":
        return Amount(float(option))
    if slot == "leeftijd":
        return AGE_OF_OPTION[option]
    if slot == "duur":
        return DAYS_OF_OPTION[option]
    if slot == "afstand":
        return KM_OF_OPTION[option]
    if slot == "reden":
        return REASON_OF_OPTION[option]
    return option


def _button_cases() -> list[Any]:
    return [
        pytest.param(key, role, form, option, id=f"{form}-{key}-{option}-{role}")
        for key, question in QUESTIONS.items()
        for role in ROLES
        for form in forms_of(key)
        for option in question.options
    ]


@pytest.mark.parametrize(("key", "role", "form", "option"), _button_cases())
def test_a_button_means_what_it_says(
    key: str, role: str | None, form: str, option: str, repo: KnowledgeRepository
) -> None:
    slot = QUESTIONS[key].slot
    payload = render(f"journey.{slot}.{option}", role)
    assert payload in [b["payload"] for b in question_buttons(key, role)]
    value = FORM_READERS[form][slot](payload, True)
    assert value is not None, payload
    assert meaning(slot, value, repo) == expected_meaning(slot, option), payload


DONT_KNOW_CASES = [
    pytest.param(key, role, form, id=f"{form}-{key}-{role}")
    for key, question in QUESTIONS.items()
    if question.dont_know
    for role in ROLES
    for form in forms_of(key)
]


@pytest.mark.parametrize(("key", "role", "form"), DONT_KNOW_CASES)
def test_dont_know_button_gives_unknown(key: str, role: str | None, form: str) -> None:
    slot = QUESTIONS[key].slot
    [*_, dont_know] = question_buttons(key, role)
    assert dont_know == {"title": "Weet ik niet", "payload": "Weet ik niet"}
    assert extract(form, dont_know["payload"], "goodbye", requested=slot, role=role) == [SlotSet(slot, UNKNOWN)]


@pytest.mark.parametrize("text", ["weet ik niet", "Ik weet het niet", "geen idee", "kweet ni", "geen flauw idee"])
def test_dont_know_in_other_words_gives_unknown(text: str) -> None:
    assert extract("b_code_form", text, requested="aantal") == [SlotSet("aantal", UNKNOWN)]


def test_dont_know_what_was_tried_is_unknown_not_nothing() -> None:
    slots = {"aantal": "8 B-codes", "ouders": "cooperative", "leeftijd": "16", "leerling_weigert": "no"}
    assert extract("b_code_form", "geen idee", requested="geprobeerd", slots=slots) == [SlotSet("geprobeerd", UNKNOWN)]


def test_the_over_20_km_button_is_too_far_for_toah_in_special_needs_education(repo: KnowledgeRepository) -> None:
    slots = {
        "duur": render("journey.duur.more_4_weeks"),
        "chronisch": "no",
        "ziekenhuis": "no",
        "afstand": render("journey.afstand.over_20"),
        "niveau": render("journey.niveau.special"),
    }
    advice = advise_illness(illness.situation_of(illness.facts_from(journey_tracker("", slots=slots))), repo)
    assert "illness.toah.distance_too_far" in [r.key for r in advice.toah.reasons]


# -- reading the answers: facts at once, one by one, "weet ik niet", corrections ------------------------------


def test_several_facts_at_once_fill_their_slots() -> None:
    text = "8 B-codes, de ouders nemen nooit op en hij is 16"
    events, texts = validate("b_code_form", text, requested="aantal")
    assert events == [
        SlotSet("aantal", text),
        SlotSet("ouders", "unreachable"),
        SlotSet("leeftijd", "16"),
        SlotSet(REQUESTED_SLOT, "leerling_weigert"),
    ]
    assert texts == []


def test_classification_facts_at_once() -> None:
    events, _ = validate("classification_form", "hij is bang en blijft thuis, de ouders weten het", requested="gevoel")
    assert events == [
        SlotSet("gevoel", "anxious"),
        SlotSet("ouders_weten", "yes"),
        SlotSet("waar", "home"),
        SlotSet(REQUESTED_SLOT, "ouders_houden_thuis"),
    ]


def test_outflow_age_and_wish_at_once_end_the_journey() -> None:
    events, _ = validate("outflow_form", "ik ben 16 en wil gaan werken", requested="leeftijd")
    assert events == [SlotSet("leeftijd", "16"), SlotSet("wens", "werken"), SlotSet(REQUESTED_SLOT, None)]


def test_a_known_fact_is_not_read_again_from_a_later_answer() -> None:
    slots = {"aantal": "8 B-codes", "ouders": "cooperative"}
    events, _ = validate("b_code_form", "16, maar de ouders nemen nooit op", requested="leeftijd", slots=slots)
    assert events == [SlotSet("leeftijd", "16"), SlotSet(REQUESTED_SLOT, "leerling_weigert")]


def test_the_b_code_journey_one_answer_at_a_time() -> None:
    # The classifier may take "een stuk of zes" for an insult and "Nee" for a goodbye: they are answers all the same.
    steps = [
        ("een stuk of zes", "insult", "aantal", "een stuk of zes", "ouders"),
        ("De ouders werken mee", "ask_info", "ouders", "cooperative", "leeftijd"),
        ("Jonger dan 18", "ask_info", "leeftijd", MINOR, "leerling_weigert"),
        ("Nee", "goodbye", "leerling_weigert", "no", "geprobeerd"),
        ("Nog niets", "ask_info", "geprobeerd", "nothing", None),
    ]
    slots: dict[str, Any] = {}
    for text, intent, asked, value, following in steps:
        events, texts = validate("b_code_form", text, intent, requested=asked, slots=slots)
        assert events == [SlotSet(asked, value), SlotSet(REQUESTED_SLOT, following)], text
        assert texts == []
        slots[asked] = value


def test_dont_know_lets_the_journey_go_on() -> None:
    events, _ = validate("b_code_form", "weet ik niet", "goodbye", requested="aantal")
    assert events == [SlotSet("aantal", UNKNOWN), SlotSet(REQUESTED_SLOT, "ouders")]


def test_a_bare_count_is_not_also_the_age() -> None:
    events, _ = validate("b_code_form", "6", requested="aantal")
    assert events == [SlotSet("aantal", "6"), SlotSet(REQUESTED_SLOT, "ouders")]


def test_read_age_keeps_an_impossible_number_for_the_correction() -> None:
    assert read_age("250", True) == "250"
    assert read_age("hij is 16", False) == "16"
    # A minor without an age: no one is given an age they did not say.
    assert read_age("Jonger dan 18", True) == MINOR
    assert read_age("6", False) is None
    assert read_age("geen idee", True) is None


@pytest.mark.parametrize("role", ROLES)
def test_a_negative_count_gets_a_kind_correction(role: str | None) -> None:
    events, texts = validate("b_code_form", "-3 B-codes", requested="aantal", role=role)
    assert events == [SlotSet("aantal", None), SlotSet(REQUESTED_SLOT, "aantal")]
    assert texts == [render("journey.correction.negative", role)]


def test_a_bare_negative_count_gets_a_kind_correction() -> None:
    events, texts = validate("b_code_form", "-3", requested="aantal")
    assert texts == [render("journey.correction.negative")]
    assert not _filled(events, "aantal")


def test_a_negative_duration_gets_a_kind_correction() -> None:
    events, texts = validate("illness_form", "-3 weken", requested="duur")
    assert events == [SlotSet("duur", None), SlotSet(REQUESTED_SLOT, "duur")]
    assert texts == [render("journey.correction.negative")]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("answer", ["250", "0", "ik ben 250 jaar"])
def test_an_impossible_age_gets_a_kind_correction(answer: str, role: str | None) -> None:
    slots = {"aantal": "8 B-codes", "ouders": "cooperative"}
    events, texts = validate("b_code_form", answer, requested="leeftijd", slots=slots, role=role)
    assert events == [SlotSet("leeftijd", None), SlotSet(REQUESTED_SLOT, "leeftijd")]
    assert texts == [render("journey.correction.age", role)]


def test_the_youth_gets_its_own_age_correction() -> None:
    assert render("journey.correction.age", "youth") != render("journey.correction.age", "staff")


def test_an_impossible_age_in_the_outflow_journey() -> None:
    events, texts = validate("outflow_form", "250", requested="leeftijd", role="youth")
    # The form still asks both facts, as the domain lists them: Rasa asks the next one itself.
    assert events == [SlotSet("leeftijd", None)]
    assert texts == [render("journey.correction.age", "youth")]


@pytest.mark.parametrize(
    ("answer", "stored"),
    [
        ("23 januari 2010", "geboren 23 januari 2010"),
        ("23/01/2010", "geboren 23/01/2010"),
        ("geboren op 23-1-10", "geboren op 23-1-10"),
        # Thirty years old: the oldest birth date the journey takes.
        ("1 januari 1995", "geboren 1 januari 1995"),
    ],
)
def test_a_birth_date_ends_the_leerplicht_journey(answer: str, stored: str) -> None:
    events, texts = validate("leerplicht_form", answer, requested="datum")
    assert events == [SlotSet("datum", stored), SlotSet(REQUESTED_SLOT, None)]
    assert texts == []


@pytest.mark.parametrize("answer", ["1 januari 1925", "31 december 1994"])
def test_the_birth_date_of_someone_far_too_old_gets_a_correction(answer: str) -> None:
    events, texts = validate("leerplicht_form", answer, requested="datum")
    assert events == [SlotSet("datum", None)]
    assert texts == [render("journey.correction.old_date")]


def test_an_impossible_date_gets_a_correction() -> None:
    events, texts = validate("leerplicht_form", "31 februari 2010", requested="datum")
    assert texts == [render("journey.correction.date")]
    assert not _filled(events, "datum") and not _filled(events, "geboorte")


def test_a_birth_date_in_the_future_gets_a_correction() -> None:
    events, texts = validate("leerplicht_form", "14 maart 2027", requested="datum")
    assert texts == [render("journey.correction.future_date")]
    assert not _filled(events, "datum")


def test_month_and_year_with_geboren_keep_the_partial_date_and_the_day_follows() -> None:
    events, texts = validate("leerplicht_form", "geboren in januari 2010", requested="datum")
    assert events == [SlotSet("geboorte", "geboren in januari 2010")]
    assert texts == []
    events, _ = validate("leerplicht_form", "23", requested="datum", slots={"geboorte": "geboren in januari 2010"})
    assert events == [SlotSet("datum", "23/1/2010"), SlotSet(REQUESTED_SLOT, None)]


def test_month_and_year_as_the_answer_keep_the_partial_date() -> None:
    events, _ = validate("leerplicht_form", "januari 2010", requested="datum")
    partials = _filled(events, "geboorte")
    assert len(partials) == 1 and parse_birth_date(partials[0], TODAY) == BirthDate(2010, 1)
    assert not _filled(events, "datum")


def test_a_reason_the_codes_do_not_know_gets_a_correction() -> None:
    events, texts = validate("which_code_form", "blablabla xyz", requested="reden")
    assert events == [SlotSet("reden", None)]
    assert texts == [render("journey.correction.reason")]
    events, texts = validate("which_code_form", "een begrafenis in de familie", requested="reden")
    assert events == [SlotSet("reden", "een begrafenis in de familie"), SlotSet(REQUESTED_SLOT, None)]
    assert texts == []


# -- messages that are no answer ---------------------------------------------------------------------------------


def test_a_side_question_is_no_answer() -> None:
    topic = [{"entity": "topic", "value": "code:M"}]
    kwargs: dict[str, Any] = {"requested": "aantal", "entities": topic}
    assert extract("b_code_form", "wat is een M-document? een stuk of zes", "ask_what_is", **kwargs) == []
    events, texts = validate("b_code_form", "wat is een M-document? een stuk of zes", "ask_what_is", **kwargs)
    assert events == [SlotSet(REQUESTED_SLOT, "aantal")]  # nothing filled: the question again
    assert texts == []


def test_a_question_word_without_a_topic_is_still_an_answer() -> None:
    events, _ = validate("b_code_form", "een stuk of zes", "ask_what_is", requested="aantal")
    assert events == [SlotSet("aantal", "een stuk of zes"), SlotSet(REQUESTED_SLOT, "ouders")]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("text", "intent", "confidence"),
    [("nee", "goodbye", 0.51), ("hmm", "nlu_fallback", 1.0), ("een paar", "insult", 0.5), ("bwa", "greet", 0.4)],
)
def test_an_answer_the_journey_cannot_read_is_asked_again(
    text: str, intent: str, confidence: float, role: str | None
) -> None:
    slots = {"aantal": "8 B-codes", "ouders": "cooperative"}
    kwargs: dict[str, Any] = {"requested": "leeftijd", "slots": slots, "role": role, "confidence": confidence}
    events, texts = validate("b_code_form", text, intent, **kwargs)
    assert events == [SlotSet("leeftijd", None), SlotSet(REQUESTED_SLOT, "leeftijd")]
    assert texts == [render("journey.not_understood", role)]


@pytest.mark.parametrize(("text", "intent"), [("tot ziens", "goodbye"), ("wat is het weer morgen", "out_of_scope")])
def test_sure_small_talk_in_a_journey_is_left_to_its_rule(text: str, intent: str) -> None:
    slots = {"aantal": "8 B-codes", "ouders": "cooperative"}
    assert extract("b_code_form", text, intent, requested="leeftijd", slots=slots, confidence=0.99) == []
    events, texts = validate("b_code_form", text, intent, requested="leeftijd", slots=slots, confidence=0.99)
    assert events == [SlotSet(REQUESTED_SLOT, "leeftijd")]  # the form rejects it: the goodbye rule answers
    assert texts == []


@pytest.mark.parametrize(
    "text", ["6 B-codes, en hij wordt thuis geslagen", "weet ik niet, ik wil niet meer leven", "Nee, mijn pa slaat mij"]
)
def test_danger_is_never_an_answer(text: str) -> None:
    assert extract("b_code_form", text, "signal_danger", requested="aantal") == []
    events, _ = validate("b_code_form", text, "signal_danger", requested="aantal")
    assert events == [SlotSet(REQUESTED_SLOT, "aantal")]


@pytest.mark.parametrize("role", ROLES)
def test_danger_only_the_classifier_suspects_is_an_answer_after_the_help_lines(role: str | None) -> None:
    events, texts = validate("b_code_form", "6 B-codes", "signal_danger", requested="aantal", role=role)
    assert events == [SlotSet("aantal", "6 B-codes"), SlotSet(REQUESTED_SLOT, "ouders")]
    assert texts == [render("safety.uncertain", role or "default")]


def test_danger_only_the_classifier_suspects_without_a_value_is_no_answer() -> None:
    assert extract("b_code_form", "ik weet het allemaal niet meer", "signal_danger", requested="aantal") == []


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("nee, laat maar", "stop"),
        ("laat maar, weet ik niet", "stop"),
        ("stop", "stop"),
        ("nee, opnieuw", "start_over"),
        ("ja, maak een samenvatting", "ask_summary"),
    ],
)
def test_steering_words_are_no_answer(text: str, intent: str) -> None:
    slots = {"aantal": "8 B-codes", "ouders": "cooperative", "leeftijd": "16"}
    assert extract("b_code_form", text, intent, requested="leerling_weigert", slots=slots) == []


def test_an_answer_the_classifier_took_for_stop_is_an_answer() -> None:
    slots = {"duur": "30 dagen", "chronisch": "no", "ziekenhuis": "no", "afstand": "5 km"}
    events, _ = validate("illness_form", "lager onderwijs", "stop", requested="niveau", slots=slots)
    assert events == [SlotSet("niveau", "lager onderwijs"), SlotSet(REQUESTED_SLOT, None)]


def test_stop_without_a_value_for_the_question_is_no_answer() -> None:
    slots = {"duur": "30 dagen", "chronisch": "no", "ziekenhuis": "no", "afstand": "5 km"}
    assert extract("illness_form", "stop maar", "stop", requested="niveau", slots=slots) == []


# -- what each journey still asks -------------------------------------------------------------------------------


def _asks(
    open_questions: Callable[..., list[str]],
    text: str,
    slots: dict[str, Any],
    repo: KnowledgeRepository | None = None,
) -> list[str]:
    tracker: Tracker = journey_tracker(text, slots=slots)
    return open_questions(tracker, repo) if repo is not None else open_questions(tracker)


B_CODE_FOLLOW_UPS = ["ouders", "leeftijd", "leerling_weigert", "geprobeerd"]


@pytest.mark.parametrize(
    ("text", "slots", "expected"),
    [
        ("hij spijbelt", {}, ["aantal"]),
        # The count first, whatever else is known.
        ("hij is 16", {"ouders": "cooperative", "leerling_weigert": "no"}, ["aantal"]),
        ("", {"aantal": "1 B-code"}, B_CODE_FOLLOW_UPS),
        ("", {"aantal": "10 B-codes"}, B_CODE_FOLLOW_UPS),
        # "weet ik niet": the facts that matter from the first B-code on.
        ("", {"aantal": UNKNOWN}, B_CODE_FOLLOW_UPS),
        ("", {"aantal": "10 B-codes", "ouders": "unwilling"}, ["leeftijd", "leerling_weigert", "geprobeerd"]),
        ("", {"aantal": "10 B-codes", "ouders": UNKNOWN, "leeftijd": UNKNOWN}, ["leerling_weigert", "geprobeerd"]),
        # The age the message gives is not asked.
        ("een 19-jarige", {"aantal": "5 B-codes"}, ["ouders", "leerling_weigert", "geprobeerd"]),
        (
            "",
            {"aantal": "5 B-codes", "ouders": "cooperative", "leeftijd": "16", "leerling_weigert": "no"},
            ["geprobeerd"],
        ),
        (
            "",
            {"aantal": "5", "ouders": "cooperative", "leeftijd": "16", "leerling_weigert": "no", "geprobeerd": "clb"},
            [],
        ),
    ],
)
def test_b_code_journey_asks(text: str, slots: dict[str, Any], expected: list[str], repo: KnowledgeRepository) -> None:
    assert _asks(b_codes.open_questions, text, slots, repo) == expected


def test_b_code_journey_skips_a_fact_that_does_not_change_the_advice(
    monkeypatch: pytest.MonkeyPatch, repo: KnowledgeRepository
) -> None:
    # On the real content every unknown fact changes the B-code advice somewhere; a fact whose variants all give the
    # same advice must not be asked.
    unchanged = [(slot, (lambda s: [s, s]) if slot == "leerling_weigert" else v) for slot, v in b_codes.FOLLOW_UPS]
    monkeypatch.setattr(b_codes, "FOLLOW_UPS", tuple(unchanged))
    assert _asks(b_codes.open_questions, "", {"aantal": "5"}, repo) == ["ouders", "leeftijd", "geprobeerd"]


def test_b_code_journey_does_not_ask_the_age_of_a_kindergartner(repo: KnowledgeRepository) -> None:
    assert "leeftijd" not in _asks(b_codes.open_questions, "ze zit in de derde kleuterklas", {"aantal": "5"}, repo)


@pytest.mark.parametrize(
    ("text", "slots", "expected"),
    [
        ("mijn kind is ziek", {}, ["duur", "chronisch"]),
        # 21 days is not yet TOAH (more than 21): whether the illness is chronic matters, the distance not yet.
        ("", {"duur": "21 dagen"}, ["chronisch", "niveau", "ziekenhuis"]),
        ("", {"duur": "3 weken"}, ["chronisch", "niveau", "ziekenhuis"]),
        # From 22 days TOAH can start: the distance matters, chronic no longer.
        ("", {"duur": "22 dagen"}, ["afstand", "niveau", "ziekenhuis"]),
        ("", {"duur": "meer dan 3 weken"}, ["afstand", "niveau", "ziekenhuis"]),
        ("", {"chronisch": "yes"}, ["niveau", "ziekenhuis"]),
        ("", {"duur": UNKNOWN}, ["chronisch", "niveau", "ziekenhuis"]),
        ("", {"duur": "3 weken", "chronisch": "no"}, ["niveau", "ziekenhuis"]),
        ("", {"duur": "30 dagen", "afstand": "5 km", "niveau": "lager onderwijs"}, ["ziekenhuis"]),
        ("", {"duur": "30 dagen", "afstand": "5 km", "niveau": "lager onderwijs", "ziekenhuis": UNKNOWN}, []),
        # A hospital stay in the message is not asked again.
        ("ze ligt in het ziekenhuis", {"duur": "30 dagen"}, ["afstand", "niveau"]),
    ],
)
def test_illness_journey_asks(text: str, slots: dict[str, Any], expected: list[str], repo: KnowledgeRepository) -> None:
    assert _asks(illness.open_questions, text, slots, repo) == expected


@pytest.mark.parametrize(
    ("text", "slots", "expected"),
    [
        ("tot wanneer is hij leerplichtig?", {}, ["datum"]),
        ("", {"geboorte": "geboren in januari 2010"}, ["datum"]),
        ("geboren op 23 januari 2010, tot wanneer?", {}, []),
        ("", {"datum": UNKNOWN}, []),
    ],
)
def test_leerplicht_journey_asks(text: str, slots: dict[str, Any], expected: list[str]) -> None:
    assert _asks(leerplicht.open_questions, text, slots) == expected


@pytest.mark.parametrize(
    ("text", "slots", "expected"),
    [
        ("welke code geef ik?", {}, ["reden"]),
        ("welke code bij een begrafenis?", {}, []),
        ("welke code?", {"reden": UNKNOWN}, []),
        ("welke code?", {"reden": "een feestdag van de eigen godsdienst"}, []),
    ],
)
def test_which_code_journey_asks(
    text: str, slots: dict[str, Any], expected: list[str], repo: KnowledgeRepository
) -> None:
    assert _asks(which_code.open_questions, text, slots, repo) == expected


@pytest.mark.parametrize(
    ("text", "slots", "expected"),
    [
        ("ik wil stoppen met school", {}, ["leeftijd", "wens"]),
        # With a diploma the age does not matter.
        ("ik heb mijn diploma al, ik wil stoppen", {}, ["wens"]),
        ("ik ben 16 en wil gaan werken", {}, []),
        ("", {"leeftijd": UNKNOWN}, ["wens"]),
        ("", {"leeftijd": "17", "wens": UNKNOWN}, []),
    ],
)
def test_outflow_journey_asks(text: str, slots: dict[str, Any], expected: list[str]) -> None:
    assert _asks(outflow.open_questions, text, slots) == expected


@pytest.mark.parametrize(
    ("text", "slots", "expected"),
    [
        ("welke partner past?", {}, ["spoor"]),
        ("welke partner past?", {"spoor": UNKNOWN}, ["spoor"]),
        # The journey of the conversation tells the track.
        ("welke partner past?", {JOURNEY_SLOT: "b_code_form"}, ["aantal", "zorg", "geprobeerd", "ouders"]),
        ("welke partner past?", {"spoor": "b-code"}, ["aantal", "zorg", "geprobeerd", "ouders"]),
        # The number of B-codes only for truancy.
        ("welke partner past?", {"spoor": "ziekte"}, ["zorg", "geprobeerd", "ouders"]),
        ("welke partner past?", {"spoor": "schoolweigering"}, ["zorg", "geprobeerd", "ouders"]),
        ("welke partner past?", {"spoor": "uitstroom"}, ["zorg", "geprobeerd", "ouders"]),
        ("welke partner past bij spijbelen?", {}, ["aantal", "zorg", "geprobeerd", "ouders"]),
        ("welke partner?", {"spoor": "b-code", "aantal": "5 B-codes", "zorg": "none"}, ["geprobeerd", "ouders"]),
        ("welke partner?", {"spoor": "ziekte", "zorg": "none", "geprobeerd": "clb", "ouders": "cooperative"}, []),
    ],
)
def test_partner_journey_asks(text: str, slots: dict[str, Any], expected: list[str], repo: KnowledgeRepository) -> None:
    assert _asks(partners.open_questions, text, slots, repo) == expected


ALL_SIGNALS_BUT_NOTE = ["gevoel", "ouders_weten", "waar", "ouders_houden_thuis", "ziek"]


@pytest.mark.parametrize(
    ("text", "slots", "expected"),
    [
        # No question for the note unless the pupil is ill.
        ("wat voor afwezigheid is dit?", {}, ALL_SIGNALS_BUT_NOTE),
        # A trip during the school year, or a child in no school, decides it: no question at all.
        ("ze gaan een week vroeger op reis", {}, []),
        ("hij is niet ingeschreven in een school", {}, []),
        ("ze krijgt huisonderwijs", {}, []),
        # Parents who do not know of the absence do not keep the child home.
        ("", {"ouders_weten": "no"}, ["gevoel", "waar", "ziek"]),
        ("", {"ouders_weten": UNKNOWN}, ["gevoel", "waar", "ouders_houden_thuis", "ziek"]),
        ("", {"ziek": "yes"}, ["gevoel", "ouders_weten", "waar", "ouders_houden_thuis", "attest"]),
        ("", {"ziek": UNKNOWN}, ["gevoel", "ouders_weten", "waar", "ouders_houden_thuis"]),
        ("", {"ziek": "no"}, ["gevoel", "ouders_weten", "waar", "ouders_houden_thuis"]),
        (
            "",
            {"gevoel": "anxious", "ouders_weten": "yes", "waar": "home", "ouders_houden_thuis": "no", "ziek": "no"},
            [],
        ),
    ],
)
def test_classification_journey_asks(text: str, slots: dict[str, Any], expected: list[str]) -> None:
    assert _asks(classification.open_questions, text, slots) == expected


def test_the_form_asks_what_open_questions_asks_first() -> None:
    # The validation action asks the first open question next, also one before the slot just answered. (When the
    # open questions are all of the domain's slots in its order, it leaves the choice to Rasa: see the outflow
    # journey's age correction above.)
    events, _ = validate("classification_form", "hij is bang", requested="gevoel")
    assert events == [SlotSet("gevoel", "anxious"), SlotSet(REQUESTED_SLOT, "ouders_weten")]
    events, _ = validate("classification_form", "nee", requested="ziek", slots={"gevoel": "anxious"})
    assert events == [SlotSet("ziek", "no"), SlotSet(REQUESTED_SLOT, "ouders_weten")]


# -- stop and start again -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_stop_ends_the_active_journey_and_keeps_its_facts(role: str | None) -> None:
    tracker = journey_tracker(
        "stop", "stop", form="b_code_form", requested="ouders", slots={"aantal": "5 B-codes"}, role=role
    )
    events, texts = run_action(ActionStopJourney(), tracker, DOMAIN)
    assert events == [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)]
    assert texts == [render("journey.stopped", role)]


def test_i_want_to_stop_in_a_journey_stops_the_journey() -> None:
    tracker = journey_tracker("ik wil stoppen", "stop", form="illness_form", requested="duur")
    events, texts = run_action(ActionStopJourney(), tracker, DOMAIN)
    assert events == [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)]
    assert texts == [render("journey.stopped")]


@pytest.mark.parametrize("form", [None, "illness_form"])
def test_goodbye_ends_a_journey(form: str | None) -> None:
    tracker = journey_tracker("ok da was het, salu", "goodbye", form=form, requested="afstand" if form else None)
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionGoodbye().run(dispatcher, tracker, DOMAIN))
    assert dispatcher.messages == []  # utter_goodbye, before it, says the goodbye
    assert events == ([ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)] if form else [])


@pytest.mark.parametrize("role", ROLES)
def test_stop_without_a_journey(role: str | None) -> None:
    events, texts = run_action(ActionStopJourney(), journey_tracker("stop", "stop", role=role), DOMAIN)
    assert events == []
    assert texts == [render("journey.nothing_to_stop", role)]


@pytest.mark.parametrize(("text", "role"), [("ik wil stoppen", "youth"), ("mijn zoon wil stoppen", "parent")])
def test_wanting_to_stop_without_a_journey_is_about_leaving_school(text: str, role: str) -> None:
    events, texts = run_action(ActionStopJourney(), journey_tracker(text, "stop", role=role), DOMAIN)
    assert events == [SlotSet("role", role), ActiveLoop("outflow_form"), SlotSet(JOURNEY_SLOT, "outflow_form")]
    outflow_events, outflow_texts = run_action(ActionOutflow(), journey_tracker(text, "ask_outflow", role=role), DOMAIN)
    assert (events, texts) == (outflow_events, outflow_texts)
    assert texts[0].startswith("Stoppen met school kan pas als")


@pytest.mark.parametrize("form", list(FORM_READERS))
def test_restart_clears_the_journey_and_the_case_and_starts_it_again(form: str) -> None:
    slots = {slot: "iets" for slot in DOMAIN["forms"][form]["required_slots"]}
    case = Case((CasePart("b-code", conclusion="Fase 1."),)).to_dict()
    tracker = journey_tracker("opnieuw", "start_over", form=form, requested="x", slots={**slots, CASE_SLOT: case})
    events, texts = run_action(ActionRestartJourney(), tracker, DOMAIN)
    # The form's slots, and the slots its journey keeps without asking them (a partial birth date, the level).
    journey_slots = dict.fromkeys([*DOMAIN["forms"][form]["required_slots"], *FORM_READERS[form]])
    assert events == [
        *(SlotSet(slot, None) for slot in journey_slots),
        SlotSet(CASE_SLOT, None),
        SlotSet(REQUESTED_SLOT, None),
        ActiveLoop(form),
        SlotSet(JOURNEY_SLOT, form),
    ]
    assert texts == [render("journey.restarted")]


def test_restart_after_a_journey_ended_starts_the_last_one_again() -> None:
    tracker = journey_tracker("opnieuw", "start_over", slots={JOURNEY_SLOT: "outflow_form", "leeftijd": "16"})
    events, _ = run_action(ActionRestartJourney(), tracker, DOMAIN)
    assert events == [
        SlotSet("leeftijd", None),
        SlotSet("wens", None),
        SlotSet(CASE_SLOT, None),
        SlotSet(REQUESTED_SLOT, None),
        ActiveLoop("outflow_form"),
        SlotSet(JOURNEY_SLOT, "outflow_form"),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_restart_without_any_journey(role: str | None) -> None:
    events, texts = run_action(ActionRestartJourney(), journey_tracker("opnieuw", "start_over", role=role), DOMAIN)
    assert events == []
    assert texts == [render("journey.nothing_to_restart", role)]


def test_restart_of_the_leerplicht_journey_forgets_the_partial_birth_date() -> None:
    slots = {"geboorte": "geboren in januari 2010"}
    tracker = journey_tracker("opnieuw", "start_over", form="leerplicht_form", requested="datum", slots=slots)
    events, _ = run_action(ActionRestartJourney(), tracker, DOMAIN)
    assert SlotSet("geboorte", None) in events


# -- the summary ---------------------------------------------------------------------------------------------------

PART = CasePart(
    "b-code",
    facts=(Fact("Aantal B-codes", "6"),),
    conclusion="Fase 1: verhoogde zorg.",
    done=("een CLB-traject",),
    todo=(Step("Contact opnemen met de ouders.", "De school"),),
    partners=(PartnerLine("CLB", "begeleidt de leerling"),),
    sections=("actoren.2",),
)


@pytest.mark.parametrize("role", ROLES)
def test_summary_of_an_empty_case(role: str | None) -> None:
    events, texts = run_action(ActionCaseSummary(), journey_tracker("samenvatting", "ask_summary", role=role), DOMAIN)
    assert texts == [render("case.empty", role)]
    assert events == ([SlotSet("role", role)] if role else [])


def test_summary_of_a_slot_that_holds_no_case() -> None:
    tracker = journey_tracker("samenvatting", "ask_summary", slots={CASE_SLOT: "iets"})
    _, texts = run_action(ActionCaseSummary(), tracker, DOMAIN)
    assert texts == [render("case.empty")]


@pytest.mark.parametrize("role", ROLES)
def test_summary_of_a_case_is_one_message_without_blank_lines(role: str | None, repo: KnowledgeRepository) -> None:
    case = Case((PART,))
    slots = {CASE_SLOT: case.to_dict(), "role": role}
    tracker = journey_tracker("maak een samenvatting", "ask_summary", slots=slots, form="b_code_form")
    events, [text] = run_action(ActionCaseSummary(), tracker, DOMAIN)
    assert events == []  # the role is known already; the active journey goes on
    assert "\n\n" not in text
    blocks = text.split(f"\n{NO_BREAK_SPACE}\n")
    assert blocks == summary_text(case, repo, role).split("\n\n")
    [title] = [r.title for r in repo.section_refs(["actoren.2"])]
    assert blocks[0] == render("case.heading", role)
    assert blocks[1].splitlines()[0] == "Problematische afwezigheden (B-codes)"
    assert "- Contact opnemen met de ouders (wie: de school)" in blocks[1].splitlines()
    assert blocks[2].splitlines()[1:] == [f"- {title} (actoren.2)"]
    assert blocks[3] == render("case.footer", role)
