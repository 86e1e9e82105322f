"""Illness support: eligibility for TOAH, SIO (Bednet) and School en Ziek zijn.

Sources: actieplan.2 (no measure can be imposed; free of charge), actieplan.2.2 (duty to inform),
actieplan.2.2.1 (TOAH checklist), actieplan.2.2.2 (SIO checklist), actieplan.2.2.3 (School en Ziek zijn
checklist). Step texts come from the content's ``ziekte`` track, the names from the checklists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from knowledge.guidance.common import (
    AdviceStep,
    Level,
    Reason,
    Text,
    collect_sections,
    need,
    ordinal_nl,
    reason,
    step,
    text,
)
from knowledge.repository import KnowledgeRepository

# The kinds of illness or situation a question may name: the ones of the TOAH checklist (actieplan.2.2.1) and of
# the SIO checklist (actieplan.2.2.2) together.
Condition = Literal[
    "fysiek",
    "psychisch",
    "ongeval",
    "operatie",
    "zwangerschap",
    "moederschapsrust",
    "risicopatient",
    "inwonend-bij-risicopatient",
]
Status = Literal["eligible", "school_decides", "not_yet", "not_eligible", "can_apply"]

TOAH = "actieplan.2.2.1"
SIO = "actieplan.2.2.2"
SZ = "actieplan.2.2.3"

# actieplan.2.2.1: more than 21 consecutive calendar days (weekends and holidays counted).
TOAH_MIN_DAYS = 21  # strictly more than this
# actieplan.2.2.1 (draaiboek lines 2588-2595): the nature of the condition, each of which qualifies for TOAH (it
# need not be named in the request; no diagnosis is needed): physical, psychological, a (traffic) accident, pregnancy
# and/or maternity rest, a risk patient, living with a risk patient. An operation is not among them: the draaiboek
# names it for SIO only (line 2709).
TOAH_CONDITIONS = frozenset(
    {
        "fysiek",
        "psychisch",
        "ongeval",
        "zwangerschap",
        "moederschapsrust",
        "risicopatient",
        "inwonend-bij-risicopatient",
    }
)
# actieplan.2.2.1: chronic illness: each time 9 half school days of absence add up in the school year,
# the pupil has the right to 4 lessons of TOAH.
TOAH_CHRONIC_HALF_DAYS = 9
TOAH_CHRONIC_LESSONS = 4
# actieplan.2.2.1: a chronic illness needs continuous or repeated treatment of at least 6 months.
CHRONIC_TREATMENT_MONTHS = 6
# actieplan.2.2.1: residence up to 10 km from school (mainstream), up to 20 km (special education).
TOAH_MAX_KM_MAINSTREAM = 10
TOAH_MAX_KM_SPECIAL = 20
# actieplan.2.2.1: after a relapse within 3 months TOAH can continue without a new request.
TOAH_RELAPSE_MONTHS = 3
# actieplan.2.2.2: from the third year of kindergarten or age 5; at least 4 weeks (long absence) or
# 36 half days (chronic illness) of use; a Bednet consultant calls within 5 working days.
SIO_KINDERGARTEN_YEAR = 3
SIO_MIN_AGE = 5
SIO_MIN_WEEKS = 4
SIO_MIN_HALF_DAYS_CHRONIC = 36
BEDNET_CONTACT_WORKING_DAYS = 5

# actieplan.2.2.2 (draaiboek lines 2705-2711): the formal criterion names long or frequent absence through illness or
# chronic illness, an accident, an operation, psychological problems, pregnancy and/or maternity rest. A risk patient
# (or living with one) is not named: not excluded either, so the answer is to ask Bednet, not "no".
SIO_CONDITIONS = frozenset({"fysiek", "psychisch", "ongeval", "operatie", "zwangerschap", "moederschapsrust"})

TRACK = "ziekte"
CHECKLIST_IDS = ("toah", "sio", "school-en-ziek-zijn")
# Steps of the content's ``ziekte`` track the engine proposes.
STEP_IDS = (
    "ziekte-f1-ouders-informeren",
    "ziekte-f1-toah-aanvragen",
    "ziekte-f1-toah-melden",
    "ziekte-f1-recht-vaststellen",
    "ziekte-f1-sio-aanvragen",
    "ziekte-f1-bednet-consulent",
    "ziekte-f1-school-en-ziek-zijn",
)
# The obligatory ones: inform the parents and establish the right (actieplan.2.2), request and report
# TOAH (actieplan.2.2.1). SIO and School en Ziek zijn are offers (actieplan.2.2.2, actieplan.2.2.3).
MANDATORY = frozenset(
    {
        "ziekte-f1-ouders-informeren",
        "ziekte-f1-toah-aanvragen",
        "ziekte-f1-toah-melden",
        "ziekte-f1-recht-vaststellen",
    }
)


@dataclass(frozen=True)
class IllnessSituation:
    level: Level
    special_needs_education: bool = False
    condition: Condition | None = None
    days_absent_consecutive: int = 0  # consecutive calendar days, weekends and holidays counted
    chronic: bool = False
    half_days_absent: int = 0  # half days absent this school year (chronic illness)
    distance_km: float = 0.0
    medical_certificate: bool | None = None
    kindergarten_year: int | None = None  # 1-3 when the child is in kindergarten
    age: int | None = None
    expected_weeks: int | None = None  # expected use of SIO for a long absence
    expected_half_days: int | None = None  # expected use of SIO for a chronic illness
    treatment_months: float | None = None  # chronic illness: how long the continuous or repeated treatment lasts
    relapse_after_months: float | None = None  # a relapse: months between the end of the TOAH and the relapse


@dataclass(frozen=True)
class Support:
    id: str
    name: str
    status: Status
    reasons: tuple[Reason, ...]
    missing: tuple[Reason, ...]
    next_steps: tuple[AdviceStep, ...]
    sections: tuple[str, ...]


@dataclass(frozen=True)
class IllnessAdvice:
    toah: Support
    sio: Support
    school_en_ziek_zijn: Support
    toah_lessons: int  # chronic illness: lessons earned so far this school year
    reasons: tuple[Reason, ...]
    sections: tuple[str, ...]

    @property
    def eligible(self) -> bool:
        return self.toah.status == "eligible"

    @property
    def school_decides(self) -> bool:
        return self.toah.status == "school_decides"


def toah_distance_limit(special_needs_education: bool) -> int:
    return TOAH_MAX_KM_SPECIAL if special_needs_education else TOAH_MAX_KM_MAINSTREAM


def toah_lessons(half_days_absent: int) -> int:
    return (half_days_absent // TOAH_CHRONIC_HALF_DAYS) * TOAH_CHRONIC_LESSONS


def chronic_for_toah(treatment_months: float) -> bool:
    """Whether a treatment this long makes the illness chronic in the TOAH sense: "een continue of repetitieve
    behandeling van minstens 6 maanden" (actieplan.2.2.1, draaiboek lines 2608-2609)."""
    return treatment_months >= CHRONIC_TREATMENT_MONTHS


def relapse_continues_toah(relapse_after_months: float) -> bool:
    """Whether TOAH can continue without a new request of the parents: "als er binnen de 3 maanden een herval is"
    (actieplan.2.2.1, draaiboek line 2632). A relapse at exactly 3 months is read as within them."""
    return relapse_after_months <= TOAH_RELAPSE_MONTHS


def _name(kb: KnowledgeRepository, checklist_id: str) -> str:
    return need(kb.get_checklist(checklist_id), "checklist", checklist_id).name


def _support(
    kb: KnowledgeRepository,
    checklist_id: str,
    status: Status,
    reasons: list[Reason],
    missing: list[Reason],
    steps: tuple[AdviceStep, ...],
) -> Support:
    return Support(
        checklist_id,
        _name(kb, checklist_id),
        status,
        tuple(reasons),
        tuple(missing),
        steps,
        collect_sections(reasons, missing, steps),
    )


# actieplan.2.3 (phase 2 of the illness track): what the school does while a pupil stays in a hospital or K-dienst,
# up to the return to school.
HOSPITAL_STEP_IDS = (
    "ziekte-f2-contact-behouden",
    "ziekte-f2-ontslagdatum-afspreken",
    "ziekte-f2-terugkeer-voorbereiden",
)
RETURN_STEP_ID = HOSPITAL_STEP_IDS[-1]


def steps_during_hospital_stay(kb: KnowledgeRepository) -> tuple[AdviceStep, ...]:
    """The school's steps during a hospital stay and for the return (actieplan.2.3)."""
    return _steps(kb, *HOSPITAL_STEP_IDS)


def _steps(kb: KnowledgeRepository, *ids: str) -> tuple[AdviceStep, ...]:
    return tuple(step(kb, i) for i in ids)


def _count(kind: str, count: float) -> Text:
    """'1 halve dag', '3 halve dagen', '2,5 maanden' ...: ``kind`` is half_days, calendar_days, weeks or months."""
    return text(f"illness.count.{kind}.{'one' if count == 1 else 'many'}", count=_number(count))


def _chronic(s: IllnessSituation) -> bool:
    """A chronic illness in the TOAH sense: said to be chronic, and not with a treatment shorter than 6 months."""
    return s.chronic and (s.treatment_months is None or chronic_for_toah(s.treatment_months))


def check_toah(s: IllnessSituation, kb: KnowledgeRepository) -> Support:
    reasons: list[Reason] = []
    missing: list[Reason] = []
    long_absence = s.days_absent_consecutive > TOAH_MIN_DAYS
    chronic = _chronic(s)
    lessons = toah_lessons(s.half_days_absent) if chronic else 0
    chronic_ok = chronic and lessons > 0

    reasons.append(reason("illness.toah.levels", (TOAH,)))
    if s.condition in TOAH_CONDITIONS:
        reasons.append(reason("illness.toah.condition", (TOAH,)))
    elif s.condition is not None:
        reasons.append(reason("illness.toah.operation_not_named", (TOAH,)))  # the one condition of SIO only
    if long_absence:
        reasons.append(
            reason("illness.toah.long_absence", (TOAH,), days=s.days_absent_consecutive, min_days=TOAH_MIN_DAYS)
        )
    if s.chronic and not chronic:
        reasons.append(
            reason(
                "illness.toah.treatment_too_short",
                (TOAH,),
                months=CHRONIC_TREATMENT_MONTHS,
                treatment=_count("months", s.treatment_months or 0),
            )
        )
    if chronic:
        reasons.append(
            reason(
                "illness.toah.chronic",
                (TOAH,),
                months=CHRONIC_TREATMENT_MONTHS,
                per_half_days=TOAH_CHRONIC_HALF_DAYS,
                per_lessons=TOAH_CHRONIC_LESSONS,
                half_days=_count("half_days", s.half_days_absent),
                lessons=lessons,
            )
        )
    if not long_absence and not chronic_ok:
        if chronic:
            left = TOAH_CHRONIC_HALF_DAYS - s.half_days_absent % TOAH_CHRONIC_HALF_DAYS
            missing.append(
                reason(
                    "illness.toah.missing_half_days",
                    (TOAH,),
                    left=_count("half_days", left),
                    per_half_days=TOAH_CHRONIC_HALF_DAYS,
                )
            )
        if not chronic or s.days_absent_consecutive > 0:
            left_days = TOAH_MIN_DAYS + 1 - s.days_absent_consecutive
            missing.append(
                reason(
                    "illness.toah.missing_days_or" if chronic else "illness.toah.missing_days",
                    (TOAH,),
                    left=_count("calendar_days", left_days),
                    min_days=TOAH_MIN_DAYS,
                )
            )
    if s.medical_certificate is False:
        missing.append(reason("illness.toah.missing_certificate", (TOAH,)))

    limit = toah_distance_limit(s.special_needs_education)
    education = text("illness.education.special" if s.special_needs_education else "illness.education.mainstream")
    distance_ok = s.distance_km <= limit
    reasons.append(
        reason(
            "illness.toah.distance_ok" if distance_ok else "illness.toah.distance_too_far",
            (TOAH,),
            distance=_number(s.distance_km),
            education=education,
            limit=limit,
        )
    )

    if missing:
        status: Status = "not_yet"
    elif distance_ok:
        status = "eligible"
    else:
        status = "school_decides"
    if status in ("eligible", "school_decides"):
        steps = _steps(kb, "ziekte-f1-ouders-informeren", "ziekte-f1-toah-aanvragen", "ziekte-f1-toah-melden")
        if s.relapse_after_months is None:
            reasons.append(reason("illness.toah.relapse", (TOAH,), months=TOAH_RELAPSE_MONTHS))
    else:
        steps = _steps(kb, "ziekte-f1-recht-vaststellen")
    if s.relapse_after_months is not None:
        reasons.append(_relapse(s.relapse_after_months))
    return _support(kb, "toah", status, reasons, missing, steps)


def _relapse(after_months: float) -> Reason:
    """actieplan.2.2.1 (line 2632): after a relapse within 3 months the TOAH continues without a new request."""
    after = _count("months", after_months)
    if relapse_continues_toah(after_months):
        return reason(
            "illness.toah.relapse_within", (TOAH,), months=TOAH_RELAPSE_MONTHS, after=after, min_days=TOAH_MIN_DAYS
        )
    return reason("illness.toah.relapse_later", (TOAH,), months=TOAH_RELAPSE_MONTHS, after=after)


def check_sio(s: IllnessSituation, kb: KnowledgeRepository) -> Support:
    reasons: list[Reason] = []
    missing: list[Reason] = []
    blocked = False
    ages = {"kindergarten_class": ordinal_nl(SIO_KINDERGARTEN_YEAR), "min_age": SIO_MIN_AGE}
    if s.kindergarten_year is not None:
        old_enough = s.kindergarten_year >= SIO_KINDERGARTEN_YEAR or (s.age is not None and s.age >= SIO_MIN_AGE)
        if old_enough:
            reasons.append(reason("illness.sio.age_ok", (SIO,), **ages))
        else:
            blocked = True
            reasons.append(reason("illness.sio.too_young", (SIO,), **ages))
    else:
        reasons.append(reason("illness.sio.levels", (SIO,), **ages))
    if s.condition is not None and s.condition not in SIO_CONDITIONS:
        # Not named, not excluded: Bednet (the central organiser) answers it (actieplan.2.2.2, lines 2705-2715).
        missing.append(reason("illness.sio.ask_bednet", (SIO,)))
    if s.days_absent_consecutive <= 0 and s.half_days_absent <= 0 and not s.chronic:
        missing.append(reason("illness.sio.missing_absence", (SIO,)))
    if s.medical_certificate is False:
        missing.append(reason("illness.sio.missing_documents", (SIO,)))
    if s.chronic and s.expected_half_days is not None and s.expected_half_days < SIO_MIN_HALF_DAYS_CHRONIC:
        blocked = True
        reasons.append(
            reason(
                "illness.sio.too_little_chronic",
                (SIO,),
                min_half_days=SIO_MIN_HALF_DAYS_CHRONIC,
                expected=_count("half_days", s.expected_half_days),
            )
        )
    if not s.chronic and s.expected_weeks is not None and s.expected_weeks < SIO_MIN_WEEKS:
        blocked = True
        reasons.append(
            reason("illness.sio.too_short", (SIO,), min_weeks=SIO_MIN_WEEKS, expected=_count("weeks", s.expected_weeks))
        )
    if blocked:
        status: Status = "not_eligible"
        steps: tuple[AdviceStep, ...] = ()
    elif missing:
        status = "not_yet"
        steps = ()
    else:
        status = "can_apply"
        reasons.append(
            reason(
                "illness.sio.can_apply",
                (SIO,),
                min_weeks=SIO_MIN_WEEKS,
                min_half_days=SIO_MIN_HALF_DAYS_CHRONIC,
            )
        )
        steps = _steps(kb, "ziekte-f1-sio-aanvragen", "ziekte-f1-bednet-consulent")
    return _support(kb, "sio", status, reasons, missing, steps)


def check_school_en_ziek_zijn(s: IllnessSituation, toah: Support, kb: KnowledgeRepository) -> Support:
    reasons: list[Reason] = [reason("illness.school_en_ziek_zijn.for_whom", (SZ,))]
    missing: list[Reason] = []
    if toah.status in ("not_yet", "school_decides"):
        reasons.append(reason("illness.school_en_ziek_zijn.earlier_than_toah", (SZ,)))
    else:
        reasons.append(reason("illness.school_en_ziek_zijn.complements", (SZ,)))
    if s.medical_certificate is False:
        missing.append(reason("illness.school_en_ziek_zijn.missing_certificate", (SZ,)))
    status: Status = "not_yet" if missing else "can_apply"
    steps = () if missing else _steps(kb, "ziekte-f1-school-en-ziek-zijn")
    return _support(kb, "school-en-ziek-zijn", status, reasons, missing, steps)


def advise_illness(situation: IllnessSituation, kb: KnowledgeRepository) -> IllnessAdvice:
    toah = check_toah(situation, kb)
    sio = check_sio(situation, kb)
    sz = check_school_en_ziek_zijn(situation, toah, kb)
    reasons = (
        reason("illness.reason.not_imposed_free", ("actieplan.2",)),
        reason("illness.reason.school_informs_parents", ("actieplan.2.2",)),
    )
    return IllnessAdvice(
        toah=toah,
        sio=sio,
        school_en_ziek_zijn=sz,
        toah_lessons=toah_lessons(situation.half_days_absent) if _chronic(situation) else 0,
        reasons=reasons,
        sections=collect_sections(reasons, [toah, sio, sz]),
    )


def _number(value: float) -> str:
    """A number as Flemish readers write it: '2,5', '10'."""
    return f"{value:g}".replace(".", ",")
