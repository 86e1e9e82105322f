"""The one way to answer from knowledge: intent + entities + knowledge search -> one answer (knowledge.answers)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import knowledge_access
from actions.b_codes import OWN_TOPICS as B_CODE_TOPICS
from actions.b_codes import ActionBCodeSteps
from actions.knowledge_reply import INTENT_FACETS, send_answer, topics_in_message
from actions.message_facts import question_text
from actions.messages import current_role, help_lines_if_suspected, role_events, typed_role
from actions.parsing import (
    parse_asks_steps,
    parse_follow_up,
    parse_truancy,
    states_b_code_fact,
    states_illness_fact,
)
from knowledge.answers import Facet, answer_question, sure_answer
from knowledge.case import CASE_SLOT, Case
from knowledge.texts import render

# A message classified as "who I am" without any role phrase and longer than this is taken as a question.
QUESTION_WORDS = 3


def counts_b_codes(tracker: Tracker) -> bool:
    """The message names the B-code and a count of them ("na 5 B-codes")."""
    entities = tracker.latest_message.get("entities") or []
    return any(e.get("entity") == "aantal" for e in entities) and "code:B" in topics_in_message(tracker)


def asks_what_truancy_brings(tracker: Tracker) -> bool:
    """A general question about what happens after one's own truancy ("wat gebeurt er als ik blijf spijbelen",
    "krijg ik problemen als ik nog eens ga brossen") that names nothing but the B-code's own topics."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    text = tracker.latest_message.get("text") or ""
    return (
        intent in ("ask_info", "nlu_fallback")
        and parse_truancy(text)
        and parse_asks_steps(text)
        and set(topics_in_message(tracker)) <= B_CODE_TOPICS
    )


def follow_up_engine(tracker: Tracker) -> str | None:
    """The engine a follow-up on the case belongs to ("en als de ouders niet meewerken?" after the B-code steps):
    its case kind, when the message states a fact that engine decides on and the case has a part of that kind."""
    text = tracker.latest_message.get("text") or ""
    if tracker.active_loop_name or not parse_follow_up(text):
        return None
    case = Case.from_dict(tracker.get_slot(CASE_SLOT))
    for kind, states in (("b-code", states_b_code_fact), ("illness", states_illness_fact)):
        if case.get(kind) is not None and states(text):
            return kind
    return None


def leans_out_of_scope(tracker: Tracker) -> bool:
    """The classifier's best guess after the fallback is out_of_scope, and the message names no topic."""
    ranking = [e for e in tracker.latest_message.get("intent_ranking") or [] if e.get("name") != "nlu_fallback"]
    return bool(ranking) and ranking[0].get("name") == "out_of_scope" and not topics_in_message(tracker)


class ActionAnswer(Action):  # type: ignore[misc]
    def name(self) -> str:
        return "action_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        help_lines_if_suspected(dispatcher, tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        if intent == "nlu_fallback" and leans_out_of_scope(tracker):
            # Not understood for sure, and rather not about school absence ("wat kost een nieuwe fiets"): only an
            # answer the knowledge is sure of, else what the assistant is for.
            with knowledge_access.open_repository() as repo:
                answer = sure_answer(repo, question_text(tracker), "info")
            if answer is None:
                dispatcher.utter_message(response="utter_out_of_scope")
                return role_events(tracker)
            return send_answer(dispatcher, tracker, answer)
        follow_up = follow_up_engine(tracker)
        if follow_up == "illness":
            from actions.illness import ActionIllnessSupport  # the illness action hands questions on to this one

            return await ActionIllnessSupport().run(dispatcher, tracker, domain)
        if (
            follow_up == "b-code"
            or (intent == "ask_what_is" and counts_b_codes(tracker))
            or asks_what_truancy_brings(tracker)
        ):
            # "wat moet ik doen na 5 B-codes": a number of B-codes is a situation, not a question about the code;
            # "krijg ik problemen als ik nog eens ga brossen": what happens after truancy, the B-code steps; a
            # follow-up on the B-code case with a new fact: the steps with that fact.
            return await ActionBCodeSteps().run(dispatcher, tracker, domain)
        return self.answer(dispatcher, tracker, INTENT_FACETS.get(intent, "info"))

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, facet: Facet) -> list[dict[str, Any]]:
        """Answer the latest message from the knowledge base, with the part ``facet`` asks for."""
        with knowledge_access.open_repository() as repo:
            answer = answer_question(repo, question_text(tracker), facet, topics_in_message(tracker))
        return send_answer(dispatcher, tracker, answer)


class ActionSetRole(Action):  # type: ignore[misc]
    """The user said who they are: keep it, and say what the assistant can do for that role."""

    def name(self) -> str:
        return "action_set_role"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        help_lines_if_suspected(dispatcher, tracker)
        text = tracker.latest_message.get("text") or ""
        if typed_role(tracker) is None and len(text.split()) > QUESTION_WORDS:
            # Classified as "who I am" but no role phrase in it ("heeft een leerkracht beroepsgeheim"): a question.
            return ActionAnswer().answer(dispatcher, tracker, "info")
        role = current_role(tracker)
        key = f"chat.role_set.{role}" if role else "chat.role_unknown"
        examples = [render(f"chat.example.{role or 'staff'}.{i}", role) for i in (1, 2, 3)]
        dispatcher.utter_message(text=render(key, role), buttons=[{"title": e, "payload": e} for e in examples])
        return role_events(tracker)


class ActionAskHuman(Action):  # type: ignore[misc]
    """The user wants a person: the CLB of the school, or CLBch@t."""

    def name(self) -> str:
        return "action_ask_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        help_lines_if_suspected(dispatcher, tracker)
        role = current_role(tracker)
        dispatcher.utter_message(text=render("chat.human", role))
        return role_events(tracker)
