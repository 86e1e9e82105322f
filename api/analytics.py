"""Anonymous usage figures for the network coordinators: one row per chat turn, one per feedback.

No conversation text is kept, except the (already masked) message of a turn the assistant could not place.
The tables live beside the knowledge tables and ``chat_sessions``, created the same way (``api/sessions.py``).
"""

from __future__ import annotations

import json
import logging
import threading
import weakref
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Protocol

from sqlalchemy import Boolean, DateTime, Engine, Integer, String, Text, func, inspect, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from starlette.concurrency import run_in_threadpool

from api.privacy import mask_personal_data
from api.tracker_events import TRACKER_EVENTS

log = logging.getLogger(__name__)

ROLES = ("staff", "parent", "youth", "unknown")
FALLBACK_INTENT = "nlu_fallback"
FALLBACK_ACTION = "action_default_fallback"


class AnalyticsBase(DeclarativeBase):
    pass


class ChatTurn(AnalyticsBase):
    __tablename__ = "chat_turns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    role: Mapped[str] = mapped_column(String(10))
    intent: Mapped[str | None] = mapped_column(String(100))
    topic: Mapped[str | None] = mapped_column(String(100))
    journey_started: Mapped[str | None] = mapped_column(String(100))
    journey_finished: Mapped[str | None] = mapped_column(String(100))
    fallback: Mapped[bool] = mapped_column(Boolean, default=False)
    unplaced: Mapped[str | None] = mapped_column(Text)


class ChatFeedback(AnalyticsBase):
    __tablename__ = "chat_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    role: Mapped[str] = mapped_column(String(10))
    rating: Mapped[str] = mapped_column(String(4))
    topic: Mapped[str | None] = mapped_column(String(100))
    comment: Mapped[str | None] = mapped_column(Text)


# Engines whose analytics tables exist. A WeakSet, not ids: a new engine may get the id of a disposed one.
_create_lock = threading.Lock()
_ready: weakref.WeakSet[Engine] = weakref.WeakSet()


def ensure_tables(engine: Engine) -> None:
    """Create the analytics tables once per engine (they live beside the knowledge tables)."""
    # One thread at a time (the API's thread pool); another API process may create them at the same moment: then
    # CREATE fails here once, and the second look finds them.
    with _create_lock:
        if engine not in _ready:
            try:
                AnalyticsBase.metadata.create_all(engine)
            except SQLAlchemyError:
                AnalyticsBase.metadata.create_all(engine)
            _ready.add(engine)


def role_of(role: str | None) -> str:
    return role if role in ROLES else "unknown"


# -- reading a turn from the Rasa tracker ----------------------------------------------------------------------
@dataclass(frozen=True)
class TurnInfo:
    """What the latest turn of a conversation was about, read from its Rasa tracker."""

    intent: str | None = None
    topic: str | None = None
    journey_started: str | None = None
    journey_finished: str | None = None
    fallback: bool = False


def _short(value: Any) -> str | None:
    return str(value)[:100] if isinstance(value, str) and value else None


def read_turn(tracker: Mapping[str, Any]) -> TurnInfo:
    """The latest turn of ``tracker`` (the JSON of Rasa's ``GET /conversations/{id}/tracker``).

    The turn is the last ``user`` event and the events after it. Its intent and first ``topic`` entity come from
    the user event's ``parse_data``; an ``active_loop`` event with a name starts a journey (a form), one with
    name null ends the journey that was active (also when it started in an earlier turn). The turn is a fallback
    when the intent is ``nlu_fallback`` or ``action_default_fallback`` ran.
    """
    raw = tracker.get("events")
    events = [e for e in raw if isinstance(e, dict)] if isinstance(raw, list) else []
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    if not users:
        return TurnInfo()
    last = users[-1]
    parse = events[last].get("parse_data")
    parse = parse if isinstance(parse, dict) else {}
    intent_data = parse.get("intent")
    intent = _short(intent_data.get("name")) if isinstance(intent_data, dict) else None
    entities = parse.get("entities")
    topics = [
        _short(e.get("value"))
        for e in (entities if isinstance(entities, list) else [])
        if isinstance(e, dict) and e.get("entity") == "topic" and _short(e.get("value"))
    ]
    active: str | None = None
    for event in events[:last]:
        if event.get("event") == "active_loop":
            active = _short(event.get("name"))
    started = finished = None
    fallback = intent == FALLBACK_INTENT
    for event in events[last + 1 :]:
        kind = event.get("event")
        if kind == "active_loop":
            name = _short(event.get("name"))
            if name and name != active:
                started = name
            elif name is None and active:
                finished = active
            active = name
        elif kind == "action" and event.get("name") == FALLBACK_ACTION:
            fallback = True
    return TurnInfo(intent, topics[0] if topics else None, started, finished, fallback)


# -- the figures -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DailyFigures:
    date: date
    conversations: int
    messages: int
    fallbacks: int

    @property
    def fallback_rate(self) -> float:
        return round(self.fallbacks / self.messages, 4) if self.messages else 0.0


@dataclass(frozen=True)
class RoleFigures:
    role: str
    conversations: int
    messages: int


@dataclass(frozen=True)
class JourneyFigures:
    journey: str
    started: int
    finished: int


@dataclass(frozen=True)
class FeedbackFigures:
    topic: str | None
    up: int
    down: int


@dataclass(frozen=True)
class Comment:
    created_at: datetime
    topic: str | None
    rating: str
    comment: str


def _utc(value: datetime) -> datetime:
    """A stored time as an aware UTC datetime (SQLite gives it back naive, PostgreSQL aware)."""
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The period from ``start`` to ``end``, both days included, in UTC."""
    return (
        datetime.combine(start, time.min, tzinfo=timezone.utc),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=timezone.utc),
    )


class Analytics:
    """Writes the usage rows and reads the dashboard's figures for a period (both days included, UTC)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        bind = session.get_bind()
        ensure_tables(bind if isinstance(bind, Engine) else bind.engine)

    # writing
    def record_turn(
        self,
        session_id: str,
        role: str | None,
        turn: TurnInfo,
        message: str | None = None,
        at: datetime | None = None,
    ) -> ChatTurn:
        """One turn; ``message`` is kept only when the turn is a fallback, masked (again: masking is idempotent)."""
        row = ChatTurn(
            session_id=session_id,
            created_at=at or datetime.now(timezone.utc),
            role=role_of(role),
            intent=turn.intent,
            topic=turn.topic,
            journey_started=turn.journey_started,
            journey_finished=turn.journey_finished,
            fallback=turn.fallback,
            unplaced=mask_personal_data(message) if turn.fallback and message else None,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def record_feedback(
        self,
        session_id: str,
        role: str | None,
        rating: str,
        topic: str | None,
        comment: str | None,
        at: datetime | None = None,
    ) -> ChatFeedback:
        """One thumbs up or down; ``comment`` is masked before it is stored."""
        row = ChatFeedback(
            session_id=session_id,
            created_at=at or datetime.now(timezone.utc),
            role=role_of(role),
            rating=rating,
            topic=topic,
            comment=mask_personal_data(comment) if comment else None,
        )
        self.session.add(row)
        self.session.flush()
        return row

    # reading
    def _turns(self, start: date, end: date) -> Sequence[ChatTurn]:
        low, high = _bounds(start, end)
        query = (
            select(ChatTurn)
            .where(ChatTurn.created_at >= low, ChatTurn.created_at < high)
            .order_by(ChatTurn.created_at, ChatTurn.id)
        )
        return self.session.scalars(query).all()

    def _feedback(self, start: date, end: date) -> Sequence[ChatFeedback]:
        low, high = _bounds(start, end)
        query = (
            select(ChatFeedback)
            .where(ChatFeedback.created_at >= low, ChatFeedback.created_at < high)
            .order_by(ChatFeedback.created_at.desc(), ChatFeedback.id.desc())
        )
        return self.session.scalars(query).all()

    def count_conversations(self, start: date, end: date) -> int:
        """Conversations (distinct sessions) with at least one turn in the period."""
        return len({t.session_id for t in self._turns(start, end)})

    def list_daily(self, start: date, end: date) -> list[DailyFigures]:
        """Per day with at least one turn: conversations (distinct sessions), messages and fallbacks."""
        sessions: dict[date, set[str]] = defaultdict(set)
        messages: Counter[date] = Counter()
        fallbacks: Counter[date] = Counter()
        for turn in self._turns(start, end):
            day = _utc(turn.created_at).date()
            sessions[day].add(turn.session_id)
            messages[day] += 1
            fallbacks[day] += int(turn.fallback)
        return [DailyFigures(day, len(sessions[day]), messages[day], fallbacks[day]) for day in sorted(messages)]

    def list_roles(self, start: date, end: date) -> list[RoleFigures]:
        """Per role (staff, parent, youth, unknown, all four always): conversations and messages."""
        sessions: dict[str, set[str]] = defaultdict(set)
        messages: Counter[str] = Counter()
        for turn in self._turns(start, end):
            sessions[turn.role].add(turn.session_id)
            messages[turn.role] += 1
        return [RoleFigures(role, len(sessions[role]), messages[role]) for role in ROLES]

    def count_topics(self, start: date, end: date) -> list[tuple[str, int]]:
        """Turns per topic entity, most frequent first."""
        return _most_common(t.topic for t in self._turns(start, end) if t.topic)

    def count_intents(self, start: date, end: date) -> list[tuple[str, int]]:
        """Turns per intent, most frequent first."""
        return _most_common(t.intent for t in self._turns(start, end) if t.intent)

    def list_journeys(self, start: date, end: date) -> list[JourneyFigures]:
        """Per journey (form): how often it started and how often it finished, most started first."""
        started: Counter[str] = Counter()
        finished: Counter[str] = Counter()
        for turn in self._turns(start, end):
            if turn.journey_started:
                started[turn.journey_started] += 1
            if turn.journey_finished:
                finished[turn.journey_finished] += 1
        names = sorted(set(started) | set(finished), key=lambda n: (-started[n], -finished[n], n))
        return [JourneyFigures(n, started[n], finished[n]) for n in names]

    def list_unplaced(self, start: date, end: date, limit: int = 50) -> list[tuple[str, int]]:
        """The questions the assistant could not place (masked, lower-cased), most frequent first."""
        return _most_common((t.unplaced.strip().lower() for t in self._turns(start, end) if t.unplaced), limit)

    def list_feedback(self, start: date, end: date) -> list[FeedbackFigures]:
        """Thumbs up and down per topic (None: the rated answer had no section), most rated first."""
        up: Counter[str | None] = Counter()
        down: Counter[str | None] = Counter()
        for row in self._feedback(start, end):
            (up if row.rating == "up" else down)[row.topic] += 1
        topics = sorted(set(up) | set(down), key=lambda t: (-(up[t] + down[t]), t or ""))
        return [FeedbackFigures(t, up[t], down[t]) for t in topics]

    def list_comments(self, start: date, end: date) -> list[Comment]:
        """The feedback comments (masked), newest first."""
        return [
            Comment(_utc(r.created_at), r.topic, r.rating, r.comment) for r in self._feedback(start, end) if r.comment
        ]


def _most_common(values: Any, limit: int | None = None) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter(values)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ranked[:limit] if limit is not None else ranked


# -- recording a chat turn after the reply ---------------------------------------------------------------------
class TrackerSource(Protocol):
    async def tracker(self, sender_id: str) -> dict[str, Any]: ...


# The tracker-store engines known to hold Rasa's ``events`` table.
_ENGINES_WITH_EVENTS: weakref.WeakSet[Engine] = weakref.WeakSet()


class TrackerStoreTurns:
    """The latest turn of a conversation, read straight from Rasa's SQL tracker store (``TRACKER_STORE_URL``, the
    ``events`` table of Rasa's ``SQLTrackerStore``, as ``api.retention`` reads it): the events from the last user
    message on, and the last ``active_loop`` event before it (the journey that was active). Three indexed queries,
    whatever the length of the conversation; Rasa's tracker endpoint would rebuild and send the whole conversation
    (bench/load_bench.py: 13 % of Rasa's time under load, and more with every message). When the table or the turn
    is not there (another tracker store), it asks Rasa (``fallback``)."""

    def __init__(self, engine: Engine, fallback: TrackerSource) -> None:
        self.engine = engine
        self.fallback = fallback

    async def tracker(self, sender_id: str) -> dict[str, Any]:
        try:
            events = await run_in_threadpool(self._latest_turn, sender_id)
        except SQLAlchemyError:
            log.warning("could not read the turn from the tracker store; asking Rasa", exc_info=True)
            events = None
        if events is None:
            return await self.fallback.tracker(sender_id)
        return {"sender_id": sender_id, "events": events}

    def _latest_turn(self, sender_id: str) -> list[dict[str, Any]] | None:
        if self.engine not in _ENGINES_WITH_EVENTS:  # one look per engine (a turn source is made per message)
            if "events" not in inspect(self.engine).get_table_names():
                return None
            _ENGINES_WITH_EVENTS.add(self.engine)
        events = TRACKER_EVENTS.c
        mine = events.sender_id == sender_id
        with self.engine.connect() as conn:
            last_user = conn.scalar(select(func.max(events.id)).where(mine, events.type_name == "user"))
            if last_user is None:
                return None
            loop = conn.scalar(
                select(events.data)
                .where(mine, events.type_name == "active_loop", events.id < last_user)
                .order_by(events.id.desc())
                .limit(1)
            )
            turn = conn.scalars(select(events.data).where(mine, events.id >= last_user).order_by(events.id)).all()
        return [json.loads(data) for data in ([loop] if loop else []) + list(turn)]


async def record_chat_turn(
    rasa: TrackerSource, engine: Engine, session_id: str, role: str | None, message: str
) -> None:
    """Read the turn from the Rasa tracker and store it (a background task: a failure is logged, never raised)."""

    def write(turn: TurnInfo) -> None:
        with Session(engine) as session:
            Analytics(session).record_turn(session_id, role, turn, message)
            session.commit()

    try:
        turn = read_turn(await rasa.tracker(session_id))
        # The database write blocks: in the thread pool, so the event loop keeps serving other requests.
        await run_in_threadpool(write, turn)
    except Exception:
        log.warning("could not record the usage of a chat turn", exc_info=True)
