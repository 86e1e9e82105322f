"""Which code (terminologie.2.1, terminologie.2.2)."""

from __future__ import annotations

import pytest

from knowledge.guidance.which_code import CodeQuestion, find_code
from knowledge.repository import KnowledgeRepository


@pytest.mark.parametrize(
    ("reason", "code"),
    [
        ("begrafenis", "R"),
        ("huwelijk", "R"),
        ("familieraad", "R"),
        ("rechtbank", "R"),
        ("overmacht", "R"),
        ("jeugdbescherming", "R"),
        ("religieuze-feestdag", "R"),
        ("examencommissie", "R"),
        ("scholierenkoepel", "R"),
        ("covid-vaccinatie", "R"),
        ("schorsing", "R"),
        ("briefje-ouders", "Z"),
        ("medisch-attest", "Z"),
        ("twijfelachtig-attest", "B"),
        ("attest-chronisch-ziek", "Z"),
        ("type-5-school", "Z"),
        ("vakantie", "B"),
        ("time-out", "P"),
        ("zorgboerderij", "P"),
        ("revalidatie", "P"),
        ("quarantaine", "P"),
        ("duaal-zonder-werkplek", "M"),
        ("werkplek-onwil", "B"),
        ("leren-werken-solliciteren", "M"),
        ("kleuter-niet-leerplichtig", "A"),
        ("te-laat", "L"),
        ("spijbelen", "B"),
        ("andere", "B"),
    ],
)
def test_reason_to_code(repo: KnowledgeRepository, reason: str, code: str) -> None:
    answer = find_code(CodeQuestion(reason=reason), repo)  # type: ignore[arg-type]
    assert answer.code == code
    item = repo.get_code(code)
    assert item is not None
    assert (answer.name, answer.category) == (item.name, item.category)
    assert answer.sections


@pytest.mark.parametrize(("days", "code"), [(1, "Z"), (3, "Z"), (4, "B"), (10, "B")])
def test_parents_note_at_most_3_consecutive_days(repo: KnowledgeRepository, days: int, code: str) -> None:
    answer = find_code(CodeQuestion(reason="briefje-ouders", consecutive_days=days), repo)
    assert answer.code == code
    assert [a.code for a in answer.alternatives] == (["Z"] if code == "B" else [])


@pytest.mark.parametrize(("number", "code"), [(1, "Z"), (4, "Z"), (5, "B")])
def test_parents_note_at_most_4_times_a_year(repo: KnowledgeRepository, number: int, code: str) -> None:
    answer = find_code(CodeQuestion(reason="briefje-ouders", parent_note_number=number), repo)
    assert answer.code == code


def test_fifth_note_explains_why(repo: KnowledgeRepository) -> None:
    answer = find_code(CodeQuestion(reason="briefje-ouders", consecutive_days=3, parent_note_number=5), repo)
    assert answer.why == "Een briefje van de ouders volstaat hier niet meer: zonder medisch attest is het code B."
    assert (
        answer.reasons[1].text == "Ouders mogen hoogstens 4 keer per jaar zelf een briefje schrijven; dit is het 5de."
    )
    assert answer.alternatives[0].when == "als een medisch attest de afwezigheid staaft"


@pytest.mark.parametrize(("special", "code"), [(False, "P"), (True, "H")])
def test_rehabilitation_p_or_h(repo: KnowledgeRepository, special: bool, code: str) -> None:
    assert find_code(CodeQuestion(reason="revalidatie", special_needs_education=special), repo).code == code


@pytest.mark.parametrize(("expected", "code"), [(None, "R"), (False, "R"), (True, "B")])
def test_suspension(repo: KnowledgeRepository, expected: bool | None, code: str) -> None:
    answer = find_code(CodeQuestion(reason="schorsing", expected_at_school=expected), repo)
    assert answer.code == code
    assert "actoren.4.1" in answer.sections  # the CLB's obligatory trajectory


def test_dual_learning_without_workplace(repo: KnowledgeRepository) -> None:
    answer = find_code(CodeQuestion(reason="duaal-zonder-werkplek"), repo)
    assert answer.code == "M"
    assert [a.code for a in answer.alternatives] == ["B"]
    assert any("20 dagen" in r.text for r in answer.reasons)


def test_late_is_l_unless_the_school_decides_b(repo: KnowledgeRepository) -> None:
    answer = find_code(CodeQuestion(reason="te-laat"), repo)
    assert (answer.code, [a.code for a in answer.alternatives]) == ("L", ["B"])


def test_document_from_the_content(repo: KnowledgeRepository) -> None:
    answer = find_code(CodeQuestion(reason="rechtbank"), repo)
    reason = next(r for _c, r in repo.list_code_reasons("R") if r.id == "r-rechtbank")
    assert answer.document == reason.document
    assert answer.why == "Een oproeping of dagvaarding voor een rechtbank is van rechtswege gewettigd."


def test_holiday_is_b_without_document(repo: KnowledgeRepository) -> None:
    answer = find_code(CodeQuestion(reason="vakantie"), repo)
    assert (answer.code, answer.name, answer.category) == (
        "B",
        "Ongewettigde (problematische) afwezigheid",
        "problematisch",
    )
    assert answer.document is None
