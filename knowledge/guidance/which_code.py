"""Which code: from a reason for absence to the absence code, with why.

Sources: terminologie.2.1 (Z, R, P, M, A, H), terminologie.2.2 (B), actoren.4.1 (suspension and the CLB),
actieplan.1.1 (code L in the registration policy). The code's name and category and the reason's text,
document and limit come from the content (``codes``); the engine holds why the code applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from knowledge.guidance.common import (
    Level,
    Reason,
    Text,
    collect_sections,
    content_reason,
    format_day_nl,
    need,
    ordinal_nl,
    reason,
    text,
)
from knowledge.guidance.leerplicht import START_AGE, START_DAY, START_MONTH
from knowledge.repository import KnowledgeRepository

AbsenceReason = Literal[
    "begrafenis",
    "huwelijk",
    "familieraad",
    "rechtbank",
    "overmacht",
    "jeugdbescherming",
    "religieuze-feestdag",
    "examencommissie",
    "scholierenkoepel",
    "covid-vaccinatie",
    "schorsing",
    "briefje-ouders",
    "medisch-attest",
    "twijfelachtig-attest",
    "attest-chronisch-ziek",
    "type-5-school",
    "vakantie",
    "time-out",
    "zorgboerderij",
    "revalidatie",
    "quarantaine",
    "duaal-zonder-werkplek",
    "werkplek-onwil",
    "leren-werken-solliciteren",
    "kleuter-niet-leerplichtig",
    "te-laat",
    "spijbelen",
    "andere",
]

# terminologie.2.1 (draaiboek lines 142-143): a written statement of the parents justifies illness for "max 3
# opeenvolgende kalenderdagen, max 4 keer per jaar" (per jaar, as the draaiboek says). What becomes of a longer
# absence the draaiboek does not say explicitly: the days the note does not cover are not justified by it (B, lines
# 263-264 and 280, unless another document such as a medical certificate justifies them, line 145), but whether the
# first 3 days keep Z or the whole absence becomes B it leaves open. Both engines say so (parents_note_too_long).
PARENTS_NOTE_MAX_DAYS = 3
PARENTS_NOTE_MAX_PER_YEAR = 4
# terminologie.2.1: in dual learning the tolerance period without a workplace is at most 20 days (with
# 3 possible extensions, omzendbrief SO/2019/01); if exceeded for lack of a fitting offer, M stays.
DUAL_TOLERANCE_DAYS = 20

# reason -> (code, id of the content's CodeReason, text key of why the code applies, sections)
RULES: dict[str, tuple[str, str | None, str, tuple[str, ...]]] = {
    "begrafenis": ("R", "r-begrafenis-huwelijk", "which_code.why.begrafenis", ("terminologie.2.1",)),
    "huwelijk": ("R", "r-begrafenis-huwelijk", "which_code.why.huwelijk", ("terminologie.2.1",)),
    "familieraad": ("R", "r-familieraad", "which_code.why.familieraad", ("terminologie.2.1",)),
    "rechtbank": ("R", "r-rechtbank", "which_code.why.rechtbank", ("terminologie.2.1",)),
    "overmacht": ("R", "r-overmacht", "which_code.why.overmacht", ("terminologie.2.1",)),
    "jeugdbescherming": ("R", "r-jeugdzorg-jeugdbescherming", "which_code.why.jeugdbescherming", ("terminologie.2.1",)),
    "religieuze-feestdag": (
        "R",
        "r-levensbeschouwelijke-feestdagen",
        "which_code.why.religieuze_feestdag",
        ("terminologie.2.1",),
    ),
    "examencommissie": ("R", "r-examencommissie", "which_code.why.examencommissie", ("terminologie.2.1",)),
    "scholierenkoepel": ("R", "r-vlaamse-scholierenkoepel", "which_code.why.scholierenkoepel", ("terminologie.2.1",)),
    "covid-vaccinatie": ("R", "r-vaccinatie-covid-19", "which_code.why.covid_vaccinatie", ("terminologie.2.1",)),
    "schorsing": ("R", "r-schorsing-uitsluiting", "which_code.why.schorsing", ("terminologie.2.1",)),
    "briefje-ouders": ("Z", "z-verklaring-ouders", "which_code.why.briefje_ouders", ("terminologie.2.1",)),
    "medisch-attest": ("Z", "z-medisch-attest", "which_code.why.medisch_attest", ("terminologie.2.1",)),
    "twijfelachtig-attest": (
        "B",
        "b-twijfelachtig-medisch-attest",
        "which_code.why.twijfelachtig_attest",
        ("terminologie.2.2",),
    ),
    "attest-chronisch-ziek": (
        "Z",
        "z-attest-chronisch-ziek",
        "which_code.why.attest_chronisch_ziek",
        ("terminologie.2.1",),
    ),
    "type-5-school": ("Z", "z-verblijf-type-5-school", "which_code.why.type_5_school", ("terminologie.2.1",)),
    "vakantie": ("B", "b-andere-niet-gewettigde-redenen", "which_code.why.vakantie", ("terminologie.2.2",)),
    "time-out": ("P", "p-opvang-begeleiding", "which_code.why.time_out", ("terminologie.2.1",)),
    "zorgboerderij": ("P", "p-opvang-begeleiding", "which_code.why.zorgboerderij", ("terminologie.2.1",)),
    "revalidatie": ("P", "p-revalidatie-gewoon-onderwijs", "which_code.why.revalidatie", ("terminologie.2.1",)),
    "quarantaine": ("P", "p-quarantaine", "which_code.why.quarantaine", ("terminologie.2.1",)),
    "duaal-zonder-werkplek": (
        "M",
        "m-duaal-werkplekleren-niet-ingevuld",
        "which_code.why.duaal_zonder_werkplek",
        ("terminologie.2.1",),
    ),
    "werkplek-onwil": ("B", "b-werkplekleren-onwil", "which_code.why.werkplek_onwil", ("terminologie.2.2",)),
    "leren-werken-solliciteren": (
        "M",
        "m-actief-solliciteren",
        "which_code.why.leren_werken_solliciteren",
        ("terminologie.2.1",),
    ),
    "kleuter-niet-leerplichtig": (
        "A",
        "a-niet-leerplichtige-kleuter",
        "which_code.why.kleuter_niet_leerplichtig",
        ("terminologie.2.1",),
    ),
    "te-laat": ("L", "l-te-laat-zonder-verwittiging", "which_code.why.te_laat", ("terminologie.2.2", "actieplan.1.1")),
    "spijbelen": ("B", "b-andere-niet-gewettigde-redenen", "which_code.why.spijbelen", ("terminologie.2.2",)),
    "andere": ("B", "b-andere-niet-gewettigde-redenen", "which_code.why.andere", ("terminologie.2.2",)),
}
SPECIAL_NEEDS_REHABILITATION = ("H", "h-revalidatie-buitengewoon-onderwijs")  # terminologie.2.1
# Every (code, code reason id) the engine may refer to.
CODE_REASON_IDS = frozenset({*((c, r) for c, r, _why, _s in RULES.values() if r), SPECIAL_NEEDS_REHABILITATION})


@dataclass(frozen=True)
class CodeQuestion:
    reason: AbsenceReason
    level: Level | None = None
    special_needs_education: bool = False
    consecutive_days: int | None = None  # consecutive calendar days covered by a parents' note
    parent_note_number: int | None = None  # which parents' note of this year this is (1, 2, ...; "per jaar")
    expected_at_school: bool | None = None  # suspension: is the pupil expected at school?


@dataclass(frozen=True)
class Alternative:
    code: str
    when: Text  # a str; render it per role with when.render(role)
    sections: tuple[str, ...]


@dataclass(frozen=True)
class CodeAnswer:
    code: str
    name: str
    category: str
    why: Text  # a str; render it per role with why.render(role)
    document: str | None
    limit: str | None
    reasons: tuple[Reason, ...]
    alternatives: tuple[Alternative, ...]
    sections: tuple[str, ...]


def parents_note_too_long(days: int) -> Reason:
    """A parents' note for more days than it may cover: the days beyond are B without another document; whether the
    first days keep Z the draaiboek leaves open (terminologie.2.1, lines 142-143; terminologie.2.2, line 280)."""
    return reason(
        "which_code.reason.note_too_long",
        ("terminologie.2.1", "terminologie.2.2"),
        max_days=PARENTS_NOTE_MAX_DAYS,
        max_per_year=PARENTS_NOTE_MAX_PER_YEAR,
        days=days,
    )


def _note_beyond_limits(q: CodeQuestion) -> tuple[Text, list[Reason]] | None:
    """Why a parents' note beyond its limits gives B, and the reasons; None when the note stays within them."""
    too_long = q.consecutive_days is not None and q.consecutive_days > PARENTS_NOTE_MAX_DAYS
    too_many = q.parent_note_number is not None and q.parent_note_number > PARENTS_NOTE_MAX_PER_YEAR
    if too_long and not too_many:  # the days beyond are B; for the first days the draaiboek does not say
        why = text("which_code.why.note_too_long", max_days=PARENTS_NOTE_MAX_DAYS)
        return why, [parents_note_too_long(q.consecutive_days or 0)]
    if not too_many:
        return None
    # the note itself is one too many: it justifies none of its days
    reasons = [parents_note_too_long(q.consecutive_days or 0)] if too_long else []
    reasons.append(
        reason(
            "which_code.reason.note_too_many",
            ("terminologie.2.1",),
            max_per_year=PARENTS_NOTE_MAX_PER_YEAR,
            number=ordinal_nl(q.parent_note_number or 0),
        )
    )
    reasons.append(reason("which_code.reason.not_justified", ("terminologie.2.2",)))
    return text("which_code.why.note_not_enough"), reasons


def find_code(question: CodeQuestion, kb: KnowledgeRepository) -> CodeAnswer:
    q = question
    code, reason_id, why_key, sections = RULES[q.reason]
    why = text(why_key)
    reasons: list[Reason] = [reason(why_key, sections)]
    alternatives: list[Alternative] = []
    limits = {"max_days": PARENTS_NOTE_MAX_DAYS, "max_per_year": PARENTS_NOTE_MAX_PER_YEAR}

    if q.reason == "briefje-ouders":
        beyond = _note_beyond_limits(q)
        if beyond is None:
            reasons.append(reason("which_code.reason.note_within_limits", ("terminologie.2.1",), **limits))
        else:
            code, reason_id = "B", None
            why, extra = beyond
            reasons += extra
            alternatives.append(Alternative("Z", text("which_code.when.medical_certificate"), ("terminologie.2.1",)))
    elif q.reason == "schorsing":
        if q.expected_at_school:
            # terminologie.2.1 (lines 176-177) makes a suspension R only "indien leerling niet op school wordt
            # verwacht"; that an absence while expected is then B (terminologie.2.2, line 280) is an inference, and
            # the text says so.
            code, reason_id = "B", None
            why = text("which_code.why.suspension_expected_at_school")
            reasons.append(reason(why.key, ("terminologie.2.1", "terminologie.2.2")))
        reasons.append(reason("which_code.reason.suspension_clb_trajectory", ("actoren.4.1",)))
    elif q.reason == "revalidatie" and q.special_needs_education:
        code, reason_id = SPECIAL_NEEDS_REHABILITATION
        why = text("which_code.why.rehabilitation_special_needs")
        reasons[0] = reason(why.key, ("terminologie.2.1",))
    elif q.reason == "duaal-zonder-werkplek":
        reasons.append(reason("which_code.reason.dual_tolerance", ("terminologie.2.1",), days=DUAL_TOLERANCE_DAYS))
        alternatives.append(Alternative("B", text("which_code.when.workplace_unwilling"), ("terminologie.2.2",)))
    elif q.reason == "te-laat":
        alternatives.append(Alternative("B", text("which_code.when.late_as_b"), ("terminologie.2.2",)))
    elif q.reason == "vakantie":
        reasons.append(reason("which_code.reason.holiday_not_justifiable", ("terminologie.2.1", "terminologie.2.2")))
    elif q.reason == "twijfelachtig-attest":
        reasons.append(reason("which_code.reason.doubtful_for_inspection", ("terminologie.2.2",)))
    elif q.reason == "kleuter-niet-leerplichtig":
        reasons.append(
            reason(
                "which_code.reason.kindergarten_until_compulsory",
                ("terminologie.1",),
                start_day=format_day_nl(START_MONTH, START_DAY),
                start_age=START_AGE,
            )
        )

    code_item = need(kb.get_code(code), "code", code)
    document = limit = None
    if reason_id is not None:
        found = next((r for r in code_item.reasons if r.id == reason_id), None)
        item = need(found, "code reason", f"{code}/{reason_id}")
        document, limit = item.document, item.limit
        reasons.append(content_reason(item.text, item.sections))
    return CodeAnswer(
        code=code,
        name=code_item.name,
        category=code_item.category,
        why=why,
        document=document,
        limit=limit,
        reasons=tuple(reasons),
        alternatives=tuple(alternatives),
        sections=collect_sections(reasons, alternatives),
    )
