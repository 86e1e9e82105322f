"""The pure parts of the NLU pipeline comparison (bench/nlu_pipelines.py): scores, config variants, the threshold
table. The comparison itself needs .venv-rasa and takes an hour."""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO / "bench"


@pytest.fixture(scope="module")
def np() -> Iterator[Any]:
    sys.path.insert(0, str(BENCH))
    try:
        import nlu_pipelines

        yield nlu_pipelines
    finally:
        sys.path.remove(str(BENCH))


@pytest.fixture(scope="module")
def base() -> dict[str, Any]:
    config: dict[str, Any] = yaml.safe_load((REPO / "config.yml").read_text(encoding="utf-8"))
    return config


def names(pipeline: list[dict[str, Any]]) -> list[str]:
    return [c["name"] for c in pipeline]


def test_scores_count_only_expected_intents(np: Any) -> None:
    accuracy, f1 = np.scores(["a", "a", "b", "c"], ["a", "b", "b", "nlu_fallback"])
    assert accuracy == 0.5
    # a: precision 1, recall 1/2; b: precision 1/2, recall 1; c: never predicted, F1 0; nlu_fallback has no support
    assert f1 == pytest.approx((2 / 3 + 2 / 3 + 0) / 3)
    assert np.scores(["a"], ["a"]) == (1.0, 1.0)
    with pytest.raises(ValueError):
        np.scores(["a"], [])


def test_macro_f1_of_a_rasa_report_skips_unsupported_rows_and_averages(np: Any) -> None:
    report = {
        "greet": {"f1-score": 0.8, "support": 10},
        "thank": {"f1-score": 0.6, "support": 5},
        "nlu_fallback": {"f1-score": 0.0, "support": 0},
        "macro avg": {"f1-score": 0.1, "support": 15},
        "weighted avg": {"f1-score": 0.1, "support": 15},
        "accuracy": 0.7,
    }
    assert np.macro_f1(report) == pytest.approx(0.7)


def test_every_variant_keeps_the_custom_components_and_leaves_the_base_alone(np: Any, base: dict[str, Any]) -> None:
    before = yaml.safe_dump(base)
    custom = [n for n in names(base["pipeline"]) if n.startswith("bot.components.")]
    assert len(custom) == 4
    for name in np.VARIANT_NAMES:
        config = np.variant_config(base, name)
        assert [n for n in names(config["pipeline"]) if n.startswith("bot.")] == custom, name
        assert config["policies"] == base["policies"]
    assert yaml.safe_dump(base) == before
    assert np.variant_config(base, "current") == base
    with pytest.raises(KeyError):
        np.variant_config(base, "bert")


def test_variant_changes(np: Any, base: dict[str, Any]) -> None:
    whitespace = np.variant_config(base, "whitespace")["pipeline"]
    assert "SpacyNLP" not in names(whitespace) and "SpacyTokenizer" not in names(whitespace)
    assert names(whitespace)[0] == "WhitespaceTokenizer"
    assert np._word_vectors(whitespace)["use_lemma"] is False
    assert np._word_vectors(np.variant_config(base, "no-lemma")["pipeline"])["use_lemma"] is False
    for name, low, high in (("char-1-4", 1, 4), ("char-2-5", 2, 5), ("char-3-5", 3, 5)):
        char = np._char_vectors(np.variant_config(base, name)["pipeline"])
        assert (char["min_ngram"], char["max_ngram"]) == (low, high)
    word = np._word_vectors(np.variant_config(base, "word-1-2")["pipeline"])
    assert (word["min_ngram"], word["max_ngram"], word["use_lemma"]) == (1, 2, True)
    diet = np.variant_config(base, "diet-100-small")["pipeline"]
    assert "LogisticRegressionClassifier" not in names(diet)
    (classifier,) = (c for c in diet if c["name"] == "DIETClassifier")
    assert classifier["epochs"] == 100 and classifier["number_of_transformer_layers"] == 0
    assert classifier["entity_recognition"] is False and classifier["hidden_layers_sizes"] == {"text": [128]}
    assert names(diet).index("DIETClassifier") < names(diet).index("FallbackClassifier")
    spacy_sm = np.variant_config(base, "spacy-sm")["pipeline"]
    assert spacy_sm[names(spacy_sm).index("SpacyNLP")]["model"] == "nl_core_news_sm"
    fallback = np.variant_config(base, "fallback")["pipeline"]
    assert fallback[names(fallback).index("FallbackClassifier")] == {
        "name": "FallbackClassifier",
        "threshold": 0.0,
        "ambiguity_threshold": 0.0,
    }


def test_threshold_table(np: Any) -> None:
    pairs = [(0.2, True), (0.3, False), (0.4, True), (0.9, True)]
    rows = np.threshold_table(pairs, (0.25, 0.35, 0.5, 0.95))
    assert [r.threshold for r in rows] == [0.25, 0.35, 0.5, 0.95]
    assert [r.fallback_share for r in rows] == [0.25, 0.5, 0.75, 1.0]
    assert [r.kept_accuracy for r in rows[:3]] == [pytest.approx(2 / 3), 1.0, 1.0]
    assert math.isnan(rows[3].kept_accuracy)
    assert [r.accuracy for r in rows] == [0.5, 0.5, 0.25, 0.0]
    assert np.threshold_table([], (0.3,))[0].fallback_share == 0.0


def test_fallback_pairs_send_an_unknown_words_fallback_to_fallback_at_any_threshold(np: Any) -> None:
    parsed = [
        {"expected": "greet", "final": "greet", "predicted": "greet", "confidence": 0.6, "margin": 0.3},
        {"expected": "greet", "final": "nlu_fallback", "predicted": "greet", "confidence": 0.9, "margin": 0.8},
        {"expected": "thank", "final": "greet", "predicted": "greet", "confidence": 0.4, "margin": 0.1},
    ]
    assert np.fallback_pairs(parsed) == [(0.6, True), (0.0, True), (0.4, False)]


def test_percentile_is_linear_between_ranks(np: Any) -> None:
    assert np.percentile([5.0, 1.0, 3.0, 2.0, 4.0], 95) == pytest.approx(4.8)
    assert np.percentile([7.0], 95) == 7.0
    assert math.isnan(np.percentile([], 95))


def test_tables_have_one_column_per_header(np: Any) -> None:
    results = [
        {"name": "current", "cv_macro_f1": 0.81, "cv_accuracy": 0.8, "test_macro_f1": 0.93, "test_accuracy": 0.92,
         "train_seconds": 50.0, "ms_mean": 6.3, "ms_p95": 8.2, "test_fallback_share": 0.05, "cv_seconds": 300.0},
        {"name": "spacy-sm", "skipped": "niet installeerbaar"},
        {"name": "fallback", "parsed": [{"expected": "a", "final": "a", "predicted": "a", "confidence": 0.5,
                                         "margin": 0.5}]},
    ]  # fmt: skip
    rows = np.table_rows(results[:2])
    assert all(len(row) == len(np.HEADERS) for row in rows)
    assert rows[0][1:5] == ["0.810", "0.800", "0.930", "0.920"]
    markdown = np.report(results, markdown=True)
    assert markdown.count("| current |") == 1 and "| 0.30 | 0.0% | 1.000 | 1.000 |" in markdown
    assert "nauwk. zonder fallback" in np.report(results, markdown=False)


def test_the_parse_script_is_valid_python(np: Any) -> None:
    compile(np.PARSE_SCRIPT, "parse", "exec")
    compile(np.SPACY_SM_CHECK, "check", "exec")
