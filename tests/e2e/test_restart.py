"""A part that is down gives a clear answer, and the conversation survives a restart of every service.

Runs last in tests/e2e (file order): it stops and starts the services.
"""

from __future__ import annotations

import httpx

from bot.stack import Stack


def test_rasa_down_then_restart_keeps_the_conversation(services: Stack, api: httpx.Client) -> None:
    first = api.post("/api/chat", json={"message": "Wat moet ik doen na 5 B-codes?"}).json()
    session = first["session_id"]

    services.stop("rasa")
    health = api.get("/api/health")
    assert health.status_code == 503
    assert health.json()["failing"] == ["rasa"]
    down = api.post("/api/chat", json={"session_id": session, "message": "dank je"})
    assert down.status_code == 503
    assert "niet bereikbaar" in down.json()["detail"]

    # Restart every service; the session id still continues the same conversation.
    for name in ("api", "actions"):
        services.stop(name)
    for name in ("actions", "rasa", "api"):
        services.start(name)
    services.wait_healthy()

    again = api.post("/api/chat", json={"session_id": session, "message": "dank je wel"})
    assert again.status_code == 200, again.text
    assert again.json()["session_id"] == session
    tracker = services.rasa_get(f"/conversations/{session}/tracker")
    user_texts = [e["text"] for e in tracker["events"] if e["event"] == "user"]
    assert user_texts[0] == "Wat moet ik doen na 5 B-codes?"
    assert user_texts[-1] == "dank je wel"
