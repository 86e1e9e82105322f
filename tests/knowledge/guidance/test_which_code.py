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


def test_suspended_pupil_expected_at_school_is_b_by_inference_and_says_so(repo: KnowledgeRepository) -> None:
    """Draaiboek lines 176-177: R for "Afwezigheid vanwege schorsing of uitsluiting bij schending van leefregels,
    indien leerling niet op school wordt verwacht". What holds when the pupil is expected the draaiboek does not say;
    B follows from line 280 (other reasons that cannot be justified). The old answer gave it as a rule."""
    answer = find_code(CodeQuestion(reason="schorsing", expected_at_school=True), repo)
    assert answer.code == "B"
    assert answer.why.startswith("Het draaiboek zegt het niet uitdrukkelijk, maar")
    assert answer.why.render("parent").startswith("Het draaiboek zegt het niet letterlijk, maar")
    assert answer.why.render("youth").startswith("Het draaiboek zegt het niet letterlijk, maar")
    assert {"terminologie.2.1", "terminologie.2.2"} <= set(answer.sections)


@pytest.mark.parametrize("days", [4, 5, 10])
def test_parents_note_beyond_3_days_leaves_the_first_days_open(repo: KnowledgeRepository, days: int) -> None:
    """Draaiboek lines 142-143: "max 3 opeenvolgende kalenderdagen, max 4 keer per jaar". The days the note does not
    cover are B without another document (lines 263-264, 280); whether the first 3 keep Z the draaiboek does not say
    explicitly, and the answer says so. The old answer made the whole absence B ("Een briefje van de ouders volstaat
    hier niet meer") and "Zonder ander geldig stuk is de afwezigheid niet gewettigd"."""
    answer = find_code(CodeQuestion(reason="briefje-ouders", consecutive_days=days), repo)
    assert answer.code == "B"
    assert answer.why.startswith("Een briefje van de ouders dekt hoogstens 3 opeenvolgende kalenderdagen: de dagen")
    keys = [r.key for r in answer.reasons]
    assert "which_code.reason.not_justified" not in keys
    beyond = next(r for r in answer.reasons if r.key == "which_code.reason.note_too_long")
    for role in (None, "parent", "youth"):
        said = beyond.render(role)
        assert "4 keer per jaar" in said
        assert "schooljaar" not in said
        assert f"{days} dagen" in said
    assert "zegt het draaiboek niet uitdrukkelijk" in beyond.text
    assert [a.code for a in answer.alternatives] == ["Z"]


def test_a_fifth_note_justifies_none_of_its_days(repo: KnowledgeRepository) -> None:
    """Line 143: "max 4 keer per jaar": a fifth note is no justification at all."""
    answer = find_code(CodeQuestion(reason="briefje-ouders", consecutive_days=5, parent_note_number=5), repo)
    assert answer.code == "B"
    keys = [r.key for r in answer.reasons]
    assert {"which_code.reason.note_too_many", "which_code.reason.not_justified"} <= set(keys)
    assert answer.why == "Een briefje van de ouders volstaat hier niet meer: zonder medisch attest is het code B."


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
