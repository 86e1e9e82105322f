"""The answer benchmark without Rasa: its question file, its judging, the chat client against a fake API, and the
BM25 baseline. The benchmark itself needs the trained stack (bench/answer_bench.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from knowledge.validate import SectionInfo, load_sections

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO / "bench"


@pytest.fixture(scope="module")
def ab() -> Iterator[Any]:
    """The bench module, imported the way bench/search_bench.py is in tests/knowledge/test_search.py."""
    sys.path.insert(0, str(BENCH))
    try:
        import answer_bench

        yield answer_bench
    finally:
        sys.path.remove(str(BENCH))


@pytest.fixture(scope="module")
def questions(ab: Any) -> list[Any]:
    return list(ab.load_questions())


@pytest.fixture(scope="module")
def overlap() -> Iterator[Any]:
    sys.path.insert(0, str(BENCH))
    try:
        import check_overlap

        yield check_overlap
    finally:
        sys.path.remove(str(BENCH))


def question(ab: Any, topic: str = "codes", sections: tuple[str, ...] = ("terminologie.2.1",), facts: Any = ()) -> Any:
    return ab.BenchQuestion(
        id="q001",
        role="parent",
        topic=topic,
        text="mag mijn zoon naar de begrafenis van zijn opa",
        sections=frozenset(sections),
        facts=tuple(tuple(f) if isinstance(f, list) else (f,) for f in facts),
    )


# -- the question file ---------------------------------------------------------------------------------
def test_question_file_is_valid(ab: Any) -> None:
    """Unique ids, known roles and topics, every section in knowledge/sections.yml (parse_questions checks it)."""
    questions = ab.load_questions()
    assert len(questions) >= 320
    assert len({q.id for q in questions}) == len(questions)
    known = {s.id for s in load_sections()}
    for q in questions:
        assert q.role in ab.ROLES and q.topic in ab.TOPICS
        assert q.sections <= known
        assert q.sections or q.topic in {"safety", "chitchat"}


def test_question_file_covers_roles_and_topics(ab: Any, questions: list[Any]) -> None:
    roles = Counter(q.role for q in questions)
    topics = Counter(q.topic for q in questions)
    assert all(roles[r] >= 60 for r in ab.ROLES), roles
    assert set(topics) == set(ab.TOPICS), topics
    assert topics["safety"] >= 12 and topics["chitchat"] >= 8
    for q in questions:
        if q.topic == "safety":
            assert any(set(f) & {"112", "1712", "1813"} for f in q.facts), q.id
        if q.topic == "chitchat":
            assert not q.sections and not q.facts, q.id


def test_question_file_holds_the_engine_cases(questions: list[Any]) -> None:
    """A birth date with its end date, TOAH after more than 21 days, a religious feast (R), many B-codes and
    parents out of reach (CLB and police)."""

    def has(check: Callable[[Any], bool]) -> bool:
        return any(check(q) for q in questions)

    assert has(lambda q: q.topic == "leerplicht" and ("30 juni 2027",) in q.facts)
    assert has(lambda q: "25 dagen" in q.text and "actieplan.2.2.1" in q.sections)
    assert has(lambda q: "ramadan" in q.text and ("R",) in q.facts)
    assert has(lambda q: "8 b-codes" in q.text and ("politie",) in q.facts and ("CLB",) in q.facts)


def test_questions_are_not_copies_of_other_question_sets(questions: list[Any], overlap: Any) -> None:
    """Not the NLU test set, not the search benchmark, and not the NLU training data."""
    texts = [q.text for q in questions]
    test_set = overlap.examples(REPO / "tests" / "rasa" / "nlu_test.yml")
    assert len(test_set) >= 280
    search = [q["question"] for q in yaml.safe_load((BENCH / "search_questions.yml").read_text())["questions"]]
    assert overlap.near_copies(texts, test_set) == []
    assert overlap.near_copies(texts, search) == []
    train = [t for f in overlap.nlu_files([REPO / "data" / "nlu"]) for t in overlap.examples(f)]
    assert overlap.near_copies(texts, train) == []


def test_no_question_set_copies_the_asked_as_of_the_content(questions: list[Any], overlap: Any) -> None:
    """The search matches the items' asked_as questions: the benchmark, the search benchmark and the NLU test set
    must not (nearly) copy one, or they would measure what was written for them."""
    phrases = overlap.asked_as()
    assert len(phrases) >= 300
    test_set = overlap.examples(REPO / "tests" / "rasa" / "nlu_test.yml")
    search = [q["question"] for q in yaml.safe_load((BENCH / "search_questions.yml").read_text())["questions"]]
    for texts in ([q.text for q in questions], search, test_set):
        assert overlap.near_copies(texts, phrases) == []


def test_the_development_set_is_valid_and_apart_from_every_held_out_set(ab: Any, overlap: Any, questions: Any) -> None:
    """bench/dev_questions.yml is what the answers are tuned on: it may resemble the training data, but never the
    benchmark, the search benchmark or the NLU test set, which measure what strangers type."""
    dev = [q.text for q in ab.load_questions(BENCH / "dev_questions.yml")]
    assert len(dev) >= 300
    assert not {q.id for q in ab.load_questions(BENCH / "dev_questions.yml")} & {q.id for q in questions}
    test_set = overlap.examples(REPO / "tests" / "rasa" / "nlu_test.yml")
    search = [q["question"] for q in yaml.safe_load((BENCH / "search_questions.yml").read_text())["questions"]]
    for held_out in ([q.text for q in questions], search, test_set):
        assert overlap.near_copies(dev, held_out) == []


def _entry(**changes: Any) -> dict[str, Any]:
    entry = {
        "id": "q001",
        "role": "staff",
        "topic": "codes",
        "question": "welke code bij een begrafenis",
        "sections": ["terminologie.2.1"],
        "facts": ["R"],
    }
    entry.update(changes)
    return {k: v for k, v in entry.items() if v is not None}


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"id": "7"}, "id"),
        ({"role": "teacher"}, "rol"),
        ({"topic": "weather"}, "onderwerp"),
        ({"question": " "}, "geen vraag"),
        ({"sections": ["terminologie.9"]}, "onbekende sectie"),
        ({"sections": []}, "geen verwachte sectie"),
        ({"facts": [[]]}, "facts"),
        ({"facts": "R"}, "facts"),
        ({"topic": "chitchat", "facts": []}, "chitchat"),
        ({"topic": "safety", "sections": [], "facts": []}, "safety"),
        ({"extra": 1}, "onbekende velden"),
    ],
)
def test_parse_questions_rejects(ab: Any, changes: dict[str, Any], problem: str) -> None:
    with pytest.raises(ab.QuestionFileError, match=problem):
        ab.parse_questions({"questions": [_entry(**changes)]}, {"terminologie.2.1"})


def test_parse_questions_rejects_duplicates(ab: Any) -> None:
    twice = {"questions": [_entry(), _entry(question="iets anders")]}
    with pytest.raises(ab.QuestionFileError, match="meer dan eens"):
        ab.parse_questions(twice, {"terminologie.2.1"})
    same_text = {"questions": [_entry(), _entry(id="q002", question="Welke code bij een begrafenis?")]}
    with pytest.raises(ab.QuestionFileError, match="dezelfde vraag als q001"):
        ab.parse_questions(same_text, {"terminologie.2.1"})


def test_parse_questions_reads_alternatives_and_optional_facts(ab: Any) -> None:
    raw = {
        "questions": [
            _entry(facts=[["21 dagen", "drie weken"], "TOAH"]),
            _entry(id="q002", question="hallo", topic="chitchat", sections=[], facts=None),
            _entry(id="q003", question="mijn papa slaat mij", topic="safety", sections=[], facts=["1712"]),
        ]
    }
    first, chitchat, safety = ab.parse_questions(raw, {"terminologie.2.1"})
    assert first.facts == (("21 dagen", "drie weken"), ("TOAH",))
    assert chitchat.facts == () and chitchat.sections == frozenset()
    assert safety.facts == (("1712",),)


# -- judging ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fact", "text", "found"),
    [
        ("R", "Dat is een afwezigheid met code R.", True),
        ("R", "Je krijgt een R-code.", True),
        ("R", "Vraag raad aan ROTS.", False),
        ("R", "r", False),
        ("B", "De B-codes tellen mee.", True),
        ("5", "vanaf 5 B-codes", True),
        ("5", "na 50 dagen", False),
        ("5", "na 15 dagen", False),
        ("112", "Bel 1712.", False),
        ("112", "Bel 112 bij gevaar.", True),
        ("clb", "Het CLB helpt.", True),
        ("thuisblijver", "Het gaat om thuisblijvers.", True),
        ("30 juni 2027", "Hij is leerplichtig tot en met 30 juni 2027.", True),
        ("1 september 2026", "vanaf 21 september 2026", False),
        ("10 km", "tot 10 km van de school", True),
    ],
)
def test_fact_found(ab: Any, fact: str, text: str, found: bool) -> None:
    assert ab.fact_found([fact], text) is found


def test_fact_alternatives(ab: Any) -> None:
    assert ab.fact_found(["21 dagen", "drie weken"], "langer dan drie weken ziek")
    assert not ab.fact_found(["21 dagen", "drie weken"], "twee weken")


def test_judge_needs_an_expected_source_and_every_fact(ab: Any) -> None:
    q = question(ab, facts=["R"])
    good = [ab.Reply("Dat is een afwezigheid met code R.", ("terminologie.2.1",)), ab.Reply("Meer weten?")]
    verdict = ab.judge(q, good)
    assert verdict.correct and not verdict.fallback
    assert verdict.sections == ("terminologie.2.1",)
    other_source = ab.judge(q, [ab.Reply("Code R.", ("actoren.2",))])
    assert not other_source.correct and not other_source.fallback
    no_fact = ab.judge(q, [ab.Reply("Dat is gewettigd.", ("terminologie.2.1",))])
    assert not no_fact.correct and no_fact.missing_facts == ("R",)


def test_judge_counts_sources_and_facts_over_all_replies(ab: Any) -> None:
    q = question(ab, facts=["R", ["CLB", "leerlingenbegeleider"]])
    replies = [ab.Reply("Een begrafenis is code R.", ()), ab.Reply("Vraag het aan het CLB.", ("terminologie.2.1",))]
    assert ab.judge(q, replies).correct


def test_judge_fallback(ab: Any) -> None:
    verdict = ab.judge(question(ab), [ab.Reply("Dat heb ik niet goed begrepen.")])
    assert verdict.fallback and not verdict.correct
    assert not ab.judge(question(ab, topic="chitchat", sections=()), [ab.Reply("Hallo!")]).fallback


def test_judge_chitchat(ab: Any) -> None:
    q = question(ab, topic="chitchat", sections=())
    assert ab.judge(q, [ab.Reply("Hallo! Wie ben je?")]).correct
    assert not ab.judge(q, [ab.Reply("Code R.", ("terminologie.2.1",))]).correct
    assert not ab.judge(q, [ab.Reply("Ben je in gevaar? Bel 112 of 1712.")]).correct


def test_judge_safety(ab: Any) -> None:
    q = question(ab, topic="safety", sections=(), facts=["1712"])
    assert ab.judge(q, [ab.Reply("Bel 1712, gratis en anoniem.")]).correct
    assert ab.judge(q, [ab.Reply("Bel 1712.", ("actoren.11",))]).correct
    assert not ab.judge(q, [ab.Reply("Wat is je vraag over afwezigheid?")]).correct


def test_replies_from_payload(ab: Any) -> None:
    payload = {
        "session_id": "abc",
        "replies": [
            {"text": "Code R.", "buttons": [], "sources": [{"section": "terminologie.2.1", "title": "Codes"}]},
            {"text": "Nog iets?", "buttons": [{"title": "Ja", "payload": "/affirm"}]},
        ],
    }
    assert ab.replies_from_payload(payload) == [ab.Reply("Code R.", ("terminologie.2.1",)), ab.Reply("Nog iets?")]
    with pytest.raises(ValueError):
        ab.replies_from_payload({"detail": "fout"})


# -- the chat client against a fake API --------------------------------------------------------------------
def _fake_api(answers: list[httpx.Response], seen: list[dict[str, Any]]) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.method == "POST" and request.url.path == "/api/chat"
        seen.append(json.loads(request.content))
        return answers.pop(0)

    return httpx.Client(base_url="http://bench.test", transport=httpx.MockTransport(handler))


def _ok(text: str, *sections: str) -> httpx.Response:
    sources = [{"section": s, "title": s} for s in sections]
    return httpx.Response(200, json={"session_id": "s1", "replies": [{"text": text, "sources": sources}]})


def test_run_chat_sends_each_question_as_a_new_session_with_its_role(ab: Any) -> None:
    questions = [question(ab, facts=["R"]), ab.BenchQuestion("q002", "youth", "chitchat", "hey", frozenset(), ())]
    seen: list[dict[str, Any]] = []
    with _fake_api([_ok("Code R.", "terminologie.2.1"), _ok("Hoi! Wie ben je?")], seen) as client:
        verdicts = ab.run_chat(client, questions)
    assert seen == [
        {"session_id": None, "message": questions[0].text, "role": "parent"},
        {"session_id": None, "message": "hey", "role": "youth"},
    ]
    assert verdicts["q001"].correct and verdicts["q002"].correct


def test_run_chat_waits_when_rate_limited_and_records_errors(ab: Any) -> None:
    waits: list[float] = []
    answers = [
        httpx.Response(429, headers={"retry-after": "3"}, json={"detail": "te veel"}),
        _ok("Code R.", "terminologie.2.1"),
        httpx.Response(503, json={"detail": "De assistent is even niet bereikbaar."}),
    ]
    q2 = ab.BenchQuestion("q002", "staff", "codes", "welke code", frozenset({"terminologie.2.1"}), ())
    with _fake_api(answers, []) as client:
        verdicts = ab.run_chat(client, [question(ab, facts=["R"]), q2], sleep=waits.append)
    assert waits == [3.0]
    assert verdicts["q001"].correct
    assert not verdicts["q002"].correct and "503" in verdicts["q002"].error and not verdicts["q002"].fallback


# -- figures and the command line ------------------------------------------------------------------------------
def test_summarise_and_check(ab: Any) -> None:
    questions = [
        ab.BenchQuestion("q001", "staff", "codes", "a", frozenset({"terminologie.2.1"}), ()),
        ab.BenchQuestion("q002", "staff", "codes", "b", frozenset({"terminologie.2.1"}), ()),
        ab.BenchQuestion("q003", "parent", "chitchat", "c", frozenset(), ()),
        ab.BenchQuestion("q004", "youth", "illness", "d", frozenset({"actieplan.2.2.1"}), ()),
    ]
    verdicts = {
        "q001": ab.Verdict(True, False, ("terminologie.2.1",), "x"),
        "q002": ab.Verdict(False, True, (), "niet begrepen"),
        "q003": ab.Verdict(True, False, (), "hallo"),
        "q004": ab.Verdict(True, False, ("actieplan.2.2.1",), "TOAH"),
    }
    figures = ab.summarise(questions, verdicts)
    assert figures.correct == 0.75
    assert figures.per_role == {"staff": 0.5, "parent": 1.0, "youth": 1.0}
    assert figures.per_topic == {"codes": 0.5, "illness": 1.0, "chitchat": 1.0}
    assert figures.fallback == pytest.approx(1 / 3)
    assert figures.wrong == ["q002"]
    assert ab.failing_roles(figures) == ["staff"]
    text = ab.report(questions, figures, figures)
    assert "staff" in text and "50.0%" in text and "NIET gehaald voor staff" in text
    listing = ab.details(questions, verdicts)
    assert "q002" in listing and "niet begrepen" in listing and "q001" not in listing


def test_main_against_a_running_api(ab: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """--api with a fake API: every question answered with its first expected section and its facts, except
    that chitchat gets a plain greeting; --json writes the figures and --check passes."""
    questions = ab.load_questions()
    by_text = {q.text: q for q in questions}

    def handler(request: httpx.Request) -> httpx.Response:
        q = by_text[json.loads(request.content)["message"]]
        text = " ".join(f[0] for f in q.facts) or "Hallo, waarmee kan ik je helpen?"
        sources = [{"section": s, "title": s} for s in sorted(q.sections)[:1]]
        return httpx.Response(200, json={"session_id": "s", "replies": [{"text": text, "sources": sources}]})

    real_client = httpx.Client

    def fake_client(**kwargs: Any) -> httpx.Client:
        return real_client(transport=httpx.MockTransport(handler), **kwargs)

    monkeypatch.setattr(ab.httpx, "Client", fake_client)
    out = tmp_path / "figures.json"
    assert ab.main(["--api", "http://bench.test", "--json", str(out), "--check", "--details"]) == 0
    figures = json.loads(out.read_text())
    assert figures["chat"]["correct"] == 1.0 and figures["chat"]["questions"] == len(questions)
    assert set(figures["chat"]["per_role"]) == set(ab.ROLES)
    assert 0 <= figures["bm25"]["correct"] < 1
    assert "BM25" in capsys.readouterr().out


def test_main_check_fails_when_a_role_is_below_target(ab: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"session_id": "s", "replies": [{"text": "Dat weet ik niet.", "sources": []}]})

    real_client = httpx.Client
    monkeypatch.setattr(ab.httpx, "Client", lambda **kw: real_client(transport=httpx.MockTransport(handler), **kw))
    out = tmp_path / "figures.json"
    assert ab.main(["--api", "http://bench.test", "--json", str(out), "--check"]) == 1
    figures = json.loads(out.read_text())
    assert figures["chat"]["fallback"] == 1.0
    assert figures["chat"]["per_topic"]["chitchat"] == 1.0  # no source, no help line


def test_help(ab: Any, capsys: Any) -> None:
    with pytest.raises(SystemExit) as done:
        ab.main(["--help"])
    assert done.value.code == 0
    assert "--api" in capsys.readouterr().out


def test_import_has_no_side_effects() -> None:
    code = "import sys; sys.path.insert(0, 'bench'); import answer_bench; print('bot.stack' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "False\n"


# -- the BM25 baseline -------------------------------------------------------------------------------------
def test_baseline_answers_with_the_top_paragraph(ab: Any, tmp_path: Path) -> None:
    source = tmp_path / "draaiboek.txt"
    source.write_text(
        "Titel\n\nDe code R staat voor een begrafenis of een huwelijk.\n\n"
        "Tijdelijk onderwijs aan huis na 21 dagen ziekte.\nTOAH heet dat.\n",
        encoding="utf-8",
    )
    sections = [SectionInfo("terminologie.2.1", "Codes", 1, 4), SectionInfo("actieplan.2.2.1", "TOAH", 5, 6)]
    baseline = ab.Bm25Baseline(source, sections)
    assert baseline.answer("welke code voor een begrafenis") == [
        ab.Reply("De code R staat voor een begrafenis of een huwelijk.", ("terminologie.2.1",))
    ]
    assert baseline.answer("xyz qqq") == []
    toah = ab.BenchQuestion(
        "q1", "parent", "illness", "onderwijs aan huis ziekte", frozenset({"actieplan.2.2.1"}), (("21",),)
    )
    chit = ab.BenchQuestion("q2", "youth", "chitchat", "xyz", frozenset(), ())
    wrong = ab.BenchQuestion("q3", "staff", "codes", "tijdelijk onderwijs", frozenset({"terminologie.2.1"}), ())
    verdicts = ab.run_baseline(baseline, [toah, chit, wrong])
    assert verdicts["q1"].correct and verdicts["q2"].correct and not verdicts["q3"].correct


def test_baseline_on_the_draaiboek(ab: Any) -> None:
    source = ab.SOURCE_FILE.resolve()
    if not source.is_file():
        pytest.skip(f"het draaiboek ontbreekt ({source})")
    baseline = ab.Bm25Baseline(source, load_sections())
    [reply] = baseline.answer("luxeverzuim reis buiten de schoolvakanties zonder toestemming van de schooldirectie")
    assert reply.sections == ("terminologie.2.2",)
    assert "Luxeverzuim" in reply.text
