"""Through POST /api/chat with the real Rasa server, action server and knowledge base."""

from __future__ import annotations

import httpx
import pytest

from bot.stack import Stack


def ask(api: httpx.Client, message: str, session_id: str | None = None, role: str | None = None) -> dict:
    r = api.post("/api/chat", json={"session_id": session_id, "message": message, "role": role})
    assert r.status_code == 200, r.text
    return r.json()


def test_health_reports_every_part_up(api: httpx.Client) -> None:
    r = api.get("/api/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    assert {name for name, part in body["parts"].items() if part["ok"]} == {"rasa", "actions", "knowledge"}


def test_five_b_codes_answer_names_clb_with_sources(api: httpx.Client) -> None:
    body = ask(api, "Wat moet ik doen na 5 B-codes?")
    assert len(body["session_id"]) >= 16
    reply = body["replies"][0]
    text = reply["text"]
    assert text.startswith("Met 5 B-codes")
    assert "signaleert de school de leerling aan het CLB" in text
    assert "samen met het CLB" in text
    sections = [s["section"] for s in reply["sources"]]
    assert {"actoren.2", "actieplan.1.2"} <= set(sections)
    assert all(s["title"] for s in reply["sources"])


@pytest.mark.parametrize(
    ("count", "expected", "signals_clb"),
    [
        (4, "Met 4 B-codes ligt het initiatief bij de school", False),
        (5, "Met 5 B-codes (vanaf 5 al dan niet gespreide halve dagen per schooljaar)", True),
    ],
)
def test_threshold_of_five(api: httpx.Client, count: int, expected: str, signals_clb: bool) -> None:
    text = ask(api, f"een leerling heeft {count} B-codes, wat nu?")["replies"][0]["text"]
    assert text.startswith(expected)
    assert ("signaleert de school de leerling aan het CLB" in text) is signals_clb
    assert "De school neemt al bij de eerste B-code contact op" in text


def test_session_continues_and_greeting_has_suggestion(api: httpx.Client) -> None:
    first = ask(api, "hallo")
    session = first["session_id"]
    assert "Hallo" in first["replies"][0]["text"]
    button = first["replies"][0]["buttons"][0]
    second = ask(api, button["payload"], session_id=session)
    assert second["session_id"] == session
    assert "CLB" in second["replies"][0]["text"]


def test_out_of_scope_and_gibberish_get_honest_answers(api: httpx.Client) -> None:
    other = ask(api, "wat is de hoofdstad van Peru?")["replies"][0]
    assert "niet mee helpen" in other["text"]
    gibberish = ask(api, "xqzt brmpf vlork")["replies"][0]
    assert "niet goed begrepen" in gibberish["text"]
    assert gibberish["buttons"], "the fallback offers suggestions"


@pytest.mark.parametrize(
    ("payload", "status", "fragment"),
    [
        ({"message": ""}, 422, "leeg"),
        ({"message": "   \u200b\n"}, 422, "leeg"),
        ({"message": "a" * 100_000}, 413, "te lang"),
        ({"message": "b" * 3000}, 422, "te lang"),
        ({"message": "hallo", "session_id": "onbekend-gesprek-123456"}, 404, "onbekend"),
        ({"message": "hallo", "role": "directeur"}, 422, "role"),
        ({"message": 42}, 422, "message"),
    ],
)
def test_bad_input_gets_dutch_error_and_service_keeps_running(
    api: httpx.Client, payload: dict, status: int, fragment: str
) -> None:
    r = api.post("/api/chat", json=payload)
    assert r.status_code == status
    assert fragment in r.json()["detail"]
    assert ask(api, "hallo")["replies"], "the service still answers"


def test_broken_json_and_markup(api: httpx.Client) -> None:
    r = api.post("/api/chat", content=b'{"message": "hallo"', headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert "geen geldige JSON" in r.json()["detail"]
    body = ask(api, "<script>alert(1)</script> wat na 5 B-codes? 😀")
    assert body["replies"][0]["text"]


def test_personal_data_is_masked_before_rasa(services: Stack, api: httpx.Client) -> None:
    body = ask(api, "Mijn naam is Jan Peeters, mail jan.peeters@example.be of bel 0470 12 34 56. Wat na 5 B-codes?")
    tracker = httpx.get(f"{services.rasa}/conversations/{body['session_id']}/tracker", timeout=30).json()
    texts = " ".join(e.get("text") or "" for e in tracker["events"] if e["event"] == "user")
    assert "jan.peeters@example.be" not in texts
    assert "0470" not in texts
    assert "Peeters" not in texts
    assert "[e-mailadres]" in texts and "[telefoonnummer]" in texts and "[naam]" in texts
