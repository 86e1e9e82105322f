"""An engine on a throw-away schema of the test PostgreSQL server (TEST_DATABASE_URL), dropped afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, event, text

from knowledge.db import make_engine


@contextmanager
def schema_engine(url: str, prefix: str) -> Iterator[Engine]:
    """An engine whose connections work in a new schema ``<prefix>_<random>`` of ``url``; the schema is dropped
    with everything in it when the block ends."""
    if not url.startswith("postgresql"):
        pytest.fail(f"TEST_DATABASE_URL moet naar PostgreSQL wijzen (postgresql+psycopg2://...), niet {url!r}")
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(url)

    @event.listens_for(engine, "connect")
    def _search_path(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        cur = dbapi_conn.cursor()
        cur.execute(f'SET search_path TO "{schema}"')
        cur.close()
        dbapi_conn.commit()

    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
