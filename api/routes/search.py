"""GET /api/v1/search: ranked search over all items of the knowledge base."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from api.deps import RepositoryDep
from api.schemas import CitedSectionOut, Sources
from knowledge.search import search as search_knowledge

router = APIRouter(prefix="/api/v1", tags=["kennisbank"])

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

MAX_QUERY_CHARS = 500
MAX_LIMIT = 50


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


def _query_text(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("De zoekvraag 'q' mag niet leeg zijn. Typ een of meer woorden, bijvoorbeeld 'spijbelen'.")
    return value


@router.get("/search", response_model=SearchOut, summary="Zoeken in de kennisbank")
def search(
    repo: RepositoryDep,
    q: Annotated[
        str,
        Query(
            max_length=MAX_QUERY_CHARS,
            description="Zoekvraag in gewone woorden (niet leeg)",
            examples=["spijbelaars"],
            # What _query_text enforces, declared in the spec: not empty and not only blanks.
            json_schema_extra={"minLength": 1, "pattern": r"[^\s\x1c-\x1f\x85]"},
        ),
        AfterValidator(_query_text),
    ],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Hoeveel resultaten hoogstens")] = 10,
    kind: Annotated[list[ItemKind] | None, Query(description="Alleen items van deze soort(en)")] = None,
) -> SearchOut:
    """Zoekt in titels, samenvattingen en teksten van alle items, met Nederlandse lemma's en stammen
    ("spijbelde", "spijbelaars" en "spijbelen" vinden hetzelfde). Geeft de items gerangschikt, met hun secties."""
    hits = search_knowledge(repo, q, limit=limit, kinds=kind)
    sources = Sources(repo)
    results = [
        SearchResultOut.model_validate({**vars(h), "sections": sources([ref.id for ref in h.sections])}) for h in hits
    ]
    return SearchOut(query=q, count=len(results), results=results)
