"""The API against its own OpenAPI spec: schemathesis generates requests for every operation of the spec (the chat, the
health, the knowledge and guidance endpoints, the sessions, the feedback, the dashboard and the knowledge reload
with their tokens) and runs all of its checks on each answer (the equivalent of ``schemathesis run --checks all``):
no 5xx, every status code and every body as the spec declares them, the declared constraints are the ones the API
enforces (what the spec allows is accepted, what it forbids is refused), the content types and headers are declared.

The test runs in-process against the ASGI app, on the test knowledge base, with Rasa replaced by a fake at the
edge; one test per operation, a bounded number of examples each (derandomized, so a run is repeatable).

It can fail, and it did: before the spec declared the Dutch error body and the real constraints it found 11
failures (on 9 endpoints the Dutch 422 body did not match the declared ``HTTPValidationError``; an empty
``message`` and an empty ``q`` were allowed by the spec and refused by the API). Once those were fixed it found
more, each fixed in the API or its spec: a body that is not UTF-8 answered an undeclared 400 (now the Dutch 422);
the guidance endpoints took 0 for false, false for 0 and a number of seconds for a date (now each field takes only
its JSON type); rules between fields and the birth date's range were not in the spec (now ``if``/``then`` and a
pattern); the partner lists refused doubles that the spec allowed (now ``uniqueItems``); the dashboard took a
number as a date.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import FailureGroup
from sqlalchemy import Engine

from api.deps import get_rasa_client, get_session
from api.main import create_app
from api.settings import ApiSettings
from tests.api.apps import session_override
from tests.api.fake_rasa import FakeRasa

TOKEN = "fuzz-dashboard-token"
# Bounded: about a minute on two cores for all operations.
MAX_EXAMPLES = 50


# The app is built when the module is read (schemathesis makes one test per operation of its spec); its database
# and its Rasa are set per test below.
APP = create_app(
    ApiSettings(
        rasa_url="http://127.0.0.1:9",
        action_server_url="http://127.0.0.1:9",
        rasa_timeout_seconds=2,
        rate_limit_per_minute=0,
        dashboard_token=TOKEN,
        admin_token=TOKEN,
    )
)
# The checks' defaults, with two additions, each a real rejection the spec declares:
# - a 413 (body larger than MAX_BODY_BYTES) is a rejection of invalid data, like a 422;
# - the dashboard's period ('from' not after 'to', at most 1098 days) is a rule between two parameters, which
#   OpenAPI cannot express: there a 422 may answer data that the spec's types allow (its descriptions say so).
CONFIG = SchemathesisConfig.from_str(
    """
[checks.negative_data_rejection]
expected-statuses = [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429, "5xx"]

[[operations]]
include-path-regex = "^/api/v1/dashboard"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", 401, 403, 404, 409, 422, 429, "5xx"]
"""
)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP, config=CONFIG)


@pytest.fixture(autouse=True)
def _edges(kb_engine: Engine) -> Iterator[None]:
    """The test knowledge base and a fake Rasa."""
    fake = FakeRasa()
    APP.dependency_overrides[get_session] = session_override(kb_engine)
    APP.dependency_overrides[get_rasa_client] = lambda: fake
    yield
    APP.dependency_overrides.clear()


def all_checks() -> list[Any]:
    load_all_checks()
    return list(CHECKS.get_all())


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,  # no .hypothesis directory: derandomized runs need no example database
    suppress_health_check=list(HealthCheck),
)
def test_api_keeps_its_contract(case: Any) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=all_checks())


def test_the_fuzz_test_finds_a_spec_that_lies() -> None:
    """The same checks fail on FastAPI's own spec of this API (the state before this test existed): the Dutch 422
    of an empty ``q`` does not match its ``HTTPValidationError``, and its ``q`` allows the empty string."""
    from fastapi.openapi.utils import get_openapi

    lying_app = create_app(APP.state.settings)
    lying_app.openapi = lambda: get_openapi(title="x", version="0", routes=lying_app.routes)  # type: ignore[method-assign]
    lying = schemathesis.openapi.from_asgi("/openapi.json", lying_app, config=CONFIG)
    operation = lying["/api/v1/search"]["GET"]
    case = operation.Case(query={"q": ""})
    with pytest.raises(FailureGroup) as found:
        case.call_and_validate(checks=all_checks())
    titles = {failure.title for failure in found.value.exceptions}
    assert "Response violates schema" in titles, titles
