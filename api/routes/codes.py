"""GET /api/v1/codes and /api/v1/codes/{code}: the absence codes (Z, R, P, M, A, B, L, H, ...)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from api.deps import RepositoryDep
from api.schemas import CitedSectionOut, Sources, not_found, with_sources

router = APIRouter(prefix="/api/v1", tags=["kennisbank"])


class CodeReasonOut(BaseModel):
    id: str
    text: str
    document: str | None = None
    limit: str | None = None
    only_for: str | None = None
    sections: list[CitedSectionOut]


class CodeOut(BaseModel):
    code: str
    name: str
    category: str
    summary: str
    justified_by: str | None = None
    documents: list[str]
    limits: list[str]
    reasons: list[CodeReasonOut]
    sections: list[CitedSectionOut]

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "code": "Z",
                "name": "Afwezigheid om medische reden (ziekte)",
                "category": "gewettigd",
                "summary": "De leerling is ziek en dat wordt aangetoond met een geldig stuk.",
                "justified_by": (
                    "De ouders (eigen verklaring), een arts (medisch attest) of de CLB-arts (attest chronisch ziek)."
                ),
                "documents": ["schriftelijke verklaring van de ouders", "medisch attest"],
                "limits": [
                    "Een eigen verklaring van de ouders geldt voor hoogstens 3 opeenvolgende kalenderdagen en "
                    "kan maximaal 4 keer per jaar gebruikt worden."
                ],
                "reasons": [
                    {
                        "id": "z-verklaring-ouders",
                        "text": "Een korte ziekte die de ouders zelf schriftelijk verklaren.",
                        "document": "schriftelijke verklaring van de ouders",
                        "limit": "maximaal 3 opeenvolgende kalenderdagen en maximaal 4 keer per jaar",
                        "only_for": None,
                        "sections": [{"section": "terminologie.2.1", "title": "Geoorloofd relatief schoolverzuim"}],
                    }
                ],
                "sections": [{"section": "terminologie.2.1", "title": "Geoorloofd relatief schoolverzuim"}],
            }
        }
    )


def _code_out(code: Any, sources: Sources) -> CodeOut:
    data = with_sources(code, sources)
    data["reasons"] = [{**r, "sections": sources(r["sections"])} for r in data["reasons"]]
    return CodeOut.model_validate(data)


@router.get("/codes", response_model=list[CodeOut], summary="Alle afwezigheidscodes")
def list_codes(repo: RepositoryDep) -> list[CodeOut]:
    """De afwezigheidscodes (Z, R, P, M, A, B, L, H, ...) met wat eronder valt, wie wettigt en met welk document."""
    sources = Sources(repo)
    return [_code_out(c, sources) for c in repo.list_codes()]


@router.get(
    "/codes/{code}",
    response_model=CodeOut,
    summary="Eén afwezigheidscode",
    responses={
        404: {
            "description": "Onbekende code",
            "content": {
                "application/json": {
                    "example": {"detail": "Onbekende code 'Q'. Gekende codes: Z, R, P, M, A, B, L, H."}
                }
            },
        }
    },
)
def get_code(code: str, repo: RepositoryDep) -> CodeOut:
    """Eén code, hoofdletterongevoelig (``z`` = ``Z``)."""
    found = repo.get_code(code.strip()) if code.strip() else None
    if found is None:
        raise not_found("code", code, [c.code for c in repo.list_codes()])
    return _code_out(found, Sources(repo))
