"""Building an engine's answer as chat: :class:`Reply` keeps an answer within its role's word budget, with its
sources and follow-up buttons; :class:`ComposedReplyAction` is an action whose whole answer is one Reply."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import knowledge_access
from actions.journeys import Reader, activate, clear, facts_in_message, intent_confidence
from actions.knowledge_reply import send_answer_then_ask, sure_knowledge_answer
from actions.messages import Button, current_role, help_lines_if_suspected, role_events, send, sources_line
from knowledge.answers import Answer
from knowledge.case import CASE_SLOT, Case, CasePart
from knowledge.guidance.common import AdviceStep, Reason
from knowledge.repository import KnowledgeRepository, SectionRef
from knowledge.texts import render

# The most words an answer may have, sources line included: short for parents and youths, a little more for staff.
WORD_LIMITS = {"staff": 170, "parent": 120, "youth": 120}
# The payload of the summary button: the intent itself, whatever the classifier would make of the words.
SUMMARY_PAYLOAD = "/ask_summary"
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

    def add_button(self, title: str, payload: str | None = None, *, always: bool = False) -> None:
        """A button, unless the reply has its ``max_buttons`` already (``always``: even then) or has it already."""
        if (always or len(self.buttons) < self.max_buttons) and all(b["title"] != title for b in self.buttons):
            self.buttons.append({"title": title, "payload": payload or title})

    def summary_button(self) -> None:
        """The button that asks for the case summary, after every other button."""
        self.add_button(render("case.button.summary", self.role), SUMMARY_PAYLOAD, always=True)

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


def typed_message(tracker: Tracker) -> bool:
    """Whether the user typed the latest message (not a button's payload, such as the offer's "/ask_partner")."""
    return not str(tracker.latest_message.get("text") or "").startswith("/")


# Under this confidence of the journey's intent, a first message with facts may still go to the knowledge.
UNSURE_INTENT = 0.7


class ComposedReplyAction(Action, ABC):  # type: ignore[misc]
    """An action whose whole answer is one :class:`Reply`, composed from the tracker and the knowledge base.

    An action with a journey (``form``) starts it: the facts the message states fill the journey's slots (by its
    ``readers``), and when :meth:`open_questions` still finds a fact that matters, the form is activated and asks
    it. A rule runs the action again when the form is done; then it answers with every fact.

    Abstract, so that the action server does not register it; each subclass names itself and composes.
    """

    form: ClassVar[str | None] = None
    readers: ClassVar[dict[str, Reader]] = {}
    # A first message that states none of the journey's facts but asks something the knowledge is sure of ("wa doet
    # naft juist?", "bij wie kan ik terecht met vragen over school voor mijn kind met kanker") gets that answer, and
    # this offer of the journey (a text key; its button sends ``offer_payload``). None: the journey starts at once.
    offer: ClassVar[str | None] = None
    offer_button: ClassVar[str] = ""
    offer_payload: ClassVar[str] = ""
    # Hand on only a message without the journey's facts that the classifier hardly took for this journey (not one
    # it is sure of, and never one that gives facts).
    offer_only_when_unsure: ClassVar[bool] = False

    @abstractmethod
    def compose(self, tracker: Tracker, repo: KnowledgeRepository, role: str | None, asking: Sequence[str]) -> Reply:
        """The answer; ``asking`` holds the facts the journey asks next (the answer does not ask them too)."""

    def case_part(self, tracker: Tracker, repo: KnowledgeRepository, role: str | None) -> CasePart | None:
        """What this answer adds to the case of the conversation, when it is the journey's last answer."""
        return None

    def open_questions(self, tracker: Tracker, repo: KnowledgeRepository) -> list[str]:
        """The journey's facts still to ask (its slots hold what is known)."""
        return []

    def may_hand_on(self, tracker: Tracker) -> bool:
        """Whether a first message without the journey's facts may go to the knowledge (not when the conversation
        gave the journey a fact already)."""
        return True

    def hand_on(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]] | None:
        """The knowledge's answer, when it is sure of one, then the offer of the journey with its button; None when
        the knowledge is not sure."""
        answer = sure_knowledge_answer(tracker, ())
        if answer is None or self.offer is None:
            return None
        return self.offer_after(dispatcher, tracker, answer)

    def offer_after(self, dispatcher: CollectingDispatcher, tracker: Tracker, answer: Answer) -> list[dict[str, Any]]:
        """The knowledge's ``answer``, then the offer of the journey with its button."""
        assert self.offer is not None
        role = current_role(tracker)
        button: Button = {"title": render(self.offer_button, role), "payload": self.offer_payload}
        return send_answer_then_ask(dispatcher, tracker, answer, render(self.offer, role), [button])

    def new_case(self, stated: dict[str, str]) -> bool:
        """Whether the facts a message states start a new case (the journey's older facts are then forgotten)."""
        return False

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        help_lines_if_suspected(dispatcher, tracker)
        role = current_role(tracker)
        events = role_events(tracker)
        ending = self.form is not None and tracker.latest_action_name == self.form
        if self.form and not ending:
            stated = facts_in_message(tracker, self.readers)
            typed = typed_message(tracker)
            # Facts in passing ("... als alle instanties al betrokken zijn") do not keep a question the classifier
            # hardly took for this journey from the knowledge.
            unsure = intent_confidence(tracker) < UNSURE_INTENT
            allowed = (unsure and not stated) if self.offer_only_when_unsure else (not stated or unsure)
            if self.offer and typed and allowed and self.may_hand_on(tracker):
                handed_on = self.hand_on(dispatcher, tracker)
                if handed_on is not None:
                    return [*events, *handed_on]
            if self.new_case(stated):
                events += clear(list(self.readers))
                tracker.slots.update(dict.fromkeys(self.readers))
            events += [SlotSet(slot, value) for slot, value in stated.items()]
            tracker.slots.update(stated)
        with knowledge_access.open_repository() as repo:
            asking = self.open_questions(tracker, repo) if self.form and not ending else []
            reply = self.compose(tracker, repo, role, asking)
            part = None if asking else self.case_part(tracker, repo, role)
            if part is not None:
                events.append(add_to_case(tracker, part))
                reply.summary_button()
            reply.send(dispatcher, repo)
            if self.form and asking:
                events += activate(self.form)
        return events


def add_to_case(tracker: Tracker, part: CasePart) -> dict[str, Any]:
    """The event that adds ``part`` to the conversation's case (it replaces an earlier part of its kind)."""
    case = Case.from_dict(tracker.get_slot(CASE_SLOT)).with_part(part)
    tracker.slots[CASE_SLOT] = case.to_dict()
    event: dict[str, Any] = SlotSet(CASE_SLOT, case.to_dict())
    return event
