"""How actions send a reply: text, buttons, the source sections as custom JSON, and the role."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from knowledge.repository import SectionRef
from knowledge.texts import ROLES, render

Button = dict[str, str]
# The parts of the draaiboek, by the first part of a section id.
PARTS = ("inleiding", "terminologie", "aanbevelingen", "actoren", "actieplan", "bijlage")


def sources_json(sections: Iterable[SectionRef]) -> dict[str, Any]:
    return {"sources": [{"section": s.id, "title": s.title} for s in sections]}


def sources_line(sections: Iterable[SectionRef], role: str | None) -> str:
    """The sources in words the role understands: "Bron: draaiboek 'Afwezig op school', deel Actoren (...)"."""
    parts: list[str] = []
    for section in sections:
        part = section.id.split(".", 1)[0]
        name = render(f"chat.part.{part}", role) if part in PARTS else section.id
        if name not in parts:
            parts.append(name)
    return render("chat.sources", role, parts=", ".join(parts)) if parts else ""


def send(
    dispatcher: CollectingDispatcher,
    text: str,
    sections: Iterable[SectionRef] = (),
    buttons: list[Button] | None = None,
    role: str | None = None,
) -> None:
    """One reply, ending with its sources in words. The REST channel outputs the text and then the custom
    JSON; the API joins them again."""
    refs = list(sections)
    if refs:
        line = sources_line(refs, role)
        dispatcher.utter_message(
            text=f"{text}\n\n{line}" if line else text, buttons=buttons or [], json_message=sources_json(refs)
        )
    else:
        dispatcher.utter_message(text=text, buttons=buttons or [])


def user_role(tracker: Tracker) -> str | None:
    """The role the API passed along with the latest message (staff, parent or youth), if any."""
    metadata = tracker.latest_message.get("metadata") or {}
    role = metadata.get("role") if isinstance(metadata, dict) else None
    return role if role in ROLES else None


def typed_role(tracker: Tracker) -> str | None:
    """The role the user said in the latest message ("ik ben een mama"), from the `role` entity."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "role" and entity.get("value") in ROLES:
            return str(entity["value"])
    return None


def current_role(tracker: Tracker) -> str | None:
    """Who is asking: what the user just said, else what the API says, else what the conversation knows."""
    slot = tracker.get_slot("role")
    return typed_role(tracker) or user_role(tracker) or (slot if slot in ROLES else None)


def role_events(tracker: Tracker) -> list[dict[str, Any]]:
    """A SlotSet for the role when the latest message tells a role that the slot does not hold yet."""
    role = current_role(tracker)
    return [SlotSet("role", role)] if role and role != tracker.get_slot("role") else []


def danger_suspected(tracker: Tracker) -> bool:
    """The intent classifier ranked danger first but the deterministic check did not confirm it (see
    bot/components/safety_gate.py): the message is answered, and the help lines come first, in short."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    ranking = [e for e in tracker.latest_message.get("intent_ranking") or [] if e.get("name") != "nlu_fallback"]
    return intent != "signal_danger" and bool(ranking) and ranking[0].get("name") == "signal_danger"


def help_lines_if_suspected(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The help lines in short, before the answer, when only the classifier suspected danger."""
    if danger_suspected(tracker):
        role = current_role(tracker)
        dispatcher.utter_message(text=render("safety.uncertain", role if role in ROLES else "default"))


def bullet_list(lines: Iterable[str]) -> str:
    return "\n".join(f"• {line}" for line in lines)
