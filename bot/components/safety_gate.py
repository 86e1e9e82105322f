"""An NLU component that makes the deterministic safety check win over every classifier.

Missing a message that signals danger (abuse, violence at home, sexual abuse, suicide, self-harm, an unsafe
child) is the worst error the assistant can make, so the intent classifier is not trusted alone. This
component runs last in the pipeline and reads every message with ``knowledge.safety.check`` (a lexicon with
lemmas, Flemish forms and typos, ``knowledge/content/safety/lexicon.yml``). On a match it sets the intent to
``signal_danger`` with confidence 1.0, in front of the classifier's ranking, whatever DIET, the
FallbackClassifier or the UnknownWordsFallback said before. The rule in ``data/rules/safety.yml`` then runs
``action_safety_help``. Nothing is trained: the lexicon is read when the component is created.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.small_talk import is_question
from knowledge import safety

logger = logging.getLogger(__name__)

DANGER_INTENT = "signal_danger"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SafetyGate(GraphComponent, IntentClassifier):  # type: ignore[misc]
    @classmethod
    def required_components(cls) -> list[type]:
        return []

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"intent": DANGER_INTENT}

    def __init__(self, config: dict[str, Any]) -> None:
        self.component_config = config
        # Read (and check) the lexicon now, so that a broken lexicon stops the server at start, not mid-chat.
        self.lexicon = safety.lexicon()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyGate:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        intent_name = str(self.component_config.get("intent", DANGER_INTENT))
        for message in messages:
            match = self.lexicon.check(message.get(TEXT) or "")
            if match is None:
                self._only_suspected(message, intent_name)
                continue
            logger.debug("Safety gate: %s (rule %s, '%s').", match.category, match.rule, match.phrase)
            danger = {INTENT_NAME_KEY: intent_name, PREDICTED_CONFIDENCE_KEY: 1.0}
            ranking = [i for i in message.get(INTENT_RANKING_KEY) or [] if i.get(INTENT_NAME_KEY) != intent_name]
            message.set(INTENT, danger, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [danger, *ranking], add_to_output=True)
        return messages

    @staticmethod
    def _only_suspected(message: Message, intent_name: str) -> None:
        """The classifier alone says danger, the check does not: the message keeps its next intent, so that a
        question such as "mijn kind ligt al weken ziek thuis" is answered; the ranking keeps the suspicion on top,
        and every answer starts with the help lines in short (actions.messages.danger_suspected)."""
        intent = message.get(INTENT) or {}
        if intent.get(INTENT_NAME_KEY) != intent_name:
            return
        others = [i for i in message.get(INTENT_RANKING_KEY) or [] if i.get(INTENT_NAME_KEY) != intent_name]
        # Only questions are handed on (their actions put the help lines first); next to a greeting or thanks the
        # suspicion stays signal_danger, and action_safety_help gives the help lines with that response.
        if others and is_question(str(others[0].get(INTENT_NAME_KEY, ""))):
            message.set(INTENT, dict(others[0]), add_to_output=True)
