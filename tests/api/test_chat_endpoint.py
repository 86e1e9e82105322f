"""/api/chat, /api/health and /api/v1/sections outside e2e (Rasa replaced by FakeRasa at the edge), and the proof
that the async handlers do not block the event loop while the database works."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from typing import Any, cast

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from api.analytics import ChatTurn, record_chat_turn
from api.deps import SessionDep
from api.rasa_client import Reply
from api.routes.chat import get_store
from api.sessions import SessionStore
from api.settings import ApiSettings
from knowledge.db import make_engine
from knowledge.texts import render
from knowledge.validate import load_sections
from tests.api.apps import api_client
from tests.api.fake_rasa import ANSWER, FakeRasa


@pytest.fixture()
def rasa() -> FakeRasa:
    return FakeRasa()


@pytest.fixture()
def api(kb_engine: Engine, api_settings: ApiSettings, rasa: FakeRasa) -> Iterator[TestClient]:
    with api_client(kb_engine, api_settings, rasa=rasa) as client:
        yield client


# -- /api/chat --------------------------------------------------------------------------------------------------
def test_the_replies_come_back_with_buttons_and_sources(api: TestClient, rasa: FakeRasa) -> None:
    rasa.replies = [ANSWER, Reply(text="Nog iets?")]
    response = api.post("/api/chat", json={"message": "  Wat na 5 B-codes?\u200b ", "role": "parent"})
    assert response.status_code == 200
    body = response.json()
    assert body["replies"] == [
        {"text": ANSWER.text, "buttons": ANSWER.buttons, "sources": ANSWER.sources},
        {"text": "Nog iets?", "buttons": [], "sources": []},
    ]
    # Rasa got the cleaned message, in the new session, with its role.
    assert rasa.received == [(body["session_id"], "Wat na 5 B-codes?", {"role": "parent"})]


@pytest.mark.parametrize("role", [None, "staff", "parent", "youth"])
def test_no_reply_from_rasa_gets_the_no_reply_text_of_the_role(api: TestClient, rasa: FakeRasa, role: str) -> None:
    rasa.replies = []
    body = api.post("/api/chat", json={"message": "blabla", "role": role}).json()
    assert [r["text"] for r in body["replies"]] == [render("api.no_reply", role)]


@pytest.mark.parametrize("role", [None, "staff", "parent", "youth"])
def test_no_reply_while_the_action_server_is_down_gets_the_apology(api: TestClient, rasa: FakeRasa, role: str) -> None:
    rasa.replies, rasa.actions_down = [], True
    response = api.post("/api/chat", json={"message": "wat is naft", "role": role})
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["replies"]] == [render("api.actions_down", role)]
    # Once it is back, the next message gets its answer again.
    rasa.replies, rasa.actions_down = [ANSWER], False
    again = api.post("/api/chat", json={"session_id": response.json()["session_id"], "message": "wat is naft"})
    assert [r["text"] for r in again.json()["replies"]] == [ANSWER.text]


def test_an_unknown_session_is_a_dutch_404(api: TestClient, rasa: FakeRasa) -> None:
    response = api.post("/api/chat", json={"message": "hallo", "session_id": "Qk3v0n9cV1m5d2xQ8wA7yZ4tP6rS1uE0"})
    assert response.status_code == 404
    assert response.json() == {"detail": "Dit gesprek is onbekend of verlopen. Begin een nieuw gesprek."}
    assert rasa.received == []


def test_rasa_down_is_a_dutch_503_and_the_conversation_continues_after(api: TestClient, rasa: FakeRasa) -> None:
    session_id = api.post("/api/chat", json={"message": "hallo"}).json()["session_id"]
    rasa.down = True
    down = api.post("/api/chat", json={"message": "Wat is een B-code?", "session_id": session_id})
    assert down.status_code == 503
    assert "even niet bereikbaar" in down.json()["detail"]
    rasa.down = False
    again = api.post("/api/chat", json={"message": "Wat is een B-code?", "session_id": session_id})
    assert again.status_code == 200 and again.json()["session_id"] == session_id


def test_personal_data_is_masked_before_rasa(api: TestClient, rasa: FakeRasa) -> None:
    body = api.post("/api/chat", json={"message": "mail jan.peeters@example.be over B-codes"}).json()
    assert "jan.peeters" not in rasa.received[-1][1]
    assert body["replies"][-1]["text"] == render("api.privacy_reminder")


# -- /api/health ------------------------------------------------------------------------------------------------
def test_health_is_ok_when_every_part_works(api: TestClient) -> None:
    response = api.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["failing"] == []
    assert set(body["parts"]) == {"rasa", "actions", "knowledge"}
    assert body["parts"]["knowledge"]["ok"] and body["parts"]["knowledge"]["detail"].endswith(" items")


@pytest.mark.parametrize(
    ("rasa_down", "actions_down", "failing"),
    [(True, False, ["rasa"]), (False, True, ["actions"]), (True, True, ["rasa", "actions"])],
)
def test_health_names_the_failing_part(
    api: TestClient, rasa: FakeRasa, rasa_down: bool, actions_down: bool, failing: list[str]
) -> None:
    rasa.down, rasa.actions_down = rasa_down, actions_down
    response = api.get("/api/health")
    assert response.status_code == 503
    assert response.json()["status"] == "degraded" and response.json()["failing"] == failing


# -- /api/v1/sections -------------------------------------------------------------------------------------------
def test_the_sections_are_those_of_the_draaiboek(api: TestClient) -> None:
    sections = api.get("/api/v1/sections").json()
    expected = load_sections()
    assert len(sections) == len(expected) == 55
    assert [(s["id"], s["title"], tuple(s["lines"])) for s in sections] == [
        (e.id, e.title, (e.line_start, e.line_end)) for e in expected
    ]
    assert sections[0] == {
        "id": "inleiding",
        "title": "Inleiding: bindingsperspectief, opzet van het draaiboek",
        "lines": [1, 34],
        "item_count": sections[0]["item_count"],
    }
    by_id = {s["id"]: s for s in sections}
    assert by_id["actoren.2"]["item_count"] > 0  # cited by knowledge items
    assert sum(s["item_count"] for s in sections) > 100


# -- the event loop stays free while the database works ---------------------------------------------------------
SLOW = 0.6


class SlowStore(SessionStore):
    """The real store, with a database that takes SLOW seconds to answer (a blocking call, like a slow server)."""

    def get(self, session_id: str) -> Any:
        time.sleep(SLOW)
        return super().get(session_id)

    def create(self, role: str | None) -> Any:
        time.sleep(SLOW)
        return super().create(role)


def test_a_slow_database_in_the_chat_does_not_hold_up_other_requests(api: TestClient) -> None:
    """While one chat request waits on the database, another request that is answered on the event loop itself
    (the OpenAPI spec, an async route) is answered at once. Were the database call made on the event loop, the
    second request would wait for the first."""
    app = cast(FastAPI, api.app)

    def slow_store(session: SessionDep) -> SessionStore:
        return SlowStore(session)

    app.dependency_overrides[get_store] = slow_store
    api.get("/openapi.json")  # made once beforehand, so that the timed call only serves it
    results: dict[str, float] = {}

    def slow_chat() -> None:
        start = time.monotonic()
        assert api.post("/api/chat", json={"message": "hallo"}).status_code == 200
        results["chat"] = time.monotonic() - start

    thread = threading.Thread(target=slow_chat)
    thread.start()
    time.sleep(0.15)  # the chat is now waiting on the database
    start = time.monotonic()
    assert api.get("/openapi.json").status_code == 200
    results["other"] = time.monotonic() - start
    thread.join()
    assert results["chat"] >= SLOW
    assert results["other"] < SLOW / 3, results


async def _max_loop_gap(work: Any) -> float:
    """Run ``work`` while a ticker measures the longest time the event loop was not free."""
    gaps: list[float] = []
    last = [time.monotonic()]
    done = asyncio.Event()

    async def ticker() -> None:
        while not done.is_set():
            await asyncio.sleep(0.01)
            gaps.append(time.monotonic() - last[0])
            last[0] = time.monotonic()

    task = asyncio.create_task(ticker())
    await work
    gaps.append(time.monotonic() - last[0])  # the loop may not have ticked at all
    done.set()
    await task
    return max(gaps)


def test_recording_a_chat_turn_writes_off_the_event_loop(tmp_path: Any) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/usage.db")

    @event.listens_for(engine, "before_cursor_execute")
    def _slow(*_: Any) -> None:
        time.sleep(0.1)  # each statement of the write takes a while

    async def run() -> float:
        rasa = FakeRasa()
        await rasa.send("s" * 32, "Wat is een B-code?")
        return await _max_loop_gap(record_chat_turn(rasa, engine, "s" * 32, "staff", "Wat is een B-code?"))

    gap = asyncio.run(run())
    with Session(engine) as session:
        assert len(session.scalars(select(ChatTurn)).all()) == 1  # the turn was written
    engine.dispose()
    assert gap < 0.1, gap
