"""A case: what the guidance of one conversation established, and its summary for a care team or a CLB meeting.

Each engine answer that ends a journey adds a :class:`CasePart` (the B-code steps, the illness support, the code of
an absence, the kind of absence, the partners, the leerplicht dates, the outflow routes); a later part of the same
kind replaces the earlier one. A part holds its sentences already rendered for the role of the conversation, so the
summary reads as the answers did, and the section ids it rests on. The facts are the answers the user gave, never
free text: a summary holds no names.

The chat keeps the case in the slot ``case`` (:meth:`Case.to_dict`); the API reads that slot for
``GET /api/v1/sessions/{id}/summary``. :func:`summary_text` renders it as plain text that can be copied.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from knowledge.repository import KnowledgeRepository, SectionRef
from knowledge.texts import render

# The Rasa slot that holds the case of a conversation (domain.yml).
CASE_SLOT = "case"
CaseKind = Literal["b-code", "classification", "which-code", "illness", "partners", "leerplicht", "outflow"]
KINDS: tuple[str, ...] = get_args(CaseKind)


@dataclass(frozen=True)
class Fact:
    """A fact the user gave: "Aantal B-codes" - "6"."""

    label: str
    value: str


@dataclass(frozen=True)
class Step:
    """Something still to do, and who does it (a partner's name, "de school", ...)."""

    what: str
    who: str = ""


@dataclass(frozen=True)
class PartnerLine:
    """A partner of the case and why it fits."""

    name: str
    why: str = ""


@dataclass(frozen=True)
class CasePart:
    """What one kind of guidance established."""

    kind: CaseKind
    facts: tuple[Fact, ...] = ()
    conclusion: str = ""  # the engine's verdict in one or two sentences: the phase, the code, the type, ...
    done: tuple[str, ...] = ()  # what was done already, as the user told it
    todo: tuple[Step, ...] = ()
    partners: tuple[PartnerLine, ...] = ()
    sections: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "facts": [{"label": f.label, "value": f.value} for f in self.facts],
            "conclusion": self.conclusion,
            "done": list(self.done),
            "todo": [{"what": s.what, "who": s.who} for s in self.todo],
            "partners": [{"name": p.name, "why": p.why} for p in self.partners],
            "sections": list(self.sections),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CasePart:
        return cls(
            kind=data["kind"],
            facts=tuple(Fact(str(f["label"]), str(f["value"])) for f in data.get("facts") or ()),
            conclusion=str(data.get("conclusion") or ""),
            done=tuple(str(d) for d in data.get("done") or ()),
            todo=tuple(Step(str(s["what"]), str(s.get("who") or "")) for s in data.get("todo") or ()),
            partners=tuple(PartnerLine(str(p["name"]), str(p.get("why") or "")) for p in data.get("partners") or ()),
            sections=tuple(str(s) for s in data.get("sections") or ()),
        )


@dataclass(frozen=True)
class Case:
    """The parts of a conversation's case, in the order they were last established."""

    parts: tuple[CasePart, ...] = field(default_factory=tuple)

    @property
    def sections(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for part in self.parts for s in part.sections))

    def with_part(self, part: CasePart) -> Case:
        """The case with ``part``, which replaces an earlier part of its kind."""
        return Case((*(p for p in self.parts if p.kind != part.kind), part))

    def get(self, kind: str) -> CasePart | None:
        return next((p for p in self.parts if p.kind == kind), None)

    def to_dict(self) -> dict[str, Any]:
        return {"parts": [p.to_dict() for p in self.parts]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Case:
        """The case a slot holds; an empty case for None or a value that is no case (a slot set by hand)."""
        if not isinstance(data, Mapping):
            return cls()
        raw_parts = data.get("parts")
        if not isinstance(raw_parts, list):
            return cls()
        parts = []
        for raw in raw_parts:
            try:
                parts.append(CasePart.from_dict(raw))
            except (KeyError, TypeError, ValueError, AttributeError):
                continue  # a damaged part is left out, the rest of the case still counts
        return cls(tuple(parts))


def facts(pairs: Iterable[tuple[str, str | None]], role: str | None) -> tuple[Fact, ...]:
    """Facts from (label key, value) pairs, leaving out the values that are not known; each label is the text
    ``case.fact.<key>``."""
    return tuple(Fact(render(f"case.fact.{key}", role), value) for key, value in pairs if value)


def _bullets(lines: Iterable[str]) -> list[str]:
    return [f"- {line}" for line in lines]


def _lower_article(name: str) -> str:
    """ "De school" inside a sentence: "de school"; other names as they are ("CLB", "Lokale politie")."""
    return "d" + name[1:] if name.startswith("De ") else name


def part_lines(part: CasePart, role: str | None) -> list[str]:
    """One part of the summary: its heading, the facts, the verdict, what was done, what is still to do, the
    partners."""
    lines = [render(f"case.kind.{part.kind}", role)]
    if part.facts:
        lines.append(render("case.facts", role))
        lines += _bullets(f"{f.label}: {f.value}" for f in part.facts)
    if part.conclusion:
        lines.append(render("case.conclusion", role, conclusion=part.conclusion))
    if part.done:
        lines.append(render("case.done", role))
        lines += _bullets(part.done)
    if part.todo:
        lines.append(render("case.todo", role))
        lines += _bullets(
            render("case.step_who", role, what=s.what.rstrip("."), who=_lower_article(s.who)) if s.who else s.what
            for s in part.todo
        )
    if part.partners:
        lines.append(render("case.partners", role))
        lines += _bullets(f"{p.name}: {p.why}" if p.why else p.name for p in part.partners)
    return lines


def source_lines(refs: Iterable[SectionRef], role: str | None) -> list[str]:
    return [render("case.sources", role), *_bullets(f"{r.title} ({r.id})" for r in refs)]


def summary_text(case: Case, repo: KnowledgeRepository, role: str | None) -> str:
    """The case as plain text to copy into a report: a heading, one block per part, the sources."""
    if not case.parts:
        return render("case.empty", role)
    blocks = [[render("case.heading", role)]]
    blocks += [part_lines(part, role) for part in case.parts]
    blocks.append(source_lines(repo.section_refs(list(case.sections)), role))
    blocks.append([render("case.footer", role)])
    return "\n\n".join("\n".join(block) for block in blocks)
