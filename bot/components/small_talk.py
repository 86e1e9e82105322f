"""Pure logic of the SmallTalkGate component (no Rasa import, so it is tested in .venv).

A stranger's first message often starts with friendly words or with who they are: "dag, ik heb een vraag over
TOAH", "merci, en wie kan ik bellen", "heb ik als leerkracht beroepsgeheim?". The classifier reads the greeting,
the thanks, the goodbye or the role and ranks it first; the user asked something, though, and must not get only a
greeting back. Such a message is a question when it names a topic of the knowledge base, or when it is long and a
question family ranks close behind. The words that say the role ("als leerkracht") do not count for its length.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

SMALL_TALK = frozenset({"greet", "thank", "goodbye", "inform_role"})
# Intents named ask_* are what people ask (the question families, the engine intents, ask_human), the same
# convention as the safety gate's hand-on (bot/components/safety_gate.py).
QUESTION_PREFIX = "ask_"
# ask_summary steers a journey ("maak een samenvatting"); it is never the question behind a greeting.
NOT_A_QUESTION = frozenset({"ask_summary"})
# The general question family, for a message that names a topic but ranks no question family at all.
GENERAL_QUESTION = "ask_info"
# A message of at least this many words, with a question family ranked at least this high, is a question.
MIN_WORDS = 6
MIN_QUESTION_CONFIDENCE = 0.15


def question_behind_small_talk(
    intent: str | None, ranking: Sequence[Mapping[str, Any]], entities: Sequence[Mapping[str, Any]], text: str
) -> str | None:
    """The question intent a greeting, thanks or goodbye really carries; None when it is only small talk."""
    if intent not in SMALL_TALK:
        return None
    best = next((e for e in ranking if is_question(str(e.get("name") or ""))), None)
    if any(e.get("entity") == "topic" for e in entities):
        return str(best["name"]) if best else GENERAL_QUESTION
    if (
        best
        and len(_without_role(text, entities).split()) >= MIN_WORDS
        and float(best.get("confidence") or 0.0) >= MIN_QUESTION_CONFIDENCE
    ):
        return str(best["name"])
    return None


def is_question(intent: str) -> bool:
    """Whether an intent is a question family (ask_*), not the request for a summary."""
    return intent.startswith(QUESTION_PREFIX) and intent not in NOT_A_QUESTION


def _without_role(text: str, entities: Sequence[Mapping[str, Any]]) -> str:
    """The text without the phrases of its `role` entities ("ik ben een mama")."""
    spans = sorted(
        (int(e["start"]), int(e["end"]))
        for e in entities
        if e.get("entity") == "role" and isinstance(e.get("start"), int) and isinstance(e.get("end"), int)
    )
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start])
        last = max(last, end)
    out.append(text[last:])
    return " ".join(out)
