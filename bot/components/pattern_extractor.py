"""A RegexEntityExtractor that keeps every regex and lookup table of the training data.

Rasa's RegexEntityExtractor only keeps the patterns of entities that some training example annotates. Here the
entities come from lookup tables and regexes alone (`topic` is generated from the knowledge base, the values from
data/nlu/values.yml), and no intent example annotates them, so the stock component would silently drop them all.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.extractors.regex_entity_extractor import RegexEntityExtractor
from rasa.nlu.utils import pattern_utils
from rasa.shared.nlu.training_data.training_data import TrainingData


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class PatternEntityExtractor(RegexEntityExtractor):  # type: ignore[misc]
    def train(self, training_data: TrainingData) -> Resource:
        self.patterns = pattern_utils.extract_patterns(
            training_data,
            use_lookup_tables=self._config["use_lookup_tables"],
            use_regexes=self._config["use_regexes"],
            use_only_entities=False,
            use_word_boundaries=self._config["use_word_boundaries"],
        )
        self.persist()
        return self._resource
