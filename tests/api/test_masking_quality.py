"""Masking quality on the labelled messages of tests/api/masking_cases.yml, computed by bench/masking_bench.py:
recall of the personal data at least 0.95, at most 2 masks on text that is not personal data."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from api.privacy import LABELS, find_personal_data, mask_personal_data

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def mb() -> Iterator[Any]:
    sys.path.insert(0, str(BENCH))
    try:
        import masking_bench

        yield masking_bench
    finally:
        sys.path.remove(str(BENCH))


@pytest.fixture(scope="module")
def cases(mb: Any) -> list[Any]:
    return list(mb.load_cases())


def test_the_set_is_large_and_labelled(cases: list[Any]) -> None:
    assert len(cases) >= 60
    with_pii = [c for c in cases if c.pii]
    assert len(with_pii) >= 30 and len(cases) - len(with_pii) >= 30
    labels = {label for c in cases for label, _ in c.pii}
    assert labels == set(LABELS)  # every kind of personal data is in the set
    for case in cases:
        for _, item in case.pii:
            assert item in case.text


def test_recall_and_false_positives(mb: Any, cases: list[Any]) -> None:
    mb.ours("ik heet jan")  # load the word lists first: the time is per message
    result = mb.evaluate(cases, mb.ours)
    print(
        f"\nmasking: recall {result.recall:.3f} ({result.masked}/{result.items}), "
        f"false positives {result.false_positives}, wrong label {result.wrong_label}, "
        f"{result.ms_per_message:.2f} ms per message"
    )
    assert result.recall >= 0.95, result.missed
    assert result.false_positives <= 2, result.spurious


def test_the_evaluation_counts_misses_and_false_positives(mb: Any) -> None:
    """The measure itself: a finder that masks nothing has recall 0, one that masks everything has false positives."""
    cases = [mb.Case("bel 0470 12 34 56", (("telefoonnummer", "0470 12 34 56"),)), mb.Case("5 B-codes", ())]
    nothing = mb.evaluate(cases, lambda text: [])
    assert (nothing.recall, nothing.false_positives) == (0.0, 0)
    everything = mb.evaluate(cases, lambda text: [(0, len(text), "naam")])
    assert (everything.recall, everything.false_positives, everything.wrong_label) == (1.0, 1, 1)
    half = mb.evaluate(cases, lambda text: [(4, 8, "telefoonnummer")] if text.startswith("bel") else [])
    assert half.recall == 0.0  # a number half masked is not masked


def test_masking_is_idempotent_on_every_message(cases: list[Any]) -> None:
    for case in cases:
        once = mask_personal_data(case.text)
        assert mask_personal_data(once) == once
        assert find_personal_data(once) == []


def test_masks_replace_exactly_the_personal_data(cases: list[Any]) -> None:
    case = next(c for c in cases if len(c.pii) == 4)
    masked = mask_personal_data(case.text)
    for label, item in case.pii:
        assert item not in masked
        assert LABELS[label] in masked


def _training_messages() -> list[str]:
    """The example messages of the NLU data, the NLU test set and the answer benchmarks: normal questions."""
    root = Path(__file__).resolve().parents[2]
    files = [*sorted((root / "data" / "nlu").glob("*.yml")), root / "tests" / "rasa" / "nlu_test.yml"]
    files += [root / "bench" / "questions.yml", root / "bench" / "dev_questions.yml"]
    annotation = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")
    messages: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "examples" and isinstance(value, str):
                    lines = (line.strip() for line in value.splitlines())
                    messages.extend(annotation.sub(r"\1", line[2:]) for line in lines if line.startswith("- "))
                elif key in ("text", "question") and isinstance(value, str):
                    messages.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in files:
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return messages


def test_normal_questions_are_left_alone() -> None:
    """Thousands of questions as users ask them (the NLU and benchmark data, without personal data): masking
    touches almost none. Their few names ("juf Ilse") are not there; a mask on one of them is a false positive."""
    messages = _training_messages()
    assert len(messages) > 5000
    masked = [(m, mask_personal_data(m)) for m in messages if find_personal_data(m)]
    print(f"\nnormal questions masked: {len(masked)} of {len(messages)}")
    assert len(masked) <= 3, masked


def test_masking_leaves_every_danger_message_to_the_safety_check() -> None:
    """The API masks a message before Rasa's safety gate reads it: masking must never hide danger. Each of the
    safety check's danger messages is left as it is, and still triggers with its category."""
    from knowledge import safety
    from tests.knowledge.test_safety import DANGER

    for category, texts in DANGER.items():
        for text in texts:
            masked = mask_personal_data(text)
            assert masked == text, (text, masked)
            match = safety.check(masked)
            assert match is not None and match.category == category, text
