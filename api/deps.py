"""FastAPI dependencies: settings, database session, repository, Rasa client."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from api.rasa_client import RasaClient
from api.settings import ApiSettings
from knowledge.db import make_engine, session_scope
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


def get_tracker_engine(request: Request) -> Engine:
    """Rasa's tracker store (``TRACKER_STORE_URL``), opened once per app: the chat reads each turn's events there."""
    engine: Engine | None = getattr(request.app.state, "tracker_engine", None)
    if engine is None:
        engine = request.app.state.tracker_engine = make_engine(get_settings(request).tracker_store_url)
    return engine


SettingsDep = Annotated[ApiSettings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
RepositoryDep = Annotated[KnowledgeRepository, Depends(get_repository)]
RasaDep = Annotated[RasaClient, Depends(get_rasa_client)]
TrackerEngineDep = Annotated[Engine, Depends(get_tracker_engine)]
