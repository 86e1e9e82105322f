"""The only way the actions and the API read the knowledge base: small typed queries.

Search builds on this module (``knowledge.search.search(repo, query)``), never the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from knowledge.loader import HASH_KEY
from knowledge.models import Item, Meta, Section, item_sections
from knowledge.schema import (
    AbsenceType,
    Checklist,
    Code,
    CodeReason,
    GlossaryTerm,
    Partner,
    Phase,
    Practice,
    Question,
    Step,
    Topic,
    TrackContent,
)

M = TypeVar("M", bound=BaseModel)

# Extra keys the loader adds to ``Item.data`` beside the record's own fields.
_EXTRA_KEYS = {"code", "track", "phase"}


@dataclass(frozen=True)
class SectionRef:
    id: str
    title: str


@dataclass(frozen=True)
class SectionUsage:
    id: str
    title: str
    line_start: int
    line_end: int
    item_count: int


@dataclass(frozen=True)
class ItemRef:
    """A generic view of any item: enough to show it and cite it."""

    id: str
    kind: str
    key: str
    title: str
    summary: str
    sections: list[SectionRef]
    data: dict[str, Any]


@dataclass(frozen=True)
class StepInTrack:
    step: Step
    track: str
    phase: int


def _record(model: type[M], data: dict[str, Any]) -> M:
    fields = model.model_fields
    return model.model_validate({k: v for k, v in data.items() if k in fields or k not in _EXTRA_KEYS})


class KnowledgeRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- generic -----------------------------------------------------------------------------
    def _items(self, kind: str) -> list[Item]:
        return list(self.session.scalars(select(Item).where(Item.kind == kind).order_by(Item.position)))

    def _item(self, kind: str, key: str) -> Item | None:
        return self.session.get(Item, f"{kind}:{key}")

    def get_item(self, item_id: str) -> ItemRef | None:
        item = self.session.get(Item, item_id)
        return _ref(item) if item else None

    def list_items(self, kinds: list[str] | None = None) -> list[ItemRef]:
        query = select(Item).options(selectinload(Item.sections)).order_by(Item.position)
        if kinds:
            query = query.where(Item.kind.in_(kinds))
        return [_ref(i) for i in self.session.scalars(query)]

    def count_items(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(Item)) or 0)

    def content_hash(self) -> str | None:
        """The hash of the loaded content (see ``knowledge.loader``), None when nothing was loaded."""
        return self.session.scalar(select(Meta.value).where(Meta.key == HASH_KEY))

    # -- sections ----------------------------------------------------------------------------
    def list_sections(self) -> list[SectionUsage]:
        counts = (
            select(item_sections.c.section_id, func.count().label("n")).group_by(item_sections.c.section_id).subquery()
        )
        rows = self.session.execute(
            select(Section, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.section_id == Section.id)
            .order_by(Section.position)
        )
        return [SectionUsage(s.id, s.title, s.line_start, s.line_end, int(n)) for s, n in rows]

    def get_section(self, section_id: str) -> SectionRef | None:
        s = self.session.get(Section, section_id)
        return SectionRef(s.id, s.title) if s else None

    def section_refs(self, section_ids: list[str]) -> list[SectionRef]:
        """Titles for the given ids, in the given order, unknown ids dropped, duplicates removed."""
        wanted = list(dict.fromkeys(section_ids))
        found = {s.id: s for s in self.session.scalars(select(Section).where(Section.id.in_(wanted)))}
        return [SectionRef(i, found[i].title) for i in wanted if i in found]

    # -- codes -------------------------------------------------------------------------------
    def list_codes(self) -> list[Code]:
        return [_record(Code, i.data) for i in self._items("code")]

    def get_code(self, code: str) -> Code | None:
        item = self._item("code", code.upper())
        return _record(Code, item.data) if item else None

    def list_code_reasons(self, code: str | None = None) -> list[tuple[str, CodeReason]]:
        items = self._items("code-reason")
        return [(i.data["code"], _record(CodeReason, i.data)) for i in items if code is None or i.data["code"] == code]

    # -- absence types -----------------------------------------------------------------------
    def list_absence_types(self, group: str | None = None) -> list[AbsenceType]:
        types = [_record(AbsenceType, i.data) for i in self._items("absence-type")]
        return [t for t in types if group is None or t.group == group]

    def get_absence_type(self, type_id: str) -> AbsenceType | None:
        item = self._item("absence-type", type_id)
        return _record(AbsenceType, item.data) if item else None

    # -- partners ----------------------------------------------------------------------------
    def list_partners(self, kind: str | None = None, track: str | None = None) -> list[Partner]:
        partners = [_record(Partner, i.data) for i in self._items("partner")]
        return [p for p in partners if (kind is None or p.kind == kind) and (track is None or track in p.tracks)]

    def get_partner(self, partner_id: str) -> Partner | None:
        item = self._item("partner", partner_id)
        return _record(Partner, item.data) if item else None

    # -- care continuum ----------------------------------------------------------------------
    def list_tracks(self) -> list[TrackContent]:
        return [_record(TrackContent, i.data) for i in self._items("track")]

    def get_track(self, track_id: str) -> TrackContent | None:
        item = self._item("track", track_id)
        return _record(TrackContent, item.data) if item else None

    def get_phase(self, track_id: str, number: int) -> Phase | None:
        item = self._item("phase", f"{track_id}.{number}")
        return _record(Phase, item.data) if item else None

    def list_steps(self, track_id: str | None = None) -> list[StepInTrack]:
        items = self._items("step")
        return [
            StepInTrack(_record(Step, i.data), i.data["track"], i.data["phase"])
            for i in items
            if track_id is None or i.data["track"] == track_id
        ]

    def get_step(self, step_id: str) -> StepInTrack | None:
        item = self._item("step", step_id)
        return StepInTrack(_record(Step, item.data), item.data["track"], item.data["phase"]) if item else None

    def list_practices(self, track_id: str | None = None) -> list[Practice]:
        return [_record(Practice, i.data) for i in self._items("practice") if track_id in (None, i.data["track"])]

    def list_questions(self, track_id: str | None = None) -> list[Question]:
        return [_record(Question, i.data) for i in self._items("question") if track_id in (None, i.data["track"])]

    # -- checklists, topics, glossary --------------------------------------------------------
    def list_checklists(self) -> list[Checklist]:
        return [_record(Checklist, i.data) for i in self._items("checklist")]

    def get_checklist(self, checklist_id: str) -> Checklist | None:
        item = self._item("checklist", checklist_id)
        return _record(Checklist, item.data) if item else None

    def list_topics(self, kind: str | None = None) -> list[Topic]:
        topics = [_record(Topic, i.data) for i in self._items("topic")]
        return [t for t in topics if kind is None or t.kind == kind]

    def get_topic(self, topic_id: str) -> Topic | None:
        item = self._item("topic", topic_id)
        return _record(Topic, item.data) if item else None

    def list_glossary(self) -> list[GlossaryTerm]:
        return [_record(GlossaryTerm, i.data) for i in self._items("term")]

    def get_term(self, term: str) -> GlossaryTerm | None:
        wanted = term.strip().lower()
        return next((g for g in self.list_glossary() if g.term.lower() == wanted), None)


def _ref(item: Item) -> ItemRef:
    """The generic view of an item; its sections in the order the content lists them (its own sections first, the
    passing mentions after), as the answers cite the first few."""
    cited = item.data.get("sections") if isinstance(item.data, dict) else None
    order = {sid: i for i, sid in enumerate(cited)} if isinstance(cited, list) else {}
    sections = sorted(item.sections, key=lambda s: order.get(s.id, len(order)))
    return ItemRef(
        id=item.id,
        kind=item.kind,
        key=item.key,
        title=item.title,
        summary=item.summary,
        sections=[SectionRef(s.id, s.title) for s in sections],
        data=item.data,
    )
