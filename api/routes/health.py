"""GET /api/health: is every part up?"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from api.deps import RasaDep, RepositoryDep

router = APIRouter(prefix="/api", tags=["health"])


@router.get(
    "/health",
    summary="Werken alle onderdelen?",
    responses={
        200: {"description": "Alle onderdelen werken"},
        503: {"description": "Minstens één onderdeel werkt niet"},
    },
)
async def health(rasa: RasaDep, repo: RepositoryDep) -> JSONResponse:
    rasa_ok, rasa_detail = await rasa.rasa_status()
    actions_ok, actions_detail = await rasa.action_server_status()
    try:
        count = repo.count_items()
        kb_ok, kb_detail = count > 0, f"{count} items" if count else "de kennisbank is leeg"
    except SQLAlchemyError:
        kb_ok, kb_detail = False, "de kennisbank is niet bereikbaar"
    parts = {
        "rasa": {"ok": rasa_ok, "detail": rasa_detail},
        "actions": {"ok": actions_ok, "detail": actions_detail},
        "knowledge": {"ok": kb_ok, "detail": kb_detail},
    }
    healthy = all(p["ok"] for p in parts.values())
    failing = [name for name, p in parts.items() if not p["ok"]]
    body = {"status": "ok" if healthy else "degraded", "failing": failing, "parts": parts}
    return JSONResponse(status_code=200 if healthy else 503, content=body)
