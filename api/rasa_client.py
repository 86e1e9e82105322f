"""Talks to the Rasa server's REST channel and turns its output into the chat contract."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

log = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """The Rasa server did not answer (down, timed out, or answered with an error)."""


class ActionsUnavailable(Exception):
    """Rasa answered with nothing because the action server it calls is down."""


# Errors after which a request certainly did not reach the instance: the next instance may get it.
_NOT_DELIVERED = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# A read may also move on after a read timeout or a dropped connection: it changes nothing.
_READ_RETRYABLE = (*_NOT_DELIVERED, httpx.ReadTimeout, httpx.RemoteProtocolError, httpx.ReadError)


@dataclass
class Reply:
    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)


def merge_rasa_output(messages: list[dict[str, Any]]) -> list[Reply]:
    """Join Rasa's REST output into replies.

    Actions send a reply's text (with buttons) and, in the same ``utter_message``, a custom JSON
    ``{"sources": [...]}``; the REST channel outputs those as two messages in a row. The sources
    belong to the text before them.
    """
    replies: list[Reply] = []
    for msg in messages:
        custom = msg.get("custom")
        text = msg.get("text")
        if text:
            buttons = [
                {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                for b in msg.get("buttons") or []
                if isinstance(b, dict)
            ]
            replies.append(Reply(text=str(text), buttons=buttons))
        if isinstance(custom, dict):
            sources = [
                {"section": str(s.get("section", "")), "title": str(s.get("title", ""))}
                for s in custom.get("sources") or []
                if isinstance(s, dict) and s.get("section")
            ]
            if replies and sources:
                known = {s["section"] for s in replies[-1].sources}
                replies[-1].sources.extend(s for s in sources if s["section"] not in known)
    return replies


@dataclass
class HistoryEntry:
    sender: Literal["user", "bot"]
    reply: Reply


def history_from_events(events: list[dict[str, Any]]) -> list[HistoryEntry]:
    """The conversation as the chat showed it, from the events of a Rasa tracker: the user's messages (a button's
    payload shown as the button's title, as the page showed it) and the replies with their buttons and sources."""
    entries: list[HistoryEntry] = []
    pending: list[dict[str, Any]] = []
    titles: dict[str, str] = {}

    def flush() -> None:
        for reply in merge_rasa_output(pending):
            entries.append(HistoryEntry("bot", reply))
            titles.update({b["payload"]: b["title"] for b in reply.buttons})
        pending.clear()

    for event in events:
        if not isinstance(event, dict):
            continue
        if event.get("event") == "user":
            flush()
            text = str(event.get("text") or "")
            if text:
                entries.append(HistoryEntry("user", Reply(text=titles.get(text, text))))
        elif event.get("event") == "bot":
            data = event.get("data")
            data = data if isinstance(data, dict) else {}
            pending.append({"text": event.get("text"), "buttons": data.get("buttons"), "custom": data.get("custom")})
    flush()
    return entries


def rendezvous_order(key: str, instances: Sequence[str]) -> list[int]:
    """The instances' indexes in the order that ``key`` (a conversation id) tries them: highest random weight
    (rendezvous) hashing. Every API process computes the same order without sharing state, each conversation
    keeps its instance while it answers, and when an instance is added or removed only the conversations that
    preferred it move."""

    def weight(index: int) -> bytes:
        return hashlib.blake2b(f"{instances[index]}\n{key}".encode(), digest_size=8).digest()

    return sorted(range(len(instances)), key=weight, reverse=True)


@dataclass
class InstanceStatus:
    url: str
    ok: bool
    detail: str


class RasaClient:
    """The API's client of the Rasa instances (and, for the health check, their action servers).

    A conversation goes to the first instance of its rendezvous order that answers: when an instance refuses the
    connection or does not accept it within ``connect_timeout`` seconds, the next one gets the request. All
    instances share the tracker store and the lock store, so any of them can continue a conversation. A message
    that may have reached an instance (a read timeout after sending it) is not sent again elsewhere: Rasa could
    handle it twice. Every call has a timeout (``timeout`` seconds), well under Rasa's lock lifetime.
    """

    def __init__(
        self,
        rasa_urls: str | Sequence[str],
        action_server_urls: str | Sequence[str],
        timeout: float,
        token: str = "",
        connect_timeout: float = 2.0,
        transport: httpx.AsyncBaseTransport | None = None,
        max_in_flight: int = 8,
        queue_timeout: float = 60.0,
    ) -> None:
        rasa = [rasa_urls] if isinstance(rasa_urls, str) else list(rasa_urls)
        actions = [action_server_urls] if isinstance(action_server_urls, str) else list(action_server_urls)
        if not rasa or not actions:
            raise ValueError("at least one Rasa server and one action server")
        self.rasa_urls = [u.rstrip("/") for u in rasa]
        self.action_server_urls = [u.rstrip("/") for u in actions]
        self.token = token
        # At most ``max_in_flight`` messages of this API process at once per Rasa instance: the others wait here
        # (at most ``queue_timeout`` seconds), not inside Rasa, where the wait would count against the timeout of
        # the call and hold the conversation's lock.
        self._slots = [asyncio.Semaphore(max_in_flight) for _ in self.rasa_urls]
        # One message of a conversation at a time from this API process, in the order they came: Rasa's lock store
        # orders them too, but its tickets are not issued atomically across instances (after a failover two
        # instances could both start). A lock lives only while a message of its conversation is on its way.
        self._conversations: dict[str, asyncio.Lock] = {}
        self._waiting: dict[str, int] = {}
        self.queue_timeout = queue_timeout
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=min(connect_timeout, timeout)), transport=transport
        )

    @classmethod
    def from_settings(cls, settings: Any) -> RasaClient:
        """From ``api.settings.ApiSettings``."""
        return cls(
            settings.rasa_urls,
            settings.action_server_urls,
            settings.rasa_timeout_seconds,
            token=settings.rasa_token,
            connect_timeout=settings.rasa_connect_timeout_seconds,
            max_in_flight=settings.rasa_max_in_flight,
            queue_timeout=settings.rasa_queue_timeout_seconds,
        )

    @property
    def base_url(self) -> str:
        return self.rasa_urls[0]

    async def aclose(self) -> None:
        await self._client.aclose()

    def _params(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        params = dict(extra or {})
        if self.token:
            params["token"] = self.token
        return params

    async def _call(
        self,
        sender_id: str,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        json: Any = None,
        read_only: bool,
    ) -> tuple[int, Any]:
        """Send the request to the conversation's instances in their order until one answers; return the index
        of the instance that answered and its JSON."""
        retryable = _READ_RETRYABLE if read_only else _NOT_DELIVERED
        errors: list[str] = []
        for index in rendezvous_order(sender_id, self.rasa_urls):
            url = self.rasa_urls[index]
            try:
                if read_only:
                    response = await self._client.request(method, url + path, params=self._params(params), json=json)
                else:
                    async with self._slot(index):
                        response = await self._client.request(
                            method, url + path, params=self._params(params), json=json
                        )
                response.raise_for_status()
                return index, response.json()
            except retryable as exc:
                log.warning("rasa instance %s did not answer (%s), trying the next one", url, type(exc).__name__)
                errors.append(f"{url}: {type(exc).__name__}")
            except (httpx.HTTPError, ValueError) as exc:
                raise RasaUnavailable(f"{url}: {exc}") from exc
        raise RasaUnavailable("no Rasa instance answered: " + "; ".join(errors))

    @contextlib.asynccontextmanager
    async def _slot(self, index: int) -> AsyncIterator[None]:
        try:
            await asyncio.wait_for(self._slots[index].acquire(), self.queue_timeout)
        except asyncio.TimeoutError:
            raise RasaUnavailable(f"{self.rasa_urls[index]}: busy for {self.queue_timeout} s") from None
        try:
            yield
        finally:
            self._slots[index].release()

    def action_server_for(self, rasa_index: int) -> str:
        """The action server that Rasa instance ``rasa_index`` calls (one each, or all the same one)."""
        return self.action_server_urls[rasa_index % len(self.action_server_urls)]

    @contextlib.asynccontextmanager
    async def _conversation(self, sender_id: str) -> AsyncIterator[None]:
        lock = self._conversations.setdefault(sender_id, asyncio.Lock())
        self._waiting[sender_id] = self._waiting.get(sender_id, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._waiting[sender_id] -= 1
            if not self._waiting[sender_id]:
                del self._waiting[sender_id], self._conversations[sender_id]

    async def send(self, sender_id: str, message: str, metadata: dict[str, Any] | None = None) -> list[Reply]:
        """The replies to ``message``. Raises ``RasaUnavailable`` when no instance answers, and
        ``ActionsUnavailable`` when Rasa answered with nothing because its action server is down."""
        body = {"sender": sender_id, "message": message, "metadata": metadata or {}}
        async with self._conversation(sender_id):
            index, output = await self._call(sender_id, "POST", "/webhooks/rest/webhook", json=body, read_only=False)
        if not isinstance(output, list):
            raise RasaUnavailable("unexpected output from the Rasa server")
        replies = merge_rasa_output(output)
        if not replies:
            ok, _ = await self._action_server_status(self.action_server_for(index))
            if not ok:
                raise ActionsUnavailable(self.action_server_for(index))
        return replies

    async def slot(self, sender_id: str, name: str) -> Any:
        """The value of slot ``name`` in the conversation ``sender_id`` (None when it is not set), read from the
        tracker of the Rasa server's HTTP API."""
        tracker = await self.tracker(sender_id, "NONE")
        slots = tracker.get("slots")
        if not isinstance(slots, dict):
            raise RasaUnavailable("unexpected tracker from the Rasa server")
        return slots.get(name)

    async def tracker(self, sender_id: str, include_events: str = "AFTER_RESTART") -> dict[str, Any]:
        """The tracker of the conversation ``sender_id`` (by default with its events since the last restart)."""
        _, tracker = await self._call(
            sender_id,
            "GET",
            f"/conversations/{sender_id}/tracker",
            params={"include_events": include_events},
            read_only=True,
        )
        if not isinstance(tracker, dict):
            raise RasaUnavailable("unexpected tracker from the Rasa server")
        return tracker

    async def events(self, sender_id: str) -> list[dict[str, Any]]:
        """Every event of the conversation ``sender_id`` in the Rasa server's tracker."""
        events = (await self.tracker(sender_id, "ALL")).get("events")
        if not isinstance(events, list):
            raise RasaUnavailable("unexpected tracker from the Rasa server")
        return events

    async def rasa_instances(self) -> list[InstanceStatus]:
        """Each Rasa instance: does it answer, with a model loaded?"""
        return list(await asyncio.gather(*(self._rasa_status(url) for url in self.rasa_urls)))

    async def _rasa_status(self, url: str) -> InstanceStatus:
        try:
            response = await self._client.get(f"{url}/status", params=self._params(), timeout=5)
            if response.status_code != 200:
                return InstanceStatus(url, False, f"Rasa antwoordt met status {response.status_code}")
            model = response.json().get("model_file")
            detail = "model geladen" if model else "Rasa draait maar heeft geen model geladen"
            return InstanceStatus(url, bool(model), detail)
        except (httpx.HTTPError, ValueError):
            return InstanceStatus(url, False, "Rasa is niet bereikbaar")

    async def action_server_instances(self) -> list[InstanceStatus]:
        """Each action server: does it answer its health check?"""

        async def one(url: str) -> InstanceStatus:
            ok, detail = await self._action_server_status(url)
            return InstanceStatus(url, ok, detail)

        return list(await asyncio.gather(*(one(url) for url in self.action_server_urls)))

    async def _action_server_status(self, url: str) -> tuple[bool, str]:
        try:
            response = await self._client.get(f"{url}/health", timeout=5)
            ok = response.status_code == 200
            return ok, "actieserver bereikbaar" if ok else f"actieserver antwoordt met status {response.status_code}"
        except httpx.HTTPError:
            return False, "de actieserver is niet bereikbaar"
