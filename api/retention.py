"""Retention: delete conversations whose last activity is older than N days (``make purge``).

A conversation lives in four tables, in two databases:
- the API's database (``DATABASE_URL``): ``chat_sessions`` (api/sessions.py), and the usage rows ``chat_turns``
  and ``chat_feedback`` (api/analytics.py);
- Rasa's SQL tracker store (``TRACKER_STORE_URL``): ``events``, one row per event, keyed by ``sender_id`` (the
  API's session id) with a ``timestamp`` in unix seconds.

The last activity of a conversation is its latest moment in any of them; a conversation older than the limit is
deleted whole, from every table, so a conversation with an old start and a recent message is kept everywhere.
Plain SQLAlchemy Core: the same statements run on SQLite and PostgreSQL.

Usage: ``python -m api.retention [--days N] [--dry-run] [--tracker-url URL] [--database-url URL]``, or
``python -m api.retention --session ID`` to delete one conversation now, whatever its age.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import Engine, Table, delete, func, inspect, select

from api.analytics import ChatFeedback, ChatTurn
from api.sessions import ChatSession
from api.settings import get_api_settings
from api.tracker_events import TRACKER_EVENTS
from knowledge.config import get_settings
from knowledge.db import make_engine

_CHUNK = 500  # ids per DELETE ... WHERE id IN (...): well under SQLite's and PostgreSQL's parameter limits


@dataclass(frozen=True)
class StoreCount:
    """What was (or would be) deleted from one table: the conversations and their rows."""

    table: str
    conversations: int
    rows: int


@dataclass
class PurgeReport:
    cutoff: datetime | None  # None when one conversation was deleted by its id
    dry_run: bool
    counts: list[StoreCount] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report in Dutch, for the operator."""
        verb = "zou verwijderen" if self.dry_run else "verwijderd"
        if self.cutoff is None:
            head = "Eén gesprek op vraag verwijderen"
        else:
            head = f"Gesprekken met een laatste activiteit vóór {self.cutoff:%Y-%m-%d %H:%M} UTC"
        out = [head + (" (proefdraai: er wordt niets verwijderd):" if self.dry_run else ":")]
        names = {
            "chat_sessions": "gesprekken van de API",
            "chat_turns": "gebruiksrijen (dashboard)",
            "chat_feedback": "feedback",
            "events": "Rasa-gesprekken (tracker store)",
        }
        for count in self.counts:
            out.append(
                f"  {names.get(count.table, count.table)} ({count.table}): {verb}: {count.conversations} "
                f"{'gesprek' if count.conversations == 1 else 'gesprekken'}, {count.rows} "
                f"{'rij' if count.rows == 1 else 'rijen'}"
            )
        return out


def _utc(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes: they were stored in UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


# The API's tables of a conversation: the table, its session id column, its time column.
_APP_TABLES = (
    (ChatSession.metadata.tables["chat_sessions"], "id", "last_seen"),
    (ChatTurn.metadata.tables["chat_turns"], "session_id", "created_at"),
    (ChatFeedback.metadata.tables["chat_feedback"], "session_id", "created_at"),
)


def _tables(engine: Engine) -> set[str]:
    """The tables of a database; none for an SQLite file that does not exist (and it is not created)."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        return set()
    return set(inspect(engine).get_table_names())


def _app_tables(engine: Engine) -> list[tuple[Table, str, str]]:
    """The API's tables that exist in this database (a fresh database may not have them yet)."""
    existing = _tables(engine)
    return [entry for entry in _APP_TABLES if entry[0].name in existing]


def _last_activity(app_engine: Engine, tracker_engine: Engine) -> dict[str, datetime]:
    """Every conversation id in any of the tables, with its latest moment."""
    last: dict[str, datetime] = {}

    def seen(session_id: str, moment: datetime | None) -> None:
        if moment is not None and (session_id not in last or moment > last[session_id]):
            last[session_id] = moment

    tables = _app_tables(app_engine)
    if tables:
        with app_engine.connect() as conn:
            for table, id_col, time_col in tables:
                query = select(table.c[id_col], func.max(table.c[time_col])).group_by(table.c[id_col])
                for session_id, moment in conn.execute(query):
                    seen(session_id, _utc(moment) if moment is not None else None)
    if "events" in _tables(tracker_engine):
        events = TRACKER_EVENTS.c
        with tracker_engine.connect() as conn:
            query = select(events.sender_id, func.max(events.timestamp)).group_by(events.sender_id)
            for sender_id, stamp in conn.execute(query):
                seen(sender_id, datetime.fromtimestamp(stamp, timezone.utc) if stamp is not None else None)
    return last


def _chunks(ids: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _delete(engine: Engine, tables: Sequence[tuple[Table, str]], ids: Sequence[str], dry_run: bool) -> list[StoreCount]:
    """Delete the rows of ``ids`` from ``tables`` in one transaction (only count them on a dry run)."""
    counts: list[StoreCount] = []
    if not tables:
        return counts
    with engine.begin() as conn:
        for table, id_col in tables:
            column = table.c[id_col]
            rows = 0
            conversations: set[str] = set()
            for chunk in _chunks(ids):
                found = conn.execute(select(column, func.count()).where(column.in_(chunk)).group_by(column)).all()
                conversations.update(session_id for session_id, _ in found)
                rows += sum(n for _, n in found)
                if not dry_run and found:
                    conn.execute(delete(table).where(column.in_(chunk)))
            counts.append(StoreCount(table.name, len(conversations), rows))
    return counts


def purge(
    app_engine: Engine,
    tracker_engine: Engine,
    *,
    days: int | None = None,
    session_id: str | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
) -> PurgeReport:
    """Delete the conversations whose last activity is more than ``days`` days before ``now`` (or the one
    conversation ``session_id``) from the API's tables and Rasa's tracker store."""
    if (days is None) == (session_id is None):
        raise ValueError("give either days or session_id")
    if session_id is not None:
        cutoff = None
        ids: list[str] = [session_id]
    else:
        assert days is not None
        if days < 1:
            raise ValueError("days must be at least 1")
        cutoff = (now or datetime.now(timezone.utc)) - timedelta(days=days)
        ids = sorted(sid for sid, moment in _last_activity(app_engine, tracker_engine).items() if moment < cutoff)
    report = PurgeReport(cutoff=cutoff, dry_run=dry_run)
    app_tables = [(table, id_col) for table, id_col, _ in _app_tables(app_engine)]
    tracker_tables = [(TRACKER_EVENTS, "sender_id")] if "events" in _tables(tracker_engine) else []
    counts = {c.table: c for c in _delete(app_engine, app_tables, ids, dry_run)}
    counts |= {c.table: c for c in _delete(tracker_engine, tracker_tables, ids, dry_run)}
    names = [table.name for table, _, _ in _APP_TABLES] + ["events"]
    report.counts = [counts.get(name, StoreCount(name, 0, 0)) for name in names]  # a missing table: nothing
    return report


def main(argv: Sequence[str] | None = None) -> int:
    settings = get_api_settings()
    parser = argparse.ArgumentParser(
        prog="python -m api.retention",
        description="Verwijder oude gesprekken uit de API-database en uit Rasa's tracker store.",
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--days",
        type=int,
        default=None,
        help=f"gesprekken zonder activiteit in de laatste N dagen (standaard RETENTION_DAYS={settings.retention_days})",
    )
    which.add_argument("--session", help="verwijder dit ene gesprek (sessie-id), hoe oud ook")
    parser.add_argument("--dry-run", action="store_true", help="tel alleen, verwijder niets")
    parser.add_argument("--tracker-url", default=settings.tracker_store_url, help="TRACKER_STORE_URL (SQLAlchemy)")
    parser.add_argument("--database-url", default=get_settings().database_url, help="DATABASE_URL (SQLAlchemy)")
    args = parser.parse_args(argv)
    days = None if args.session else (args.days if args.days is not None else settings.retention_days)
    if days is not None and days < 1:
        parser.error("--days moet minstens 1 zijn")
    app_engine = make_engine(args.database_url)
    tracker_engine = make_engine(args.tracker_url)
    try:
        report = purge(app_engine, tracker_engine, days=days, session_id=args.session, dry_run=args.dry_run)
    finally:
        app_engine.dispose()
        tracker_engine.dispose()
    print("\n".join(report.lines()))
    if args.session and not any(c.rows for c in report.counts):
        print(f"Geen gesprek gevonden met sessie-id {args.session}.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
