"""The engines and the content must not contradict each other."""

from __future__ import annotations

import pytest

from knowledge.guidance import b_codes, classification, illness, outflow, which_code
from knowledge.repository import KnowledgeRepository


def test_every_id_the_engines_refer_to_is_in_the_content(repo: KnowledgeRepository) -> None:
    """The engines name steps, partners, checklists, absence types and codes by id only; the content has each."""
    problems: list[str] = []

    def steps(track: str, ids: tuple[str, ...], ruled: tuple[str, ...], mandatory: frozenset[str]) -> None:
        for step_id in ids:
            found = repo.get_step(step_id)
            if found is None or found.track != track:
                problems.append(f"step {step_id} (track {track})")
            elif step_id in ruled and found.step.mandatory != (step_id in mandatory):
                problems.append(f"step {step_id}: mandatory should be {step_id in mandatory}")

    steps("b-code", b_codes.STEP_IDS, b_codes.RULE_STEPS, b_codes.MANDATORY)
    steps("ziekte", illness.STEP_IDS, illness.STEP_IDS, illness.MANDATORY)
    problems += [f"phase b-code.{n}" for n in range(4) if repo.get_phase(b_codes.TRACK, n) is None]
    partner_ids = {*b_codes.PARTNER_IDS, *outflow.HELPER_SECTIONS}
    problems += [f"partner {p}" for p in sorted(partner_ids) if repo.get_partner(p) is None]
    problems += [f"checklist {c}" for c in illness.CHECKLIST_IDS if repo.get_checklist(c) is None]
    problems += [f"absence type {t}" for t in classification.TYPE_IDS if repo.get_absence_type(t) is None]
    if repo.get_track(classification.ILLNESS_TRACK) is None:
        problems.append(f"track {classification.ILLNESS_TRACK}")
    if repo.get_code(classification.ILLNESS_CODE) is None:
        problems.append(f"code {classification.ILLNESS_CODE}")
    for code, reason_id in sorted(which_code.CODE_REASON_IDS):
        if reason_id not in {r.id for _c, r in repo.list_code_reasons(code)}:
            problems.append(f"code {code} reason {reason_id}")
    assert problems == [], "missing from knowledge/content: " + "; ".join(problems)


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


def test_code_parents_note_limits_match_the_content(repo: KnowledgeRepository) -> None:
    z = repo.get_code("Z")
    assert z is not None
    note = next(r for r in z.reasons if r.id == "z-verklaring-ouders")
    assert note.limit == (
        f"maximaal {which_code.PARENTS_NOTE_MAX_DAYS} opeenvolgende kalenderdagen en maximaal "
        f"{which_code.PARENTS_NOTE_MAX_PER_YEAR} keer per jaar"
    )
