"""Changes to Rasa 3.6 that keep its behaviour and remove work a profile showed to be wasted. Runs in .venv-rasa;
applied by bot/rasa_run.py before the server starts.

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


__all__ = ["ValidationError", "action_response_validator", "apply", "validate_action_result"]
