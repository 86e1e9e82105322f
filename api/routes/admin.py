"""POST /api/v1/admin/reload: load the knowledge base again from ``knowledge/content`` (after new content was
deployed), without a restart. Behind the token of ``ADMIN_TOKEN`` (``Authorization: Bearer <token>``).

The loader replaces the content in one transaction (readers see the old or the new content) and does nothing when
the content did not change; the search index is cached per content hash, so it follows by itself.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from api.deps import SessionDep, SettingsDep
from api.errors import error_response
from api.security import bearer, check_token
from knowledge.loader import load
from knowledge.repository import KnowledgeRepository
from knowledge.validate import ContentError

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/v1/admin", tags=["beheer"])


def require_admin_token(
    settings: SettingsDep, authorization: Annotated[str | None, Header(include_in_schema=False)] = None
) -> None:
    check_token(
        settings.admin_token,
        bearer(authorization),
        unset="Het beheer is niet ingesteld: er is geen beheertoken (ADMIN_TOKEN) geconfigureerd.",
        wrong="Je hebt geen toegang tot het beheer. Geef het juiste beheertoken mee.",
    )


class ReloadOut(BaseModel):
    changed: bool = Field(description="Waar als de inhoud veranderd was en opnieuw geladen is")
    items: int = Field(description="Aantal items in de kennisbank na het laden")
    content_hash: str | None = Field(description="De vingerafdruk van de geladen inhoud")


@router.post(
    "/reload",
    summary="De kennisbank opnieuw laden uit knowledge/content (met het beheertoken)",
    response_model=ReloadOut,
    responses={
        401: error_response("Geen of een fout beheertoken"),
        409: error_response("De inhoud is ongeldig; de kennisbank blijft zoals ze was"),
    },
    dependencies=[Depends(require_admin_token)],
)
def reload(db: SessionDep) -> ReloadOut:
    bind = db.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    try:
        changed = load(engine)
    except ContentError as exc:
        log.warning("knowledge reload refused: %d problems in the content", len(exc.errors))
        raise HTTPException(
            status_code=409,
            detail=f"De inhoud is ongeldig ({len(exc.errors)} problemen); de kennisbank blijft zoals ze was. "
            "Controleer ze met 'python -m knowledge.validate'.",
        ) from exc
    repo = KnowledgeRepository(db)
    return ReloadOut(changed=changed, items=repo.count_items(), content_hash=repo.content_hash())
