"""The loader, the repository and the search against PostgreSQL.

Runs when ``TEST_DATABASE_URL`` points to a PostgreSQL server, e.g.
``postgresql+psycopg2://postgres@127.0.0.1:55432/kb_test``. Every run works in a schema of its own that it
drops afterwards, so it never touches other tables of that database. Without the variable every test here is
skipped, with the reason in pytest's summary (``-rs``), unless ``POSTGRES_REQUIRED=1`` (set by ``.ci/run``):
then a missing server fails them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.orm import Session

from knowledge.loader import content_hash, load
from knowledge.models import Item
from knowledge.repository import KnowledgeRepository
from knowledge.search import SearchIndex, search
from tests.pg import schema_engine

URL = os.environ.get("TEST_DATABASE_URL", "")

REQUIRED = os.environ.get("POSTGRES_REQUIRED") == "1"

pytestmark = pytest.mark.skipif(
    not URL and not REQUIRED,
    reason="TEST_DATABASE_URL is niet gezet: geen PostgreSQL-server om de kennisbank op te testen",
)


@pytest.fixture(scope="module")
def pg_engine() -> Iterator[Engine]:
    if not URL:
        pytest.fail("POSTGRES_REQUIRED=1, maar TEST_DATABASE_URL is niet gezet: bot/services.sh start_postgres")
    with schema_engine(URL, "kb_test") as engine:
        yield engine


@pytest.fixture(scope="module")
def loaded(pg_engine: Engine) -> Engine:
    assert load(pg_engine) is True
    return pg_engine


@pytest.fixture()
def pg_repo(loaded: Engine) -> Iterator[KnowledgeRepository]:
    with Session(loaded) as session:
        yield KnowledgeRepository(session)


def test_it_is_postgresql(loaded: Engine) -> None:
    assert loaded.dialect.name == "postgresql"


def test_reload_is_idempotent_and_force_reloads(loaded: Engine, repo: KnowledgeRepository) -> None:
    assert load(loaded) is False
    assert load(loaded, force=True) is True
    with Session(loaded) as session:
        assert session.scalar(select(func.count()).select_from(Item)) == repo.count_items()
        assert KnowledgeRepository(session).content_hash() == content_hash()


def test_same_content_as_sqlite(pg_repo: KnowledgeRepository, repo: KnowledgeRepository) -> None:
    assert [i.id for i in pg_repo.list_items()] == [i.id for i in repo.list_items()]
    assert pg_repo.list_codes() == repo.list_codes()
    assert pg_repo.list_partners() == repo.list_partners()
    assert pg_repo.list_tracks() == repo.list_tracks()
    assert pg_repo.list_glossary() == repo.list_glossary()
    assert pg_repo.list_sections() == repo.list_sections()


def test_repository_queries(pg_repo: KnowledgeRepository) -> None:
    z = pg_repo.get_code("z")
    assert z is not None and z.code == "Z"
    assert pg_repo.get_partner("rots") is not None
    assert pg_repo.list_partners(kind="justitie")
    assert {s.track for s in pg_repo.list_steps("ziekte")} == {"ziekte"}
    assert pg_repo.get_phase("b-code", 2) is not None
    assert pg_repo.get_term("clb") is not None
    usage = pg_repo.list_sections()
    assert len(usage) == 55
    assert all(s.item_count > 0 for s in usage)


def test_search(pg_repo: KnowledgeRepository, repo: KnowledgeRepository) -> None:
    fresh = SearchIndex(pg_repo.list_items())  # built from PostgreSQL, not taken from the cache
    for query in ("spijbelaars", "Wanneer schakelt de school de politie in?", "tijdelijk onderwijs aan huis"):
        hits = fresh.search(query, limit=5)
        assert hits
        assert [h.id for h in hits] == [h.id for h in search(repo, query, limit=5)]
        assert [h.id for h in search(pg_repo, query, limit=5)] == [h.id for h in hits]


def test_tables_of_an_older_schema_are_recreated(loaded: Engine, repo: KnowledgeRepository) -> None:
    with loaded.begin() as conn:
        conn.execute(text("ALTER TABLE items ADD COLUMN body TEXT NOT NULL DEFAULT ''"))
    assert load(loaded) is True
    assert "body" not in {c["name"] for c in inspect(loaded).get_columns("items")}
    with Session(loaded) as session:
        assert [i.id for i in KnowledgeRepository(session).list_items()] == [i.id for i in repo.list_items()]
