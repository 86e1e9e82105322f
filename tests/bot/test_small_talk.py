"""The question behind friendly words (bot/components/small_talk.py, used by the SmallTalkGate component)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.components.small_talk import question_behind_small_talk


def rank(*pairs: tuple[str, float]) -> list[dict[str, Any]]:
    return [{"name": n, "confidence": c} for n, c in pairs]


TOPIC = [{"entity": "topic", "value": "partner:toah"}]
ROLE = {"entity": "role", "value": "staff", "start": 7, "end": 21}
ROLE_AT_START = {"entity": "role", "value": "parent", "start": 0, "end": 15}


@pytest.mark.parametrize(
    ("text", "intent", "ranking", "entities", "expected"),
    [
        # A greeting that names a topic: the question family the classifier ranked highest.
        (
            "dag, ik heb een vraag over toah",
            "greet",
            rank(("greet", 0.84), ("ask_illness_support", 0.04)),
            TOPIC,
            "ask_illness_support",
        ),
        # ... or the general family when it ranked none.
        ("hallo toah", "greet", rank(("greet", 0.9), ("thank", 0.1)), TOPIC, "ask_info"),
        # The request for a summary is no question family, even when it ranks first behind the greeting.
        (
            "dag, ik heb een vraag over toah",
            "greet",
            rank(("greet", 0.88), ("ask_summary", 0.03), ("ask_illness_support", 0.03)),
            TOPIC,
            "ask_illness_support",
        ),
        # A long question read as a goodbye ("nog eens").
        (
            "krijg ik problemen als ik nog eens ga brossen",
            "goodbye",
            rank(("goodbye", 0.61), ("ask_info", 0.17)),
            [],
            "ask_info",
        ),
        # Small talk alone stays small talk: short, or long without a question family close behind.
        ("hallo", "greet", rank(("greet", 0.98), ("ask_info", 0.01)), [], None),
        ("bedankt, ik weet genoeg", "thank", rank(("thank", 0.7), ("ask_info", 0.2)), [], None),
        ("tot ziens en nog een fijne avond verder", "goodbye", rank(("goodbye", 0.9), ("ask_info", 0.05)), [], None),
        # A role with a question: the question ("heb ik als leerkracht beroepsgeheim?").
        (
            "heb ik als leerkracht beroepsgeheim?",
            "inform_role",
            rank(("inform_role", 0.7), ("ask_info", 0.2)),
            [{"entity": "topic", "value": "term:beroepsgeheim"}, ROLE],
            "ask_info",
        ),
        (
            "ik ben een mama, mijn zoon wil elke ochtend niet naar school",
            "inform_role",
            rank(("inform_role", 0.5), ("ask_info", 0.3)),
            [ROLE_AT_START],
            "ask_info",
        ),
        # The role phrase does not count for the length: a role and "a question" is no question yet.
        (
            "ik ben een mama en ik heb een vraag",
            "inform_role",
            rank(("inform_role", 0.8), ("ask_info", 0.15)),
            [ROLE_AT_START],
            None,
        ),
        # Only greetings, thanks, goodbyes and roles are read again.
        ("wat is naft", "ask_what_is", rank(("ask_what_is", 0.9)), TOPIC, None),
        ("stomme bot, wat is toah", "insult", rank(("insult", 0.6), ("ask_what_is", 0.3)), TOPIC, None),
    ],
)
def test_question_behind_small_talk(
    text: str, intent: str, ranking: list[dict[str, Any]], entities: list[dict[str, Any]], expected: str | None
) -> None:
    assert question_behind_small_talk(intent, ranking, entities, text) == expected
