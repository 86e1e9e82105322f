"""The repository's typed queries on the real content."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import knowledge.repository
from knowledge.repository import ItemRef, KnowledgeRepository, SectionRef, StepInTrack
from knowledge.schema import AbsenceType, Code, GlossaryTerm, Partner, TrackContent
from knowledge.validate import load_sections


def test_codes(repo: KnowledgeRepository) -> None:
    codes = repo.list_codes()
    assert all(isinstance(c, Code) for c in codes)
    assert {"Z", "R", "P", "M", "A", "B", "L", "H"} <= {c.code for c in codes}
    z = repo.get_code("z")
    assert z is not None and z.code == "Z"
    assert repo.get_code("Q") is None


def test_the_parents_note_limits(repo: KnowledgeRepository) -> None:
    z = repo.get_code("Z")
    assert z is not None
    text = " ".join([z.summary, *z.limits, *(r.limit or "" for r in z.reasons)])
    assert "3 opeenvolgende kalenderdagen" in text
    assert "4 keer" in text


def test_code_reasons(repo: KnowledgeRepository) -> None:
    everything = repo.list_code_reasons()
    only_r = repo.list_code_reasons("R")
    assert only_r and all(code == "R" for code, _ in only_r)
    assert len(everything) > len(only_r)
    assert {code for code, _ in everything} <= {c.code for c in repo.list_codes()}
    assert all(reason.sections for _, reason in everything)


def test_absence_types(repo: KnowledgeRepository) -> None:
    types = repo.list_absence_types()
    assert all(isinstance(t, AbsenceType) for t in types)
    groups = {t.group for t in types}
    assert groups == {
        "spijbelvorm",
        "spijbelgedrag",
        "ouder-gemotiveerd",
        "kind-gemotiveerd",
        "ouders",
        "ziekte",
        "absoluut",
    }
    for group in groups:
        assert {t.id for t in repo.list_absence_types(group)} == {t.id for t in types if t.group == group}
    first = types[0]
    assert repo.get_absence_type(first.id) == first
    assert repo.get_absence_type("bestaat-niet") is None
    assert all(t.signals for t in types)


def test_partners_and_filters(repo: KnowledgeRepository) -> None:
    partners = repo.list_partners()
    assert all(isinstance(p, Partner) for p in partners)
    zorg = repo.list_partners(kind="zorg")
    assert zorg and all(p.kind == "zorg" for p in zorg)
    ziekte = repo.list_partners(track="ziekte")
    assert ziekte and all("ziekte" in p.tracks for p in ziekte)
    both = repo.list_partners(kind="zorg", track="ziekte")
    assert {p.id for p in both} == {p.id for p in zorg} & {p.id for p in ziekte}
    clb = repo.get_partner("clb")
    assert clb is not None and clb.name
    assert repo.get_partner("bestaat-niet") is None


def test_tracks_phases_and_steps(repo: KnowledgeRepository) -> None:
    tracks = repo.list_tracks()
    assert all(isinstance(t, TrackContent) for t in tracks)
    assert {t.id for t in tracks} == {"b-code", "ziekte", "schoolweigering"}
    for track in tracks:
        assert sorted(p.number for p in track.phases) == [0, 1, 2, 3], track.id
        phase = repo.get_phase(track.id, 1)
        assert phase is not None and phase.number == 1
        assert repo.get_track(track.id) == track
    assert repo.get_phase("b-code", 7) is None
    assert repo.get_track("bestaat-niet") is None

    steps = repo.list_steps("b-code")
    assert steps and all(isinstance(s, StepInTrack) and s.track == "b-code" for s in steps)
    assert len(repo.list_steps()) > len(steps)
    first = steps[0]
    assert repo.get_step(first.step.id) == first
    assert repo.get_step("bestaat-niet") is None
    partner_ids = {p.id for p in repo.list_partners()}
    for s in repo.list_steps():
        assert s.step.actor in partner_ids
        assert 0 <= s.phase <= 3


def test_b_code_thresholds(repo: KnowledgeRepository) -> None:
    thresholds = {s.step.min_b_codes for s in repo.list_steps("b-code")}
    assert 5 in thresholds  # signalling to the CLB from 5 B-codes
    five = [s for s in repo.list_steps("b-code") if s.step.min_b_codes == 5]
    assert any(s.step.actor == "school" or "clb" in s.step.partners or s.step.actor == "clb" for s in five)


def test_practices_and_questions(repo: KnowledgeRepository) -> None:
    assert repo.list_practices("b-code")
    assert len(repo.list_practices()) >= len(repo.list_practices("b-code"))
    questions = repo.list_questions()
    assert {"registratiebeleid", "opvolgingsbeleid", "inschrijvingsgesprek"} <= {q.topic for q in questions}


def test_checklists(repo: KnowledgeRepository) -> None:
    checklists = repo.list_checklists()
    assert {c.id for c in checklists} >= {"toah", "sio", "school-en-ziek-zijn"}
    toah = repo.get_checklist("toah")
    assert toah is not None and toah.conditions
    assert "21 kalenderdagen" in " ".join(toah.conditions)
    assert repo.get_checklist("bestaat-niet") is None


def test_topics(repo: KnowledgeRepository) -> None:
    topics = repo.list_topics()
    assert topics
    police = repo.list_topics("politie")
    assert police and all(t.kind == "politie" for t in police)
    assert repo.get_topic(topics[0].id) == topics[0]
    assert repo.get_topic("bestaat-niet") is None


@pytest.mark.parametrize(
    "term",
    [
        "CLB",
        "NAFT",
        "ROTS",
        "OCJ",
        "VK",
        "VOS",
        "NRTJ",
        "RTJ",
        "ITP",
        "MDO",
        "OKAN",
        "BaSO-fiche",
        "redicodi",
        "Se-n-Se",
        "PBD",
        "LOP",
        "AGODI",
    ],
)
def test_glossary_has_the_abbreviations_of_the_issue(repo: KnowledgeRepository, term: str) -> None:
    found = repo.get_term(term)
    assert isinstance(found, GlossaryTerm), term
    assert found.expansion


def test_glossary_lookup_ignores_case_and_spaces(repo: KnowledgeRepository) -> None:
    assert repo.get_term("  clb ") == repo.get_term("CLB")
    assert repo.get_term("bestaat niet") is None
    assert len(repo.list_glossary()) >= 17


def test_generic_items(repo: KnowledgeRepository) -> None:
    items = repo.list_items()
    assert len(items) == repo.count_items()
    assert all(isinstance(i, ItemRef) and i.sections for i in items)
    codes = repo.list_items(["code"])
    assert {i.kind for i in codes} == {"code"}
    z = repo.get_item("code:Z")
    assert z is not None and z.kind == "code" and z.key == "Z"
    assert z.sections[0] == SectionRef("terminologie.2.1", z.sections[0].title)
    assert repo.get_item("code:Q") is None


def test_sections(repo: KnowledgeRepository) -> None:
    usage = repo.list_sections()
    assert len(usage) == 55
    first = load_sections()[0]
    assert (usage[0].id, usage[0].line_start, usage[0].line_end) == (first.id, first.line_start, first.line_end)
    titles = {u.id: u.title for u in usage}
    assert repo.get_section("actoren.15.1") == SectionRef("actoren.15.1", titles["actoren.15.1"])
    assert repo.get_section("bestaat.niet") is None
    refs = repo.section_refs(["bijlage.1", "bestaat.niet", "inleiding", "bijlage.1"])
    assert [r.id for r in refs] == ["bijlage.1", "inleiding"]


def test_content_hash(repo: KnowledgeRepository) -> None:
    from knowledge.loader import content_hash

    assert repo.content_hash() == content_hash()


def test_the_repository_does_not_import_search() -> None:
    """Search builds on the repository, never the other way round (no import cycle)."""
    tree = ast.parse(Path(knowledge.repository.__file__).read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
            imported.update(f"{node.module}.{a.name}" for a in node.names)
    assert "knowledge.search" not in imported
    assert not hasattr(knowledge.repository.KnowledgeRepository, "search")


# -- the snapshot of the typed queries -------------------------------------------------------------------------
def _count_statements(engine: object) -> list[str]:
    from sqlalchemy import event

    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(str(args[2])))
    return statements


def test_typed_queries_read_the_snapshot_after_one_query(tmp_path: Path) -> None:
    """After the first repository of a content, a typed query asks the database only for the content's hash."""
    from sqlalchemy.orm import Session

    from knowledge.db import make_engine
    from knowledge.loader import load

    engine = make_engine(f"sqlite:///{tmp_path / 'kb.db'}")
    load(engine)
    with Session(engine) as session:
        KnowledgeRepository(session).list_codes()  # takes the snapshot
    statements = _count_statements(engine)
    with Session(engine) as session:
        repo = KnowledgeRepository(session)
        assert {c.code for c in repo.list_codes()} >= {"Z", "B"}
        assert repo.get_partner("clb") is not None
        assert repo.list_steps() and repo.get_step(repo.list_steps()[0].step.id) is not None
    assert len(statements) == 1 and "meta" in statements[0]


def test_new_content_is_read_after_a_reload(tmp_path: Path) -> None:
    """A reload with changed content gets a new hash, so the next repository reads the new content."""
    from sqlalchemy import update
    from sqlalchemy.orm import Session

    from knowledge.db import make_engine
    from knowledge.loader import HASH_KEY, load
    from knowledge.models import Item, Meta

    engine = make_engine(f"sqlite:///{tmp_path / 'kb.db'}")
    load(engine)
    with Session(engine) as session:
        before = KnowledgeRepository(session).get_code("Z")
    assert before is not None
    with Session(engine) as session, session.begin():
        item = session.get(Item, "code:Z")
        assert item is not None
        session.execute(update(Item).where(Item.id == "code:Z").values(data={**item.data, "name": "Nieuwe naam"}))
        session.execute(update(Meta).where(Meta.key == HASH_KEY).values(value="another-content"))
    with Session(engine) as session:
        after = KnowledgeRepository(session).get_code("Z")
    assert after is not None and after.name == "Nieuwe naam" != before.name


def test_content_without_a_hash_is_read_from_the_database(tmp_path: Path) -> None:
    from sqlalchemy import delete, update
    from sqlalchemy.orm import Session

    from knowledge.db import make_engine
    from knowledge.loader import load
    from knowledge.models import Item, Meta

    engine = make_engine(f"sqlite:///{tmp_path / 'kb.db'}")
    load(engine)
    with Session(engine) as session, session.begin():
        session.execute(delete(Meta))
    with Session(engine) as session:
        assert KnowledgeRepository(session).get_code("Z") is not None
    with Session(engine) as session, session.begin():
        item = session.get(Item, "code:Z")
        assert item is not None
        session.execute(update(Item).where(Item.id == "code:Z").values(data={**item.data, "name": "Gewijzigd"}))
    with Session(engine) as session:
        changed = KnowledgeRepository(session).get_code("Z")
    assert changed is not None and changed.name == "Gewijzigd"
