"""The limits of the public API, on both sides: the rate limits per client and per chat session (429 with
Retry-After, the window that frees up again, idle clients forgotten, Redis storage), the message length and the
request size (also a body without a Content-Length)."""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterator
from typing import Any, cast

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from limits import RateLimitItemPerSecond
from sqlalchemy import Engine

from api.limits import RateLimits
from api.settings import ApiSettings
from tests.api.apps import api_client
from tests.api.fake_rasa import FakeRasa

DUTCH_CLIENT = "Er komen te veel berichten van jouw verbinding na elkaar"
DUTCH_SESSION = "Je stuurt te veel berichten na elkaar in dit gesprek"


def post_chat(client: TestClient, message: str = "Wat is een B-code?", session_id: str | None = None) -> Any:
    return client.post("/api/chat", json={"message": message, "session_id": session_id})


def assert_too_many(response: Any, text: str) -> None:
    assert response.status_code == 429, response.text
    assert response.headers["content-type"] == "application/json"
    assert text in response.json()["detail"]
    assert 1 <= int(response.headers["Retry-After"]) <= 60


def rate_limits(client: TestClient) -> RateLimits:
    limits: RateLimits = cast(FastAPI, client.app).state.rate_limits
    return limits


# -- per client -------------------------------------------------------------------------------------------------
def test_a_client_gets_a_dutch_429_with_retry_after_past_its_limit(
    kb_engine: Engine, api_settings: ApiSettings
) -> None:
    settings = api_settings.model_copy(update={"rate_limit_per_minute": 3})
    with api_client(kb_engine, settings) as client:
        for _ in range(3):
            assert post_chat(client).status_code == 200
        assert_too_many(post_chat(client), DUTCH_CLIENT)
        # Only the chat is limited: the knowledge endpoints still answer.
        assert client.get("/api/v1/sections").status_code == 200


def test_the_limit_is_per_client_address(kb_engine: Engine, api_settings: ApiSettings) -> None:
    settings = api_settings.model_copy(update={"rate_limit_per_minute": 2})
    with api_client(kb_engine, settings, client=("10.0.0.1", 1000)) as first:
        assert [post_chat(first).status_code for _ in range(3)] == [200, 200, 429]
        app = cast(FastAPI, first.app)
        # Another address on the same app (same counts) still gets its own two.
        with TestClient(app, client=("10.0.0.2", 1000)) as second:
            assert [post_chat(second).status_code for _ in range(3)] == [200, 200, 429]


def test_the_window_frees_up_and_an_idle_client_is_forgotten(kb_engine: Engine, api_settings: ApiSettings) -> None:
    with api_client(kb_engine, api_settings, client=("10.0.0.3", 1000)) as client:
        limits = rate_limits(client)
        limits.client_item = RateLimitItemPerSecond(2, 1, "client")  # a one-second window instead of a minute
        assert [post_chat(client).status_code for _ in range(3)] == [200, 200, 429]
        time.sleep(1.2)
        assert post_chat(client).status_code == 200
        time.sleep(1.2)
        with TestClient(cast(FastAPI, client.app), client=("10.0.0.4", 1000)) as other:
            assert post_chat(other).status_code == 200  # a hit expires the idle keys
            time.sleep(0.2)
            keys = list(limits.storage.events)  # type: ignore[attr-defined]
        assert keys and not [k for k in keys if "10.0.0.3" in k], keys


# -- per session ------------------------------------------------------------------------------------------------
def test_a_session_gets_a_dutch_429_past_its_limit(kb_engine: Engine, api_settings: ApiSettings) -> None:
    settings = api_settings.model_copy(update={"rate_limit_per_session_per_minute": 2})
    with api_client(kb_engine, settings) as client:
        first = post_chat(client).json()["session_id"]  # a new session: not counted yet
        assert post_chat(client, session_id=first).status_code == 200
        assert post_chat(client, session_id=first).status_code == 200
        assert_too_many(post_chat(client, session_id=first), DUTCH_SESSION)
        # Another conversation from the same address is not held back.
        second = post_chat(client).json()["session_id"]
        assert post_chat(client, session_id=second).status_code == 200


def test_the_session_window_frees_up(kb_engine: Engine, api_settings: ApiSettings) -> None:
    with api_client(kb_engine, api_settings) as client:
        rate_limits(client).session_item = RateLimitItemPerSecond(1, 1, "session")
        session_id = post_chat(client).json()["session_id"]
        assert [post_chat(client, session_id=session_id).status_code for _ in range(2)] == [200, 429]
        time.sleep(1.2)
        assert post_chat(client, session_id=session_id).status_code == 200


def test_the_defaults_limit_both() -> None:
    settings = ApiSettings(_env_file=None)  # type: ignore[call-arg]
    assert (settings.rate_limit_per_minute, settings.rate_limit_per_session_per_minute) == (30, 20)
    assert settings.redis_url == "" or settings.redis_url.startswith("redis")


@pytest.mark.parametrize("url", ["http://127.0.0.1:6379", "127.0.0.1:6379", "memcached://x"])
def test_redis_url_must_be_a_redis_address(url: str) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="REDIS_URL"):
        ApiSettings(redis_url=url)


def test_when_redis_does_not_answer_the_chat_still_works(kb_engine: Engine, api_settings: ApiSettings) -> None:
    settings = api_settings.model_copy(update={"rate_limit_per_minute": 1, "redis_url": "redis://127.0.0.1:9/0"})
    with api_client(kb_engine, settings) as client:
        assert [post_chat(client).status_code for _ in range(2)] == [200, 200]


# -- in Redis (several API instances share the counts) ----------------------------------------------------------
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL is not set (a Redis server for the tests)")


@pytest.fixture()
def redis_settings(api_settings: ApiSettings) -> Iterator[ApiSettings]:
    yield api_settings.model_copy(update={"redis_url": REDIS_URL})


@needs_redis
def test_two_instances_share_the_client_limit_in_redis(kb_engine: Engine, redis_settings: ApiSettings) -> None:
    address = f"10.9.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    settings = redis_settings.model_copy(update={"rate_limit_per_minute": 3})
    with (
        api_client(kb_engine, settings, client=(address, 1)) as one,
        api_client(kb_engine, settings, client=(address, 1)) as two,
    ):
        assert [post_chat(c).status_code for c in (one, two, one)] == [200, 200, 200]
        assert_too_many(post_chat(two), DUTCH_CLIENT)
        assert "redis" in type(rate_limits(one).storage).__name__.lower()


@needs_redis
def test_the_session_limit_in_redis_and_its_window(kb_engine: Engine, redis_settings: ApiSettings) -> None:
    settings = redis_settings.model_copy(update={"rate_limit_per_session_per_minute": 2})
    with api_client(kb_engine, settings) as client:
        session_id = post_chat(client).json()["session_id"]
        assert [post_chat(client, session_id=session_id).status_code for _ in range(2)] == [200, 200]
        assert_too_many(post_chat(client, session_id=session_id), DUTCH_SESSION)
        rate_limits(client).session_item = RateLimitItemPerSecond(1, 1, "session")
        time.sleep(1.2)
        assert post_chat(client, session_id=session_id).status_code == 200


# -- message length and request size, on both sides -------------------------------------------------------------
def test_a_message_of_2000_characters_is_taken_and_2001_is_refused(client: TestClient) -> None:
    rasa = FakeRasa()
    from api.deps import get_rasa_client

    cast(FastAPI, client.app).dependency_overrides[get_rasa_client] = lambda: rasa
    assert post_chat(client, "a" * 2000).status_code == 200
    assert rasa.received[-1][1] == "a" * 2000
    refused = post_chat(client, "a" * 2001)
    assert refused.status_code == 422
    assert refused.json()["detail"] == "Je bericht is te lang: hoogstens 2000 tekens. Stel je vraag korter."


def body_of(size: int) -> bytes:
    """A valid chat request of exactly ``size`` bytes: a message of 2000 characters, padded with JSON blanks."""
    start = json.dumps({"message": "é" * 2000})[:-1].encode()
    body = start + b" " * (size - len(start) - 1) + b"}"
    assert len(body) == size
    return body


def test_a_body_of_16384_bytes_is_taken_and_16385_is_refused(client: TestClient) -> None:
    from api.deps import get_rasa_client

    cast(FastAPI, client.app).dependency_overrides[get_rasa_client] = lambda: FakeRasa()
    headers = {"Content-Type": "application/json"}
    assert client.post("/api/chat", content=body_of(16384), headers=headers).status_code == 200
    refused = client.post("/api/chat", content=body_of(16385), headers=headers)
    assert refused.status_code == 413
    assert refused.json()["detail"].startswith("Je bericht is te lang. Een bericht mag hoogstens 16 kB zijn")


def chunked(body: bytes, size: int = 1000) -> Iterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


def test_a_body_without_length_is_measured_while_it_is_read(client: TestClient) -> None:
    from api.deps import get_rasa_client

    cast(FastAPI, client.app).dependency_overrides[get_rasa_client] = lambda: FakeRasa()
    headers = {"Content-Type": "application/json"}
    taken = client.post("/api/chat", content=chunked(body_of(16384)), headers=headers)
    assert "content-length" not in taken.request.headers
    assert taken.request.headers["transfer-encoding"] == "chunked"
    assert taken.status_code == 200, taken.text
    refused = client.post("/api/chat", content=chunked(body_of(40_000)), headers=headers)
    assert "content-length" not in refused.request.headers
    assert refused.status_code == 413
    assert "16 kB" in refused.json()["detail"]
