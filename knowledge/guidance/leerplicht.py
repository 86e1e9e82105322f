"""Leerplicht dates: when compulsory education starts and ends, and when part-time is possible.

Every rule stands in section ``terminologie.1`` of the draaiboek.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from knowledge.guidance.common import Reason, collect_sections, format_date_nl

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
    explanation: str
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
        Reason(
            f"Een kind wordt leerplichtig op 1 september van het kalenderjaar waarin het {START_AGE} jaar wordt: "
            f"hier is dat {format_date_nl(start)}.",
            SECTIONS,
        )
    ]
    if end == eighteenth:
        reasons.append(
            Reason(
                f"De 18de verjaardag valt vóór 1 juli ({format_date_nl(eighteenth)}), dus de leerplicht loopt tot "
                "die verjaardag.",
                SECTIONS,
            )
        )
    else:
        reasons.append(
            Reason(
                f"De 18de verjaardag valt na 30 juni ({format_date_nl(eighteenth)}), dus de leerplicht loopt tot "
                f"30 juni van dat jaar: {format_date_nl(end)}.",
                SECTIONS,
            )
        )

    if query.other_nationality:
        if query.registration_date is not None:
            from_registration = query.registration_date + timedelta(days=OTHER_NATIONALITY_DAYS)
            if from_registration > start:
                start = from_registration
            reasons.append(
                Reason(
                    f"Een kind met een andere nationaliteit is leerplichtig vanaf de {OTHER_NATIONALITY_DAYS}ste "
                    "dag na de inschrijving in het vreemdelingenregister, het wachtregister of het "
                    f"bevolkingsregister van de gemeente: dat is {format_date_nl(from_registration)}.",
                    SECTIONS,
                )
            )
        else:
            reasons.append(
                Reason(
                    f"Een kind met een andere nationaliteit is leerplichtig vanaf de {OTHER_NATIONALITY_DAYS}ste "
                    "dag na de inschrijving in het vreemdelingenregister, het wachtregister of het "
                    "bevolkingsregister van de gemeente. Geef de datum van die inschrijving op om de juiste "
                    "begindatum te kennen.",
                    SECTIONS,
                )
            )
        reasons.append(
            Reason(
                "Elk kind dat in België verblijft, heeft recht op onderwijs, ook zonder wettig verblijfsstatuut.",
                SECTIONS,
            )
        )

    age = part_time_age(query.first_two_years_secondary_done)
    part_time_from = birthday(birth, age) if age is not None else None
    if age == PART_TIME_AGE_AFTER_FIRST_TWO_YEARS:
        reasons.append(
            Reason(
                f"Wie de eerste twee leerjaren van het voltijds secundair onderwijs beëindigd heeft "
                f"(geslaagd of niet), is deeltijds leerplichtig vanaf {age} jaar ({format_date_nl(part_time_from)}).",  # type: ignore[arg-type]
                SECTIONS,
            )
        )
    elif age == PART_TIME_AGE_OTHERWISE:
        reasons.append(
            Reason(
                f"Wie de eerste twee leerjaren van het secundair onderwijs niet beëindigd heeft, is deeltijds "
                f"leerplichtig vanaf {age} jaar ({format_date_nl(part_time_from)}).",  # type: ignore[arg-type]
                SECTIONS,
            )
        )
    else:
        reasons.append(
            Reason(
                f"Deeltijds leerplichtig worden kan op {PART_TIME_AGE_AFTER_FIRST_TWO_YEARS} jaar voor wie de eerste "
                f"twee leerjaren van het voltijds secundair onderwijs beëindigd heeft (geslaagd of niet), anders op "
                f"{PART_TIME_AGE_OTHERWISE} jaar.",
                SECTIONS,
            )
        )
    reasons.append(
        Reason(
            "Vanaf dan kan de jongere aan de leerplicht voldoen via leren en werken: deeltijds les volgen en "
            "deeltijds werken.",
            SECTIONS,
        )
    )

    if query.secondary_diploma:
        reasons.append(
            Reason(
                "Met een diploma secundair onderwijs is een jongere niet langer leerplichtig, ongeacht de leeftijd.",
                SECTIONS,
            )
        )
    else:
        reasons.append(
            Reason(
                "Behaalt de jongere vroeger een diploma secundair onderwijs, dan stopt de leerplicht op dat moment.",
                SECTIONS,
            )
        )
    reasons.append(
        Reason(
            "Leerplicht is geen schoolplicht: de ouders mogen ook huisonderwijs organiseren, als ze dat vooraf "
            "schriftelijk melden aan het Vlaams Ministerie van Onderwijs en Vorming.",
            SECTIONS,
        )
    )

    compulsory: bool | None = None
    if query.on_date is not None:
        compulsory = (not query.secondary_diploma) and start <= query.on_date <= end
        when = format_date_nl(query.on_date)
        if query.secondary_diploma:
            reasons.append(
                Reason(f"Op {when} is de jongere niet leerplichtig: er is een diploma secundair onderwijs.", SECTIONS)
            )
        elif compulsory:
            reasons.append(Reason(f"Op {when} is het kind leerplichtig.", SECTIONS))
        elif query.on_date < start:
            reasons.append(Reason(f"Op {when} is het kind nog niet leerplichtig.", SECTIONS))
        else:
            reasons.append(Reason(f"Op {when} is de jongere niet meer leerplichtig.", SECTIONS))

    if start > end:
        reasons.append(
            Reason(
                "De begindatum valt na de einddatum: met deze gegevens wordt de jongere in België niet meer "
                "leerplichtig.",
                SECTIONS,
            )
        )
        explanation = "Met deze gegevens valt er geen periode van leerplicht: de begindatum ligt na de einddatum."
        return LeerplichtResult(
            start, end, age, part_time_from, compulsory, explanation, tuple(reasons), collect_sections(reasons)
        )

    explanation = f"Leerplichtig van {format_date_nl(start)} tot {format_date_nl(end)}" + (
        " (tenzij de jongere eerder een diploma secundair onderwijs behaalt)."
        if not query.secondary_diploma
        else "; met een diploma secundair onderwijs is de jongere niet langer leerplichtig."
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
