"""Action tests: run the real actions on the real knowledge base (a fresh SQLite, see tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from rasa_sdk import Tracker

from actions import knowledge_access
from knowledge.repository import KnowledgeRepository


@pytest.fixture(autouse=True)
def _actions_use_test_kb(monkeypatch: pytest.MonkeyPatch, repo: KnowledgeRepository) -> None:
    @contextmanager
    def _open() -> Iterator[KnowledgeRepository]:
        yield repo

    monkeypatch.setattr(knowledge_access, "open_repository", _open)


def make_tracker(
    text: str,
    intent: str,
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    metadata: dict[str, Any] | None = None,
) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": entities or [],
        "metadata": metadata or {},
    }
    return Tracker("test-session", slots or {}, latest, [], False, None, {}, "action_listen")
