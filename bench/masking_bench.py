"""Masking benchmark: recall, false positives and time per message of api/privacy.py on the labelled messages of
tests/api/masking_cases.yml; with --deduce, the same figures for the `deduce` de-identifier (if installed).

An item of personal data counts as masked when the masks cover all of its letters and digits. A false positive
is a mask that covers no personal data. The label is not needed for recall (a phone number masked as a national
register number is still hidden), but wrong labels are counted and printed.
Usage: .venv/bin/python bench/masking_bench.py [--deduce] [--show]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from api.privacy import find_personal_data  # noqa: E402

CASES = REPO / "tests" / "api" / "masking_cases.yml"

# A found span: start, end, label.
Found = tuple[int, int, str]


@dataclass(frozen=True)
class Case:
    text: str
    pii: tuple[tuple[str, str], ...]  # (label, exact text)


@dataclass
class Result:
    items: int = 0
    masked: int = 0
    wrong_label: int = 0
    false_positives: int = 0
    messages: int = 0
    seconds: float = 0.0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.masked / self.items if self.items else 1.0

    @property
    def ms_per_message(self) -> float:
        return 1000 * self.seconds / self.messages if self.messages else 0.0


def load_cases(path: Path = CASES) -> list[Case]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Case(c["text"], tuple((label, text) for label, text in c.get("pii") or [])) for c in raw]


def evaluate(cases: Sequence[Case], find: Callable[[str], Sequence[Found]]) -> Result:
    result = Result()
    for case in cases:
        start = time.perf_counter()
        found = list(find(case.text))
        result.seconds += time.perf_counter() - start
        result.messages += 1
        items: list[tuple[int, int, str]] = []
        for label, item in case.pii:
            at = case.text.find(item)
            if at < 0:
                raise ValueError(f"{item!r} is not in {case.text!r}")
            items.append((at, at + len(item), label))
        for start_, end, label in items:
            result.items += 1
            wanted = {i for i in range(start_, end) if case.text[i].isalnum()}
            covered = {i for s, e, _ in found for i in range(s, e)}
            if wanted <= covered:
                result.masked += 1
                labels = {lab for s, e, lab in found if s < end and e > start_}
                if labels != {label}:
                    result.wrong_label += 1
            else:
                result.missed.append(f"{label}: {case.text[start_:end]!r} in {case.text!r}")
        for s, e, lab in found:
            if not any(s < end and e > start_ for start_, end, _ in items):
                result.false_positives += 1
                result.spurious.append(f"{lab}: {case.text[s:e]!r} in {case.text!r}")
    return result


def ours(text: str) -> list[Found]:
    return [(s.start, s.end, s.label) for s in find_personal_data(text)]


def deduce_finder() -> Callable[[str], list[Found]]:
    """deduce 3 (Dutch de-identification, github.com/vmenger/deduce), its tags mapped onto our labels."""
    from deduce import Deduce  # type: ignore[import-not-found]

    tags = {
        "persoon": "naam",
        "patient": "naam",
        "telefoonnummer": "telefoonnummer",
        "emailadres": "e-mailadres",
        "bsn": "rijksregisternummer",
        "locatie": "adres",
        "postcode": "adres",
        "iban": "rekeningnummer",
    }
    engine = Deduce()

    def find(text: str) -> list[Found]:
        doc = engine.deidentify(text)
        return [(a.start_char, a.end_char, tags.get(a.tag.lower(), a.tag.lower())) for a in doc.annotations]

    return find


def report(name: str, result: Result, show: bool) -> None:
    print(
        f"{name}: recall {result.recall:.3f} ({result.masked}/{result.items}), false positives "
        f"{result.false_positives}, wrong label {result.wrong_label}, {result.ms_per_message:.2f} ms per message "
        f"({result.messages} messages)"
    )
    if show:
        for line in result.missed:
            print("  missed    ", line)
        for line in result.spurious:
            print("  spurious  ", line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deduce", action="store_true", help="also measure deduce (pip install deduce)")
    parser.add_argument("--show", action="store_true", help="list the missed and the spurious masks")
    args = parser.parse_args()
    cases = load_cases()
    ours("warm-up: ik heet jan, load the name lists")
    report("api/privacy.py", evaluate(cases, ours), args.show)
    if args.deduce:
        start = time.perf_counter()
        find = deduce_finder()
        print(f"deduce: loaded in {time.perf_counter() - start:.1f} s")
        report("deduce", evaluate(cases, find), args.show)


if __name__ == "__main__":
    main()
