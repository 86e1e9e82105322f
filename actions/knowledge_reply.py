"""Sending a knowledge answer (knowledge.answers) as chat: its text for the role, its sources and its follow-up
buttons. Used by the answer action and by the engine actions that hand a question on to the knowledge."""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import knowledge_access
from actions.message_facts import question_text
from actions.messages import Button, current_role, role_events, send
from actions.parsing import parse_asks_definition, parse_asks_what
from knowledge.answers import Answer, Facet, FollowUp, answer_question, facet_from_words, render_answer, sure_answer

# The part of an item each question family asks for.
INTENT_FACETS: dict[str, Facet] = {
    "ask_what_is": "what",
    "ask_when": "when",
    "ask_referral": "referral",
    "ask_contact": "contact",
    "ask_difference": "difference",
    "ask_info": "info",
}
FACET_INTENTS = {facet: intent for intent, facet in INTENT_FACETS.items()}


def topics_in_message(tracker: Tracker) -> list[str]:
    """The item ids of the `topic` entities of the latest message, in the order typed; not the ones inside the words
    that say who the writer is ("ik ben clb-medewerker" names no topic)."""
    entities = sorted(tracker.latest_message.get("entities") or [], key=lambda e: e.get("start") or 0)
    roles = [(e.get("start"), e.get("end")) for e in entities if e.get("entity") == "role"]

    def in_role(e: dict[str, Any]) -> bool:
        start, end = e.get("start"), e.get("end")
        return (
            isinstance(start, int)
            and isinstance(end, int)
            and any(isinstance(a, int) and isinstance(b, int) and a <= start and end <= b for a, b in roles)
        )

    return list(
        dict.fromkeys(
            str(e["value"]) for e in entities if e.get("entity") == "topic" and e.get("value") and not in_role(e)
        )
    )


def payload(followup: FollowUp) -> str:
    """A button payload that asks the follow-up directly: `/ask_referral{"topic": "partner:naft"}`."""
    return f"/{FACET_INTENTS[followup.facet]}{json.dumps({'topic': followup.item_id})}"


def send_answer(dispatcher: CollectingDispatcher, tracker: Tracker, answer: Answer) -> list[dict[str, Any]]:
    """Send a knowledge answer in the user's role, with its sources and follow-up buttons; the events that keep
    the role and the topic answered."""
    role = current_role(tracker)
    rendered = render_answer(answer, role)
    buttons: list[Button] = [{"title": title, "payload": payload(f)} for title, f in rendered.buttons]
    send(dispatcher, rendered.text, answer.sections, buttons, role)
    events = role_events(tracker)
    if answer.item_id:
        events.append(SlotSet("topic", answer.item_id))
    return events


def send_answer_then_ask(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    answer: Answer,
    ask: str,
    buttons: list[Button] | None = None,
) -> list[dict[str, Any]]:
    """An engine action's hand-on: the knowledge's answer, then a message that asks the engine's missing fact."""
    events = send_answer(dispatcher, tracker, answer)
    dispatcher.utter_message(text=ask, buttons=buttons or [])
    return events


def sure_knowledge_answer(
    tracker: Tracker, own_topics: Collection[str], *, named_only: bool = False, facet: Facet = "info"
) -> Answer | None:
    """For an engine action whose message lacks the engine's facts: the knowledge's answer when it is sure of it
    (a topic named that is not one of the engine's own, or a search hit that stands out); None when the engine's
    general answer should serve. With ``named_only``, only a topic the user named counts."""
    with knowledge_access.open_repository() as repo:
        return sure_answer(
            repo, question_text(tracker), facet, topics_in_message(tracker), own_topics, named_only=named_only
        )


def knowledge_answer(tracker: Tracker) -> Answer | None:
    """The knowledge's answer to the message, the best it has (not only one it is sure of); None when it has none
    (it would ask to choose a topic, or say that the draaiboek does not cover the question)."""
    with knowledge_access.open_repository() as repo:
        text = question_text(tracker)
        answer = answer_question(repo, text, facet_from_words(text, "info"), topics_in_message(tracker))
    return answer if answer.status == "answer" else None


def what_it_is(tracker: Tracker, own_topics: Collection[str]) -> Answer | None:
    """For an engine action: the knowledge's answer to a question for what something is ("wat is een kwalificatie",
    "hoe noemen ze dat"), when the knowledge is sure of it; None for any other question."""
    text = tracker.latest_message.get("text") or ""
    if not parse_asks_what(text):
        return None
    # "wat is een kwalificatie" asks what the named thing is; "hoe noemen ze dat", "is dat nog spijbelen" ask about
    # a situation, which an item about the named thing may answer better.
    return sure_knowledge_answer(tracker, own_topics, facet="what" if parse_asks_definition(text) else "info")
