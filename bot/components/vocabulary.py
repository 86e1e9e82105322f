"""Pure helpers of the UnknownWordsFallback component (no Rasa import, so they are tested in .venv)."""

from __future__ import annotations

import re
from collections.abc import Container

WORD = re.compile(r"[^\W\d_]{2,}")


def words_of(text: str) -> list[str]:
    return WORD.findall(text.lower())


def known_ratio(words: list[str], vocabulary: set[str], lexicon: Container[str] | None) -> float:
    """Share of known words; a message without any word (emoji, digits, punctuation) counts as unknown."""
    if not words:
        return 0.0
    known = sum(1 for w in words if w in vocabulary or (lexicon is not None and w in lexicon))
    return known / len(words)
