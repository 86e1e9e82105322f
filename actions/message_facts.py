"""Reading the facts of the latest message: from its text (the parsers of :mod:`actions.parsing`), else from
its entities, else from the slot of the same name (a fact of an earlier message)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from rasa_sdk import Tracker

from actions.parsing import parse_age

T = TypeVar("T")


def entity_values(tracker: Tracker, name: str) -> list[Any]:
    """The values of the entities ``name`` in the latest message, in the order typed."""
    return [e.get("value") for e in _entities(tracker, name)]


def _entities(tracker: Tracker, name: str) -> list[dict[str, Any]]:
    entities = sorted(tracker.latest_message.get("entities") or [], key=lambda e: e.get("start") or 0)
    return [e for e in entities if e.get("entity") == name and e.get("value") is not None]


def message_text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


def value_in_message(tracker: Tracker, entity: str, parse: Callable[[Any], T | None]) -> T | None:
    """A value read from the message text (the parser sees "meer dan", "tot 18" and the rest of the sentence),
    else from this message's entities ``entity`` (a button payload carries its facts there), else from the slot
    of that name (a fact of an earlier message)."""
    found = parse(message_text(tracker))
    if found is not None:
        return found
    for value in entity_values(tracker, entity):
        if (found := parse(value)) is not None:
            return found
    return parse(tracker.get_slot(entity))


# An age entity after these words is a limit of the rules ("tot 18", "vanaf 5"), not the pupil's age.
_NOT_THE_AGE = re.compile(r"\b(?:tot|vanaf|na|voor|tegen)\s*$", re.IGNORECASE)


def age_in_message(tracker: Tracker) -> int | None:
    """The pupil's age: from the text, else a `leeftijd` entity that is no limit ("tot 18"), else the slot."""
    text = message_text(tracker)
    age = parse_age(text)
    if age is not None:
        return age
    for e in _entities(tracker, "leeftijd"):
        start = e.get("start")
        if isinstance(start, int) and _NOT_THE_AGE.search(text[:start]):
            continue
        if (age := parse_age(e["value"])) is not None:
            return age
    return parse_age(tracker.get_slot("leeftijd"))


def question_text(tracker: Tracker) -> str:
    """The message without the words that say who the writer is ("ik ben leerlingenbegeleider, hoe pakken we
    schoolweigering aan" -> ", hoe pakken we schoolweigering aan"): what the knowledge search reads, so that the role
    does not pull in items about a "begeleider". An age stays: the leerplicht items speak of 15, 16 and 18."""
    text = message_text(tracker)
    spans = sorted(
        (int(e["start"]), int(e["end"]))
        for e in _entities(tracker, "role")
        if isinstance(e.get("start"), int) and isinstance(e.get("end"), int)
    )
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start])
        last = max(last, end)
    out.append(text[last:])
    return " ".join(" ".join(out).split())
