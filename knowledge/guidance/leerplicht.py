"""Leerplicht dates: when compulsory education starts and ends, and when part-time is possible.

Every rule stands in section ``terminologie.1`` of the draaiboek.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from knowledge.guidance.common import (
    MONTHS_NL,
    Reason,
    Text,
    collect_sections,
    format_date_nl,
    format_day_nl,
    ordinal_nl,
    reason,
    text,
)

SECTIONS = ("terminologie.1",)

# terminologie.1: a child becomes of compulsory school age on 1 September of the calendar year in
# which it turns 5.
START_AGE = 5
START_MONTH, START_DAY = 9, 1
# terminologie.1: compulsory education runs until 18. Who turns 18 before 1 July is of compulsory
# school age until the 18th birthday; who turns 18 after 30 June, until 30 June of that year.
END_AGE = 18
END_CUTOFF_MONTH, END_CUTOFF_DAY = 7, 1
LATE_END_MONTH, LATE_END_DAY = 6, 30
# terminologie.1: part-time compulsory education from 15 for who finished the first two years of
# full-time secondary education (passed or not), otherwise from 16.
PART_TIME_AGE_AFTER_FIRST_TWO_YEARS = 15
PART_TIME_AGE_OTHERWISE = 16
# terminologie.1: children of another nationality are of compulsory school age from the 60th day
# after their registration in the foreigners', waiting or population register of the municipality.
OTHER_NATIONALITY_DAYS = 60


@dataclass(frozen=True)
class LeerplichtQuery:
    birth_date: date
    first_two_years_secondary_done: bool | None = None
    secondary_diploma: bool = False
    other_nationality: bool = False
    registration_date: date | None = None  # registration in the municipal register (other nationality)
    on_date: date | None = None  # answer "is the child of compulsory school age on this date?"


@dataclass(frozen=True)
class LeerplichtResult:
    start: date
    end: date
    part_time_age: int | None  # None when it depends on the first two years of secondary school
    part_time_from: date | None
    compulsory_on_date: bool | None
    explanation: Text  # a str; render it per role with explanation.render(role)
    reasons: tuple[Reason, ...]
    sections: tuple[str, ...]


def birthday(birth_date: date, years: int) -> date:
    """The date someone turns ``years``; a 29 February birthday falls on 28 February in other years."""
    try:
        return birth_date.replace(year=birth_date.year + years)
    except ValueError:
        return date(birth_date.year + years, 2, 28)


def leerplicht_start(birth_date: date) -> date:
    return date(birth_date.year + START_AGE, START_MONTH, START_DAY)


def leerplicht_end(birth_date: date) -> date:
    eighteenth = birthday(birth_date, END_AGE)
    if eighteenth < date(eighteenth.year, END_CUTOFF_MONTH, END_CUTOFF_DAY):
        return eighteenth
    return date(eighteenth.year, LATE_END_MONTH, LATE_END_DAY)


def part_time_age(first_two_years_secondary_done: bool | None) -> int | None:
    if first_two_years_secondary_done is None:
        return None
    return PART_TIME_AGE_AFTER_FIRST_TWO_YEARS if first_two_years_secondary_done else PART_TIME_AGE_OTHERWISE


def leerplicht_dates(query: LeerplichtQuery) -> LeerplichtResult:
    """Start and end of compulsory education for a birth date, with the conditions around them."""
    birth = query.birth_date
    start = leerplicht_start(birth)
    end = leerplicht_end(birth)
    eighteenth = birthday(birth, END_AGE)
    reasons: list[Reason] = [
        reason(
            "leerplicht.reason.start",
            SECTIONS,
            start_day=format_day_nl(START_MONTH, START_DAY),
            start_age=START_AGE,
            start=format_date_nl(start),
        )
    ]
    if end == eighteenth:
        reasons.append(
            reason(
                "leerplicht.reason.end_on_birthday",
                SECTIONS,
                end_age=END_AGE,
                cutoff_day=format_day_nl(END_CUTOFF_MONTH, END_CUTOFF_DAY),
                birthday=format_date_nl(eighteenth),
            )
        )
    else:
        reasons.append(
            reason(
                "leerplicht.reason.end_on_last_day",
                SECTIONS,
                end_age=END_AGE,
                last_day=format_day_nl(LATE_END_MONTH, LATE_END_DAY),
                birthday=format_date_nl(eighteenth),
                end=format_date_nl(end),
            )
        )

    if query.other_nationality:
        if query.registration_date is not None:
            from_registration = query.registration_date + timedelta(days=OTHER_NATIONALITY_DAYS)
            if from_registration > start:
                start = from_registration
            reasons.append(
                reason(
                    "leerplicht.reason.other_nationality",
                    SECTIONS,
                    day=ordinal_nl(OTHER_NATIONALITY_DAYS),
                    date=format_date_nl(from_registration),
                )
            )
        else:
            reasons.append(
                reason("leerplicht.reason.other_nationality_no_date", SECTIONS, day=ordinal_nl(OTHER_NATIONALITY_DAYS))
            )
        reasons.append(reason("leerplicht.reason.right_to_education", SECTIONS))

    age = part_time_age(query.first_two_years_secondary_done)
    part_time_from = birthday(birth, age) if age is not None else None
    if age is not None and part_time_from is not None:
        key = (
            "leerplicht.reason.part_time_after_first_two_years"
            if age == PART_TIME_AGE_AFTER_FIRST_TWO_YEARS
            else "leerplicht.reason.part_time_otherwise"
        )
        reasons.append(reason(key, SECTIONS, age=age, date=format_date_nl(part_time_from)))
    else:
        reasons.append(
            reason(
                "leerplicht.reason.part_time_depends",
                SECTIONS,
                age_after=PART_TIME_AGE_AFTER_FIRST_TWO_YEARS,
                age_otherwise=PART_TIME_AGE_OTHERWISE,
            )
        )
    reasons.append(reason("leerplicht.reason.learning_and_working", SECTIONS))
    reasons.append(
        reason(
            "leerplicht.reason.diploma_ends" if query.secondary_diploma else "leerplicht.reason.diploma_ends_earlier",
            SECTIONS,
        )
    )
    reasons.append(reason("leerplicht.reason.home_education", SECTIONS))

    compulsory: bool | None = None
    if query.on_date is not None:
        compulsory = (not query.secondary_diploma) and start <= query.on_date <= end
        if query.secondary_diploma:
            key = "leerplicht.reason.on_date_diploma"
        elif compulsory:
            key = "leerplicht.reason.on_date_compulsory"
        elif query.on_date < start:
            key = "leerplicht.reason.on_date_not_yet"
        else:
            key = "leerplicht.reason.on_date_no_longer"
        reasons.append(reason(key, SECTIONS, date=format_date_nl(query.on_date)))

    if start > end:
        reasons.append(reason("leerplicht.reason.start_after_end", SECTIONS))
        explanation = text("leerplicht.explanation.no_period")
        return LeerplichtResult(
            start, end, age, part_time_from, compulsory, explanation, tuple(reasons), collect_sections(reasons)
        )

    explanation = text(
        "leerplicht.explanation.period_with_diploma" if query.secondary_diploma else "leerplicht.explanation.period",
        start=format_date_nl(start),
        end=format_date_nl(end),
    )
    return LeerplichtResult(
        start=start,
        end=end,
        part_time_age=age,
        part_time_from=part_time_from,
        compulsory_on_date=compulsory,
        explanation=explanation,
        reasons=tuple(reasons),
        sections=collect_sections(reasons),
    )


def leerplicht_from_partial(year: int, month: int | None = None) -> tuple[Reason, Reason]:
    """What a birth year (and perhaps month) decides: the start always (it depends on the year only); the end when
    the month falls after June (30 June of the year of the 18th birthday) or names the month of that birthday;
    with the year alone, the two possible ends."""
    start = date(year + START_AGE, START_MONTH, START_DAY)
    begin = reason(
        "leerplicht.reason.start",
        SECTIONS,
        start_day=format_day_nl(START_MONTH, START_DAY),
        start_age=START_AGE,
        start=format_date_nl(start),
    )
    end_year = year + END_AGE
    cutoff_day = format_day_nl(END_CUTOFF_MONTH, END_CUTOFF_DAY)
    last_day = format_day_nl(LATE_END_MONTH, LATE_END_DAY)
    late_end = format_date_nl(date(end_year, LATE_END_MONTH, LATE_END_DAY))
    if month is None:
        end = reason(
            "leerplicht.reason.end_year_only",
            SECTIONS,
            end_age=END_AGE,
            cutoff_day=cutoff_day,
            year=end_year,
            end=late_end,
        )
    elif month >= END_CUTOFF_MONTH:
        end = reason(
            "leerplicht.reason.end_month_late",
            SECTIONS,
            end_age=END_AGE,
            last_day=last_day,
            month=MONTHS_NL[month - 1],
            end=late_end,
        )
    else:
        end = reason(
            "leerplicht.reason.end_month_early",
            SECTIONS,
            end_age=END_AGE,
            cutoff_day=cutoff_day,
            month=f"{MONTHS_NL[month - 1]} {end_year}",
        )
    return begin, end
