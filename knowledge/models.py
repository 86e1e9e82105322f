"""SQLAlchemy 2 models of the knowledge base.

Every piece of content is an ``Item`` (a code, one reason under a code, a partner, a step, a checklist, a topic,
a glossary term, ...). ``data`` keeps the validated record as JSON so the repository can hand out typed objects;
the columns hold what is queried or searched. ``item_sections`` links every item to the sections it cites.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


item_sections = Table(
    "item_sections",
    Base.metadata,
    Column("item_id", ForeignKey("items.id", ondelete="CASCADE"), primary_key=True),
    Column("section_id", ForeignKey("sections.id", ondelete="CASCADE"), primary_key=True),
)


class Section(Base):
    __tablename__ = "sections"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    line_start: Mapped[int] = mapped_column(Integer)
    line_end: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)


class Item(Base):
    __tablename__ = "items"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)  # "<kind>:<key>"
    kind: Mapped[str] = mapped_column(String(30), index=True)
    key: Mapped[str] = mapped_column(String(80), index=True)
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)

    sections: Mapped[list[Section]] = relationship(secondary=item_sections, order_by=Section.position)


class Meta(Base):
    """Key/value facts about the loaded content, e.g. its hash."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
