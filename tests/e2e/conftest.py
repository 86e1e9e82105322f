"""Start the real services once for the end-to-end tests (see bot/stack.py): action server, Rasa server
with the trained model, and the API, on their own loopback ports with their own SQLite files."""

from __future__ import annotations

import os
from collections.abc import Iterator

import httpx
import pytest

from bot.stack import MODEL, RASA, Stack

PORTS = {"actions": 15055, "rasa": 15005, "api": 18000}


@pytest.fixture(scope="session")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not MODEL.exists() or not RASA.exists():
        message = f"end-to-end tests need the trained model {MODEL} and .venv-rasa: run `make test`"
        if os.environ.get("E2E_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)
    stack = Stack.prepare(tmp_path_factory.mktemp("e2e"), PORTS)
    try:
        stack.start_all()
        yield stack
    finally:
        stack.stop_all()


@pytest.fixture()
def api(services: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=services.api, timeout=60) as client:
        yield client
