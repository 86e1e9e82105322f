"""Usage rows: the turn read from a Rasa tracker, the repository, and the row each chat turn leaves behind."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, cast

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from api.analytics import Analytics, ChatTurn, TurnInfo, read_turn
from api.deps import get_rasa_client
from api.rasa_client import RasaUnavailable
from tests.api.test_chat import ANSWER, FakeRasa


def user(intent: str, *topics: str, text: str = "vraag") -> dict[str, Any]:
    entities = [{"entity": "topic", "value": t, "start": 0, "end": 1} for t in topics]
    entities.append({"entity": "aantal", "value": "5"})
    return {
        "event": "user",
        "text": text,
        "parse_data": {"intent": {"name": intent, "confidence": 0.9}, "entities": entities},
    }


def action(name: str) -> dict[str, Any]:
    return {"event": "action", "name": name}


def loop(name: str | None) -> dict[str, Any]:
    return {"event": "active_loop", "name": name}


def bot(text: str) -> dict[str, Any]:
    return {"event": "bot", "text": text, "data": {}}


def tracker(*events: dict[str, Any]) -> dict[str, Any]:
    return {"sender_id": "x", "slots": {}, "events": [{"event": "action", "name": "action_session_start"}, *events]}


# -- read_turn on hand-made trackers ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("events", "expected"),
    [
        pytest.param((), TurnInfo(), id="no user message yet"),
        pytest.param(
            (user("ask_b_codes", "b-codes", "clb"), action("action_answer"), bot("Antwoord")),
            TurnInfo(intent="ask_b_codes", topic="b-codes"),
            id="intent and the first topic entity",
        ),
        pytest.param(
            (user("greet"), bot("Hallo"), user("start_b_codes"), action("b_code_form"), loop("b_code_form")),
            TurnInfo(intent="start_b_codes", journey_started="b_code_form"),
            id="a journey starts",
        ),
        pytest.param(
            (
                user("start_b_codes"),
                loop("b_code_form"),
                user("inform", "ouders"),
                action("b_code_form"),
                loop(None),
                action("action_b_code_advice"),
            ),
            TurnInfo(intent="inform", topic="ouders", journey_finished="b_code_form"),
            id="a journey started in an earlier turn finishes",
        ),
        pytest.param(
            (user("start_toah"), loop("toah_form"), loop(None)),
            TurnInfo(intent="start_toah", journey_started="toah_form", journey_finished="toah_form"),
            id="started and finished in one turn",
        ),
        pytest.param(
            (user("start_b_codes"), loop("b_code_form"), user("inform"), action("b_code_form"), bot("Hoe oud?")),
            TurnInfo(intent="inform"),
            id="a journey that goes on is not started again",
        ),
        pytest.param(
            (user("ask_info", "clb"), bot("eerder"), user("nlu_fallback"), action("action_nlu_fallback")),
            TurnInfo(intent="nlu_fallback", fallback=True),
            id="nlu_fallback",
        ),
        pytest.param(
            (user("ask_info"), action("action_default_fallback"), bot("Sorry")),
            TurnInfo(intent="ask_info", fallback=True),
            id="action_default_fallback",
        ),
        pytest.param(
            (user("ask_info"), action("action_default_fallback"), user("greet"), bot("Hallo")),
            TurnInfo(intent="greet"),
            id="only the latest turn counts",
        ),
    ],
)
def test_read_turn(events: tuple[dict[str, Any], ...], expected: TurnInfo) -> None:
    assert read_turn(tracker(*events)) == expected


@pytest.mark.parametrize(
    "broken",
    [
        {},
        {"events": None},
        {"events": "nee"},
        {"events": [None, 3, {"event": "user"}]},
        {"events": [{"event": "user", "parse_data": {"intent": None, "entities": "x"}}]},
        {"events": [{"event": "user", "parse_data": {"intent": {"name": 3}, "entities": [None, {"entity": "topic"}]}}]},
    ],
)
def test_read_turn_survives_odd_trackers(broken: dict[str, Any]) -> None:
    assert read_turn(broken) == TurnInfo()


# -- the repository --------------------------------------------------------------------------------------------
AT = datetime(2025, 1, 6, 10, 30, tzinfo=timezone.utc)


def test_a_turn_keeps_its_text_only_when_it_was_not_placed(db_session: Session) -> None:
    analytics = Analytics(db_session)
    placed = analytics.record_turn("sessie-analytics-1", "staff", TurnInfo("ask_info"), "wat is een B-code", at=AT)
    unplaced = analytics.record_turn(
        "sessie-analytics-1", None, TurnInfo("nlu_fallback", fallback=True), "bel 0470 12 34 56 of a@b.be", at=AT
    )
    assert placed.unplaced is None and placed.fallback is False and placed.role == "staff"
    assert unplaced.unplaced == "bel [telefoonnummer] of [e-mailadres]"
    assert unplaced.role == "unknown"


def test_feedback_comment_is_masked_by_the_repository(db_session: Session) -> None:
    row = Analytics(db_session).record_feedback("sessie-analytics-2", "youth", "down", None, "ik heet Jan", at=AT)
    assert (row.comment, row.role, row.rating, row.topic) == ("ik heet [naam]", "youth", "down", None)
    assert Analytics(db_session).record_feedback("sessie-analytics-2", "bogus", "up", "x", "", at=AT).comment is None


# -- one row per chat turn -------------------------------------------------------------------------------------
@dataclass
class TrackerRasa(FakeRasa):
    """The chat's fake Rasa with the tracker endpoint: the tracker it returns, or a failure."""

    trackers: dict[str, Any] = field(default_factory=dict)
    tracker_down: bool = False

    async def tracker(self, sender_id: str) -> dict[str, Any]:
        if self.tracker_down:
            raise RasaUnavailable("connection refused")
        return cast(dict[str, Any], self.trackers.get(sender_id, tracker()))


@pytest.fixture()
def rasa(client: TestClient) -> Iterator[TrackerRasa]:
    fake = TrackerRasa()
    app = cast(FastAPI, client.app)
    app.dependency_overrides[get_rasa_client] = lambda: fake
    yield fake
    app.dependency_overrides.pop(get_rasa_client, None)


def turns_of(engine: Engine, session_id: str) -> list[ChatTurn]:
    with Session(engine) as session:
        query = select(ChatTurn).where(ChatTurn.session_id == session_id).order_by(ChatTurn.id)
        return list(session.scalars(query))


def test_each_chat_turn_leaves_one_anonymous_row(client: TestClient, rasa: TrackerRasa, kb_engine: Engine) -> None:
    first = client.post("/api/chat", json={"message": "Wat moet ik doen na 5 B-codes?", "role": "parent"})
    assert first.status_code == 200
    session_id = first.json()["session_id"]
    rasa.trackers[session_id] = tracker(
        user("ask_b_codes", "b-codes"), user("nlu_fallback", text="x"), action("action_nlu_fallback")
    )
    second = client.post("/api/chat", json={"session_id": session_id, "message": "Bel 0470 12 34 56, Mijn naam is Jan"})
    assert second.status_code == 200
    rows = turns_of(kb_engine, session_id)
    assert [(r.role, r.intent, r.topic, r.fallback, r.unplaced) for r in rows] == [
        ("parent", None, None, False, None),
        ("parent", "nlu_fallback", None, True, "Bel [telefoonnummer], Mijn naam is [naam]"),
    ]
    assert all(r.created_at is not None for r in rows)


def test_a_failing_tracker_read_does_not_reach_the_user(
    client: TestClient, rasa: TrackerRasa, kb_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    rasa.tracker_down = True
    with caplog.at_level(logging.WARNING, logger="api.analytics"):
        response = client.post("/api/chat", json={"message": "hallo", "role": "staff"})
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["replies"]] == [ANSWER.text]
    assert turns_of(kb_engine, response.json()["session_id"]) == []
    assert "could not record the usage of a chat turn" in caplog.text


# -- the turn read straight from Rasa's tracker store ----------------------------------------------------------
def _store_events(url: str, sender_id: str, events: list[dict[str, Any]]) -> None:
    from api.tracker_events import TRACKER_EVENTS
    from knowledge.db import make_engine

    engine = make_engine(url)
    TRACKER_EVENTS.metadata.create_all(engine)
    with engine.begin() as conn:
        for event in events:
            conn.execute(
                TRACKER_EVENTS.insert().values(
                    sender_id=sender_id, type_name=event["event"], timestamp=1.0, data=json.dumps(event)
                )
            )
    engine.dispose()


def test_the_turn_is_read_from_the_tracker_store_without_asking_rasa(
    client: TestClient, rasa: TrackerRasa, kb_engine: Engine
) -> None:
    """Only the last turn and the journey active before it are read; Rasa's tracker endpoint is not asked."""
    first = client.post("/api/chat", json={"message": "hallo", "role": "staff"})
    session_id = first.json()["session_id"]
    url = cast(FastAPI, client.app).state.settings.tracker_store_url
    _store_events(
        url,
        session_id,
        [
            action("action_session_start"),
            user("ask_b_codes", "code:B"),
            loop("b_codes_form"),
            user("inform"),
            action("action_x"),
            user("ask_term", "term:toah"),  # the latest turn: a side question, then the journey ends
            loop(None),
            action("action_listen"),
        ],
    )
    rasa.tracker_down = True  # asking Rasa would fail and record nothing
    second = client.post("/api/chat", json={"session_id": session_id, "message": "wat is toah"})
    assert second.status_code == 200
    rows = turns_of(kb_engine, session_id)
    assert [(r.intent, r.topic, r.journey_started, r.journey_finished) for r in rows[-1:]] == [
        ("ask_term", "term:toah", None, "b_codes_form")
    ]


def test_a_conversation_missing_from_the_tracker_store_asks_rasa(
    client: TestClient, rasa: TrackerRasa, kb_engine: Engine
) -> None:
    first = client.post("/api/chat", json={"message": "hallo", "role": "staff"})
    session_id = first.json()["session_id"]
    _store_events(cast(FastAPI, client.app).state.settings.tracker_store_url, "another-conversation", [user("x")])
    rasa.trackers[session_id] = tracker(user("ask_partner", "partner:clb"))
    client.post("/api/chat", json={"session_id": session_id, "message": "wie is het clb"})
    assert [(r.intent, r.topic) for r in turns_of(kb_engine, session_id)][-1] == ("ask_partner", "partner:clb")
