"""An NLU component that sends messages made of unknown words to ``nlu_fallback``.

DIET is confident about anything, also about "xqzt brmpf" (it once said "goodbye" at 0.99). This
component runs last in the pipeline: when fewer than ``min_known_ratio`` of the words of a message
are known, it sets the intent to ``nlu_fallback``, so the user gets an honest "I did not understand" with
suggestions. A word is known when it occurs in the training data or in the Dutch lexicon of
spacy-lookups-data (the lemma lookup table).
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.utils.io import dump_obj_as_json_to_file, read_json_file

from bot.components.vocabulary import known_ratio, words_of

logger = logging.getLogger(__name__)

VOCABULARY_FILE = "vocabulary.json"


def _dutch_lexicon() -> Any:
    try:
        from spacy.lookups import load_lookups

        return load_lookups("nl", ["lemma_lookup"]).get_table("lemma_lookup")
    except (ImportError, ValueError, KeyError) as exc:  # spacy-lookups-data missing: training words only
        logger.warning("Dutch lexicon not available (%s); only the training vocabulary counts.", exc)
        return None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class UnknownWordsFallback(GraphComponent, IntentClassifier):  # type: ignore[misc]
    @classmethod
    def required_components(cls) -> list[type]:
        # It must come after DIET in the pipeline, but it is trainable, and Rasa checks required
        # components on the training graph where classifiers do not feed each other: so none here.
        return []

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"min_known_ratio": 0.5, "use_lexicon": True}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vocabulary: set[str] | None = None,
    ) -> None:
        self.component_config = config
        self._model_storage = model_storage
        self._resource = resource
        self.vocabulary = vocabulary or set()
        self.lexicon = _dutch_lexicon() if config.get("use_lexicon", True) else None

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> UnknownWordsFallback:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        vocabulary: set[str] = set()
        for example in training_data.training_examples:
            vocabulary.update(words_of(example.get(TEXT) or ""))
        for synonym, value in training_data.entity_synonyms.items():
            vocabulary.update(words_of(f"{synonym} {value}"))
        self.vocabulary = vocabulary
        with self._model_storage.write_to(self._resource) as model_dir:
            dump_obj_as_json_to_file(model_dir / VOCABULARY_FILE, sorted(vocabulary))
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> UnknownWordsFallback:
        with model_storage.read_from(resource) as model_dir:
            vocabulary = set(read_json_file(model_dir / VOCABULARY_FILE))
        return cls(config, model_storage, resource, vocabulary)

    def process(self, messages: list[Message]) -> list[Message]:
        minimum = float(self.component_config.get("min_known_ratio", 0.5))
        for message in messages:
            ratio = known_ratio(words_of(message.get(TEXT) or ""), self.vocabulary, self.lexicon)
            if ratio >= minimum:
                continue
            logger.debug("Only %.0f%% known words: nlu_fallback.", ratio * 100)
            ranking = [
                i
                for i in message.get(INTENT_RANKING_KEY, [])
                if i.get(INTENT_NAME_KEY) != DEFAULT_NLU_FALLBACK_INTENT_NAME
            ]
            fallback = {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME, PREDICTED_CONFIDENCE_KEY: 1.0}
            message.set(INTENT, fallback, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [fallback, *ranking], add_to_output=True)
        return messages
