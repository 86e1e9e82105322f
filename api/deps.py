"""FastAPI dependencies: settings, database session, repository, Rasa client."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from api.rasa_client import RasaClient
from api.settings import ApiSettings
from knowledge.db import session_scope
from knowledge.repository import KnowledgeRepository


def get_session() -> Iterator[Session]:
    with session_scope() as session:
        yield session


def get_repository(session: Annotated[Session, Depends(get_session)]) -> KnowledgeRepository:
    return KnowledgeRepository(session)


def get_settings(request: Request) -> ApiSettings:
    """The settings the app was created with (``api.main.create_app``)."""
    settings: ApiSettings = request.app.state.settings
    return settings


def get_rasa_client(request: Request) -> RasaClient:
    client: RasaClient = request.app.state.rasa_client
    return client


SettingsDep = Annotated[ApiSettings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
RepositoryDep = Annotated[KnowledgeRepository, Depends(get_repository)]
RasaDep = Annotated[RasaClient, Depends(get_rasa_client)]
