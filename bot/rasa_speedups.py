"""Changes to Rasa 3.6 that keep its behaviour and remove work a profile showed to be wasted. Runs in .venv-rasa;
applied by bot/rasa_run.py before the server starts.

The events sent to the action server: for every custom action Rasa sends the whole conversation (every event of
the tracker, as JSON), so each message of a long conversation cost more than the one before (a quarter of Rasa's
time at message 60-200, bench/load_bench.py). The actions read the slots, the latest message and the active loop,
which Rasa sends apart from the events, and of the events only the latest turn (rasa_sdk's ``slots_to_validate``
looks at the slot events at the end). Here the action server gets the events of the last ``ACTION_EVENT_TURNS`` user
messages (from the first of those messages on); everything else in the request is as Rasa makes it.

Validating the action server's reply: ``RemoteAction._validate_action_result`` calls ``jsonschema.validate`` on
every reply, and that first checks the (constant) response schema against JSON Schema's meta-schema. Under load
that check was 60 % of the Rasa server's CPU (py-spy, bench/load_bench.py). Here the schema is checked once and
one validator is kept; a reply is validated exactly as before and a bad reply raises the same ``ValidationError``
with the same explanation.
"""

from __future__ import annotations

import functools
from typing import Any

import jsonschema
from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

# How many of the latest user messages (with the events after each) the action server gets.
ACTION_EVENT_TURNS = 5


def recent_events(events: list[Event], turns: int = ACTION_EVENT_TURNS) -> list[Event]:
    """The events from the ``turns``-th last user message on (all of them when there are fewer user messages)."""
    seen = 0
    for index in range(len(events) - 1, -1, -1):
        if isinstance(events[index], UserUttered):
            seen += 1
            if seen == turns:
                return events[index:]
    return events


def action_call_format(self: RemoteAction, tracker: DialogueStateTracker, domain: Domain) -> dict[str, Any]:
    """``RemoteAction._action_call_format`` with only the recent events of the tracker."""
    result: dict[str, Any] = _original_call_format(self, _RecentEvents(tracker), domain)
    return result


class _RecentEvents:
    """A read-only view of a tracker whose ``current_state`` holds only its recent events."""

    def __init__(self, tracker: DialogueStateTracker) -> None:
        self._tracker = tracker

    def __getattr__(self, name: str) -> Any:
        return getattr(self._tracker, name)

    def current_state(self, event_verbosity: EventVerbosity = EventVerbosity.NONE) -> dict[str, Any]:
        state: dict[str, Any] = self._tracker.current_state(EventVerbosity.NONE)
        if event_verbosity != EventVerbosity.NONE:
            state["events"] = [e.as_dict() for e in recent_events(list(self._tracker.events))]
        return state


_original_call_format = RemoteAction._action_call_format


@functools.lru_cache(maxsize=1)
def action_response_validator() -> Any:
    """The validator of the action server's reply, its schema checked once (what ``jsonschema.validate`` does on
    every call)."""
    schema = RemoteAction.action_response_format_spec()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """``RemoteAction._validate_action_result`` with the validator kept (same result, same error)."""
    error = best_match(action_response_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, make sure your response from the Action endpoint is "
        f"valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


def apply() -> None:
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    RemoteAction._action_call_format = action_call_format  # type: ignore[method-assign,assignment]


__all__ = [
    "ValidationError",
    "action_call_format",
    "action_response_validator",
    "apply",
    "recent_events",
    "validate_action_result",
]
