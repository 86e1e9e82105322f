"""GET /api/v1/sessions/{id}/history: the conversation from the Rasa tracker, so a page reload shows it again."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from api.rasa_client import HistoryEntry, Reply, history_from_events
from api.routes.sessions import HISTORY_LIMIT
from tests.api.test_sessions import UNKNOWN_SESSION, FakeRasa, rasa, start

__all__ = ["rasa"]  # the fixture, used by name

SOURCES = [{"section": "actoren.2", "title": "De school"}]
BUTTONS = [{"title": "Ja", "payload": "/affirm"}, {"title": "Weet ik niet", "payload": "Weet ik niet"}]


def user(text: str) -> dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": "ask_info"}}}


def bot(text: str | None, buttons: list[dict[str, str]] | None = None, custom: Any = None) -> dict[str, Any]:
    return {"event": "bot", "text": text, "data": {"buttons": buttons, "custom": custom}}


EVENTS = [
    {"event": "action", "name": "action_session_start"},
    {"event": "session_started"},
    user("wat doe ik na 5 B-codes?"),
    {"event": "action", "name": "action_b_code_steps"},
    bot("Neem contact op met de ouders.", BUTTONS),
    bot(None, None, {"sources": SOURCES}),
    {"event": "slot", "name": "role", "value": "staff"},
    user("/affirm"),
    bot("Goed."),
    user("/unknown_payload"),
    "not an event",
]


def test_the_history_joins_sources_to_their_reply_and_shows_a_button_by_its_title() -> None:
    assert history_from_events(EVENTS) == [
        HistoryEntry("user", Reply("wat doe ik na 5 B-codes?")),
        HistoryEntry("bot", Reply("Neem contact op met de ouders.", BUTTONS, SOURCES)),
        HistoryEntry("user", Reply("Ja")),
        HistoryEntry("bot", Reply("Goed.")),
        HistoryEntry("user", Reply("/unknown_payload")),
    ]


def test_no_events_no_history() -> None:
    assert history_from_events([]) == []


def test_the_history_of_a_conversation(client: TestClient, rasa: FakeRasa) -> None:
    session_id = start(client, "staff")
    rasa.trackers[session_id] = EVENTS
    response = client.get(f"/api/v1/sessions/{session_id}/history")
    assert response.status_code == 200, response.text
    assert response.json() == {
        "session_id": session_id,
        "role": "staff",
        "messages": [
            {"sender": "user", "text": "wat doe ik na 5 B-codes?", "buttons": [], "sources": []},
            {"sender": "bot", "text": "Neem contact op met de ouders.", "buttons": BUTTONS, "sources": SOURCES},
            {"sender": "user", "text": "Ja", "buttons": [], "sources": []},
            {"sender": "bot", "text": "Goed.", "buttons": [], "sources": []},
            {"sender": "user", "text": "/unknown_payload", "buttons": [], "sources": []},
        ],
    }


def test_a_long_history_keeps_the_newest_messages(client: TestClient, rasa: FakeRasa) -> None:
    session_id = start(client, None)
    rasa.trackers[session_id] = [user(f"vraag {i}") for i in range(HISTORY_LIMIT + 5)]
    messages = client.get(f"/api/v1/sessions/{session_id}/history").json()["messages"]
    assert len(messages) == HISTORY_LIMIT
    assert messages[0]["text"] == "vraag 5" and messages[-1]["text"] == f"vraag {HISTORY_LIMIT + 4}"


def test_an_unknown_conversation_has_no_history(client: TestClient, rasa: FakeRasa) -> None:
    response = client.get("/api/v1/sessions/" + "x" * 32 + "/history")
    assert response.status_code == 404
    assert response.json()["detail"] == UNKNOWN_SESSION


def test_a_malformed_session_id_is_refused(client: TestClient, rasa: FakeRasa) -> None:
    assert client.get("/api/v1/sessions/<script>/history").status_code in (404, 422)


def test_rasa_down_gives_a_dutch_503(client: TestClient, rasa: FakeRasa) -> None:
    session_id = start(client, "parent")
    rasa.down = True
    response = client.get(f"/api/v1/sessions/{session_id}/history")
    assert response.status_code == 503
    assert "niet bereikbaar" in response.json()["detail"]
