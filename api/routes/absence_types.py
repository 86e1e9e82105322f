"""GET /api/v1/absence-types and /api/v1/absence-types/{type_id}: the kinds of absence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from api.deps import RepositoryDep
from api.schemas import CitedSectionOut, Sources, not_found, with_sources
from knowledge.schema import AbsenceGroup

router = APIRouter(prefix="/api/v1", tags=["kennisbank"])


class AbsenceTypeOut(BaseModel):
    id: str
    name: str
    group: str
    summary: str
    signals: list[str]
    distinguish: list[str]
    codes: list[str]
    track: str | None = None
    sections: list[CitedSectionOut]

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": "luxeverzuim",
                "name": "Luxeverzuim",
                "group": "spijbelvorm",
                "summary": "De leerling blijft buiten de schoolvakanties weg om op reis te gaan.",
                "signals": ["Afwezig vlak voor of na een vakantie", "De ouders weten ervan"],
                "distinguish": ["Zonder toestemming van de directie is dit geen gewettigde afwezigheid."],
                "codes": ["B"],
                "track": "b-code",
                "sections": [{"section": "terminologie.2.2", "title": "Ongeoorloofd relatief verzuim (B-code)"}],
            }
        }
    )


@router.get("/absence-types", response_model=list[AbsenceTypeOut], summary="Soorten afwezigheid")
def list_absence_types(
    repo: RepositoryDep,
    group: Annotated[AbsenceGroup | None, Query(description="Alleen deze groep")] = None,
) -> list[AbsenceTypeOut]:
    """Spijbelvormen en -gedrag, schoolonthouding, onmacht en onwil, schoolweigering, ziekte, absoluut verzuim."""
    sources = Sources(repo)
    return [AbsenceTypeOut.model_validate(with_sources(t, sources)) for t in repo.list_absence_types(group)]


@router.get(
    "/absence-types/{type_id}",
    response_model=AbsenceTypeOut,
    summary="Eén soort afwezigheid",
    responses={404: {"description": "Onbekende soort afwezigheid"}},
)
def get_absence_type(type_id: str, repo: RepositoryDep) -> AbsenceTypeOut:
    found = repo.get_absence_type(type_id.strip().lower())
    if found is None:
        raise not_found("soort afwezigheid", type_id, [t.id for t in repo.list_absence_types()], "soorten")
    return AbsenceTypeOut.model_validate(with_sources(found, Sources(repo)))
