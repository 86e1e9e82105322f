"""Answer benchmark: does the chat answer a stranger's first question, with the right source, on the real stack?

    .venv/bin/python bench/answer_bench.py [--api URL] [--details] [--json PATH] [--check]

Every question of ``bench/questions.yml`` is sent as the first message of a new session, with its role, through
``POST /api/chat``. Without ``--api`` the benchmark starts its own stack (bot/stack.py: action server, Rasa with the
trained model and the API on ports 26055, 26005 and 26800, with their own databases); with ``--api URL`` it uses a
stack that already runs there.

The replies of that first response are judged (``judge``):

* a question with ``sections`` is answered correctly when one of them is among the sources of the replies and
  every fact of the question stands in their text;
* a safety question without sections: every fact (a help line) stands in the text;
* a chitchat question (no sections, no facts): the response cites no knowledge source and is not the help-line
  reply (none of 112, 1712, 1813, 102 in its text).

It prints the correct rate overall, per role and per topic; the fallback rate (responses without any source, for
questions that expect sections); and, side by side, the same questions answered by plain BM25 over the draaiboek's
paragraphs (the baseline of ``bench/search_bench.py``): its top paragraph is taken as the answer, so it is correct
when that paragraph lies in an expected section and holds every fact (and, for chitchat, when no paragraph matches
at all). ``--check`` exits with 1 when the chat answers less than 90 % of any role's questions correctly.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml
from search_bench import SOURCE_FILE, PlainBM25, paragraphs, plain_tokens

from knowledge.validate import SectionInfo, load_sections

QUESTIONS_FILE = Path(__file__).resolve().parent / "questions.yml"
PORTS = {"actions": 26055, "rasa": 26005, "api": 26800}
ROLES = ("staff", "parent", "youth")
TOPICS = (
    "codes",
    "types",
    "partners",
    "police",
    "sharing",
    "prevention",
    "leerplicht",
    "illness",
    "school_refusal",
    "outflow",
    "glossary",
    "b_codes",
    "safety",
    "chitchat",
)
WITHOUT_SECTIONS = frozenset({"safety", "chitchat"})  # topics whose questions may expect no section
HELPLINE_NUMBERS = ("112", "1712", "1813", "102")  # emergency, violence and abuse, Zelfmoordlijn, Awel
TARGET = 0.90
_HELPLINE = re.compile(r"(?<!\w)(?:" + "|".join(HELPLINE_NUMBERS) + r")(?!\d)")
_ID = re.compile(r"^q\d{3,}$")
_KEYS = {"id", "role", "topic", "question", "sections", "facts"}


# -- the questions ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BenchQuestion:
    id: str
    role: str
    topic: str
    text: str
    sections: frozenset[str]
    facts: tuple[tuple[str, ...], ...]  # every fact must be found; a fact is found when one alternative is


class QuestionFileError(ValueError):
    """The question file breaks a rule; the message lists every problem, one a line."""


def parse_questions(raw: Any, section_ids: Collection[str]) -> list[BenchQuestion]:
    """The questions of a loaded question file; :class:`QuestionFileError` with all problems when it is invalid."""
    if not isinstance(raw, dict) or not isinstance(raw.get("questions"), list):
        raise QuestionFileError("het bestand moet een lijst 'questions' hebben")
    problems: list[str] = []
    questions: list[BenchQuestion] = []
    seen_ids: set[str] = set()
    seen_texts: dict[str, str] = {}
    for number, entry in enumerate(raw["questions"], start=1):
        where = f"vraag {number}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: geen mapping")
            continue
        qid = entry.get("id")
        if isinstance(qid, str):
            where = qid
        errors = _entry_problems(entry, section_ids)
        if isinstance(qid, str) and qid in seen_ids:
            errors.append(f"id {qid} komt meer dan eens voor")
        question = entry.get("question")
        if isinstance(question, str) and question.strip():
            key = " ".join(plain_tokens(question))
            if key in seen_texts:
                errors.append(f"dezelfde vraag als {seen_texts[key]}")
            seen_texts.setdefault(key, where)
        problems.extend(f"{where}: {e}" for e in errors)
        if errors:
            continue
        seen_ids.add(entry["id"])
        questions.append(
            BenchQuestion(
                id=entry["id"],
                role=entry["role"],
                topic=entry["topic"],
                text=entry["question"].strip(),
                sections=frozenset(entry["sections"]),
                facts=tuple(_alternatives(f) for f in entry.get("facts") or []),
            )
        )
    if problems:
        raise QuestionFileError("\n".join(problems))
    return questions


def _entry_problems(entry: dict[Any, Any], section_ids: Collection[str]) -> list[str]:
    errors: list[str] = []
    unknown = set(entry) - _KEYS
    if unknown:
        errors.append(f"onbekende velden {sorted(map(str, unknown))}")
    qid, role, topic = entry.get("id"), entry.get("role"), entry.get("topic")
    if not isinstance(qid, str) or not _ID.match(qid):
        errors.append(f"id {qid!r} is niet van de vorm q001")
    if role not in ROLES:
        errors.append(f"rol {role!r} is niet een van {', '.join(ROLES)}")
    if topic not in TOPICS:
        errors.append(f"onderwerp {topic!r} is niet een van {', '.join(TOPICS)}")
    question = entry.get("question")
    if not isinstance(question, str) or not question.strip():
        errors.append("geen vraag")
    sections = entry.get("sections")
    if not isinstance(sections, list) or not all(isinstance(s, str) for s in sections):
        errors.append("sections moet een lijst van sectie-id's zijn")
        sections = []
    errors.extend(f"onbekende sectie {s!r}" for s in sections if s not in section_ids)
    if not sections and topic not in WITHOUT_SECTIONS:
        errors.append("geen verwachte sectie (alleen safety en chitchat mogen zonder)")
    facts = entry.get("facts", [])
    if not isinstance(facts, list) or not all(_valid_fact(f) for f in facts):
        errors.append("facts moet een lijst zijn van teksten of van lijsten met alternatieven")
        facts = []
    if topic == "chitchat" and (sections or facts):
        errors.append("een chitchat-vraag verwacht geen secties en geen feiten")
    if topic == "safety" and not facts:
        errors.append("een safety-vraag verwacht een hulplijn als feit")
    return errors


def _valid_fact(fact: Any) -> bool:
    if isinstance(fact, str):
        return bool(fact.strip())
    return isinstance(fact, list) and bool(fact) and all(isinstance(a, str) and a.strip() for a in fact)


def _alternatives(fact: str | list[str]) -> tuple[str, ...]:
    return (fact.strip(),) if isinstance(fact, str) else tuple(a.strip() for a in fact)


def load_questions(path: Path = QUESTIONS_FILE, section_ids: Collection[str] | None = None) -> list[BenchQuestion]:
    if section_ids is None:
        section_ids = {s.id for s in load_sections()}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it
    return parse_questions(yaml.load(path.read_text(encoding="utf-8"), Loader=loader), section_ids)


# -- judging -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reply:
    text: str
    sections: tuple[str, ...] = ()


@dataclass(frozen=True)
class Verdict:
    correct: bool
    fallback: bool  # the question expects sections and the response cites no source at all
    sections: tuple[str, ...]  # the sources the response cites, in order
    text: str
    missing_facts: tuple[str, ...] = ()
    error: str = ""  # the response never came (HTTP error, timeout)


def fact_pattern(fact: str) -> re.Pattern[str]:
    """How a fact is found in a text: case-insensitive after a word boundary, and before one when it ends in a
    digit ("5" is not found in "50"); a one-letter fact is a code letter and must stand as a capital word."""
    if len(fact) == 1 and fact.isalpha():
        return re.compile(rf"(?<!\w){re.escape(fact.upper())}(?!\w)")
    end = r"(?!\d)" if fact[-1].isdigit() else ""
    return re.compile(rf"(?<!\w){re.escape(fact)}{end}", re.IGNORECASE)


def fact_found(alternatives: Iterable[str], text: str) -> bool:
    return any(fact_pattern(a).search(text) for a in alternatives)


def is_helpline_reply(text: str) -> bool:
    return bool(_HELPLINE.search(text))


def judge(question: BenchQuestion, replies: Sequence[Reply]) -> Verdict:
    """The verdict on the replies of the first response (the rules are in this module's docstring)."""
    cited = tuple(dict.fromkeys(s for r in replies for s in r.sections))
    text = "\n".join(r.text for r in replies)
    missing = tuple(" / ".join(f) for f in question.facts if not fact_found(f, text))
    if question.topic == "chitchat":
        correct = not cited and not is_helpline_reply(text)
    elif question.sections:
        correct = bool(question.sections.intersection(cited)) and not missing
    else:
        correct = not missing
    return Verdict(correct, bool(question.sections) and not cited, cited, text, missing)


def replies_from_payload(payload: Any) -> list[Reply]:
    """The replies of a ``POST /api/chat`` response body."""
    if not isinstance(payload, dict) or not isinstance(payload.get("replies"), list):
        raise ValueError("het antwoord van /api/chat heeft geen lijst 'replies'")
    replies = []
    for reply in payload["replies"]:
        if not isinstance(reply, dict):
            continue
        sources = reply.get("sources") or []
        sections = tuple(str(s["section"]) for s in sources if isinstance(s, dict) and s.get("section"))
        replies.append(Reply(str(reply.get("text") or ""), sections))
    return replies


# -- the chat ----------------------------------------------------------------------------------------------
def ask_chat(
    client: httpx.Client,
    question: BenchQuestion,
    *,
    attempts: int = 20,
    sleep: Callable[[float], None] = time.sleep,
) -> list[Reply]:
    """Send the question as the first message of a new session; waits and retries while rate-limited (429)."""
    body = {"session_id": None, "message": question.text, "role": question.role}
    for _ in range(attempts):
        response = client.post("/api/chat", json=body)
        if response.status_code == 429:
            sleep(float(response.headers.get("retry-after", "5")))
            continue
        response.raise_for_status()
        return replies_from_payload(response.json())
    raise RuntimeError(f"nog altijd 429 na {attempts} pogingen")


def run_chat(
    client: httpx.Client,
    questions: Sequence[BenchQuestion],
    sleep: Callable[[float], None] = time.sleep,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Verdict]:
    verdicts: dict[str, Verdict] = {}
    for done, question in enumerate(questions, start=1):
        try:
            verdicts[question.id] = judge(question, ask_chat(client, question, sleep=sleep))
        except (httpx.HTTPError, ValueError, RuntimeError) as exc:
            verdicts[question.id] = Verdict(False, False, (), "", error=f"{type(exc).__name__}: {exc}")
        if progress:
            progress(done, len(questions))
    return verdicts


# -- the baseline ------------------------------------------------------------------------------------------
class Bm25Baseline:
    """Plain BM25 over the draaiboek's paragraphs (bench/search_bench.py); the top paragraph is its answer."""

    def __init__(self, source: Path, sections: list[SectionInfo]) -> None:
        self.paragraphs = paragraphs(source.read_text(encoding="utf-8"), sections)
        self.bm25 = PlainBM25([plain_tokens(text) for _, text, _ in self.paragraphs])

    def answer(self, question: str) -> list[Reply]:
        """The top paragraph as one reply citing the section it lies in; no reply when nothing matches."""
        ranked = self.bm25.rank(plain_tokens(question), limit=1)
        if not ranked:
            return []
        section, text, _ = self.paragraphs[ranked[0]]
        return [Reply(text, (section,))]


def run_baseline(baseline: Bm25Baseline, questions: Sequence[BenchQuestion]) -> dict[str, Verdict]:
    return {q.id: judge(q, baseline.answer(q.text)) for q in questions}


# -- figures -----------------------------------------------------------------------------------------------
@dataclass
class Figures:
    questions: int
    correct: float
    per_role: dict[str, float]
    per_topic: dict[str, float]
    fallback: float  # share of the questions that expect sections
    errors: int
    wrong: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "questions": self.questions,
            "correct": round(self.correct, 4),
            "per_role": {k: round(v, 4) for k, v in self.per_role.items()},
            "per_topic": {k: round(v, 4) for k, v in self.per_topic.items()},
            "fallback": round(self.fallback, 4),
            "errors": self.errors,
            "wrong": self.wrong,
        }


def _rate(questions: Iterable[BenchQuestion], verdicts: Mapping[str, Verdict]) -> float:
    judged = [verdicts[q.id].correct for q in questions]
    return sum(judged) / len(judged) if judged else 0.0


def summarise(questions: Sequence[BenchQuestion], verdicts: Mapping[str, Verdict]) -> Figures:
    expecting = [q for q in questions if q.sections]
    return Figures(
        questions=len(questions),
        correct=_rate(questions, verdicts),
        per_role={r: _rate([q for q in questions if q.role == r], verdicts) for r in ROLES},
        per_topic={
            t: _rate([q for q in questions if q.topic == t], verdicts)
            for t in TOPICS
            if any(q.topic == t for q in questions)
        },
        fallback=sum(verdicts[q.id].fallback for q in expecting) / len(expecting) if expecting else 0.0,
        errors=sum(bool(verdicts[q.id].error) for q in questions),
        wrong=[q.id for q in questions if not verdicts[q.id].correct],
    )


def failing_roles(figures: Figures, target: float = TARGET) -> list[str]:
    return [role for role, rate in figures.per_role.items() if rate < target]


def report(questions: Sequence[BenchQuestion], chat: Figures, bm25: Figures) -> str:
    counts = {r: sum(q.role == r for q in questions) for r in ROLES}
    topic_counts = {t: sum(q.topic == t for q in questions) for t in TOPICS}
    lines = [
        f"{len(questions)} vragen, elk als eerste bericht van een nieuw gesprek.",
        f"{'':16} {'n':>4} {'chat':>8} {'BM25':>8}",
        f"{'alles':16} {len(questions):4} {chat.correct:8.1%} {bm25.correct:8.1%}",
        "per rol:",
        *(f"  {r:14} {counts[r]:4} {chat.per_role[r]:8.1%} {bm25.per_role[r]:8.1%}" for r in ROLES),
        "per onderwerp:",
        *(f"  {t:14} {topic_counts[t]:4} {chat.per_topic[t]:8.1%} {bm25.per_topic[t]:8.1%}" for t in chat.per_topic),
        f"{'terugval':16} {'':4} {chat.fallback:8.1%} {bm25.fallback:8.1%}"
        "   (antwoord zonder bron op een vraag die een sectie verwacht)",
    ]
    if chat.errors:
        lines.append(f"{chat.errors} vragen kregen geen antwoord (HTTP-fout of time-out).")
    low = failing_roles(chat)
    lines.append(
        f"Doel: minstens {TARGET:.0%} per rol: " + ("gehaald." if not low else f"NIET gehaald voor {', '.join(low)}.")
    )
    return "\n".join(lines)


def details(questions: Sequence[BenchQuestion], verdicts: Mapping[str, Verdict]) -> str:
    lines = []
    for q in questions:
        v = verdicts[q.id]
        if v.correct:
            continue
        expected = ", ".join(sorted(q.sections)) or "geen bron"
        facts = "; ".join(" / ".join(f) for f in q.facts)
        got = v.error or " ".join(v.text.split())[:200]
        lines += [
            f"\n{q.id} ({q.role}, {q.topic}) {q.text}",
            f"  verwacht: {expected}" + (f"; feiten: {facts}" if facts else ""),
            f"  kreeg:    {', '.join(v.sections) or 'geen bron'}"
            + (f"; ontbrekende feiten: {'; '.join(v.missing_facts)}" if v.missing_facts and not v.error else ""),
            f"            {got}",
        ]
    return "\n".join(lines)


# -- running -----------------------------------------------------------------------------------------------
def _chat_on_own_stack(questions: Sequence[BenchQuestion], progress: Callable[[int, int], None]) -> dict[str, Verdict]:
    from bot.stack import MODEL, RASA, Stack

    if not MODEL.exists() or not RASA.exists():
        raise FileNotFoundError(f"geen getraind model ({MODEL}) of geen .venv-rasa; voer eerst `make setup` uit")
    with tempfile.TemporaryDirectory(prefix="answer-bench-") as tmp:
        stack = Stack.prepare(Path(tmp), PORTS, rate_limit_per_minute=100_000)
        try:
            print("De diensten starten (Rasa laadt het model)...", file=sys.stderr)
            stack.start_all()
            with httpx.Client(base_url=stack.api, timeout=60) as client:
                return run_chat(client, questions, progress=progress)
        finally:
            stack.stop_all()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--api", metavar="URL", help="use the stack that runs at URL instead of starting one")
    parser.add_argument("--details", action="store_true", help="list every wrong answer of the chat")
    parser.add_argument("--json", type=Path, metavar="PATH", help="write the figures as JSON to PATH")
    parser.add_argument("--check", action="store_true", help=f"exit 1 when a role is below {TARGET:.0%}%")
    parser.add_argument("--replies", type=Path, metavar="PATH", help="write every question's verdict and reply as JSON")
    parser.add_argument("--questions", type=Path, default=QUESTIONS_FILE)
    parser.add_argument("--source", type=Path, default=SOURCE_FILE)
    args = parser.parse_args(argv)

    source = args.source.resolve()
    if not source.is_file():
        print(f"Het draaiboek is niet gevonden op {source}; de basislijn (BM25) heeft het nodig.", file=sys.stderr)
        return 2
    sections = load_sections()
    try:
        questions = load_questions(args.questions, {s.id for s in sections})
    except QuestionFileError as exc:
        print(f"{args.questions} is ongeldig:\n{exc}", file=sys.stderr)
        return 2

    def progress(done: int, total: int) -> None:
        if done % 25 == 0 or done == total:
            print(f"  {done}/{total} vragen", file=sys.stderr)

    started = time.perf_counter()
    try:
        if args.api:
            with httpx.Client(base_url=args.api, timeout=60) as client:
                chat_verdicts = run_chat(client, questions, progress=progress)
        else:
            chat_verdicts = _chat_on_own_stack(questions, progress)
    except (FileNotFoundError, RuntimeError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    bm25_verdicts = run_baseline(Bm25Baseline(source, sections), questions)

    chat, bm25 = summarise(questions, chat_verdicts), summarise(questions, bm25_verdicts)
    if args.details:
        print(details(questions, chat_verdicts))
        print()
    print(report(questions, chat, bm25))
    print(f"({elapsed:.0f} s voor de chat)")
    if args.replies:
        rows = [
            {
                "id": q.id,
                "role": q.role,
                "topic": q.topic,
                "question": q.text,
                "correct": chat_verdicts[q.id].correct,
                "sections": list(chat_verdicts[q.id].sections),
                "text": chat_verdicts[q.id].text,
            }
            for q in questions
        ]
        args.replies.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.json:
        figures = {"target_per_role": TARGET, "chat": chat.as_dict(), "bm25": bm25.as_dict()}
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if args.check and failing_roles(chat) else 0


if __name__ == "__main__":
    raise SystemExit(main())
