from __future__ import annotations

from typing import Any

import pytest

from actions.parsing import parse_count


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5, 5),
        (5.0, 5),
        ("5", 5),
        ("vijf", 5),
        ("Wat moet ik doen na 5 B-codes?", 5),
        ("na vijf halve dagen", 5),
        ("een leerling van 15 jaar met 7 B-codes", 7),
        ("12 keer gespijbeld", 12),
        ("een", 1),
        ("een leerling spijbelt", None),
        ("wat nu?", None),
        ("", None),
        (None, None),
        (True, None),
        (-3, None),
        (2.5, None),
        (10_000, None),
    ],
)
def test_parse_count(value: Any, expected: int | None) -> None:
    assert parse_count(value) == expected
