"""Two Rasa instances and two action servers on PostgreSQL and Redis, behind the API: Rasa's token, many
simultaneous conversations, and a conversation that continues, slots and all, through each fault.

The tests run in file order on one stack; each leaves every service running again.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from actions.journeys import QUESTIONS
from api.rasa_client import rendezvous_order
from bot.stack import Stack
from knowledge.texts import render
from tests.integration.conftest import Postgres

OPENING = "wat moet ik doen na 5 B-codes?"


def ask(api: httpx.Client, message: str, session_id: str | None = None) -> httpx.Response:
    return api.post("/api/chat", json={"session_id": session_id, "message": message, "role": "staff"})


def text_of(body: dict[str, Any]) -> str:
    return "\n".join(r["text"] for r in body["replies"])


def question(key: str) -> str:
    """The first sentence of a journey's question, as the form asks it."""
    return render(QUESTIONS[key].text_key, "staff").split("?")[0]


def start_form(api: httpx.Client) -> tuple[str, dict[str, Any]]:
    """The B-code journey: the opening question, then its first question (the parents' stance) answered with
    its button. Returns the session and the reply, which asks the pupil's age."""
    first = ask(api, OPENING)
    assert first.status_code == 200, first.text
    body = first.json()
    assert question("ouders") in text_of(body)
    session = body["session_id"]
    title = render("journey.ouders.cooperative", "staff")
    [button] = [b for r in body["replies"] for b in r["buttons"] if b["title"] == title]
    second = ask(api, button["payload"], session)
    assert second.status_code == 200, second.text
    assert question("leeftijd") in text_of(second.json())
    return session, second.json()


def filled_slots(stack: Stack, session: str, rasa: str | None = None) -> dict[str, Any]:
    """The facts the conversation holds (the slots with a value; not the form's pointer to its next question)."""
    tracker = stack.rasa_get(f"/conversations/{session}/tracker", rasa, include_events="NONE")
    return {k: v for k, v in tracker["slots"].items() if v is not None and k != "requested_slot"}


def user_texts(stack: Stack, session: str, rasa: str | None = None) -> list[str]:
    tracker = stack.rasa_get(f"/conversations/{session}/tracker", rasa, include_events="ALL")
    return [e["text"] for e in tracker["events"] if e["event"] == "user"]


def continue_form(api: httpx.Client, session: str) -> None:
    """The age is the next answer; the form goes on to its next question (does the pupil refuse)."""
    r = ask(api, "15", session)
    assert r.status_code == 200, r.text
    assert question("leerling_weigert") in text_of(r.json())


# -- Rasa's HTTP API is locked --------------------------------------------------------------------------------------


def test_rasa_refuses_requests_without_its_token(scaled: Stack) -> None:
    for rasa in scaled.rasa_urls:
        events = f"{rasa}/conversations/intruder/tracker/events"
        assert httpx.put(events, json=[], timeout=10).status_code == 401
        assert httpx.get(f"{rasa}/conversations/intruder/tracker", timeout=10).status_code == 401
        assert httpx.get(f"{rasa}/status", timeout=10).status_code == 401
        wrong = httpx.get(f"{rasa}/conversations/intruder/tracker", params={"token": "raden"}, timeout=10)
        assert wrong.status_code == 401
        # With the token it works.
        ok = httpx.put(events, params={"token": scaled.rasa_token}, json=[], timeout=10)
        assert ok.status_code == 200, ok.text
        assert scaled.rasa_get("/conversations/intruder/tracker", rasa)["sender_id"] == "intruder"


def test_the_lock_store_keeps_one_conversations_messages_in_order(scaled: Stack) -> None:
    """Two messages of one conversation, each to another Rasa instance, the second while the first is still being
    handled: Redis's lock lets the second wait until the first is done, so the tracker holds each message with its
    whole answer, one after the other, and both answers arrive.

    The second is sent 20 ms after the first (handling one takes 100 ms or more here). Rasa 3.6 issues its lock
    tickets with a read and a write that are not atomic, so two messages within the same few milliseconds on two
    instances can both get the first ticket (seen once in CI); the API itself never sends two messages of one
    conversation at once (a lock per session in ``api.rasa_client``)."""
    session = "lock-test-conversation"
    messages = ["wat is een B-code?", "wat doet het CLB?"]

    async def post(client: httpx.AsyncClient, rasa: str, message: str, delay: float) -> httpx.Response:
        await asyncio.sleep(delay)
        return await client.post(f"{rasa}/webhooks/rest/webhook", json={"sender": session, "message": message})

    async def both() -> list[httpx.Response]:
        async with httpx.AsyncClient(timeout=60) as client:
            return list(
                await asyncio.gather(
                    *(
                        post(client, rasa, message, 0.02 * i)
                        for i, (rasa, message) in enumerate(zip(scaled.rasa_urls, messages, strict=True))
                    )
                )
            )

    responses = asyncio.run(both())
    assert all(r.status_code == 200 and r.json() for r in responses)
    events = scaled.rasa_get(f"/conversations/{session}/tracker", include_events="ALL")["events"]
    users = [i for i, e in enumerate(events) if e["event"] == "user"]
    assert sorted(events[i]["text"] for i in users) == sorted(messages)
    # Between the two messages the first one's turn ended (the bot listened again) with its answer.
    between = events[users[0] + 1 : users[1]]
    assert any(e["event"] == "bot" for e in between)
    assert [e.get("name") for e in between if e["event"] == "action"][-1] == "action_listen"


# -- many conversations at once -------------------------------------------------------------------------------------

QUESTIONS_10 = [
    "wat is een B-code?",
    "wat doet het CLB?",
    "wat moet ik doen na 5 B-codes?",
    "wat is een spijbelaar?",
    "wie is de leerlingenbegeleider?",
    "wat is schoolweigering?",
    "mag een leerling zonder attest thuisblijven?",
    "wat is een doktersattest?",
    "hoe meld ik een afwezigheid?",
    "dank je wel",
]
SESSIONS = 50


async def _one_session(client: httpx.AsyncClient, index: int) -> tuple[str, list[str]]:
    turns = QUESTIONS_10[index % 10 :] + QUESTIONS_10[: index % 10]  # each session its own order
    session: str | None = None
    for turn in turns:
        r = await client.post("/api/chat", json={"session_id": session, "message": turn, "role": "staff"})
        assert r.status_code == 200, f"session {index}, '{turn}': {r.status_code} {r.text}"
        body = r.json()
        assert body["replies"] and all(reply["text"] for reply in body["replies"]), body
        assert session is None or body["session_id"] == session
        session = body["session_id"]
    assert session is not None
    return session, turns


def test_fifty_simultaneous_sessions_of_ten_turns(scaled: Stack) -> None:
    async def run_all() -> list[tuple[str, list[str]]]:
        limits = httpx.Limits(max_connections=SESSIONS)
        async with httpx.AsyncClient(base_url=scaled.api, timeout=120, limits=limits) as client:
            return await asyncio.gather(*(_one_session(client, i) for i in range(SESSIONS)))

    started = time.monotonic()
    results = asyncio.run(run_all())
    elapsed = time.monotonic() - started
    print(f"\n{SESSIONS} sessions x 10 turns over 2 Rasa instances: {elapsed:.0f} s")
    assert len({session for session, _ in results}) == SESSIONS
    instances = {rendezvous_order(session, scaled.rasa_urls)[0] for session, _ in results}
    assert instances == {0, 1}, "the sessions were spread over both instances"
    for index, (session, turns) in enumerate(results):
        # Each tracker holds exactly its own turns, in order (read from either instance: they share the store).
        assert user_texts(scaled, session, scaled.rasa_urls[index % 2]) == turns


# -- faults ---------------------------------------------------------------------------------------------------------


def test_one_rasa_instance_killed_mid_conversation(scaled: Stack, api: httpx.Client) -> None:
    session, _ = start_form(api)
    slots = filled_slots(scaled, session)
    preferred, other = rendezvous_order(session, scaled.rasa_urls)
    name = scaled.names("rasa")[preferred]
    scaled.kill(name)
    try:
        health = api.get("/api/health").json()
        assert health["status"] == "degraded"
        assert any(scaled.rasa_urls[preferred] in failing for failing in health["failing_instances"])
        # The other instance answers the next message, with the slots of the form.
        continue_form(api, session)
        after = filled_slots(scaled, session, scaled.rasa_urls[other])
        assert slots.items() <= after.items()
        assert user_texts(scaled, session, scaled.rasa_urls[other])[-1] == "15"
    finally:
        scaled.start(name)
        scaled.wait_healthy()


def test_action_server_down_gets_an_apology_then_works_again(scaled: Stack, api: httpx.Client) -> None:
    session, _ = start_form(api)
    actions = scaled.names("actions")
    for name in actions:
        scaled.stop(name)
    try:
        health = api.get("/api/health")
        assert health.status_code == 503
        assert health.json()["failing"] == ["actions"]
        r = ask(api, "15", session)
        assert r.status_code == 200, r.text
        assert text_of(r.json()) == render("api.actions_down", "staff")
    finally:
        for name in actions:
            scaled.start(name)
        scaled.wait_healthy()
    # The same answer again, now that the action servers are back: the form takes it and goes on.
    continue_form(api, session)


def test_database_blip_gives_an_error_then_recovers_by_itself(
    scaled: Stack, api: httpx.Client, postgres: Postgres
) -> None:
    session, _ = start_form(api)
    slots = filled_slots(scaled, session)
    postgres.stop()
    try:
        r = ask(api, "15", session)
        assert r.status_code >= 500
        detail = r.json()["detail"]
        assert detail and "psycopg2" not in detail and "Traceback" not in detail and "connection" not in detail
        # A new connection: after an unexpected error (500) uvicorn closes the one it answered on.
        health = httpx.get(f"{scaled.api}/api/health", timeout=30)
        assert health.status_code == 503
        assert health.json()["failing"] == ["knowledge"]
    finally:
        postgres.start()
    # No service is restarted: the pools find new connections (pool_pre_ping), at the latest on a retry.
    deadline = time.monotonic() + 60
    while True:
        with httpx.Client(base_url=scaled.api, timeout=60) as fresh:
            r = ask(fresh, "15", session)
        if r.status_code == 200 or time.monotonic() > deadline:
            break
        time.sleep(2)
    assert r.status_code == 200, r.text
    assert question("leerling_weigert") in text_of(r.json())
    assert slots.items() <= filled_slots(scaled, session).items()
    assert httpx.get(f"{scaled.api}/api/health", timeout=30).status_code == 200


def test_rasa_down_gives_503_in_dutch_and_health_names_it(scaled: Stack, api: httpx.Client) -> None:
    session, _ = start_form(api)
    slots = filled_slots(scaled, session)
    names = scaled.names("rasa")
    for name in names:
        scaled.stop(name)
    try:
        r = ask(api, "15", session)
        assert r.status_code == 503
        assert "niet bereikbaar" in r.json()["detail"]
        health = api.get("/api/health")
        assert health.status_code == 503
        assert health.json()["failing"] == ["rasa"]
        assert len(health.json()["failing_instances"]) == 2
    finally:
        for name in names:
            scaled.start(name)
        scaled.wait_healthy()
    continue_form(api, session)
    assert slots.items() <= filled_slots(scaled, session).items()


def test_every_service_restarted_in_the_middle_of_a_form(scaled: Stack, api: httpx.Client, postgres: Postgres) -> None:
    session, _ = start_form(api)
    slots = filled_slots(scaled, session)
    assert slots
    scaled.stop_all()
    postgres.stop()
    postgres.start()
    scaled.start_services()
    continue_form(api, session)
    assert slots.items() <= filled_slots(scaled, session).items()
