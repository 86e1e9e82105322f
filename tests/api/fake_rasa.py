"""A stand-in for ``api.rasa_client.RasaClient`` at the edge of the world, for the API's unit tests.

It answers like the Rasa server and the action server would (replies, the tracker with its events and slots, the
status of both), keeps each conversation's messages, and can be switched to "down".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from api.rasa_client import ActionsUnavailable, InstanceStatus, RasaUnavailable, Reply

ANSWER = Reply(
    text="Met 5 B-codes signaleert de school de leerling aan het CLB.",
    buttons=[{"title": "Wat doet het CLB?", "payload": "/ask_what_is"}],
    sources=[{"section": "actoren.2", "title": "CLB"}],
)


RASA = "http://127.0.0.1:5005"
ACTION_SERVER = "http://127.0.0.1:5055"


@dataclass
class FakeRasa:
    replies: list[Reply] = field(default_factory=lambda: [ANSWER])
    down: bool = False
    actions_down: bool = False
    slots: dict[str, Any] = field(default_factory=dict)
    received: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    def _check(self) -> None:
        if self.down:
            raise RasaUnavailable("connection refused")

    async def send(self, sender_id: str, message: str, metadata: dict[str, Any] | None = None) -> list[Reply]:
        self._check()
        self.received.append((sender_id, message, metadata or {}))
        replies = [Reply(r.text, list(r.buttons), list(r.sources)) for r in self.replies]
        if not replies and self.actions_down:
            # As the real client: Rasa kept the message but answered nothing, because its action server is down.
            raise ActionsUnavailable(ACTION_SERVER)
        return replies

    async def tracker(self, sender_id: str, include_events: str = "AFTER_RESTART") -> dict[str, Any]:
        self._check()
        events: list[dict[str, Any]] = []
        for sender, message, _ in self.received:
            if sender == sender_id:
                events.append({"event": "user", "text": message, "parse_data": {"intent": {"name": "ask"}}})
                events += [{"event": "bot", "text": r.text, "data": {"buttons": r.buttons}} for r in self.replies]
        return {"sender_id": sender_id, "slots": dict(self.slots), "events": events}

    async def slot(self, sender_id: str, name: str) -> Any:
        return (await self.tracker(sender_id))["slots"].get(name)

    async def events(self, sender_id: str) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = (await self.tracker(sender_id, "ALL"))["events"]
        return events

    async def rasa_instances(self) -> list[InstanceStatus]:
        if self.down:
            return [InstanceStatus(RASA, False, "Rasa is niet bereikbaar")]
        return [InstanceStatus(RASA, True, "model geladen")]

    async def action_server_instances(self) -> list[InstanceStatus]:
        if self.actions_down:
            return [InstanceStatus(ACTION_SERVER, False, "de actieserver is niet bereikbaar")]
        return [InstanceStatus(ACTION_SERVER, True, "actieserver bereikbaar")]

    async def aclose(self) -> None:
        return None
