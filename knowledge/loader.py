"""Load the validated content into the database. Reloading is idempotent.

``python -m knowledge.loader`` validates the content and (re)loads it into ``DATABASE_URL``
(SQLite by default). It does nothing when the content did not change since the last load,
unless ``--force`` is given.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, Engine, delete, inspect, select
from sqlalchemy.orm import Session

from knowledge.models import Base, Item, Meta, Section
from knowledge.schema import Content
from knowledge.validate import CONTENT_DIR, SECTIONS_FILE, ContentError, load_sections, read_content

HASH_KEY = "content_hash"


@dataclass
class ItemRow:
    id: str
    kind: str
    key: str
    title: str
    summary: str
    record: BaseModel
    sections: list[str]
    parent_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def item_rows(content: Content) -> list[ItemRow]:
    """Flatten the content into one row per citable item."""
    rows: list[ItemRow] = []
    for c in content.codes:
        rows.append(ItemRow(f"code:{c.code}", "code", c.code, f"Code {c.code}: {c.name}", c.summary, c, c.sections))
        for r in c.reasons:
            rows.append(
                ItemRow(
                    f"code-reason:{r.id}",
                    "code-reason",
                    r.id,
                    r.text,
                    r.limit or "",
                    r,
                    r.sections,
                    parent_id=f"code:{c.code}",
                    extra={"code": c.code},
                )
            )
    for a in content.absence_types:
        rows.append(ItemRow(f"absence-type:{a.id}", "absence-type", a.id, a.name, a.summary, a, a.sections))
    for p in content.partners:
        title = f"{p.name} ({p.full_name})" if p.full_name and p.full_name != p.name else p.name
        rows.append(ItemRow(f"partner:{p.id}", "partner", p.id, title, p.description, p, p.sections))
    for t in content.tracks:
        rows.append(ItemRow(f"track:{t.id}", "track", t.id, t.name, t.summary, t, t.sections))
        for ph in t.phases:
            phase_id = f"phase:{t.id}.{ph.number}"
            rows.append(
                ItemRow(
                    phase_id,
                    "phase",
                    f"{t.id}.{ph.number}",
                    f"{t.name}, fase {ph.number}: {ph.name}",
                    ph.summary,
                    ph,
                    ph.sections,
                    parent_id=f"track:{t.id}",
                    extra={"track": t.id, "phase": ph.number},
                )
            )
            for s in ph.steps:
                rows.append(
                    ItemRow(
                        f"step:{s.id}",
                        "step",
                        s.id,
                        s.action,
                        s.trigger or "",
                        s,
                        s.sections,
                        parent_id=phase_id,
                        extra={"track": t.id, "phase": ph.number},
                    )
                )
            for pr in ph.practices:
                rows.append(
                    ItemRow(
                        f"practice:{pr.id}",
                        "practice",
                        pr.id,
                        pr.title,
                        pr.text,
                        pr,
                        pr.sections,
                        parent_id=phase_id,
                        extra={"track": t.id, "phase": ph.number},
                    )
                )
            for q in ph.questions:
                rows.append(
                    ItemRow(
                        f"question:{q.id}",
                        "question",
                        q.id,
                        q.text,
                        "",
                        q,
                        q.sections,
                        parent_id=phase_id,
                        extra={"track": t.id, "phase": ph.number},
                    )
                )
    for cl in content.checklists:
        rows.append(ItemRow(f"checklist:{cl.id}", "checklist", cl.id, cl.name, cl.summary, cl, cl.sections))
    for tp in content.topics:
        rows.append(ItemRow(f"topic:{tp.id}", "topic", tp.id, tp.title, tp.summary, tp, tp.sections))
    for g in content.glossary:
        rows.append(
            ItemRow(f"term:{g.id}", "term", g.id, f"{g.term}: {g.expansion}", g.explanation or "", g, g.sections)
        )
    return rows


def content_hash(content_dir: Path = CONTENT_DIR, sections_file: Path = SECTIONS_FILE) -> str:
    digest = hashlib.sha256()
    for path in [sections_file, *sorted(content_dir.glob("*.yml"))]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _tables_are_current(conn: Connection) -> bool:
    """Whether every knowledge table that exists has the columns of the models (an older schema does not)."""
    inspector = inspect(conn)
    return all(
        {c["name"] for c in inspector.get_columns(table.name)} == set(table.columns.keys())
        for table in Base.metadata.sorted_tables
        if inspector.has_table(table.name)
    )


def _ensure_tables(engine: Engine) -> None:
    """Create the knowledge tables; tables of an older schema are dropped first (the loader refills them all)."""
    with engine.begin() as conn:
        if not _tables_are_current(conn):
            Base.metadata.drop_all(conn)
        Base.metadata.create_all(conn)


def load(
    engine: Engine,
    content_dir: Path = CONTENT_DIR,
    sections_file: Path = SECTIONS_FILE,
    *,
    force: bool = False,
) -> bool:
    """Validate and load the content. Returns False when the database already held this content."""
    content = read_content(content_dir, sections_file)
    digest = content_hash(content_dir, sections_file)
    _ensure_tables(engine)
    with Session(engine) as session, session.begin():
        current = session.scalar(select(Meta.value).where(Meta.key == HASH_KEY))
        if current == digest and not force:
            return False
        # Replace everything in one transaction: readers see the old or the new content, never a mix.
        session.execute(delete(Item))
        session.execute(delete(Section))
        sections = {}
        for pos, s in enumerate(load_sections(sections_file)):
            sections[s.id] = Section(id=s.id, title=s.title, line_start=s.line_start, line_end=s.line_end, position=pos)
        session.add_all(sections.values())
        session.flush()
        # item_rows() yields every parent before its children; inserts keep that order.
        for pos, row in enumerate(item_rows(content)):
            data = row.record.model_dump(mode="json")
            data.update(row.extra)
            session.add(
                Item(
                    id=row.id,
                    kind=row.kind,
                    key=row.key,
                    title=row.title,
                    summary=row.summary,
                    parent_id=row.parent_id,
                    position=pos,
                    data=data,
                    sections=[sections[s] for s in dict.fromkeys(row.sections)],
                )
            )
        session.merge(Meta(key=HASH_KEY, value=digest))
    return True


def main(argv: list[str] | None = None) -> int:
    from knowledge.db import get_engine

    parser = argparse.ArgumentParser(description="Laad de kennisbank in de databank.")
    parser.add_argument("--force", action="store_true", help="laad opnieuw, ook als de inhoud niet wijzigde")
    args = parser.parse_args(argv)
    engine = get_engine()
    try:
        changed = load(engine, force=args.force)
    except ContentError as exc:
        print(f"De inhoud bevat {len(exc.errors)} fout(en); er is niets geladen:", file=sys.stderr)
        for line in exc.errors:
            print(f"  - {line}", file=sys.stderr)
        return 1
    url = engine.url.render_as_string(hide_password=True)
    print(f"Kennisbank {'geladen' if changed else 'was al up-to-date'} ({url}).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
