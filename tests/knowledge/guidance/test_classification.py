"""Absence classification (terminologie.2.x, aanbevelingen.data, actieplan.3.1)."""

from __future__ import annotations

import pytest

from knowledge.guidance.classification import AbsenceAnswers, classify_absence
from knowledge.guidance.which_code import CodeQuestion, find_code
from knowledge.repository import KnowledgeRepository


def test_not_enrolled_is_absolute_absence(repo: KnowledgeRepository) -> None:
    result = classify_absence(AbsenceAnswers(enrolled=False), repo)
    assert result.certainty == "likely"
    assert result.candidate_ids == ("absoluut-schoolverzuim",)
    assert result.code is None
    assert "terminologie.2.3" in result.sections


def test_home_education_is_no_absence(repo: KnowledgeRepository) -> None:
    result = classify_absence(AbsenceAnswers(enrolled=False, home_education=True), repo)
    assert (result.certainty, result.candidates, result.code) == ("none", (), None)
    assert result.sections == ("terminologie.1",)


def test_anxiety_at_home_with_parents_aware_is_school_refusal_or_phobia(repo: KnowledgeRepository) -> None:
    result = classify_absence(
        AbsenceAnswers(feeling="anxious", parents_know=True, location="home", enrolled=True, parents_keep_home=False),
        repo,
    )
    assert result.certainty == "several"
    assert result.candidate_ids == ("schoolweigering", "schoolfobie")
    assert result.tracks == ("schoolweigering",)
    assert len(result.candidates[0].signals) == 3
    assert result.distinguish[0].text.startswith("Schoolweigering of schoolfobie")
    assert result.code is None  # depends on whether the absence is justified
    assert "actieplan.3.1" in result.sections


def test_anxious_and_ill_with_certificate_is_code_z(repo: KnowledgeRepository) -> None:
    result = classify_absence(AbsenceAnswers(feeling="anxious", ill=True, certificate="medical", enrolled=True), repo)
    assert result.code == "Z"
    assert "schoolweigering" in result.candidate_ids
    assert "ziekte" not in result.candidate_ids


def test_unaware_parents_and_pupil_elsewhere_is_truancy(repo: KnowledgeRepository) -> None:
    result = classify_absence(
        AbsenceAnswers(
            feeling="negative",
            parents_know=False,
            location="elsewhere",
            enrolled=True,
            ill=False,
            parents_keep_home=False,
        ),
        repo,
    )
    assert result.certainty == "likely"
    assert result.candidate_ids == ("traditionele-spijbelaars",)
    assert result.code == "B"
    assert result.tracks == ("b-code",)
    assert len(result.candidates[0].signals) == 3


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (AbsenceAnswers(feeling="indifferent", parents_know=True, location="home"), ("thuisblijvers",)),
        (
            AbsenceAnswers(feeling="indifferent", parents_know=True, location="elsewhere"),
            ("ouder-gedoogde-sociale-spijbelaars",),
        ),
        (AbsenceAnswers(parents_keep_home=True, parents_know=True), ("schoolonthouding",)),
        (AbsenceAnswers(holiday_trip=True, parents_know=True), ("luxeverzuim",)),
        (AbsenceAnswers(ill=True, certificate="medical", illness_days=22), ("langdurige-of-chronische-ziekte",)),
        (AbsenceAnswers(ill=True, certificate="medical", illness_days=21), ("ziekte",)),
        (AbsenceAnswers(ill=True, certificate="medical", chronic=True), ("langdurige-of-chronische-ziekte",)),
        (
            AbsenceAnswers(ill=True, certificate="medical", illness_kind="psychological", illness_days=5),
            ("psychische-kwetsbaarheid",),
        ),
    ],
)
def test_single_types(repo: KnowledgeRepository, answers: AbsenceAnswers, expected: tuple[str, ...]) -> None:
    result = classify_absence(answers, repo)
    assert result.candidate_ids == expected
    assert result.certainty == "likely"


@pytest.mark.parametrize(
    ("answers", "code"),
    [
        (AbsenceAnswers(ill=True, certificate="medical", illness_days=2), "Z"),
        (AbsenceAnswers(ill=True, certificate="parents_note", illness_days=3), "Z"),
        (AbsenceAnswers(ill=True, certificate="parents_note", illness_days=4), "B"),
        (AbsenceAnswers(ill=True, certificate="doubtful"), "B"),
        (AbsenceAnswers(holiday_trip=True), "B"),
        (AbsenceAnswers(parents_keep_home=True), "B"),
        (AbsenceAnswers(ill=True), None),
        (AbsenceAnswers(enrolled=False), None),
    ],
)
def test_code(repo: KnowledgeRepository, answers: AbsenceAnswers, code: str | None) -> None:
    assert classify_absence(answers, repo).code == code


def test_a_doubtful_certificate_is_b_but_no_traditional_truancy(repo: KnowledgeRepository) -> None:
    """Draaiboek lines 266-267: "Afwezig wegens ziekte, gestaafd met een twijfelachtig medisch attest" is unjustified
    (B). Lines 300-301: traditionele spijbelaars truant in a group, hardly ever at home, often without the parents
    knowing; a doubtful certificate says none of that. The old engine made them a candidate."""
    result = classify_absence(AbsenceAnswers(ill=True, certificate="doubtful", enrolled=True), repo)
    assert "traditionele-spijbelaars" not in result.candidate_ids
    assert result.code == "B"
    assert result.code_reason is not None
    assert result.code_reason.sections == ("terminologie.2.2",)
    assert result.code_reason.key == "classification.code.doubtful_certificate"


def test_a_doubtful_certificate_leaves_the_type_to_the_other_answers(repo: KnowledgeRepository) -> None:
    """With the answers of lines 300-301 (in a group elsewhere, parents unaware) the type is traditional truancy,
    certificate or not."""
    result = classify_absence(
        AbsenceAnswers(ill=True, certificate="doubtful", parents_know=False, location="elsewhere", feeling="negative"),
        repo,
    )
    assert result.candidate_ids == ("traditionele-spijbelaars",)
    assert [s.key for s in result.candidates[0].signals] == [
        "classification.signal.parents_unaware",
        "classification.signal.outside_home",
        "classification.signal.unmotivated",
    ]


@pytest.mark.parametrize(("days", "code"), [(2, "Z"), (3, "Z"), (4, "B"), (8, "B")])
def test_a_parents_note_beyond_3_days_says_what_the_draaiboek_leaves_open(
    repo: KnowledgeRepository, days: int, code: str
) -> None:
    """Draaiboek lines 142-143: "Met een schriftelijke verklaring van ouders (max 3 opeenvolgende kalenderdagen, max 4
    keer per jaar)". Nothing says whether the first 3 days of a longer absence keep Z: the answer says so, and it is
    the same sentence as the which-code engine's. The old engine said "de rest" is B (the which-code engine: all)."""
    result = classify_absence(AbsenceAnswers(ill=True, certificate="parents_note", illness_days=days), repo)
    assert result.code == code
    assert result.code_reason is not None
    if code == "Z":
        assert "4 keer per jaar" in result.code_reason.text
        return
    answer = find_code(CodeQuestion(reason="briefje-ouders", consecutive_days=days), repo)
    same = next(r for r in answer.reasons if r.key == result.code_reason.key)
    assert same == result.code_reason
    text = result.code_reason.text
    assert "hoogstens 3 opeenvolgende kalenderdagen en hoogstens 4 keer per jaar" in text
    assert "per schooljaar" not in text
    assert "zegt het draaiboek niet uitdrukkelijk" in text
    assert f"hier gaat het om {days} dagen" in text


def test_parent_motive_question_for_home_staying(repo: KnowledgeRepository) -> None:
    result = classify_absence(AbsenceAnswers(parents_keep_home=True, parents_know=True), repo)
    assert any("onmacht" in d.text for d in result.distinguish)


def test_no_answers_is_unclear_with_questions(repo: KnowledgeRepository) -> None:
    result = classify_absence(AbsenceAnswers(), repo)
    assert result.certainty == "unclear"
    assert result.candidates == ()
    assert result.questions == (
        "Is de leerling ingeschreven in een school?",
        "Hoe voelt de leerling zich bij het vooruitzicht naar school te gaan?",
        "Weten de ouders van de afwezigheid?",
        "Waar is de leerling tijdens de afwezigheid: thuis of elders?",
        "Houden de ouders hun kind zelf thuis?",
        "Is de leerling ziek?",
    )


def test_names_and_tracks_come_from_the_content(repo: KnowledgeRepository) -> None:
    result = classify_absence(AbsenceAnswers(feeling="anxious", parents_know=True, location="home"), repo)
    refusal = result.candidates[0]
    item = repo.get_absence_type("schoolweigering")
    assert item is not None
    assert (refusal.name, refusal.track, refusal.codes) == (item.name, item.track, tuple(item.codes))


def test_refusal_or_phobia_names_and_sections(repo: KnowledgeRepository) -> None:
    result = classify_absence(AbsenceAnswers(feeling="anxious", parents_know=True, location="home"), repo)
    assert [c.name for c in result.candidates] == ["Schoolweigering", "Schoolfobie"]
    assert len(repo.section_refs(list(result.sections))) == len(result.sections)
