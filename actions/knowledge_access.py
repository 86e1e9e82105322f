"""How actions reach the knowledge base: one repository per action run."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from knowledge.db import session_scope
from knowledge.repository import KnowledgeRepository


@contextmanager
def open_repository() -> Iterator[KnowledgeRepository]:
    with session_scope() as session:
        yield KnowledgeRepository(session)
