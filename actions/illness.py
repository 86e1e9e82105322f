"""A sick pupil: lessons at home (TOAH), Bednet (SIO), School en Ziek zijn; the illness engine, as chat.

The facts come from the message (how long the pupil is ill, chronic or not, the distance, the level, a medical
certificate, a hospital stay); the rules and their sentences from ``knowledge.guidance.illness``. What the
message does not say is not guessed: the answer says what holds and which fact would make it precise.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import knowledge_access
from actions.answer import ActionAnswer
from actions.journeys import (
    UNKNOWN,
    JourneyForm,
    Reader,
    activate,
    check_not_negative,
    clear,
    facts_in_message,
    level_label,
    read_level,
    yes_no_or,
)
from actions.knowledge_reply import send_answer, topics_in_message, what_it_is
from actions.message_facts import age_in_message, message_text, value_in_message
from actions.messages import current_role, help_lines_if_suspected, role_events
from actions.parsing import (
    Amount,
    SchoolLevel,
    parse_asks_cost_or_duty,
    parse_asks_eligibility,
    parse_chronic,
    parse_condition,
    parse_distance_km,
    parse_duration_days,
    parse_half_days,
    parse_hospital,
    parse_ill,
    parse_lasting_condition,
    parse_medical_certificate,
    parse_online_lessons,
    parse_relapse,
    parse_school_level,
)
from actions.reply import MUST, Reply, add_to_case, sentences, step_line
from knowledge.case import CasePart, Step
from knowledge.case import facts as case_facts
from knowledge.guidance.common import AdviceStep, Level, need
from knowledge.guidance.illness import (
    CHRONIC_TREATMENT_MONTHS,
    RETURN_STEP_ID,
    TOAH_CHRONIC_HALF_DAYS,
    TOAH_CHRONIC_LESSONS,
    TOAH_MAX_KM_MAINSTREAM,
    TOAH_MAX_KM_SPECIAL,
    TOAH_MIN_DAYS,
    IllnessAdvice,
    IllnessSituation,
    Support,
    advise_illness,
    steps_during_hospital_stay,
)
from knowledge.repository import KnowledgeRepository
from knowledge.texts import render

# The illness engine needs a level but its checklists do not depend on it (TOAH and SIO hold for basis and
# secundair alike, actieplan.2.2.1-2.2.2); when the message names none, this one stands in. A test checks that
# the advice is the same for both levels, so that this stops passing the day the level starts to matter.
LEVEL_WHEN_UNKNOWN: Level = "secundair"

# The engine's TOAH reasons this answer shows: why the pupil qualifies (or not), and the distance.
TOAH_WHY = (
    "illness.toah.long_absence",
    "illness.toah.chronic",
    "illness.toah.condition",
)
TOAH_DISTANCE = ("illness.toah.distance_ok", "illness.toah.distance_too_far")
TOAH_RELAPSE = ("illness.toah.relapse",)
HEADLINES = {
    "eligible": "engines.illness.toah.eligible",
    "school_decides": "engines.illness.toah.school_decides",
    "not_yet": "engines.illness.toah.not_yet",
    "not_eligible": "engines.illness.toah.not_yet",
    "can_apply": "engines.illness.toah.eligible",
}
HOSPITAL_PARTNER = "partner:type-5-school"
# The topics that name a support of the engine other than TOAH: a question about one of them is answered about it.
NAMED_SUPPORTS = {
    "checklist:sio": "sio",
    "partner:bednet": "sio",
    "partner:school-en-ziek-zijn": "school_en_ziek_zijn",
}
SUPPORT_HEADLINES = {
    "can_apply": "engines.illness.support.can_apply",
    "not_yet": "engines.illness.support.not_yet",
    "not_eligible": "engines.illness.support.not_eligible",
}
PARENTS = "ouders"  # partner id


@dataclass(frozen=True)
class Facts:
    """What the message says about the sick pupil; None where it says nothing."""

    days: Amount | None
    chronic: bool
    half_days: int | None
    distance: Amount | None
    school: SchoolLevel | None
    age: int | None
    medical_certificate: bool | None
    hospital: bool
    relapse: bool
    text: str

    @property
    def decisive(self) -> bool:
        """Whether the message holds a fact the engine decides on: the days, chronic illness, a hospital stay or
        the distance."""
        return (
            self.days is not None or self.chronic or self.hospital or self.distance is not None or bool(self.half_days)
        )


def _text_or_none(parse: Callable[[str | None], Amount | None]) -> Callable[[Any], Amount | None]:
    """A parser for a text that also takes an entity or slot value (a number, None)."""
    return lambda value: parse(None if value is None else str(value))


def _slot_is(tracker: Tracker, slot: str, value: str) -> bool:
    return bool(tracker.get_slot(slot) == value)


def facts_from(tracker: Tracker) -> Facts:
    """The facts the message tells, completed with the facts of the journey so far (its slots)."""
    text = message_text(tracker)
    return Facts(
        days=value_in_message(tracker, "duur", _text_or_none(parse_duration_days)),
        chronic=parse_chronic(text) or _slot_is(tracker, "chronisch", "yes"),
        half_days=parse_half_days(text),
        distance=value_in_message(tracker, "afstand", _text_or_none(parse_distance_km)),
        school=parse_school_level(text) or parse_school_level(str(tracker.get_slot("niveau") or "")),
        age=age_in_message(tracker),
        medical_certificate=parse_medical_certificate(text),
        hospital=parse_hospital(text) or _slot_is(tracker, "ziekenhuis", "yes"),
        relapse=parse_relapse(text),
        text=text,
    )


# -- the journey: what still matters ---------------------------------------------------------------------------

FORM = "illness_form"
JOURNEY_SLOTS = ("duur", "chronisch", "ziekenhuis", "afstand", "niveau")


def _signature(advice: IllnessAdvice) -> tuple[object, ...]:
    """What a fact can change in the advice: whether each support can start, and what it still misses."""
    supports = (advice.toah, advice.sio, advice.school_en_ziek_zijn)
    return tuple((s.status, tuple(r.key for r in s.missing)) for s in supports)


def _variants(slot: str, s: IllnessSituation) -> list[IllnessSituation]:
    """The situations that tell whether an unknown fact changes the engine's advice."""
    if slot == "chronisch":
        return [replace(s, chronic=False), replace(s, chronic=True)]
    if slot == "afstand":
        return [replace(s, distance_km=1.0), replace(s, distance_km=TOAH_MAX_KM_SPECIAL + 1.0)]
    if slot == "niveau":
        return [
            replace(s, level="basis", kindergarten_year=1, age=3),
            replace(s, level="basis", kindergarten_year=None),
            replace(s, level="secundair"),
            replace(s, special_needs_education=True),
        ]
    return [s]


def open_questions(tracker: Tracker, repo: KnowledgeRepository) -> list[str]:
    """The facts of the illness journey still to ask: how long (or chronic) first, then a hospital stay, and the
    distance and the level when they change the advice."""
    facts = facts_from(tracker)
    known = {slot for slot in JOURNEY_SLOTS if tracker.get_slot(slot) is not None}
    if facts.days is not None:
        known.add("duur")
    if facts.chronic:
        known.add("chronisch")
    if facts.hospital:
        known.add("ziekenhuis")
    if facts.distance is not None:
        known.add("afstand")
    if facts.school is not None and (facts.school.level or facts.school.special_needs_education):
        known.add("niveau")
    if "duur" not in known and "chronisch" not in known:
        return ["duur", "chronisch"]  # how long the pupil is ill decides everything else
    situation = situation_of(facts)
    out = [
        slot
        for slot in ("chronisch", "afstand", "niveau")
        if slot not in known and len({_signature(advise_illness(v, repo)) for v in _variants(slot, situation)}) > 1
    ]
    # A hospital stay changes where the lessons come from (the hospital school, type 5), not the verdicts: asked
    # last, once.
    if "ziekenhuis" not in known:
        out.append("ziekenhuis")
    return out


def _read_duration(text: str, requested: bool) -> str | None:
    if parse_duration_days(text) is not None:
        return text
    number = re.fullmatch(r"\s*(\d{1,3})\s*", text) if requested else None
    return f"{number.group(1)} dagen" if number else None


def _read_distance(text: str, requested: bool) -> str | None:
    if parse_distance_km(text) is not None:
        return text
    number = re.fullmatch(r"\s*(\d{1,3}(?:[.,]\d)?)\s*", text) if requested else None
    return f"{number.group(1)} km" if number else None


READERS: dict[str, Reader] = {
    "duur": _read_duration,
    "chronisch": yes_no_or(parse_chronic),
    "ziekenhuis": yes_no_or(parse_hospital),
    "afstand": _read_distance,
    "niveau": read_level,
}


class ValidateIllnessForm(JourneyForm):
    """The illness journey: how long, chronic or not, a hospital stay, the distance and the level."""

    form = FORM
    readers: ClassVar[dict[str, Reader]] = READERS

    def open_questions(self, tracker: Tracker) -> list[str]:
        with knowledge_access.open_repository() as repo:
            return open_questions(tracker, repo)

    check_duur = staticmethod(check_not_negative)

    check_afstand = staticmethod(check_not_negative)


def situation_of(facts: Facts) -> IllnessSituation:
    school = facts.school
    return IllnessSituation(
        level=school.level if school and school.level else LEVEL_WHEN_UNKNOWN,
        special_needs_education=bool(school and school.special_needs_education),
        condition=parse_condition(facts.text),
        days_absent_consecutive=facts.days.whole if facts.days else 0,
        chronic=facts.chronic,
        half_days_absent=facts.half_days or 0,
        # "meer dan 20 km" is beyond 20 km: a little more than the number said.
        distance_km=(facts.distance.value + (0.1 if facts.distance.more else 0.0)) if facts.distance else 0.0,
        medical_certificate=facts.medical_certificate,
        kindergarten_year=school.kindergarten_year if school else None,
        age=facts.age,
    )


def _keyed(support: Support, keys: tuple[str, ...]) -> list[Any]:
    by_key = {r.key: r for r in support.reasons}
    return [by_key[k] for k in keys if k in by_key]


def _distance(reply: Reply, facts: Facts, toah: Support, *, rank: int) -> None:
    """The distance condition: the engine's verdict on the distance given, else the limits and the question."""
    if facts.distance is None:
        limits = {"limit": TOAH_MAX_KM_MAINSTREAM, "special_limit": TOAH_MAX_KM_SPECIAL}
        reply.text("engines.illness.toah.distance_unknown", toah.sections[:1], rank=rank, **limits)
    else:
        for r in _keyed(toah, TOAH_DISTANCE):
            reply.reason(r, rank=rank)


def _toah(reply: Reply, facts: Facts, advice: IllnessAdvice, repo: KnowledgeRepository) -> None:
    toah = advice.toah
    if facts.days is None and not facts.chronic:
        # How long the pupil is ill decides everything here; the engine would count zero days. What holds anyway
        # follows: the rule for a chronic illness and the distance.
        reply.text(
            "engines.illness.toah.days_unknown", toah.sections[:1], rank=MUST, name=toah.name, min_days=TOAH_MIN_DAYS
        )
        reply.text(
            "engines.illness.toah.chronic_rule",
            toah.sections[:1],
            rank=1,
            months=CHRONIC_TREATMENT_MONTHS,
            half_days=TOAH_CHRONIC_HALF_DAYS,
            lessons=TOAH_CHRONIC_LESSONS,
        )
        _distance(reply, facts, toah, rank=MUST if facts.distance is not None else 1)
        return
    if facts.days is not None and facts.days.approximate:
        reply.text("engines.illness.approximate", rank=MUST, days=facts.days.whole)
    reply.text(HEADLINES[toah.status], rank=MUST, name=toah.name)
    if toah.missing:
        reply.bullets([(r.render(reply.role), r.sections) for r in toah.missing], rank=MUST)
    for r in _keyed(toah, TOAH_WHY):
        reply.reason(r, rank=1)
    for r in _keyed(toah, TOAH_RELAPSE):
        reply.reason(r, rank=MUST if facts.relapse else 3)
    if toah.status in ("eligible", "school_decides"):
        _distance(reply, facts, toah, rank=MUST if facts.distance is None else 1)
    # Parents and youths read first what the parents do; the school's part follows.
    ordered = sorted(toah.next_steps, key=lambda s: reply.role in ("parent", "youth") and s.actor != PARENTS)
    steps = [(step_line(s, repo, reply.role), s.sections) for s in ordered]
    reply.bullets(steps, heading=render("engines.what_now", reply.role), rank=2)


def _others(reply: Reply, facts: Facts, advice: IllnessAdvice) -> None:
    toah_open = advice.toah.status in ("not_yet", "not_eligible") or (facts.days is None and not facts.chronic)
    sz = advice.school_en_ziek_zijn
    if toah_open and sz.status == "can_apply":
        for r in sz.reasons:
            if r.key == "illness.school_en_ziek_zijn.earlier_than_toah":
                reply.reason(r, rank=2)
    possible = [s for s in (advice.sio, sz) if s.status == "can_apply"]
    if possible:
        sections = [sec for s in possible for sec in s.sections[:1]]
        reply.text("engines.illness.also", sections, rank=2, names=", ".join(s.name for s in possible))


def named_support(tracker: Tracker) -> str | None:
    """The support other than TOAH that the message names ("kan ze via bednet meevolgen") or describes ("de lessen
    live volgen via de computer"), unless it names TOAH too."""
    topics = topics_in_message(tracker)
    if "partner:toah" in topics:
        return None
    named = next((NAMED_SUPPORTS[t] for t in topics if t in NAMED_SUPPORTS), None)
    return named or ("sio" if parse_online_lessons(message_text(tracker)) else None)


def _named(reply: Reply, support: Support, repo: KnowledgeRepository) -> None:
    """The verdict on the support the user asked about: whether it can, what is missing, why, and what to do."""
    reply.text(SUPPORT_HEADLINES[support.status], support.sections[:1], rank=MUST, name=support.name)
    if support.missing:
        reply.bullets([(r.render(reply.role), r.sections) for r in support.missing], rank=MUST)
    for r in support.reasons:
        reply.reason(r, rank=MUST if support.status == "not_eligible" else 1)
    steps = [(step_line(s, repo, reply.role), s.sections) for s in support.next_steps]
    reply.bullets(steps, heading=render("engines.what_now", reply.role), rank=2)


def compose_named(support: Support, advice: IllnessAdvice, repo: KnowledgeRepository, role: str | None) -> Reply:
    """The answer to a question about Bednet or School en Ziek zijn: that support first, TOAH after it in short."""
    reply = Reply(role)
    _named(reply, support, repo)
    toah = advice.toah
    reply.text("engines.illness.toah.days_unknown", toah.sections[:1], rank=3, name=toah.name, min_days=TOAH_MIN_DAYS)
    for r in advice.reasons:
        if r.key == "illness.reason.not_imposed_free":
            reply.reason(r, rank=2)
    reply.button("engines.illness.button.toah")
    reply.button("engines.illness.button.bednet")
    reply.button("engines.illness.button.school_en_ziek_zijn")
    return reply


def hospital_steps(facts: Facts, repo: KnowledgeRepository, role: str | None) -> tuple[AdviceStep, ...]:
    """The school's steps during a hospital stay, for staff; none otherwise."""
    if not facts.hospital or role not in (None, "staff"):
        return ()
    return steps_during_hospital_stay(repo)


def compose_reply(facts: Facts, advice: IllnessAdvice, repo: KnowledgeRepository, role: str | None) -> Reply:
    reply = Reply(role)
    if facts.hospital:
        item = need(repo.get_item(HOSPITAL_PARTNER), "partner", HOSPITAL_PARTNER)
        sections = [s.id for s in item.sections]
        reply.text("engines.illness.hospital", sections, rank=MUST, text=sentences(item.summary, 2))
    _toah(reply, facts, advice, repo)
    _others(reply, facts, advice)
    # In the answer the return only (the case summary holds every step): the word limit leaves room for one.
    during = [s for s in hospital_steps(facts, repo, role) if s.id == RETURN_STEP_ID]
    if during:
        lines = [(step_line(s, repo, role), s.sections) for s in during]
        reply.bullets(lines, heading=render("engines.illness.during_stay", role), rank=MUST)
    for r in advice.reasons:
        if r.key == "illness.reason.not_imposed_free":
            reply.reason(r, rank=MUST if parse_asks_cost_or_duty(facts.text) else 3)
    reply.button("engines.illness.button.toah")
    reply.button("engines.illness.button.bednet")
    reply.button("engines.illness.button.school_en_ziek_zijn")
    return reply


def _fact(tracker: Tracker, slot: str, role: str | None) -> str | None:
    """A journey slot's value as the summary says it: the user's answer, yes / no, or "niet gekend"."""
    value = tracker.get_slot(slot)
    if value is None:
        return None
    if value == UNKNOWN:
        return render("case.fact.unknown", role)
    if value in ("yes", "no"):
        return render(f"case.fact.{value}", role)
    return str(value)


def case_part(
    tracker: Tracker, facts: Facts, advice: IllnessAdvice, repo: KnowledgeRepository, role: str | None
) -> CasePart:
    """The illness case: the facts given, the verdict on each support, and the next steps with who takes each."""
    days = f"{facts.days.whole} dagen" if facts.days is not None else _fact(tracker, "duur", role)
    given = case_facts(
        [
            ("duur", days),
            ("chronisch", render("case.fact.yes", role) if facts.chronic else _fact(tracker, "chronisch", role)),
            ("ziekenhuis", render("case.fact.yes", role) if facts.hospital else _fact(tracker, "ziekenhuis", role)),
            (
                "afstand",
                f"{facts.distance.value:g} km" if facts.distance is not None else _fact(tracker, "afstand", role),
            ),
            ("niveau", level_label(facts.school, role) or _fact(tracker, "niveau", role)),
        ],
        role,
    )
    supports = (advice.toah, advice.sio, advice.school_en_ziek_zijn)
    verdicts = [
        render((HEADLINES if s is advice.toah else SUPPORT_HEADLINES)[s.status], role, name=s.name) for s in supports
    ]
    steps = [step for s in supports if s.status in ("eligible", "school_decides", "can_apply") for step in s.next_steps]
    during = hospital_steps(facts, repo, role)
    steps += during
    todo = tuple(Step(step_line(step, repo, role), _actor_name(step, repo)) for step in steps)
    sections = tuple(dict.fromkeys([*advice.sections, *(x for st in during for x in st.sections)]))
    return CasePart("illness", given, " ".join(verdicts), (), todo, (), sections)


def _actor_name(step: AdviceStep, repo: KnowledgeRepository) -> str:
    partner = repo.get_partner(step.actor)
    return partner.name if partner is not None else ""


# At most this many words, a message that says a pupil is ill says only that.
BARE_ILLNESS_WORDS = 8


class ActionIllnessSupport(Action):  # type: ignore[misc]
    def name(self) -> str:
        return "action_illness_support"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        help_lines_if_suspected(dispatcher, tracker)
        role = current_role(tracker)
        ending = tracker.latest_action_name == FORM
        events = role_events(tracker)
        if not ending:
            stated = facts_in_message(tracker, READERS)
            if "duur" in stated or "chronisch" in stated:
                # How long (or chronic) in so many words: a new case, without the facts of an earlier one.
                events += clear(JOURNEY_SLOTS)
                tracker.slots.update(dict.fromkeys(JOURNEY_SLOTS))
            events += [SlotSet(slot, value) for slot, value in stated.items()]
            tracker.slots.update(stated)
        facts = facts_from(tracker)
        if not ending and not facts.decisive and (explained := what_it_is(tracker, ())) is not None:
            return send_answer(dispatcher, tracker, explained)
        # "mijn kind is ziek", "ik heb een leerling die ziek is, wat nu": only that a pupil is ill, in a few words; the
        # journey asks the facts. A longer message asks something more, which the knowledge answers.
        ill_pupil = (
            bool(parse_ill(facts.text))
            and not topics_in_message(tracker)
            and len(facts.text.split()) <= BARE_ILLNESS_WORDS
        )
        if (
            not ending
            and not facts.decisive
            and not ill_pupil
            and (not parse_asks_eligibility(facts.text) or parse_lasting_condition(facts.text))
        ):
            # "wie kan bednet aanvragen", "welk attest voor toah": a question about the support itself, with no
            # fact about a pupil; or a question about lessons at home without an illness ("door zijn handicap"). The
            # knowledge answers it; the engine needs the facts this line asks for.
            events = ActionAnswer().answer(dispatcher, tracker, "info")
            dispatcher.utter_message(text=render("engines.illness.ask_facts", role))
            return events
        named = named_support(tracker)
        with knowledge_access.open_repository() as repo:
            advice = advise_illness(situation_of(facts), repo)
            if named is not None and not facts.hospital:
                support = advice.sio if named == "sio" else advice.school_en_ziek_zijn
                reply = compose_named(support, advice, repo, role)
            else:
                reply = compose_reply(facts, advice, repo, role)
            if not ending and open_questions(tracker, repo):
                events += activate(FORM)
            elif facts.decisive:
                events.append(add_to_case(tracker, case_part(tracker, facts, advice, repo, role)))
                reply.summary_button()
            reply.send(dispatcher, repo)
        return events
