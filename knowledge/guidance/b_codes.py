"""B-code steps: phase of the care continuum, steps, partners and documents for problematic absences.

Sources: actoren.2 (school), actoren.4.1-4.3 (CLB), actoren.6 (AGODI), actoren.11 (OCJ/VK),
actoren.12 (police), actoren.15.1 (ROTS), actieplan.1.1-1.4 (the B-code action plan).

The steps come from the content's ``b-code`` track: every step whose ``min_b_codes`` is reached,
plus the steps the rules below select by id (:data:`STEP_IDS`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from knowledge.guidance.common import (
    AdviceStep,
    Level,
    PartnerHint,
    Reason,
    Text,
    collect_sections,
    content_step,
    content_text,
    format_day_nl,
    need,
    partner_hint,
    reason,
    step,
    text,
    unique,
)
from knowledge.guidance.leerplicht import END_CUTOFF_DAY, END_CUTOFF_MONTH, LATE_END_DAY, LATE_END_MONTH
from knowledge.repository import KnowledgeRepository

TRACK = "b-code"
Parents = Literal["cooperative", "powerless", "unwilling", "unreachable"]

# actoren.2, actieplan.1.2: communication with pupil and/or parents from the first unjustified absence;
# guidance measures and a dossier of them whatever the count.
CONTACT_FROM_B_CODES = 1
# actoren.2: from five (spread or not) problematic half days per school year, signal to the CLB and
# work with the CLB from then on.
SIGNAL_CLB_FROM_B_CODES = 5
# actoren.4.1: the CLB starts an obligatory trajectory for every minor pupil with five or more
# problematic or unjustified half days per school year.
CLB_TRAJECTORY_FROM_B_CODES = 5
# actieplan.1.2: the police as a preventive partner, "e.g. standard at 10 B-codes" (an example of a
# local agreement, not a rule).
POLICE_PREVENTIVE_EXAMPLE_B_CODES = 10
# terminologie.1, actoren.4.3: compulsory education runs until 18; from then a pupil may leave school.
ADULT_AGE = 18
# actieplan.1.2 (knipperlichten): older pupils in the third grade are more likely to leave school early.
THIRD_GRADE = 3

# Partner ids the rules below name.
FAMILY_AND_SCHOOL = frozenset({"leerling", "ouders", "school"})
# Judicial actors follow from other steps (a PV, a referral by OCJ/VK or AGODI); they are never a
# partner to call in yourself (actoren.13, actoren.14).
NOT_CALLED_IN = frozenset({"parket", "parketcriminoloog", "jeugdrechtbank", "politierechtbank"})
PARTNER_IDS = (*FAMILY_AND_SCHOOL, *NOT_CALLED_IN, "politie", "naft", "groene-zorg", "brugfiguur")

# The steps the rules select by id (texts, actors, documents and partners come from the content).
RULE_STEPS = (
    "b-contact-eerste-b-code",
    "b-begeleidende-maatregelen",
    "b-dossier-maatregelen",
    "b-zorgoverleg-clb",
    "b-signaleren-clb",
    "b-clb-verplicht-traject",
    "b-clb-inschakelen-hulpverlening",
    "b-politie-preventief",
    "b-politie-onwil",
    "b-politie-opsporingsonderzoek",
    "b-politie-pv",
    "b-politie-onbuigzaamheid-melding",
    "b-waarschuwingsgesprek-contract",
    "b-contract-verbroken",
    "b-aanmelding-clb-begeleiding",
    "b-m-document-ocj-vk",
    "b-zorgwekkend-dossier-agodi",
    "b-agodi-brief-ouders",
    "b-rots",
    "b-individueel-aangepast-curriculum",
    "b-uitstroombegeleiding",
    "b-upgrade-transitietraject",
    "b-dagbesteding",
)
# Of those, the ones the draaiboek makes obligatory (actoren.2, actoren.4.1); the others are recommended.
MANDATORY = frozenset(
    {
        "b-contact-eerste-b-code",
        "b-begeleidende-maatregelen",
        "b-dossier-maatregelen",
        "b-signaleren-clb",
        "b-clb-verplicht-traject",
    }
)
# Steps offered as a whole in a phase, with the content's own trigger as why.
PHASE_1_EXTRAS = (
    "b-vraagverheldering",
    "b-gesprekken-bindingsperspectief",
    "b-aanklampend-werken",
    "b-bespreking-zorgteam",
    "b-externe-partners-fase1",
)
PHASE_2_CLB_PISTES = (
    "b-clb-eigen-begeleiding",
    "b-clb-schoolexterne-trajecten",
    "b-clb-rechtstreeks-toegankelijke-jeugdhulp",
    "b-clb-hulp-buiten-integrale-jeugdhulp",
    "b-clb-a-document-itp",
    "b-clb-lop-bemiddeling",
    "b-clb-bemiddeling-jeugdhulp",
)
CLB_TRANSITION = "b-clb-transitietraject"  # phase 2, secondary education only
STEP_IDS = (*RULE_STEPS, *PHASE_1_EXTRAS, *PHASE_2_CLB_PISTES, CLB_TRANSITION)


@dataclass(frozen=True)
class BCodeSituation:
    b_codes: int
    age: int | None = None
    level: Level | None = None
    grade: int | None = None  # graad in het secundair onderwijs (1-3)
    parents: Parents | None = None
    pupil_refuses: bool = False  # the pupil refuses every agreement or guidance (onbuigzaamheid)
    fast_accumulation: bool = False
    other_absences: bool | None = None  # other codes (Z, L, ...) besides the B-codes
    known_problems: bool = False  # emotional, social, home, absences in earlier years
    worrying_situation: bool = False  # verontrustende (opvoedings)situatie
    no_improvement: bool = False  # no improvement despite the efforts of school and CLB
    stopped_attending: bool = False
    trajectory_stuck: bool = False
    clb_involved: bool = False
    naft_before: bool = False
    police_contract: bool = False  # an anti-truancy contract was made with the police
    contract_broken: bool = False

    def __post_init__(self) -> None:
        if self.b_codes < 0:
            raise ValueError("b_codes must be >= 0")


@dataclass(frozen=True)
class BCodeAdvice:
    phase: int
    phase_name: str
    compulsory_school_age: bool | None
    steps: tuple[AdviceStep, ...]
    partners: tuple[PartnerHint, ...]
    documents: tuple[str, ...]
    priority: bool
    priority_signals: tuple[Reason, ...]
    reasons: tuple[Reason, ...]
    sections: tuple[str, ...]

    @property
    def mandatory_steps(self) -> tuple[AdviceStep, ...]:
        return tuple(s for s in self.steps if s.mandatory)

    @property
    def recommended_steps(self) -> tuple[AdviceStep, ...]:
        return tuple(s for s in self.steps if not s.mandatory)

    @property
    def step_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.steps)


def is_minor(s: BCodeSituation) -> bool:
    return s.age is None or s.age < ADULT_AGE


def phase_of(s: BCodeSituation) -> int:
    """The phase of the care continuum (actieplan.1.1-1.4).

    The count alone never leads past phase 1: signalling the CLB from 5 B-codes (actoren.2) and the care meeting with
    the CLB are steps of phase 1 (actieplan.1.2, draaiboek lines 2104-2125). Phase 2 comes with what the draaiboek
    names for it (actieplan.1.3, lines 2209-2218 and 2225-2226): the school's trajectory does not work, the absences
    keep rising or pile up fast, an underlying (worrying) problem, or the pupil no longer comes or refuses all
    guidance; and with a broken anti-truancy contract (actoren.12: an M-document of the CLB).
    """
    if s.trajectory_stuck or (s.stopped_attending and s.clb_involved):
        return 3  # actieplan.1.4: the pupil can no longer be moved to attend school
    if (
        s.pupil_refuses
        or s.stopped_attending
        or s.no_improvement
        or (s.fast_accumulation and s.b_codes >= CONTACT_FROM_B_CODES)
        or s.worrying_situation
        or s.contract_broken
    ):  # actieplan.1.3, actoren.12
        return 2
    if s.b_codes >= CONTACT_FROM_B_CODES or s.parents in ("unwilling", "unreachable"):
        return 1  # actieplan.1.2, also from 5 B-codes on (signalling the CLB, actoren.2)
    return 0


def _rule_selected(s: BCodeSituation, phase: int) -> dict[str, Text | None]:
    """Step id -> why (None: the step's own trigger), for every step the rules select."""
    minor = is_minor(s)
    onwil = s.parents in ("unwilling", "unreachable")
    chosen: dict[str, Text | None] = {}
    if s.b_codes >= CONTACT_FROM_B_CODES:
        chosen.update(dict.fromkeys(PHASE_1_EXTRAS))
        chosen["b-contact-eerste-b-code"] = text("b_codes.why.from_first_b_code")
        chosen["b-begeleidende-maatregelen"] = text("b_codes.why.mandatory_whatever_count")
        chosen["b-dossier-maatregelen"] = text("b_codes.why.mandatory_whatever_count")
        chosen["b-zorgoverleg-clb"] = text("b_codes.why.discuss_with_clb")
    if s.b_codes >= SIGNAL_CLB_FROM_B_CODES:
        chosen["b-signaleren-clb"] = text("b_codes.why.signal_clb", count=s.b_codes, threshold=SIGNAL_CLB_FROM_B_CODES)
    if s.b_codes >= CLB_TRAJECTORY_FROM_B_CODES and minor:
        chosen["b-clb-verplicht-traject"] = text(
            "b_codes.why.clb_trajectory", count=s.b_codes, threshold=CLB_TRAJECTORY_FROM_B_CODES
        )
    if s.b_codes >= POLICE_PREVENTIVE_EXAMPLE_B_CODES and minor and not (s.police_contract or s.contract_broken):
        chosen["b-politie-preventief"] = text(
            "b_codes.why.police_preventive_example", threshold=POLICE_PREVENTIVE_EXAMPLE_B_CODES
        )
    if s.parents == "powerless":
        chosen["b-clb-inschakelen-hulpverlening"] = text("b_codes.why.powerless_parents")
    if onwil and minor:
        chosen["b-politie-onwil"] = text(
            "b_codes.why.parents_unwilling" if s.parents == "unwilling" else "b_codes.why.parents_unreachable"
        )
        chosen["b-politie-opsporingsonderzoek"] = text("b_codes.why.after_report_unwilling")
        chosen["b-politie-pv"] = text("b_codes.why.pv_only_if_absences_continue")
    if s.pupil_refuses and minor and not (s.police_contract or s.contract_broken):
        chosen["b-politie-onbuigzaamheid-melding"] = text("b_codes.why.pupil_refuses")
        chosen["b-waarschuwingsgesprek-contract"] = text("b_codes.why.preventive_intervention")
    if s.contract_broken and minor:
        chosen["b-contract-verbroken"] = text("b_codes.why.contract_broken")
    if (
        s.pupil_refuses
        or s.stopped_attending
        or s.no_improvement
        or (s.fast_accumulation and s.b_codes >= CONTACT_FROM_B_CODES)
    ):
        chosen["b-aanmelding-clb-begeleiding"] = text("b_codes.why.school_trajectory_fails")
    if minor and (s.worrying_situation or onwil or s.contract_broken or (s.pupil_refuses and s.clb_involved)):
        chosen["b-m-document-ocj-vk"] = text(
            "b_codes.why.worrying_situation"
            if s.worrying_situation
            else "b_codes.why.unwilling_parents"
            if onwil
            else "b_codes.why.youth_stops_cooperating"
        )
    if minor and s.no_improvement and s.clb_involved:
        chosen["b-zorgwekkend-dossier-agodi"] = text("b_codes.why.no_improvement")
        chosen["b-agodi-brief-ouders"] = text("b_codes.why.after_worrying_file")
    if s.trajectory_stuck or s.naft_before:
        chosen["b-rots"] = text("b_codes.why.trajectory_stuck" if s.trajectory_stuck else "b_codes.why.naft_before")
    if phase >= 2:
        chosen.update(dict.fromkeys(PHASE_2_CLB_PISTES))
        if s.level != "basis":
            chosen[CLB_TRANSITION] = None
    if phase == 3:
        chosen["b-individueel-aangepast-curriculum"] = text("b_codes.why.cannot_be_moved")
        if s.level != "basis":
            chosen["b-uitstroombegeleiding"] = text("b_codes.why.secondary_pupils")
            chosen["b-upgrade-transitietraject"] = text("b_codes.why.other_route_or_work")
        chosen["b-dagbesteding"] = text("b_codes.why.get_moving_first")
    if not minor and s.level != "basis":
        chosen["b-uitstroombegeleiding"] = text("b_codes.why.adult_outflow")
    return chosen


def advise_b_codes(situation: BCodeSituation, kb: KnowledgeRepository) -> BCodeAdvice:
    """Phase, steps, partners and documents for a pupil with problematic absences."""
    s = situation
    phase = phase_of(s)
    chosen = _rule_selected(s, phase)
    content = kb.list_steps(TRACK)
    order = {found.step.id: i for i, found in enumerate(content)}
    ruled = set(STEP_IDS)

    steps = {step_id: step(kb, step_id, why) for step_id, why in chosen.items()}
    for found in content:
        if found.step.id in ruled:
            continue
        reached = found.step.min_b_codes is not None and found.step.min_b_codes <= s.b_codes
        if reached or (phase == 0 and found.phase == 0):
            steps[found.step.id] = content_step(found)
    ordered = sorted(steps.values(), key=lambda st: (not st.mandatory, st.phase, order[st.id]))

    reasons = _reasons(s, phase)
    signals = _priority_signals(s)
    partners = _partners(s, ordered, kb)
    documents = unique(d for st in ordered for d in st.documents)
    return BCodeAdvice(
        phase=phase,
        phase_name=need(kb.get_phase(TRACK, phase), "phase", f"{TRACK}.{phase}").name,
        compulsory_school_age=None if s.age is None else is_minor(s),
        steps=tuple(ordered),
        partners=partners,
        documents=documents,
        priority=bool(signals),
        priority_signals=signals,
        reasons=reasons,
        sections=collect_sections(reasons, ordered, signals, partners),
    )


def _count(b_codes: int) -> Text:
    return text("b_codes.count.one" if b_codes == 1 else "b_codes.count.many", count=b_codes)


def _reasons(s: BCodeSituation, phase: int) -> tuple[Reason, ...]:
    r: list[Reason] = []
    if phase == 0:
        r.append(reason("b_codes.reason.basic_care", ("actieplan.1.1",)))
    elif s.b_codes < SIGNAL_CLB_FROM_B_CODES:
        r.append(
            reason(
                "b_codes.reason.school_takes_initiative",
                ("actoren.2", "actieplan.1.2"),
                count=_count(s.b_codes),
                threshold=SIGNAL_CLB_FROM_B_CODES,
            )
        )
    else:
        r.append(
            reason("b_codes.reason.signal_clb", ("actoren.2",), count=s.b_codes, threshold=SIGNAL_CLB_FROM_B_CODES)
        )
    if s.age is not None and s.age >= ADULT_AGE:
        r.append(reason("b_codes.reason.adult", ("terminologie.1", "actoren.4.1", "actoren.4.3"), adult_age=ADULT_AGE))
    elif s.age is not None and s.age == ADULT_AGE - 1:
        r.append(
            reason(
                "b_codes.reason.still_compulsory",
                ("terminologie.1",),
                age=s.age,
                adult_age=ADULT_AGE,
                cutoff_day=format_day_nl(END_CUTOFF_MONTH, END_CUTOFF_DAY),
                last_day=format_day_nl(LATE_END_MONTH, LATE_END_DAY),
            )
        )
    if s.parents == "powerless":
        r.append(reason("b_codes.reason.powerless", ("actoren.4.2", "actoren.12")))
    if s.parents in ("unwilling", "unreachable"):
        r.append(reason("b_codes.reason.police_when_unwilling", ("actoren.4.2", "actoren.12")))
        if not s.clb_involved:
            r.append(reason("b_codes.reason.clb_not_involved", ("actoren.12",)))
    if s.police_contract and not s.contract_broken:
        r.append(reason("b_codes.reason.contract_running", ("actoren.12",)))
    if s.contract_broken:
        r.append(reason("b_codes.reason.contract_broken", ("actoren.12",)))
    if s.b_codes >= POLICE_PREVENTIVE_EXAMPLE_B_CODES:
        r.append(
            reason("b_codes.reason.police_preventive", ("actieplan.1.2",), threshold=POLICE_PREVENTIVE_EXAMPLE_B_CODES)
        )
    if s.naft_before:
        r.append(reason("b_codes.reason.naft_before", ("actoren.15.1",)))
    return tuple(r)


def _priority_signals(s: BCodeSituation) -> tuple[Reason, ...]:
    """The 'knipperlichten' of actieplan.1.2."""
    signals: list[Reason] = []
    if s.level == "secundair" and s.grade == THIRD_GRADE:
        signals.append(reason("b_codes.signal.age", ("actieplan.1.2",)))
    if s.parents in ("unwilling", "unreachable"):
        signals.append(reason("b_codes.signal.parents", ("actieplan.1.2",)))
    if s.fast_accumulation:
        signals.append(reason("b_codes.signal.pace", ("actieplan.1.2",)))
    if s.known_problems:
        signals.append(reason("b_codes.signal.known_problems", ("actieplan.1.2",)))
    if s.other_absences is False and s.b_codes >= CONTACT_FROM_B_CODES:
        signals.append(reason("b_codes.signal.only_b_codes", ("actieplan.1.2",)))
    if s.other_absences is True:
        signals.append(reason("b_codes.signal.other_absences", ("actieplan.1.2", "aanbevelingen.data")))
    return tuple(signals)


def _partners(s: BCodeSituation, steps: list[AdviceStep], kb: KnowledgeRepository) -> tuple[PartnerHint, ...]:
    hints: dict[str, PartnerHint] = {}
    for st in steps:
        for pid in (st.actor, *st.partners):
            if pid in FAMILY_AND_SCHOOL or pid in NOT_CALLED_IN or pid in hints:
                continue
            if pid == "politie" and s.contract_broken and s.parents not in ("unwilling", "unreachable"):
                continue  # actoren.12: no new report to the police once the contract is broken
            if pid == "naft" and s.naft_before:
                continue  # actoren.15.1: a new NAFT referral may not be opportune; ROTS is proposed instead
            if pid in ("naft", "groene-zorg") and s.level == "basis":
                continue  # actoren.10.1, actoren.10.2: secondary education
            hints[pid] = partner_hint(kb, pid, st.why or content_text(st.action), st.sections)
    if s.parents == "powerless" and "brugfiguur" not in hints:
        hints["brugfiguur"] = partner_hint(kb, "brugfiguur", text("b_codes.why.brugfiguur"), ("actoren.8",))
    return tuple(hints.values())
