"""Which action answers an intent, for the actions that hand a message on (the safety action, when only the
classifier suspected danger). The rules in data/rules/ say the same for Rasa; this is the same map in Python."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswer, ActionAskHuman, ActionSetRole
from actions.b_codes import ActionBCodeSteps
from actions.classification import ActionClassification
from actions.illness import ActionIllnessSupport
from actions.knowledge_reply import INTENT_FACETS
from actions.leerplicht import ActionLeerplicht
from actions.outflow import ActionOutflow
from actions.partners import ActionPartners
from actions.summary import ActionCaseSummary
from actions.which_code import ActionWhichCode

ENGINE_ACTIONS: dict[str, type[Action]] = {
    "ask_b_code_steps": ActionBCodeSteps,
    "ask_illness_support": ActionIllnessSupport,
    "ask_leerplicht": ActionLeerplicht,
    "ask_which_code": ActionWhichCode,
    "ask_outflow": ActionOutflow,
    "ask_partner": ActionPartners,
    "ask_classification": ActionClassification,
    "ask_summary": ActionCaseSummary,
    "ask_human": ActionAskHuman,
    "inform_role": ActionSetRole,
}


# The chitchat responses of domain.yml, by intent (data/rules/chitchat.yml says the same for Rasa).
CHITCHAT_RESPONSES = {
    "greet": "utter_greet",
    "goodbye": "utter_goodbye",
    "thank": "utter_thank",
    "bot_challenge": "utter_iamabot",
    "out_of_scope": "utter_out_of_scope",
    "insult": "utter_insult",
}


async def answer_as(
    intent: str | None, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[dict[str, Any]]:
    """Run the action that answers ``intent``; a knowledge answer (with the intent's facet) for any other."""
    if intent in CHITCHAT_RESPONSES:
        dispatcher.utter_message(response=CHITCHAT_RESPONSES[intent])
        return []
    engine = ENGINE_ACTIONS.get(intent or "")
    if engine is None:
        return ActionAnswer().answer(dispatcher, tracker, INTENT_FACETS.get(intent or "", "info"))
    events: list[dict[str, Any]] = await engine().run(dispatcher, tracker, domain)
    return events
