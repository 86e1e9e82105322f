"""The chat page and the OpenAPI page are served from local files only (no CDN)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient


def _local_assets(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', html)


def test_chat_page_and_its_assets_are_local(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert '<html lang="nl-BE">' in page.text
    assets = _local_assets(page.text)
    assert assets, "the page links its script and style"
    for url in assets:
        if url.startswith("#"):
            continue
        assert url.startswith("/"), f"{url} is not served by the API"
        assert client.get(url).status_code == 200, url


def test_openapi_page_uses_local_swagger_ui(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    urls = re.findall(r"(?:https?:)?//[^'\"\s]+", page.text)
    assert not [u for u in urls if "cdn" in u or "jsdelivr" in u], urls
    for asset in ("/static/swagger-ui/swagger-ui-bundle.js", "/static/swagger-ui/swagger-ui.css"):
        assert asset in page.text
        assert client.get(asset).status_code == 200
    assert client.get("/openapi.json").json()["info"]["title"] == "Afwezig op school"
    assert client.get("/redoc").status_code == 404


def test_chat_page_has_a_strict_content_security_policy(client: TestClient) -> None:
    page = client.get("/")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "style-src 'self';" in policy and "object-src 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    # Nothing inline that the policy would block: every script has a src, no event handler or style attribute.
    assert re.findall(r"<script(?![^>]*\bsrc=)", page.text) == []
    assert re.findall(r"\son\w+=", page.text) == []
    assert re.findall(r"\sstyle=", page.text) == []


def test_chat_page_script_builds_no_code_from_strings(client: TestClient) -> None:
    script = client.get("/static/chat.js").text
    for forbidden in ("eval(", "new Function", "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write"):
        assert forbidden not in script, forbidden


def test_only_the_embedding_origins_of_the_settings_may_frame_the_chat(client: TestClient) -> None:
    from api.main import chat_page_headers
    from api.settings import ApiSettings

    own = chat_page_headers(ApiSettings(embed_origins=[]))["Content-Security-Policy"]
    assert own.endswith("frame-ancestors 'self'")
    allowed = ApiSettings(embed_origins=["https://www.school.be/", "http://localhost:8080"])
    policy = chat_page_headers(allowed)["Content-Security-Policy"]
    assert policy.endswith("frame-ancestors 'self' https://www.school.be http://localhost:8080")


@pytest.mark.parametrize(
    "origin", ["www.school.be", "javascript:alert(1)", "https://school.be/pad", "https://x.be/?a=1"]
)
def test_an_embedding_origin_must_be_an_origin(origin: str) -> None:
    from pydantic import ValidationError

    from api.settings import ApiSettings

    with pytest.raises(ValidationError):
        ApiSettings(embed_origins=[origin])


def test_the_widget_script_is_served_and_builds_no_markup(client: TestClient) -> None:
    script = client.get("/static/widget.js")
    assert script.status_code == 200
    forbidden_calls = ("eval(", "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", 'setAttribute("style')
    for forbidden in forbidden_calls:
        assert forbidden not in script.text, forbidden
