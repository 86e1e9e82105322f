"""bot/rasa_speedups.py (in .venv-rasa): the action server's reply is validated exactly as Rasa does it, with the
schema checked only once."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"

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
    if not RASA_PYTHON.exists():
        pytest.skip(".venv-rasa is not installed (make setup)")
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", SCRIPT, json.dumps(CASES)],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "TF_CPP_MIN_LOG_LEVEL": "3"},
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    data: dict[str, list[list[object]] | int] = json.loads(done.stdout.strip().splitlines()[-1])
    return data


def test_same_outcome_and_message_as_rasa(result: dict[str, list[list[object]] | int]) -> None:
    before, after = result["before"], result["after"]
    assert isinstance(before, list)
    assert [o[0] for o in before] == ["ok"] * 4 + ["error"] * 4
    assert after == before


def test_the_schema_is_checked_once(result: dict[str, list[list[object]] | int]) -> None:
    assert result["again"] == result["after"]
    assert result["checks"] == 1
