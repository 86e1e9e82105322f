"""Until (or from) when a child is of compulsory school age: the leerplicht engine, as chat.

With a full birth date the leerplicht engine computes the dates. With only an age, the outflow engine knows what
holds at that age (still compulsory, part-time possible). With neither, the answer gives the general rule from
the content (topics ``leerplicht-begin``, ``leerplicht-einde`` and ``leerplicht-einde-diploma``) and asks for
the birth date, the fact that makes it precise.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rasa_sdk import Tracker

from actions.message_facts import age_in_message, message_text, value_in_message
from actions.parsing import (
    BirthDate,
    Focus,
    parse_birth_date,
    parse_has_diploma,
    parse_leerplicht_focus,
    parse_school_level,
)
from actions.reply import MUST, ComposedReplyAction, Reply
from knowledge.answers import PLAIN_ROLES
from knowledge.guidance.common import need
from knowledge.guidance.leerplicht import (
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
    """The birth date: from the text, else the `datum` entity, else the slot."""
    return value_in_message(
        tracker, "datum", lambda value: parse_birth_date(None if value is None else str(value), today())
    )


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
    if advice.compulsory_school_age:
        reply.text("engines.leerplicht.need_birth_date_for_age", rank=MUST)


def compose_reply(tracker: Tracker, repo: KnowledgeRepository, role: str | None) -> Reply:
    reply = Reply(role)
    text = message_text(tracker)
    focus = parse_leerplicht_focus(text)
    birth = birth_date_in_message(tracker)
    age = age_in_message(tracker)
    level = parse_school_level(text)
    if birth is not None and birth.date is not None:
        result = leerplicht_dates(
            LeerplichtQuery(
                birth_date=birth.date,
                first_two_years_secondary_done=level.first_two_years_secondary_done if level else None,
                secondary_diploma=parse_has_diploma(text),
                on_date=today(),
            )
        )
        _with_dates(reply, result, focus)
    elif birth is not None:
        # The year decides the start, and a month after June the end too; the answer says what they decide.
        start, end = leerplicht_from_partial(birth.year, birth.month)
        reply.reason(start, rank=MUST if focus in ("start", "newcomer") else 2)
        reply.reason(end, rank=MUST if focus == "end" else 1)
        if focus in ("part_time", "newcomer"):
            _general(reply, repo, focus)
        if birth.month is None:
            reply.text("engines.leerplicht.need_day", rank=1, year=birth.year)
    elif age is not None and age > START_AGE:
        # Past the start age the question is what still holds; the outflow engine answers it per age.
        _at_age(reply, repo, age, tracker)
    else:
        _general(reply, repo, focus)
        reply.text("engines.leerplicht.need_birth_date", rank=MUST)
    reply.button("engines.leerplicht.button.part_time")
    reply.button("engines.leerplicht.button.home_education")
    reply.button("engines.leerplicht.button.stop" if role == "youth" else "engines.leerplicht.button.papers")
    return reply


class ActionLeerplicht(ComposedReplyAction):
    def name(self) -> str:
        return "action_leerplicht"

    def compose(self, tracker: Tracker, repo: KnowledgeRepository, role: str | None) -> Reply:
        return compose_reply(tracker, repo, role)
