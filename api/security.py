"""Security headers on every answer of the API, and the Content-Security-Policies of its pages.

Each page sets its own policy (the chat page, the dashboard, the OpenAPI page); every other answer (JSON, CSV,
static files, errors) gets ``DEFAULT_CSP``, which allows nothing: such an answer is never a page to render.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from collections.abc import Iterable

from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

# Set on every answer unless the route set the header itself.
SECURITY_HEADERS = {
    "Content-Security-Policy": DEFAULT_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
        "accelerometer=(), gyroscope=(), magnetometer=(), display-capture=()"
    ),
}

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def script_hashes(html: str) -> list[str]:
    """The CSP sources (``'sha256-...'``) that allow exactly the inline scripts of ``html``."""
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(html)
    ]


def docs_csp(html: str) -> str:
    """The OpenAPI page (Swagger UI from this service's own files): its scripts are the bundle and the one inline
    script that starts it, allowed by its hash. Swagger UI sets style attributes, so styles may be inline."""
    scripts = " ".join(["'self'", *script_hashes(html)])
    return (
        f"default-src 'none'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


class SecurityHeaders:
    """Plain ASGI middleware that adds ``SECURITY_HEADERS`` to every answer, errors included."""

    def __init__(self, app: ASGIApp, headers: dict[str, str] | None = None) -> None:
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in (headers or SECURITY_HEADERS).items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *_missing(self.headers, present)]
            await send(message)

        await self.app(scope, receive, with_headers)


def _missing(headers: Iterable[tuple[bytes, bytes]], present: set[bytes]) -> list[tuple[bytes, bytes]]:
    return [(name, value) for name, value in headers if name not in present]


def bearer(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or None."""
    if authorization and authorization[:7].lower() == "bearer ":
        return authorization[7:].strip()
    return None


def check_token(expected: str, given: str | None, *, unset: str, wrong: str) -> str:
    """``given`` when it equals ``expected`` (compared in constant time); otherwise a 401 with the Dutch ``unset``
    (no token configured: closed) or ``wrong`` (missing or wrong token)."""
    challenge = {"WWW-Authenticate": "Bearer"}
    if not expected:
        raise HTTPException(status_code=401, detail=unset, headers=challenge)
    if not given or not secrets.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(status_code=401, detail=wrong, headers=challenge)
    return given
