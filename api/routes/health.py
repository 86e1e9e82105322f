"""GET /api/health: is every part up?"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from api.deps import RasaDep, RepositoryDep

router = APIRouter(prefix="/api", tags=["health"])


class PartOut(BaseModel):
    ok: bool
    detail: str


class HealthOut(BaseModel):
    status: Literal["ok", "degraded"]
    failing: list[str] = Field(description="De onderdelen die niet werken: rasa, actions en/of knowledge")
    parts: dict[str, PartOut]


@router.get(
    "/health",
    summary="Werken alle onderdelen?",
    response_model=HealthOut,
    responses={
        200: {"description": "Alle onderdelen werken"},
        503: {"model": HealthOut, "description": "Minstens één onderdeel werkt niet"},
    },
)
async def health(rasa: RasaDep, repo: RepositoryDep) -> JSONResponse:
    rasa_ok, rasa_detail = await rasa.rasa_status()
    actions_ok, actions_detail = await rasa.action_server_status()
    try:
        count = await run_in_threadpool(repo.count_items)
        kb_ok, kb_detail = count > 0, f"{count} items" if count else "de kennisbank is leeg"
    except SQLAlchemyError:
        kb_ok, kb_detail = False, "de kennisbank is niet bereikbaar"
    parts = {
        "rasa": PartOut(ok=rasa_ok, detail=rasa_detail),
        "actions": PartOut(ok=actions_ok, detail=actions_detail),
        "knowledge": PartOut(ok=kb_ok, detail=kb_detail),
    }
    failing = [name for name, p in parts.items() if not p.ok]
    body = HealthOut(status="degraded" if failing else "ok", failing=failing, parts=parts)
    return JSONResponse(status_code=503 if failing else 200, content=body.model_dump())
