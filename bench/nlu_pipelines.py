"""NLU pipeline comparison: variants of config.yml, each by cross-validation, the NLU test set, training and parse time.

    .venv/bin/python bench/nlu_pipelines.py [--variants current,whitespace,...] [--folds 5] [--quick]
        [--markdown FILE] [--results FILE] [--resume] [--lock FILE]

Every variant is config.yml with a part of its pipeline replaced (written to a temporary config). Per variant, in
.venv-rasa: `rasa test nlu --cross-validation` on data/ (macro F1 over the intents with support, and accuracy),
`rasa train nlu` on data/ (timed), then the trained model is loaded once and every message of
tests/rasa/nlu_test.yml is parsed (test-set macro F1 and accuracy, and milliseconds per message). The variant
`fallback` trains config.yml with FallbackClassifier at threshold 0 and reads, for a range of thresholds, how many
test messages would go to nlu_fallback (the knowledge search answers those) and how accurate the rest is.

`nl_core_news_sm` (variant `spacy-sm`) is skipped when it is not installed in .venv-rasa: it is not on PyPI, and
`spacy download` fetches it from GitHub, which this machine cannot reach.

With --lock FILE every heavy step waits for an exclusive flock on FILE (the timings start after the lock is held),
so that the benchmark never overlaps with another measurement on a shared machine. Results of finished variants
are kept in --results (JSON); --resume skips the variants already there.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import fcntl
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
RASA = REPO / ".venv-rasa" / "bin" / "rasa"
RASA_PY = REPO / ".venv-rasa" / "bin" / "python"
TEST_SET = REPO / "tests" / "rasa" / "nlu_test.yml"
DEFAULT_RESULTS = REPO / "results" / "nlu_pipelines.json"
THRESHOLDS = (0.25, 0.30, 0.35, 0.40, 0.45, 0.50)
FALLBACK_INTENT = "nlu_fallback"
SPACY_SM = "nl_core_news_sm"
AVERAGES = ("macro avg", "weighted avg", "micro avg")

Pipeline = list[dict[str, Any]]


# --- variants of config.yml -----------------------------------------------------------------------------------------


def _index(pipeline: Pipeline, name: str, **match: Any) -> int:
    for i, component in enumerate(pipeline):
        if component.get("name") == name and all(component.get(k) == v for k, v in match.items()):
            return i
    raise KeyError(f"{name} {match or ''} not in the pipeline")


def _word_vectors(pipeline: Pipeline) -> dict[str, Any]:
    """The CountVectorsFeaturizer on words (the one without a char analyzer)."""
    return next(
        c
        for c in pipeline
        if c.get("name") == "CountVectorsFeaturizer" and c.get("analyzer", "word") == "word"  # word is Rasa's default
    )


def _char_vectors(pipeline: Pipeline) -> dict[str, Any]:
    return pipeline[_index(pipeline, "CountVectorsFeaturizer", analyzer="char_wb")]


def _whitespace(pipeline: Pipeline) -> None:
    del pipeline[_index(pipeline, "SpacyNLP")]
    pipeline[_index(pipeline, "SpacyTokenizer")] = {"name": "WhitespaceTokenizer"}
    _word_vectors(pipeline)["use_lemma"] = False  # whitespace tokens have no lemma


def _no_lemma(pipeline: Pipeline) -> None:
    _word_vectors(pipeline)["use_lemma"] = False


def _char(low: int, high: int) -> Callable[[Pipeline], None]:
    def change(pipeline: Pipeline) -> None:
        _char_vectors(pipeline).update(min_ngram=low, max_ngram=high)

    return change


def _word_bigrams(pipeline: Pipeline) -> None:
    _word_vectors(pipeline).update(min_ngram=1, max_ngram=2)


def _diet(epochs: int, hidden: list[int]) -> Callable[[Pipeline], None]:
    def change(pipeline: Pipeline) -> None:
        pipeline[_index(pipeline, "LogisticRegressionClassifier")] = {
            "name": "DIETClassifier",
            "epochs": epochs,
            "entity_recognition": False,
            "number_of_transformer_layers": 0,
            "hidden_layers_sizes": {"text": hidden},
            "random_seed": 42,
            "constrain_similarities": True,
            "model_confidence": "softmax",
        }

    return change


def _spacy_sm(pipeline: Pipeline) -> None:
    pipeline[_index(pipeline, "SpacyNLP")]["model"] = SPACY_SM


def _fallback_zero(pipeline: Pipeline) -> None:
    pipeline[_index(pipeline, "FallbackClassifier")].update(threshold=0.0, ambiguity_threshold=0.0)


@dataclass(frozen=True)
class Variant:
    name: str
    description: str
    change: Callable[[Pipeline], None]
    cross_validate: bool = True


VARIANTS: tuple[Variant, ...] = (
    Variant("current", "config.yml zoals hij is", lambda pipeline: None),
    Variant("fallback", "config.yml met FallbackClassifier-drempel 0 (drempeltabel)", _fallback_zero, False),
    Variant("spacy-sm", f"spaCy {SPACY_SM} i.p.v. de lege Nederlandse pijplijn", _spacy_sm),
    Variant("whitespace", "WhitespaceTokenizer i.p.v. SpacyNLP + SpacyTokenizer (geen lemma's)", _whitespace),
    Variant("no-lemma", "spaCy, woordkenmerken zonder lemma (use_lemma: false)", _no_lemma),
    Variant("char-1-4", "char_wb 1-4 i.p.v. 2-4", _char(1, 4)),
    Variant("char-2-5", "char_wb 2-5 i.p.v. 2-4", _char(2, 5)),
    Variant("char-3-5", "char_wb 3-5 i.p.v. 2-4", _char(3, 5)),
    Variant("word-1-2", "woorden 1-2-grammen i.p.v. 1-grammen", _word_bigrams),
    Variant("diet-50", "DIET 50 epochs, geen transformer, verborgen lagen [256, 128]", _diet(50, [256, 128])),
    Variant("diet-100", "DIET 100 epochs, geen transformer, verborgen lagen [256, 128]", _diet(100, [256, 128])),
    Variant("diet-100-small", "DIET 100 epochs, geen transformer, verborgen laag [128]", _diet(100, [128])),
    Variant("diet-100-large", "DIET 100 epochs, geen transformer, verborgen lagen [512, 256]", _diet(100, [512, 256])),
)
VARIANT_NAMES = tuple(v.name for v in VARIANTS)


def variant_config(base: dict[str, Any], name: str) -> dict[str, Any]:
    """config.yml (parsed) with the pipeline change of variant `name`; `base` is left as it is."""
    variant = next((v for v in VARIANTS if v.name == name), None)
    if variant is None:
        raise KeyError(f"unknown variant {name}; known: {', '.join(VARIANT_NAMES)}")
    config = copy.deepcopy(base)
    variant.change(config["pipeline"])
    return config


# --- scores ---------------------------------------------------------------------------------------------------------


def macro_f1(report: dict[str, Any]) -> float:
    """Macro F1 of a Rasa intent report over the intents with support (as bot/rasa_test.sh and bench/nlu_cv.py)."""
    rows = [
        row for name, row in report.items() if isinstance(row, dict) and row.get("support") and name not in AVERAGES
    ]
    return sum(float(r["f1-score"]) for r in rows) / max(len(rows), 1)


def scores(expected: Sequence[str], predicted: Sequence[str]) -> tuple[float, float]:
    """(accuracy, macro F1 over the expected intents), the same figures as Rasa's intent report gives (an intent
    that is only predicted, such as nlu_fallback, has no support and does not count; its misses lower recall)."""
    if len(expected) != len(predicted):
        raise ValueError("expected and predicted differ in length")
    if not expected:
        return 0.0, 0.0
    accuracy = sum(e == p for e, p in zip(expected, predicted, strict=True)) / len(expected)
    f1s = []
    for intent in sorted(set(expected)):
        hits = sum(e == p == intent for e, p in zip(expected, predicted, strict=True))
        support = sum(e == intent for e in expected)
        predicted_as = sum(p == intent for p in predicted)
        precision = hits / predicted_as if predicted_as else 0.0
        recall = hits / support
        f1s.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return accuracy, sum(f1s) / len(f1s)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), linear between the closest ranks (numpy's default)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class ThresholdRow:
    threshold: float
    fallback_share: float  # messages sent to nlu_fallback
    kept_accuracy: float  # accuracy of the messages that are not
    accuracy: float  # accuracy over all messages, a fallback counted as wrong


def threshold_table(
    pairs: Sequence[tuple[float, bool]], thresholds: Sequence[float] = THRESHOLDS
) -> list[ThresholdRow]:
    """For (confidence, correct) per message: what a FallbackClassifier threshold does (below it: fallback)."""
    rows = []
    for threshold in thresholds:
        kept = [correct for confidence, correct in pairs if confidence >= threshold]
        total = max(len(pairs), 1)
        rows.append(
            ThresholdRow(
                threshold=threshold,
                fallback_share=(len(pairs) - len(kept)) / total,
                kept_accuracy=sum(kept) / len(kept) if kept else math.nan,
                accuracy=sum(kept) / total,
            )
        )
    return rows


# --- running Rasa ---------------------------------------------------------------------------------------------------

# Runs in .venv-rasa: loads the model once and parses every message of the test set. Per message: the expected intent,
# the final intent (nlu_fallback included) and the predicted one as `rasa test nlu` counts it (a fallback undone:
# the intent ranked next, rasa.nlu.test), its confidence, its margin to the next intent, and the parse time.
PARSE_SCRIPT = r"""
import asyncio, json, logging, sys, time
from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.nlu.classifiers.fallback_classifier import is_fallback_classifier_prediction, undo_fallback_prediction
from rasa.shared.nlu.training_data.loading import load_data
from rasa.utils.log_utils import configure_structlog

configure_structlog(logging.WARNING)
model, test_file, out = sys.argv[1:4]
examples = [(m.get("text"), m.get("intent")) for m in load_data(test_file).intent_examples]

async def main():
    agent = Agent.load(model)
    await agent.processor.parse_message(UserMessage("hallo"))  # warm-up, not timed
    rows = []
    for text, intent in examples:
        start = time.perf_counter()
        parsed = await agent.processor.parse_message(UserMessage(text))
        seconds = time.perf_counter() - start
        final = parsed["intent"]["name"]
        if is_fallback_classifier_prediction(parsed):
            parsed = undo_fallback_prediction(parsed)
        ranking = [float(r.get("confidence") or 0.0) for r in parsed.get("intent_ranking") or []] + [0.0, 0.0]
        rows.append({
            "expected": intent, "final": final, "predicted": parsed["intent"]["name"],
            "confidence": float(parsed["intent"].get("confidence") or 0.0),
            "margin": ranking[0] - ranking[1], "ms": seconds * 1000,
        })
    json.dump(rows, open(out, "w"))

asyncio.run(main())
"""

SPACY_SM_CHECK = f"import spacy.util, sys; sys.exit(0 if spacy.util.is_package('{SPACY_SM}') else 1)"
SPACY_SM_REASON = (
    f"{SPACY_SM} is niet geïnstalleerd en kan hier niet geïnstalleerd worden: het staat niet op PyPI "
    "(pip vindt geen versie) en `spacy download` haalt het van GitHub, dat deze machine niet bereikt"
)


def rasa_env(cache: Path) -> dict[str, str]:
    """The environment of bot/rasa_env.sh, with a fresh training cache (so training time is not a cache hit)."""
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        TF_CPP_MIN_LOG_LEVEL="2",
        PYTHONWARNINGS="ignore::DeprecationWarning,ignore::PendingDeprecationWarning",
        LOG_LEVEL_LIBRARIES="ERROR",
        PYTHONPATH=str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else ""),
        RASA_CACHE_DIRECTORY=str(cache),
    )
    return env


@contextlib.contextmanager
def cpu_lock(path: str | None) -> Iterator[None]:
    """An exclusive flock on `path` (the same lock as `flock FILE command`), or nothing without a path."""
    if not path:
        yield
        return
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class RasaError(RuntimeError):
    pass


def run(command: list[str], env: dict[str, str], lock: str | None) -> float:
    """Runs a heavy command under the lock; the seconds it took once the lock was held."""
    with cpu_lock(lock):
        start = time.monotonic()
        done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=False)
        seconds = time.monotonic() - start
    if done.returncode != 0:
        raise RasaError(f"{' '.join(command[:4])} ...: {done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return seconds


def run_variant(variant: Variant, base: dict[str, Any], folds: int, lock: str | None) -> dict[str, Any]:
    result: dict[str, Any] = {"name": variant.name, "description": variant.description}
    with tempfile.TemporaryDirectory(prefix="nlu-pipelines-") as tmp:
        work = Path(tmp)
        config = work / "config.yml"
        config.write_text(yaml.safe_dump(variant_config(base, variant.name), sort_keys=False), encoding="utf-8")
        env = rasa_env(work / "cache")
        if variant.cross_validate:
            out = work / "cv"
            result["cv_seconds"] = run(
                [str(RASA), "test", "nlu", "--nlu", "data", "--config", str(config),
                 "--cross-validation", "--folds", str(folds), "--out", str(out), "--quiet"],
                env, lock,
            )  # fmt: skip
            report = json.loads((out / "intent_report.json").read_text(encoding="utf-8"))
            result.update(cv_folds=folds, cv_accuracy=float(report["accuracy"]), cv_macro_f1=macro_f1(report))
        result["train_seconds"] = run(
            [str(RASA), "train", "nlu", "--nlu", "data", "--config", str(config), "--out", str(work / "models"),
             "--fixed-model-name", "nlu", "--quiet"],
            env, lock,
        )  # fmt: skip
        parsed_file = work / "parsed.json"
        model = work / "models" / "nlu.tar.gz"
        run([str(RASA_PY), "-c", PARSE_SCRIPT, str(model), str(TEST_SET), str(parsed_file)], env, lock)
        parsed = json.loads(parsed_file.read_text(encoding="utf-8"))
    expected = [row["expected"] for row in parsed]
    predicted = [row["predicted"] for row in parsed]
    result["test_accuracy"], result["test_macro_f1"] = scores(expected, predicted)
    millis = [float(row["ms"]) for row in parsed]
    result.update(messages=len(parsed), ms_mean=sum(millis) / len(millis), ms_p95=percentile(millis, 95))
    result["test_fallback_share"] = sum(row["final"] == FALLBACK_INTENT for row in parsed) / max(len(parsed), 1)
    if variant.name == "fallback":
        result["parsed"] = parsed
    return result


# --- reporting ------------------------------------------------------------------------------------------------------

HEADERS = (
    "variant", "CV macro-F1", "CV nauwk.", "test macro-F1", "test nauwk.", "training (s)",
    "ms/bericht gem.", "ms/bericht p95", "test naar fallback", "CV-duur (s)",
)  # fmt: skip


def _figure(result: dict[str, Any], key: str, digits: int) -> str:
    value = result.get(key)
    return "–" if value is None else f"{value:.{digits}f}"


def table_rows(results: Sequence[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for r in results:
        if r.get("skipped"):
            rows.append([r["name"], "overgeslagen: " + r["skipped"], *[""] * (len(HEADERS) - 2)])
            continue
        rows.append(
            [
                r["name"],
                _figure(r, "cv_macro_f1", 3),
                _figure(r, "cv_accuracy", 3),
                _figure(r, "test_macro_f1", 3),
                _figure(r, "test_accuracy", 3),
                _figure(r, "train_seconds", 0),
                _figure(r, "ms_mean", 1),
                _figure(r, "ms_p95", 1),
                "–" if r.get("test_fallback_share") is None else f"{r['test_fallback_share']:.1%}",
                _figure(r, "cv_seconds", 0),
            ]
        )
    return rows


def fallback_pairs(parsed: Sequence[dict[str, Any]]) -> list[tuple[float, bool]]:
    """(confidence, correct) per message, parsed with threshold 0. A message that is nlu_fallback even so (the
    unknown-words component) goes to fallback at any threshold: confidence 0."""
    return [
        (0.0 if row["final"] == FALLBACK_INTENT else float(row["confidence"]), row["predicted"] == row["expected"])
        for row in parsed
    ]


def threshold_rows(parsed: Sequence[dict[str, Any]]) -> list[list[str]]:
    return [
        [f"{row.threshold:.2f}", f"{row.fallback_share:.1%}", f"{row.kept_accuracy:.3f}", f"{row.accuracy:.3f}"]
        for row in threshold_table(fallback_pairs(parsed))
    ]


THRESHOLD_HEADERS = ("drempel", "naar fallback", "nauwk. zonder fallback", "nauwk. (fallback = fout)")


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines += ["  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(line.rstrip() for line in lines)


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def report(results: Sequence[dict[str, Any]], markdown: bool) -> str:
    table = markdown_table if markdown else text_table
    compared = [r for r in results if r["name"] != "fallback"]
    parts = [table(HEADERS, table_rows(compared))]
    fallback = next((r for r in results if r["name"] == "fallback" and "parsed" in r), None)
    if fallback is not None:
        parsed = fallback["parsed"]
        ambiguous = sum(1 for row in parsed if row["confidence"] >= 0.35 and row["margin"] < 0.05)
        parts.append(
            f"Drempel van de FallbackClassifier op de NLU-testset ({len(parsed)} berichten, huidige pijplijn "
            f"getraind met drempel 0):\n\n" + table(THRESHOLD_HEADERS, threshold_rows(parsed))
            + f"\n\nDe ambiguïteitsregel (verschil < 0.05 met het tweede intent) stuurt bij drempel 0.35 nog "
            f"{ambiguous} bericht(en) extra naar fallback (niet in de tabel)."
        )  # fmt: skip
    return "\n\n".join(parts) + "\n"


# --- main -----------------------------------------------------------------------------------------------------------


def _load_results(path: Path) -> dict[str, dict[str, Any]]:
    if not path.exists():
        return {}
    return {r["name"]: r for r in json.loads(path.read_text(encoding="utf-8"))}


def _save_results(path: Path, results: dict[str, dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(list(results.values()), indent=1, ensure_ascii=False), encoding="utf-8")


def _spacy_sm_installed() -> bool:
    return subprocess.run([str(RASA_PY), "-c", SPACY_SM_CHECK], capture_output=True, check=False).returncode == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--variants", default=",".join(VARIANT_NAMES), help="comma-separated; default: all")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="smoke run: 2 folds")
    parser.add_argument("--config", default="config.yml")
    parser.add_argument("--markdown", metavar="FILE", help="also write the tables as Markdown")
    parser.add_argument("--results", metavar="FILE", default=str(DEFAULT_RESULTS), help="JSON of the results")
    parser.add_argument("--resume", action="store_true", help="skip variants already in --results")
    parser.add_argument("--lock", metavar="FILE", help="flock FILE around every heavy step")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.variants.split(",") if n.strip()]
    unknown = [n for n in names if n not in VARIANT_NAMES]
    if unknown:
        print(f"Onbekende variant(en): {', '.join(unknown)}. Bekend: {', '.join(VARIANT_NAMES)}.", file=sys.stderr)
        return 2
    if not RASA.exists():
        print("bench/nlu_pipelines.py: .venv-rasa ontbreekt; voer eerst `make setup` uit.", file=sys.stderr)
        return 1
    folds = 2 if args.quick else args.folds
    base = yaml.safe_load((REPO / args.config).read_text(encoding="utf-8"))
    results_file = Path(args.results)
    results = _load_results(results_file) if args.resume else {}
    failed: list[str] = []
    for variant in (v for v in VARIANTS if v.name in names):
        if variant.name in results:
            print(f"== {variant.name}: al gemeten ({results_file}), overgeslagen")
            continue
        print(f"== {variant.name}: {variant.description}", flush=True)
        if variant.name == "spacy-sm" and not _spacy_sm_installed():
            print(f"   overgeslagen: {SPACY_SM_REASON}.", flush=True)
            results[variant.name] = {"name": variant.name, "skipped": f"{SPACY_SM} niet installeerbaar (zie README)"}
            continue
        try:
            result = run_variant(variant, base, folds, args.lock)
        except RasaError as exc:  # one failing variant does not stop the others; it is not saved, --resume retries it
            print(f"   FOUT: {exc}", file=sys.stderr, flush=True)
            failed.append(variant.name)
            continue
        results[variant.name] = result
        _save_results(results_file, results)
        print("   " + text_table(HEADERS, table_rows([result])).replace("\n", "\n   "), flush=True)
    ordered = [results[n] for n in VARIANT_NAMES if n in results]
    _save_results(results_file, results)
    print(f"\nNLU-pijplijnen: {folds}-voudige kruisvalidatie op data/, NLU-testset {TEST_SET.relative_to(REPO)}\n")
    print(report(ordered, markdown=False))
    if args.markdown:
        Path(args.markdown).write_text(report(ordered, markdown=True), encoding="utf-8")
        print(f"Markdown geschreven naar {args.markdown}.")
    if failed:
        print(f"Mislukt: {', '.join(failed)}.", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
