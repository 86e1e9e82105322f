"""Chat sessions: which ids the API handed out, so an unknown id gets a clear answer."""

from __future__ import annotations

import secrets
import threading
from datetime import datetime, timezone

from sqlalchemy import DateTime, Engine, String, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

SESSION_ID_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"


class SessionBase(DeclarativeBase):
    pass


class ChatSession(SessionBase):
    __tablename__ = "chat_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))


_create_lock = threading.Lock()
_ready: set[int] = set()


def ensure_tables(engine: Engine) -> None:
    """Create the sessions table once per engine (it lives beside the knowledge tables)."""
    # One thread at a time (the API's thread pool); another API process may create them at the same moment: then
    # CREATE fails here once, and the second look finds them.
    with _create_lock:
        if id(engine) not in _ready:
            try:
                SessionBase.metadata.create_all(engine)
            except SQLAlchemyError:
                SessionBase.metadata.create_all(engine)
            _ready.add(id(engine))


class SessionStore:
    def __init__(self, session: Session) -> None:
        self.session = session
        bind = session.get_bind()
        ensure_tables(bind if isinstance(bind, Engine) else bind.engine)

    def create(self, role: str | None) -> ChatSession:
        now = datetime.now(timezone.utc)
        chat = ChatSession(id=secrets.token_urlsafe(24), role=role, created_at=now, last_seen=now)
        self.session.add(chat)
        self.session.flush()
        return chat

    def get(self, session_id: str) -> ChatSession | None:
        return self.session.scalar(select(ChatSession).where(ChatSession.id == session_id))

    def touch(self, chat: ChatSession, role: str | None) -> None:
        chat.last_seen = datetime.now(timezone.utc)
        if role:
            chat.role = role
