"""bot/rasa_speedups.py (in .venv-rasa): the action server's reply is validated exactly as Rasa does it, with the
schema checked only once."""

from __future__ import annotations

import json

import pytest

from tests.bot.rasa_script import run_in_rasa

# Replies of an action server: valid ones, and each way the schema can refuse one.
CASES = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "role", "value": "staff"}], "responses": [{"text": "Hallo"}]},
    {"events": [{"event": "followup", "name": "action_x"}], "responses": [{"text": "a", "buttons": []}]},
    {},  # both parts are optional
    {"events": [{"name": "role"}], "responses": []},
    {"events": "geen lijst", "responses": []},
    {"events": [{"event": 3}], "responses": []},
    {"events": [], "responses": "geen lijst"},
]

SCRIPT = """
import json, sys
import jsonschema
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from bot import rasa_speedups

def outcome(validate, case):
    try:
        return ["ok", validate(action, case)]
    except ValidationError as error:
        return ["error", error.message]

action = RemoteAction("action_x", None)
original = RemoteAction._validate_action_result
cases = json.loads(sys.argv[1])
before = [outcome(original, c) for c in cases]
rasa_speedups.apply()
checks = []
for cls in {jsonschema.validators.validator_for(RemoteAction.action_response_format_spec())}:
    def counting(schema, _real=cls.check_schema):
        checks.append(1)
        return _real(schema)
    cls.check_schema = staticmethod(counting)
rasa_speedups.action_response_validator.cache_clear()
after = [outcome(RemoteAction._validate_action_result, c) for c in cases * 3]
n = len(cases)
print(json.dumps({"before": before, "after": after[:n], "again": after[n : 2 * n], "checks": len(checks)}))
"""


@pytest.fixture(scope="module")
def result() -> dict[str, list[list[object]] | int]:
    data: dict[str, list[list[object]] | int] = run_in_rasa(SCRIPT, json.dumps(CASES))
    return data


def test_same_outcome_and_message_as_rasa(result: dict[str, list[list[object]] | int]) -> None:
    before, after = result["before"], result["after"]
    assert isinstance(before, list)
    assert [o[0] for o in before] == ["ok"] * 4 + ["error"] * 4
    assert after == before


def test_the_schema_is_checked_once(result: dict[str, list[list[object]] | int]) -> None:
    assert result["again"] == result["after"]
    assert result["checks"] == 1


CALL_SCRIPT = """
import json
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig
from bot import rasa_speedups

domain = Domain.load("domain.yml")
action = RemoteAction("action_answer", EndpointConfig("http://127.0.0.1:9/webhook"))

def tracker(turns):
    t = DialogueStateTracker.from_events("s", [ActionExecuted("action_listen")], domain.slots)
    for n in range(turns):
        for event in (UserUttered(f"vraag {n}", {"name": "ask", "confidence": 1.0}), SlotSet("role", "staff"),
                      ActionExecuted("action_answer"), BotUttered(f"antwoord {n}"), ActionExecuted("action_listen")):
            t.update(event)
    t.update(UserUttered("laatste", {"name": "ask", "confidence": 1.0}))
    t.update(SlotSet("aantal", "5"))
    return t

out = {}
for turns in (2, 12):
    t = tracker(turns)
    before = RemoteAction._action_call_format(action, t, domain)
    rasa_speedups.apply()
    after = RemoteAction._action_call_format(action, t, domain)
    RemoteAction._action_call_format = rasa_speedups._original_call_format
    out[turns] = {"before": before, "after": after}
print(json.dumps(out, default=str))
"""


@pytest.fixture(scope="module")
def calls() -> dict[str, dict[str, dict[str, object]]]:
    data: dict[str, dict[str, dict[str, object]]] = run_in_rasa(CALL_SCRIPT)
    return data


def test_a_short_conversation_is_sent_as_rasa_sends_it(calls: dict[str, dict[str, dict[str, object]]]) -> None:
    assert calls["2"]["after"] == calls["2"]["before"]


def test_a_long_conversation_sends_its_last_five_user_messages(calls: dict[str, dict[str, dict[str, object]]]) -> None:
    before, after = calls["12"]["before"], calls["12"]["after"]
    assert {k: v for k, v in after.items() if k != "tracker"} == {k: v for k, v in before.items() if k != "tracker"}
    tracker_before, tracker_after = before["tracker"], after["tracker"]
    assert isinstance(tracker_before, dict) and isinstance(tracker_after, dict)
    rest = {k: v for k, v in tracker_after.items() if k != "events"}
    assert rest == {k: v for k, v in tracker_before.items() if k != "events"}
    assert rest["slots"]["aantal"] == "5" and rest["latest_message"]["text"] == "laatste"  # type: ignore[index]
    events_before, events_after = tracker_before["events"], tracker_after["events"]
    users = [e["text"] for e in events_after if e["event"] == "user"]
    assert users == ["vraag 8", "vraag 9", "vraag 10", "vraag 11", "laatste"]
    assert events_after == events_before[-len(events_after) :]
    assert events_after[-1] == {**events_after[-1], "event": "slot", "name": "aantal"}
