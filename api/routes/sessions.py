"""GET /api/v1/sessions/{id}/summary: the case summary of a chat conversation, as JSON and as text to copy.

The chat keeps the case in the Rasa slot ``case`` (``knowledge.case``); this router reads it from the Rasa server
and renders it in the conversation's role, the same way the chat answers "maak een samenvatting".
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Path
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from api.deps import RasaDep, RepositoryDep, SessionDep
from api.errors import error_response
from api.rasa_client import RasaUnavailable, history_from_events
from api.routes.chat import ReplyOut
from api.schemas import CitedSectionOut, Sources
from api.sessions import SESSION_ID_PATTERN, SessionStore
from knowledge.case import CASE_SLOT, Case, summary_text
from knowledge.repository import KnowledgeRepository
from knowledge.texts import render

router = APIRouter(prefix="/api/v1/sessions", tags=["gesprekken"])


class FactOut(BaseModel):
    label: str
    value: str


class StepOut(BaseModel):
    what: str = Field(description="Wat er moet gebeuren")
    who: str = Field(description="Wie het doet; leeg als het draaiboek dat niet zegt")


class PartnerOut(BaseModel):
    name: str
    why: str


class CasePartOut(BaseModel):
    kind: str = Field(description="b-code, classification, which-code, illness, partners, leerplicht of outflow")
    title: str
    facts: list[FactOut]
    conclusion: str
    done: list[str]
    todo: list[StepOut]
    partners: list[PartnerOut]
    sections: list[CitedSectionOut]


class SummaryOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "session_id": "Qk3v0n9cV1m5d2xQ8wA7yZ4tP6rS1uE0",
                "role": "staff",
                "empty": False,
                "text": "Samenvatting voor het zorgteam of een overleg met het CLB (zonder namen)\n\n...",
                "parts": [],
                "sources": [{"section": "actoren.2", "title": "De school"}],
            }
        }
    )

    session_id: str
    role: str | None
    empty: bool = Field(description="Waar als het gesprek nog geen begeleiding over een casus gaf")
    text: str = Field(description="De samenvatting als platte tekst, om te kopiëren")
    parts: list[CasePartOut]
    sources: list[CitedSectionOut]


class HistoryMessageOut(ReplyOut):
    sender: Literal["user", "bot"] = Field(description="Wie het bericht stuurde: de gebruiker of de assistent")


class HistoryOut(BaseModel):
    session_id: str
    role: str | None
    messages: list[HistoryMessageOut] = Field(description="Het gesprek zoals de chat het toonde, oudste eerst")


# The newest messages a page reload shows again.
HISTORY_LIMIT = 200


def known_role(db: Session, session_id: str) -> str | None:
    """The role of a known conversation (None: no role chosen); a 404 when the conversation is unknown. Blocking:
    the async routes run it in the thread pool."""
    chat_session = SessionStore(db).get(session_id)
    if chat_session is None:
        raise HTTPException(status_code=404, detail="Dit gesprek is onbekend of verlopen. Begin een nieuw gesprek.")
    return chat_session.role


@router.get(
    "/{session_id}/history",
    summary="Het gesprek tot nu toe, om na het herladen van de pagina opnieuw te tonen",
    response_model=HistoryOut,
    responses={
        404: error_response("Onbekend of verlopen gesprek"),
        503: error_response("De assistent of de kennisbank is niet bereikbaar"),
    },
)
async def history(
    session_id: Annotated[str, Path(pattern=SESSION_ID_PATTERN)],
    db: SessionDep,
    rasa: RasaDep,
) -> HistoryOut:
    role = await run_in_threadpool(known_role, db, session_id)
    try:
        events = await rasa.events(session_id)
    except RasaUnavailable as exc:
        raise HTTPException(
            status_code=503,
            detail="De assistent is even niet bereikbaar, dus je gesprek ook niet. Probeer het zo meteen opnieuw.",
        ) from exc
    messages = [HistoryMessageOut(sender=entry.sender, **asdict(entry.reply)) for entry in history_from_events(events)]
    return HistoryOut(session_id=session_id, role=role, messages=messages[-HISTORY_LIMIT:])


@router.get(
    "/{session_id}/summary",
    summary="Samenvatting van de casus van een gesprek",
    response_model=SummaryOut,
    responses={
        404: error_response("Onbekend of verlopen gesprek"),
        503: error_response("De assistent of de kennisbank is niet bereikbaar"),
    },
)
async def summary(
    session_id: Annotated[str, Path(pattern=SESSION_ID_PATTERN)],
    db: SessionDep,
    repo: RepositoryDep,
    rasa: RasaDep,
) -> SummaryOut:
    role = await run_in_threadpool(known_role, db, session_id)
    try:
        stored = await rasa.slot(session_id, CASE_SLOT)
    except RasaUnavailable as exc:
        raise HTTPException(
            status_code=503,
            detail="De assistent is even niet bereikbaar, dus de samenvatting ook niet. Probeer het zo meteen opnieuw.",
        ) from exc
    # The sections' titles and the summary's text come from the knowledge base: in the thread pool.
    return await run_in_threadpool(_summary, session_id, role, Case.from_dict(stored), repo)


def _summary(session_id: str, role: str | None, case: Case, repo: KnowledgeRepository) -> SummaryOut:
    sources = Sources(repo)
    parts = [
        CasePartOut(
            kind=part.kind,
            title=render(f"case.kind.{part.kind}", role),
            facts=[FactOut(label=f.label, value=f.value) for f in part.facts],
            conclusion=part.conclusion,
            done=list(part.done),
            todo=[StepOut(what=s.what, who=s.who) for s in part.todo],
            partners=[PartnerOut(name=p.name, why=p.why) for p in part.partners],
            sections=[CitedSectionOut(**s) for s in sources(list(part.sections))],
        )
        for part in case.parts
    ]
    return SummaryOut(
        session_id=session_id,
        role=role,
        empty=not case.parts,
        text=summary_text(case, repo, role),
        parts=parts,
        sources=[CitedSectionOut(**s) for s in sources(list(case.sections))],
    )
