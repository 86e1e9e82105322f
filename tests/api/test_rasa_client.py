"""The API's client of several Rasa instances, with fake instances at the HTTP edge (httpx.MockTransport): the
stable choice of an instance per conversation, the failover, the token on every call, and the apology when the
action server is down."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Coroutine
from typing import Any, TypeVar, cast

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.deps import get_rasa_client
from api.rasa_client import ActionsUnavailable, RasaClient, RasaUnavailable, rendezvous_order
from knowledge.texts import render

RASA = ["http://rasa-a:5005", "http://rasa-b:5005", "http://rasa-c:5005"]
ACTIONS = ["http://actions-a:5055", "http://actions-b:5055", "http://actions-c:5055"]
TOKEN = "s3cret"
T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


class FakeInstances:
    """Rasa instances and action servers by host name: ``down`` refuse connections, ``slow`` time out."""

    def __init__(self, down: set[str] | None = None, slow: set[str] | None = None, reply: bool = True) -> None:
        self.down = down or set()
        self.slow = slow or set()
        self.reply = reply
        self.calls: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        host = request.url.host
        if host in self.down:
            raise httpx.ConnectError("connection refused", request=request)
        if host in self.slow:
            raise httpx.ReadTimeout("timed out", request=request)
        if request.url.path == "/health":
            return httpx.Response(200, json={"status": "ok"})
        if request.url.params.get("token") != TOKEN:
            return httpx.Response(401, json={"message": "User is not authenticated."})
        if request.url.path == "/status":
            return httpx.Response(200, json={"model_file": "afwezig.tar.gz"})
        if request.url.path == "/webhooks/rest/webhook":
            sender = json.loads(request.content)["sender"]
            return httpx.Response(200, json=[{"text": f"{host} answers {sender}"}] if self.reply else [])
        if request.url.path.endswith("/tracker"):
            return httpx.Response(200, json={"sender_id": host, "slots": {"rol": host}, "events": []})
        return httpx.Response(404)

    def hosts(self, path: str) -> list[str]:
        return [r.url.host for r in self.calls if r.url.path.endswith(path)]


def make_client(fake: FakeInstances, rasa: list[str] = RASA, actions: list[str] = ACTIONS) -> RasaClient:
    return RasaClient(rasa, actions, timeout=5, token=TOKEN, connect_timeout=1, transport=httpx.MockTransport(fake))


def preferred(session: str, rasa: list[str] = RASA) -> list[str]:
    return [httpx.URL(rasa[i]).host for i in rendezvous_order(session, rasa)]


def test_each_session_keeps_its_instance_and_sessions_spread_evenly() -> None:
    sessions = [f"s{i:04d}" for i in range(3000)]
    first = Counter(rendezvous_order(s, RASA)[0] for s in sessions)
    assert set(first) == {0, 1, 2}
    assert all(800 < n < 1200 for n in first.values()), first
    # Stable: the same order every time, in every API process.
    assert all(rendezvous_order(s, RASA) == rendezvous_order(s, list(RASA)) for s in sessions[:100])


def test_removing_an_instance_moves_only_its_own_sessions() -> None:
    sessions = [f"s{i:04d}" for i in range(2000)]
    two = RASA[:2]
    for s in sessions:
        before = RASA[rendezvous_order(s, RASA)[0]]
        after = two[rendezvous_order(s, two)[0]]
        if before != RASA[2]:
            assert after == before


def test_a_session_goes_to_its_preferred_instance_with_the_token() -> None:
    fake = FakeInstances()
    replies = run(make_client(fake).send("abc", "hallo"))
    assert replies[0].text == f"{preferred('abc')[0]} answers abc"
    assert [r.url.params.get("token") for r in fake.calls] == [TOKEN]


def test_a_refused_connection_fails_over_to_the_next_instance() -> None:
    order = preferred("abc")
    fake = FakeInstances(down={order[0]})
    replies = run(make_client(fake).send("abc", "hallo"))
    assert replies[0].text == f"{order[1]} answers abc"
    assert fake.hosts("/webhook") == order[:2]


def test_the_tracker_read_fails_over_on_a_timeout_too() -> None:
    order = preferred("abc")
    fake = FakeInstances(slow={order[0]}, down={order[1]})
    tracker = run(make_client(fake).tracker("abc"))
    assert tracker["sender_id"] == order[2]
    assert run(make_client(fake).slot("abc", "rol")) == order[2]
    assert all(r.url.params.get("token") == TOKEN for r in fake.calls)


def test_a_message_that_may_have_arrived_is_not_sent_twice() -> None:
    """A read timeout after sending: Rasa may be handling it, so another instance must not get it too."""
    order = preferred("abc")
    fake = FakeInstances(slow={order[0]})
    with pytest.raises(RasaUnavailable):
        run(make_client(fake).send("abc", "hallo"))
    assert fake.hosts("/webhook") == [order[0]]


def test_no_instance_answers() -> None:
    fake = FakeInstances(down={httpx.URL(u).host for u in RASA})
    with pytest.raises(RasaUnavailable, match="no Rasa instance answered"):
        run(make_client(fake).send("abc", "hallo"))
    assert sorted(fake.hosts("/webhook")) == sorted(httpx.URL(u).host for u in RASA)


def test_an_error_answer_is_not_retried_elsewhere() -> None:
    fake = FakeInstances()
    wrong = RasaClient(RASA, ACTIONS, timeout=5, token="wrong", transport=httpx.MockTransport(fake))
    with pytest.raises(RasaUnavailable, match="401"):
        run(wrong.tracker("abc"))
    assert len(fake.calls) == 1


def test_an_empty_answer_with_its_action_server_down_is_reported() -> None:
    order = preferred("abc")
    paired_action_server = httpx.URL(ACTIONS[RASA.index(f"http://{order[0]}:5005")]).host
    with pytest.raises(ActionsUnavailable):
        run(make_client(FakeInstances(reply=False, down={paired_action_server})).send("abc", "hallo"))
    # The action server of another instance being down does not matter; with its own up, an empty answer is one.
    others = {httpx.URL(u).host for u in ACTIONS} - {paired_action_server}
    assert run(make_client(FakeInstances(reply=False, down=others)).send("abc", "hallo")) == []


def test_a_single_url_still_works() -> None:
    fake = FakeInstances()
    single = RasaClient("http://rasa-a:5005/", "http://actions-a:5055", timeout=5, token=TOKEN,
                        transport=httpx.MockTransport(fake))  # fmt: skip
    assert single.rasa_urls == ["http://rasa-a:5005"]
    assert run(single.send("x", "hallo"))[0].text == "rasa-a answers x"


def test_every_call_has_a_timeout() -> None:
    rasa = make_client(FakeInstances())
    timeout = rasa._client.timeout
    assert timeout.read == 5 and timeout.connect == 1 and timeout.pool == 5


# /api/health with the fake instances


def health(test_client: TestClient, fake: FakeInstances) -> httpx.Response:
    app = cast(FastAPI, test_client.app)
    app.dependency_overrides[get_rasa_client] = lambda: make_client(fake)
    try:
        return test_client.get("/api/health")
    finally:
        app.dependency_overrides.pop(get_rasa_client, None)


def test_health_all_up(client: TestClient) -> None:
    r = health(client, FakeInstances())
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["failing"] == [] and body["failing_instances"] == []
    assert [i["url"] for i in body["parts"]["rasa"]["instances"]] == RASA


def test_health_names_the_failing_instance_while_another_takes_over(client: TestClient) -> None:
    r = health(client, FakeInstances(down={"rasa-b", "actions-c"}))
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "degraded"
    assert body["failing"] == []
    assert body["failing_instances"] == [
        "rasa http://rasa-b:5005: Rasa is niet bereikbaar",
        "actions http://actions-c:5055: de actieserver is niet bereikbaar",
    ]
    assert body["parts"]["rasa"]["detail"] == "2 van 3 Rasa-instanties werken"


def test_health_503_when_no_rasa_instance_answers(client: TestClient) -> None:
    r = health(client, FakeInstances(down={"rasa-a", "rasa-b", "rasa-c"}))
    assert r.status_code == 503
    assert r.json()["failing"] == ["rasa"]
    assert len(r.json()["failing_instances"]) == 3


def test_health_without_the_token_fails(client: TestClient) -> None:
    app = cast(FastAPI, client.app)
    fake = FakeInstances()
    app.dependency_overrides[get_rasa_client] = lambda: RasaClient(
        RASA[:1], ACTIONS[:1], timeout=5, transport=httpx.MockTransport(fake)
    )
    try:
        r = client.get("/api/health")
    finally:
        app.dependency_overrides.pop(get_rasa_client, None)
    assert r.status_code == 503
    assert r.json()["parts"]["rasa"]["detail"] == "Rasa antwoordt met status 401"


# POST /api/chat when the action server is down


def test_chat_apologises_when_the_action_server_is_down(client: TestClient) -> None:
    app = cast(FastAPI, client.app)
    fake = FakeInstances(reply=False, down={httpx.URL(u).host for u in ACTIONS})
    app.dependency_overrides[get_rasa_client] = lambda: make_client(fake)
    try:
        r = client.post("/api/chat", json={"message": "Wat na 5 B-codes?"})
    finally:
        app.dependency_overrides.pop(get_rasa_client, None)
    assert r.status_code == 200
    assert [reply["text"] for reply in r.json()["replies"]] == [render("api.actions_down")]


def test_messages_wait_in_the_api_when_an_instance_is_busy() -> None:
    """At most ``max_in_flight`` messages at once per instance; the others wait for a slot, and give up after
    ``queue_timeout`` seconds with RasaUnavailable."""
    in_flight = 0
    most = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        await asyncio.sleep(0.05)
        in_flight -= 1
        return httpx.Response(200, json=[{"text": "ok"}])

    async def many(queue_timeout: float) -> list[Any]:
        rasa = RasaClient(RASA[:1], ACTIONS[:1], timeout=5, transport=httpx.MockTransport(handler),
                          max_in_flight=2, queue_timeout=queue_timeout)  # fmt: skip
        return await asyncio.gather(*(rasa.send(f"s{i}", "hallo") for i in range(8)), return_exceptions=True)

    results = run(many(queue_timeout=5))
    assert all(not isinstance(r, Exception) for r in results)
    assert most == 2
    results = run(many(queue_timeout=0.06))
    busy = [r for r in results if isinstance(r, RasaUnavailable)]
    assert busy and "busy" in str(busy[0])


def test_one_conversation_sends_one_message_at_a_time_in_order() -> None:
    """Two messages of one conversation at once: the second goes out only after the first was answered; another
    conversation is not held up; nothing is kept once they are answered."""
    log: list[str] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        log.append(f"in {body['sender']} {body['message']}")
        await asyncio.sleep(0.05 if body["message"] == "een" else 0)
        log.append(f"out {body['sender']} {body['message']}")
        return httpx.Response(200, json=[{"text": body["message"]}])

    async def run() -> RasaClient:
        client = RasaClient(
            ["http://rasa-a:5005"], ["http://actions-a:5055"], 5, transport=httpx.MockTransport(handler)
        )
        await asyncio.gather(client.send("s1", "een"), client.send("s1", "twee"), client.send("s2", "ander"))
        await client.aclose()
        return client

    client = asyncio.run(run())
    assert log.index("out s1 een") < log.index("in s1 twee")
    assert log.index("in s2 ander") < log.index("out s1 een")
    assert client._conversations == {} and client._waiting == {}
