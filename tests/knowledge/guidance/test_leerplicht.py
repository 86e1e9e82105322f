"""Leerplicht dates (terminologie.1)."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.guidance.leerplicht import LeerplichtQuery, birthday, leerplicht_dates, leerplicht_from_partial


@pytest.mark.parametrize(
    ("birth", "start", "end"),
    [
        # 18th birthday on 30 June: before 1 July, so the end is the birthday itself.
        (date(2007, 6, 30), date(2012, 9, 1), date(2025, 6, 30)),
        # 18th birthday on 1 July: after 30 June, so the end is 30 June of that year.
        (date(2007, 7, 1), date(2012, 9, 1), date(2025, 6, 30)),
        (date(2007, 1, 1), date(2012, 9, 1), date(2025, 1, 1)),
        (date(2007, 3, 10), date(2012, 9, 1), date(2025, 3, 10)),
        (date(2007, 12, 31), date(2012, 9, 1), date(2025, 6, 30)),
        (date(2008, 2, 29), date(2013, 9, 1), date(2026, 2, 28)),
        (date(2019, 12, 31), date(2024, 9, 1), date(2037, 6, 30)),
    ],
)
def test_start_and_end(birth: date, start: date, end: date) -> None:
    result = leerplicht_dates(LeerplichtQuery(birth))
    assert (result.start, result.end) == (start, end)
    assert result.sections == ("terminologie.1",)


def test_birthday_on_30_june_explains_the_birthday_rule() -> None:
    result = leerplicht_dates(LeerplichtQuery(date(2007, 6, 30)))
    assert result.reasons[1].text == (
        "De 18de verjaardag valt vóór 1 juli (30 juni 2025), dus de leerplicht loopt tot die verjaardag."
    )


def test_birthday_on_1_july_explains_the_30_june_rule() -> None:
    result = leerplicht_dates(LeerplichtQuery(date(2007, 7, 1)))
    assert result.reasons[1].text == (
        "De 18de verjaardag valt na 30 juni (1 juli 2025), dus de leerplicht loopt tot 30 juni van dat jaar: "
        "30 juni 2025."
    )
    assert result.explanation == (
        "Leerplichtig van 1 september 2012 tot 30 juni 2025 (tenzij de jongere eerder een "
        "diploma secundair onderwijs behaalt)."
    )


@pytest.mark.parametrize(
    ("birth", "on", "compulsory"),
    [
        (date(2007, 3, 10), date(2025, 3, 9), True),  # 17, the day before the 18th birthday
        (date(2007, 3, 10), date(2025, 3, 10), True),  # the 18th birthday itself
        (date(2007, 3, 10), date(2025, 3, 11), False),  # 18
        (date(2007, 9, 15), date(2025, 6, 30), True),  # 17, last day
        (date(2007, 9, 15), date(2025, 7, 1), False),  # still 17, but no longer of compulsory school age
        (date(2007, 9, 15), date(2012, 8, 31), False),  # not yet
        (date(2007, 9, 15), date(2012, 9, 1), True),  # first day
    ],
)
def test_compulsory_on_date(birth: date, on: date, compulsory: bool) -> None:
    assert leerplicht_dates(LeerplichtQuery(birth, on_date=on)).compulsory_on_date is compulsory


def test_no_date_asked_gives_no_answer() -> None:
    assert leerplicht_dates(LeerplichtQuery(date(2010, 1, 1))).compulsory_on_date is None


@pytest.mark.parametrize(
    ("done", "age", "when"),
    [(True, 15, date(2025, 5, 4)), (False, 16, date(2026, 5, 4)), (None, None, None)],
)
def test_part_time_age(done: bool | None, age: int | None, when: date | None) -> None:
    result = leerplicht_dates(LeerplichtQuery(date(2010, 5, 4), first_two_years_secondary_done=done))
    assert (result.part_time_age, result.part_time_from) == (age, when)


def test_diploma_ends_compulsory_education() -> None:
    result = leerplicht_dates(LeerplichtQuery(date(2008, 1, 1), secondary_diploma=True, on_date=date(2025, 1, 1)))
    assert result.compulsory_on_date is False
    assert "diploma secundair onderwijs" in result.explanation
    assert any(
        r.text == "Met een diploma secundair onderwijs is een jongere niet langer leerplichtig, ongeacht de leeftijd."
        for r in result.reasons
    )


def test_other_nationality_60th_day_after_registration() -> None:
    result = leerplicht_dates(
        LeerplichtQuery(date(2010, 5, 4), other_nationality=True, registration_date=date(2020, 3, 1))
    )
    assert result.start == date(2020, 4, 30)
    assert result.end == date(2028, 5, 4)


def test_other_nationality_registered_before_the_normal_start() -> None:
    result = leerplicht_dates(
        LeerplichtQuery(date(2018, 5, 4), other_nationality=True, registration_date=date(2020, 1, 1))
    )
    assert result.start == date(2023, 9, 1)


def test_other_nationality_without_registration_date_explains_the_rule() -> None:
    result = leerplicht_dates(LeerplichtQuery(date(2018, 5, 4), other_nationality=True))
    assert result.start == date(2023, 9, 1)
    assert any("60ste dag" in r.text and "datum van die inschrijving" in r.text for r in result.reasons)


def test_registration_after_the_end_gives_no_period() -> None:
    result = leerplicht_dates(
        LeerplichtQuery(
            date(2000, 1, 1), other_nationality=True, registration_date=date(2018, 1, 1), on_date=date(2018, 3, 1)
        )
    )
    assert result.start > result.end
    assert result.compulsory_on_date is False


def test_birthday_helper_on_leap_day() -> None:
    assert birthday(date(2008, 2, 29), 17) == date(2025, 2, 28)
    assert birthday(date(2008, 2, 29), 16) == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("year", "month", "start", "end_key", "end_fact"),
    [
        (2021, 11, "1 september 2026", "leerplicht.reason.end_month_late", "30 juni 2039"),
        (2010, 3, "1 september 2015", "leerplicht.reason.end_month_early", "maart 2028"),
        (2009, None, "1 september 2014", "leerplicht.reason.end_year_only", "30 juni 2027"),
    ],
)
def test_a_partial_birth_date_decides_what_it_can(
    year: int, month: int | None, start: str, end_key: str, end_fact: str
) -> None:
    begin, end = leerplicht_from_partial(year, month)
    assert begin.key == "leerplicht.reason.start" and start in begin.render("staff")
    assert end.key == end_key and end_fact in end.render("staff")
    assert begin.sections == end.sections == ("terminologie.1",)
