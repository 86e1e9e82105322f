from __future__ import annotations

import pytest

from bot.components.vocabulary import known_ratio, words_of

VOCABULARY = {"wat", "moet", "ik", "doen", "na", "codes", "hallo"}
LEXICON = {"kat", "zit", "op", "de", "mat"}


def test_words_of_keeps_letters_only() -> None:
    assert words_of("Wat na 5 B-codes? 😀") == ["wat", "na", "codes"]


@pytest.mark.parametrize(
    ("text", "ratio"),
    [
        ("Wat moet ik doen na 5 B-codes?", 1.0),
        ("de kat zit op de mat", 1.0),
        ("hallo xqzt", 0.5),
        ("xqzt brmpf vlork", 0.0),
        ("😀😀", 0.0),
        ("5", 0.0),
    ],
)
def test_known_ratio(text: str, ratio: float) -> None:
    assert known_ratio(words_of(text), VOCABULARY, LEXICON) == ratio


def test_without_lexicon_only_training_words_count() -> None:
    assert known_ratio(words_of("de kat"), VOCABULARY, None) == 0.0
