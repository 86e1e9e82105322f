"""Illness support: TOAH, SIO and School en Ziek zijn (actieplan.2, actieplan.2.2.x)."""

from __future__ import annotations

import pytest

from knowledge.guidance.illness import (
    TOAH_CONDITIONS,
    IllnessSituation,
    advise_illness,
    check_sio,
    check_toah,
    chronic_for_toah,
    relapse_continues_toah,
    toah_lessons,
)
from knowledge.repository import KnowledgeRepository


def toah(repo: KnowledgeRepository, **kwargs: object):  # type: ignore[no-untyped-def]
    kwargs.setdefault("level", "basis")
    kwargs.setdefault("distance_km", 5)
    return check_toah(IllnessSituation(**kwargs), repo)  # type: ignore[arg-type]


@pytest.mark.parametrize(("days", "status"), [(0, "not_yet"), (21, "not_yet"), (22, "eligible"), (60, "eligible")])
def test_more_than_21_consecutive_calendar_days(repo: KnowledgeRepository, days: int, status: str) -> None:
    assert toah(repo, days_absent_consecutive=days).status == status


def test_21_days_says_what_is_missing(repo: KnowledgeRepository) -> None:
    result = toah(repo, days_absent_consecutive=21)
    assert [m.text for m in result.missing] == [
        "Nog 1 kalenderdag ononderbroken afwezigheid: het recht begint na meer dan 21 kalenderdagen."
    ]
    assert [s.id for s in result.next_steps] == ["ziekte-f1-recht-vaststellen"]


def test_missing_days_in_plural_and_for_a_parent(repo: KnowledgeRepository) -> None:
    result = toah(repo, days_absent_consecutive=10)
    assert result.missing[0].text.startswith("Nog 12 kalenderdagen ononderbroken afwezigheid")
    assert result.missing[0].render("parent") == (
        "Het recht op TOAH begint pas als je kind meer dan 21 dagen na elkaar afwezig is (weekends en "
        "vakantiedagen tellen mee). Dat duurt nog 12 kalenderdagen."
    )


@pytest.mark.parametrize(
    ("half_days", "status", "lessons"),
    [
        (0, "not_yet", 0),
        (8, "not_yet", 0),
        (9, "eligible", 4),
        (17, "eligible", 4),
        (18, "eligible", 8),
        (27, "eligible", 12),
    ],
)
def test_chronic_4_lessons_per_9_half_days(
    repo: KnowledgeRepository, half_days: int, status: str, lessons: int
) -> None:
    advice = advise_illness(
        IllnessSituation(level="secundair", chronic=True, half_days_absent=half_days, distance_km=3), repo
    )
    assert advice.toah.status == status
    assert advice.toah_lessons == lessons
    assert toah_lessons(half_days) == lessons


def test_chronic_8_half_days_misses_one(repo: KnowledgeRepository) -> None:
    result = toah(repo, chronic=True, half_days_absent=8)
    assert [m.text for m in result.missing] == ["Nog 1 halve dag afwezigheid tot de eerste 9 halve dagen."]


@pytest.mark.parametrize(
    ("special", "km", "status"),
    [
        (False, 10, "eligible"),
        (False, 11, "school_decides"),
        (False, 10.5, "school_decides"),
        (True, 20, "eligible"),
        (True, 21, "school_decides"),
        (False, 20, "school_decides"),
        (True, 11, "eligible"),
    ],
)
def test_distance_10_km_mainstream_20_km_special(
    repo: KnowledgeRepository, special: bool, km: float, status: str
) -> None:
    advice = advise_illness(
        IllnessSituation(level="basis", special_needs_education=special, days_absent_consecutive=30, distance_km=km),
        repo,
    )
    assert advice.toah.status == status
    assert advice.eligible is (status == "eligible")
    assert advice.school_decides is (status == "school_decides")


def test_school_may_still_organise_beyond_the_distance(repo: KnowledgeRepository) -> None:
    result = toah(repo, days_absent_consecutive=30, distance_km=11)
    assert any("De school mag beslissen om toch TOAH te organiseren" in r.text for r in result.reasons)
    assert [s.id for s in result.next_steps] == [
        "ziekte-f1-ouders-informeren",
        "ziekte-f1-toah-aanvragen",
        "ziekte-f1-toah-melden",
    ]


def test_request_to_the_director_with_medical_certificate_and_report_in_the_week_after(
    repo: KnowledgeRepository,
) -> None:
    result = toah(repo, days_absent_consecutive=25)
    steps = {s.id: s for s in result.next_steps}
    request = steps["ziekte-f1-toah-aanvragen"]
    assert request.actor == "ouders"
    assert request.mandatory is True
    assert "directeur" in request.action
    assert "medisch attest" in request.action
    report = steps["ziekte-f1-toah-melden"]
    assert report.actor == "school"
    assert "week" in (report.action + report.why)
    for s in result.next_steps:
        found = repo.get_step(s.id)
        assert found is not None
        assert (s.action, s.summary, s.mandatory, s.actor) == (
            found.step.action,
            found.step.summary,
            found.step.mandatory,
            found.step.actor,
        )


def test_missing_medical_certificate(repo: KnowledgeRepository) -> None:
    result = toah(repo, days_absent_consecutive=25, medical_certificate=False)
    assert result.status == "not_yet"
    assert len(result.missing) == 1
    assert result.missing[0].text.startswith("Een medisch attest")


def test_names_come_from_the_checklists(repo: KnowledgeRepository) -> None:
    advice = advise_illness(IllnessSituation(level="basis", days_absent_consecutive=25), repo)
    for support, checklist_id in [
        (advice.toah, "toah"),
        (advice.sio, "sio"),
        (advice.school_en_ziek_zijn, "school-en-ziek-zijn"),
    ]:
        checklist = repo.get_checklist(checklist_id)
        assert checklist is not None
        assert support.name == checklist.name


@pytest.mark.parametrize(
    ("kindergarten_year", "age", "status"),
    [
        (1, 3, "not_eligible"),
        (2, 4, "not_eligible"),
        (2, 5, "can_apply"),
        (3, 4, "can_apply"),
        (3, None, "can_apply"),
        (2, None, "not_eligible"),
    ],
)
def test_sio_from_third_kindergarten_or_age_5(
    repo: KnowledgeRepository, kindergarten_year: int, age: int | None, status: str
) -> None:
    result = check_sio(
        IllnessSituation(level="basis", kindergarten_year=kindergarten_year, age=age, days_absent_consecutive=30), repo
    )
    assert result.status == status


@pytest.mark.parametrize(("half_days", "status"), [(35, "not_eligible"), (36, "can_apply")])
def test_sio_at_least_36_half_days_for_chronic_illness(repo: KnowledgeRepository, half_days: int, status: str) -> None:
    result = check_sio(
        IllnessSituation(level="secundair", chronic=True, half_days_absent=10, expected_half_days=half_days), repo
    )
    assert result.status == status


@pytest.mark.parametrize(("weeks", "status"), [(3, "not_eligible"), (4, "can_apply")])
def test_sio_at_least_4_weeks_for_long_absence(repo: KnowledgeRepository, weeks: int, status: str) -> None:
    result = check_sio(IllnessSituation(level="secundair", days_absent_consecutive=10, expected_weeks=weeks), repo)
    assert result.status == status


def test_sio_bednet_consultant_within_5_working_days(repo: KnowledgeRepository) -> None:
    result = check_sio(IllnessSituation(level="secundair", days_absent_consecutive=30), repo)
    assert [s.id for s in result.next_steps] == ["ziekte-f1-sio-aanvragen", "ziekte-f1-bednet-consulent"]
    assert "5 werkdagen" in result.next_steps[1].action + result.next_steps[1].why
    assert "actieplan.2.2.2" in result.sections


@pytest.mark.parametrize("condition", ["risicopatient", "inwonend-bij-risicopatient"])
def test_sio_for_a_risk_patient_is_a_question_for_bednet_not_a_no(repo: KnowledgeRepository, condition: str) -> None:
    """Draaiboek lines 2705-2711: the SIO checklist names illness, chronic illness, an accident, an operation,
    psychological problems, pregnancy and/or maternity rest. A risk patient is not named, nor excluded: ask Bednet
    (the central organiser judges, lines 2714-2715). The old engine said "not_eligible"."""
    advice = advise_illness(
        IllnessSituation(level="basis", condition=condition, days_absent_consecutive=30),
        repo,  # type: ignore[arg-type]
    )
    assert advice.sio.status != "not_eligible"
    assert advice.sio.status == "not_yet"
    assert [m.key for m in advice.sio.missing] == ["illness.sio.ask_bednet"]
    for role in (None, "parent", "youth"):
        assert "Bednet" in advice.sio.missing[0].render(role)
        assert "risicopatiënt" in advice.sio.missing[0].render(role)
    assert advice.sio.missing[0].text.endswith("vraag bij Bednet na of SIO kan.")
    assert advice.toah.status == "eligible"  # lines 2594-2595: both are TOAH conditions


@pytest.mark.parametrize(
    "condition", ["fysiek", "psychisch", "ongeval", "operatie", "zwangerschap", "moederschapsrust"]
)
def test_sio_conditions_of_the_checklist_need_no_bednet_question(repo: KnowledgeRepository, condition: str) -> None:
    """Draaiboek lines 2707-2711: these are the SIO checklist's own conditions."""
    result = check_sio(IllnessSituation(level="secundair", condition=condition, days_absent_consecutive=30), repo)  # type: ignore[arg-type]
    assert result.status == "can_apply"


def test_an_operation_is_no_toah_condition_of_the_draaiboek(repo: KnowledgeRepository) -> None:
    """Draaiboek lines 2588-2595: the TOAH checklist names fysiek, psychisch, (verkeers)ongeval, zwangerschap en/of
    moederschapsrust, risicopatiënt, inwonend bij risicopatiënt; "operatie" stands only in the SIO checklist (line
    2709). The old engine said of an operation that "de aard van de aandoening komt in aanmerking"."""
    assert "operatie" not in TOAH_CONDITIONS
    assert {
        "fysiek",
        "psychisch",
        "ongeval",
        "zwangerschap",
        "moederschapsrust",
        "risicopatient",
        "inwonend-bij-risicopatient",
    } == TOAH_CONDITIONS
    result = toah(repo, condition="operatie", days_absent_consecutive=30)
    keys = [r.key for r in result.reasons]
    assert "illness.toah.condition" not in keys
    assert "illness.toah.operation_not_named" in keys
    named = next(r for r in result.reasons if r.key == "illness.toah.operation_not_named")
    assert "alleen bij SIO" in named.text
    # the draaiboek does not exclude it either: the duration and the distance decide, as for any absence
    assert result.status == "eligible"


@pytest.mark.parametrize("condition", sorted(TOAH_CONDITIONS))
def test_the_toah_conditions_of_the_checklist_qualify(repo: KnowledgeRepository, condition: str) -> None:
    """Draaiboek lines 2588-2595."""
    result = toah(repo, condition=condition, days_absent_consecutive=30)
    assert "illness.toah.condition" in [r.key for r in result.reasons]
    assert "illness.toah.operation_not_named" not in [r.key for r in result.reasons]


@pytest.mark.parametrize(("months", "chronic"), [(5, False), (5.9, False), (6, True), (6.1, True), (7, True)])
def test_chronic_means_a_treatment_of_at_least_6_months(
    repo: KnowledgeRepository, months: float, chronic: bool
) -> None:
    """Draaiboek lines 2608-2609: "een continue of repetitieve behandeling van minstens 6 maanden"."""
    assert chronic_for_toah(months) is chronic
    advice = advise_illness(
        IllnessSituation(level="secundair", chronic=True, half_days_absent=9, treatment_months=months, distance_km=3),
        repo,
    )
    assert (advice.toah.status == "eligible") is chronic
    assert advice.toah_lessons == (4 if chronic else 0)
    keys = [r.key for r in advice.toah.reasons]
    assert ("illness.toah.chronic" in keys) is chronic
    assert ("illness.toah.treatment_too_short" in keys) is not chronic


def test_a_short_treatment_still_counts_the_days(repo: KnowledgeRepository) -> None:
    """Not chronic (line 2609), then the long absence decides (line 2600)."""
    result = toah(repo, chronic=True, treatment_months=2, days_absent_consecutive=25)
    assert result.status == "eligible"
    short = next(r for r in result.reasons if r.key == "illness.toah.treatment_too_short")
    assert short.text.startswith("Voor TOAH is een ziekte chronisch als ze een continue of herhaalde behandeling")
    assert "van 2 maanden" in short.text


@pytest.mark.parametrize(("months", "within"), [(2, True), (2.9, True), (3, True), (3.1, False), (4, False)])
def test_relapse_within_3_months_continues_without_a_new_request(
    repo: KnowledgeRepository, months: float, within: bool
) -> None:
    """Draaiboek lines 2632-2635: "als er binnen de 3 maanden een herval is, kan het georganiseerde TOAH verder gezet
    worden: zonder dat er een nieuwe aanvraag van de ouders moet zijn, met medisch attest". A relapse at exactly 3
    months is read as within them."""
    assert relapse_continues_toah(months) is within
    result = toah(repo, days_absent_consecutive=25, relapse_after_months=months)
    keys = [r.key for r in result.reasons]
    assert ("illness.toah.relapse_within" in keys) is within
    assert ("illness.toah.relapse_later" in keys) is not within
    assert "illness.toah.relapse" not in keys  # the general rule gives way to the verdict
    said = next(r for r in result.reasons if r.key.startswith("illness.toah.relapse_"))
    assert ("zonder nieuwe aanvraag van de ouders" in said.text) is within
    assert "actieplan.2.2.1" in said.sections


def test_relapse_says_what_the_draaiboek_leaves_open(repo: KnowledgeRepository) -> None:
    """Lines 2628 and 2632-2635: the waiting time is waived for an extension, not said for a relapse."""
    result = toah(repo, days_absent_consecutive=3, relapse_after_months=1)
    within = next(r for r in result.reasons if r.key == "illness.toah.relapse_within")
    assert within.text.startswith("De herval komt 1 maand na de vorige ziekteperiode")
    assert "zegt het draaiboek bij een herval niet" in within.text


def test_sio_needs_an_absence(repo: KnowledgeRepository) -> None:
    assert check_sio(IllnessSituation(level="basis"), repo).status == "not_yet"


@pytest.mark.parametrize(("days", "earlier"), [(10, True), (30, False)])
def test_school_en_ziek_zijn_can_start_earlier_than_toah(repo: KnowledgeRepository, days: int, earlier: bool) -> None:
    advice = advise_illness(IllnessSituation(level="secundair", days_absent_consecutive=days, distance_km=2), repo)
    sz = advice.school_en_ziek_zijn
    assert sz.status == "can_apply"
    assert any("vroeger starten dan het gewone TOAH" in r.text for r in sz.reasons) is earlier
    assert [s.id for s in sz.next_steps] == ["ziekte-f1-school-en-ziek-zijn"]


def test_school_en_ziek_zijn_needs_a_medical_certificate(repo: KnowledgeRepository) -> None:
    advice = advise_illness(IllnessSituation(level="basis", days_absent_consecutive=5, medical_certificate=False), repo)
    assert advice.school_en_ziek_zijn.status == "not_yet"


def test_general_reasons_and_sections(repo: KnowledgeRepository) -> None:
    advice = advise_illness(IllnessSituation(level="basis", days_absent_consecutive=25), repo)
    assert advice.reasons[0].sections == ("actieplan.2",)
    assert {"actieplan.2", "actieplan.2.2", "actieplan.2.2.1", "actieplan.2.2.2", "actieplan.2.2.3"} <= set(
        advice.sections
    )
    assert len(repo.section_refs(list(advice.sections))) == len(advice.sections)
