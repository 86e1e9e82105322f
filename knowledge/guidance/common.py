"""Result types and helpers shared by the guidance engines.

Every engine is a plain function: a frozen dataclass and the knowledge base go in, a frozen dataclass
comes out. Each result carries its reasons and the section ids of the draaiboek (see
``knowledge/sections.yml``) where the rule stands. The engines hold the rules only; they refer to steps,
partners, checklists and codes of the content by id and read their texts from the knowledge base. An id
the content lacks raises :class:`MissingContent`.

The engines write no sentence themselves: a :class:`Reason` (with its sections) or a :class:`Text` carries
a key of the text catalogue (``knowledge/content/texts/engine-*.yml``, see ``knowledge.texts``) and the
values of its placeholders. ``.text`` is the staff wording; ``.render(role)`` gives the wording for a
parent or a youth. A :class:`Text` is a ``str`` (its staff wording), so result fields such as
``explanation`` or ``why`` read as text for every caller.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, Protocol, TypeVar

from knowledge import texts
from knowledge.repository import KnowledgeRepository, StepInTrack

T = TypeVar("T")

Level = Literal["basis", "secundair"]
"""The level of education: basisonderwijs or secundair onderwijs."""

Params = tuple[tuple[str, Any], ...]

CONTENT_TEXT = "common.content_text"
"""The catalogue key that shows a text of the content (a checklist, a code ...) as it stands."""


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


def _render(key: str, params: Params, role: str | None) -> str:
    values = {name: render_text(value, role) for name, value in params}
    expected = texts.placeholders(texts.template(key, role))
    if set(values) != expected:
        raise TextParamsMismatch(key, set(values), expected)
    return texts.render(key, role, **values)


class TextParamsMismatch(ValueError):
    """An engine gave a catalogue text other values than its placeholders."""

    def __init__(self, key: str, given: set[str], expected: set[str]) -> None:
        super().__init__(f"tekst '{key}' verwacht de waarden {sorted(expected)}, maar kreeg {sorted(given)}")


def render_text(value: Any, role: str | None = None) -> Any:
    """``value`` for ``role`` when it is a catalogue text (:class:`Text`, :class:`Reason`), else ``value``."""
    return value.render(role) if isinstance(value, (Text, Reason)) else value


class Text(str):
    """A sentence of the text catalogue that reads as its staff wording and knows its key and values.

    ``Text`` is a ``str`` (the staff wording, so that a result field stays a string for every caller);
    ``key`` and ``params`` let a caller render it for another role with :meth:`render`. A value may itself
    be a :class:`Text` (or :class:`Reason`): it is rendered for the same role.
    """

    key: str
    params: Params

    def __new__(cls, key: str, params: Params = ()) -> Text:
        self = super().__new__(cls, _render(key, params, None))
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "params", params)
        return self

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Text is immutable: cannot set '{name}'")

    def __reduce__(self) -> tuple[type[Text], tuple[str, Params]]:
        return (Text, (self.key, self.params))

    def render(self, role: str | None = None) -> str:
        """The sentence for ``role`` (None: the staff wording)."""
        return _render(self.key, self.params, role)

    @property
    def text(self) -> str:
        return str.__str__(self)

    def __repr__(self) -> str:
        return f"Text({self.key!r}: {self.text!r})"


@dataclass(frozen=True)
class Reason:
    """One sentence of explanation (a catalogue key and its values) with the sections that support it."""

    key: str
    sections: tuple[str, ...]
    params: Params = ()

    def render(self, role: str | None = None) -> str:
        """The sentence for ``role`` (None: the staff wording)."""
        return _render(self.key, self.params, role)

    @property
    def text(self) -> str:
        return self.render(None)


def _params(params: dict[str, Any]) -> Params:
    return tuple(sorted(params.items()))


def text(key: str, /, **params: Any) -> Text:
    """The catalogue text ``key`` with its placeholder values."""
    return Text(key, _params(params))


def reason(key: str, sections: Iterable[str], /, **params: Any) -> Reason:
    """A reason: the catalogue text ``key`` with its placeholder values, resting on ``sections``."""
    return Reason(key, tuple(sections), _params(params))


def content_text(value: str) -> Text:
    """A text of the content itself (already written for readers), shown as it stands for every role."""
    return text(CONTENT_TEXT, text=value)


def content_reason(value: str, sections: Iterable[str]) -> Reason:
    """A reason whose sentence is a text of the content, shown as it stands for every role."""
    return reason(CONTENT_TEXT, sections, text=value)


@dataclass(frozen=True)
class AdviceStep:
    """Something someone has to (or may) do now: a step of the content."""

    id: str
    actor: str  # partner id
    action: str  # the full text
    summary: str | None  # one short line for lists and the chat
    mandatory: bool
    sections: tuple[str, ...]
    phase: int
    why: Text  # why this step fits now, may be empty (a str; render it per role with why.render(role))
    documents: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()


@dataclass(frozen=True)
class PartnerHint:
    """A partner that fits the situation, and why."""

    id: str
    name: str
    why: Text  # a str; render it per role with why.render(role)
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


def partner_hint(kb: KnowledgeRepository, partner_id: str, why: Text, sections: Iterable[str]) -> PartnerHint:
    return PartnerHint(partner_id, partner_name(kb, partner_id), why, tuple(sections))


def step(kb: KnowledgeRepository, step_id: str, why: Text | None = None) -> AdviceStep:
    """The content's step ``step_id``; ``why`` defaults to the step's own trigger."""
    return content_step(need(kb.get_step(step_id), "step", step_id), why)


def content_step(found: StepInTrack, why: Text | None = None) -> AdviceStep:
    s = found.step
    return AdviceStep(
        s.id,
        s.actor,
        s.action,
        s.summary,
        s.mandatory,
        tuple(s.sections),
        found.phase,
        why or content_text(s.trigger or ""),
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


def ordinal_nl(number: int) -> str:
    """A number as a Dutch ordinal in digits: '1ste', '2de', '8ste', '18de', '20ste', '60ste', '102de'."""
    rest = number % 100
    return f"{number}ste" if rest in (0, 1, 8) or rest >= 20 else f"{number}de"


def format_day_nl(month: int, day: int) -> str:
    """A day of the year without the year: '1 september'."""
    return f"{day} {MONTHS_NL[month - 1]}"
