"""Loading the content into SQL: idempotent, forced and changed reloads, and what the loaded content covers."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.orm import Session

from knowledge import loader
from knowledge.db import make_engine
from knowledge.loader import HASH_KEY, content_hash, item_rows, load
from knowledge.models import Item, Meta, Section, item_sections
from knowledge.repository import KnowledgeRepository
from knowledge.validate import CONTENT_DIR, ContentError, load_sections, read_content

# The partners the issue names; each must be in the knowledge base with a referral route.
ISSUE_PARTNERS = [
    "leerling",
    "ouders",
    "school",
    "pbd",
    "clb",
    "lokaal-bestuur",
    "agodi",
    "lop",
    "brugfiguur",
    "klasziekaal",
    "toah",
    "bednet",
    "school-en-ziek-zijn",
    "type-5-school",
    "k-dienst",
    "poah",
    "naft",
    "groene-zorg",
    "transitietraject",
    "lokale-initiatieven",
    "dagbesteding",
    "ocj",
    "vk",
    "politie",
    "parket",
    "parketcriminoloog",
    "jeugdrechtbank",
    "politierechtbank",
    "netwerk-samen-tegen-schooluitval",
    "rots",
    "uitstroombegeleiding",
    "itp",
    "caw",
    "cgg",
    "ocmw",
    "kjp",
    "brede-instap",
    "vdab",
    "vervolgschoolcoach",
    "ondersteuningsnetwerk",
]


@pytest.fixture()
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = make_engine(f"sqlite:///{tmp_path / 'kb.db'}")
    yield eng
    eng.dispose()


@pytest.fixture()
def content_copy(tmp_path: Path) -> Path:
    """A copy of the real content that a test may change."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


def counts(engine: Engine) -> tuple[int, int, int]:
    with Session(engine) as session:
        return (
            session.scalar(select(func.count()).select_from(Item)) or 0,
            session.scalar(select(func.count()).select_from(Section)) or 0,
            session.scalar(select(func.count()).select_from(item_sections)) or 0,
        )


def stored_hash(engine: Engine) -> str | None:
    with Session(engine) as session:
        return session.scalar(select(Meta.value).where(Meta.key == HASH_KEY))


def test_load_fills_the_database(engine: Engine) -> None:
    assert load(engine) is True
    n_items, n_sections, n_links = counts(engine)
    assert n_items == len(item_rows(read_content()))
    assert n_sections == len(load_sections()) == 55
    assert n_links >= n_items  # every item cites at least one section
    assert stored_hash(engine) == content_hash()


def test_reload_of_unchanged_content_does_nothing(engine: Engine) -> None:
    assert load(engine) is True
    before = counts(engine)
    assert load(engine) is False
    assert counts(engine) == before


def test_forced_reload_replaces_everything(engine: Engine) -> None:
    load(engine)
    before = counts(engine)
    assert load(engine, force=True) is True
    assert counts(engine) == before
    assert stored_hash(engine) == content_hash()


def test_changed_content_is_reloaded(engine: Engine, content_copy: Path) -> None:
    assert load(engine, content_copy) is True
    partners = content_copy / "partners.yml"
    text = partners.read_text(encoding="utf-8")
    assert "annick.steyt@samentegenschooluitval-wvl.be" in text
    partners.write_text(text.replace("+32 499 88 66 93", "+32 499 00 00 00"), encoding="utf-8")
    assert load(engine, content_copy) is True
    with Session(engine) as session:
        rots = KnowledgeRepository(session).get_partner("rots")
    assert rots is not None
    assert "+32 499 00 00 00" in [c.phone for c in rots.contacts]
    assert load(engine, content_copy) is False


def test_invalid_content_leaves_the_database_untouched(engine: Engine, content_copy: Path) -> None:
    load(engine, content_copy)
    before, digest = counts(engine), stored_hash(engine)
    (content_copy / "kapot.yml").write_text("partners:\n  - id: x\n", encoding="utf-8")
    with pytest.raises(ContentError) as excinfo:
        load(engine, content_copy)
    assert any(e.startswith("content/kapot.yml: partners[0] (id 'x'): ") for e in excinfo.value.errors)
    assert counts(engine) == before
    assert stored_hash(engine) == digest


def test_tables_of_an_older_schema_are_recreated(engine: Engine) -> None:
    """A database loaded by an older version (here: an items column the models no longer have) is rebuilt."""
    assert load(engine) is True
    before = counts(engine)
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE items ADD COLUMN body TEXT NOT NULL DEFAULT ''"))
    assert load(engine) is True  # same content, but the tables were stale: reloaded
    assert "body" not in {c["name"] for c in inspect(engine).get_columns("items")}
    assert counts(engine) == before
    assert stored_hash(engine) == content_hash()
    assert load(engine) is False


def test_items_keep_parents_and_data(kb_engine: Engine) -> None:
    with Session(kb_engine) as session:
        reason = session.scalars(select(Item).where(Item.kind == "code-reason")).first()
        step = session.scalars(select(Item).where(Item.kind == "step")).first()
        assert reason is not None and reason.parent_id is not None and reason.parent_id.startswith("code:")
        assert reason.data["code"] == reason.parent_id.removeprefix("code:")
        assert step is not None and step.parent_id is not None and step.parent_id.startswith("phase:")
        assert {"track", "phase", "actor", "mandatory"} <= set(step.data)


def test_every_section_is_cited_by_at_least_one_item(repo: KnowledgeRepository) -> None:
    usage = repo.list_sections()
    assert [s.id for s in usage] == [s.id for s in load_sections()]
    uncited = [s.id for s in usage if s.item_count == 0]
    assert not uncited, f"{len(uncited)} sectie(s) zonder enig item dat ze citeert: {', '.join(uncited)}"


def test_every_partner_of_the_issue_is_present_with_a_referral_route(repo: KnowledgeRepository) -> None:
    present = {p.id: p for p in repo.list_partners()}
    missing = [pid for pid in ISSUE_PARTNERS if pid not in present]
    assert not missing, f"ontbrekende partners: {', '.join(missing)}"
    for pid in ISSUE_PARTNERS:
        partner = present[pid]
        assert partner.referral.who and all(w.strip() for w in partner.referral.who), pid
        assert partner.referral.how and all(h.strip() for h in partner.referral.how), pid
        assert partner.description and partner.for_whom and partner.when, pid
        assert partner.sections, pid


def test_referral_documents_of_the_draaiboek(repo: KnowledgeRepository) -> None:
    def route(pid: str) -> str:
        partner = repo.get_partner(pid)
        assert partner is not None, pid
        return " ".join([*partner.referral.how, *partner.referral.documents]).lower()

    assert "a-document" in route("itp")
    assert "m-document" in route("ocj")
    assert "m-document" in route("vk")
    assert "meldingsfiche" in route("politie")


def test_contacts_of_rots_and_lop(repo: KnowledgeRepository) -> None:
    rots = repo.get_partner("rots")
    assert rots is not None
    emails = {c.email for c in rots.contacts}
    phones = {c.phone for c in rots.contacts}
    assert {"annick.steyt@samentegenschooluitval-wvl.be", "ludo.lemahieu@cdvaura.be"} <= emails
    assert {"+32 499 88 66 93", "+32 476 39 31 63"} <= phones
    lop = repo.get_partner("lop")
    assert lop is not None
    lop_emails = {(c.email or "").lower() for c in lop.contacts}
    for email in [
        "luna.janssen@ond.vlaanderen.be",
        "riccardo.vandewalle@ond.vlaanderen.be",
        "johan.debackere@ond.vlaanderen.be",
        "sibylle.decuyper@ond.vlaanderen.be",
    ]:
        assert email in lop_emails, email


def test_command_line(monkeypatch: pytest.MonkeyPatch, engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    import knowledge.db

    monkeypatch.setattr(knowledge.db, "get_engine", lambda: engine)
    assert loader.main([]) == 0
    assert "Kennisbank geladen" in capsys.readouterr().out
    assert loader.main([]) == 0
    assert "Kennisbank was al up-to-date" in capsys.readouterr().out
    assert loader.main(["--force"]) == 0
    assert "Kennisbank geladen" in capsys.readouterr().out
