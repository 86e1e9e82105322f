"""The start of a conversation: the role the API sent with the first message is known before the first reply."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from knowledge.texts import ROLES


class ActionSessionStart(Action):  # type: ignore[misc]
    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = [SessionStarted()]
        # carry_over_slots_to_new_session: the slots of the previous session, if any, stay.
        events.extend(
            SlotSet(name, value)
            for name, value in tracker.current_slot_values().items()
            if value is not None and name != "session_started_metadata"
        )
        metadata = tracker.get_slot("session_started_metadata") or {}
        role = metadata.get("role") if isinstance(metadata, dict) else None
        if role in ROLES:
            events.append(SlotSet("role", role))
        events.append(ActionExecuted("action_listen"))
        return events
