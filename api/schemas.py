"""Output models and helpers shared by the knowledge routers (codes, absence types, partners, glossary, search).

Every record carries ``sections``: the draaiboek sections it rests on, as ``{"section": id, "title": ...}``.
Unknown ids give a 404 with a Dutch message that lists the known ids; bad parameters give a Dutch 422.
"""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException
from pydantic import BaseModel, ConfigDict, Field

from knowledge.repository import KnowledgeRepository


class CitedSectionOut(BaseModel):
    section: str = Field(description="Sectie-id uit sections.yml")
    title: str

    model_config = ConfigDict(
        json_schema_extra={"example": {"section": "terminologie.2.1", "title": "Geoorloofd relatief schoolverzuim"}}
    )


class Sources:
    """Section titles, read once per request: ``sources(ids)`` gives the ``{"section", "title"}`` of each id."""

    def __init__(self, repo: KnowledgeRepository) -> None:
        self.repo = repo
        self.titles = {s.id: s.title for s in repo.list_sections()}

    def __call__(self, ids: list[str]) -> list[dict[str, str]]:
        return [{"section": i, "title": self.titles.get(i, i)} for i in dict.fromkeys(ids)]


def with_sources(record: BaseModel, sources: Sources) -> dict[str, Any]:
    """A content record as the API shows it: its section ids as sources, without the search's ``asked_as``."""
    data: dict[str, Any] = _without_asked_as(record.model_dump(mode="json"))
    data["sections"] = sources(data["sections"])
    return data


def _without_asked_as(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_asked_as(v) for k, v in value.items() if k != "asked_as"}
    if isinstance(value, list):
        return [_without_asked_as(v) for v in value]
    return value


def shown(value: str) -> str:
    """An id as typed by the user, shortened for an error message."""
    return value if len(value) <= 40 else value[:39] + "…"


def not_found(what: str, value: str, known: list[str], plural: str | None = None) -> HTTPException:
    detail = f"Onbekende {what} '{shown(value)}'. Gekende {plural or what + 's'}: {', '.join(known)}."
    return HTTPException(status_code=404, detail=detail)
