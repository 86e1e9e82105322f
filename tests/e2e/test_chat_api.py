"""Through POST /api/chat with the real Rasa server (trained model), action server and knowledge base."""

from __future__ import annotations

import re

import httpx
import pytest

from bot.stack import Stack
from knowledge.texts import render

HELP_LINES = ("112", "1712", "1813", "102")


def ask(api: httpx.Client, message: str, session_id: str | None = None, role: str | None = None) -> dict:
    r = api.post("/api/chat", json={"session_id": session_id, "message": message, "role": role})
    assert r.status_code == 200, r.text
    return r.json()


def first(body: dict) -> dict:
    return body["replies"][0]


def text_of(body: dict) -> str:
    return "\n".join(r["text"] for r in body["replies"])


def sections_of(body: dict) -> set[str]:
    return {s["section"] for r in body["replies"] for s in r["sources"]}


def test_health_reports_every_part_up(api: httpx.Client) -> None:
    r = api.get("/api/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    assert {name for name, part in body["parts"].items() if part["ok"]} == {"rasa", "actions", "knowledge"}


# -- every role gets its first answer right, with sources ---------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "message", "facts", "section"),
    [
        ("staff", "Wat moet ik doen na 5 B-codes?", ["CLB", "5 B-codes"], "actieplan.1.2"),
        ("staff", "wat is NAFT?", ["NAFT", "secundair"], "actoren.10"),
        ("staff", "8 B-codes en de ouders nemen nooit op", ["CLB", "politie"], "actoren.12"),
        ("parent", "mijn dochter is al 4 weken ziek, kan ze thuis les krijgen?", ["TOAH"], "actieplan.2.2.1"),
        (
            "parent",
            "ze ligt al 25 dagen ziek thuis, kan er een leerkracht aan huis komen?",
            ["TOAH"],
            "actieplan.2.2.1",
        ),
        (
            "parent",
            "mijn zoon is geboren op 14 november 2009, tot wanneer moet hij naar school?",
            ["30 juni 2027"],
            "terminologie.1",
        ),
        ("parent", "welke code als hij de feestdag van zijn godsdienst viert?", ["R"], "terminologie.2.1"),
        # Whether one may stop at all (leerplicht), who helps, then the journey asks the age.
        ("youth", "ik wil stoppen met school", ["CLB", "18"], "terminologie.1"),
    ],
)
def test_first_reply_answers_with_the_engine_or_the_item(
    api: httpx.Client, role: str, message: str, facts: list[str], section: str
) -> None:
    body = ask(api, message, role=role)
    text = text_of(body)
    for fact in facts:
        assert re.search(rf"\b{re.escape(fact)}\b", text), (fact, text)
    assert section in sections_of(body), (section, sections_of(body))
    assert "Bron: draaiboek" in text or "Dit komt uit het draaiboek" in text


def test_stopping_school_is_not_answered_with_b_code_steps(api: httpx.Client) -> None:
    text = text_of(ask(api, "ik wil stoppen met school", role="youth"))
    assert "B-code" not in text


def test_a_follow_up_button_asks_about_the_same_partner(api: httpx.Client) -> None:
    body = ask(api, "wat is naft", role="staff")
    button = next(b for b in first(body)["buttons"] if b["title"] == render("answer.button.referral", "staff"))
    follow = ask(api, button["payload"], session_id=body["session_id"])
    assert first(follow)["text"].startswith(render("answer.intro.referral", "staff", name="NAFT"))


# -- role ----------------------------------------------------------------------------------------------------------
def test_greeting_offers_roles_and_says_it_informs_only(api: httpx.Client) -> None:
    body = ask(api, "hallo")
    reply = first(body)
    assert "beslissing" in reply["text"]
    payloads = [b["payload"] for b in reply["buttons"]]
    assert any('"youth"' in p for p in payloads) and any('"parent"' in p for p in payloads)
    youth = ask(api, next(p for p in payloads if '"youth"' in p), session_id=body["session_id"])
    assert first(youth)["text"] == render("chat.role_set.youth", "youth")


def test_a_greeting_with_a_question_gets_the_answer(api: httpx.Client) -> None:
    """The classifier reads "dag" as a greeting; the SmallTalkGate reads the question behind it."""
    body = ask(api, "dag, ik heb een vraag over toah", role="parent")
    assert "actieplan.2.2.1" in sections_of(body)
    assert "beslissing" not in text_of(body)


def test_role_said_in_the_conversation_changes_the_wording(api: httpx.Client) -> None:
    body = ask(api, "ik ben een mama")
    assert first(body)["text"] == render("chat.role_set.parent", "parent")
    answer = ask(api, "hoe kom ik bij rots", session_id=body["session_id"])
    assert first(answer)["text"].startswith(render("answer.intro.referral", "parent", name="ROTS"))


# -- safety ----------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["staff", "parent", "youth"])
def test_danger_gets_help_lines_at_once_in_every_role(api: httpx.Client, role: str) -> None:
    text = text_of(ask(api, "mijn papa slaat mij elke avond", role=role))
    for number in HELP_LINES:
        assert re.search(rf"\b{number}\b", text), (number, text)


def test_danger_in_the_middle_of_a_conversation(api: httpx.Client) -> None:
    body = ask(api, "een leerling heeft 6 B-codes, wat nu?", role="staff")
    danger = ask(api, "ze vertelde me net dat haar stiefvader aan haar zit", session_id=body["session_id"])
    text = text_of(danger)
    assert "1712" in text and "B-code" not in text
    again = ask(api, "wat is naft?", session_id=body["session_id"])
    assert "NAFT" in first(again)["text"]


# -- chitchat, honesty, privacy ----------------------------------------------------------------------------------
def test_out_of_scope_and_gibberish_get_honest_answers(api: httpx.Client) -> None:
    other = ask(api, "wat is de hoofdstad van Peru?")
    assert not sections_of(other)
    gibberish = ask(api, "xqzt brmpf vlork")
    assert first(gibberish)["text"] == render("answer.unknown", None)


def test_asking_for_a_person_points_to_the_clb(api: httpx.Client) -> None:
    text = text_of(ask(api, "kan ik met een echte mens praten?", role="youth"))
    assert "CLB" in text and "clbchat.be" in text


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


def test_personal_data_is_masked_before_rasa_and_the_user_reminded(services: Stack, api: httpx.Client) -> None:
    body = ask(api, "Mijn naam is Jan Peeters, mail jan.peeters@example.be of bel 0470 12 34 56. Wat na 5 B-codes?")
    tracker = services.rasa_get(f"/conversations/{body['session_id']}/tracker")
    texts = " ".join(e.get("text") or "" for e in tracker["events"] if e["event"] == "user")
    assert "jan.peeters@example.be" not in texts
    assert "0470" not in texts
    assert "Peeters" not in texts
    assert "[e-mailadres]" in texts and "[telefoonnummer]" in texts and "[naam]" in texts
    assert body["replies"][-1]["text"] == render("api.privacy_reminder", None)
