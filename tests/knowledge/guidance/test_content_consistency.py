"""The engines and the content must not contradict each other."""

from __future__ import annotations

import pytest

from knowledge.guidance import b_codes, illness, which_code
from knowledge.repository import KnowledgeRepository

ENGINE_ONLY_STEPS = {"b-18-plus-perspectief"}  # a rule of actoren.4.3 the content has no step for


@pytest.mark.parametrize("step_id", sorted(set(b_codes.SPECS) - ENGINE_ONLY_STEPS))
def test_b_code_steps_exist_in_the_content_and_agree(repo: KnowledgeRepository, step_id: str) -> None:
    found = repo.get_step(step_id)
    assert found is not None, f"step {step_id} is missing from knowledge/content/track-b-code.yml"
    spec = b_codes.SPECS[step_id]
    assert found.track == "b-code"
    assert (found.step.mandatory, found.phase, found.step.actor) == (spec.mandatory, spec.phase, spec.actor)
    assert set(spec.sections) & set(found.step.sections)


@pytest.mark.parametrize(
    ("step_id", "threshold"),
    [
        ("b-contact-eerste-b-code", b_codes.CONTACT_FROM_B_CODES),
        ("b-signaleren-clb", b_codes.SIGNAL_CLB_FROM_B_CODES),
        ("b-clb-verplicht-traject", b_codes.CLB_TRAJECTORY_FROM_B_CODES),
        ("b-politie-preventief", b_codes.POLICE_PREVENTIVE_EXAMPLE_B_CODES),
    ],
)
def test_b_code_thresholds_match_the_content(repo: KnowledgeRepository, step_id: str, threshold: int) -> None:
    found = repo.get_step(step_id)
    assert found is not None
    assert found.step.min_b_codes == threshold


def test_content_steps_with_a_count_are_all_reached(repo: KnowledgeRepository) -> None:
    """Every b-code step with ``min_b_codes`` appears for a minor with that many B-codes."""
    for found in repo.list_steps("b-code"):
        n = found.step.min_b_codes
        if n is None:
            continue
        advice = b_codes.advise_b_codes(b_codes.BCodeSituation(n, age=14), repo)
        assert found.step.id in advice.step_ids, found.step.id


@pytest.mark.parametrize("step_id", sorted(illness.STEP_SPECS))
def test_illness_steps_exist_in_the_content_and_agree(repo: KnowledgeRepository, step_id: str) -> None:
    found = repo.get_step(step_id)
    assert found is not None, f"step {step_id} is missing from knowledge/content/track-ziekte.yml"
    spec = illness.STEP_SPECS[step_id]
    assert found.track == "ziekte"
    assert (found.step.mandatory, found.step.actor) == (spec.mandatory, spec.actor)


@pytest.mark.parametrize(
    ("checklist", "fragments"),
    [
        (
            "toah",
            [
                f"meer dan {illness.TOAH_MIN_DAYS} kalenderdagen",
                f"{illness.TOAH_CHRONIC_HALF_DAYS} halve",
                f"tot {illness.TOAH_MAX_KM_MAINSTREAM} km",
                f"tot {illness.TOAH_MAX_KM_SPECIAL} km",
                f"minstens {illness.CHRONIC_TREATMENT_MONTHS} maanden",
                "directeur",
            ],
        ),
        (
            "sio",
            [
                f"minimaal {illness.SIO_MIN_WEEKS} weken",
                f"{illness.SIO_MIN_HALF_DAYS_CHRONIC} halve lesdagen",
                "derde kleuterklas of is 5 jaar",
                f"{illness.BEDNET_CONTACT_WORKING_DAYS} werkdagen",
            ],
        ),
        ("school-en-ziek-zijn", ["vroeger", "medisch afwezigheidsattest"]),
    ],
)
def test_illness_numbers_match_the_checklists(repo: KnowledgeRepository, checklist: str, fragments: list[str]) -> None:
    found = repo.get_checklist(checklist)
    assert found is not None, f"checklist {checklist} is missing"
    text = " ".join([*found.conditions, *found.deadlines, *found.steps, *found.documents])
    for fragment in fragments:
        assert fragment in text, fragment


@pytest.mark.parametrize("reason", sorted(which_code.RULES))
def test_code_reasons_exist_in_the_content(repo: KnowledgeRepository, reason: str) -> None:
    code, reason_id, _why, _sections = which_code.RULES[reason]
    assert repo.get_code(code) is not None, code
    assert reason_id in {r.id for _c, r in repo.list_code_reasons(code)}, reason_id


def test_code_parents_note_limits_match_the_content(repo: KnowledgeRepository) -> None:
    z = repo.get_code("Z")
    assert z is not None
    note = next(r for r in z.reasons if r.id == "z-verklaring-ouders")
    assert note.limit == (
        f"maximaal {which_code.PARENTS_NOTE_MAX_DAYS} opeenvolgende kalenderdagen en maximaal "
        f"{which_code.PARENTS_NOTE_MAX_PER_YEAR} keer per jaar"
    )
