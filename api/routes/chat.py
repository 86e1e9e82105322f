"""POST /api/chat: one message in, the assistant's replies out."""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.concurrency import run_in_threadpool

from api.analytics import TrackerStoreTurns, record_chat_turn
from api.deps import RasaDep, SessionDep, SettingsDep, TrackerEngineDep
from api.errors import TOO_MANY, error_response
from api.limits import RateLimits, check_session_limit, get_rate_limits
from api.privacy import mask_personal_data
from api.rasa_client import ActionsUnavailable, RasaUnavailable
from api.sessions import SESSION_ID_PATTERN, ChatSession, SessionStore
from knowledge.schema import Audience
from knowledge.texts import render

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api", tags=["chat"])

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
# A message must hold at least one character that is neither a blank nor removed by _CONTROL (declared in the spec;
# the validator below enforces it with its own Dutch message).
NOT_BLANK = r"[^\s\x00-\x1f\x7f\x85\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]"


class ChatRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"session_id": None, "message": "Wat moet ik doen na 5 B-codes?", "role": "staff"}]
        }
    )

    session_id: str | None = Field(default=None, pattern=SESSION_ID_PATTERN)
    message: str = Field(
        description="Het bericht van de gebruiker: niet leeg, hoogstens MAX_MESSAGE_CHARS tekens (standaard 2000)",
        json_schema_extra={"minLength": 1, "pattern": NOT_BLANK},
    )
    role: Audience | None = None

    @field_validator("message")
    @classmethod
    def _clean(cls, value: str) -> str:
        value = _CONTROL.sub("", unicodedata.normalize("NFC", value)).strip()
        if not value:
            raise ValueError("Je bericht is leeg. Typ een vraag over afwezigheid op school.")
        return value


class Button(BaseModel):
    title: str
    payload: str


class Source(BaseModel):
    section: str
    title: str


class ReplyOut(BaseModel):
    text: str
    buttons: list[Button] = []
    sources: list[Source] = []


class ChatResponse(BaseModel):
    session_id: str
    replies: list[ReplyOut]


def get_store(session: SessionDep) -> SessionStore:
    return SessionStore(session)


@router.post(
    "/chat",
    summary="Een bericht aan de assistent sturen",
    response_model=ChatResponse,
    responses={
        404: error_response("Onbekend of verlopen gesprek"),
        413: error_response("Bericht te groot"),
        422: error_response("Leeg of ongeldig bericht"),
        **TOO_MANY,
        503: error_response("De assistent of de kennisbank is niet bereikbaar"),
    },
)
async def chat(
    request: ChatRequest,
    settings: SettingsDep,
    rasa: RasaDep,
    store: Annotated[SessionStore, Depends(get_store)],
    db: SessionDep,
    tracker_engine: TrackerEngineDep,
    limits: Annotated[RateLimits, Depends(get_rate_limits)],
    background: BackgroundTasks,
) -> ChatResponse:
    if len(request.message) > settings.max_message_chars:
        raise HTTPException(
            status_code=422,
            detail=f"Je bericht is te lang: hoogstens {settings.max_message_chars} tekens. Stel je vraag korter.",
        )
    if request.session_id:
        await check_session_limit(limits, request.session_id)

    def open_session() -> ChatSession | None:
        """The conversation, found or new, saved before Rasa is asked (blocking: run in the thread pool)."""
        found = store.get(request.session_id) if request.session_id else store.create(request.role)
        if found is not None:
            store.touch(found, request.role)
            db.commit()  # the session exists even if Rasa is down, so the user can retry in the same conversation
        return found

    chat_session = await run_in_threadpool(open_session)
    if chat_session is None:
        raise HTTPException(status_code=404, detail="Dit gesprek is onbekend of verlopen. Begin een nieuw gesprek.")

    message = mask_personal_data(request.message)
    masked = message != request.message
    metadata = {"role": chat_session.role} if chat_session.role else {}
    try:
        replies = await rasa.send(chat_session.id, message, metadata)
    except ActionsUnavailable as exc:
        # Rasa kept the message but could not run its action: a short apology, not silence.
        log.warning("action server unavailable: %s", exc)
        apology = ReplyOut(text=render("api.actions_down", chat_session.role))
        return ChatResponse(session_id=chat_session.id, replies=[apology])
    except RasaUnavailable as exc:
        log.warning("rasa unavailable: %s", exc)
        raise HTTPException(
            status_code=503,
            detail="De assistent is even niet bereikbaar. Je gesprek is bewaard; probeer het zo meteen opnieuw.",
        ) from exc
    out = [ReplyOut.model_validate(r, from_attributes=True) for r in replies]
    if not out:
        out = [ReplyOut(text=render("api.no_reply", chat_session.role))]
    if masked:
        # The user typed personal data: the assistant did not see it; say once, gently, that it is not needed.
        out.append(ReplyOut(text=render("api.privacy_reminder", chat_session.role)))
    # Anonymous usage figures for the dashboard, read from the tracker store after the reply has gone out.
    engine = db.get_bind()
    turns = TrackerStoreTurns(tracker_engine, rasa)
    background.add_task(record_chat_turn, turns, engine.engine, chat_session.id, chat_session.role, message)
    return ChatResponse(session_id=chat_session.id, replies=out)
