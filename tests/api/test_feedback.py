"""POST /api/v1/feedback: a thumbs up or down on an answer, stored anonymously with a masked comment."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any, cast

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from api.analytics import ChatFeedback
from api.deps import get_rasa_client
from tests.api.test_chat import FakeRasa

UNKNOWN_SESSION = "Dit gesprek is onbekend of verlopen. Begin een nieuw gesprek."


@pytest.fixture()
def rasa(client: TestClient) -> Iterator[FakeRasa]:
    fake = FakeRasa()
    app = cast(FastAPI, client.app)
    app.dependency_overrides[get_rasa_client] = lambda: fake
    yield fake
    app.dependency_overrides.pop(get_rasa_client, None)


@pytest.fixture()
def session_id(client: TestClient, rasa: FakeRasa) -> str:
    response = client.post("/api/chat", json={"message": "hallo", "role": "youth"})
    assert response.status_code == 200
    value: str = response.json()["session_id"]
    return value


def feedback_of(engine: Engine, session_id: str) -> list[ChatFeedback]:
    with Session(engine) as session:
        query = select(ChatFeedback).where(ChatFeedback.session_id == session_id).order_by(ChatFeedback.id)
        return list(session.scalars(query))


def test_feedback_is_stored_with_a_masked_comment(client: TestClient, session_id: str, kb_engine: Engine) -> None:
    body = {
        "session_id": session_id,
        "rating": "down",
        "comment": "  Niet duidelijk. Bel me op 0470 12 34 56 of mail jan@example.be  ",
        "sections": ["actoren.2", "actieplan.1.2"],
    }
    response = client.post("/api/v1/feedback", json=body)
    assert response.status_code == 201, response.text
    assert response.json() == {"ok": True}
    [row] = feedback_of(kb_engine, session_id)
    assert (row.role, row.rating, row.topic) == ("youth", "down", "actoren.2")
    assert row.comment == "Niet duidelijk. Bel me op [telefoonnummer] of mail [e-mailadres]"
    created = row.created_at.replace(tzinfo=timezone.utc) if row.created_at.tzinfo is None else row.created_at
    assert abs(datetime.now(timezone.utc) - created) < timedelta(minutes=1)


def test_a_thumb_without_comment_or_sections(client: TestClient, session_id: str, kb_engine: Engine) -> None:
    for comment in (None, "   "):
        response = client.post("/api/v1/feedback", json={"session_id": session_id, "rating": "up", "comment": comment})
        assert response.status_code == 201, response.text
    assert [(r.rating, r.topic, r.comment) for r in feedback_of(kb_engine, session_id)] == [("up", None, None)] * 2


def test_unknown_session_is_a_404(client: TestClient, kb_engine: Engine) -> None:
    unknown = "onbekend-gesprek-feedback-1"
    response = client.post("/api/v1/feedback", json={"session_id": unknown, "rating": "up"})
    assert response.status_code == 404
    assert response.json()["detail"] == UNKNOWN_SESSION
    assert feedback_of(kb_engine, unknown) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rating": "meh"}, "Het veld 'rating' moet een van deze waarden zijn: 'up' of 'down'."),
        ({"rating": None}, "Het veld 'rating' moet een van deze waarden zijn: 'up' of 'down'."),
        ({"comment": "x" * 501}, "Het veld 'comment' is te lang (maximaal 500 tekens)."),
        ({"sections": [f"s.{i}" for i in range(11)]}, "Het veld 'sections' heeft te veel elementen (maximaal 10)."),
        ({"sections": "actoren.2"}, "Het veld 'sections' moet een lijst zijn."),
        ({"session_id": "kort"}, "Het veld 'session_id' heeft een ongeldige vorm."),
    ],
)
def test_a_bad_body_is_a_dutch_422(
    client: TestClient, session_id: str, kb_engine: Engine, change: dict[str, Any], message: str
) -> None:
    body = {"session_id": session_id, "rating": "up", **change}
    response = client.post("/api/v1/feedback", json=body)
    assert response.status_code == 422
    assert response.json()["detail"] == message
    assert feedback_of(kb_engine, session_id) == []


def test_a_missing_field_and_broken_json_are_a_dutch_422(client: TestClient) -> None:
    response = client.post("/api/v1/feedback", json={"rating": "up"})
    assert response.status_code == 422
    assert response.json()["detail"] == "Het veld 'session_id' is verplicht."
    broken = client.post("/api/v1/feedback", content=b"{", headers={"Content-Type": "application/json"})
    assert broken.status_code == 422
    assert broken.json()["detail"] == "Het verzoek is geen geldige JSON."
