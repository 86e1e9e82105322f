"""Request size and rate limits.

The size limit and the limit per client are plain ASGI middleware, so they act before the body is read or parsed.
The limit per chat session needs the session id from the body: the chat route asks for it (``RateLimits.hit_session``).

The counting is the ``limits`` library's moving window: in memory by default (its keys expire, so an idle client is
forgotten after the window), in Redis when ``REDIS_URL`` is set (several API instances share the counts). When the
Redis server does not answer, the request goes through (logged): the chat stays usable; the limits are back as soon
as Redis is.
"""

from __future__ import annotations

import logging
import math
import time

from fastapi import HTTPException, Request
from limits import RateLimitItem, RateLimitItemPerSecond
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import send_json

log = logging.getLogger(__name__)

TOO_MANY_FROM_CLIENT = "Er komen te veel berichten van jouw verbinding na elkaar. Wacht even en probeer opnieuw."
TOO_MANY_IN_SESSION = "Je stuurt te veel berichten na elkaar in dit gesprek. Wacht even en probeer opnieuw."
# The keys in Redis start with this, apart from Rasa's lock store in the same server.
KEY_PREFIX = "afwezig-api-limits"
REDIS_TIMEOUT_SECONDS = 1.0


class RateLimits:
    """At most ``per_client`` requests per client address and ``per_session`` messages per chat session within
    ``window_seconds``; 0 turns a limit off. The storage is made on first use, on the running event loop."""

    def __init__(self, per_client: int, per_session: int, redis_url: str = "", window_seconds: int = 60) -> None:
        self.redis_url = redis_url
        self.client_item = RateLimitItemPerSecond(per_client, window_seconds, "client") if per_client > 0 else None
        self.session_item = RateLimitItemPerSecond(per_session, window_seconds, "session") if per_session > 0 else None
        self._storage: Storage | None = None
        self._limiter: MovingWindowRateLimiter | None = None

    @property
    def storage(self) -> Storage:
        if self._storage is None:
            if self.redis_url:
                # redis://host:port/db becomes limits' async+redis://host:port/db, with the redis-py client.
                self._storage = RedisStorage(
                    f"async+{self.redis_url}",
                    implementation="redispy",
                    key_prefix=KEY_PREFIX,
                    wrap_exceptions=True,
                    # A Redis that does not answer must not hold up the chat.
                    socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
                    socket_timeout=REDIS_TIMEOUT_SECONDS,
                )
            else:
                self._storage = MemoryStorage()
        return self._storage

    @property
    def limiter(self) -> MovingWindowRateLimiter:
        if self._limiter is None:
            self._limiter = MovingWindowRateLimiter(self.storage)
        return self._limiter

    async def aclose(self) -> None:
        """Close the Redis connections and forget the storage (at shutdown): a next start makes a new one on its
        own event loop."""
        # limits has no close of its own: its redis-py bridge holds the client.
        client = getattr(getattr(self._storage, "bridge", None), "storage", None)
        if client is not None:
            await client.aclose()
        self._storage = None
        self._limiter = None

    async def _hit(self, item: RateLimitItem | None, key: str) -> int | None:
        """Count one request; ``None`` if it is allowed, else the seconds until it is."""
        if item is None:
            return None
        try:
            if await self.limiter.hit(item, key):
                return None
            reset_at, _remaining = await self.limiter.get_window_stats(item, key)
        except StorageError as exc:
            log.warning("rate limit storage unavailable, request allowed: %s", exc.__class__.__name__)
            return None
        return max(1, math.ceil(reset_at - time.time()))

    async def hit_client(self, address: str) -> int | None:
        return await self._hit(self.client_item, address)

    async def hit_session(self, session_id: str) -> int | None:
        return await self._hit(self.session_item, session_id)


def get_rate_limits(request: Request) -> RateLimits:
    limits: RateLimits = request.app.state.rate_limits
    return limits


async def check_session_limit(limits: RateLimits, session_id: str) -> None:
    """The chat route's limit per conversation: a Dutch 429 with ``Retry-After`` when it is reached."""
    retry_after = await limits.hit_session(session_id)
    if retry_after is not None:
        raise HTTPException(status_code=429, detail=TOO_MANY_IN_SESSION, headers={"Retry-After": str(retry_after)})


class ClientRateLimit:
    """The limit per client address on the paths that start with ``path_prefix`` (the chat)."""

    def __init__(self, app: ASGIApp, limits: RateLimits, path_prefix: str = "/api/chat") -> None:
        self.app = app
        self.limits = limits
        self.path_prefix = path_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(self.path_prefix):
            client = (scope.get("client") or ("?", 0))[0]
            retry_after = await self.limits.hit_client(client)
            if retry_after is not None:
                await send_json(send, 429, TOO_MANY_FROM_CLIENT, {"Retry-After": str(retry_after)})
                return
        await self.app(scope, receive, send)


class BodySizeLimit:
    """Refuse request bodies larger than ``max_bytes`` with a Dutch 413: by their Content-Length, or while they are
    read when they come without one (chunked)."""

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
            await send_json(send, 413, self._detail())
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
            if too_large and not started:
                return  # the app's answer to the cut-off body is replaced by the 413 below
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except Exception:
            if not too_large:
                raise
        if too_large and not started:
            await send_json(send, 413, self._detail())
