"""What has to happen after a number of problematic half days (B-codes): the B-code engine, as chat.

The facts come from the message (count, age, level, how the parents and the pupil stand), the rules and their
sentences from ``knowledge.guidance.b_codes``. This module also holds :class:`Reply`, the small builder that
all engine actions use to keep an answer within its word budget, with its sources and follow-up buttons.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import knowledge_access
from actions.knowledge_reply import send_answer_then_ask, sure_knowledge_answer
from actions.messages import Button, current_role, help_lines_if_suspected, role_events, send, sources_line
from actions.parsing import (
    Amount,
    parse_age,
    parse_clb_involved,
    parse_parents_stance,
    parse_pupil_refuses,
    parse_school_level,
    parse_stopped_attending,
    read_count,
)
from knowledge.guidance.b_codes import (
    ADULT_AGE,
    CONTACT_FROM_B_CODES,
    POLICE_PREVENTIVE_EXAMPLE_B_CODES,
    SIGNAL_CLB_FROM_B_CODES,
    BCodeAdvice,
    BCodeSituation,
    advise_b_codes,
)
from knowledge.guidance.common import AdviceStep, Reason
from knowledge.repository import KnowledgeRepository, SectionRef
from knowledge.texts import render

T = TypeVar("T")

# -- building a reply ------------------------------------------------------------------------------------------

# The most words an answer may have, sources line included: short for parents and youths, a little more for staff.
WORD_LIMITS = {"staff": 170, "parent": 120, "youth": 120}
# Rank of a part: 0 is always kept; higher ranks are dropped first when the answer would grow too long.
MUST = 0
_LONG_CLAUSE_WORDS = 25


def count_words(text: str) -> int:
    """Words as a reader counts them: tokens with a letter or digit (bullets and dashes do not count)."""
    return sum(1 for token in text.split() if any(c.isalnum() for c in token))


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9À-Ý'\"(])")


def sentences(text: str, n: int) -> str:
    """The first ``n`` sentences of a content text."""
    return " ".join(_SENTENCE_END.split(re.sub(r"\s+", " ", text).strip())[:n])


def short(text: str) -> str:
    """The first sentence of a content text; when that is long, up to its first colon or semicolon, and when
    even that is long, up to the last comma within the limit, with an ellipsis."""
    sentence = sentences(text, 1)
    if count_words(sentence) <= _LONG_CLAUSE_WORDS:
        return sentence
    clause = re.split(r"[:;]\s", sentence, maxsplit=1)[0].rstrip(".")
    if count_words(clause) <= _LONG_CLAUSE_WORDS:
        return f"{clause}."
    words = clause.split(" ")
    head = " ".join(words[:_LONG_CLAUSE_WORDS])
    cut = head.rsplit(",", 1)[0] if "," in head[len(head) // 2 :] else head
    return f"{cut.rstrip(',;')} …"


def step_line(step: AdviceStep, repo: KnowledgeRepository, role: str | None) -> str:
    """One line for a step: its summary, else "<actor>: <what to do>" from the first sentence of its action."""
    if step.summary:
        return step.summary
    partner = repo.get_partner(step.actor)
    action = short(step.action)
    if partner is None or action.lower().startswith(partner.name.lower()):
        return action
    return render("engines.step", role, actor=partner.name, action=action[:1].lower() + action[1:])


@dataclass
class _Part:
    lines: list[tuple[str, tuple[str, ...]]]
    rank: int
    listed: bool = False
    heading: str | None = None
    kept: int = 0


@dataclass
class Reply:
    """An answer under construction: parts in reading order, each with its sections and a rank.

    :meth:`compose` keeps the parts by rank (0 first, and always) while the whole answer, the sources line
    included, stays within the role's word limit; a list keeps as many of its lines as fit. Only the sections of
    the parts kept are cited.
    """

    role: str | None
    limit: int = 0
    max_buttons: int = 3
    buttons: list[Button] = field(default_factory=list)
    _parts: list[_Part] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.limit = self.limit or WORD_LIMITS.get(self.role or "staff", WORD_LIMITS["staff"])

    def say(self, text: str, sections: Iterable[str] = (), *, rank: int = 1) -> None:
        if text.strip():
            self._parts.append(_Part([(text.strip(), tuple(sections))], rank))

    def text(self, key: str, sections: Iterable[str] = (), *, rank: int = 1, **params: Any) -> None:
        """A sentence of the catalogue, for this reply's role."""
        self.say(render(key, self.role, **params), sections, rank=rank)

    def reason(self, reason: Reason, *, rank: int = 1) -> None:
        """An engine's reason, rendered for this reply's role, with its sections."""
        self.say(reason.render(self.role), reason.sections, rank=rank)

    def bullets(self, lines: Sequence[tuple[str, Iterable[str]]], *, heading: str | None = None, rank: int = 2) -> None:
        if lines:
            self._parts.append(_Part([(text, tuple(sections)) for text, sections in lines], rank, True, heading))

    def button(self, key: str, *, payload: str | None = None, **params: Any) -> None:
        """A follow-up button whose title (and, unless given, payload) is a question of the catalogue."""
        self.add_button(render(key, self.role, **params), payload)

    def add_button(self, title: str, payload: str | None = None) -> None:
        if len(self.buttons) < self.max_buttons and all(b["title"] != title for b in self.buttons):
            self.buttons.append({"title": title, "payload": payload or title})

    def _render(self, parts: list[_Part]) -> tuple[str, list[str]]:
        out: list[str] = []
        sections: list[str] = []
        for part in parts:
            lines = part.lines[: part.kept]
            if not lines:
                continue
            if part.listed:
                if part.heading is not None:
                    out.append(part.heading)
                out.extend(f"• {text}" for text, _ in lines)
            else:
                out.extend(text for text, _ in lines)
            sections.extend(s for _, secs in lines for s in secs)
        return "\n".join(out), list(dict.fromkeys(sections))

    def _words(self, parts: list[_Part]) -> int:
        text, sections = self._render(parts)
        line = sources_line([SectionRef(s, s) for s in sections], self.role)
        return count_words(text) + count_words(line)

    def compose(self) -> tuple[str, list[str]]:
        """The text and the section ids it cites, within the word limit."""
        parts = [replace(p, kept=0) for p in self._parts]
        for part in sorted(parts, key=lambda p: p.rank):
            for n in range(1, len(part.lines) + 1):
                part.kept = n
                if part.rank != MUST and self._words(parts) > self.limit:
                    part.kept = n - 1
                    break
        return self._render(parts)

    def send(self, dispatcher: CollectingDispatcher, repo: KnowledgeRepository) -> None:
        text, section_ids = self.compose()
        send(dispatcher, text, repo.section_refs(section_ids), self.buttons or None, self.role)


# -- reading the facts of the message --------------------------------------------------------------------------


def entity_values(tracker: Tracker, name: str) -> list[Any]:
    """The values of the entities ``name`` in the latest message, in the order typed."""
    return [e.get("value") for e in _entities(tracker, name)]


def _entities(tracker: Tracker, name: str) -> list[dict[str, Any]]:
    entities = sorted(tracker.latest_message.get("entities") or [], key=lambda e: e.get("start") or 0)
    return [e for e in entities if e.get("entity") == name and e.get("value") is not None]


def message_text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


def value_in_message(tracker: Tracker, entity: str, parse: Callable[[Any], T | None]) -> T | None:
    """A value read from the message text (the parser sees "meer dan", "tot 18" and the rest of the sentence),
    else from this message's entities ``entity`` (a button payload carries its facts there), else from the slot
    of that name (a fact of an earlier message)."""
    found = parse(message_text(tracker))
    if found is not None:
        return found
    for value in entity_values(tracker, entity):
        if (found := parse(value)) is not None:
            return found
    return parse(tracker.get_slot(entity))


def count_in_message(tracker: Tracker) -> Amount | None:
    """The number of B-codes: from the text, else the `aantal` entity, else the slot."""
    return value_in_message(tracker, "aantal", read_count)


# An age entity after these words is a limit of the rules ("tot 18", "vanaf 5"), not the pupil's age.
_NOT_THE_AGE = re.compile(r"\b(?:tot|vanaf|na|voor|tegen)\s*$", re.IGNORECASE)


def age_in_message(tracker: Tracker) -> int | None:
    """The pupil's age: from the text, else a `leeftijd` entity that is no limit ("tot 18"), else the slot."""
    text = message_text(tracker)
    age = parse_age(text)
    if age is not None:
        return age
    for e in _entities(tracker, "leeftijd"):
        start = e.get("start")
        if isinstance(start, int) and _NOT_THE_AGE.search(text[:start]):
            continue
        if (age := parse_age(e["value"])) is not None:
            return age
    return parse_age(tracker.get_slot("leeftijd"))


def situation_from(tracker: Tracker, count: int) -> BCodeSituation:
    text = message_text(tracker)
    level = parse_school_level(text)
    return BCodeSituation(
        b_codes=count,
        age=age_in_message(tracker),
        level=level.level if level else None,
        grade=level.grade if level else None,
        parents=parse_parents_stance(text),
        pupil_refuses=parse_pupil_refuses(text),
        stopped_attending=parse_stopped_attending(text),
        clb_involved=parse_clb_involved(text),
    )


# -- the B-code answer -----------------------------------------------------------------------------------------

# The engine's reason that says where a count of B-codes stands (one of them opens every advice).
COUNT_REASONS = frozenset(
    {"b_codes.reason.basic_care", "b_codes.reason.school_takes_initiative", "b_codes.reason.signal_clb"}
)
# The topics this engine's general answer is about: a message naming only these ("wat na B-codes", "hij spijbelt")
# gets the engine's answer, not a knowledge item.
OWN_TOPICS = frozenset({"code:B", "term:spijbelen", "term:ongeoorloofd-relatief-verzuim"})
# The counts at which the draaiboek's B-code steps change (actoren.2, actoren.4.1, actieplan.1.2).
THRESHOLDS = (CONTACT_FROM_B_CODES, SIGNAL_CLB_FROM_B_CODES, POLICE_PREVENTIVE_EXAMPLE_B_CODES)
QUALIFIERS = {"at_least": "engines.b_codes.count_at_least", "at_most": "engines.b_codes.count_at_most"}


def _count_note(amount: Amount) -> str | None:
    if amount.at_least:
        return QUALIFIERS["at_least"]
    if amount.at_most:
        return QUALIFIERS["at_most"]
    return "engines.b_codes.count_about" if amount.approximate else None


def age_matters(situation: BCodeSituation, advice: BCodeAdvice, repo: KnowledgeRepository) -> bool:
    """Whether the unknown age would change the steps: the engine's advice for an adult differs from this one."""
    if situation.age is not None:
        return False
    adult = advise_b_codes(replace(situation, age=ADULT_AGE), repo)
    return adult.step_ids != advice.step_ids


def _without_stated_facts(s: BCodeSituation) -> list[BCodeSituation]:
    """The situation once without each fact the message states about the parents and the pupil."""
    return [
        without
        for stated, without in (
            (s.parents is not None, replace(s, parents=None)),
            (s.pupil_refuses, replace(s, pupil_refuses=False)),
            (s.stopped_attending, replace(s, stopped_attending=False)),
            (s.clb_involved, replace(s, clb_involved=False)),
        )
        if stated
    ]


def steps_the_facts_bring(
    situation: BCodeSituation, advice: BCodeAdvice, repo: KnowledgeRepository
) -> list[AdviceStep]:
    """The recommended steps that a stated fact adds and that no reason of the engine explains.

    For each fact the message states, the engine is asked again without it: when its reasons stay the same but
    its steps differ, the new steps are what the fact brings, and the answer shows them."""
    brought: dict[str, AdviceStep] = {}
    for unstated in _without_stated_facts(situation):
        without = advise_b_codes(unstated, repo)
        if [r.key for r in without.reasons] != [r.key for r in advice.reasons]:
            continue
        before = set(without.step_ids)
        for step in advice.recommended_steps:
            if step.id not in before:
                brought.setdefault(step.id, step)
    return list(brought.values())


def compose_reply(
    situation: BCodeSituation, amount: Amount | None, advice: BCodeAdvice, repo: KnowledgeRepository, role: str | None
) -> Reply:
    reply = Reply(role)
    count = situation.b_codes if amount is not None else None
    note = _count_note(amount) if amount is not None else "engines.b_codes.ask_count"
    if note is not None:
        reply.text(note, rank=MUST, count=count)
    main = [r for r in advice.reasons if r.key in COUNT_REASONS]
    others = [r for r in advice.reasons if r.key not in COUNT_REASONS]
    if count is not None:
        for r in main:
            reply.reason(r, rank=MUST)
    # The steps of the furthest phase first: they are what is new at this count; the list is cut from the end.
    mandatory = sorted(advice.mandatory_steps, key=lambda s: -s.phase)
    steps = [(step_line(s, repo, role), s.sections) for s in mandatory]
    if count is None:  # the question ends in "this holds from the first B-code:", the list answers it
        reply.bullets(steps, rank=MUST + 1)
    else:
        reply.bullets(steps, heading=render("engines.b_codes.mandatory", role), rank=3)
    brought = [(step_line(s, repo, role), s.sections) for s in steps_the_facts_bring(situation, advice, repo)]
    reply.bullets(brought, heading=render("engines.b_codes.recommended", role), rank=2)
    for r in others:
        reply.reason(r, rank=1)
    if age_matters(situation, advice, repo):
        reply.text("engines.b_codes.age_matters", rank=MUST, adult_age=ADULT_AGE)
    if count is not None:
        phase = advice.phase_name[:1].lower() + advice.phase_name[1:]
        reply.text("engines.b_codes.phase", rank=4, phase=phase)
    for signal in advice.priority_signals:
        reply.reason(signal, rank=5)
    _buttons(reply, situation, count)
    return reply


def _example_button(role: str | None) -> Button:
    title = render("engines.b_codes.button.example", role, count=SIGNAL_CLB_FROM_B_CODES)
    return {"title": title, "payload": title}


def _b_codes(count: int, role: str | None) -> str:
    """ "1 B-code", "10 B-codes": the engine's own wording of a count."""
    return render("b_codes.count.one" if count == 1 else "b_codes.count.many", role, count=count)


def _buttons(reply: Reply, situation: BCodeSituation, count: int | None) -> None:
    if count is None:
        reply.button("engines.b_codes.button.example", count=SIGNAL_CLB_FROM_B_CODES)
    if situation.parents in ("unwilling", "unreachable"):
        reply.button("engines.b_codes.button.police")
    elif situation.parents == "powerless":
        reply.button("engines.b_codes.button.brugfiguur")
    elif situation.pupil_refuses:
        reply.button("engines.b_codes.button.contract")
    elif count:
        reply.button("engines.b_codes.button.parents", count=count)
    reply.button("engines.b_codes.button.clb")
    following = [t for t in THRESHOLDS if count is not None and t > count]
    if following:
        reply.button("engines.b_codes.button.next", count=_b_codes(following[0], reply.role))
    reply.button("engines.b_codes.button.police")
    reply.button("engines.b_codes.button.contract")


class ComposedReplyAction(Action, ABC):  # type: ignore[misc]
    """An action whose whole answer is one :class:`Reply`, composed from the tracker and the knowledge base.

    Abstract, so that the action server does not register it; each subclass names itself and composes.
    """

    @abstractmethod
    def compose(self, tracker: Tracker, repo: KnowledgeRepository, role: str | None) -> Reply: ...

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        help_lines_if_suspected(dispatcher, tracker)
        role = current_role(tracker)
        with knowledge_access.open_repository() as repo:
            self.compose(tracker, repo, role).send(dispatcher, repo)
        return role_events(tracker)


class ActionBCodeSteps(Action):  # type: ignore[misc]
    def name(self) -> str:
        return "action_b_code_steps"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        help_lines_if_suspected(dispatcher, tracker)
        role = current_role(tracker)
        amount = count_in_message(tracker)
        if amount is None:
            # No count: a question about a partner or term the user names ("wanneer schakelen we het OCJ in") gets
            # the knowledge's answer, and a line that asks the count. Only a name: what people ask about B-codes
            # shares words with too many items for a search hit alone to take the question from the engine.
            answer = sure_knowledge_answer(tracker, OWN_TOPICS, named_only=True)
            if answer is not None:
                ask = render("engines.b_codes.ask_count_after", role)
                return send_answer_then_ask(dispatcher, tracker, answer, ask, [_example_button(role)])
        # Without a count the question is still about B-codes: answer what holds from the first one.
        situation = situation_from(tracker, amount.whole if amount is not None else CONTACT_FROM_B_CODES)
        with knowledge_access.open_repository() as repo:
            advice = advise_b_codes(situation, repo)
            compose_reply(situation, amount, advice, repo, role).send(dispatcher, repo)
        return role_events(tracker)
