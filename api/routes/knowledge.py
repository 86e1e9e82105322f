"""Knowledge endpoints: absence codes, absence types, partners, glossary and search.

Every record carries ``sections``: the draaiboek sections it rests on, as ``{"section": id, "title": ...}``.
Unknown ids give a 404 with a Dutch message that lists the known ids; bad parameters give a Dutch 422.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from fastapi import APIRouter, HTTPException, Query
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from api.deps import RepositoryDep
from knowledge.repository import KnowledgeRepository
from knowledge.schema import AbsenceType, Partner, Track

router = APIRouter(prefix="/api/v1", tags=["kennisbank"])

PartnerKind = Literal[
    "gezin", "school", "onderwijs", "welzijn", "zorg", "justitie", "overheid", "netwerk", "traject", "werk"
]
AbsenceGroup = Literal[
    "spijbelvorm", "spijbelgedrag", "ouder-gemotiveerd", "kind-gemotiveerd", "ouders", "ziekte", "absoluut"
]
ItemKind = Literal[
    "code",
    "code-reason",
    "absence-type",
    "partner",
    "track",
    "phase",
    "step",
    "practice",
    "question",
    "checklist",
    "topic",
    "term",
]
# The filters must accept exactly what the schema allows.
assert set(get_args(PartnerKind)) == set(get_args(Partner.model_fields["kind"].annotation))
assert set(get_args(AbsenceGroup)) == set(get_args(AbsenceType.model_fields["group"].annotation))

MAX_QUERY_CHARS = 500
MAX_LIMIT = 50


# -- response models -------------------------------------------------------------------------------
class CitedSectionOut(BaseModel):
    section: str = Field(description="Sectie-id uit sections.yml")
    title: str

    model_config = ConfigDict(
        json_schema_extra={"example": {"section": "terminologie.2.1", "title": "Geoorloofd relatief schoolverzuim"}}
    )


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
                "justified_by": "De ouders, een arts, de CLB-arts of de type 5-school.",
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


class ContactOut(BaseModel):
    label: str
    person: str | None = None
    organisation: str | None = None
    region: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    address: str | None = None


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


class SearchResultOut(BaseModel):
    id: str = Field(description="Item-id, '<soort>:<sleutel>'")
    kind: str
    title: str
    snippet: str = Field(description="De zin van het item die het best bij de vraag past")
    score: float
    sections: list[CitedSectionOut]


class SearchOut(BaseModel):
    query: str
    count: int
    results: list[SearchResultOut]

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "query": "spijbelaars",
                "count": 1,
                "results": [
                    {
                        "id": "absence-type:luxeverzuim",
                        "kind": "absence-type",
                        "title": "Luxeverzuim",
                        "snippet": "De leerling blijft buiten de schoolvakanties weg om op reis te gaan.",
                        "score": 7.42,
                        "sections": [{"section": "terminologie.2.2", "title": "Ongeoorloofd relatief verzuim"}],
                    }
                ],
            }
        }
    )


# -- helpers ---------------------------------------------------------------------------------------------
class _Sources:
    """Section titles, read once per request."""

    def __init__(self, repo: KnowledgeRepository) -> None:
        self.titles = {s.id: s.title for s in repo.list_sections()}

    def __call__(self, ids: list[str]) -> list[dict[str, str]]:
        return [{"section": i, "title": self.titles.get(i, i)} for i in dict.fromkeys(ids)]


def _with_sources(record: BaseModel, sources: _Sources) -> dict[str, Any]:
    data = record.model_dump(mode="json")
    data["sections"] = sources(data["sections"])
    return data


def _shown(value: str) -> str:
    """An id as typed by the user, shortened for an error message."""
    return value if len(value) <= 40 else value[:39] + "…"


def _not_found(what: str, value: str, known: list[str]) -> HTTPException:
    detail = f"Onbekende {what} '{_shown(value)}'. Gekende {what}s: {', '.join(known)}."
    return HTTPException(status_code=404, detail=detail)


def _query_text(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("De zoekvraag 'q' mag niet leeg zijn. Typ een of meer woorden, bijvoorbeeld 'spijbelen'.")
    return value


# -- codes ------------------------------------------------------------------------------------------------
def _code_out(code: Any, sources: _Sources) -> CodeOut:
    data = _with_sources(code, sources)
    data["reasons"] = [{**r, "sections": sources(r["sections"])} for r in data["reasons"]]
    return CodeOut.model_validate(data)


@router.get("/codes", response_model=list[CodeOut], summary="Alle afwezigheidscodes")
def list_codes(repo: RepositoryDep) -> list[CodeOut]:
    """De afwezigheidscodes (Z, R, P, M, A, B, L, H, ...) met wat eronder valt, wie wettigt en met welk document."""
    sources = _Sources(repo)
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
        raise _not_found("code", code, [c.code for c in repo.list_codes()])
    return _code_out(found, _Sources(repo))


# -- absence types ----------------------------------------------------------------------------------------
@router.get("/absence-types", response_model=list[AbsenceTypeOut], summary="Soorten afwezigheid")
def list_absence_types(
    repo: RepositoryDep,
    group: Annotated[AbsenceGroup | None, Query(description="Alleen deze groep")] = None,
) -> list[AbsenceTypeOut]:
    """Spijbelvormen en -gedrag, schoolonthouding, onmacht en onwil, schoolweigering, ziekte, absoluut verzuim."""
    sources = _Sources(repo)
    return [AbsenceTypeOut.model_validate(_with_sources(t, sources)) for t in repo.list_absence_types(group)]


@router.get(
    "/absence-types/{type_id}",
    response_model=AbsenceTypeOut,
    summary="Eén soort afwezigheid",
    responses={404: {"description": "Onbekende soort afwezigheid"}},
)
def get_absence_type(type_id: str, repo: RepositoryDep) -> AbsenceTypeOut:
    found = repo.get_absence_type(type_id.strip().lower())
    if found is None:
        known = [t.id for t in repo.list_absence_types()]
        raise HTTPException(
            status_code=404,
            detail=f"Onbekende soort afwezigheid '{_shown(type_id)}'. Gekende soorten: {', '.join(known)}.",
        )
    return AbsenceTypeOut.model_validate(_with_sources(found, _Sources(repo)))


# -- partners -----------------------------------------------------------------------------------------------
@router.get("/partners", response_model=list[PartnerDetailOut], summary="Partners en actoren")
def list_partners(
    repo: RepositoryDep,
    kind: Annotated[PartnerKind | None, Query(description="Alleen partners van deze soort")] = None,
    track: Annotated[Track | None, Query(description="Alleen partners in dit traject")] = None,
) -> list[PartnerDetailOut]:
    """Wat elke partner doet, voor wie, wanneer je hem inschakelt, wie hoe aanmeldt, contacten en fasen."""
    sources = _Sources(repo)
    partners = repo.list_partners(kind=kind, track=track)
    return [PartnerDetailOut.model_validate(_with_sources(p, sources)) for p in partners]


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
        raise _not_found("partner", partner_id, [p.id for p in repo.list_partners()])
    return PartnerDetailOut.model_validate(_with_sources(found, _Sources(repo)))


# -- glossary -------------------------------------------------------------------------------------------------
@router.get("/glossary", response_model=list[GlossaryTermOut], summary="Woordenlijst van afkortingen")
def list_glossary(repo: RepositoryDep) -> list[GlossaryTermOut]:
    """Elke afkorting en elk vakwoord van het draaiboek (CLB, NAFT, ROTS, OCJ, VOS, ...) met uitleg."""
    sources = _Sources(repo)
    return [GlossaryTermOut.model_validate({"id": g.id, **_with_sources(g, sources)}) for g in repo.list_glossary()]


# -- search -----------------------------------------------------------------------------------------------------
@router.get("/search", response_model=SearchOut, summary="Zoeken in de kennisbank")
def search(
    repo: RepositoryDep,
    q: Annotated[
        str,
        Query(max_length=MAX_QUERY_CHARS, description="Zoekvraag in gewone woorden", examples=["spijbelaars"]),
        AfterValidator(_query_text),
    ],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Hoeveel resultaten hoogstens")] = 10,
    kind: Annotated[list[ItemKind] | None, Query(description="Alleen items van deze soort(en)")] = None,
) -> SearchOut:
    """Zoekt in titels, samenvattingen en teksten van alle items, met Nederlandse lemma's en stammen
    ("spijbelde", "spijbelaars" en "spijbelen" vinden hetzelfde). Geeft de items gerangschikt, met hun secties."""
    hits = repo.search(q, limit=limit, kinds=kind)
    sources = _Sources(repo)
    results = [
        SearchResultOut(
            id=h.id,
            kind=h.kind,
            title=h.title,
            snippet=h.snippet,
            score=h.score,
            sections=[CitedSectionOut.model_validate(s) for s in sources([ref.id for ref in h.sections])],
        )
        for h in hits
    ]
    return SearchOut(query=q, count=len(results), results=results)
