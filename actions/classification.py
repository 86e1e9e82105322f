"""What kind of absence is this? The classification engine (``knowledge.guidance.classification``), as chat.

The journey asks the signals the message does not give: how the pupil feels about school, whether the parents know,
where the pupil is, whether the parents keep the child at home, whether the pupil is ill and with which note. Where
the signals settle nothing, the answer says so honestly: the types that remain, and what would tell them apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, cast

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.journeys import UNKNOWN, JourneyForm, Reader, facts_in_message, intent_confidence, yes_no_or
from actions.knowledge_reply import knowledge_answer, send_answer, what_it_is
from actions.message_facts import message_text
from actions.messages import help_lines_if_suspected, role_events
from actions.parsing import (
    parse_certificate,
    parse_feeling,
    parse_holiday_trip,
    parse_home_education,
    parse_ill,
    parse_location,
    parse_not_enrolled,
    parse_parents_keep_home,
    parse_parents_know,
)
from actions.reply import MUST, UNSURE_INTENT, ComposedReplyAction, Reply, typed_message
from knowledge.case import CasePart, Step, facts
from knowledge.guidance.classification import (
    AbsenceAnswers,
    Certificate,
    Classification,
    Feeling,
    Location,
    classify_absence,
)
from knowledge.repository import KnowledgeRepository
from knowledge.texts import render

FORM = "classification_form"
SLOTS = ("gevoel", "ouders_weten", "waar", "ouders_houden_thuis", "ziek", "attest")
# What the user can ask next, per track of the candidate types: the question as the user would type it.
NEXT_QUESTIONS = {
    "b-code": "engines.classification.next.b-code",
    "ziekte": "engines.classification.next.ziekte",
    "schoolweigering": "engines.classification.next.schoolweigering",
}


def _slot(tracker: Tracker, slot: str) -> str | None:
    value = tracker.get_slot(slot)
    return str(value) if value not in (None, UNKNOWN) else None


def _yes(tracker: Tracker, slot: str) -> bool | None:
    value = _slot(tracker, slot)
    return None if value is None else value == "yes"


def answers_from(tracker: Tracker) -> AbsenceAnswers:
    """The engine's answers: the journey's slots, and what only the message can tell (a trip, no school at all)."""
    text = message_text(tracker)
    not_enrolled = parse_not_enrolled(text)
    home_education = parse_home_education(text)
    return AbsenceAnswers(
        feeling=cast(Feeling | None, _slot(tracker, "gevoel")),
        parents_know=_yes(tracker, "ouders_weten"),
        location=cast(Location | None, _slot(tracker, "waar")),
        parents_keep_home=_yes(tracker, "ouders_houden_thuis"),
        ill=_yes(tracker, "ziek"),
        certificate=cast(Certificate | None, _slot(tracker, "attest")),
        enrolled=not (not_enrolled or home_education),
        home_education=home_education,
        holiday_trip=parse_holiday_trip(text),
    )


def open_questions(tracker: Tracker) -> list[str]:
    """The signals still to ask, in the order above; none once a trip or a child in no school decides it, no
    question about the parents keeping the child home when they do not know of the absence, and the note only for
    an illness."""
    text = message_text(tracker)
    if parse_holiday_trip(text) or parse_not_enrolled(text) or parse_home_education(text):
        return []
    out = [slot for slot in SLOTS if tracker.get_slot(slot) is None]
    if _yes(tracker, "ouders_weten") is False and "ouders_houden_thuis" in out:
        out.remove("ouders_houden_thuis")
    if _yes(tracker, "ziek") is not True and "attest" in out:
        out.remove("attest")
    return out


def _read_feeling(text: str, requested: bool) -> str | None:
    return parse_feeling(text)


def _read_parents_know(text: str, requested: bool) -> str | None:
    known = parse_parents_know(text)
    if known is None:
        return yes_no_or(lambda _: False)(text, requested)
    return "yes" if known else "no"


def _read_location(text: str, requested: bool) -> str | None:
    return parse_location(text)


def _read_ill(text: str, requested: bool) -> str | None:
    ill = parse_ill(text)
    if ill is None:
        return yes_no_or(lambda _: False)(text, requested)
    return "yes" if ill else "no"


def _read_certificate(text: str, requested: bool) -> str | None:
    # "nee" is an answer only to the question for the note, not a fact of a message that starts a journey.
    found = parse_certificate(text)
    return found if requested or found != "none" else None


READERS: dict[str, Reader] = {
    "gevoel": _read_feeling,
    "ouders_weten": _read_parents_know,
    "waar": _read_location,
    "ouders_houden_thuis": yes_no_or(parse_parents_keep_home),
    "ziek": _read_ill,
    "attest": _read_certificate,
}


class ValidateClassificationForm(JourneyForm):
    """The classification journey: the signals of the absence."""

    form = FORM
    readers: ClassVar[dict[str, Reader]] = READERS

    def open_questions(self, tracker: Tracker) -> list[str]:
        return open_questions(tracker)


# -- the answer ---------------------------------------------------------------------------------------------------


def compose_reply(tracker: Tracker, repo: KnowledgeRepository, role: str | None, asking: Sequence[str]) -> Reply:
    reply = Reply(role)
    if asking:
        # The signals the message gave already point somewhere: say so at once, then ask the rest.
        known = any(tracker.get_slot(slot) not in (None, UNKNOWN) for slot in SLOTS)
        so_far = classify_absence(answers_from(tracker), repo) if known else None
        if so_far is not None and so_far.candidates:
            names = ", ".join(c.name.lower() for c in so_far.candidates)
            sections = list(dict.fromkeys(x for c in so_far.candidates for x in c.sections))
            reply.text("engines.classification.so_far", sections, rank=MUST, types=names)
        else:
            # Nothing told yet that points to a type: what holds for every absence, the types the draaiboek
            # distinguishes.
            reply.text("engines.classification.kinds", TYPES_SECTIONS, rank=MUST)
        reply.text("engines.classification.intro", rank=MUST)
        return reply
    result = classify_absence(answers_from(tracker), repo)
    reply.say(result.summary.render(role), result.sections[:1], rank=MUST)
    signals = [
        (render("engines.classification.candidate", role, name=c.name, signals=_signals(c.signals, role)), c.sections)
        for c in result.candidates
    ]
    reply.bullets(signals, rank=MUST)
    if result.code_reason is not None:
        reply.reason(result.code_reason, rank=1)
    if result.distinguish:
        reply.bullets(
            [(r.render(role), r.sections) for r in result.distinguish],
            heading=render("engines.classification.distinguish", role),
            rank=1 if result.certainty != "likely" else 2,
        )
    unknown = [slot for slot in SLOTS if tracker.get_slot(slot) == UNKNOWN]
    if unknown and result.questions:
        reply.bullets(
            [(q.render(role), ()) for q in result.questions],
            heading=render("engines.classification.open", role),
            rank=2,
        )
    for track in result.tracks:
        if track in NEXT_QUESTIONS:
            reply.button(NEXT_QUESTIONS[track])
    reply.add_button(render("engines.classification.next.partner", role), "/ask_partner")
    return reply


def _signals(signals: Sequence[Any], role: str | None) -> str:
    return " ".join(s.render(role) for s in signals)


def _value(tracker: Tracker, slot: str, role: str | None) -> str | None:
    value = tracker.get_slot(slot)
    if value is None:
        return None
    if value == UNKNOWN:
        return render("case.fact.unknown", role)
    if value in ("yes", "no"):
        return render(f"case.fact.{value}", role)
    return render(f"journey.{slot}.{value}", role)


def case_part(tracker: Tracker, repo: KnowledgeRepository, role: str | None) -> CasePart:
    result: Classification = classify_absence(answers_from(tracker), repo)
    given = facts([(slot, _value(tracker, slot, role)) for slot in SLOTS], role)
    lines = [result.summary.render(role)]
    if result.code_reason is not None:
        lines.append(result.code_reason.render(role))
    unknown = any(tracker.get_slot(s) == UNKNOWN for s in SLOTS)
    todo = tuple(Step(q.render(role)) for q in result.questions) if unknown else ()
    return CasePart("classification", given, " ".join(lines), (), todo, (), result.sections)


# Where the draaiboek lists the types of school absence.
TYPES_SECTIONS = ("aanbevelingen.data",)
# From this many signals in one message, it describes a pupil whose absence the journey classifies.
DESCRIBED = 2


class ActionClassification(ComposedReplyAction):
    form = FORM
    readers: ClassVar[dict[str, Reader]] = READERS
    offer = "engines.classification.offer"
    offer_button = "engines.classification.offer_button"
    offer_payload = "/ask_classification"
    # "ik heb een leerling die veel afwezig is en ik weet niet wat er speelt" is this journey's question, whatever
    # the search finds for its words.
    offer_only_when_unsure = True

    def name(self) -> str:
        return "action_classification"

    def open_questions(self, tracker: Tracker, repo: KnowledgeRepository) -> list[str]:
        return open_questions(tracker)

    def new_case(self, stated: dict[str, str]) -> bool:
        return True  # every question for the kind of an absence is about the absence it describes

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        # "is dat spijbelen?" alone asks what truancy is; with the pupil's signals ("ze is bang en heeft buikpijn,
        # is dit schoolweigering?") it asks for the kind of this absence.
        if (
            tracker.latest_action_name != FORM
            and not facts_in_message(tracker, READERS)
            and (explained := what_it_is(tracker, ())) is not None
        ):
            help_lines_if_suspected(dispatcher, tracker)
            return send_answer(dispatcher, tracker, explained)
        # A message the classifier hardly took for this journey, that tells at most one of its signals in passing
        # ("veel B-codes ook vaak ziek, hangt dat samen?", "is de kleuterklas verplicht?"), is a question first: the
        # knowledge's best answer, then the offer of the journey. A pupil described by several signals is not.
        if (
            tracker.latest_action_name != FORM
            and intent_confidence(tracker) < UNSURE_INTENT
            and len(facts_in_message(tracker, READERS)) < DESCRIBED
            and typed_message(tracker)
            and (best := knowledge_answer(tracker)) is not None
        ):
            help_lines_if_suspected(dispatcher, tracker)
            return [*role_events(tracker), *self.offer_after(dispatcher, tracker, best)]
        return await super().run(dispatcher, tracker, domain)

    def compose(self, tracker: Tracker, repo: KnowledgeRepository, role: str | None, asking: Sequence[str]) -> Reply:
        return compose_reply(tracker, repo, role, asking)

    def case_part(self, tracker: Tracker, repo: KnowledgeRepository, role: str | None) -> CasePart | None:
        return case_part(tracker, repo, role)
