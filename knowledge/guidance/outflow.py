"""Outflow options for a youth who wants to leave school: routes per wish and the people who help.

Sources: terminologie.1 (end of compulsory education, part-time from 15 or 16, leren en werken),
actoren.4.3 (from 18 free to leave; outflow talk), actoren.10.1 (NAFT), actoren.10.3 (transition
trajectories), actoren.15.2 (outflow guidance: the four wishes, flyer, brochure, guide),
actieplan.1.4 and actieplan.2.4 (phase 3: outflow guidance, UpGrade, dagbesteding).
The texts (``engine-outflow.yml``) speak to the youth ("je"); staff and parents get their own variant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from knowledge.guidance.common import (
    PartnerHint,
    Reason,
    Text,
    collect_sections,
    format_day_nl,
    partner_hint,
    reason,
    text,
    unique,
)
from knowledge.guidance.leerplicht import (
    END_AGE,
    LATE_END_DAY,
    LATE_END_MONTH,
    PART_TIME_AGE_AFTER_FIRST_TWO_YEARS,
    PART_TIME_AGE_OTHERWISE,
    part_time_age,
)
from knowledge.repository import KnowledgeRepository

Wish = Literal["kwalificatie", "werken", "combineren", "opleiding"]
WISHES: tuple[Wish, ...] = ("kwalificatie", "werken", "combineren", "opleiding")
TOOLS_EMAIL = "annick.steyt@samentegenschooluitval-wvl.be"  # actoren.15.2
TOOLS_WEBSITE = "www.samentegenschooluitval-wvl.be"  # actoren.15.2


@dataclass(frozen=True)
class OutflowQuestion:
    age: int
    wish: Wish | None = None
    compulsory: bool | None = None  # still of compulsory school age; derived from the age when unknown
    first_two_years_secondary_done: bool | None = None
    secondary_diploma: bool = False


@dataclass(frozen=True)
class Route:
    wish: Wish
    title: Text  # a str; render it per role with title.render(role)
    text: Text  # a str; render it per role with text.render(role)
    helpers: tuple[str, ...]
    sections: tuple[str, ...]


@dataclass(frozen=True)
class OutflowAdvice:
    compulsory_school_age: bool
    may_leave_school: bool
    part_time_possible: bool | None  # None when it depends on the first two years of secondary school
    explanation: Text  # a str; render it per role with explanation.render(role)
    routes: tuple[Route, ...]
    helpers: tuple[PartnerHint, ...]
    tools: tuple[Reason, ...]
    reasons: tuple[Reason, ...]
    sections: tuple[str, ...]


def _part_time_possible(q: OutflowQuestion) -> bool | None:
    age = part_time_age(q.first_two_years_secondary_done)
    if age is not None:
        return q.age >= age
    if q.age >= PART_TIME_AGE_OTHERWISE:
        return True
    if q.age < PART_TIME_AGE_AFTER_FIRST_TWO_YEARS:
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
    if q.secondary_diploma:
        compulsory = False
    elif q.compulsory is not None:
        compulsory = q.compulsory
    else:
        compulsory = q.age < END_AGE
    part_time = _part_time_possible(q) if compulsory else None
    reasons: list[Reason] = []
    ages = {"age_after": PART_TIME_AGE_AFTER_FIRST_TWO_YEARS, "age_otherwise": PART_TIME_AGE_OTHERWISE}

    if not compulsory:
        if q.secondary_diploma:
            reasons.append(reason("outflow.reason.diploma", ("terminologie.1",)))
        else:
            reasons.append(reason("outflow.reason.until_end_age", ("terminologie.1", "actoren.4.3"), end_age=END_AGE))
        reasons.append(reason("outflow.reason.consequences", ("actoren.4.3", "actoren.15.2")))
        explanation = text("outflow.explanation.may_leave")
    elif part_time is False:
        reasons.append(reason("outflow.reason.full_time", ("terminologie.1",), **ages))
        explanation = text("outflow.explanation.full_time")
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
                age=q.age,
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
