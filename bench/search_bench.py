"""Search benchmark: the knowledge search against plain BM25 over the draaiboek's paragraphs.

    .venv/bin/python bench/search_bench.py [--details] [--ablation] [--check]

For every question of ``bench/search_questions.yml`` both systems return a ranking:

* knowledge search (``knowledge.search``): items of the knowledge base, loaded from ``knowledge/content`` into a
  temporary SQLite database; a result is a hit when it cites one of the question's expected sections;
* baseline: plain BM25 (Okapi, k1=1.5, b=0.75; lower case, split on non-word characters, no stemming, no stop
  words) over the paragraphs of the draaiboek (blocks of text between blank lines); a paragraph is a hit when it
  lies in one of the expected sections, by the line ranges of ``knowledge/sections.yml``.

It prints the top-1 and top-3 hit rates (and MRR@10) of both. ``--check`` exits with 1 when the knowledge search
does not beat the baseline on both figures.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from knowledge.validate import SectionInfo, load_sections  # noqa: E402

QUESTIONS_FILE = REPO / "bench" / "search_questions.yml"
SOURCE_FILE = REPO / ".." / "shared" / "sources" / "draaiboek-afwezig-op-school.txt"


@dataclass(frozen=True)
class Question:
    id: str
    role: str
    text: str
    sections: frozenset[str]
    items: frozenset[str]


@dataclass(frozen=True)
class Result:
    label: str
    sections: frozenset[str]
    primary: str  # the first section the result cites (a paragraph: the section it lies in)


def load_questions(path: Path = QUESTIONS_FILE) -> list[Question]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Question(q["id"], q.get("role", ""), q["question"], frozenset(q["sections"]), frozenset(q.get("items", [])))
        for q in raw["questions"]
    ]


# -- baseline: plain BM25 over paragraphs ----------------------------------------------------------
def paragraphs(text: str, sections: list[SectionInfo]) -> list[tuple[str, str, int]]:
    """(section id, paragraph text, first line) for every block of non-blank lines that holds a letter."""
    out: list[tuple[str, str, int]] = []
    block: list[str] = []
    start = 0

    def section_of(line: int) -> str | None:
        return next((s.id for s in sections if s.line_start <= line <= s.line_end), None)

    def flush() -> None:
        joined = " ".join(block).strip()
        section = section_of(start)
        if joined and re.search(r"[^\W\d_]", joined) and section:
            out.append((section, joined, start))

    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            if not block:
                start = number
            block.append(line.strip())
        elif block:
            flush()
            block = []
    if block:
        flush()
    return out


def plain_tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


class PlainBM25:
    """BM25 Okapi as in the literature (and rank_bm25's BM25Okapi with a floor-free idf)."""

    def __init__(self, docs: list[list[str]], k1: float = 1.5, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.tf = [Counter(d) for d in docs]
        self.len = [len(d) for d in docs]
        self.avg = sum(self.len) / max(len(docs), 1)
        df: Counter[str] = Counter()
        for counts in self.tf:
            df.update(counts.keys())
        n = len(docs)
        self.idf = {t: math.log((n - f + 0.5) / (f + 0.5) + 1) for t, f in df.items()}

    def rank(self, query: list[str], limit: int = 10) -> list[int]:
        scores = []
        for i, counts in enumerate(self.tf):
            score = 0.0
            for term in query:
                tf = counts.get(term, 0)
                if tf:
                    norm = self.k1 * (1 - self.b + self.b * self.len[i] / self.avg)
                    score += self.idf[term] * tf * (self.k1 + 1) / (tf + norm)
            if score > 0:
                scores.append((score, -i))
        scores.sort(reverse=True)
        return [-i for _, i in scores[:limit]]


def baseline_ranker(source: Path, sections: list[SectionInfo]) -> Callable[[str], list[Result]]:
    paras = paragraphs(source.read_text(encoding="utf-8"), sections)
    bm25 = PlainBM25([plain_tokens(p) for _, p, _ in paras])

    def rank(question: str) -> list[Result]:
        return [
            Result(f"r.{paras[i][2]} [{paras[i][0]}] {paras[i][1][:70]}", frozenset({paras[i][0]}), paras[i][0])
            for i in bm25.rank(plain_tokens(question))
        ]

    return rank


# -- the knowledge search ----------------------------------------------------------------------------
def knowledge_ranker(content_dir: Path | None, **options: bool) -> Callable[[str], list[Result]]:
    from sqlalchemy.orm import Session

    from knowledge.db import make_engine
    from knowledge.loader import load
    from knowledge.repository import KnowledgeRepository
    from knowledge.search import SearchIndex
    from knowledge.validate import CONTENT_DIR

    tmp = tempfile.TemporaryDirectory(prefix="search-bench-")
    engine = make_engine(f"sqlite:///{tmp.name}/knowledge.db")
    load(engine, content_dir or CONTENT_DIR)
    with Session(engine) as session:
        items = KnowledgeRepository(session).list_items()
    engine.dispose()
    tmp.cleanup()
    index = SearchIndex(items, **options)

    def rank(question: str) -> list[Result]:
        return [
            Result(
                f"{h.id} [{', '.join(s.id for s in h.sections)}]",
                frozenset(s.id for s in h.sections),
                h.sections[0].id if h.sections else "",
            )
            for h in index.search(question, limit=10)
        ]

    return rank


# -- scoring -------------------------------------------------------------------------------------------
@dataclass
class Score:
    name: str
    top1: float
    top3: float
    mrr: float
    strict1: float
    ranks: dict[str, int | None]


def evaluate(
    name: str, rank: Callable[[str], list[Result]], questions: list[Question]
) -> tuple[Score, dict[str, list[Result]]]:
    ranks: dict[str, int | None] = {}
    shown: dict[str, list[Result]] = {}
    strict = 0
    for q in questions:
        results = rank(q.text)
        shown[q.id] = results
        ranks[q.id] = next((i for i, r in enumerate(results, start=1) if r.sections & q.sections), None)
        strict += bool(results) and results[0].primary in q.sections
    n = len(questions)
    top1 = sum(1 for r in ranks.values() if r == 1) / n
    top3 = sum(1 for r in ranks.values() if r is not None and r <= 3) / n
    mrr = sum(1 / r for r in ranks.values() if r) / n
    return Score(name, top1, top3, mrr, strict / n, ranks), shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--details", action="store_true", help="print the top 3 of both systems per question")
    parser.add_argument("--ablation", action="store_true", help="also run the knowledge search without parts")
    parser.add_argument("--check", action="store_true", help="exit 1 unless the knowledge search wins")
    parser.add_argument("--content-dir", type=Path, default=None)
    parser.add_argument("--source", type=Path, default=SOURCE_FILE)
    args = parser.parse_args(argv)

    source = args.source.resolve()
    if not source.is_file():
        print(
            f"Het draaiboek is niet gevonden op {source}.\n"
            "De benchmark vergelijkt met BM25 over de alinea's van het draaiboek; leg het bestand "
            "'draaiboek-afwezig-op-school.txt' in ../shared/sources/ naast de repository, of geef --source op.",
            file=sys.stderr,
        )
        return 2
    questions = load_questions()
    sections = load_sections()
    systems: list[tuple[str, Callable[[str], list[Result]]]] = [
        ("kennisbank-zoeker", knowledge_ranker(args.content_dir)),
        ("BM25 alinea's (basis)", baseline_ranker(source, sections)),
    ]
    if args.ablation:
        systems.insert(1, ("kennisbank zonder synoniemen", knowledge_ranker(args.content_dir, synonyms=False)))
        systems.insert(2, ("kennisbank zonder lemma's", knowledge_ranker(args.content_dir, use_lemmas=False)))

    scores = []
    shown_all = []
    for name, rank in systems:
        score, shown = evaluate(name, rank, questions)
        scores.append(score)
        shown_all.append(shown)

    if args.details:
        for q in questions:
            print(f"\n{q.id} ({q.role}) {q.text}  -> verwacht {', '.join(sorted(q.sections))}")
            for score, shown in zip(scores, shown_all, strict=True):
                print(f"  {score.name}: rang {score.ranks[q.id] or '-'}")
                for r in shown[q.id][:3]:
                    mark = "+" if r.sections & q.sections else " "
                    print(f"    {mark} {r.label}")

    print(f"\n{len(questions)} vragen; een treffer = een resultaat dat een verwachte sectie citeert of erin ligt.")
    print(f"{'systeem':32} {'top-1':>7} {'top-3':>7} {'MRR@10':>7} {'top-1 strikt':>13}")
    for s in scores:
        print(f"{s.name:32} {s.top1:7.1%} {s.top3:7.1%} {s.mrr:7.3f} {s.strict1:13.1%}")
    print("(top-1 strikt: de eerste sectie die het eerste resultaat citeert, is een verwachte sectie)")
    ours, base = scores[0], scores[-1]
    wins = ours.top1 > base.top1 and ours.top3 > base.top3
    print("De kennisbank-zoeker wint." if wins else "De kennisbank-zoeker wint NIET van de basislijn.")
    return 1 if args.check and not wins else 0


if __name__ == "__main__":
    raise SystemExit(main())
