"""GET /api/v1/sessions/{id}/summary with Rasa replaced at the edge: the case of a conversation, in its role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from api.deps import get_rasa_client
from api.rasa_client import RasaUnavailable, Reply
from api.sessions import SessionStore
from knowledge.case import Case, CasePart, Fact, PartnerLine, Step, summary_text
from knowledge.repository import KnowledgeRepository
from knowledge.texts import render

UNKNOWN_SESSION = "Dit gesprek is onbekend of verlopen. Begin een nieuw gesprek."
RASA_DOWN = "De assistent is even niet bereikbaar, dus de samenvatting ook niet. Probeer het zo meteen opnieuw."
B_CODE = CasePart(
    "b-code",
    facts=(Fact("Aantal B-codes", "6"),),
    conclusion="Fase 1: verhoogde zorg.",
    done=("een CLB-traject",),
    todo=(Step("Contact opnemen met de ouders.", "De school"),),
    partners=(PartnerLine("CLB", "begeleidt de leerling"),),
    sections=("actoren.2", "actieplan.1.2"),
)
ILLNESS = CasePart("illness", conclusion="TOAH kan starten.", sections=("actieplan.1.2", "bestaat.niet"))


@dataclass
class FakeRasa:
    """Stands in for ``api.rasa_client.RasaClient``: a fixed reply to each message, and the slots it was given."""

    slots: dict[str, dict[str, Any]] = field(default_factory=dict)
    trackers: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    down: bool = False
    asked: list[tuple[str, str]] = field(default_factory=list)

    async def send(self, sender_id: str, message: str, metadata: dict[str, Any] | None = None) -> list[Reply]:
        return [Reply(text="Hallo")]

    async def slot(self, sender_id: str, name: str) -> Any:
        self.asked.append((sender_id, name))
        if self.down:
            raise RasaUnavailable("connection refused")
        return self.slots.get(sender_id, {}).get(name)

    async def events(self, sender_id: str) -> list[dict[str, Any]]:
        if self.down:
            raise RasaUnavailable("connection refused")
        return self.trackers.get(sender_id, [])


@pytest.fixture()
def rasa(client: TestClient) -> Iterator[FakeRasa]:
    fake = FakeRasa()
    app = cast(FastAPI, client.app)
    app.dependency_overrides[get_rasa_client] = lambda: fake
    yield fake
    app.dependency_overrides.pop(get_rasa_client, None)


def start(client: TestClient, role: str | None) -> str:
    """A conversation begun through the chat, as the page does."""
    response = client.post("/api/chat", json={"message": "hallo", "role": role})
    assert response.status_code == 200, response.text
    session_id: str = response.json()["session_id"]
    return session_id


def summary(client: TestClient, session_id: str, status: int = 200) -> dict[str, Any]:
    response = client.get(f"/api/v1/sessions/{session_id}/summary")
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


def cited(repo: KnowledgeRepository, *ids: str) -> list[dict[str, str]]:
    refs = repo.section_refs(list(ids))
    return [{"section": r.id, "title": r.title} for r in refs]


def test_a_case_with_parts(client: TestClient, rasa: FakeRasa, repo: KnowledgeRepository) -> None:
    session_id = start(client, "staff")
    case = Case((B_CODE, ILLNESS))
    rasa.slots[session_id] = {"case": case.to_dict()}
    body = summary(client, session_id)
    assert rasa.asked == [(session_id, "case")]
    assert body == {
        "session_id": session_id,
        "role": "staff",
        "empty": False,
        "text": summary_text(case, repo, "staff"),
        "parts": [
            {
                "kind": "b-code",
                "title": "Problematische afwezigheden (B-codes)",
                "facts": [{"label": "Aantal B-codes", "value": "6"}],
                "conclusion": "Fase 1: verhoogde zorg.",
                "done": ["een CLB-traject"],
                "todo": [{"what": "Contact opnemen met de ouders.", "who": "De school"}],
                "partners": [{"name": "CLB", "why": "begeleidt de leerling"}],
                "sections": cited(repo, "actoren.2", "actieplan.1.2"),
            },
            {
                "kind": "illness",
                "title": "Een zieke leerling: onderwijs en ondersteuning",
                "facts": [],
                "conclusion": "TOAH kan starten.",
                "done": [],
                "todo": [],
                "partners": [],
                # A section the content does not know keeps its id as its title.
                "sections": [*cited(repo, "actieplan.1.2"), {"section": "bestaat.niet", "title": "bestaat.niet"}],
            },
        ],
        "sources": [
            *cited(repo, "actoren.2", "actieplan.1.2"),
            {"section": "bestaat.niet", "title": "bestaat.niet"},
        ],
    }
    assert body["text"].startswith("Samenvatting voor het zorgteam of een overleg met het CLB (zonder namen)\n\n")
    assert "- Contact opnemen met de ouders (wie: de school)" in body["text"].splitlines()


@pytest.mark.parametrize(
    ("role", "heading", "illness_title"),
    [
        (None, "Samenvatting voor het zorgteam of een overleg met het CLB (zonder namen)", "Een zieke leerling: "),
        ("staff", "Samenvatting voor het zorgteam of een overleg met het CLB (zonder namen)", "Een zieke leerling: "),
        ("parent", "Samenvatting van ons gesprek (zonder namen), om mee te nemen naar een gesprek", "Een ziek kind: "),
        (
            "youth",
            "Samenvatting van ons gesprek (zonder namen), om te tonen aan je leerlingenbegeleider",
            "Ziek zijn: ",
        ),
    ],
)
def test_the_role_of_the_conversation_decides_the_wording(
    client: TestClient, rasa: FakeRasa, repo: KnowledgeRepository, role: str | None, heading: str, illness_title: str
) -> None:
    session_id = start(client, role)
    case = Case((B_CODE, ILLNESS))
    rasa.slots[session_id] = {"case": case.to_dict()}
    body = summary(client, session_id)
    assert body["role"] == role
    assert body["text"] == summary_text(case, repo, role)
    assert body["text"].startswith(heading)
    assert [p["title"] for p in body["parts"]][1].startswith(illness_title)
    assert body["text"].endswith(render("case.footer", role))


def test_a_session_made_in_the_store_keeps_its_role(
    client: TestClient, rasa: FakeRasa, kb_engine: Engine, repo: KnowledgeRepository
) -> None:
    with sessionmaker(bind=kb_engine)() as db:
        chat = SessionStore(db).create("parent")
        db.commit()
        session_id = chat.id
    rasa.slots[session_id] = {"case": Case((B_CODE,)).to_dict()}
    body = summary(client, session_id)
    assert body["role"] == "parent"
    assert body["text"] == summary_text(Case((B_CODE,)), repo, "parent")
    assert "Wat je vertelde:" in body["text"].splitlines()


@pytest.mark.parametrize("role", [None, "staff", "parent", "youth"])
@pytest.mark.parametrize("stored", [None, {"parts": []}, "geen case", {"parts": [{"kind": "onbekend"}]}])
def test_an_empty_case(client: TestClient, rasa: FakeRasa, role: str | None, stored: Any) -> None:
    session_id = start(client, role)
    rasa.slots[session_id] = {"case": stored}
    assert summary(client, session_id) == {
        "session_id": session_id,
        "role": role,
        "empty": True,
        "text": render("case.empty", role),
        "parts": [],
        "sources": [],
    }


def test_an_unknown_session_is_a_404_in_dutch(client: TestClient, rasa: FakeRasa) -> None:
    assert summary(client, "A" * 32, 404) == {"detail": UNKNOWN_SESSION}
    assert rasa.asked == []  # Rasa is not asked about a conversation the API never started


@pytest.mark.parametrize("session_id", ["kort", "x" * 65, "met%20spatie%20en%20meer%20tekens", "ongeldig!teken!!!!!!"])
def test_a_malformed_id_is_a_422(client: TestClient, rasa: FakeRasa, session_id: str) -> None:
    body = summary(client, session_id, 422)
    assert body["detail"] == "Het veld 'session_id' heeft een ongeldige vorm."
    assert body["errors"] == [{"field": "session_id", "message": body["detail"]}]
    assert rasa.asked == []


def test_rasa_down_is_a_503_in_dutch(client: TestClient, rasa: FakeRasa) -> None:
    session_id = start(client, "staff")
    rasa.down = True
    assert summary(client, session_id, 503) == {"detail": RASA_DOWN}
    assert rasa.asked == [(session_id, "case")]
