"""Guided journeys: Rasa forms that gather, one question at a time, the facts an engine still needs.

A journey starts in an engine action (``action_b_code_steps``, ...): its first reply answers what the message
allows, and when a fact that would change the answer is missing, the action activates the journey's form
(:func:`activate`). RulePolicy then runs the form at once, and the form asks the first missing fact through
``action_ask_<slot>`` (:class:`AskSlot`): a question of the text catalogue with buttons, whose payloads are the
answers as a user would type them. Each answer is read by the form's validation action (:class:`JourneyForm`)
with the parsers of ``actions/parsing.py``; "weet ik niet" is a valid answer (:data:`UNKNOWN`); a wrong value gets
a kind correction and the question again. When nothing that matters is missing, the form ends and a rule runs
the engine action again, which answers with every fact (``data/rules/journeys.yml``).

A message that answers nothing (a side question, "stop", "opnieuw", danger) is not taken as an answer: the form
rejects it, a rule answers it, and the form asks its question again (Rasa's loop unhappy path). "stop" ends the
journey, "opnieuw" starts it again without its facts.
"""

from __future__ import annotations

import copy
import re
from abc import abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.message_facts import message_text
from actions.messages import current_role
from actions.parsing import (
    SchoolLevel,
    normalise,
    parse_age,
    parse_age_answer,
    parse_school_level,
    parse_yes_no,
    says_minor,
    says_negative_number,
)
from knowledge.case import CASE_SLOT
from knowledge.safety import check as safety_check
from knowledge.texts import ROLES, render

# The slot that holds the journey last started (for "opnieuw") and the one that holds the case (for a summary).
JOURNEY_SLOT = "journey"
REQUESTED_SLOT = "requested_slot"
# The value of a fact the user does not know: the journey does not ask it again and the engine does without it.
UNKNOWN = "onbekend"
# Intents that are never an answer to a journey's question: the form rejects them and a rule answers. Any other
# message is an answer when a reader finds a value in it: the classifier cannot be trusted on "een stuk of zes" or
# "weet ik niet", which it may read as an insult or a goodbye.
NOT_AN_ANSWER = frozenset({"signal_danger", "stop", "start_over", "ask_summary"})
# Question families whose message is a side question when it names a topic ("wat is een M-document?").
QUESTION_INTENTS = frozenset({"ask_what_is", "ask_when", "ask_referral", "ask_contact", "ask_difference"})
# Small talk the classifier picks for short answers it cannot place ("nee", "nog niets", "een stuk of zes"). Under
# MISREAD_CONFIDENCE such a message, sent while the journey waits for an answer, is a misread answer: the journey
# says so and asks again, instead of saying goodbye. "tot ziens" (sure) still gets its goodbye.
MISREAD_INTENTS = frozenset({"nlu_fallback", "out_of_scope", "goodbye", "insult", "greet"})
MISREAD_CONFIDENCE = 0.9
_DONT_KNOW = re.compile(
    r"\b(?:(?:ik\s+)?weet\s+(?:ik\s+)?(?:het\s+|dat\s+)?(?:niet|ni|nie)|k\s*weet\s+(?:het\s+)?(?:niet|ni|nie)"
    r"|kweet\s+(?:het\s+)?(?:niet|ni|nie)|geen\s+(?:flauw\s+)?idee|onbekend|geen\s+zicht\s+op|weet\s+ik\s+veel)\b"
)


def says_dont_know(text: str | None) -> bool:
    """Whether the answer is "I don't know" ("weet ik niet", "geen idee", "kweet ni")."""
    return bool(_DONT_KNOW.search(normalise(text or "")))


@dataclass(frozen=True)
class Question:
    """A question of a journey: the slot it fills and the answers its buttons offer (catalogue keys
    ``journey.<slot>.<option>``, whose text is both the title and the payload). ``dont_know`` adds "Weet ik niet".
    A question of one form only (``form``) is asked by ``action_ask_<form>_<slot>``, with the text
    ``journey.ask.<form>.<slot>``; Rasa prefers it to ``action_ask_<slot>`` in that form."""

    slot: str
    options: tuple[str, ...] = ()
    dont_know: bool = True
    form: str | None = None

    @property
    def key(self) -> str:
        return f"{self.form}_{self.slot}" if self.form else self.slot

    @property
    def text_key(self) -> str:
        return f"journey.ask.{self.form}.{self.slot}" if self.form else f"journey.ask.{self.slot}"


QUESTIONS: dict[str, Question] = {
    q.key: q
    for q in (
        Question("aantal", ("3", "5", "10")),
        Question("ouders", ("cooperative", "powerless", "unwilling", "unreachable")),
        Question("leeftijd", ("under_18", "adult")),
        Question("leerling_weigert", ("yes", "no")),
        Question("geprobeerd", ("clb", "naft", "contract", "nothing")),
        Question("duur", ("1_week", "3_weeks", "more_4_weeks")),
        Question("chronisch", ("yes", "no")),
        Question("ziekenhuis", ("yes", "no")),
        Question("afstand", ("below_10", "10_to_20", "over_20")),
        Question("niveau", ("kindergarten_3", "kindergarten_1_2", "primary", "secondary", "special")),
        Question("datum"),
        Question("reden", ("funeral", "doctor", "holiday", "religious")),
        Question("wens", ("kwalificatie", "werken", "combineren", "opleiding")),
        Question("leeftijd", ("15", "16", "17", "adult"), form="outflow_form"),
        Question("spoor", ("b-code", "ziekte", "schoolweigering", "uitstroom"), dont_know=False),
        Question(
            "zorg",
            ("home_safety", "mental_health", "welfare", "learning", "stuck", "newcomer", "none"),
            dont_know=False,
        ),
        Question("geprobeerd", ("clb", "naft", "contract", "transition", "nothing"), form="partner_form"),
        Question("aantal", ("3", "5", "10"), form="partner_form"),
        Question("gevoel", ("anxious", "negative", "indifferent", "positive")),
        Question("ouders_weten", ("yes", "no")),
        Question("waar", ("home", "elsewhere")),
        Question("ouders_houden_thuis", ("yes", "no")),
        Question("ziek", ("yes", "no")),
        Question("attest", ("medical", "parents_note", "doubtful", "none")),
    )
}


def question_buttons(key: str, role: str | None) -> list[dict[str, str]]:
    """The buttons of a question: each answer as the user would type it, and "Weet ik niet" where allowed."""
    question = QUESTIONS[key]
    keys = [f"journey.{question.slot}.{option}" for option in question.options]
    if question.dont_know:
        keys.append("journey.dont_know")
    titles = [render(key, role) for key in keys]
    return [{"title": t, "payload": t} for t in titles]


def question_text(key: str, tracker: Tracker, role: str | None) -> str:
    """The question ``key``; for a birth date of which the month and year are known, the question for the day."""
    question = QUESTIONS[key]
    partial = str(tracker.get_slot("geboorte") or "") if question.slot == "datum" else ""
    if partial:
        known = partial.removeprefix("geboren ").removeprefix("in ")
        key = "journey.ask.datum_day" if re.search(r"[a-z]", known) else "journey.ask.datum_day_month"
        return render(key, role, known=known)
    return render(question.text_key, role)


def ask(dispatcher: CollectingDispatcher, key: str, tracker: Tracker) -> None:
    """Ask the question ``key`` (a slot, or form_slot for a question of one form), with its buttons."""
    role = current_role(tracker)
    dispatcher.utter_message(text=question_text(key, tracker, role), buttons=question_buttons(key, role))


def activate(form: str) -> list[dict[str, Any]]:
    """The events that start a journey's form; the form then asks its first missing fact itself."""
    return [ActiveLoop(form), SlotSet(JOURNEY_SLOT, form)]


def form_slots(domain: dict[str, Any], form: str) -> list[str]:
    """Every slot a journey's form may ask (domain.yml)."""
    return list((domain.get("forms") or {}).get(form, {}).get("required_slots") or [])


def end_form() -> list[dict[str, Any]]:
    """The events that end the active form, as Rasa's action_deactivate_loop does."""
    return [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)]


# Someone who wants to stop, said outside a journey: that is stopping school, not stopping a conversation.
WANTS_TO_STOP = re.compile(
    r"\b(?:ik|hij|ze|zij|we|wij|mijn\s+\w+)\s+(?:wil|wilt|willen)\s+(?:er\s+)?(?:mee\s+)?stoppen\b"
)


class ActionStopJourney(Action):  # type: ignore[misc]
    """ "stop", "laat maar": the journey ends; its facts stay for a summary."""

    def name(self) -> str:
        return "action_stop_journey"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        role = current_role(tracker)
        if tracker.active_loop_name:
            dispatcher.utter_message(text=render("journey.stopped", role))
            return end_form()
        if WANTS_TO_STOP.search(normalise(message_text(tracker))):
            # "ik wil stoppen" with no journey to stop: a youth who wants to stop school (the outflow engine).
            from actions.outflow import ActionOutflow  # the outflow journey builds on this module

            events: list[dict[str, Any]] = await ActionOutflow().run(dispatcher, tracker, domain)
            return events
        dispatcher.utter_message(text=render("journey.nothing_to_stop", role))
        return []


class ActionGoodbye(Action):  # type: ignore[misc]
    """After the goodbye (utter_goodbye, its words per role): in the middle of a journey the journey ends too, instead
    of asking its question again after the goodbye. The facts stay for a summary."""

    def name(self) -> str:
        return "action_goodbye"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return end_form() if tracker.active_loop_name else []


class ActionRestartJourney(Action):  # type: ignore[misc]
    """ "opnieuw": the journey of the moment (or the last one) starts again, without its facts."""

    def name(self) -> str:
        return "action_restart_journey"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        role = current_role(tracker)
        form = tracker.active_loop_name or tracker.get_slot(JOURNEY_SLOT)
        if not form:
            dispatcher.utter_message(text=render("journey.nothing_to_restart", role))
            return []
        dispatcher.utter_message(text=render("journey.restarted", role))
        return [
            *clear(list(dict.fromkeys([*form_slots(domain, form), *JourneyForm.journeys.get(form, ())]))),
            SlotSet(CASE_SLOT, None),
            SlotSet(REQUESTED_SLOT, None),
            *activate(form),
        ]


class AskSlot(Action):  # type: ignore[misc]
    """``action_ask_<key>``: the question of a journey for one fact."""

    key: ClassVar[str] = ""

    def name(self) -> str:
        return f"action_ask_{self.key}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        ask(dispatcher, self.key, tracker)
        return []


# One ask action per question, registered by the action server like any other action.
ASK_ACTIONS = [type(f"ActionAsk_{key}", (AskSlot,), {"key": key}) for key in QUESTIONS]


def intent_of(tracker: Tracker) -> str:
    return str((tracker.latest_message.get("intent") or {}).get("name") or "")


def intent_confidence(tracker: Tracker) -> float:
    """How sure the classifier was of the latest message's intent."""
    return float((tracker.latest_message.get("intent") or {}).get("confidence") or 0.0)


# The words of "stop", "opnieuw" and "maak een samenvatting" themselves: a message with them is never an answer, even
# when a reader finds a value in it ("nee, laat maar" is no "no").
_STEERING = re.compile(
    r"\b(?:stop\w*|laat\s+(?:maar|het|dat)|iets\s+anders|hou\s+(?:maar\s+)?op|annuleer\w*|opnieuw|herbegin\w*"
    r"|van\s+voor(?:af)?\s+aan|reset|samenvat\w*|vat\s+\w*\s*samen|overzicht|verslag\w*)\b"
)


def is_answer(tracker: Tracker, answers_question: bool = False) -> bool:
    """Whether the latest message can be an answer to the journey's question at all: never danger; not "stop",
    "opnieuw" or a request for the summary, unless the classifier only took an answer for one of those
    (``answers_question``: a reader found the value asked, and the message has none of their words); not a question
    about a named topic ("wat is een M-document?")."""
    intent = intent_of(tracker)
    if intent == "signal_danger":
        # Danger the safety check confirms is never an answer. Danger only the classifier suspects ("mijn mama
        # schreef een briefje want ik was ziek") is, when a reader finds the value asked (the journey then sends the
        # help lines in short first).
        return answers_question and safety_check(message_text(tracker)) is None
    if intent in NOT_AN_ANSWER:
        return answers_question and not _STEERING.search(normalise(message_text(tracker)))
    topics = [e for e in tracker.latest_message.get("entities") or [] if e.get("entity") == "topic"]
    return not (intent in QUESTION_INTENTS and topics)


def is_misread_answer(tracker: Tracker) -> bool:
    """Whether the latest message is an answer the journey cannot read rather than small talk (see
    MISREAD_INTENTS)."""
    intent = intent_of(tracker)
    if intent == "nlu_fallback":
        return True
    return intent in MISREAD_INTENTS and intent_confidence(tracker) < MISREAD_CONFIDENCE


# How an answer names a slot's value: (text, whether the slot is the question asked) -> value, or None.
Reader = Callable[[str, bool], str | None]


# The age slot's value for "jonger dan 18" / "minderjarig": the engines read no age from it (a minor is what they
# assume without one), and no one is given an age they did not say.
MINOR = "minderjarig"


def read_age(text: str, requested: bool) -> str | None:
    """An age: in words anywhere ("hij is 16"), a bare number or minor / adult in words when asked; any other number
    given as the answer is kept for the correction (an impossible age)."""
    if requested and parse_age(text) is None and says_minor(text):
        return MINOR
    if not requested and re.fullmatch(r"\s*\d+\s*", text):
        return None  # a number alone answers another question ("6" B-codes), it is no age
    age = parse_age_answer(text) if requested else parse_age(text)
    if age is not None:
        return str(age)
    number = re.search(r"\d+", text) if requested else None
    return number.group(0) if number else None


def read_level(text: str, requested: bool) -> str | None:
    """Where the pupil is at school ("derde kleuterklas", "het 3de middelbaar", "buitengewoon onderwijs")."""
    school = parse_school_level(text)
    return text if school is not None and (school.level or school.special_needs_education) else None


def check_not_negative(value: str) -> str | None:
    """A kind correction for a negative count, duration or distance ("-3 B-codes", "-4 km")."""
    return "journey.correction.negative" if says_negative_number(value) else None


def check_age(value: str) -> str | None:
    """A kind correction for an age no pupil has ("ik ben 250 jaar")."""
    return None if value == MINOR or parse_age_answer(value) is not None else "journey.correction.age"


def yes_no_or(parse: Callable[[str], bool]) -> Reader:
    """A reader for a yes/no fact: the fact in words anywhere, or a yes or no to the question itself."""

    def read(text: str, requested: bool) -> str | None:
        if parse(text):
            return "yes"
        answer = parse_yes_no(text) if requested else None
        return None if answer is None else ("yes" if answer else "no")

    return read


def level_label(school: SchoolLevel | None, role: str | None) -> str | None:
    """Where the pupil is at school, in the words of a case summary; None when the message does not say."""
    if school is None:
        return None
    if school.special_needs_education:
        return render("case.value.level.special", role)
    if school.kindergarten_year is not None:
        return render(f"case.value.level.kleuter_{school.kindergarten_year}", role)
    return render(f"case.value.level.{school.level}", role) if school.level else None


def facts_in_message(tracker: Tracker, readers: dict[str, Reader]) -> dict[str, str]:
    """The facts a message states outright (no slot asked), by the journey's readers: the first message of a journey
    fills its slots at once."""
    text = message_text(tracker)
    found = {slot: read(text, False) for slot, read in readers.items()}
    return {slot: value for slot, value in found.items() if value is not None}


class JourneyForm(FormValidationAction):  # type: ignore[misc]
    """The validation action of a journey's form: reads the facts of each answer, corrects wrong values, and asks
    only the facts that are missing and matter (:meth:`open_questions`)."""

    form: ClassVar[str] = ""
    # slot -> how an answer names its value (None: this answer does not)
    readers: ClassVar[dict[str, Reader]] = {}
    # question -> other slots its answer fills as the answer to a question (the birth date's month and year)
    asked_with: ClassVar[dict[str, tuple[str, ...]]] = {}
    # form -> the slots of its journey (its readers): what "opnieuw" empties
    journeys: ClassVar[dict[str, tuple[str, ...]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.form:
            JourneyForm.journeys[cls.form] = tuple(cls.readers)

    def name(self) -> str:
        return f"validate_{self.form}"

    @abstractmethod
    def open_questions(self, tracker: Tracker) -> Sequence[str]:
        """The slots still to ask, in order: missing (None) and mattering, given the slots known so far."""

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        """The questions still open, judged on the journey's slots only: the latest message may be a side question
        ("wat is een M-document?") after which the form resumes, and its words are no facts of the case (the facts
        of the answers are in the slots already)."""
        return list(self.open_questions(slots_only(tracker)))

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Every fact the answer names fills its slot (also facts not asked yet); the question asked also takes
        "weet ik niet". A message that is no answer fills nothing, so the form rejects it."""
        text = message_text(tracker)
        requested = tracker.get_slot("requested_slot")
        reader = self.readers.get(str(requested))
        answers_question = reader is not None and (reader(text, True) is not None or says_dont_know(text))
        if not is_answer(tracker, answers_question):
            return []
        if intent_of(tracker) == "signal_danger":
            role = current_role(tracker)
            dispatcher.utter_message(text=render("safety.uncertain", role if role in ROLES else "default"))
        if reader is not None and not answers_question and is_misread_answer(tracker):
            dispatcher.utter_message(text=render("journey.not_understood", current_role(tracker)))
            return [SlotSet(str(requested), None)]
        events: list[dict[str, Any]] = []
        for slot, read in self.readers.items():
            if tracker.get_slot(slot) is not None and slot != requested:
                continue
            value = read(text, slot == requested or slot in self.asked_with.get(str(requested), ()))
            if value is None and slot == requested and says_dont_know(text):
                value = UNKNOWN
            if value is not None:
                events.append(SlotSet(slot, value))
                tracker.slots[slot] = value
        return events

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Each new value passes its ``check_<slot>`` (a wrong value: a kind correction, the slot empty again)."""
        events: list[dict[str, Any]] = []
        for slot, value in tracker.slots_to_validate().items():
            check = getattr(self, f"check_{slot}", None)
            correction = check(value) if check and value is not None and value != UNKNOWN else None
            if correction:
                dispatcher.utter_message(text=render(correction, current_role(tracker)))
                value = None
            events.append(SlotSet(slot, value))
            tracker.slots[slot] = value
        return events


def slots_only(tracker: Tracker) -> Tracker:
    """The tracker without the latest message's words and entities: what the journey knows from its slots."""
    view = copy.copy(tracker)
    view.latest_message = {**tracker.latest_message, "text": "", "entities": []}
    return view


def clear(slots: Sequence[str]) -> list[dict[str, Any]]:
    return [SlotSet(slot, None) for slot in slots]
