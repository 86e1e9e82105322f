"""Near-copies between the benchmark questions (bench/questions.yml) and the NLU training examples.

    .venv/bin/python bench/check_overlap.py [--questions PATH] [--against PATH ...]

The benchmark measures what strangers type, so none of its questions may be (nearly) a training example. The
notion of a near-copy is the one of ``../shared/tools/nlu_overlap.py``, which checks the NLU test set: after
lower-casing and removing punctuation and entity markup, the word sets overlap by 80 % or more (Jaccard), or the
characters match by 85 % or more (difflib's ratio). ``--against`` takes Rasa NLU files or folders of them
(default: data/nlu). The questions of the knowledge items' ``asked_as`` (knowledge/content), which the search
matches, are checked too. Prints each near-copy and a count; exits 1 when there is any.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
QUESTIONS_FILE = REPO / "bench" / "questions.yml"
TRAIN_DIR = REPO / "data" / "nlu"
CONTENT_DIR = REPO / "knowledge" / "content"

_ENTITY = re.compile(r"\[([^\]]+)\](\{[^}]*\}|\([^)]*\))")
_ITEM = re.compile(r"^\s*-\s+(.+?)\s*$")
_EXAMPLES_KEY = re.compile(r"^(\s*)examples:\s*\|")


def examples(path: Path) -> list[str]:
    """The items of every ``examples: |`` block of a Rasa NLU file, read line by line as nlu_overlap.py does."""
    out: list[str] = []
    indent: int | None = None  # that of the current "examples: |" key; None outside a block
    for line in path.read_text(encoding="utf-8").splitlines():
        key = _EXAMPLES_KEY.match(line)
        if key:
            indent = len(key.group(1))
            continue
        if indent is None or not line.strip():
            continue
        if len(line) - len(line.lstrip()) <= indent:
            indent = None
            continue
        item = _ITEM.match(line)
        if item:
            out.append(item.group(1))
    return out


def norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", _ENTITY.sub(r"\1", text).lower()))


def similar(a: str, b: str) -> bool:
    """Two normalised texts are near-copies (Jaccard of the words >= 0.8, or difflib ratio >= 0.85)."""
    return _near(_Text(a), _Text(b), difflib.SequenceMatcher(None, "", b))


class _Text:
    """A normalised text with what the comparison needs of it, computed once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.length = len(text)
        self.words = set(text.split())
        self.word_count = len(self.words)
        self.chars = Counter(text)


def _near(a: _Text, b: _Text, matcher: difflib.SequenceMatcher[str]) -> bool:
    """``similar``, with ``matcher`` already holding ``b`` as its second sequence (difflib caches what it learns
    about that one). The three difflib ratios are checked from the cheapest up, as nlu_overlap.py does; the first
    two are computed from the lengths and the character counts, as difflib computes them."""
    na, nb = a.word_count, b.word_count
    # a Jaccard of 0.8 or more needs each word set to hold at least 0.8 times as many words as the other
    if na and nb and na >= 0.8 * nb and nb >= 0.8 * na and len(a.words & b.words) / len(a.words | b.words) >= 0.8:
        return True
    limit = 0.85 * (a.length + b.length)
    if 2 * a.length < limit or 2 * b.length < limit:  # real_quick_ratio() < 0.85
        return False
    common = sum(n if n <= b.chars[c] else b.chars[c] for c, n in a.chars.items())
    if 2 * common < limit:  # quick_ratio() < 0.85
        return False
    matcher.set_seq1(a.text)
    return matcher.ratio() >= 0.85


def near_copies(texts: Iterable[str], others: Sequence[str]) -> list[tuple[str, str]]:
    """(text, the first of ``others`` it nearly copies) for every text that nearly copies one, in text order."""
    normalised = [(t, _Text(n)) for t in texts if (n := norm(t))]
    first: dict[int, int] = {}
    matcher: difflib.SequenceMatcher[str] = difflib.SequenceMatcher(None)
    for j, other in enumerate(others):
        v = norm(other)
        if not v:
            continue
        matcher.set_seq2(v)
        b = _Text(v)
        for i, (_, a) in enumerate(normalised):
            if i not in first and _near(a, b, matcher):
                first[i] = j
    return [(normalised[i][0], others[j]) for i, j in sorted(first.items())]


def nlu_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.rglob("*.yml")) if path.is_dir() else [path])
    return files


def asked_as(content_dir: Path = CONTENT_DIR) -> list[str]:
    """Every question of the knowledge items' ``asked_as`` (knowledge/content): the search matches them, so no
    benchmark or test question may copy one."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, child in value.items():
                if key == "asked_as" and isinstance(child, list):
                    found.extend(str(q) for q in child)
                else:
                    walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    for path in sorted(content_dir.glob("*.yml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def benchmark_questions(path: Path = QUESTIONS_FILE) -> list[str]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [str(q["question"]) for q in raw["questions"]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--questions", type=Path, default=QUESTIONS_FILE)
    parser.add_argument("--against", type=Path, nargs="+", default=[TRAIN_DIR])
    args = parser.parse_args(argv)
    files = nlu_files(args.against)
    if not files:
        print(f"niets om mee te vergelijken ({', '.join(map(str, args.against))})")
        return 0
    train = [t for f in files for t in examples(f)]
    questions = benchmark_questions(args.questions)
    found = near_copies(questions, train)
    for question, example in found:
        print(f"  near-copy: {question!r} ~ {example!r}")
    print(f"{len(found)} of {len(questions)} benchmark questions are near-copies of {len(train)} training examples")
    phrases = asked_as()
    copied = near_copies(questions, phrases)
    for question, phrase in copied:
        print(f"  near-copy: {question!r} ~ asked_as {phrase!r}")
    print(f"{len(copied)} of {len(questions)} benchmark questions are near-copies of {len(phrases)} asked_as questions")
    return 1 if found or copied else 0


if __name__ == "__main__":
    sys.exit(main())
