"""The only way the actions and the API read the knowledge base: small typed queries.

Search builds on this module (``knowledge.search.search(repo, query)``), never the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from knowledge.content_cache import ContentCache
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


@dataclass(frozen=True)
class _Row:
    """An item's data as the typed queries read it (the snapshot's copy of an ``Item``)."""

    id: str
    data: dict[str, Any]
    # The typed record of this data, by model, made once (records are frozen, so they can be shared).
    records: dict[type[BaseModel], BaseModel] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class _Snapshot:
    """Every item's data of one loaded content, by kind in content order and by id: read once per content hash."""

    by_kind: dict[str, list[_Row]]
    by_id: dict[str, _Row]


# The snapshots of the last few contents (an admin reload loads new content with a new hash), by content hash.
_SNAPSHOTS: ContentCache[_Snapshot] = ContentCache(4)


def _record(model: type[M], row: _Row) -> M:
    found = row.records.get(model)
    if isinstance(found, model):
        return found
    fields = model.model_fields
    record = model.model_validate({k: v for k, v in row.data.items() if k in fields or k not in _EXTRA_KEYS})
    row.records[model] = record
    return record


class KnowledgeRepository:
    """Typed reads of the knowledge base. The typed ``get_*`` / ``list_*`` queries read a snapshot of every item's
    data, taken once per loaded content (its hash, one query per repository) and shared by the process: a chat turn
    asks the engines dozens of them, and the content changes only when it is loaded again. Content without a hash
    (not loaded by ``knowledge.loader``) is read from the database each time."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._snapshot: _Snapshot | None = None
        self._snapshot_read = False

    # -- generic -----------------------------------------------------------------------------
    def _content(self) -> _Snapshot | None:
        if not self._snapshot_read:
            self._snapshot_read = True
            digest = self.content_hash()
            if digest is not None:
                self._snapshot = _SNAPSHOTS.get(digest, self._take_snapshot)
        return self._snapshot

    def _take_snapshot(self) -> _Snapshot:
        by_kind: dict[str, list[_Row]] = {}
        by_id: dict[str, _Row] = {}
        for item_id, kind, data in self.session.execute(select(Item.id, Item.kind, Item.data).order_by(Item.position)):
            row = _Row(item_id, data)
            by_kind.setdefault(kind, []).append(row)
            by_id[item_id] = row
        return _Snapshot(by_kind, by_id)

    def _items(self, kind: str) -> list[_Row]:
        snapshot = self._content()
        if snapshot is not None:
            return list(snapshot.by_kind.get(kind, []))
        return [
            _Row(i.id, i.data)
            for i in self.session.scalars(select(Item).where(Item.kind == kind).order_by(Item.position))
        ]

    def _item(self, kind: str, key: str) -> _Row | None:
        snapshot = self._content()
        if snapshot is not None:
            return snapshot.by_id.get(f"{kind}:{key}")
        item = self.session.get(Item, f"{kind}:{key}")
        return _Row(item.id, item.data) if item else None

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
        return [_record(Code, i) for i in self._items("code")]

    def get_code(self, code: str) -> Code | None:
        item = self._item("code", code.upper())
        return _record(Code, item) if item else None

    def list_code_reasons(self, code: str | None = None) -> list[tuple[str, CodeReason]]:
        items = self._items("code-reason")
        return [(i.data["code"], _record(CodeReason, i)) for i in items if code is None or i.data["code"] == code]

    # -- absence types -----------------------------------------------------------------------
    def list_absence_types(self, group: str | None = None) -> list[AbsenceType]:
        types = [_record(AbsenceType, i) for i in self._items("absence-type")]
        return [t for t in types if group is None or t.group == group]

    def get_absence_type(self, type_id: str) -> AbsenceType | None:
        item = self._item("absence-type", type_id)
        return _record(AbsenceType, item) if item else None

    # -- partners ----------------------------------------------------------------------------
    def list_partners(self, kind: str | None = None, track: str | None = None) -> list[Partner]:
        partners = [_record(Partner, i) for i in self._items("partner")]
        return [p for p in partners if (kind is None or p.kind == kind) and (track is None or track in p.tracks)]

    def get_partner(self, partner_id: str) -> Partner | None:
        item = self._item("partner", partner_id)
        return _record(Partner, item) if item else None

    # -- care continuum ----------------------------------------------------------------------
    def list_tracks(self) -> list[TrackContent]:
        return [_record(TrackContent, i) for i in self._items("track")]

    def get_track(self, track_id: str) -> TrackContent | None:
        item = self._item("track", track_id)
        return _record(TrackContent, item) if item else None

    def get_phase(self, track_id: str, number: int) -> Phase | None:
        item = self._item("phase", f"{track_id}.{number}")
        return _record(Phase, item) if item else None

    def list_steps(self, track_id: str | None = None) -> list[StepInTrack]:
        items = self._items("step")
        return [
            StepInTrack(_record(Step, i), i.data["track"], i.data["phase"])
            for i in items
            if track_id is None or i.data["track"] == track_id
        ]

    def get_step(self, step_id: str) -> StepInTrack | None:
        item = self._item("step", step_id)
        return StepInTrack(_record(Step, item), item.data["track"], item.data["phase"]) if item else None

    def list_practices(self, track_id: str | None = None) -> list[Practice]:
        return [_record(Practice, i) for i in self._items("practice") if track_id in (None, i.data["track"])]

    def list_questions(self, track_id: str | None = None) -> list[Question]:
        return [_record(Question, i) for i in self._items("question") if track_id in (None, i.data["track"])]

    # -- checklists, topics, glossary --------------------------------------------------------
    def list_checklists(self) -> list[Checklist]:
        return [_record(Checklist, i) for i in self._items("checklist")]

    def get_checklist(self, checklist_id: str) -> Checklist | None:
        item = self._item("checklist", checklist_id)
        return _record(Checklist, item) if item else None

    def list_topics(self, kind: str | None = None) -> list[Topic]:
        topics = [_record(Topic, i) for i in self._items("topic")]
        return [t for t in topics if kind is None or t.kind == kind]

    def get_topic(self, topic_id: str) -> Topic | None:
        item = self._item("topic", topic_id)
        return _record(Topic, item) if item else None

    def list_glossary(self) -> list[GlossaryTerm]:
        return [_record(GlossaryTerm, i) for i in self._items("term")]

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
