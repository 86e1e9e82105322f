"""An API under test on a given knowledge base, with Rasa replaced by ``FakeRasa`` (the edge of the world)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from api.deps import get_rasa_client, get_session
from api.settings import ApiSettings
from tests.api.fake_rasa import FakeRasa


def session_override(engine: Engine) -> Callable[[], Iterator[Session]]:
    """A replacement for ``api.deps.get_session``: sessions on ``engine``, committed after the request."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)

    def _session() -> Iterator[Session]:
        session = factory()
        try:
            yield session
            session.commit()
        finally:
            session.close()

    return _session


@contextmanager
def api_client(
    engine: Engine,
    settings: ApiSettings,
    rasa: FakeRasa | None = None,
    raise_server_exceptions: bool = True,
    client: tuple[str, int] = ("testclient", 50000),
) -> Iterator[TestClient]:
    from api.main import create_app

    app = create_app(settings)
    app.dependency_overrides[get_session] = session_override(engine)
    fake = rasa or FakeRasa()
    app.dependency_overrides[get_rasa_client] = lambda: fake
    with TestClient(app, raise_server_exceptions=raise_server_exceptions, client=client) as test_client:
        yield test_client
