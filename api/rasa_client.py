"""Talks to the Rasa server's REST channel and turns its output into the chat contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import httpx


class RasaUnavailable(Exception):
    """The Rasa server did not answer (down, timed out, or answered with an error)."""


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


class RasaClient:
    def __init__(self, base_url: str, action_server_url: str, timeout: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.action_server_url = action_server_url.rstrip("/")
        self._client = httpx.AsyncClient(timeout=timeout)

    async def aclose(self) -> None:
        await self._client.aclose()

    async def send(self, sender_id: str, message: str, metadata: dict[str, Any] | None = None) -> list[Reply]:
        body = {"sender": sender_id, "message": message, "metadata": metadata or {}}
        try:
            response = await self._client.post(f"{self.base_url}/webhooks/rest/webhook", json=body)
            response.raise_for_status()
            output = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise RasaUnavailable(str(exc)) from exc
        if not isinstance(output, list):
            raise RasaUnavailable("unexpected output from the Rasa server")
        return merge_rasa_output(output)

    async def slot(self, sender_id: str, name: str) -> Any:
        """The value of slot ``name`` in the conversation ``sender_id`` (None when it is not set), read from the
        tracker of the Rasa server's HTTP API."""
        try:
            response = await self._client.get(
                f"{self.base_url}/conversations/{sender_id}/tracker", params={"include_events": "NONE"}
            )
            response.raise_for_status()
            tracker = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise RasaUnavailable(str(exc)) from exc
        slots = tracker.get("slots") if isinstance(tracker, dict) else None
        if not isinstance(slots, dict):
            raise RasaUnavailable("unexpected tracker from the Rasa server")
        return slots.get(name)

    async def tracker(self, sender_id: str, include_events: str = "AFTER_RESTART") -> dict[str, Any]:
        """The tracker of the conversation ``sender_id`` (by default with its events since the last restart)."""
        try:
            response = await self._client.get(
                f"{self.base_url}/conversations/{sender_id}/tracker", params={"include_events": include_events}
            )
            response.raise_for_status()
            tracker = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise RasaUnavailable(str(exc)) from exc
        if not isinstance(tracker, dict):
            raise RasaUnavailable("unexpected tracker from the Rasa server")
        return tracker

    async def events(self, sender_id: str) -> list[dict[str, Any]]:
        """Every event of the conversation ``sender_id`` in the Rasa server's tracker."""
        events = (await self.tracker(sender_id, "ALL")).get("events")
        if not isinstance(events, list):
            raise RasaUnavailable("unexpected tracker from the Rasa server")
        return events

    async def rasa_status(self) -> tuple[bool, str]:
        try:
            response = await self._client.get(f"{self.base_url}/status", timeout=5)
            if response.status_code != 200:
                return False, f"Rasa antwoordt met status {response.status_code}"
            model = response.json().get("model_file")
            return (True, "model geladen") if model else (False, "Rasa draait maar heeft geen model geladen")
        except (httpx.HTTPError, ValueError):
            return False, "Rasa is niet bereikbaar"

    async def action_server_status(self) -> tuple[bool, str]:
        try:
            response = await self._client.get(f"{self.action_server_url}/health", timeout=5)
            ok = response.status_code == 200
            return ok, "actieserver bereikbaar" if ok else f"actieserver antwoordt met status {response.status_code}"
        except httpx.HTTPError:
            return False, "de actieserver is niet bereikbaar"
