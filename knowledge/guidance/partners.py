"""Which partner fits? The partners of the content that fit a situation, best first, and who calls each in.

Sources: actoren.2 and actoren.4.2 (the CLB as draaischijf to the partners outside school, its pistes, the
A- and M-document, onwil and onmacht), actoren.4.3, actoren.5 (lokaal bestuur), actoren.6 (AGODI),
actoren.8 (brugfiguren), actoren.10-10.4 (schoolexterne trajecten), actoren.11 (OCJ, VK), actoren.12 (police:
onwil, onmacht, onbuigzaamheid, antispijbelcontract), actoren.15.1 (ROTS), actoren.15.2 (uitstroombegeleiding),
aanbevelingen.inschrijving (newcomers, specific needs), and the phases of the action plans (actieplan.1.1-1.4,
2.1-2.4, 3.1, 3.5, 3.6).

How a partner comes to fit; each way adds a weight, and the result is ordered by the strongest way first, then
by the sum, then by the order of the content:

1. the content (data): the partners whose ``tracks`` hold the track and whose ``phases`` hold the phase, and
   the partners the steps of that phase name (``Step.actor``, ``Step.partners``); without a phase, every partner
   of the track;
2. small explicit tables, every entry citing its section: the concern (:data:`CONCERN_RULES`), the parents'
   stance (:data:`STANCE_RULES`), what was tried already (:func:`_tried_rules`), the pupil who refuses every
   agreement (:data:`REFUSES_RULE`), the CLB in truancy and school refusal (:data:`TRACK_CLB_RULES`), school
   refusal from phase 2 (:data:`REFUSAL_RULES`) and leaving school (:data:`OUTFLOW_RULES`: the draaiboek ties
   those partners to the wish to leave school, not to a phase);
3. the CLB, whenever another partner is called in through it (actoren.4.2: the CLB is the draaischijf).

Left out, each with its reason (:func:`_left_out_rules`): the police with onmacht or after an antispijbelcontract,
NAFT after NAFT, a transition trajectory that was tried; in basisonderwijs the partners for secondary school only
(:func:`secondary_only`, read from ``for_whom``).

Never listed: the pupil, the parents and the school (``kind`` gezin and school: they are no partner to call in),
and the judicial actors (``kind`` justitie), which follow from other steps; the police only through the rules
(onwil, onbereikbaarheid, onbuigzaamheid), never with onmacht. Who may call a partner in and how comes from
its ``referral``; :func:`referral_route` reads from it whether the CLB does it (and the school does not),
whether the school does it in consultation with the CLB, or whether anyone may contact the partner.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, Protocol, TypeVar, get_args

from knowledge.guidance.b_codes import Parents
from knowledge.guidance.common import Level, Reason, Text, collect_sections, need, reason, text, unique
from knowledge.repository import KnowledgeRepository
from knowledge.schema import Partner

Track = Literal["b-code", "ziekte", "schoolweigering", "uitstroom"]
"""The approach: truancy (B-code), illness, school refusal (the content's tracks), or leaving school."""
Tried = Literal["clb", "naft", "politie", "transitietraject"]
"""What was tried already: a CLB trajectory, NAFT, an antispijbelcontract or talk with the police, a transition
trajectory (UpGrade). Nothing tried: an empty tuple."""
Concern = Literal["home_safety", "mental_health", "welfare", "learning", "stuck", "newcomer"]
"""The kind of concern: safety at home, mental health, welfare or poverty, learning, a case that is stuck, a
newcomer. No concern: an empty tuple."""
Route = Literal["clb", "school_with_clb", "direct", "unknown"]
"""Who calls a partner in: the CLB (not the school), the school in consultation with the CLB, anyone named in
the referral (directly), or the draaiboek describes no referral."""

TRACKS: tuple[Track, ...] = get_args(Track)
TRIED: tuple[Tried, ...] = get_args(Tried)
CONCERNS: tuple[Concern, ...] = get_args(Concern)
OUTFLOW: Track = "uitstroom"  # not a track of the content: its partners come from OUTFLOW_RULES

# Weights: the strongest way a partner fits orders the result first.
CONCERN_WEIGHT = 100
TRIED_WEIGHT = 80
STANCE_WEIGHT = 60
OUTFLOW_WEIGHT = 50
CLB_WEIGHT = 20  # the CLB in truancy and school refusal
CLB_GATEWAY_WEIGHT = 21  # the CLB calls in a partner the rules chose
CLB_INVOLVED_WEIGHT = 22  # the CLB is at work already
REFUSAL_WEIGHT = 19  # after the CLB, which school refusal always involves first (actieplan.3.5)
IN_STEPS_WEIGHT = 10  # named in a step of the phase of the track
IN_PHASE_WEIGHT = 8  # the partner's own phases hold the phase
IN_TRACK_WEIGHT = 4  # phase unknown: a partner of the track
SPECIFIC_WEIGHT = 2  # the partner's content gives it this track only: a specialist before a generalist
MAX_NAMED = 4  # without a partner from the rules, a note names at most this many partners

# Never a partner to call in: the pupil, the parents, the school itself.
NOT_CALLED_IN_KINDS = frozenset({"gezin", "school"})
# Judicial actors follow from other steps (a PV, a referral by OCJ/VK or AGODI, actoren.13, actoren.14); the
# police comes only through the rules below (actoren.12).
RULE_ONLY_KINDS = frozenset({"justitie"})
CLB = "clb"
POLICE = "politie"
UNWILLING = ("unwilling", "unreachable")


@dataclass(frozen=True)
class Rule:
    """A partner that fits for a reason of the draaiboek; ``any_track``: also where the partner's content does
    not list the situation's track (otherwise only where it does)."""

    partner: str
    why: Reason
    weight: int
    any_track: bool = True


# -- the tables -----------------------------------------------------------------------------------
# concern -> the partners the draaiboek names for it, best first.
CONCERN_RULES: dict[Concern, tuple[Rule, ...]] = {
    # actoren.11: the VK for every form of violence against children (advice, consult, M-document); the OCJ
    # for verontrusting (consult, M-document); the CLB refers with an M-document (actoren.4.2, actieplan.1.3).
    "home_safety": (
        Rule("vk", reason("partners.why.home_safety.vk", ("actoren.11",)), CONCERN_WEIGHT),
        Rule(
            "ocj",
            reason("partners.why.home_safety.ocj", ("actoren.11", "actoren.4.2", "actieplan.1.3")),
            CONCERN_WEIGHT - 1,
        ),
    ),
    # actoren.4.2, actieplan.1.3: the CLB refers to the CGG (rechtstreeks toegankelijke jeugdhulp) and to child
    # and youth psychiatry (outside the integrale jeugdhulp).
    "mental_health": (
        Rule("cgg", reason("partners.why.mental_health.cgg", ("actoren.4.2", "actieplan.1.3")), CONCERN_WEIGHT),
        Rule("kjp", reason("partners.why.mental_health.kjp", ("actoren.4.2", "actieplan.1.3")), CONCERN_WEIGHT - 1),
    ),
    # actoren.8: brugfiguren for vulnerable families (housing, income, work), leading to help and to the OCMW;
    # actoren.4.2, actieplan.1.3: OCMW and CAW as pistes of the CLB; actoren.5: lokaal bestuur (flankerend
    # onderwijsbeleid, with brugfiguren among its practices).
    "welfare": (
        Rule("brugfiguur", reason("partners.why.welfare.brugfiguur", ("actoren.8",)), CONCERN_WEIGHT),
        Rule(
            "ocmw",
            reason("partners.why.welfare.ocmw", ("actoren.4.2", "actoren.8", "actieplan.1.3")),
            CONCERN_WEIGHT - 1,
        ),
        Rule("caw", reason("partners.why.caw", ("actoren.4.2", "actieplan.1.3")), CONCERN_WEIGHT - 2),
        Rule("lokaal-bestuur", reason("partners.why.welfare.lokaal_bestuur", ("actoren.5",)), CONCERN_WEIGHT - 3),
    ),
    # actieplan.1.1, actieplan.2.1, actoren.2: specific educational needs, support by an ondersteuningsnetwerk;
    # aanbevelingen.inschrijving: consultation of parents, klassenraad and CLB; actoren.5: lokaal bestuur
    # against taal- and leerachterstand.
    "learning": (
        Rule(
            "ondersteuningsnetwerk",
            reason("partners.why.learning.ondersteuningsnetwerk", ("actieplan.1.1", "actieplan.2.1", "actoren.2")),
            CONCERN_WEIGHT,
        ),
        Rule("clb", reason("partners.why.learning.clb", ("aanbevelingen.inschrijving",)), CONCERN_WEIGHT - 1),
        Rule("lokaal-bestuur", reason("partners.why.learning.lokaal_bestuur", ("actoren.5",)), CONCERN_WEIGHT - 2),
    ),
    # actoren.15.1, actieplan.1.4: ROTS for a stuck, complex trajectory, called in by the CLB.
    "stuck": (Rule("rots", reason("partners.why.stuck.rots", ("actoren.15.1", "actieplan.1.4")), CONCERN_WEIGHT),),
    # aanbevelingen.inschrijving, actieplan.1.2: the vervolgschoolcoach of a former newcomer (ex-OKAN) in
    # secondary school. The draaiboek names no other partner for newcomers.
    "newcomer": (
        Rule(
            "vervolgschoolcoach",
            reason("partners.why.newcomer.vervolgschoolcoach", ("aanbevelingen.inschrijving", "actieplan.1.2")),
            CONCERN_WEIGHT,
        ),
    ),
}

# parents' stance -> partners, best first.
STANCE_RULES: dict[Parents, tuple[Rule, ...]] = {
    # actoren.12, actoren.4.2: the CLB establishes onwil; the school reports to the local police in close
    # consultation with the CLB, with the standard meldingsfiche. actieplan.1.3: when school and CLB conclude
    # onwil, the CLB may refer to a gemandateerde voorziening (M-document).
    "unwilling": (
        Rule("politie", reason("partners.why.unwilling.politie", ("actoren.12", "actoren.4.2")), STANCE_WEIGHT, False),
        Rule("clb", reason("partners.why.unwilling.clb", ("actoren.12",)), STANCE_WEIGHT - 1),
        Rule("ocj", reason("partners.why.unwilling.ocj", ("actieplan.1.3",)), STANCE_WEIGHT - 2, False),
    ),
    # actoren.12, actoren.4.2: after every attempt (phone, letter, home visit) without result, parents who keep
    # themselves unreachable may be regarded as unwilling; the school may assess that with the police.
    "unreachable": (
        Rule("clb", reason("partners.why.unreachable.clb", ("actoren.12", "actoren.4.2")), STANCE_WEIGHT),
        Rule(
            "politie",
            reason("partners.why.unreachable.politie", ("actoren.12", "actoren.4.2")),
            STANCE_WEIGHT - 1,
            False,
        ),
    ),
    # terminologie.2.2, actoren.4.2, actoren.12: onmacht needs support and guidance (school and CLB) and a
    # referral to help, not the police; actoren.8: brugfiguren support parents; actoren.4.2: gezinsbegeleiding and
    # CAW as rechtstreeks toegankelijke jeugdhulp through the CLB.
    "powerless": (
        Rule("clb", reason("partners.why.powerless.clb", ("terminologie.2.2", "actoren.4.2")), STANCE_WEIGHT),
        Rule("brugfiguur", reason("partners.why.powerless.brugfiguur", ("actoren.8",)), STANCE_WEIGHT - 1),
        Rule(
            "gezinsbegeleiding",
            reason("partners.why.powerless.gezinsbegeleiding", ("actoren.4.2", "actieplan.1.3")),
            STANCE_WEIGHT - 2,
        ),
        Rule("caw", reason("partners.why.caw", ("actoren.4.2", "actieplan.1.3")), STANCE_WEIGHT - 3),
    ),
    "cooperative": (),
}

# actoren.12, actieplan.1.2: a pupil who stubbornly refuses (onbuigzaamheid): the school reports with the
# standard meldingsfiche; the police talks and draws up an antispijbelcontract.
REFUSES_RULE = Rule(
    "politie", reason("partners.why.refuses.politie", ("actoren.12", "actieplan.1.2")), STANCE_WEIGHT, False
)

# The CLB in truancy and school refusal: actoren.2 (the school works with the CLB, which has the expertise and is
# the draaischijf to welfare; from 5 B-codes together), actoren.4.1 (the obligatory trajectory); actieplan.3.4 and
# actieplan.3.5 (school refusal: the plan is agreed with parents, pupil, CLB and the help involved). With illness
# the CLB keeps its role (actieplan.2.2.2) beside the measures the school organises: there it comes from the content.
TRACK_CLB_RULES: dict[str, Rule] = {
    "b-code": Rule(CLB, reason("partners.why.clb.b_code", ("actoren.2", "actoren.4.1")), CLB_WEIGHT),
    "schoolweigering": Rule(
        CLB, reason("partners.why.clb.refusal", ("actieplan.3.4", "actieplan.3.5", "actoren.4.2")), CLB_WEIGHT
    ),
}

# School refusal from phase 2 (or phase unknown): actieplan.3.5 (phase 2: inschakelen van externe
# hulpverlening), actieplan.3.1 (it may lie within a psychiatric problem), actoren.4.2 (the CLB refers to the CGG
# and to child and youth psychiatry). The schoolweigering section itself names no service.
REFUSAL_RULES: tuple[Rule, ...] = (
    Rule("cgg", reason("partners.why.refusal.cgg", ("actieplan.3.5", "actieplan.3.1", "actoren.4.2")), REFUSAL_WEIGHT),
    Rule(
        "kjp", reason("partners.why.refusal.kjp", ("actieplan.3.5", "actieplan.3.1", "actoren.4.2")), REFUSAL_WEIGHT - 1
    ),
)
REFUSAL_FROM_PHASE = 2

# Leaving school: actoren.15.2 (uitstroombegeleiding: talk, guide, brochure, flyer; VDAB; the material of the
# network), actoren.4.3 (the CLB, also after 18; the outflow talk), actoren.10.3 and actieplan.1.4 (UpGrade),
# actieplan.1.4 and actoren.10.4 (dagbesteding, activation towards work), actoren.10.1 (NAFT against early
# school leaving).
OUTFLOW_RULES: tuple[Rule, ...] = (
    Rule(
        "uitstroombegeleiding",
        reason("partners.why.outflow.uitstroombegeleiding", ("actoren.15.2", "actieplan.1.4", "actoren.4.3")),
        OUTFLOW_WEIGHT,
    ),
    Rule("clb", reason("partners.why.outflow.clb", ("actoren.4.3",)), OUTFLOW_WEIGHT - 1),
    Rule(
        "transitietraject",
        reason("partners.why.outflow.transitietraject", ("actoren.10.3", "actieplan.1.4")),
        OUTFLOW_WEIGHT - 2,
    ),
    Rule("vdab", reason("partners.why.outflow.vdab", ("actoren.15.2",)), OUTFLOW_WEIGHT - 3),
    Rule(
        "dagbesteding",
        reason("partners.why.outflow.dagbesteding", ("actieplan.1.4", "actoren.10.4")),
        OUTFLOW_WEIGHT - 4,
    ),
    Rule(
        "lokale-initiatieven", reason("partners.why.outflow.lokale_initiatieven", ("actoren.10.4",)), OUTFLOW_WEIGHT - 5
    ),
    Rule("naft", reason("partners.why.outflow.naft", ("actoren.10.1",)), OUTFLOW_WEIGHT - 6),
    Rule(
        "netwerk-samen-tegen-schooluitval",
        reason("partners.why.outflow.netwerk", ("actoren.15.2", "actoren.15")),
        OUTFLOW_WEIGHT - 7,
    ),
)


def rule_partner_ids() -> tuple[str, ...]:
    """Every partner id the tables and rules name (the content must have each)."""
    rules = [
        *(r for group in CONCERN_RULES.values() for r in group),
        *(r for group in STANCE_RULES.values() for r in group),
        REFUSES_RULE,
        *TRACK_CLB_RULES.values(),
        *REFUSAL_RULES,
        *OUTFLOW_RULES,
        *_tried_rules(PartnerSituation("b-code", tried=TRIED, parents="unwilling", concerns=("stuck",))),
    ]
    return unique([CLB, POLICE, "naft", "transitietraject", "rots", *(r.partner for r in rules)])


# -- situation and result -------------------------------------------------------------------------
@dataclass(frozen=True)
class PartnerSituation:
    track: Track
    phase: int | None = None  # phase of the care continuum (0-3), None when unknown
    tried: tuple[Tried, ...] = ()  # what was tried already; empty: nothing
    parents: Parents | None = None  # the parents' stance; None when unknown
    concerns: tuple[Concern, ...] = ()  # the kinds of concern; empty: none
    level: Level | None = None  # basisonderwijs leaves out the partners for secondary school only
    pupil_refuses: bool = False  # the pupil refuses every agreement or guidance (onbuigzaamheid)

    def __post_init__(self) -> None:
        if self.track not in TRACKS:
            raise ValueError(f"track must be one of {TRACKS}")
        if self.phase is not None and not 0 <= self.phase <= 3:
            raise ValueError("phase must be 0, 1, 2 or 3")
        if self.parents is not None and self.parents not in STANCE_RULES:
            raise ValueError(f"parents must be one of {tuple(STANCE_RULES)}")
        for name, allowed in (("tried", TRIED), ("concerns", CONCERNS)):
            values = tuple(dict.fromkeys(getattr(self, name)))
            if any(v not in allowed for v in values):
                raise ValueError(f"{name} must hold only {allowed}")
            object.__setattr__(self, name, values)


@dataclass(frozen=True)
class PartnerReferral:
    """Who calls the partner in and how, from the partner's ``referral`` in the content."""

    route: Route
    explanation: Text  # a str; render it per role with explanation.render(role)
    who: tuple[str, ...]
    how: tuple[str, ...]
    documents: tuple[str, ...]


@dataclass(frozen=True)
class PartnerFit:
    id: str
    name: str
    kind: str
    reasons: tuple[Reason, ...]  # why it fits, strongest first
    referral: PartnerReferral
    phases: tuple[int, ...]  # the phases the content gives the partner
    for_whom: str
    when: tuple[str, ...]  # the content's conditions, as they stand
    score: int
    sections: tuple[str, ...]  # the reasons' sections, then the partner's own

    @property
    def why(self) -> Reason:
        """The strongest reason."""
        return self.reasons[0]


@dataclass(frozen=True)
class LeftOut:
    """A partner one might expect, left out on purpose, and why."""

    id: str
    name: str
    why: Reason

    @property
    def sections(self) -> tuple[str, ...]:
        return self.why.sections


@dataclass(frozen=True)
class PartnerAdvice:
    track: Track
    phase: int | None
    summary: Text  # a str; render it per role with summary.render(role)
    partners: tuple[PartnerFit, ...]  # best first
    left_out: tuple[LeftOut, ...]
    reasons: tuple[Reason, ...]  # notes on the whole result
    sections: tuple[str, ...]

    @property
    def partner_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.partners)

    def get(self, partner_id: str) -> PartnerFit | None:
        return next((p for p in self.partners if p.id == partner_id), None)


# -- reading the content --------------------------------------------------------------------------
_SCHOOL_REFERS = re.compile(r"\b(?:school|scholen|directie|leerlingen?begeleiders?|zorgcoördinator)\b")
_FAMILY_REFERS = re.compile(r"\b(?:ouders?|leerling|jongeren?)\b")
_NO_REFERRAL = "draaiboek"  # "het draaiboek beschrijft geen aanmelding ..." in the content
_SECONDARY = re.compile(r"\bsecundair|\bBSO\b|\bTSO\b")
_PRIMARY = re.compile(r"\bbasis|\blager\b|\bkleuter", re.IGNORECASE)


def referral_route(partner: Partner) -> Route:
    """Who calls ``partner`` in, read from its ``referral``.

    ``clb``: the referral goes "door/via het CLB", or only the CLB and other professionals (no school, parent or
    pupil) may refer; ``school_with_clb``: the school refers, each time "in overleg met het CLB"; ``unknown``: the
    content says the draaiboek describes no referral; ``direct``: otherwise.
    """
    who = [w.lower() for w in partner.referral.who]
    how = [h.lower() for h in partner.referral.how]
    if any(_NO_REFERRAL in w for w in who):
        return "unknown"
    if any("door het clb" in h or "via het clb" in h for h in how):
        return "clb"
    school = [w for w in who if _SCHOOL_REFERS.search(w)]
    if not school and not any(_FAMILY_REFERS.search(w) for w in who) and any("clb" in w for w in who):
        return "clb"
    if school and all("overleg met het clb" in w for w in school):
        return "school_with_clb"
    return "direct"


def secondary_only(partner: Partner) -> bool:
    """The partner is there for pupils of secondary school only (its ``for_whom``)."""
    return bool(_SECONDARY.search(partner.for_whom)) and not _PRIMARY.search(partner.for_whom)


def _referral(partner: Partner) -> PartnerReferral:
    route = referral_route(partner)
    explanation = text(
        "partners.referral.clb"
        if route == "clb"
        else "partners.referral.school_with_clb"
        if route == "school_with_clb"
        else "partners.referral.unknown"
        if route == "unknown"
        else "partners.referral.direct"
    )
    r = partner.referral
    return PartnerReferral(route, explanation, tuple(r.who), tuple(r.how), tuple(r.documents))


def _names(names: Iterable[str]) -> str:
    """'A', 'A en B', 'A, B en C'."""
    items = list(names)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


# -- the rules ------------------------------------------------------------------------------------
def _tried_rules(s: PartnerSituation) -> list[Rule]:
    """What follows from what was tried already."""
    tried = set(s.tried)
    rules: list[Rule] = []
    if "naft" in tried:
        # actoren.15.1: the youth followed NAFT before (a new referral is not opportune), or stays absent despite
        # school, CLB and NAFT: the CLB may call in ROTS (actieplan.1.4).
        rules.append(
            Rule(
                "rots",
                reason(
                    "partners.why.rots_after_clb_and_naft" if "clb" in tried else "partners.why.rots_after_naft",
                    ("actoren.15.1", "actieplan.1.4"),
                ),
                TRIED_WEIGHT,
            )
        )
    if "transitietraject" in tried:
        # actoren.15.1: a schoolextern trajectory that is evaluated negatively.
        rules.append(Rule("rots", reason("partners.why.rots_after_external", ("actoren.15.1",)), TRIED_WEIGHT - 1))
    if "politie" in tried:
        if s.parents in UNWILLING:
            # actoren.12: absences go on after a report for onwil: a new report with a recent registratiefiche, a PV.
            rules.append(
                Rule("politie", reason("partners.why.police_second_report", ("actoren.12",)), TRIED_WEIGHT, False)
            )
        # actoren.12, actieplan.1.3: a contract that is not kept: no new report, no PV; the CLB may refer to a
        # gemandateerde voorziening with an M-document and add the contract.
        rules.append(
            Rule("ocj", reason("partners.why.ocj_after_contract", ("actoren.12", "actieplan.1.3")), TRIED_WEIGHT - 2)
        )
    if "clb" in tried:
        # actoren.4.3: the CLB's guidance runs until the youth is frequently present again; actoren.4.2: draaischijf.
        rules.append(
            Rule(CLB, reason("partners.why.clb_involved", ("actoren.4.3", "actoren.4.2")), CLB_INVOLVED_WEIGHT)
        )
        if "stuck" in s.concerns:
            # actoren.6, actieplan.1.3: no improvement despite school and CLB: a zorgwekkend dossier at AGODI.
            rules.append(
                Rule(
                    "agodi",
                    reason("partners.why.agodi_no_improvement", ("actoren.6", "actieplan.1.3")),
                    TRIED_WEIGHT - 3,
                    False,
                )
            )
    return rules


def _left_out_rules(s: PartnerSituation) -> list[Rule]:
    """Partners left out on purpose (the weight is not used)."""
    tried = set(s.tried)
    rules: list[Rule] = []
    if s.parents == "powerless":
        # actoren.4.2, actoren.12: onmacht calls for help, not the police.
        rules.append(
            Rule(POLICE, reason("partners.left_out.police_powerless", ("actoren.4.2", "actoren.12")), 0, False)
        )
    if "politie" in tried and s.parents not in UNWILLING:
        # actoren.12: a contract that is not kept: no new report to the police, no PV.
        rules.append(Rule(POLICE, reason("partners.left_out.police_after_contract", ("actoren.12",)), 0))
    if "naft" in tried:
        # actoren.15.1: a new NAFT referral is not opportune after NAFT.
        rules.append(Rule("naft", reason("partners.left_out.naft_again", ("actoren.15.1",)), 0))
    if "transitietraject" in tried:
        rules.append(Rule("transitietraject", reason("partners.left_out.transition_tried", ("actoren.15.1",)), 0))
    return rules


@dataclass
class _Candidate:
    partner: Partner
    fits: list[tuple[int, Reason]] = field(default_factory=list)
    ruled: bool = False  # a rule of the tables chose it (not only the content, or as the CLB)

    def add(self, weight: int, why: Reason) -> None:
        if all(r != why for _w, r in self.fits):
            self.fits.append((weight, why))

    @property
    def top(self) -> int:
        return max(w for w, _r in self.fits)

    @property
    def total(self) -> int:
        return sum(w for w, _r in self.fits)


class _Collector:
    def __init__(self, s: PartnerSituation, kb: KnowledgeRepository) -> None:
        self.s = s
        self.kb = kb
        self.partners = {p.id: p for p in kb.list_partners()}
        self.position = {pid: i for i, pid in enumerate(self.partners)}
        self.candidates: dict[str, _Candidate] = {}

    def partner(self, partner_id: str) -> Partner:
        return need(self.partners.get(partner_id), "partner", partner_id)

    def add(self, partner: Partner, weight: int, why: Reason, ruled: bool = False) -> None:
        if partner.kind in NOT_CALLED_IN_KINDS:
            return
        candidate = self.candidates.setdefault(partner.id, _Candidate(partner))
        candidate.add(weight, why)
        candidate.ruled = candidate.ruled or ruled

    def ordered(self) -> list[_Candidate]:
        """The candidates, best first: the strongest fit, then the sum, then the order of the content."""
        return sorted(self.candidates.values(), key=lambda k: (-k.top, -k.total, self.position[k.partner.id]))

    def apply(self, rules: Iterable[Rule]) -> None:
        for rule in rules:
            partner = self.partner(rule.partner)
            if rule.any_track or self.s.track in partner.tracks:
                self.add(partner, rule.weight, rule.why, ruled=True)

    def from_content(self) -> list[Reason]:
        """The partners of the track (and phase) in the content; the notes this gives."""
        s = self.s
        track = need(self.kb.get_track(s.track), "track", s.track)
        callable_ = [p for p in self.partners.values() if p.kind not in RULE_ONLY_KINDS]
        if s.phase is None:
            for p in callable_:
                if s.track in p.tracks and p.phases:
                    sections = [x for x in p.sections if x in track.sections] or p.sections
                    phases = _names(str(n) for n in p.phases)
                    why = reason("partners.why.track", sections, name=p.name, track=track.name, phases=phases)
                    self.add(p, IN_TRACK_WEIGHT, why)
            return [reason("partners.reason.phase_unknown", track.sections, track=track.name)]
        phase = need(self.kb.get_phase(s.track, s.phase), "phase", f"{s.track}.{s.phase}")
        named: dict[str, list[str]] = {}
        for found in self.kb.list_steps(s.track):
            if found.phase == s.phase:
                for pid in (found.step.actor, *found.step.partners):
                    named.setdefault(pid, []).extend(found.step.sections)
        for p in callable_:
            in_phase = s.track in p.tracks and s.phase in p.phases
            if not (in_phase or p.id in named):
                continue
            own = [x for x in p.sections if x in phase.sections] or p.sections
            cited = unique([*named.get(p.id, ()), *(own if in_phase else ())])
            weight = (IN_STEPS_WEIGHT if p.id in named else 0) + (IN_PHASE_WEIGHT if in_phase else 0)
            weight += SPECIFIC_WEIGHT if p.tracks == [s.track] else 0
            self.add(p, weight, reason("partners.why.phase", cited, name=p.name, phase=s.phase, track=track.name))
        return []


def advise_partners(situation: PartnerSituation, kb: KnowledgeRepository) -> PartnerAdvice:
    """The partners that fit ``situation``, best first, with who calls each in and how."""
    s = situation
    c = _Collector(s, kb)
    notes: list[Reason] = []

    if s.track == OUTFLOW:
        c.apply(OUTFLOW_RULES)
    else:
        notes += c.from_content()
    if s.track in TRACK_CLB_RULES:
        c.apply([TRACK_CLB_RULES[s.track]])
    if s.track == "schoolweigering" and (s.phase is None or s.phase >= REFUSAL_FROM_PHASE):
        c.apply(REFUSAL_RULES)
    for concern in s.concerns:
        c.apply(CONCERN_RULES[concern])
    if s.parents is not None:
        c.apply(STANCE_RULES[s.parents])
    if s.pupil_refuses and "politie" not in s.tried:
        c.apply([REFUSES_RULE])
    c.apply(_tried_rules(s))

    left_out: dict[str, LeftOut] = {}
    for rule in _left_out_rules(s):
        partner = c.partner(rule.partner)
        if rule.partner not in left_out and (
            rule.any_track or s.track in partner.tracks or rule.partner in c.candidates
        ):
            left_out[rule.partner] = LeftOut(partner.id, partner.name, rule.why)
        c.candidates.pop(rule.partner, None)
    if s.level == "basis":
        for pid in [pid for pid, cand in c.candidates.items() if secondary_only(cand.partner)]:
            p = c.candidates.pop(pid).partner
            why = reason("partners.left_out.secondary_only", p.sections[:1], name=p.name)
            left_out.setdefault(pid, LeftOut(pid, p.name, why))

    # actoren.4.2, actoren.2: the CLB is the draaischijf; it calls in the partners whose referral goes through it.
    strong = {pid for pid, cand in c.candidates.items() if cand.ruled}
    via_clb = [k.partner for k in c.ordered() if k.partner.id != CLB and referral_route(k.partner) == "clb"]
    if via_clb:
        names = _names(p.name for p in _mentioned(via_clb, strong))
        weight = CLB_GATEWAY_WEIGHT if any(p.id in strong for p in via_clb) else IN_STEPS_WEIGHT
        c.add(c.partner(CLB), weight, reason("partners.why.clb_gateway", ("actoren.4.2",), names=names))

    fits = tuple(_fit(k) for k in c.ordered())
    reasons = tuple(notes + _notes(s, fits, strong))
    summary = (
        text("partners.summary.some", names=_names(f.name for f in fits[:3])) if fits else text("partners.summary.none")
    )
    left = tuple(left_out.values())
    return PartnerAdvice(
        track=s.track,
        phase=s.phase,
        summary=summary,
        partners=fits,
        left_out=left,
        reasons=reasons,
        sections=collect_sections(reasons, fits, left),
    )


def _fit(candidate: _Candidate) -> PartnerFit:
    p = candidate.partner
    reasons = tuple(r for _w, r in sorted(candidate.fits, key=lambda f: -f[0]))
    return PartnerFit(
        id=p.id,
        name=p.name,
        kind=p.kind,
        reasons=reasons,
        referral=_referral(p),
        phases=tuple(p.phases),
        for_whom=p.for_whom,
        when=tuple(p.when),
        score=candidate.total,
        sections=unique([*(x for r in reasons for x in r.sections), *p.sections]),
    )


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=_HasId)


def _mentioned(items: list[T], strong: set[str]) -> list[T]:
    """The items the rules chose, or else the first few."""
    return [i for i in items if i.id in strong] or items[:MAX_NAMED]


def _notes(s: PartnerSituation, fits: tuple[PartnerFit, ...], strong: set[str]) -> list[Reason]:
    notes: list[Reason] = []
    via_clb = _mentioned([f for f in fits if f.referral.route == "clb"], strong)
    if via_clb:
        # actoren.4.2, actoren.2: the CLB as draaischijf to the partners outside school.
        names = _names(f.name for f in via_clb)
        notes.append(reason("partners.reason.via_clb", ("actoren.4.2", "actoren.2"), names=names))
    with_clb = _mentioned([f for f in fits if f.referral.route == "school_with_clb"], strong)
    if with_clb:
        # actoren.10: schools call in schoolexterne initiatives in consultation with the CLB; actoren.12: the police.
        sections = ("actoren.10", *(("actoren.12",) if any(f.id == POLICE for f in with_clb) else ()))
        notes.append(reason("partners.reason.school_with_clb", sections, names=_names(f.name for f in with_clb)))
    if "home_safety" in s.concerns:
        notes.append(reason("partners.reason.home_safety", ("actoren.11", "actoren.4.2")))
    if s.parents == "unwilling":
        notes.append(reason("partners.reason.unwilling", ("actoren.12", "actoren.4.2")))
    if s.parents == "unreachable":
        notes.append(reason("partners.reason.unreachable", ("actoren.12", "actoren.4.2")))
    # Not beside a worry about safety at home: there the VK and OCJ come first (actoren.11), not the police or a
    # talk with the parents.
    unsafe = "home_safety" in s.concerns
    if s.track == "b-code" and s.parents in (None, "cooperative") and not (s.pupil_refuses or unsafe or s.tried):
        # actoren.12, actieplan.1.2: the police for onwil, onbereikbaarheid or onbuigzaamheid.
        notes.append(reason("partners.reason.police_only_when", ("actoren.12", "actieplan.1.2")))
    if s.track == "b-code" and not (s.tried or unsafe):
        # actieplan.1.2, actoren.2: the school holds the first talk itself, then discusses the pupil with the CLB.
        notes.append(reason("partners.reason.school_first", ("actieplan.1.2", "actoren.2")))
    if "newcomer" in s.concerns:
        # aanbevelingen.inschrijving: an interpreter may support the talk with parents or guardian.
        notes.append(reason("partners.reason.interpreter", ("aanbevelingen.inschrijving",)))
    # actoren.15.2, actieplan.1.3: calling in a partner does not hand over the guidance.
    notes.append(reason("partners.reason.network", ("actoren.15.2", "actieplan.1.3")))
    return notes
