"""Small pure helpers to read values out of what a user typed."""

from __future__ import annotations

import re
from typing import Any

_NUMBER_WORDS = {
    "nul": 0,
    "geen": 0,
    "een": 1,
    "één": 1,
    "eerste": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "dertien": 13,
    "veertien": 14,
    "vijftien": 15,
    "zestien": 16,
    "zeventien": 17,
    "achttien": 18,
    "negentien": 19,
    "twintig": 20,
}
_DIGITS = re.compile(r"(?<![\d.,])(\d{1,3})(?![\d.,]\d)")
_WORDS = re.compile(r"\b(" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
_COUNTED = re.compile(
    r"(?<![\d.,])(\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")\s*(?:x\s*)?(?:b[- ]?codes?|halve\s+(?:les)?dagen|keer)",
    re.IGNORECASE,
)


def _as_count(token: str) -> int | None:
    token = token.lower()
    if token.isdigit():
        return int(token)
    return _NUMBER_WORDS.get(token)


def parse_count(value: Any) -> int | None:
    """A whole count from a slot value or a sentence: 5, "5", "vijf", "5 B-codes", "na vijf halve dagen".

    A number directly followed by "B-codes", "halve dagen" or "keer" wins over other numbers in the sentence.
    Returns None when there is no count, or when the count is negative or absurdly large.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if 0 <= value < 1000 and float(value).is_integer() else None
    text = str(value).strip()
    if not text:
        return None
    counted = _COUNTED.search(text)
    if counted:
        return _as_count(counted.group(1))
    digits = _DIGITS.search(text)
    if digits:
        return int(digits.group(1))
    word = _WORDS.search(text)
    # "een" is also the Dutch article; only count it when it is the whole value.
    if word and (word.group(1).lower() not in {"een", "geen"} or text.lower() == word.group(1).lower()):
        return _as_count(word.group(1))
    return None
