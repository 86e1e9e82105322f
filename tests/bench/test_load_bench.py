"""The pure parts of bench/load_bench.py: percentiles, the replay schedule, the ports, the conversations."""

from __future__ import annotations

import pytest

from bench import load_bench


@pytest.mark.parametrize(
    ("values", "pct", "expected"),
    [
        ([], 95, 0.0),
        ([5.0], 50, 5.0),
        ([1.0, 2.0, 3.0, 4.0, 5.0], 50, 3.0),
        (list(map(float, range(1, 101))), 95, 95.0),
    ],
)
def test_percentile(values: list[float], pct: float, expected: float) -> None:
    assert load_bench.percentile(values, pct) == expected


def test_the_conversations_are_the_test_conversations() -> None:
    conversations = load_bench.load_conversations()
    assert len(conversations) == 60 and sum(len(c.messages) for c in conversations) == 202
    assert {c.role for c in conversations} >= {"staff", "parent", "youth", None}


def test_schedule_gives_every_session_several_conversations() -> None:
    conversations = load_bench.load_conversations()
    assert load_bench.schedule(conversations, 1) == conversations
    assert len(load_bench.schedule(conversations, 10)) == 3 * 60
    assert len(load_bench.schedule(conversations, 50)) == 3 * 60
    assert len(load_bench.schedule(conversations, 100)) == 5 * 60


def test_ports_for_one_and_two_instances() -> None:
    assert set(load_bench.ports_for(1)) == {"actions", "rasa", "api"}
    two = load_bench.ports_for(2)
    assert set(two) == {"actions-1", "actions-2", "rasa-1", "rasa-2", "api"}
    assert len(set(two.values())) == 5
