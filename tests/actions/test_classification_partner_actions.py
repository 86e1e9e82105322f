"""The classification and partner actions on the real knowledge base: what a first message starts, what goes to the
knowledge instead, and the answer at the end of each journey.

``action_classification`` (actions/classification.py) and ``action_partners`` (actions/partners.py) run with a real
Tracker and a CollectingDispatcher. A message that still misses a fact that matters starts the action's journey
(its form asks the fact; the reply does not); a question for what something is goes to the knowledge; the answer
at the end of the journey (the tracker's latest action is the form) uses every fact, adds its part to the case and
offers the summary. Their forms' reading of answers is tested in test_journeys.py, their engines in
tests/knowledge/guidance/.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Action
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.classification import SLOTS as CLASSIFICATION_SLOTS
from actions.classification import ActionClassification, ValidateClassificationForm
from actions.journeys import JOURNEY_SLOT, REQUESTED_SLOT, UNKNOWN
from actions.knowledge_reply import what_it_is
from actions.partners import ActionPartners, ValidatePartnerForm
from knowledge.case import PartnerLine, Step
from knowledge.texts import render
from tests.actions.conftest import (
    SUMMARY_PAYLOAD,
    case_part_in,
    cleared,
    has_summary_button,
    journey_started,
    make_tracker,
    slots_after,
)
from tests.actions.journey_helpers import ROLES, journey_tracker, load_domain, run_action
from tests.actions.test_engine_actions import (
    asked_next,
    assert_well_formed,
    fact,
    facts_of,
    question,
    run,
    sections_of,
)

DOMAIN = load_domain()
CLASSIFICATION_FORM = "classification_form"
PARTNER_FORM = "partner_form"
SUMMARY_BUTTON = {"title": "Maak een samenvatting", "payload": SUMMARY_PAYLOAD}


# The events and the one message of an action.
Ran = tuple[list[dict[str, Any]], dict[str, Any]]


def role_set(role: str | None) -> list[dict[str, Any]]:
    """The event that keeps the role the API sent with the message (none without a role)."""
    return [SlotSet("role", role)] if role else []


def entity(text: str, words: str, value: str) -> dict[str, Any]:
    """A `topic` entity as the lookup table of the NLU pipeline finds it in ``text``."""
    start = text.index(words)
    return {"entity": "topic", "value": value, "start": start, "end": start + len(words)}


def bullets(message: dict[str, Any]) -> list[str]:
    return [line.removeprefix("• ") for line in message["text"].split("\n") if line.startswith("• ")]


# -- what kind of absence (action_classification) -----------------------------------------------------------------


NO_FACTS = "ik heb een leerling die veel afwezig is"
# Anxious, at home, the parents know, stomach-ache (ill): the kind of absence is the question, not what a word means.
SIGNALS = (
    "mijn dochter blijft thuis met buikpijn en is bang om naar school te gaan, wij weten het, "
    "is dit schoolweigering of iets anders"
)
SIGNAL_SLOTS = {"gevoel": "anxious", "ouders_weten": "yes", "waar": "home", "ziek": "yes"}
# Every question of the classification is about the absence the message describes: its earlier facts are forgotten.
CLASSIFICATION_NEW_CASE = cleared(CLASSIFICATION_SLOTS)
# Every signal but the note: the journey asks the note only of a pupil who is ill.
ALL_BUT_THE_NOTE = ["gevoel", "ouders_weten", "waar", "ouders_houden_thuis", "ziek"]


@pytest.mark.parametrize("role", ROLES)
def test_classification_without_facts_starts_the_journey_and_asks_nothing_itself(role: str | None) -> None:
    events, message = run(ActionClassification(), NO_FACTS, role)
    assert events == [*role_set(role), *CLASSIFICATION_NEW_CASE, *journey_started(CLASSIFICATION_FORM)]
    assert asked_next(ValidateClassificationForm(), NO_FACTS, events) == ALL_BUT_THE_NOTE
    # The reply names the five types the draaiboek distinguishes (what holds already, with its source) and says
    # that a few questions follow; the form asks them, one at a time, with their buttons.
    kinds, intro = render("engines.classification.kinds", role), render("engines.classification.intro", role)
    assert message["text"].startswith(f"{kinds}\n{intro}")
    assert not message["buttons"]
    assert sections_of(message) == ["aanbevelingen.data"]
    for key in ALL_BUT_THE_NOTE:
        assert question(key, role) not in message["text"]
    assert_well_formed(message, role, journey=True)


def signals_with_topic() -> list[dict[str, Any]]:
    return [entity(SIGNALS, "schoolweigering", "absence-type:schoolweigering")]


@pytest.mark.parametrize("role", ROLES)
def test_classification_with_signals_fills_the_journey_and_is_not_searched(role: str | None) -> None:
    entities = signals_with_topic()
    # The words alone would go to the knowledge ("is dit schoolweigering", a topic named): the signals keep the
    # question with the engine.
    tracker = make_tracker(SIGNALS, "classify_absence", entities, metadata={"role": role} if role else None)
    assert what_it_is(tracker, ()) is not None

    events, message = run(ActionClassification(), SIGNALS, role, entities)
    assert events == [
        *role_set(role),
        *CLASSIFICATION_NEW_CASE,
        SlotSet("gevoel", "anxious"),
        SlotSet("ouders_weten", "yes"),
        SlotSet("waar", "home"),
        SlotSet("ziek", "yes"),
        *journey_started(CLASSIFICATION_FORM),
    ]
    # No topic answered, no knowledge sources: the engine's journey asks what is still open, the note of the illness
    # last.
    assert asked_next(ValidateClassificationForm(), SIGNALS, events) == ["ouders_houden_thuis", "attest"]
    # What the signals point to so far, then the intro of the questions; no knowledge search hit.
    so_far = render("engines.classification.so_far", role, types="schoolweigering, schoolfobie")
    assert message["text"].split("\n")[:2] == [so_far, render("engines.classification.intro", role)]
    assert set(sections_of(message)) <= {"actieplan.3.1", "actieplan.3.2", "actieplan.3.3", "terminologie.2.2"}
    assert "actieplan.3.1" in sections_of(message)
    assert question("ouders_houden_thuis", role) not in message["text"]


@pytest.mark.parametrize("role", ROLES)
def test_classification_first_reply_with_signals_names_school_refusal(role: str | None) -> None:
    _, message = run(ActionClassification(), SIGNALS, role, signals_with_topic())
    assert "schoolweigering" in message["text"].lower()
    assert "actieplan.3.1" in sections_of(message)


@pytest.mark.parametrize("role", ROLES)
def test_classification_what_truancy_is_goes_to_the_knowledge(role: str | None) -> None:
    text = "is dat spijbelen?"
    events, message = run(ActionClassification(), text, role, [entity(text, "spijbelen", "term:spijbelen")])
    # The knowledge's answer, no journey: the message tells nothing about an absence.
    assert events == [*role_set(role), SlotSet("topic", "term:spijbelen")]
    assert message["text"].startswith("spijbelen\nOngewettigd wegblijven van school.")
    assert "inbreuk op de leerplichtwet" in message["text"]
    assert "terminologie.2.2" in sections_of(message)
    assert render("engines.classification.intro", role) not in message["text"]


def classification_end(role: str | None, answers: dict[str, str], last: str) -> Ran:
    """The answer at the end of the classification journey: ``answers`` in its slots, ``last`` the last answer."""
    slots = {"role": role, **answers}
    return run(ActionClassification(), last, role, slots=slots, latest_action_name=CLASSIFICATION_FORM)


ANXIOUS_AT_HOME = {**SIGNAL_SLOTS, "ouders_houden_thuis": "no", "attest": "none"}


@pytest.mark.parametrize("role", ROLES)
def test_classification_journey_end_answers_with_every_fact_and_adds_the_case(role: str | None) -> None:
    events, message = classification_end(role, ANXIOUS_AT_HOME, render("journey.attest.none", role))
    text = message["text"]
    part = case_part_in(events, "classification")
    assert len(events) == 1  # the case only: no new journey, the facts stay
    assert facts_of(part) == [
        fact("gevoel", role, render("journey.gevoel.anxious", role)),
        fact("ouders_weten", role, render("case.fact.yes", role)),
        fact("waar", role, render("journey.waar.home", role)),
        fact("ouders_houden_thuis", role, render("case.fact.no", role)),
        fact("ziek", role, render("case.fact.yes", role)),
        fact("attest", role, render("journey.attest.none", role)),
    ]
    summary = render("classification.summary.several", role, types="schoolweigering, schoolfobie")
    not_justified = render("classification.code.not_justified", role)
    assert part.conclusion == f"{summary} {not_justified}"
    assert part.todo == ()  # nothing was answered with "weet ik niet"
    assert part.sections == ("actieplan.3.1", "terminologie.2.2", "actieplan.3.2", "actieplan.3.3")
    # Both types with the signals that point to them, and the code: ill without a note is no justified absence.
    assert text.startswith(summary + "\n")
    names = [line.split(":")[0] for line in bullets(message)]
    assert names[:2] == ["Schoolweigering", "Schoolfobie"]
    assert not_justified in text
    assert {"actieplan.3.1", "terminologie.2.2"} <= set(sections_of(message))
    assert message["buttons"] == [
        {
            "title": render("engines.classification.next.schoolweigering", role),
            "payload": render("engines.classification.next.schoolweigering", role),
        },
        {"title": render("engines.classification.next.partner", role), "payload": "/ask_partner"},
        SUMMARY_BUTTON,
    ]
    assert has_summary_button(message)
    assert_well_formed(message, role)


DISTINGUISH_LINE = "Schoolweigering of schoolfobie:"


@pytest.mark.parametrize("role", [None, "staff"])
def test_classification_several_types_show_what_tells_them_apart(role: str | None) -> None:
    _, message = classification_end(role, ANXIOUS_AT_HOME, render("journey.attest.none", role))
    assert message["text"].split("\n")[0] == render(
        "classification.summary.several", role, types="schoolweigering, schoolfobie"
    )
    assert render("engines.classification.distinguish", role) in message["text"].split("\n")
    assert any(line.startswith(DISTINGUISH_LINE) for line in bullets(message))


@pytest.mark.parametrize("role", ["parent", "youth"])
def test_classification_several_types_for_parents_point_to_no_part_left_out(role: str) -> None:
    # Within their word limit the part on what tells the types apart may be left out: the summary does not send
    # the reader to it.
    _, message = classification_end(role, ANXIOUS_AT_HOME, render("journey.attest.none", role))
    assert "onderscheid" not in message["text"].split("\n")[0]


@pytest.mark.parametrize("role", ROLES)
def test_classification_dont_know_answers_are_open_questions_in_the_answer_and_the_case(role: str | None) -> None:
    answers = {**SIGNAL_SLOTS, "ouders_houden_thuis": UNKNOWN, "attest": UNKNOWN}
    events, message = classification_end(role, answers, render("journey.dont_know", role))
    text = message["text"]
    part = case_part_in(events, "classification")
    unknown = render("case.fact.unknown", role)
    assert facts_of(part) == [
        fact("gevoel", role, render("journey.gevoel.anxious", role)),
        fact("ouders_weten", role, render("case.fact.yes", role)),
        fact("waar", role, render("journey.waar.home", role)),
        fact("ouders_houden_thuis", role, unknown),
        fact("ziek", role, render("case.fact.yes", role)),
        fact("attest", role, unknown),
    ]
    # What "weet ik niet" left open is still to find out, and the code waits for the note.
    assert part.todo == (
        Step(render("classification.question.parents_keep_home", role)),
        Step(render("classification.question.certificate", role)),
    )
    depends = render("classification.code.depends_on_certificate", role)
    assert depends in part.conclusion and depends in text
    assert render("classification.code.not_justified", role) not in text
    lines = text.split("\n")
    heading = lines.index(render("engines.classification.open", role))
    assert lines[heading + 1] == "• " + render("classification.question.parents_keep_home", role)
    assert "terminologie.2.1" in sections_of(message)
    assert has_summary_button(message)
    assert_well_formed(message, role)


@pytest.mark.parametrize("role", ["staff", "parent"])
def test_classification_with_nothing_known_claims_no_code(role: str) -> None:
    answers = {slot: UNKNOWN for slot in ALL_BUT_THE_NOTE}
    events, message = classification_end(role, answers, render("journey.dont_know", role))
    part = case_part_in(events, "classification")
    assert message["text"].startswith(render("classification.summary.unclear", role))
    assert render("classification.code.not_justified", role) not in message["text"]
    assert render("classification.code.not_justified", role) not in part.conclusion


def test_classification_journey_from_first_message_to_answer() -> None:
    """A parent's message, the form's two questions ("Nee", "Weet ik niet"), and the answer with every fact."""
    role = "parent"
    events, _ = run(ActionClassification(), SIGNALS, role, signals_with_topic())
    slots = slots_after(events)

    tracker = journey_tracker(
        render("journey.ouders_houden_thuis.no", role),
        form=CLASSIFICATION_FORM,
        requested="ouders_houden_thuis",
        slots=slots,
        role=role,
    )
    answered, texts = run_action(ValidateClassificationForm(), tracker, DOMAIN)
    assert answered == [SlotSet("ouders_houden_thuis", "no"), SlotSet(REQUESTED_SLOT, "attest")]
    assert texts == []
    slots = slots_after(answered, slots)

    dont_know = render("journey.dont_know", role)
    tracker = journey_tracker(dont_know, form=CLASSIFICATION_FORM, requested="attest", slots=slots, role=role)
    answered, texts = run_action(ValidateClassificationForm(), tracker, DOMAIN)
    assert answered == [SlotSet("attest", UNKNOWN), SlotSet(REQUESTED_SLOT, None)]  # the form ends
    slots = slots_after(answered, slots)

    events, message = run(ActionClassification(), dont_know, role, slots=slots, latest_action_name=CLASSIFICATION_FORM)
    part = case_part_in(events, "classification")
    assert [f.value for f in part.facts] == ["Bang of angstig, met onrust", "ja", "Thuis", "nee", "ja", "niet gekend"]
    assert message["text"].startswith(
        render("classification.summary.several", role, types="schoolweigering, schoolfobie")
    )
    assert render("classification.code.depends_on_certificate", role) in message["text"]
    assert has_summary_button(message)


# -- which partner fits (action_partners) ---------------------------------------------------------------------------


STUCK = (
    "welke partner kan ik nog inschakelen voor een leerling die blijft spijbelen? "
    "het clb en naft hebben niks opgeleverd"
)
STUCK_SLOTS = {"spoor": "b-code", "zorg": "stuck", "geprobeerd": "clb,naft"}


@pytest.mark.parametrize("role", ROLES)
def test_partners_truancy_after_clb_and_naft_starts_the_journey_for_what_is_open(role: str | None) -> None:
    events, message = run(ActionPartners(), STUCK, role)
    # The track, the concern (stuck) and what was tried come from the message; the journey starts.
    assert slots_after(events) == {
        **({"role": role} if role else {}),
        **STUCK_SLOTS,
        JOURNEY_SLOT: PARTNER_FORM,
    }
    assert events[-2:] == journey_started(PARTNER_FORM)
    assert [e["name"] for e in events if e.get("event") == "slot"][-4:-1] == ["spoor", "zorg", "geprobeerd"]
    # Still open: the number of B-codes (the phase) and the parents' stance, which changes the partners.
    assert asked_next(ValidatePartnerForm(), STUCK, events) == ["aantal", "ouders"]
    # What holds already for the track comes first, with its sources: the journey's questions make it precise.
    assert partners_so_far(message, role) == ["ROTS", "AGODI", "CLB"][: 3 if role in (None, "staff") else 2]
    assert not message["buttons"]
    assert sections_of(message)
    assert question("partner_form_aantal", role) not in message["text"]
    assert question("ouders", role) not in message["text"]
    assert_well_formed(message, role, journey=True)


def partners_so_far(message: dict[str, Any], role: str | None) -> list[str]:
    """The partners that the journey's first answer names for the track known so far (its text, else [])."""
    before, after = render("engines.partners.so_far", role, names="\0").split("\0")
    text = message["text"]
    if not text.startswith(before):
        return []
    return text[len(before) :].split(after)[0].split(", ")


def test_partners_set_the_track_of_the_message_once() -> None:
    events, _ = run(ActionPartners(), STUCK, "staff")
    assert [e for e in events if e.get("name") == "spoor"] == [SlotSet("spoor", "b-code")]


@pytest.mark.parametrize("role", ROLES)
def test_partners_take_the_track_of_the_journey_before(role: str | None) -> None:
    text = "welke partner past?"
    slots = {"role": role, JOURNEY_SLOT: "b_code_form"}
    events, message = run(ActionPartners(), text, role, slots=slots)
    # The role is in the slot already; the track of the B-code journey is kept as this journey's fact.
    assert events == [SlotSet("spoor", "b-code"), *journey_started(PARTNER_FORM)]
    assert asked_next(ValidatePartnerForm(), text, events, slots) == ["aantal", "zorg", "geprobeerd", "ouders"]
    assert partners_so_far(message, role)


def test_partners_what_a_partner_is_goes_to_the_knowledge() -> None:
    text = "wat is ROTS?"
    events, message = run(ActionPartners(), text, "staff", [entity(text, "ROTS", "partner:rots")])
    assert events == [SlotSet("role", "staff"), SlotSet("topic", "partner:rots")]
    assert "actoren.15.1" in sections_of(message)
    assert render("engines.partners.intro", "staff") not in message["text"]


def partners_end(role: str | None, answers: dict[str, str], last: str) -> Ran:
    """The answer at the end of the partner journey: ``answers`` in its slots, ``last`` the last answer."""
    slots = {"role": role, **answers}
    return run(ActionPartners(), last, role, slots=slots, latest_action_name=PARTNER_FORM)


STUCK_END = {**STUCK_SLOTS, "aantal": "12 B-codes", "ouders": "cooperative"}
# Best first: ROTS after CLB and NAFT (actoren.15.1), a zorgwekkend dossier at AGODI (actoren.6), the CLB that is at
# work already (actoren.4.3), then the partners of phase 3 (actieplan.1.4).
STUCK_PARTNERS = ["ROTS", "AGODI", "CLB", "Transitietraject UpGrade", "Dagbesteding"]
SHOWN = {None: 3, "staff": 3, "parent": 2, "youth": 2}


def topic_button(key: str, role: str | None, intent: str, name: str, partner: str) -> dict[str, str]:
    return {"title": render(key, role, name=name), "payload": f'/{intent}{{"topic": "partner:{partner}"}}'}


@pytest.mark.parametrize("role", ROLES)
def test_partners_journey_end_names_the_best_partners_with_who_refers(role: str | None) -> None:
    events, message = partners_end(role, STUCK_END, render("journey.ouders.cooperative", role))
    text = message["text"]
    part = case_part_in(events, "partners")
    assert len(events) == 1  # the case only
    assert facts_of(part) == [
        fact("spoor", role, render("journey.spoor.b-code", role)),
        fact("aantal", role, "12 B-codes"),
        fact("fase", role, "3"),
        fact("zorg", role, render("journey.zorg.stuck", role)),
        fact("ouders", role, render("case.value.ouders.cooperative", role)),
    ]
    assert part.done == (render("case.value.geprobeerd.clb", role), render("case.value.geprobeerd.naft", role))
    assert [p.name for p in part.partners] == STUCK_PARTNERS
    summary = render("partners.summary.some", role, names="ROTS, AGODI en CLB")
    assert part.conclusion == summary
    assert {"actoren.15.1", "actoren.6"} <= set(part.sections)

    # The answer: the summary, then the best partners (three for staff, two for parents and youths), each with why
    # and who calls it in.
    assert text.startswith(summary + "\n")
    lines = bullets(message)
    assert [line.split(":")[0] for line in lines] == STUCK_PARTNERS[: SHOWN[role]]
    rots, agodi = lines[0], lines[1]
    assert "Het CLB meldt" in rots  # ROTS: the CLB refers, not the school
    assert "dossier" in agodi  # AGODI: the school or the CLB reports a zorgwekkend dossier
    staff = role in (None, "staff")
    # How to reach a partner and the documents it needs are for professionals only.
    assert ("Contact: melding van een zorgwekkend dossier bij AGODI" in agodi) is staff
    assert ("Nodig:" in text) is staff
    if staff:
        assert lines[2].startswith("CLB: Het CLB begeleidt al.")
    assert {"actoren.15.1", "actoren.6"} <= set(sections_of(message))
    assert message["buttons"] == [
        topic_button("engines.partners.button.referral", role, "ask_referral", "ROTS", "rots"),
        topic_button("engines.partners.button.what_is", role, "ask_what_is", "AGODI", "agodi"),
        SUMMARY_BUTTON,
    ]
    assert_well_formed(message, role)


ILLNESS_SECTIONS_IN_NOTE = (
    "the staff answer's note 'Via het CLB: ...' (advice.reasons of knowledge/guidance/partners.py) cites the "
    "illness checklists actieplan.2.2.2 and 2.2.3, where the draaiboek names the CLB as draaischijf"
)


@pytest.mark.parametrize(
    "role", [pytest.param("staff", marks=pytest.mark.xfail(strict=True, reason=ILLNESS_SECTIONS_IN_NOTE)), "parent"]
)
def test_partners_truancy_answer_cites_no_illness_sections(role: str) -> None:
    _, message = partners_end(role, STUCK_END, render("journey.ouders.cooperative", role))
    cited = sections_of(message)
    assert "actoren.15.1" in cited
    assert [s for s in cited if s.startswith("actieplan.2")] == []


AFRAID = "bij welke organisatie kunnen wij terecht? onze zoon is bang om naar school te gaan"


def test_partners_parent_of_an_anxious_child_gets_the_school_refusal_track_in_plain_words() -> None:
    events, message = run(ActionPartners(), AFRAID, "parent")
    assert slots_after(events) == {"role": "parent", "spoor": "schoolweigering", JOURNEY_SLOT: PARTNER_FORM}
    assert events[-2:] == journey_started(PARTNER_FORM)
    assert asked_next(ValidatePartnerForm(), AFRAID, events) == ["zorg", "geprobeerd", "ouders"]
    assert partners_so_far(message, "parent")
    assert "Wie jullie het best helpt" in message["text"]


@pytest.mark.parametrize("role", ["parent", "staff"])
def test_partners_school_refusal_journey_end(role: str) -> None:
    answers = {"spoor": "schoolweigering", "zorg": "none", "geprobeerd": "nothing", "ouders": "cooperative"}
    events, message = partners_end(role, answers, render("journey.ouders.cooperative", role))
    text = message["text"]
    part = case_part_in(events, "partners")
    # "Geen van deze" and "Nog niets" are no facts of the case.
    assert facts_of(part) == [
        fact("spoor", role, render("journey.spoor.schoolweigering", role)),
        fact("ouders", role, render("case.value.ouders.cooperative", role)),
    ]
    assert part.done == ()
    assert [p.name for p in part.partners][:3] == ["CLB", "CGG", "Kinder- en jeugdpsychiatrie"]
    summary = render("partners.summary.some", role, names="CLB, CGG en Kinder- en jeugdpsychiatrie")
    assert text.startswith(summary + "\n")
    cgg = next(line for line in bullets(message) if line.startswith("CGG:"))
    if role == "parent":
        # Plain words for a parent: who to turn to, no jargon of the care sector, no procedure.
        assert summary.startswith("Deze partners kunnen helpen:")
        assert part.partners[0] == PartnerLine(
            "CLB", "Via het CLB kom je bij CGG en Kinder- en jeugdpsychiatrie: het CLB meldt aan, niet de school."
        )
        assert "Het CLB kan je kind doorverwijzen naar het CGG" in cgg
        assert "rechtstreeks toegankelijke jeugdhulp" not in text
        assert "Contact:" not in text and "Nodig:" not in text
    else:
        assert "rechtstreeks toegankelijke jeugdhulp" in cgg
    assert {"actieplan.3.5", "actoren.4.2"} <= set(sections_of(message))
    assert message["buttons"] == [
        topic_button("engines.partners.button.referral", role, "ask_referral", "CLB", "clb"),
        topic_button("engines.partners.button.what_is", role, "ask_what_is", "CGG", "cgg"),
        SUMMARY_BUTTON,
    ]
    assert_well_formed(message, role)


def test_partners_dont_know_the_parents_leaves_their_stance_out() -> None:
    answers = {"spoor": "schoolweigering", "zorg": "mental_health", "geprobeerd": "nothing", "ouders": UNKNOWN}
    events, message = partners_end("parent", answers, render("journey.dont_know", "parent"))
    part = case_part_in(events, "partners")
    assert facts_of(part) == [
        fact("spoor", "parent", render("journey.spoor.schoolweigering", "parent")),
        fact("zorg", "parent", render("journey.zorg.mental_health", "parent")),
    ]
    # The concern puts the mental-health partners first.
    assert [p.name for p in part.partners][:3] == ["CGG", "Kinder- en jeugdpsychiatrie", "CLB"]
    assert [line.split(":")[0] for line in bullets(message)] == ["CGG", "Kinder- en jeugdpsychiatrie"]
    assert has_summary_button(message)


PRIMARY = "welke partner past voor een leerling uit het lager onderwijs die blijft spijbelen?"


def test_partners_keep_the_level_of_the_first_message_to_the_end_of_the_journey() -> None:
    # With the level in the message itself, NAFT is left out for a pupil in basisonderwijs.
    answers = {"spoor": "b-code", "aantal": "12", "zorg": "none", "geprobeerd": "nothing", "ouders": "cooperative"}
    at_once = run(ActionPartners(), f"{PRIMARY} de ouders werken mee", "staff", slots={"role": "staff", **answers})
    assert "NAFT" not in [p.name for p in case_part_in(at_once[0], "partners").partners]

    events, _ = run(ActionPartners(), PRIMARY, "staff")
    slots = {**slots_after(events), **answers}
    events, message = run(
        ActionPartners(), "De ouders werken mee", "staff", slots=slots, latest_action_name=PARTNER_FORM
    )
    assert "NAFT" not in [p.name for p in case_part_in(events, "partners").partners]
    assert "• NAFT:" not in message["text"]
    # It is named as left out, with why.
    assert render("partners.left_out.secondary_only", "staff", name="NAFT") in message["text"]


def test_partners_school_refusal_shows_no_way_in_that_counts_b_codes() -> None:
    answers = {"spoor": "schoolweigering", "zorg": "none", "geprobeerd": "nothing", "ouders": "cooperative"}
    _, message = partners_end("staff", answers, render("journey.ouders.cooperative", "staff"))
    clb = next(line for line in bullets(message) if line.startswith("CLB:"))
    assert "B-codes" not in clb
    assert "zorgoverleg" in clb


@pytest.mark.parametrize("role", ["staff", "youth"])
def test_partners_a_question_the_knowledge_answers_gets_that_answer_and_the_offer(role: str) -> None:
    text = "wa doet naft juist? heb een leerling in 3de jaar die compleet aan het afhaken is"
    events, messages = run_all_events(ActionPartners(), text, role, [entity(text, "naft", "partner:naft")])
    answer, offer = messages
    assert "NAFT" in answer["text"] and "actoren.10" in sections_of(answer)
    assert offer["text"] == render("engines.partners.offer", role)
    assert offer["buttons"] == [{"title": render("engines.partners.offer_button", role), "payload": "/ask_partner"}]
    assert not any(e.get("event") == "active_loop" for e in events)


def test_partners_the_offer_button_starts_the_journey() -> None:
    events, message = run(ActionPartners(), "/ask_partner", "staff")
    assert events[-2:] == journey_started(PARTNER_FORM)
    assert message["text"] == render("engines.partners.intro", "staff")


def test_classification_a_question_the_knowledge_answers_gets_that_answer_and_the_offer() -> None:
    text = "hoe kunnen we het inschrijvingsgesprek gebruiken om latere afwezigheden te voorkomen"
    # Taken for this journey with confidence 1.0, the journey starts (the search does not decide that) ...
    events, messages = run_all_events(ActionClassification(), text, "staff")
    assert events[-2:] == journey_started(CLASSIFICATION_FORM)
    # ... hardly taken for it (0.61), the knowledge's answer comes first, then the offer.
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "ask_classification", None, None, {"role": "staff"})
    tracker.latest_message["intent"]["confidence"] = 0.61
    events = asyncio.run(ActionClassification().run(dispatcher, tracker, {}))
    messages = list(dispatcher.messages)
    assert len(messages) == 2
    assert sections_of(messages[0])
    assert messages[1]["text"] == render("engines.classification.offer", "staff")
    assert not any(e.get("event") == "active_loop" for e in events)


def run_all_events(
    action: Action, text: str, role: str | None, entities: list[dict[str, Any]] | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The events and every message of ``action`` for a first message (a hand-on sends an answer and an offer)."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "any", entities, None, {"role": role} if role else None)
    events: list[dict[str, Any]] = asyncio.run(action.run(dispatcher, tracker, {}))
    return events, list(dispatcher.messages)


def test_partners_a_named_partner_without_a_track_gets_that_partner_and_the_offer() -> None:
    text = "is het beter om de politie pas in te schakelen als alle andere instanties al betrokken zijn? of vroeger"
    events, messages = run_all_events(ActionPartners(), text, "staff", [entity(text, "politie", "partner:politie")])
    answer, offer = messages
    assert "actoren.12" in sections_of(answer)
    assert offer["text"] == render("engines.partners.offer", "staff")
    assert not any(e.get("event") == "active_loop" for e in events)


def test_partners_a_named_partner_with_a_track_keeps_the_journey() -> None:
    text = "welke partner past naast naft voor een leerling die blijft spijbelen?"
    events, _ = run_all_events(ActionPartners(), text, "staff", [entity(text, "naft", "partner:naft")])
    assert events[-2:] == journey_started(PARTNER_FORM)


def test_classification_signals_keep_an_unsure_message_with_the_journey() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(SIGNALS, "ask_classification", signals_with_topic(), None, {"role": "parent"})
    tracker.latest_message["intent"]["confidence"] = 0.5
    events = asyncio.run(ActionClassification().run(dispatcher, tracker, {}))
    assert events[-2:] == journey_started(CLASSIFICATION_FORM)


@pytest.mark.parametrize(
    ("action", "text"),
    [
        (
            ActionClassification(),
            "ik merk dat leerlingen met veel B-codes ook vaak ziek en te laat zijn. hangt dat samen of is dat toeval",
        ),
        (ActionPartners(), "hoe kunnen we het inschrijvingsgesprek gebruiken om latere afwezigheden te voorkomen"),
    ],
)
def test_an_unsure_journey_intent_without_facts_gets_the_best_knowledge_answer_then_the_offer(
    action: ActionClassification | ActionPartners, text: str
) -> None:
    # Hardly taken for the journey (0.6) and telling none of its facts: a question first, even when the search is
    # not sure enough to answer it for a message the classifier is sure of.
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, "any", None, None, {"role": "staff"})
    tracker.latest_message["intent"]["confidence"] = 0.6
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    answer, offer = dispatcher.messages
    assert sections_of(answer)
    assert offer["text"] == render(action.offer or "", "staff")
    assert offer["buttons"] == [
        {"title": render(action.offer_button, "staff"), "payload": action.offer_payload},
    ]
    assert not any(e.get("event") == "active_loop" for e in events)


def test_what_a_named_term_is_answers_with_the_term_not_an_item_that_mentions_it() -> None:
    text = "wa is da eigenlijk een kwalificatie? mijn leerkracht zegt dat ik zonder kwalificatie ga buitengaan"
    tracker = make_tracker(text, "ask_outflow", [entity(text, "kwalificatie", "term:kwalificatie")])
    answer = what_it_is(tracker, ())
    assert answer is not None and answer.item_id == "term:kwalificatie"


def test_how_a_described_situation_is_called_may_answer_with_an_item_about_the_named_term() -> None:
    text = "ne leerling is altijd afwezig op dinsdag het eerste uur, bij dezelfde collega. hoe noemen ze dat spijbelen?"
    tracker = make_tracker(text, "ask_classification", [entity(text, "spijbelen", "term:spijbelen")])
    answer = what_it_is(tracker, ())
    assert answer is not None and answer.item_id != "term:spijbelen"
