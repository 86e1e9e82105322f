"""GET /api/v1/sections: the draaiboek's section ids and how many knowledge items cite each."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import RepositoryDep

router = APIRouter(prefix="/api/v1", tags=["kennisbank"])


class SectionOut(BaseModel):
    id: str
    title: str
    lines: tuple[int, int]
    item_count: int


@router.get("/sections", response_model=list[SectionOut], summary="Secties van het draaiboek")
def list_sections(repo: RepositoryDep) -> list[SectionOut]:
    return [
        SectionOut(id=s.id, title=s.title, lines=(s.line_start, s.line_end), item_count=s.item_count)
        for s in repo.list_sections()
    ]
