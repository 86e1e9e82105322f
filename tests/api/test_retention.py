"""Retention (api/retention.py, `make purge`) on real databases: SQLite files, and PostgreSQL when
``TEST_DATABASE_URL`` points to a server (in a schema of its own, dropped afterwards, as in
tests/knowledge/test_postgres.py)."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select

from api.analytics import AnalyticsBase, ChatFeedback, ChatTurn
from api.retention import TRACKER_EVENTS, main, purge
from api.sessions import ChatSession, SessionBase
from api.settings import get_api_settings
from knowledge.db import make_engine
from tests.pg import schema_engine

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)
PG_URL = os.environ.get("TEST_DATABASE_URL", "")


@dataclass
class Stores:
    app: Engine
    tracker: Engine


def _sqlite(tmp_path: Path) -> Iterator[Stores]:
    app = make_engine(f"sqlite:///{tmp_path / 'knowledge.db'}")
    tracker = make_engine(f"sqlite:///{tmp_path / 'rasa-tracker.db'}")
    yield Stores(app, tracker)
    app.dispose()
    tracker.dispose()


def _postgres() -> Iterator[Stores]:
    with schema_engine(PG_URL, "retention_test") as engine:
        yield Stores(engine, engine)  # the API's tables and the tracker store in one database, as can be deployed


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(not PG_URL, reason="TEST_DATABASE_URL is niet gezet: geen PostgreSQL-server"),
        ),
    ]
)
def stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Stores]:
    yield from (_sqlite(tmp_path) if request.param == "sqlite" else _postgres())


def seed(stores: Stores, now: datetime = NOW) -> None:
    """Conversations of every kind, with their last activity:
    - old: 40 days ago in every table; api-old: only the API's row, 31 days; rasa-old: only in the tracker, 90 days;
    - recent: 2 days ago; mixed: started 60 days ago, its last message in Rasa yesterday (the API row is old);
    - edge: exactly 30 days ago (not older than 30 days: kept)."""
    SessionBase.metadata.create_all(stores.app)
    AnalyticsBase.metadata.create_all(stores.app)
    TRACKER_EVENTS.metadata.create_all(stores.tracker)
    ago = {"old": 40, "api-old": 31, "recent": 2, "mixed": 60, "edge": 30}
    with stores.app.begin() as conn:
        for sid, days in ago.items():
            moment = now - timedelta(days=days)
            conn.execute(
                insert(ChatSession), [{"id": sid, "role": "parent", "created_at": moment, "last_seen": moment}]
            )
            if sid == "api-old":
                continue
            turn = {"session_id": sid, "created_at": moment, "role": "parent", "fallback": False}
            conn.execute(insert(ChatTurn), [turn, turn])
            conn.execute(
                insert(ChatFeedback), [{"session_id": sid, "created_at": moment, "role": "parent", "rating": "up"}]
            )
    events = {"old": [40, 40, 40], "rasa-old": [90, 90], "recent": [3, 2], "mixed": [60, 60, 1], "edge": [30]}
    with stores.tracker.begin() as conn:
        for sid, days_list in events.items():
            for days in days_list:
                stamp = (now - timedelta(days=days)).timestamp()
                conn.execute(
                    insert(TRACKER_EVENTS),
                    [
                        {
                            "sender_id": sid,
                            "type_name": "user",
                            "timestamp": stamp,
                            "intent_name": "greet",
                            "data": json.dumps({"event": "user", "text": "[naam] vraagt iets", "timestamp": stamp}),
                        }
                    ],
                )


def ids(stores: Stores) -> dict[str, set[str]]:
    with stores.app.connect() as conn:
        out = {
            "chat_sessions": set(conn.scalars(select(ChatSession.id))),
            "chat_turns": set(conn.scalars(select(ChatTurn.session_id))),
            "chat_feedback": set(conn.scalars(select(ChatFeedback.session_id))),
        }
    with stores.tracker.connect() as conn:
        out["events"] = set(conn.scalars(select(TRACKER_EVENTS.c.sender_id)))
    return out


def test_old_conversations_go_from_every_store_and_the_others_stay(stores: Stores) -> None:
    seed(stores)
    report = purge(stores.app, stores.tracker, days=30, now=NOW)
    assert {c.table: (c.conversations, c.rows) for c in report.counts} == {
        "chat_sessions": (2, 2),  # old, api-old
        "chat_turns": (1, 2),
        "chat_feedback": (1, 1),
        "events": (2, 5),  # old (3 events), rasa-old (2)
    }
    kept = {"recent", "mixed", "edge"}
    assert ids(stores) == {"chat_sessions": kept, "chat_turns": kept, "chat_feedback": kept, "events": kept}
    # The conversation with old and recent events keeps all of them, and its old rows in the API's tables.
    with stores.tracker.connect() as conn:
        mixed = conn.scalars(select(TRACKER_EVENTS.c.id).where(TRACKER_EVENTS.c.sender_id == "mixed")).all()
    assert len(mixed) == 3
    # Nothing left to delete: a second run deletes nothing.
    again = purge(stores.app, stores.tracker, days=30, now=NOW)
    assert all(c.rows == 0 for c in again.counts)


def test_a_dry_run_counts_and_deletes_nothing(stores: Stores) -> None:
    seed(stores)
    before = ids(stores)
    report = purge(stores.app, stores.tracker, days=30, now=NOW, dry_run=True)
    assert sum(c.rows for c in report.counts) == 10
    assert ids(stores) == before
    assert "proefdraai" in report.lines()[0] and "zou verwijderen" in report.lines()[1]


def test_the_number_of_days_sets_the_limit(stores: Stores) -> None:
    seed(stores)
    purge(stores.app, stores.tracker, days=1, now=NOW)
    # Only "mixed" is left: its last message was exactly one day ago, not more.
    assert ids(stores) == {
        "chat_sessions": {"mixed"},
        "chat_turns": {"mixed"},
        "chat_feedback": {"mixed"},
        "events": {"mixed"},
    }


def test_one_conversation_is_deleted_on_request(stores: Stores) -> None:
    seed(stores)
    report = purge(stores.app, stores.tracker, session_id="recent", now=NOW)
    assert {c.table: c.rows for c in report.counts} == {
        "chat_sessions": 1,
        "chat_turns": 2,
        "chat_feedback": 1,
        "events": 2,
    }
    assert all("recent" not in found for found in ids(stores).values())
    assert ids(stores)["chat_sessions"] == {"old", "api-old", "mixed", "edge"}


def test_days_or_session_but_not_both() -> None:
    engine = make_engine("sqlite://")
    with pytest.raises(ValueError):
        purge(engine, engine, days=30, session_id="x")
    with pytest.raises(ValueError):
        purge(engine, engine)
    with pytest.raises(ValueError):
        purge(engine, engine, days=0)


# -- the command ---------------------------------------------------------------------------------------------------
@pytest.fixture()
def files(tmp_path: Path) -> Iterator[tuple[str, str, Stores]]:
    for stores in _sqlite(tmp_path):
        # The command counts from the real clock: seeded an hour ahead of it, "edge" is just inside 30 days.
        seed(stores, datetime.now(timezone.utc) + timedelta(hours=1))
        yield str(stores.app.url), str(stores.tracker.url), stores


def test_the_command_reports_in_dutch_per_store(
    files: tuple[str, str, Stores], capsys: pytest.CaptureFixture[str]
) -> None:
    app_url, tracker_url, stores = files
    assert main(["--days", "30", "--database-url", app_url, "--tracker-url", tracker_url]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Gesprekken met een laatste activiteit vóór ")
    assert out[1:] == [
        "  gesprekken van de API (chat_sessions): verwijderd: 2 gesprekken, 2 rijen",
        "  gebruiksrijen (dashboard) (chat_turns): verwijderd: 1 gesprek, 2 rijen",
        "  feedback (chat_feedback): verwijderd: 1 gesprek, 1 rij",
        "  Rasa-gesprekken (tracker store) (events): verwijderd: 2 gesprekken, 5 rijen",
    ]
    assert ids(stores)["events"] == {"recent", "mixed", "edge"}


def test_the_command_takes_its_days_from_retention_days(
    files: tuple[str, str, Stores], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    app_url, tracker_url, _ = files
    monkeypatch.setenv("RETENTION_DAYS", "100000")
    get_api_settings.cache_clear()
    try:
        assert main(["--dry-run", "--database-url", app_url, "--tracker-url", tracker_url]) == 0
    finally:
        get_api_settings.cache_clear()
    out = capsys.readouterr().out
    assert "proefdraai" in out and "zou verwijderen: 0 gesprekken, 0 rijen" in out
    assert "verwijderd:" not in out


def test_the_command_deletes_one_session_or_says_it_is_unknown(
    files: tuple[str, str, Stores], capsys: pytest.CaptureFixture[str]
) -> None:
    app_url, tracker_url, stores = files
    args = ["--database-url", app_url, "--tracker-url", tracker_url]
    assert main(["--session", "mixed", *args]) == 0
    assert "Eén gesprek op vraag verwijderen" in capsys.readouterr().out
    assert all("mixed" not in found for found in ids(stores).values())
    assert main(["--session", "bestaat-niet", *args]) == 1
    assert "Geen gesprek gevonden met sessie-id bestaat-niet" in capsys.readouterr().err


def test_missing_databases_are_empty_stores_and_are_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app, tracker = tmp_path / "geen.db", tmp_path / "geen-tracker.db"
    assert main(["--database-url", f"sqlite:///{app}", "--tracker-url", f"sqlite:///{tracker}"]) == 0
    assert capsys.readouterr().out.count("verwijderd: 0 gesprekken, 0 rijen") == 4
    assert not app.exists() and not tracker.exists()


def test_days_below_one_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--days", "0"])
    assert exc.value.code == 2
    assert "--days moet minstens 1 zijn" in capsys.readouterr().err


# -- Rasa's own tracker store on the same file -----------------------------------------------------------------------
RASA_PYTHON = Path(__file__).resolve().parents[2] / ".venv-rasa" / "bin" / "python"
RASA_SCRIPT = """
import asyncio, json, sys
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=sys.argv[1])

async def main():
    if sys.argv[2] == "save":
        for sender, stamp in json.loads(sys.argv[3]).items():
            tracker = DialogueStateTracker(sender, [])
            tracker.update(UserUttered("[naam] vraagt iets", timestamp=stamp))
            tracker.update(ActionExecuted("action_listen", timestamp=stamp + 1))
            await store.save(tracker)
    else:
        found = {}
        for sender in json.loads(sys.argv[3]):
            tracker = await store.retrieve(sender)
            found[sender] = len(tracker.events) if tracker else 0
        print(json.dumps(found))

asyncio.run(main())
"""


def _rasa(db: Path, *args: str) -> str:
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", RASA_SCRIPT, str(db), *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


@pytest.mark.skipif(not RASA_PYTHON.exists(), reason=".venv-rasa ontbreekt (make venvs)")
def test_rasa_sql_tracker_store_forgets_what_was_purged(tmp_path: Path) -> None:
    """Trackers written by Rasa 3.6's SQLTrackerStore itself: the old one is purged, Rasa still reads the other."""
    db = tmp_path / "rasa-tracker.db"
    now = datetime.now(timezone.utc)
    stamps = {"oud": (now - timedelta(days=45)).timestamp(), "nieuw": (now - timedelta(days=1)).timestamp()}
    _rasa(db, "save", json.dumps(stamps))
    app = make_engine(f"sqlite:///{tmp_path / 'knowledge.db'}")
    tracker = make_engine(f"sqlite:///{db}")
    try:
        report = purge(app, tracker, days=30)
    finally:
        app.dispose()
        tracker.dispose()
    assert [(c.table, c.conversations, c.rows) for c in report.counts if c.rows] == [("events", 1, 2)]
    assert json.loads(_rasa(db, "read", json.dumps(list(stamps)))) == {"oud": 0, "nieuw": 2}
