"""POST /api/chat with Rasa replaced at the edge: masking and the privacy reminder, sessions, limits and errors."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.deps import get_rasa_client
from api.rasa_client import RasaUnavailable, Reply
from api.settings import ApiSettings
from knowledge.texts import render

ANSWER = Reply(
    text="Met 5 B-codes signaleert de school de leerling aan het CLB.",
    buttons=[{"title": "Wat doet het CLB?", "payload": "/ask_what_is"}],
    sources=[{"section": "actoren.2", "title": "CLB"}],
)
MAX_CHARS = 300


@dataclass
class FakeRasa:
    """Stands in for ``api.rasa_client.RasaClient``: records what reaches Rasa and answers with fixed replies."""

    replies: list[Reply] = field(default_factory=lambda: [ANSWER])
    down: bool = False
    received: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    async def send(self, sender_id: str, message: str, metadata: dict[str, Any] | None = None) -> list[Reply]:
        if self.down:
            raise RasaUnavailable("connection refused")
        self.received.append((sender_id, message, metadata or {}))
        return [Reply(r.text, list(r.buttons), list(r.sources)) for r in self.replies]

    @property
    def last_message(self) -> str:
        return self.received[-1][1]


@pytest.fixture()
def api_settings(api_settings: ApiSettings) -> ApiSettings:
    """The shared test settings with a lower message limit, to see that the app's own settings apply."""
    return api_settings.model_copy(update={"max_message_chars": MAX_CHARS})


@pytest.fixture()
def rasa(client: TestClient) -> Iterator[FakeRasa]:
    fake = FakeRasa()
    app = cast(FastAPI, client.app)
    app.dependency_overrides[get_rasa_client] = lambda: fake
    yield fake
    app.dependency_overrides.pop(get_rasa_client, None)


def chat(client: TestClient, message: str, role: str | None = None, session_id: str | None = None) -> dict[str, Any]:
    response = client.post("/api/chat", json={"session_id": session_id, "message": message, "role": role})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def texts(body: dict[str, Any]) -> list[str]:
    return [r["text"] for r in body["replies"]]


# -- personal data: masked before Rasa, and one gentle reminder --------------------------------------------------
@pytest.mark.parametrize(
    ("message", "typed", "mask"),
    [
        ("Mijn naam is Jan Peeters, wat moet ik doen na 5 B-codes?", "Peeters", "[naam]"),
        ("mijn dochter heet Lien Van den Broeck en spijbelt", "Lien", "[naam]"),
        ("Bel me terug op 0470 12 34 56 aub", "0470", "[telefoonnummer]"),
        ("kan de school me bellen op +32 50 12 34 56?", "12 34 56", "[telefoonnummer]"),
        ("mail naar jan.peeters@example.be wat ik moet doen", "jan.peeters", "[e-mailadres]"),
        ("zijn rijksregisternummer is 85.07.30-033.61, mag hij thuisblijven?", "033.61", "[rijksregisternummer]"),
        ("rijksregisternr 85073003361 heeft 6 B-codes", "85073003361", "[rijksregisternummer]"),
        ("rijksregisternummer 09.11.14-123.45", "123.45", "[rijksregisternummer]"),
    ],
)
def test_personal_data_is_masked_and_reminded(
    client: TestClient, rasa: FakeRasa, message: str, typed: str, mask: str
) -> None:
    body = chat(client, message)
    assert typed not in rasa.last_message
    assert mask in rasa.last_message
    replies = texts(body)
    assert replies == [ANSWER.text, render("api.privacy_reminder")]
    assert body["replies"][0]["sources"] == ANSWER.sources  # the assistant's own replies are untouched
    assert body["replies"][-1]["buttons"] == [] and body["replies"][-1]["sources"] == []


def test_several_kinds_of_personal_data_get_one_reminder(client: TestClient, rasa: FakeRasa) -> None:
    body = chat(client, "Ik heet Sofie, bel 0470 12 34 56 of mail sofie@example.be, rrn 85.07.30-033.61")
    assert rasa.last_message == (
        "Ik heet [naam], bel [telefoonnummer] of mail [e-mailadres], rrn [rijksregisternummer]"
    )
    assert texts(body).count(render("api.privacy_reminder")) == 1
    assert texts(body)[-1] == render("api.privacy_reminder")


@pytest.mark.parametrize("role", ["staff", "parent", "youth"])
def test_the_reminder_speaks_to_the_sessions_role(client: TestClient, rasa: FakeRasa, role: str) -> None:
    first = chat(client, "hallo", role=role)
    # The role is the session's: a later message without a role keeps it.
    body = chat(client, "mijn nummer is 0470 12 34 56", session_id=first["session_id"])
    assert texts(body)[-1] == render("api.privacy_reminder", role)
    assert rasa.received[-1][2] == {"role": role}


def test_parents_and_youths_get_their_own_wording() -> None:
    staff, parent, youth = (render("api.privacy_reminder", r) for r in ("staff", "parent", "youth"))
    assert len({staff, parent, youth}) == 3
    for text in (staff, parent, youth):
        assert "rijksregisternummer" in text
        assert " u " not in f" {text} "  # "je" for every role


@pytest.mark.parametrize(
    "message",
    [
        "Wat moet ik doen na 5 B-codes?",
        "hij heeft 12 B-codes sinds 14/11/2009",
        "mijn zoon is geboren op 14/11/2009, tot wanneer moet hij naar school?",
        "geboren op 14 november 2009",
        "8 B-codes en 3 keer te laat sinds 2024-09-01",
        "ze ligt al 25 dagen ziek thuis, 12 km van school",
        "Ik ben Bang om naar school te gaan",
    ],
)
def test_without_personal_data_nothing_is_masked_and_no_reminder(
    client: TestClient, rasa: FakeRasa, message: str
) -> None:
    body = chat(client, message)
    assert rasa.last_message == message
    assert texts(body) == [ANSWER.text]


def test_no_reply_from_rasa_gets_a_reply_and_still_the_reminder(client: TestClient, rasa: FakeRasa) -> None:
    rasa.replies = []
    assert texts(chat(client, "hallo")) == [render("api.no_reply")]
    assert texts(chat(client, "ik heet Jan")) == [render("api.no_reply"), render("api.privacy_reminder")]


# -- sessions, limits, errors ----------------------------------------------------------------------------------
def test_a_session_continues_and_the_role_reaches_rasa(client: TestClient, rasa: FakeRasa) -> None:
    first = chat(client, "hallo", role="parent")
    assert len(first["session_id"]) >= 16
    second = chat(client, "en nu?", session_id=first["session_id"])
    assert second["session_id"] == first["session_id"]
    assert [r[0] for r in rasa.received] == [first["session_id"]] * 2
    assert [r[2] for r in rasa.received] == [{"role": "parent"}] * 2
    assert chat(client, "hallo")["session_id"] != first["session_id"]


def test_the_apps_own_message_limit_applies(client: TestClient, rasa: FakeRasa) -> None:
    assert chat(client, "a" * MAX_CHARS)
    response = client.post("/api/chat", json={"message": "a" * (MAX_CHARS + 1)})
    assert response.status_code == 422
    assert f"hoogstens {MAX_CHARS} tekens" in response.json()["detail"]
    assert len(rasa.received) == 1


def test_unknown_session_is_a_404(client: TestClient, rasa: FakeRasa) -> None:
    response = client.post("/api/chat", json={"session_id": "onbekend-gesprek-123456", "message": "hallo"})
    assert response.status_code == 404
    assert "onbekend" in response.json()["detail"]
    assert rasa.received == []


def test_rasa_down_is_a_503_and_the_session_survives(client: TestClient, rasa: FakeRasa) -> None:
    session_id = chat(client, "hallo")["session_id"]
    rasa.down = True
    response = client.post("/api/chat", json={"session_id": session_id, "message": "bel 0470 12 34 56"})
    assert response.status_code == 503
    assert "niet bereikbaar" in response.json()["detail"]
    assert "0470" not in response.text
    rasa.down = False
    assert chat(client, "opnieuw", session_id=session_id)["session_id"] == session_id
