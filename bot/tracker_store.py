"""Rasa's SQL tracker store, with connections checked before use and the events of recent conversations kept in
memory. Rasa loads it by module path (``type: bot.tracker_store.CachingSQLTrackerStore`` in endpoints.yml, written
by ``python -m deploy.endpoints``); it runs in .venv-rasa, with the repository root on PYTHONPATH (bot/rasa_env.sh).

``PrePingSQLTrackerStore``: Rasa 3.6's ``SQLTrackerStore`` keeps its pooled connections without checking them: after
the database restarts, the first read of a conversation fails, and Rasa's fail-safe wrapper then answers from a new,
empty tracker, so the conversation would lose its slots for that turn. This subclass checks a connection before
handing it out, as the API and the action server do.

``CachingSQLTrackerStore``: Rasa reads every event of a conversation from the database, parses its JSON and makes an
event object of it, for every message (and twice when the API reads the tracker). A conversation of fifty messages
holds some six hundred events, so each message cost more than the one before (bench/load_bench.py: 2.3 x the
latency after twenty messages). This store keeps the event objects of the most recent conversations and reads from
the database only the events with a higher id than the last one it holds, so several Rasa instances on one
database still see each other's events. The tracker is rebuilt from the events as Rasa does it. When the oldest
event it holds is gone from the database (the conversation was purged), it reads the conversation again.
"""

from __future__ import annotations

import itertools
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import Event, SessionStarted, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker

# How many events the cache holds in all (an event object takes a few KiB); TRACKER_CACHE_EVENTS overrides it, 0
# turns the cache off.
DEFAULT_CACHE_EVENTS = 20_000
# The attribute on a tracker read by the caching store: (number of stored events of its session, the last of them).
STORED_ATTRIBUTE = "_afwezig_stored_events"


def _sqlite_wal(dbapi_conn: Any, _record: Any) -> None:
    """SQLite (make run): a commit per message need not wait for the disk (write-ahead log, synchronous=NORMAL)."""
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class PrePingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        kwargs = create_engine_kwargs(url)
        if url.get_backend_name() == "sqlite":
            # SQLAlchemy 1.4 opens a new SQLite connection for every session of a file database (NullPool): a few
            # connections kept open instead.
            kwargs |= {"poolclass": sa.pool.QueuePool, "connect_args": {"check_same_thread": False}}
        self.engine = sa.create_engine(url, pool_pre_ping=True, **kwargs)
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_wal)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)


@dataclass
class CachedConversation:
    first_id: int
    last_id: int
    events: list[Event]


def latest_session(events: list[Event]) -> list[Event]:
    """The events of the latest conversation session, as Rasa's SQL store selects them: those with a timestamp at or
    after the latest ``session_started`` event's (all of them when there is none)."""
    starts = [e.timestamp for e in events if isinstance(e, SessionStarted)]
    if not starts:
        return events
    start = max(starts)
    return [e for e in events if e.timestamp >= start]


class CachingSQLTrackerStore(PrePingSQLTrackerStore):
    def __init__(self, *args: Any, cache_events: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if cache_events is None:
            cache_events = int(os.environ.get("TRACKER_CACHE_EVENTS", DEFAULT_CACHE_EVENTS))
        self.cache_events = cache_events
        self._cache: OrderedDict[str, CachedConversation] = OrderedDict()
        self._cached = 0
        self._lock = threading.Lock()

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        if self.cache_events <= 0:
            return await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        events = self._events(sender_id)
        if not fetch_events_from_all_sessions:
            events = latest_session(events)
        if not self.domain or not events:
            return None
        tracker = DialogueStateTracker.from_events(sender_id, events, self.domain.slots)
        if not fetch_events_from_all_sessions:
            # What is stored of this session, so that saving this tracker need not count it again in the database.
            setattr(tracker, STORED_ATTRIBUTE, (len(events), events[-1]))
        return tracker

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        """The tracker's events that are not stored yet. Rasa counts the stored events of the session in the
        database on every save; for a tracker this store read, it knows the count already (the events it was made
        of are still the first ones of the tracker)."""
        stored = getattr(tracker, STORED_ATTRIBUTE, None)  # set by _retrieve, only when the cache is on
        if stored is not None:
            count, last = stored
            if len(tracker.events) >= count and tracker.events[count - 1] is last:
                return itertools.islice(tracker.events, count, len(tracker.events))
        result: Iterator[Event] = super()._additional_events(session, tracker)
        return result

    def _events(self, sender_id: str) -> list[Event]:
        """Every event of the conversation, in id order: the cached ones and the newer ones from the database."""
        table = self.SQLEvent
        with self._lock:
            cached = self._cache.get(sender_id)
        with self.session_scope() as session:
            if cached is not None:
                first = session.query(sa.func.min(table.id)).filter(table.sender_id == sender_id).scalar()
                if first != cached.first_id:
                    cached = None  # purged (or rewritten): read it again
            after = cached.last_id if cached is not None else -1
            rows = (
                session.query(table.id, table.data)
                .filter(table.sender_id == sender_id, table.id > after)
                .order_by(table.id)
                .all()
            )
        new = deserialise_events([json.loads(data) for _, data in rows])
        if cached is None:
            if not rows:
                self._forget(sender_id)
                return []
            cached = CachedConversation(first_id=rows[0][0], last_id=rows[-1][0], events=new)
        elif rows:
            cached = CachedConversation(cached.first_id, rows[-1][0], [*cached.events, *new])
        self._remember(sender_id, cached)
        return list(cached.events)

    def _remember(self, sender_id: str, conversation: CachedConversation) -> None:
        with self._lock:
            old = self._cache.pop(sender_id, None)
            self._cached -= len(old.events) if old else 0
            if len(conversation.events) > self.cache_events:
                return
            self._cache[sender_id] = conversation
            self._cached += len(conversation.events)
            while self._cached > self.cache_events:
                _, evicted = self._cache.popitem(last=False)
                self._cached -= len(evicted.events)

    def _forget(self, sender_id: str) -> None:
        with self._lock:
            old = self._cache.pop(sender_id, None)
            self._cached -= len(old.events) if old else 0
