"""Result types and helpers shared by the guidance engines.

Every engine is a plain function: a frozen dataclass and the knowledge base go in, a frozen dataclass
comes out. Each result carries its reasons and the section ids of the draaiboek (see
``knowledge/sections.yml``) where the rule stands. The engines hold the rules only; they refer to steps,
partners, checklists and codes of the content by id and read their texts from the knowledge base. An id
the content lacks raises :class:`MissingContent`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol, TypeVar

from knowledge.repository import KnowledgeRepository, StepInTrack

T = TypeVar("T")


class MissingContent(KeyError):
    """The content lacks an item an engine refers to by id."""

    def __init__(self, kind: str, item_id: str) -> None:
        super().__init__(f"{kind} '{item_id}' ontbreekt in knowledge/content")
        self.kind = kind
        self.item_id = item_id

    def __str__(self) -> str:
        return str(self.args[0])


def need(found: T | None, kind: str, item_id: str) -> T:
    """The item the content has for ``item_id``; :class:`MissingContent` when it lacks it."""
    if found is None:
        raise MissingContent(kind, item_id)
    return found


@dataclass(frozen=True)
class Reason:
    """One sentence of explanation with the sections that support it."""

    text: str
    sections: tuple[str, ...]


@dataclass(frozen=True)
class Step:
    """Something someone has to (or may) do now: a step of the content."""

    id: str
    actor: str  # partner id
    action: str  # the full text
    summary: str | None  # one short line for lists and the chat
    mandatory: bool
    sections: tuple[str, ...]
    phase: int
    why: str = ""
    documents: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()


@dataclass(frozen=True)
class PartnerHint:
    """A partner that fits the situation, and why."""

    id: str
    name: str
    why: str
    sections: tuple[str, ...]


def unique(items: Iterable[str]) -> tuple[str, ...]:
    """The items in their first order, without duplicates or empty strings."""
    return tuple(dict.fromkeys(i for i in items if i))


class HasSections(Protocol):
    @property
    def sections(self) -> tuple[str, ...]: ...


def collect_sections(*groups: Iterable[HasSections]) -> tuple[str, ...]:
    """All section ids cited by the given reasons, steps, partner hints ..., in order, once each."""
    return unique(s for group in groups for item in group for s in item.sections)


def partner_name(kb: KnowledgeRepository, partner_id: str) -> str:
    return need(kb.get_partner(partner_id), "partner", partner_id).name


def partner_hint(kb: KnowledgeRepository, partner_id: str, why: str, sections: Iterable[str]) -> PartnerHint:
    return PartnerHint(partner_id, partner_name(kb, partner_id), why, tuple(sections))


def step(kb: KnowledgeRepository, step_id: str, why: str = "") -> Step:
    """The content's step ``step_id``; ``why`` defaults to the step's own trigger."""
    return content_step(need(kb.get_step(step_id), "step", step_id), why)


def content_step(found: StepInTrack, why: str = "") -> Step:
    s = found.step
    return Step(
        s.id,
        s.actor,
        s.action,
        s.summary,
        s.mandatory,
        tuple(s.sections),
        found.phase,
        why or (s.trigger or ""),
        tuple(s.documents),
        tuple(s.partners),
    )


MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def format_date_nl(value: date) -> str:
    """A date as Flemish readers write it: '1 september 2024'."""
    return f"{value.day} {MONTHS_NL[value.month - 1]} {value.year}"
