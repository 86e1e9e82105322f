"""POST /api/v1/feedback: a thumbs up or down on an answer of the chat, with an optional comment."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from api.analytics import Analytics
from api.deps import SessionDep
from api.privacy import mask_personal_data
from api.sessions import SESSION_ID_PATTERN, SessionStore

router = APIRouter(prefix="/api/v1", tags=["feedback"])

SectionId = Annotated[str, StringConstraints(min_length=1, max_length=100)]


class FeedbackIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "session_id": "Qk3v0n9cV1m5d2xQ8wA7yZ4tP6rS1uE0",
                    "rating": "up",
                    "comment": "Duidelijk antwoord, dank je.",
                    "sections": ["actoren.2"],
                }
            ]
        }
    )

    session_id: str = Field(pattern=SESSION_ID_PATTERN)
    rating: Literal["up", "down"]
    comment: str | None = Field(default=None, max_length=500)
    sections: list[SectionId] = Field(default_factory=list, max_length=10)

    @field_validator("comment")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None


class FeedbackOut(BaseModel):
    ok: bool = True


@router.post(
    "/feedback",
    status_code=201,
    summary="Een antwoord beoordelen (duim omhoog of omlaag)",
    response_model=FeedbackOut,
    responses={
        404: {"description": "Onbekend of verlopen gesprek"},
        422: {"description": "Ongeldige beoordeling"},
    },
)
def feedback(body: FeedbackIn, db: SessionDep) -> FeedbackOut:
    chat_session = SessionStore(db).get(body.session_id)
    if chat_session is None:
        raise HTTPException(status_code=404, detail="Dit gesprek is onbekend of verlopen. Begin een nieuw gesprek.")
    comment = mask_personal_data(body.comment) if body.comment else None
    topic = body.sections[0] if body.sections else None
    Analytics(db).record_feedback(chat_session.id, chat_session.role, body.rating, topic, comment)
    return FeedbackOut()
