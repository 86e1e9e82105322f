"""GET /api/v1/glossary: the abbreviations and terms of the draaiboek."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from api.deps import RepositoryDep
from api.schemas import CitedSectionOut, Sources, with_sources

router = APIRouter(prefix="/api/v1", tags=["kennisbank"])


class GlossaryTermOut(BaseModel):
    id: str
    term: str
    expansion: str
    explanation: str | None = None
    sections: list[CitedSectionOut]

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": "clb",
                "term": "CLB",
                "expansion": "Centrum voor Leerlingenbegeleiding",
                "explanation": "Begeleidt leerlingen samen met de school, onder meer bij leerplichtproblemen.",
                "sections": [{"section": "actoren.4.1", "title": "Het CLB: leerplichtbegeleiding"}],
            }
        }
    )


@router.get("/glossary", response_model=list[GlossaryTermOut], summary="Woordenlijst van afkortingen")
def list_glossary(repo: RepositoryDep) -> list[GlossaryTermOut]:
    """Elke afkorting en elk vakwoord van het draaiboek (CLB, NAFT, ROTS, OCJ, VOS, ...) met uitleg."""
    sources = Sources(repo)
    return [GlossaryTermOut.model_validate({"id": g.id, **with_sources(g, sources)}) for g in repo.list_glossary()]
