"""Outflow options for a youth who wants to leave school: routes per wish and the people who help.

Sources: terminologie.1 (end of compulsory education, part-time from 15 or 16, leren en werken),
actoren.4.3 (from 18 free to leave; outflow talk), actoren.10.1 (NAFT), actoren.10.3 (transition
trajectories), actoren.15.2 (outflow guidance: the four wishes, flyer, brochure, guide),
actieplan.1.4 and actieplan.2.4 (phase 3: outflow guidance, UpGrade, dagbesteding).
The texts (``engine-outflow.yml``) speak to the youth ("je"); staff and parents get their own variant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from knowledge.guidance.common import (
    PartnerHint,
    Reason,
    Text,
    collect_sections,
    format_date_nl,
    format_day_nl,
    partner_hint,
    reason,
    text,
    unique,
)
from knowledge.guidance.leerplicht import (
    END_AGE,
    END_CUTOFF_DAY,
    END_CUTOFF_MONTH,
    LATE_END_DAY,
    LATE_END_MONTH,
    PART_TIME_AGE_AFTER_FIRST_TWO_YEARS,
    PART_TIME_AGE_OTHERWISE,
    leerplicht_end,
    part_time_age,
)
from knowledge.repository import KnowledgeRepository

Wish = Literal["kwalificatie", "werken", "combineren", "opleiding"]
WISHES: tuple[Wish, ...] = ("kwalificatie", "werken", "combineren", "opleiding")
TOOLS_EMAIL = "annick.steyt@samentegenschooluitval-wvl.be"  # actoren.15.2
TOOLS_WEBSITE = "www.samentegenschooluitval-wvl.be"  # actoren.15.2


@dataclass(frozen=True)
class OutflowQuestion:
    age: int  # in years; with a birth date, the age on ``on_date`` is used instead
    wish: Wish | None = None
    compulsory: bool | None = None  # still of compulsory school age; derived from the birth date or age when unknown
    first_two_years_secondary_done: bool | None = None
    secondary_diploma: bool = False
    birth_date: date | None = None  # when known, the end of compulsory education is computed (leerplicht_end)
    on_date: date | None = None  # the day the answer is for (with a birth date); today when None


@dataclass(frozen=True)
class Route:
    wish: Wish
    title: Text  # a str; render it per role with title.render(role)
    text: Text  # a str; render it per role with text.render(role)
    helpers: tuple[str, ...]
    sections: tuple[str, ...]


@dataclass(frozen=True)
class OutflowAdvice:
    # Still of compulsory school age. At 17 without a birth date it may already have ended (compulsory_certain is
    # False): the answer is then True, what holds until the end, and ``reasons`` say when it ends.
    compulsory_school_age: bool
    may_leave_school: bool
    part_time_possible: bool | None  # None when it depends on the first two years of secondary school
    explanation: Text  # a str; render it per role with explanation.render(role)
    routes: tuple[Route, ...]
    helpers: tuple[PartnerHint, ...]
    tools: tuple[Reason, ...]
    reasons: tuple[Reason, ...]
    sections: tuple[str, ...]
    compulsory_certain: bool = True  # False at 17 without a birth date: the end depends on the 18th birthday
    compulsory_end: date | None = None  # the end of compulsory education, when the birth date is known


@dataclass(frozen=True)
class _Compulsory:
    """Whether the youth is of compulsory school age, and what decides it."""

    compulsory: bool
    certain: bool
    age: int  # the age the part-time rule reads
    end: date | None
    reason: Reason | None


def _age_on(birth_date: date, on: date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def _compulsory(q: OutflowQuestion) -> _Compulsory:
    """terminologie.1 (draaiboek lines 40-49): compulsory education runs until 18: until the 18th birthday for who
    turns 18 before 1 July, until 30 June of that year for who turns 18 after 30 June; a secondary diploma ends it.

    With a birth date the end comes from :func:`leerplicht_end`. With an age only, the end is known to be passed at
    18 and ahead before 17; at 17 it depends on the birthday (turning 18 after 30 June, the youth is no longer of
    compulsory school age after 30 June of that year, while still 17)."""
    if q.secondary_diploma:
        return _Compulsory(False, True, q.age, None, reason("outflow.reason.diploma", ("terminologie.1",)))
    if q.compulsory is not None:
        return _Compulsory(q.compulsory, True, q.age, None, None)
    if q.birth_date is not None:
        on = q.on_date or date.today()
        end = leerplicht_end(q.birth_date)
        key = "outflow.reason.compulsory_until" if on <= end else "outflow.reason.compulsory_ended"
        why = reason(key, ("terminologie.1",), end=format_date_nl(end))
        return _Compulsory(on <= end, True, _age_on(q.birth_date, on), end, why)
    if q.age >= END_AGE:
        why = reason("outflow.reason.until_end_age", ("terminologie.1", "actoren.4.3"), end_age=END_AGE)
        return _Compulsory(False, True, q.age, None, why)
    if q.age == END_AGE - 1:
        why = reason(
            "outflow.reason.end_depends",
            ("terminologie.1",),
            age=q.age,
            end_age=END_AGE,
            cutoff_day=format_day_nl(END_CUTOFF_MONTH, END_CUTOFF_DAY),
            last_day=format_day_nl(LATE_END_MONTH, LATE_END_DAY),
        )
        return _Compulsory(True, False, q.age, None, why)
    return _Compulsory(True, True, q.age, None, None)


def _part_time_possible(q: OutflowQuestion, years: int) -> bool | None:
    age = part_time_age(q.first_two_years_secondary_done)
    if age is not None:
        return years >= age
    if years >= PART_TIME_AGE_OTHERWISE:
        return True
    if years < PART_TIME_AGE_AFTER_FIRST_TWO_YEARS:
        return False
    return None


def outflow_tools() -> tuple[Reason, ...]:
    """The material of the outflow guidance, the same for every youth (actoren.15.2): flyer, brochure, guide for
    the talk, and where to get them."""
    return (
        reason("outflow.tool.flyer", ("actoren.15.2",)),
        reason("outflow.tool.brochure", ("actoren.15.2",)),
        reason("outflow.tool.guide", ("actoren.15.2",)),
        reason("outflow.tool.contact", ("actoren.15.2",), email=TOOLS_EMAIL, website=TOOLS_WEBSITE),
    )


def advise_outflow(question: OutflowQuestion, kb: KnowledgeRepository) -> OutflowAdvice:
    q = question
    status = _compulsory(q)
    compulsory = status.compulsory
    part_time = _part_time_possible(q, status.age) if compulsory else None
    reasons: list[Reason] = [status.reason] if status.reason is not None else []
    ages = {"age_after": PART_TIME_AGE_AFTER_FIRST_TWO_YEARS, "age_otherwise": PART_TIME_AGE_OTHERWISE}

    if not compulsory:
        reasons.append(reason("outflow.reason.consequences", ("actoren.4.3", "actoren.15.2")))
        explanation = text("outflow.explanation.may_leave")
    elif part_time is False:
        reasons.append(reason("outflow.reason.full_time", ("terminologie.1",), **ages))
        explanation = text("outflow.explanation.full_time")
    elif part_time is True and status.reason is not None:  # the end is said above: part-time until then
        reasons.append(reason("outflow.reason.part_time_while_compulsory", ("terminologie.1",)))
        explanation = (
            text("outflow.explanation.part_time")
            if status.certain
            else text("outflow.explanation.end_depends", age=status.age, end_age=END_AGE)
        )
    elif part_time is True:
        reasons.append(
            reason(
                "outflow.reason.part_time",
                ("terminologie.1",),
                end_age=END_AGE,
                last_day=format_day_nl(LATE_END_MONTH, LATE_END_DAY),
            )
        )
        explanation = text("outflow.explanation.part_time")
    else:
        reasons.append(
            reason(
                "outflow.reason.part_time_depends",
                ("terminologie.1",),
                age=status.age,
                age_otherwise=PART_TIME_AGE_OTHERWISE,
            )
        )
        explanation = text("outflow.explanation.part_time_depends")

    wishes = (q.wish,) if q.wish is not None else WISHES
    routes = tuple(_route(w, compulsory, part_time) for w in wishes)

    helper_ids = unique(["school", "clb", "uitstroombegeleiding", *(h for r in routes for h in r.helpers)])
    if q.wish is None:
        helper_ids = unique([*helper_ids, "dagbesteding"])
    helpers = tuple(_helper(kb, pid) for pid in helper_ids)
    return OutflowAdvice(
        compulsory_school_age=compulsory,
        may_leave_school=not compulsory,
        part_time_possible=part_time,
        explanation=explanation,
        routes=routes,
        helpers=helpers,
        tools=outflow_tools(),
        reasons=tuple(reasons),
        sections=collect_sections(reasons, routes, helpers, outflow_tools()),
        compulsory_certain=status.certain,
        compulsory_end=status.end,
    )


# The partners the routes may name (ids of the content), and the sections that say why each helps; the
# why itself is the text ``outflow.helper.<id>``.
HELPER_SECTIONS: dict[str, tuple[str, ...]] = {
    "school": ("actieplan.1.4",),
    "clb": ("actoren.4.3", "actieplan.1.4"),
    "uitstroombegeleiding": ("actoren.15.2",),
    "transitietraject": ("actoren.10.3", "actieplan.1.4"),
    "naft": ("actoren.10.1",),
    "vdab": ("actoren.15.2",),
    "dagbesteding": ("actieplan.1.4",),
}


def _helper(kb: KnowledgeRepository, partner_id: str) -> PartnerHint:
    params = {"adult_age": END_AGE} if partner_id == "clb" else {}
    return partner_hint(kb, partner_id, text(f"outflow.helper.{partner_id}", **params), HELPER_SECTIONS[partner_id])


def _route(wish: Wish, compulsory: bool, part_time: bool | None) -> Route:
    title = text(f"outflow.route.{wish}.title")
    ages = {"age_after": PART_TIME_AGE_AFTER_FIRST_TWO_YEARS, "age_otherwise": PART_TIME_AGE_OTHERWISE}
    if wish == "kwalificatie":
        helpers: tuple[str, ...] = ("school", "clb", "uitstroombegeleiding", "transitietraject")
        if compulsory:
            helpers = (*helpers, "naft")
        return Route(
            wish,
            title,
            text("outflow.route.kwalificatie"),
            helpers,
            ("actoren.15.2", "actieplan.1.4", "actoren.10.3", *(("actoren.10.1",) if compulsory else ())),
        )
    if wish == "werken":
        if not compulsory:
            return Route(
                wish,
                title,
                text("outflow.route.werken.may_work"),
                ("transitietraject", "vdab", "clb"),
                ("terminologie.1", "actoren.10.3", "actoren.15.2"),
            )
        body = text("outflow.route.werken.part_time") if part_time else text("outflow.route.werken.full_time", **ages)
        return Route(wish, title, body, ("school", "clb", "transitietraject"), ("terminologie.1", "actoren.10.3"))
    if wish == "combineren":
        if compulsory and part_time:
            body = text("outflow.route.combineren.part_time")
        elif compulsory:
            body = text("outflow.route.combineren.not_yet", **ages)
        else:
            body = text("outflow.route.combineren.not_compulsory")
        return Route(
            wish,
            title,
            body,
            ("school", "clb", "uitstroombegeleiding"),
            ("terminologie.1", "actoren.15.2"),
        )
    return Route(
        wish,
        title,
        text("outflow.route.opleiding.compulsory" if compulsory else "outflow.route.opleiding"),
        ("transitietraject", "clb", "uitstroombegeleiding"),
        ("actoren.10.3", "actoren.15.2", *(("terminologie.1",) if compulsory else ())),
    )
