"""How actions send a reply: text, optional buttons, and the source sections as custom JSON."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from knowledge.repository import SectionRef

Button = dict[str, str]


def sources_json(sections: Iterable[SectionRef]) -> dict[str, Any]:
    return {"sources": [{"section": s.id, "title": s.title} for s in sections]}


def send(
    dispatcher: CollectingDispatcher,
    text: str,
    sections: Iterable[SectionRef] = (),
    buttons: list[Button] | None = None,
) -> None:
    """One reply. The REST channel outputs the text and then the custom JSON; the API joins them again."""
    refs = list(sections)
    if refs:
        dispatcher.utter_message(text=text, buttons=buttons or [], json_message=sources_json(refs))
    else:
        dispatcher.utter_message(text=text, buttons=buttons or [])


def user_role(tracker: Tracker) -> str | None:
    """The role the API passed along with the latest message (staff, parent or youth), if any."""
    metadata = tracker.latest_message.get("metadata") or {}
    role = metadata.get("role") if isinstance(metadata, dict) else None
    return role if role in {"staff", "parent", "youth"} else None


def bullet_list(lines: Iterable[str]) -> str:
    return "\n".join(f"• {line}" for line in lines)
