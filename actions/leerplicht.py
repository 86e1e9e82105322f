"""Until (or from) when a child is of compulsory school age: the leerplicht engine, as chat.

With a full birth date the leerplicht engine computes the dates. With only an age, the outflow engine knows what
holds at that age (still compulsory, part-time possible). With neither, the answer gives the general rule from
the content (topics ``leerplicht-begin``, ``leerplicht-einde`` and ``leerplicht-einde-diploma``) and asks for
the birth date, the fact that makes it precise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, ClassVar

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.journeys import JourneyForm, Reader, facts_in_message, read_age
from actions.knowledge_reply import send_answer, what_it_is
from actions.message_facts import age_in_message, message_text, value_in_message
from actions.messages import help_lines_if_suspected
from actions.parsing import (
    BirthDate,
    Focus,
    find_dates,
    looks_like_date,
    normalise,
    parse_birth_date,
    parse_has_diploma,
    parse_leerplicht_focus,
    parse_school_level,
)
from actions.reply import MUST, ComposedReplyAction, Reply
from knowledge.answers import PLAIN_ROLES
from knowledge.case import CasePart, facts
from knowledge.guidance.common import MONTHS_NL, format_date_nl, need
from knowledge.guidance.leerplicht import (
    END_AGE,
    START_AGE,
    LeerplichtQuery,
    LeerplichtResult,
    leerplicht_dates,
    leerplicht_from_partial,
)
from knowledge.guidance.outflow import OutflowQuestion, advise_outflow
from knowledge.repository import KnowledgeRepository

# Today, for the question "is the child of compulsory school age now?" (a function, so tests can fix the day).
today: Callable[[], date] = date.today

# The engine's reasons this answer shows, per focus of the question, in this order (not the diploma rule: the
# explanation already says it).
END_REASONS = ("leerplicht.reason.end_on_birthday", "leerplicht.reason.end_on_last_day")
START_REASONS = ("leerplicht.reason.start",)
PART_TIME_REASONS = (
    "leerplicht.reason.part_time_after_first_two_years",
    "leerplicht.reason.part_time_otherwise",
    "leerplicht.reason.part_time_depends",
)
FIRST_REASONS: dict[Focus, tuple[str, ...]] = {
    "start": START_REASONS,
    "end": END_REASONS,
    "part_time": PART_TIME_REASONS,
    "newcomer": START_REASONS,
}
ALWAYS_REASONS = (
    "leerplicht.reason.on_date_compulsory",
    "leerplicht.reason.on_date_not_yet",
    "leerplicht.reason.on_date_no_longer",
    "leerplicht.reason.on_date_diploma",
    "leerplicht.reason.start_after_end",
    "leerplicht.reason.part_time_after_first_two_years",
    "leerplicht.reason.part_time_otherwise",
)
# The general rule, from the content's own topics.
GENERAL_TOPICS: dict[Focus, tuple[str, ...]] = {
    "start": ("topic:leerplicht-begin", "topic:leerplicht-einde"),
    "end": ("topic:leerplicht-einde", "topic:leerplicht-einde-diploma", "topic:leerplicht-begin"),
    "part_time": ("topic:leerplicht-deeltijds", "topic:leerplicht-einde"),
    "newcomer": ("topic:leerplicht-verblijfsstatuut", "topic:leerplicht-begin"),
}


def birth_date_in_message(tracker: Tracker) -> BirthDate | None:
    """The birth date: from the text, else the `datum` entity, else the slot; else the part of it the journey
    knows (slot `geboorte`: the year, perhaps the month)."""
    found = value_in_message(
        tracker, "datum", lambda value: parse_birth_date(None if value is None else str(value), today())
    )
    if found is not None:
        return found
    partial = tracker.get_slot("geboorte")
    return parse_birth_date(str(partial), today()) if partial else None


# -- the journey: the birth date -------------------------------------------------------------------------------

FORM = "leerplicht_form"


def _as_birth_date(text: str, requested: bool) -> str:
    """The answer to the question for the birth date is a birth date: "januari 2010" reads as "geboren januari
    2010"."""
    return f"geboren {text}" if requested and "geboren" not in text.lower() else text


def _read_birth_date(text: str, requested: bool) -> str | None:
    """A full birth date; as the answer to the question for it, also a date that cannot be one ("31 februari
    2010", a date to come), kept for the correction."""
    said = _as_birth_date(text, requested)
    birth = parse_birth_date(said, today())
    if birth is not None and birth.date is not None:
        return said
    return said if requested and looks_like_date(text) else None


def partial_value(birth: BirthDate) -> str:
    """What the journey keeps of a birth date without its day: "geboren in januari 2010", "geboren in 2010" (never
    the rest of the message)."""
    month = f"{MONTHS_NL[birth.month - 1]} " if birth.month else ""
    return f"geboren in {month}{birth.year}"


def _read_partial(text: str, requested: bool) -> str | None:
    """A birth year, perhaps with its month: the day (and month) is asked next."""
    birth = parse_birth_date(_as_birth_date(text, requested), today())
    return partial_value(birth) if birth is not None and birth.date is None else None


# The day (and month) alone, as the answer to the question for what is missing of a birth date: "14", "de 14de",
# "14 maart", "14/3".
_DAY_MONTH = re.compile(
    r"^\s*(?:op\s+)?(?:de\s+)?(?P<day>\d{1,2})(?:ste|de|e)?\s*(?:[/.-]\s*(?P<num>\d{1,2})|\s+(?P<name>[a-z]+))?\s*\.?\s*$"
)


def combine_with_partial(text: str, partial: str | None) -> str | None:
    """The full birth date when the answer gives what the partial one misses ("14" to "januari 2010", "14 maart"
    to "2010"), as day/month/year; None otherwise."""
    known = parse_birth_date(str(partial), today()) if partial else None
    match = _DAY_MONTH.match(normalise(text))
    if known is None or match is None:
        return None
    month = known.month
    if match["num"]:
        month = int(match["num"])
    elif match["name"]:
        names = [m.lower() for m in MONTHS_NL]
        month = next((i + 1 for i, n in enumerate(names) if n.startswith(match["name"][:3])), None)
    return f"{match['day']}/{month}/{known.year}" if month else None


class ValidateLeerplichtForm(JourneyForm):
    """The leerplicht journey: the birth date (the day asked apart when only the month and year are known)."""

    form = FORM
    # The age is no question of this journey, but kept: without a birth date the answer says what holds at that age.
    readers: ClassVar[dict[str, Reader]] = {"datum": _read_birth_date, "geboorte": _read_partial, "leeftijd": read_age}
    # The answer to the question for the birth date may give only the month and year.
    asked_with: ClassVar[dict[str, tuple[str, ...]]] = {"datum": ("geboorte",)}

    def open_questions(self, tracker: Tracker) -> list[str]:
        return open_questions(tracker)

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        partial = tracker.get_slot("geboorte")
        combined = combine_with_partial(message_text(tracker), partial) if partial else None
        if combined is not None and tracker.get_slot("datum") is None:
            tracker.slots["datum"] = combined
            return [SlotSet("datum", combined)]
        return list(await super().get_extraction_events(dispatcher, tracker, domain))

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """A month and year without the day ("januari 2010") is part of the birth date: it is kept apart (slot
        `geboorte`), and the question for the day follows."""
        value = tracker.get_slot("datum")
        birth = parse_birth_date(_as_birth_date(str(value), True), today()) if value else None
        if birth is not None and birth.date is None:
            partial = partial_value(birth)
            tracker.slots["datum"] = None
            tracker.slots["geboorte"] = partial
            return [SlotSet("datum", None), SlotSet("geboorte", partial)]
        return list(await super().get_validation_events(dispatcher, tracker, domain))

    @staticmethod
    def check_datum(value: str) -> str | None:
        said = _as_birth_date(value, True)
        if any(found > today() for found, _ in find_dates(said)):
            return "journey.correction.future_date"
        birth = parse_birth_date(said, today())
        if birth is None or birth.date is None:
            return "journey.correction.date"
        if birth.date.year < today().year - OLDEST_AGE:
            return "journey.correction.old_date"
        return None


# A birth date of someone older than this cannot be a pupil's: a kind correction, not a calculation.
OLDEST_AGE = 30


def open_questions(tracker: Tracker) -> list[str]:
    """The birth date, while the journey does not know it to the day; not for someone of 18 or older or with a
    diploma (no longer leerplichtig: the date changes nothing)."""
    if tracker.get_slot("datum") is not None:
        return []
    age = age_in_message(tracker)
    if (age is not None and age >= END_AGE) or parse_has_diploma(message_text(tracker)):
        return []
    birth = birth_date_in_message(tracker)
    return [] if birth is not None and birth.date is not None else ["datum"]


def _with_dates(reply: Reply, result: LeerplichtResult, focus: Focus) -> None:
    reply.say(result.explanation.render(reply.role), result.sections, rank=MUST)
    first = FIRST_REASONS[focus]
    by_key = {r.key: r for r in result.reasons}
    for rank, keys in ((MUST, first), (1, ALWAYS_REASONS)):
        for key in keys:
            if key in by_key:
                reply.reason(by_key[key], rank=rank)


def _general(reply: Reply, repo: KnowledgeRepository, focus: Focus, rank: int = MUST) -> None:
    for i, item_id in enumerate(GENERAL_TOPICS[focus]):
        item = need(repo.get_item(item_id), "topic", item_id)
        plain = item.data.get("plain") if reply.role in PLAIN_ROLES else None
        reply.say(plain or item.summary, [s.id for s in item.sections], rank=rank if i < 2 else rank + 1)


def _at_age(reply: Reply, repo: KnowledgeRepository, age: int, tracker: Tracker) -> None:
    text = message_text(tracker)
    level = parse_school_level(text)
    advice = advise_outflow(
        OutflowQuestion(
            age=age,
            first_two_years_secondary_done=level.first_two_years_secondary_done if level else None,
            secondary_diploma=parse_has_diploma(text),
        ),
        repo,
    )
    reply.say(advice.explanation.render(reply.role), advice.reasons[0].sections if advice.reasons else (), rank=MUST)
    for r in advice.reasons:
        reply.reason(r, rank=1)


def dates_of(tracker: Tracker) -> LeerplichtResult | None:
    """The leerplicht engine's dates for the birth date of the message or the journey, if it is known to the day."""
    birth = birth_date_in_message(tracker)
    if birth is None or birth.date is None:
        return None
    text = message_text(tracker)
    level = parse_school_level(text)
    return leerplicht_dates(
        LeerplichtQuery(
            birth_date=birth.date,
            first_two_years_secondary_done=level.first_two_years_secondary_done if level else None,
            secondary_diploma=parse_has_diploma(text),
            on_date=today(),
        )
    )


def compose_reply(tracker: Tracker, repo: KnowledgeRepository, role: str | None) -> Reply:
    reply = Reply(role)
    text = message_text(tracker)
    focus = parse_leerplicht_focus(text)
    birth = birth_date_in_message(tracker)
    age = age_in_message(tracker)
    result = dates_of(tracker)
    if result is not None:
        _with_dates(reply, result, focus)
    elif birth is not None:
        # The year decides the start, and a month after June the end too; the answer says what they decide.
        start, end = leerplicht_from_partial(birth.year, birth.month)
        reply.reason(start, rank=MUST if focus in ("start", "newcomer") else 2)
        reply.reason(end, rank=MUST if focus == "end" else 1)
        if focus in ("part_time", "newcomer"):
            _general(reply, repo, focus)
    elif age is not None and age > START_AGE:
        # Past the start age the question is what still holds; the outflow engine answers it per age.
        _at_age(reply, repo, age, tracker)
    else:
        _general(reply, repo, focus)
    reply.button("engines.leerplicht.button.part_time")
    reply.button("engines.leerplicht.button.home_education")
    reply.button("engines.leerplicht.button.stop" if role == "youth" else "engines.leerplicht.button.papers")
    return reply


# Topics this engine answers itself: what leerplicht is, it explains with its dates.
OWN_TOPICS = frozenset({"term:leerplicht", "term:deeltijdse-leerplicht"})


class ActionLeerplicht(ComposedReplyAction):
    form = FORM
    readers: ClassVar[dict[str, Reader]] = ValidateLeerplichtForm.readers

    def name(self) -> str:
        return "action_leerplicht"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        # "ik ga al maanden niet meer maar sta nog ingeschreven, hoe noemen ze dat": the name of a kind of absence,
        # which the knowledge answers; a birth date or an age keeps it with the engine.
        if (
            tracker.latest_action_name != FORM
            and not facts_in_message(tracker, self.readers)
            and (explained := what_it_is(tracker, OWN_TOPICS)) is not None
        ):
            help_lines_if_suspected(dispatcher, tracker)
            return send_answer(dispatcher, tracker, explained)
        return await super().run(dispatcher, tracker, domain)

    def open_questions(self, tracker: Tracker, repo: KnowledgeRepository) -> list[str]:
        return open_questions(tracker)

    def new_case(self, stated: dict[str, str]) -> bool:
        return bool(stated)

    def compose(self, tracker: Tracker, repo: KnowledgeRepository, role: str | None, asking: Sequence[str]) -> Reply:
        return compose_reply(tracker, repo, role)

    def case_part(self, tracker: Tracker, repo: KnowledgeRepository, role: str | None) -> CasePart | None:
        """The dates of leerplicht (not the birth date itself: the summary holds no personal data)."""
        result = dates_of(tracker)
        if result is None:
            return None
        dates = (("leerplicht_start", format_date_nl(result.start)), ("leerplicht_end", format_date_nl(result.end)))
        return CasePart(
            "leerplicht",
            facts=facts(dates, role),
            conclusion=result.explanation.render(role),
            sections=result.sections,
        )
