"""Shared fixtures: a real SQLite knowledge base loaded from the real content, and API clients."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

with warnings.catch_warnings():
    # Starlette 1.x warns that its test client prefers httpx2; the pinned httpx works, and under `-W error`
    # that warning would stop every test at import time.
    from starlette.exceptions import StarletteDeprecationWarning

    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from api.settings import ApiSettings
from knowledge.db import make_engine
from knowledge.loader import load
from knowledge.repository import KnowledgeRepository


@pytest.fixture(scope="session")
def kb_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The real content loaded once into a fresh SQLite file."""
    path: Path = tmp_path_factory.mktemp("kb") / "knowledge.db"
    engine = make_engine(f"sqlite:///{path}")
    load(engine)
    yield engine
    engine.dispose()


@pytest.fixture()
def db_session(kb_engine: Engine) -> Iterator[Session]:
    session = sessionmaker(bind=kb_engine, expire_on_commit=False)()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


@pytest.fixture()
def repo(db_session: Session) -> KnowledgeRepository:
    return KnowledgeRepository(db_session)


@pytest.fixture(scope="session")
def api_settings(tmp_path_factory: pytest.TempPathFactory) -> ApiSettings:
    """Settings for an API under test: Rasa and the action server on a closed port, no rate limits (the limits
    themselves are tested in tests/api/test_limits.py), counted in memory."""
    return ApiSettings(
        rasa_url="http://127.0.0.1:9",
        action_server_url="http://127.0.0.1:9",
        rasa_timeout_seconds=2,
        rate_limit_per_minute=0,
        rate_limit_per_session_per_minute=0,
        redis_url="",
        tracker_store_url=f"sqlite:///{tmp_path_factory.mktemp('tracker') / 'rasa-tracker.db'}",
        cors_origins=[],
        embed_origins=[],
    )


@pytest.fixture()
def client(kb_engine: Engine, api_settings: ApiSettings) -> Iterator[TestClient]:
    """The API on the test knowledge base. Rasa is not running: chat calls get a 503 unless overridden."""
    from api.deps import get_session
    from api.main import create_app
    from tests.api.apps import session_override

    app = create_app(api_settings)
    app.dependency_overrides[get_session] = session_override(kb_engine)
    with TestClient(app) as test_client:
        yield test_client
