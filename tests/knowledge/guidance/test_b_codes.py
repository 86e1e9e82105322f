"""B-code steps (actoren.2, actoren.4.x, actoren.6, actoren.11, actoren.12, actoren.15.1, actieplan.1.x)."""

from __future__ import annotations

import pytest

from knowledge.guidance.b_codes import (
    CLB_TRAJECTORY_FROM_B_CODES,
    CONTACT_FROM_B_CODES,
    POLICE_PREVENTIVE_EXAMPLE_B_CODES,
    SIGNAL_CLB_FROM_B_CODES,
    BCodeSituation,
    advise_b_codes,
    phase_of,
)
from knowledge.guidance.common import MissingContent
from knowledge.repository import KnowledgeRepository, StepInTrack

MANDATORY_FROM_FIRST = {"b-contact-eerste-b-code", "b-begeleidende-maatregelen", "b-dossier-maatregelen"}
POLICE_ONWIL = {"b-politie-onwil", "b-politie-opsporingsonderzoek", "b-politie-pv"}


def ids(repo: KnowledgeRepository, **kwargs: object) -> set[str]:
    return set(advise_b_codes(BCodeSituation(**kwargs), repo).step_ids)  # type: ignore[arg-type]


def test_thresholds_are_those_of_the_draaiboek() -> None:
    assert (
        CONTACT_FROM_B_CODES,
        SIGNAL_CLB_FROM_B_CODES,
        CLB_TRAJECTORY_FROM_B_CODES,
        POLICE_PREVENTIVE_EXAMPLE_B_CODES,
    ) == (1, 5, 5, 10)


@pytest.mark.parametrize(("b_codes", "phase"), [(0, 0), (1, 1), (4, 1), (5, 1), (6, 1), (30, 1)])
def test_phase_by_count_for_a_minor(b_codes: int, phase: int) -> None:
    """The count alone leads no further than phase 1: signalling the CLB from 5 B-codes (draaiboek line 731) and the
    care meeting with the CLB (lines 2104-2125) are steps of fase 1/verhoogde zorg. The old engine put a minor with 5
    B-codes in phase 2."""
    assert phase_of(BCodeSituation(b_codes, age=14)) == phase


@pytest.mark.parametrize(
    "trigger",
    [
        {"no_improvement": True},  # line 2211: het traject van de school brengt niet het gewenste resultaat
        {"fast_accumulation": True},  # lines 2212, 2225-2226: de afwezigheden blijven toenemen / stapelen snel op
        {"worrying_situation": True},  # lines 2213-2216: een onderliggende problematiek
        {"stopped_attending": True},  # line 2218: de leerling komt niet meer naar school
        {"pupil_refuses": True},  # line 2218: ... of weigert elke vorm van begeleiding
    ],
)
def test_phase_2_comes_with_the_qualitative_triggers(repo: KnowledgeRepository, trigger: dict[str, bool]) -> None:
    """Draaiboek lines 2209-2218 (actieplan.1.3): when the school registers the pupil with the CLB for guidance."""
    assert phase_of(BCodeSituation(5, age=14)) == 1
    advice = advise_b_codes(BCodeSituation(5, age=14, **trigger), repo)  # type: ignore[arg-type]
    assert advice.phase == 2
    assert advice.phase_name == "Fase 2: uitbreiding van zorg"
    assert "b-aanmelding-clb-begeleiding" in advice.step_ids or "b-m-document-ocj-vk" in advice.step_ids


def test_the_clb_signal_is_a_phase_1_step_of_the_content(repo: KnowledgeRepository) -> None:
    """The content puts b-signaleren-clb in phase 1 and the registration for CLB guidance in phase 2."""
    signal = repo.get_step("b-signaleren-clb")
    registration = repo.get_step("b-aanmelding-clb-begeleiding")
    assert signal is not None and registration is not None
    assert (signal.phase, registration.phase) == (1, 2)


def test_four_b_codes_school_acts_alone(repo: KnowledgeRepository) -> None:
    advice = advise_b_codes(BCodeSituation(4, age=14), repo)
    assert advice.phase == 1
    assert advice.phase_name == "Fase 1: verhoogde zorg"
    assert set(advice.step_ids) >= MANDATORY_FROM_FIRST
    assert "b-signaleren-clb" not in advice.step_ids
    assert "b-clb-verplicht-traject" not in advice.step_ids


def test_five_b_codes_signal_to_clb_and_obligatory_trajectory(repo: KnowledgeRepository) -> None:
    """Lines 714-716 and 731 (signal the CLB from 5), 816-817 (the CLB's obligatory trajectory for a minor): both
    steps at 5 B-codes, while the pupil stays in phase 1 (lines 2104-2125)."""
    advice = advise_b_codes(BCodeSituation(5, age=14), repo)
    assert advice.phase == 1
    assert advice.phase_name == "Fase 1: verhoogde zorg"
    assert "b-aanmelding-clb-begeleiding" not in advice.step_ids
    mandatory = {s.id for s in advice.mandatory_steps}
    assert {"b-signaleren-clb", "b-clb-verplicht-traject"} <= mandatory
    traject = next(s for s in advice.steps if s.id == "b-clb-verplicht-traject")
    assert traject.actor == "clb"
    assert "actoren.4.1" in traject.sections
    signal = next(s for s in advice.steps if s.id == "b-signaleren-clb")
    assert signal.actor == "school"
    assert "actoren.2" in signal.sections
    assert "clb" in [p.id for p in advice.partners]


def test_no_b_codes_is_basic_care(repo: KnowledgeRepository) -> None:
    advice = advise_b_codes(BCodeSituation(0, age=10), repo)
    assert advice.phase == 0
    assert not MANDATORY_FROM_FIRST & set(advice.step_ids)
    assert {"b-registratiebeleid", "b-verbindend-schoolklimaat"} <= {s.id for s in advice.mandatory_steps}
    assert advice.priority is False


@pytest.mark.parametrize("b_codes", [1, 2, 4, 5, 9, 10, 40])
def test_contact_measures_and_dossier_whatever_the_count(repo: KnowledgeRepository, b_codes: int) -> None:
    advice = advise_b_codes(BCodeSituation(b_codes, age=12), repo)
    assert {s.id for s in advice.mandatory_steps} >= MANDATORY_FROM_FIRST


def test_mandatory_steps_come_first(repo: KnowledgeRepository) -> None:
    advice = advise_b_codes(BCodeSituation(12, age=15, parents="unwilling", clb_involved=True), repo)
    flags = [s.mandatory for s in advice.steps]
    assert flags == sorted(flags, reverse=True)
    assert advice.steps[0].id == "b-contact-eerste-b-code"


@pytest.mark.parametrize(("age", "compulsory"), [(17, True), (18, False)])
def test_ages_17_and_18(repo: KnowledgeRepository, age: int, compulsory: bool) -> None:
    advice = advise_b_codes(
        BCodeSituation(
            6, age=age, parents="unwilling", worrying_situation=True, no_improvement=True, clb_involved=True
        ),
        repo,
    )
    assert advice.compulsory_school_age is compulsory
    steps = set(advice.step_ids)
    assert "b-signaleren-clb" in steps
    minors_only = {"b-clb-verplicht-traject", "b-politie-onwil", "b-m-document-ocj-vk", "b-zorgwekkend-dossier-agodi"}
    if compulsory:
        assert minors_only <= steps
        assert "b-uitstroombegeleiding" not in steps
    else:
        assert not minors_only & steps
        assert "b-uitstroombegeleiding" in steps
        assert any("niet meer leerplichtig" in r.text and "terminologie.1" in r.sections for r in advice.reasons)


def test_eighteen_year_old_with_five_b_codes_stays_in_phase_1(repo: KnowledgeRepository) -> None:
    assert advise_b_codes(BCodeSituation(5, age=18), repo).phase == 1


@pytest.mark.parametrize(
    ("parents", "police"),
    [(None, False), ("cooperative", False), ("powerless", False), ("unwilling", True), ("unreachable", True)],
)
def test_police_only_for_unwilling_or_unreachable_parents(
    repo: KnowledgeRepository, parents: str | None, police: bool
) -> None:
    advice = advise_b_codes(BCodeSituation(6, age=14, parents=parents, clb_involved=True), repo)  # type: ignore[arg-type]
    assert (set(advice.step_ids) >= POLICE_ONWIL) is police
    assert ("politie" in [p.id for p in advice.partners]) is police


def test_police_report_documents(repo: KnowledgeRepository) -> None:
    advice = advise_b_codes(BCodeSituation(6, age=14, parents="unwilling", clb_involved=True), repo)
    step = next(s for s in advice.steps if s.id == "b-politie-onwil")
    assert step.mandatory is False
    text = " ".join(step.documents).lower()
    assert "meldingsfiche" in text
    assert "afwezigheidslijst" in text
    assert "clb" in text
    assert set(step.documents) <= set(advice.documents)


def test_unwilling_parents_without_clb_first_involve_the_clb(repo: KnowledgeRepository) -> None:
    advice = advise_b_codes(BCodeSituation(3, age=14, parents="unwilling"), repo)
    assert any(r.text.startswith("Het CLB is nog niet betrokken") for r in advice.reasons)


def test_powerless_parents_get_support_not_police(repo: KnowledgeRepository) -> None:
    advice = advise_b_codes(BCodeSituation(6, age=14, parents="powerless"), repo)
    assert "b-clb-inschakelen-hulpverlening" in advice.step_ids
    assert "brugfiguur" in [p.id for p in advice.partners]
    assert any(r.text.startswith("Onmacht:") for r in advice.reasons)


def test_refusing_minor_gets_warning_talk_and_contract(repo: KnowledgeRepository) -> None:
    advice = advise_b_codes(BCodeSituation(6, age=15, pupil_refuses=True), repo)
    assert {
        "b-politie-onbuigzaamheid-melding",
        "b-waarschuwingsgesprek-contract",
        "b-aanmelding-clb-begeleiding",
    } <= set(advice.step_ids)
    talk = next(s for s in advice.steps if s.id == "b-waarschuwingsgesprek-contract")
    assert talk.actor == "politie"
    assert "antispijbelcontract" in " ".join(talk.documents)
    assert advice.phase == 2


def test_broken_contract_no_pv_but_m_document(repo: KnowledgeRepository) -> None:
    advice = advise_b_codes(
        BCodeSituation(8, age=15, pupil_refuses=True, police_contract=True, contract_broken=True), repo
    )
    steps = set(advice.step_ids)
    assert {"b-contract-verbroken", "b-m-document-ocj-vk"} <= steps
    assert not {"b-politie-pv", "b-politie-onbuigzaamheid-melding", "b-waarschuwingsgesprek-contract"} & steps
    assert "politie" not in [p.id for p in advice.partners]
    broken = next(s for s in advice.steps if s.id == "b-contract-verbroken")
    assert broken.actor == "clb"
    assert "M-document" in broken.documents
    assert any("geen PV" in r.text for r in advice.reasons)


def test_existing_contract_is_not_made_again(repo: KnowledgeRepository) -> None:
    steps = ids(repo, b_codes=12, age=15, pupil_refuses=True, police_contract=True)
    assert "b-waarschuwingsgesprek-contract" not in steps
    assert "b-politie-preventief" not in steps


@pytest.mark.parametrize(("worrying", "expected"), [(False, False), (True, True)])
def test_m_document_for_a_worrying_situation(repo: KnowledgeRepository, worrying: bool, expected: bool) -> None:
    advice = advise_b_codes(BCodeSituation(3, age=13, worrying_situation=worrying), repo)
    assert ("b-m-document-ocj-vk" in advice.step_ids) is expected
    assert ({"ocj", "vk"} <= {p.id for p in advice.partners}) is expected


def test_m_document_when_the_youth_stops_cooperating_with_the_clb(repo: KnowledgeRepository) -> None:
    assert "b-m-document-ocj-vk" in ids(repo, b_codes=7, age=15, pupil_refuses=True, clb_involved=True)
    assert "b-m-document-ocj-vk" not in ids(repo, b_codes=7, age=15, pupil_refuses=True)


@pytest.mark.parametrize(
    ("no_improvement", "clb_involved", "expected"), [(True, True, True), (True, False, False), (False, True, False)]
)
def test_worrying_dossier_to_agodi(
    repo: KnowledgeRepository, no_improvement: bool, clb_involved: bool, expected: bool
) -> None:
    steps = ids(repo, b_codes=9, age=13, no_improvement=no_improvement, clb_involved=clb_involved)
    assert ("b-zorgwekkend-dossier-agodi" in steps) is expected


@pytest.mark.parametrize(
    ("kwargs", "rots", "phase"),
    [({}, False, 1), ({"naft_before": True}, True, 1), ({"trajectory_stuck": True}, True, 3)],
)
def test_rots_when_stuck_or_after_naft(
    repo: KnowledgeRepository, kwargs: dict[str, bool], rots: bool, phase: int
) -> None:
    advice = advise_b_codes(BCodeSituation(8, age=16, level="secundair", **kwargs), repo)  # type: ignore[arg-type]
    assert ("b-rots" in advice.step_ids) is rots
    assert advice.phase == phase
    if kwargs.get("naft_before"):
        assert "naft" not in [p.id for p in advice.partners]


PHASE_3 = {
    "b-individueel-aangepast-curriculum",
    "b-uitstroombegeleiding",
    "b-upgrade-transitietraject",
    "b-dagbesteding",
    "b-rots",
}


def test_phase_3_options_in_secondary(repo: KnowledgeRepository) -> None:
    advice = advise_b_codes(
        BCodeSituation(25, age=16, level="secundair", stopped_attending=True, clb_involved=True), repo
    )
    assert advice.phase == 3
    assert PHASE_3 - {"b-rots"} <= set(advice.step_ids)


def test_phase_3_in_primary_has_no_outflow_guidance(repo: KnowledgeRepository) -> None:
    steps = ids(repo, b_codes=25, age=10, level="basis", trajectory_stuck=True)
    assert {"b-individueel-aangepast-curriculum", "b-dagbesteding", "b-rots"} <= steps
    assert not {"b-uitstroombegeleiding", "b-upgrade-transitietraject"} & steps


def test_stopped_attending_without_clb_is_phase_2(repo: KnowledgeRepository) -> None:
    advice = advise_b_codes(BCodeSituation(25, age=16, stopped_attending=True), repo)
    assert advice.phase == 2
    assert "b-aanmelding-clb-begeleiding" in advice.step_ids


@pytest.mark.parametrize(("b_codes", "preventive"), [(9, False), (10, True)])
def test_preventive_police_example_at_10(repo: KnowledgeRepository, b_codes: int, preventive: bool) -> None:
    assert ("b-politie-preventief" in ids(repo, b_codes=b_codes, age=14)) is preventive


def test_fast_accumulation_moves_to_phase_2(repo: KnowledgeRepository) -> None:
    advice = advise_b_codes(BCodeSituation(3, age=14, fast_accumulation=True), repo)
    assert advice.phase == 2
    assert "b-aanmelding-clb-begeleiding" in advice.step_ids


@pytest.mark.parametrize(
    ("kwargs", "start"),
    [
        ({"level": "secundair", "grade": 3}, "Leeftijd:"),
        ({"parents": "unwilling"}, "Ouders:"),
        ({"parents": "unreachable"}, "Ouders:"),
        ({"fast_accumulation": True}, "Tempo:"),
        ({"known_problems": True}, "Gekende problemen:"),
        ({"other_absences": False}, "Alleen B-codes"),
        ({"other_absences": True}, "Naast de B-codes"),
    ],
)
def test_priority_signals(repo: KnowledgeRepository, kwargs: dict[str, object], start: str) -> None:
    advice = advise_b_codes(BCodeSituation(3, age=16, **kwargs), repo)  # type: ignore[arg-type]
    assert advice.priority is True
    assert [s.text.split(" ")[0] for s in advice.priority_signals] == [start.split(" ")[0]]
    assert advice.priority_signals[0].text.startswith(start)
    assert "actieplan.1.2" in advice.priority_signals[0].sections


def test_no_priority_signals(repo: KnowledgeRepository) -> None:
    advice = advise_b_codes(BCodeSituation(3, age=12, level="secundair", grade=1, parents="cooperative"), repo)
    assert advice.priority is False
    assert advice.priority_signals == ()


def test_negative_count_is_rejected() -> None:
    with pytest.raises(ValueError):
        BCodeSituation(-1)


def test_steps_and_partners_come_from_the_content(repo: KnowledgeRepository) -> None:
    advice = advise_b_codes(BCodeSituation(18, age=14, parents="unwilling", clb_involved=True), repo)
    for step in advice.steps:
        found = repo.get_step(step.id)
        assert found is not None, step.id
        s = found.step
        assert (step.action, step.summary, step.mandatory, step.actor, step.phase) == (
            s.action,
            s.summary,
            s.mandatory,
            s.actor,
            found.phase,
        )
        assert (step.documents, step.partners, step.sections) == (
            tuple(s.documents),
            tuple(s.partners),
            tuple(s.sections),
        )
    for hint in advice.partners:
        partner = repo.get_partner(hint.id)
        assert partner is not None
        assert hint.name == partner.name


def test_a_step_missing_from_the_content_is_an_error(repo: KnowledgeRepository) -> None:
    class Lacking(KnowledgeRepository):
        def get_step(self, step_id: str) -> StepInTrack | None:
            return None if step_id == "b-signaleren-clb" else super().get_step(step_id)

    with pytest.raises(MissingContent, match="b-signaleren-clb") as error:
        advise_b_codes(BCodeSituation(5, age=14), Lacking(repo.session))
    assert (error.value.kind, error.value.item_id) == ("step", "b-signaleren-clb")
    assert isinstance(error.value, KeyError)


def test_every_cited_section_exists(repo: KnowledgeRepository) -> None:
    advice = advise_b_codes(
        BCodeSituation(
            25,
            age=16,
            level="secundair",
            grade=3,
            parents="unwilling",
            pupil_refuses=True,
            worrying_situation=True,
            no_improvement=True,
            trajectory_stuck=True,
            clb_involved=True,
            naft_before=True,
            fast_accumulation=True,
            known_problems=True,
            other_absences=True,
        ),
        repo,
    )
    assert len(repo.section_refs(list(advice.sections))) == len(advice.sections)
    assert {
        "actoren.2",
        "actoren.4.1",
        "actoren.12",
        "actieplan.1.2",
        "actieplan.1.3",
        "actieplan.1.4",
        "actoren.15.1",
    } <= set(advice.sections)
