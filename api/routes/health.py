"""GET /api/health: is every part up?"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from api.deps import RasaDep, RepositoryDep
from api.rasa_client import InstanceStatus

router = APIRouter(prefix="/api", tags=["health"])


class InstanceOut(BaseModel):
    url: str
    ok: bool
    detail: str


class PartOut(BaseModel):
    ok: bool
    detail: str
    instances: list[InstanceOut] = Field(default_factory=list, description="Elke instantie van dit onderdeel")


class HealthOut(BaseModel):
    status: Literal["ok", "degraded"]
    failing: list[str] = Field(description="De onderdelen die niet werken: rasa, actions en/of knowledge")
    failing_instances: list[str] = Field(
        default_factory=list, description="Elke instantie die niet antwoordt, ook als een andere overneemt"
    )
    parts: dict[str, PartOut]


def _part(name: str, instances: list[InstanceStatus]) -> PartOut:
    """A part works while at least one of its instances works; each instance is listed."""
    up = [i for i in instances if i.ok]
    detail = instances[0].detail if len(instances) == 1 else f"{len(up)} van {len(instances)} {name}-instanties werken"
    return PartOut(
        ok=bool(up),
        detail=detail,
        instances=[InstanceOut(url=i.url, ok=i.ok, detail=i.detail) for i in instances],
    )


@router.get(
    "/health",
    summary="Werken alle onderdelen?",
    response_model=HealthOut,
    responses={
        200: {
            "description": "Alle onderdelen werken (status 'degraded': een instantie ligt stil, een andere neemt over)"
        },
        503: {"model": HealthOut, "description": "Minstens één onderdeel werkt niet"},
    },
)
async def health(rasa: RasaDep, repo: RepositoryDep) -> JSONResponse:
    rasa_instances = await rasa.rasa_instances()
    action_instances = await rasa.action_server_instances()
    try:
        count = await run_in_threadpool(repo.count_items)
        kb_ok, kb_detail = count > 0, f"{count} items" if count else "de kennisbank is leeg"
    except SQLAlchemyError:
        kb_ok, kb_detail = False, "de kennisbank is niet bereikbaar"
    parts = {
        "rasa": _part("Rasa", rasa_instances),
        "actions": _part("actieserver", action_instances),
        "knowledge": PartOut(ok=kb_ok, detail=kb_detail),
    }
    failing = [name for name, p in parts.items() if not p.ok]
    # Every instance that does not answer, by name and address, also while another one takes over.
    failing_instances = [
        f"{name} {i.url}: {i.detail}"
        for name, instances in (("rasa", rasa_instances), ("actions", action_instances))
        for i in instances
        if not i.ok
    ]
    status: Literal["ok", "degraded"] = "ok" if not failing and not failing_instances else "degraded"
    body = HealthOut(status=status, failing=failing, failing_instances=failing_instances, parts=parts)
    return JSONResponse(status_code=503 if failing else 200, content=body.model_dump())
