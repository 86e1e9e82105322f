"""Help at once when a message signals danger (intent ``signal_danger``), in every state of the conversation.

The reply names the help lines for the role (``knowledge/content/safety/helplines.yml``), puts the line
that fits the danger first (the deterministic check of ``knowledge/safety.py`` tells which kind it is), and
asks nothing about absences. When a form is active, the action ends it: see ``data/rules/safety.yml``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dispatch import answer_as
from actions.messages import current_role, role_events, send
from knowledge.repository import SectionRef
from knowledge.safety import Helpline, check, helplines_for, section_titles
from knowledge.texts import ROLES, render

# What the staff texts rely on: hulpplicht, ambtsgeheim and meldingsrecht (bijlage.1), the CLB and the
# M-document (actoren.4.2), verontrusting and the Vertrouwenscentrum Kindermishandeling (actoren.11).
STAFF_SECTIONS = ("bijlage.1", "actoren.4.2", "actoren.11")
REQUESTED_SLOT = "requested_slot"


def audience_of(role: str | None) -> str:
    """The text variant: the role, or ``default`` (the wording for anyone) when the role is not known."""
    return role if role in ROLES else "default"


def compose_reply(role: str | None, category: str | None) -> tuple[str, list[str], list[Helpline]]:
    """The reply text, the draaiboek sections it relies on, and the help lines it names."""
    audience = audience_of(role)
    lines = helplines_for(audience, category)
    listed = "\n".join(
        render("safety.line", audience, name=h.name, reach=h.reach, when=h.when, for_whom=h.for_whom) for h in lines
    )
    parts = [
        render("safety.intro", audience),
        render(f"safety.focus.{category or 'general'}", audience),
        f"{render('safety.lines_header', audience)}\n{listed}",
        render("safety.next_steps", audience),
        render("safety.closing", audience),
    ]
    sections = [s for h in lines for s in h.sections]
    if audience == "staff":
        sections.extend(STAFF_SECTIONS)
    return "\n\n".join(parts), list(dict.fromkeys(sections)), lines


@lru_cache(maxsize=1)
def _titles() -> dict[str, str]:
    return section_titles()


def section_refs(section_ids: list[str]) -> list[SectionRef]:
    """The sources, with their titles read from sections.yml: the help goes out even without the database."""
    titles = _titles()
    return [SectionRef(s, titles[s]) for s in section_ids if s in titles]


def next_intent(tracker: Tracker) -> str | None:
    """The intent the classifier ranked highest after ``signal_danger`` (and the fallback)."""
    for entry in tracker.latest_message.get("intent_ranking") or []:
        name = entry.get("name")
        if name and name not in ("signal_danger", "nlu_fallback"):
            return str(name)
    return None


class ActionSafetyHelp(Action):  # type: ignore[misc]
    def name(self) -> str:
        return "action_safety_help"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        role = current_role(tracker)
        match = check(tracker.latest_message.get("text") or "")
        events = role_events(tracker)
        if match is None:
            # Only the classifier suspects danger: never stay silent about the help lines, but do not derail a
            # normal question ("mijn kind ligt ziek thuis ...") either: the help in short, then the answer.
            dispatcher.utter_message(text=render("safety.uncertain", audience_of(role)))
            answered = await answer_as(next_intent(tracker), dispatcher, tracker, domain)
            # The rule ends any form after this action (a journey's answer that is no danger never gets here: the
            # journey reads it itself).
            return [*answered, *_end_form(tracker)]
        text, section_ids, _ = compose_reply(role, match.category)
        send(dispatcher, text, section_refs(section_ids), role=role)
        return [*events, *_end_form(tracker)]


def _end_form(tracker: Tracker) -> list[dict[str, Any]]:
    """End the active form, as Rasa's own action_deactivate_loop does: the danger comes first, and the form must not
    ask its next question. Without an active form there is nothing to end."""
    return [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)] if tracker.active_loop_name else []
