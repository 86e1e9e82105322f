"""The API as a public surface: security headers on every kind of answer, the CORS allow-list, the dashboard's
token, and no stack trace nor database error text in any answer."""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session

from api.deps import get_repository, get_session
from api.settings import ApiSettings
from tests.api.apps import api_client
from tests.api.fake_rasa import FakeRasa

TOKEN = "security-test-dashboard-token"
SCHOOL = "https://www.school.be"
FOREIGN = "https://evil.example"
LEAKS = ("Traceback", 'File "', "sqlalchemy", "SQLAlchemy", "OperationalError", "sqlite", "RuntimeError", "secret")


@pytest.fixture()
def secure(kb_engine: Engine, api_settings: ApiSettings) -> Iterator[TestClient]:
    settings = api_settings.model_copy(
        update={
            "dashboard_token": TOKEN,
            "cors_origins": [SCHOOL],
            "embed_origins": [SCHOOL],
            "rate_limit_per_minute": 1,
        }
    )
    with api_client(kb_engine, settings, raise_server_exceptions=False) as client:
        yield client


def policy(response: Any) -> dict[str, str]:
    """The Content-Security-Policy as directive -> sources."""
    directives = [d.strip().split(" ", 1) for d in response.headers["Content-Security-Policy"].split(";")]
    return {d[0]: d[1] if len(d) > 1 else "" for d in directives if d[0]}


def assert_secure_headers(response: Any, ancestors: str = "'none'") -> None:
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    csp = policy(response)
    assert csp["frame-ancestors"] == ancestors
    assert csp["base-uri"] == "'none'"
    assert "default-src" in csp
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]


# -- headers on every kind of answer ----------------------------------------------------------------------------
def every_kind_of_answer(client: TestClient) -> dict[str, Any]:
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    big = b'{"message": "' + b"a" * 20_000 + b'"}'
    answers = {
        "json": client.get("/api/v1/sections"),
        "spec": client.get("/openapi.json"),
        "chat": client.post("/api/chat", json={"message": "Wat is een B-code?"}),
        "429": client.post("/api/chat", json={"message": "Nog een vraag"}),
        "404 path": client.get("/bestaat-niet"),
        "404 item": client.get("/api/v1/codes/XYZ"),
        "405": client.delete("/api/v1/sections"),
        "422": client.get("/api/v1/search", params={"q": ""}),
        "413": client.post("/api/v1/feedback", content=big, headers={"Content-Type": "application/json"}),
        "401": client.get("/api/v1/dashboard"),
        "dashboard json": client.get("/api/v1/dashboard", headers=bearer),
        "dashboard csv": client.get("/api/v1/dashboard.csv", headers=bearer),
        "dashboard css": client.get("/dashboard/dashboard.css"),
        "static": client.get("/static/chat.js"),
        "swagger file": client.get("/static/swagger-ui/swagger-ui.css"),
        "health": client.get("/api/health"),
    }
    expected = {"429": 429, "404 path": 404, "404 item": 404, "405": 405, "422": 422, "413": 413, "401": 401}
    for name, response in answers.items():
        assert response.status_code == expected.get(name, 200), (name, response.text[:200])
    return answers


def test_every_answer_carries_the_security_headers(secure: TestClient) -> None:
    for name, response in every_kind_of_answer(secure).items():
        try:
            assert_secure_headers(response)
        except (AssertionError, KeyError) as exc:
            raise AssertionError(f"{name}: {dict(response.headers)}") from exc
        if name not in ("static", "swagger file", "dashboard css"):
            # Not a page: nothing may load or run.
            assert policy(response)["default-src"] == "'none'", name


def test_the_pages_have_their_own_strict_policy(secure: TestClient) -> None:
    chat = secure.get("/")
    assert_secure_headers(chat, ancestors=f"'self' {SCHOOL}")
    assert policy(chat)["script-src"] == "'self'"
    dashboard = secure.get("/dashboard", params={"token": TOKEN})
    assert dashboard.status_code == 200
    assert_secure_headers(dashboard)
    assert dashboard.headers["Cache-Control"] == "no-store"
    assert "script-src" not in policy(dashboard) and policy(dashboard)["default-src"] == "'self'"


def test_the_openapi_page_runs_only_its_own_scripts(secure: TestClient) -> None:
    """Swagger UI at /docs still works under its policy: its bundle and style come from this service, and its one
    inline script (that starts it on /openapi.json) is allowed by its hash, and nothing else is."""
    page = secure.get("/docs")
    assert page.status_code == 200
    assert_secure_headers(page)
    csp = policy(page)
    assert "'unsafe-inline'" not in csp["script-src"]
    inline = re.findall(r"<script>(.*?)</script>", page.text, re.DOTALL)
    assert len(inline) == 1 and "SwaggerUIBundle(" in inline[0] and "'/openapi.json'" in inline[0]
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert csp["script-src"].split() == ["'self'", f"'sha256-{digest}'"]
    for url in re.findall(r'(?:src|href)="([^"]+)"', page.text):
        assert url.startswith("/static/swagger-ui/"), url
        assert secure.get(url).status_code == 200, url
    assert csp["connect-src"] == "'self'"
    assert secure.get("/openapi.json").json()["paths"]


# -- CORS -------------------------------------------------------------------------------------------------------
def preflight(client: TestClient, origin: str) -> Any:
    return client.options(
        "/api/chat",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )


def test_a_foreign_origin_gets_no_cors_allowance(secure: TestClient) -> None:
    refused = preflight(secure, FOREIGN)
    assert refused.status_code == 400
    assert "access-control-allow-origin" not in refused.headers
    simple = secure.get("/api/v1/sections", headers={"Origin": FOREIGN})
    assert simple.status_code == 200
    assert "access-control-allow-origin" not in simple.headers


def test_an_allowed_origin_may_call_the_api(secure: TestClient) -> None:
    allowed = preflight(secure, SCHOOL)
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == SCHOOL
    assert "POST" in allowed.headers["access-control-allow-methods"]
    simple = secure.get("/api/v1/sections", headers={"Origin": SCHOOL})
    assert simple.headers["access-control-allow-origin"] == SCHOOL
    assert "access-control-allow-credentials" not in simple.headers


def test_by_default_no_origin_is_allowed(client: TestClient) -> None:
    assert preflight(client, SCHOOL).status_code == 400
    assert "access-control-allow-origin" not in client.get("/api/v1/sections", headers={"Origin": SCHOOL}).headers


@pytest.mark.parametrize("origin", ["www.school.be", "https://school.be/pad", "*"])
def test_a_cors_origin_must_be_an_origin(origin: str) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="CORS_ORIGINS"):
        ApiSettings(cors_origins=[origin])


# -- the dashboard's token --------------------------------------------------------------------------------------
@pytest.mark.parametrize("url", ["/dashboard", "/api/v1/dashboard", "/api/v1/dashboard.csv"])
def test_the_dashboard_needs_its_token(secure: TestClient, url: str) -> None:
    for headers in ({}, {"Authorization": "Bearer fout"}, {"Authorization": f"Basic {TOKEN}"}):
        refused = secure.get(url, headers=headers)
        assert refused.status_code == 401, headers
        assert refused.headers["WWW-Authenticate"] == "Bearer"
        assert TOKEN not in refused.text
    assert secure.get(url, params={"token": "fout"}).status_code == 401
    assert secure.get(url, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


# -- no stack trace, no database error text ---------------------------------------------------------------------
def assert_no_leak(response: Any) -> None:
    for leak in LEAKS:
        assert leak not in response.text, (leak, response.text)


def test_an_unexpected_error_is_a_dutch_500_without_trace(secure: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    def broken() -> Any:
        raise RuntimeError("secret internal state /etc/passwd")

    app = cast(FastAPI, secure.app)
    app.dependency_overrides[get_repository] = broken
    with caplog.at_level(logging.ERROR, logger="api.errors"):
        for url in ("/api/v1/sections", "/api/v1/search?q=spijbelen", "/api/health"):
            response = secure.get(url)
            assert response.status_code == 500, url
            assert response.json() == {
                "detail": "Er liep iets onverwachts mis. Probeer het opnieuw; je gesprek blijft bewaard."
            }
            assert_secure_headers(response)
            assert_no_leak(response)
    # The trace is in the server's log.
    assert any(r.exc_info and "secret internal state" in str(r.exc_info[1]) for r in caplog.records)


@pytest.fixture()
def broken_db(tmp_path: Path, kb_engine: Engine, api_settings: ApiSettings) -> Iterator[TestClient]:
    """The API with its database gone: the database file's directory does not exist."""
    engine = create_engine(f"sqlite:///{tmp_path}/weg/knowledge.db")
    with api_client(kb_engine, api_settings, rasa=FakeRasa(), raise_server_exceptions=False) as client:

        def _session() -> Iterator[Session]:
            with Session(engine) as session:
                yield session

        cast(FastAPI, client.app).dependency_overrides[get_session] = _session
        yield client
    engine.dispose()


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("GET", "/api/v1/sections", None),
        ("GET", "/api/v1/codes/B", None),
        ("GET", "/api/v1/search?q=spijbelen", None),
        ("POST", "/api/v1/guidance/b-codes", {"b_codes": 5, "age": 14}),
        ("POST", "/api/chat", {"message": "Wat is een B-code?"}),
        ("GET", "/api/v1/sessions/Qk3v0n9cV1m5d2xQ8wA7yZ4tP6rS1uE0/history", None),
        ("POST", "/api/v1/feedback", {"session_id": "Qk3v0n9cV1m5d2xQ8wA7yZ4tP6rS1uE0", "rating": "up"}),
    ],
)
def test_a_database_that_is_down_gives_a_dutch_503_without_its_error_text(
    broken_db: TestClient, method: str, url: str, body: dict[str, Any] | None
) -> None:
    response = broken_db.request(method, url, json=body)
    assert response.status_code == 503, response.text
    assert response.json() == {
        "detail": "De kennisbank is tijdelijk niet beschikbaar. Probeer het over een minuutje opnieuw."
    }
    assert response.headers["Retry-After"] == "30"
    assert_secure_headers(response)
    assert_no_leak(response)


def test_health_names_the_database_when_it_is_down(broken_db: TestClient) -> None:
    response = broken_db.get("/api/health")
    assert response.status_code == 503
    assert response.json()["failing"] == ["knowledge"]
    assert_no_leak(response)


def test_the_spec_declares_the_real_error_body(secure: TestClient) -> None:
    spec = secure.get("/openapi.json").json()
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    error = spec["components"]["schemas"]["ErrorOut"]
    assert error["required"] == ["detail"]
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if status[0] in "45" and not (path == "/api/health" and status == "503"):
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (method, path, status)
    chat = spec["paths"]["/api/chat"]["post"]["responses"]
    assert {"404", "413", "422", "429", "503"} <= set(chat)
    message = spec["components"]["schemas"]["ChatRequest"]["properties"]["message"]
    assert (message["minLength"], message["maxLength"]) == (1, 2000)
    search = next(p for p in spec["paths"]["/api/v1/search"]["get"]["parameters"] if p["name"] == "q")
    assert search["schema"]["minLength"] == 1


# -- the knowledge reload: only with the admin token ------------------------------------------------------------
ADMIN = "security-test-admin-token"


@pytest.fixture()
def empty_kb(tmp_path: Path) -> Iterator[Engine]:
    from knowledge.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path}/empty.db")
    yield engine
    engine.dispose()


def test_the_reload_needs_the_admin_token(empty_kb: Engine, api_settings: ApiSettings) -> None:
    with api_client(empty_kb, api_settings.model_copy(update={"admin_token": ADMIN})) as client:
        for headers in ({}, {"Authorization": "Bearer fout"}, {"Authorization": f"Basic {ADMIN}"}):
            refused = client.post("/api/v1/admin/reload", headers=headers)
            assert refused.status_code == 401, headers
            assert refused.headers["WWW-Authenticate"] == "Bearer"
        assert client.get("/api/v1/sections").status_code == 503  # nothing was loaded: no knowledge tables
    with api_client(empty_kb, api_settings.model_copy(update={"admin_token": ""})) as closed:
        refused = closed.post("/api/v1/admin/reload", headers={"Authorization": "Bearer "})
        assert refused.status_code == 401 and "ADMIN_TOKEN" in refused.json()["detail"]


def test_the_reload_loads_the_content_once(empty_kb: Engine, api_settings: ApiSettings) -> None:
    bearer = {"Authorization": f"Bearer {ADMIN}"}
    with api_client(empty_kb, api_settings.model_copy(update={"admin_token": ADMIN})) as client:
        first = client.post("/api/v1/admin/reload", headers=bearer)
        assert first.status_code == 200, first.text
        assert first.json()["changed"] is True and first.json()["items"] > 100
        assert len(client.get("/api/v1/sections").json()) == 55
        again = client.post("/api/v1/admin/reload", headers=bearer).json()
        assert again["changed"] is False and again["content_hash"] == first.json()["content_hash"]


def test_invalid_content_is_not_loaded(
    empty_kb: Engine, api_settings: ApiSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import functools
    import shutil

    import api.routes.admin
    from knowledge.loader import load
    from knowledge.validate import CONTENT_DIR

    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    (content / "codes.yml").write_text("codes:\n  - code: Q\n", encoding="utf-8")
    monkeypatch.setattr(api.routes.admin, "load", functools.partial(load, content_dir=content))
    with api_client(empty_kb, api_settings.model_copy(update={"admin_token": ADMIN})) as client:
        refused = client.post("/api/v1/admin/reload", headers={"Authorization": f"Bearer {ADMIN}"})
        assert refused.status_code == 409
        assert refused.json()["detail"].startswith("De inhoud is ongeldig (")
        assert_no_leak(refused)
        assert client.get("/api/v1/sections").status_code == 503  # nothing was loaded
