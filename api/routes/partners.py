"""GET /api/v1/partners and /api/v1/partners/{partner_id}: partners and actors, with referral routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from api.deps import RepositoryDep
from api.schemas import CitedSectionOut, Sources, not_found, with_sources
from knowledge.schema import Contact, PartnerKind, Track

router = APIRouter(prefix="/api/v1", tags=["kennisbank"])


class ContactOut(Contact):
    # The response schema without the content's constraints (additionalProperties, minLength).
    model_config = ConfigDict(extra="ignore")
    label: str


class ReferralOut(BaseModel):
    who: list[str] = Field(description="Wie mag aanmelden of inschakelen")
    how: list[str] = Field(description="Hoe: A-document, M-document, meldingsfiche, telefoon, mail, website, ...")
    documents: list[str]


class PartnerDetailOut(BaseModel):
    id: str
    name: str
    full_name: str | None = None
    kind: str
    description: str
    for_whom: str
    when: list[str]
    referral: ReferralOut
    contacts: list[ContactOut]
    phases: list[int]
    tracks: list[str]
    sections: list[CitedSectionOut]

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": "rots",
                "name": "ROTS",
                "full_name": "Regionaal Overleg Tegen Schooluitval (ROTS)",
                "kind": "netwerk",
                "description": "ROTS biedt ondersteuning bij vastgelopen, complexe (schoolse) trajecten.",
                "for_whom": "CLB-medewerkers en jeugdhulpverleners met een vastgelopen of complexe casus.",
                "when": ["Als de aanklampende begeleiding door school, CLB en NAFT niet tot re-integratie leidt."],
                "referral": {"who": ["het CLB"], "how": ["telefoon", "mail"], "documents": []},
                "contacts": [
                    {
                        "label": "Coördinator Samen tegen Schooluitval West-Vlaanderen",
                        "person": "Annick Steyt",
                        "email": "annick.steyt@samentegenschooluitval-wvl.be",
                        "phone": "+32 499 88 66 93",
                    }
                ],
                "phases": [3],
                "tracks": ["b-code", "ziekte", "schoolweigering"],
                "sections": [{"section": "actoren.15.1", "title": "ROTS (Regionaal Overleg Tegen Schooluitval)"}],
            }
        }
    )


@router.get("/partners", response_model=list[PartnerDetailOut], summary="Partners en actoren")
def list_partners(
    repo: RepositoryDep,
    kind: Annotated[PartnerKind | None, Query(description="Alleen partners van deze soort")] = None,
    track: Annotated[Track | None, Query(description="Alleen partners in dit traject")] = None,
) -> list[PartnerDetailOut]:
    """Wat elke partner doet, voor wie, wanneer je hem inschakelt, wie hoe aanmeldt, contacten en fasen."""
    sources = Sources(repo)
    partners = repo.list_partners(kind=kind, track=track)
    return [PartnerDetailOut.model_validate(with_sources(p, sources)) for p in partners]


@router.get(
    "/partners/{partner_id}",
    response_model=PartnerDetailOut,
    summary="Eén partner",
    responses={
        404: {
            "description": "Onbekende partner",
            "content": {
                "application/json": {
                    "example": {
                        "detail": "Onbekende partner 'xyz'. Gekende partners: leerling, ouders, school, clb, ..."
                    }
                }
            },
        }
    },
)
def get_partner(partner_id: str, repo: RepositoryDep) -> PartnerDetailOut:
    found = repo.get_partner(partner_id.strip().lower())
    if found is None:
        raise not_found("partner", partner_id, [p.id for p in repo.list_partners()])
    return PartnerDetailOut.model_validate(with_sources(found, Sources(repo)))
