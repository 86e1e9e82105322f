"""Dutch search: word forms meet, accents fold, stop words go, compounds split, and the ranking makes sense."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from knowledge import search as search_module
from knowledge.repository import ItemRef, KnowledgeRepository, SectionRef
from knowledge.search import DutchAnalyzer, SearchIndex, get_index, search
from knowledge.validate import load_sections

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def analyzer() -> DutchAnalyzer:
    return DutchAnalyzer(["afwezigheid", "registratie", "leerplicht", "begeleiding", "spijbelen", "gedrag"])


def item(
    key: str,
    title: str,
    summary: str = "",
    body: str = "",
    kind: str = "topic",
    sections: tuple[str, ...] = ("inleiding",),
) -> ItemRef:
    data = {"id": key, "title": title, "summary": summary, "points": [body] if body else [], "sections": list(sections)}
    return ItemRef(
        id=f"{kind}:{key}",
        kind=kind,
        key=key,
        title=title,
        summary=summary,
        sections=[SectionRef(s, s) for s in sections],
        data=data,
    )


# -- the analyzer ---------------------------------------------------------------------------------------
def test_the_three_spijbel_forms_meet(analyzer: DutchAnalyzer) -> None:
    stems = {
        w: analyzer.terms(w) for w in ["spijbelde", "spijbelaars", "spijbelen", "spijbelt", "gespijbeld", "Spijbelaar"]
    }
    assert len({tuple(t) for t in stems.values()}) == 1, stems


def test_other_inflections_meet(analyzer: DutchAnalyzer) -> None:
    assert analyzer.terms("leerlingen") == analyzer.terms("leerling")
    assert analyzer.terms("afwezigheden") == analyzer.terms("afwezigheid")
    assert analyzer.terms("ziekte") == analyzer.terms("zieke") == analyzer.terms("ziek")
    assert analyzer.terms("geschorst") == analyzer.terms("schorsing")
    assert analyzer.terms("scholen") == analyzer.terms("school")


def test_accents_fold(analyzer: DutchAnalyzer) -> None:
    assert analyzer.terms("geïntegreerd zorgcontinuüm") == analyzer.terms("geintegreerd zorgcontinuum")
    assert analyzer.terms("PATIËNT") == analyzer.terms("patient")


def test_stop_words_are_removed(analyzer: DutchAnalyzer) -> None:
    assert analyzer.terms("Wat is het en hoe moet ik dat doen?") == []
    assert analyzer.terms("Mijn zoon spijbelt") == analyzer.terms("spijbelen")
    assert analyzer.query("de het een") == {}


def test_codes_and_hyphens(analyzer: DutchAnalyzer) -> None:
    b_codes = analyzer.terms("B-codes")
    assert analyzer.stem("b") in b_codes and analyzer.stem("code") in b_codes
    assert analyzer.terms("code Z") == [analyzer.stem("code"), "z"]


def test_compounds_are_split(analyzer: DutchAnalyzer) -> None:
    assert analyzer.split("afwezigheidsregistratie") == ("afwezigheid", "registratie")
    assert analyzer.split("leerplichtbegeleiding") == ("leerplicht", "begeleiding")
    assert analyzer.split("spijbelgedrag") == ("spijbel", "gedrag")
    terms = dict(analyzer.weighted_terms("afwezigheidsregistratie"))
    assert terms[analyzer.stem("registratie")] < 1.0  # parts weigh less than the whole word
    assert analyzer.stem("afwezigheid") in terms
    # Derivations are not compounds.
    assert analyzer.split("spijbelaars") == ()
    assert analyzer.split("afwezigheid") == ()


def test_synonyms_expand_queries_only(analyzer: DutchAnalyzer) -> None:
    query = analyzer.query("brossen")
    assert query[analyzer.stem("spijbelen")] < 1.0
    assert analyzer.stem("spijbelen") not in dict(analyzer.weighted_terms("brossen"))
    assert analyzer.stem("spijbelen") not in DutchAnalyzer(synonyms=False).query("brossen")


# -- ranking on a small index -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small_index() -> SearchIndex:
    return SearchIndex(
        [
            item("titel", "Spijbelen", "Wat de school doet.", sections=("terminologie.2.2",)),
            item("samenvatting", "Opvolging", "Leerlingen die spijbelen krijgen een gesprek."),
            item("tekst", "Registratie", "Hoe de school registreert.", "Ook wie spijbelt, wordt geregistreerd."),
            item(
                "ziekte",
                "Tijdelijk onderwijs aan huis",
                "Voor zieke leerlingen die lang afwezig zijn.",
                kind="checklist",
                sections=("actieplan.2.2.1", "actoren.9"),
            ),
            item("ander", "Politie", "De lokale politie en de meldingsfiche."),
            item("registratiebeleid", "Afwezigheidsregistratie", "Wie registreert afwezigheden en hoe."),
        ]
    )


def test_title_beats_summary_beats_body(small_index: SearchIndex) -> None:
    hits = small_index.search("spijbelaars")
    assert [h.key for h in hits] == ["titel", "samenvatting", "tekst"]
    assert hits[0].score > hits[1].score > hits[2].score > 0


def test_more_matching_words_rank_higher(small_index: SearchIndex) -> None:
    hits = small_index.search("zieke leerling langdurig afwezig thuis onderwijs")
    assert hits[0].key == "ziekte"
    assert hits[0].kind == "checklist"
    assert [s.id for s in hits[0].sections] == ["actieplan.2.2.1", "actoren.9"]


def test_compound_query_finds_its_parts(small_index: SearchIndex) -> None:
    assert small_index.search("registratie van afwezigheden")[0].key == "registratiebeleid"
    assert small_index.search("afwezigheidsregistratie")[0].key == "registratiebeleid"


def test_limit_kinds_and_empty_queries(small_index: SearchIndex) -> None:
    assert len(small_index.search("spijbelen", limit=2)) == 2
    assert small_index.search("spijbelen", limit=0) == []
    assert [h.key for h in small_index.search("afwezig", kinds=["checklist"])] == ["ziekte"]
    assert small_index.search("") == []
    assert small_index.search("   ?! ") == []
    assert small_index.search("de het een van") == []
    assert small_index.search("xylofoon") == []


def test_snippet_is_the_best_sentence(small_index: SearchIndex) -> None:
    hit = small_index.search("geregistreerd spijbelt")[0]
    assert hit.key == "tekst"
    assert hit.snippet == "Ook wie spijbelt, wordt geregistreerd."


def test_long_snippets_are_shortened() -> None:
    long_text = "Spijbelen " + "heel lang verhaal " * 40 + "einde."
    index = SearchIndex([item("lang", "Iets", long_text)])
    snippet = index.search("spijbelen")[0].snippet
    assert len(snippet) <= 220 and snippet.endswith("…")


# -- the real knowledge base ---------------------------------------------------------------------------------
def test_spijbel_forms_find_the_same_items(repo: KnowledgeRepository) -> None:
    tops = [{h.id for h in search(repo, q, limit=5)} for q in ("spijbelde", "spijbelaars", "spijbelen")]
    assert all(tops)
    assert tops[0] == tops[2]  # both are forms of the verb
    assert tops[0] & tops[1]


def test_hits_are_complete(repo: KnowledgeRepository) -> None:
    hits = search(repo, "Wanneer schakelt de school de politie in?", limit=10)
    assert len(hits) == 10
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    section_ids = {s.id for s in repo.list_sections()}
    for h in hits:
        assert h.id and h.kind and h.title and h.snippet
        assert h.sections and all(s.id in section_ids and s.title for s in h.sections)
    assert any(s.id == "actoren.12" for h in hits[:3] for s in h.sections)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Mag ik zelf een briefje schrijven als mijn kind ziek is?", {"code:Z", "code-reason:z-verklaring-ouders"}),
        ("Wat is ROTS?", {"partner:rots", "term:rots"}),
        # Applying for Bednet: the item, or the step that says how to apply.
        (
            "Bednet aanvragen",
            {"partner:bednet", "checklist:sio", "term:bednet", "term:sio", "step:ziekte-f1-sio-aanvragen"},
        ),
        ("tijdelijk onderwijs aan huis voorwaarden", {"checklist:toah", "partner:toah", "term:toah"}),
    ],
)
def test_obvious_questions_find_the_obvious_item(repo: KnowledgeRepository, query: str, expected: set[str]) -> None:
    top3 = {h.id for h in search(repo, query, limit=3)}
    assert top3 & expected, (query, top3)


def test_kinds_filter(repo: KnowledgeRepository) -> None:
    hits = search(repo, "spijbelen", limit=20, kinds=["absence-type"])
    assert hits and {h.kind for h in hits} == {"absence-type"}


def test_index_is_cached_per_content_hash(repo: KnowledgeRepository, monkeypatch: pytest.MonkeyPatch) -> None:
    first = get_index(repo)
    assert get_index(repo) is first
    assert len(first) == repo.count_items()
    monkeypatch.setattr(repo, "content_hash", lambda: "een-andere-inhoud")
    assert get_index(repo) is not first
    monkeypatch.setattr(repo, "content_hash", lambda: None)  # nothing loaded by the loader: never cached
    assert get_index(repo) is not get_index(repo)
    assert len(search_module._INDEXES._values) <= search_module._INDEXES.size


def test_benchmark_search_beats_plain_bm25() -> None:
    """The knowledge search must win on the question set (bench/search_questions.yml)."""
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import search_bench
    finally:
        sys.path.remove(str(REPO / "bench"))
    source = search_bench.SOURCE_FILE.resolve()
    if not source.is_file():
        pytest.skip(f"het draaiboek ontbreekt ({source}); de benchmark vergelijkt met zijn alinea's")
    questions = search_bench.load_questions()
    assert len(questions) >= 60
    ours, _ = search_bench.evaluate("kennisbank", search_bench.knowledge_ranker(None), questions)
    base, _ = search_bench.evaluate("bm25", search_bench.baseline_ranker(source, load_sections()), questions)
    assert ours.top1 > base.top1
    assert ours.top3 > base.top3


@pytest.mark.parametrize(
    ("form", "infinitive"),
    [("durf", "durven"), ("durft", "durven"), ("blijft", "blijven"), ("slaapt", "slapen"), ("vertelt", "vertellen")],
)
def test_present_tense_verb_forms_meet_their_infinitive(form: str, infinitive: str) -> None:
    """The lemma table lacks many present-tense forms; "ik durf niet" must find "durven"."""
    from knowledge.search import DutchAnalyzer

    analyzer = DutchAnalyzer(["durven", "blijven", "slapen", "vertellen"])
    assert analyzer.stem(form) == analyzer.stem(infinitive)
