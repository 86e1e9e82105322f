"""An NLU component that reads a question behind friendly words as the question (bot/components/small_talk.py).

"dag, ik heb een vraag over TOAH" is classified as a greeting; this component, after the classifiers and before
the safety gate, makes its intent the question family that the classifier ranked highest, so that the rules
answer it. Nothing is trained.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.components.small_talk import question_behind_small_talk

logger = logging.getLogger(__name__)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SmallTalkGate(GraphComponent, IntentClassifier):  # type: ignore[misc]
    @classmethod
    def required_components(cls) -> list[type]:
        return []

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    def __init__(self, config: dict[str, Any]) -> None:
        self.component_config = config

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SmallTalkGate:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            ranking = message.get(INTENT_RANKING_KEY) or []
            question = question_behind_small_talk(
                intent, ranking, message.get(ENTITIES) or [], str(message.get(TEXT) or "")
            )
            if question is None:
                continue
            chosen = next((dict(e) for e in ranking if e.get(INTENT_NAME_KEY) == question), None)
            chosen = chosen or {INTENT_NAME_KEY: question, PREDICTED_CONFIDENCE_KEY: 0.0}
            logger.debug("Small talk gate: '%s' read as %s.", intent, question)
            others = [e for e in ranking if e.get(INTENT_NAME_KEY) != question]
            message.set(INTENT, chosen, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [chosen, *others], add_to_output=True)
        return messages
