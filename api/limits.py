"""Request size and rate limits, as plain ASGI middleware so they act before the body is parsed."""

from __future__ import annotations

import json
import time
from collections import defaultdict, deque
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send


async def _send_json(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodySizeLimit:
    """Refuse request bodies larger than ``max_bytes`` with a Dutch 413."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _detail(self) -> str:
        return (
            f"Je bericht is te lang. Een bericht mag hoogstens {self.max_bytes // 1024} kB zijn; "
            "stel je vraag korter of in delen."
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            await _send_json(send, 413, self._detail())
            return
        received = 0
        too_large = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    too_large = True
                    return {"type": "http.disconnect"}
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except Exception:
            if not too_large:
                raise
        if too_large and not started:
            await _send_json(send, 413, self._detail())


class RateLimit:
    """At most ``per_minute`` requests a minute per client address on the given path prefix."""

    def __init__(self, app: ASGIApp, per_minute: int, path_prefix: str = "/api/chat") -> None:
        self.app = app
        self.per_minute = per_minute
        self.path_prefix = path_prefix
        self.hits: dict[Any, deque[float]] = defaultdict(deque)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(self.path_prefix) and self.per_minute > 0:
            client = (scope.get("client") or ("?", 0))[0]
            now = time.monotonic()
            window = self.hits[client]
            while window and now - window[0] > 60:
                window.popleft()
            if len(window) >= self.per_minute:
                await _send_json(
                    send, 429, "Je stuurt te veel berichten na elkaar. Wacht een minuutje en probeer opnieuw."
                )
                return
            window.append(now)
        await self.app(scope, receive, send)
