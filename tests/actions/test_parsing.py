"""The language values of actions/parsing.py, on inputs as Flemish users type them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from actions.parsing import (
    Amount,
    BirthDate,
    SchoolLevel,
    find_dates,
    normalise,
    parse_age,
    parse_asks_code,
    parse_asks_steps,
    parse_asks_what,
    parse_birth_date,
    parse_chronic,
    parse_clb_involved,
    parse_condition,
    parse_count,
    parse_distance_km,
    parse_duration_days,
    parse_grade,
    parse_half_days,
    parse_has_diploma,
    parse_hospital,
    parse_lasting_condition,
    parse_leaving_school,
    parse_leerplicht_focus,
    parse_level,
    parse_medical_certificate,
    parse_online_lessons,
    parse_ordinal,
    parse_outflow_wish,
    parse_parents_stance,
    parse_pupil_does_not_refuse,
    parse_pupil_refuses,
    parse_school_level,
    parse_special_needs,
    parse_stopped_attending,
    read_count,
)

TODAY = date(2025, 12, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vijfentwintig dagen", "25 dagen"),
        ("ze is al  drie weken ziek", "ze is al 3 weken ziek"),
        ("het vijfde briefje", "het 5e briefje"),
        ("één week", "1 week"),
        # The article stays a word.
        ("een leerling spijbelt", "een leerling spijbelt"),
        ("", ""),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


# -- counts -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5, 5),
        (5.0, 5),
        ("5", 5),
        ("vijf", 5),
        ("Wat moet ik doen na 5 B-codes?", 5),
        ("na vijf halve dagen", 5),
        ("een leerling van 15 jaar met 7 B-codes", 7),
        ("12 keer gespijbeld", 12),
        ("8 B-codes en de ouders nemen nooit op", 8),
        ("ne leerling met 6 b codes", 6),
        ("al 9 bcodes dit jaar", 9),
        ("hij heeft er al acht", 8),
        ("een leerling van 16 met 7 ongewettigde afwezigheden", 7),
        ("al 3x gebrost", 3),
        ("zes gespijbelde halve dagen", 6),
        ("één", 1),
        ("een stuk of zes", 6),
        ("een stuk of zes B-codes", 6),
        ("ongeveer 12 B-codes", 12),
        ("5 à 6 b-codes", 5),
        # "More than N" is at least N + 1: "meer dan 4" must reach the threshold of 5.
        ("meer dan tien B-codes", 11),
        ("meer dan 4 b codes", 5),
        ("minstens 10 keer", 10),
        ("bijna 5 B-codes", 4),
        ("een", 1),
        ("geen", 0),
        ("een leerling spijbelt", None),
        ("mijn zoon van 15 spijbelt", None),
        ("een leerling van 15, wat moet ik doen?", None),
        ("hij is al 3 weken ziek", None),
        ("geboren op 14/11/2009", None),
        ("in het 4de middelbaar", None),
        ("wat nu?", None),
        ("", None),
        (None, None),
        (True, None),
        (-3, None),
        (2.5, None),
        (10_000, None),
    ],
)
def test_parse_count(value: Any, expected: int | None) -> None:
    assert parse_count(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 B-codes", Amount(5)),
        ("een stuk of zes", Amount(6, approximate=True)),
        ("meer dan tien B-codes", Amount(11, at_least=True)),
        ("minstens 10 keer", Amount(10, at_least=True)),
        ("bijna 5 B-codes", Amount(4, at_most=True)),
        ("5 à 6 b-codes", Amount(5, approximate=True)),
    ],
)
def test_read_count_says_how_sure_it_is(text: str, expected: Amount) -> None:
    assert read_count(text) == expected


def test_amount_exact_and_whole() -> None:
    assert Amount(5).exact and Amount(5).whole == 5
    assert not Amount(6, approximate=True).exact
    assert not Amount(11, at_least=True).exact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 halve dagen", 12),
        ("negen halve schooldagen afwezig", 9),
        ("al 20 halve lesdagen", 20),
        ("9 dagen", None),
        ("", None),
    ],
)
def test_parse_half_days(text: str, expected: int | None) -> None:
    assert parse_half_days(text) == expected


@pytest.mark.parametrize(
    ("text", "nouns", "expected"),
    [
        ("het 5de briefje", "briefje", 5),
        ("dit is al het vijfde briefje dit jaar", "briefje", 5),
        ("voor de 3e keer", "keer", 3),
        ("het eerste briefje", "briefje", 1),
        ("een briefje", "briefje", None),
    ],
)
def test_parse_ordinal(text: str, nouns: str, expected: int | None) -> None:
    assert parse_ordinal(text, nouns) == expected


# -- ages -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17 jaar", 17),
        ("17", 17),
        (17, 17),
        ("ik ben 16", 16),
        ("ik ben 16.", 16),
        ("ik ben zestien, moet ik nog naar school?", 16),
        ("hij is nu 17 jaar", 17),
        ("hij is 17, mag hij stoppen?", 17),
        ("mijn dochter is zestien", 16),
        ("mijn zoon van vijftien", 15),
        ("een leerling van 16 jaar met 3 B-codes", 16),
        ("een leerling van 15, wat moet ik doen?", 15),
        ("een 17-jarige", 17),
        ("ik ben 17j", 17),
        ("moet ik nog naar school als ik 17 ben", 17),
        ("als hij 18 is mag hij dan stoppen", 18),
        ("ze is 15 jaar oud", 15),
        # Not an age.
        ("tot 18 jaar", None),
        ("vanaf 5 jaar", None),
        ("al 2 jaar ziek", None),
        ("ze is 3 weken ziek", None),
        ("ze is al 25 dagen ziek", None),
        ("hij is 8 B-codes", None),
        ("het is 12 euro", None),
        ("geboren in 2009", None),
        ("ik zit in het 4de middelbaar", None),
        ("leerlingen van 12 tot 14", None),
        ("ik ben een mama", None),
        ("ik ben 45", None),
        (True, None),
        (None, None),
    ],
)
def test_parse_age(text: Any, expected: int | None) -> None:
    assert parse_age(text) == expected


# -- durations --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4 weken", Amount(28)),
        ("4 weken ziek", Amount(28)),
        ("vier weken", Amount(28)),
        ("25 dagen", Amount(25)),
        ("ze ligt al 25 dagen ziek thuis, kan er een leerkracht aan huis komen?", Amount(25)),
        ("vijfentwintig dagen", Amount(25)),
        ("22 kalenderdagen", Amount(22)),
        ("een week", Amount(7)),
        ("één week", Amount(7)),
        ("2 weken en 3 dagen", Amount(17)),
        ("mijn zoon van 17 jaar is al 3 weken ziek", Amount(21)),
        ("drie maanden", Amount(90, approximate=True)),
        ("ze is al twee maanden thuis", Amount(60, approximate=True)),
        ("al een jaar ziek", Amount(365, approximate=True)),
        ("een week of vier", Amount(28, approximate=True)),
        ("anderhalve week", Amount(10, approximate=True)),
        ("5 à 6 weken", Amount(35, approximate=True)),
        ("ongeveer 3 weken", Amount(21, approximate=True)),
        # "More than three weeks" is at least 22 days: the TOAH threshold is "more than 21".
        ("meer dan 3 weken", Amount(22, at_least=True)),
        ("bijna drie weken", Amount(20, at_most=True)),
        # Not a duration (or none we can count).
        ("sinds de herfstvakantie", None),
        ("sinds maandag", None),
        ("9 halve dagen", None),
        ("hij is 16 jaar", None),
        ("een leerling van 16 jaar", None),
        ("17 jaar oud", None),
        ("12 km", None),
        ("een paar weken", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_duration_days(text: str | None, expected: Amount | None) -> None:
    assert parse_duration_days(text) == expected


# -- distances --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 km", Amount(12)),
        ("7,5 kilometer", Amount(7.5)),
        ("7.5km", Amount(7.5)),
        ("twaalf km", Amount(12)),
        ("zeven en een halve kilometer", Amount(7.5)),
        ("we wonen op 3km van school", Amount(3)),
        ("ongeveer 15 kilometer", Amount(15, approximate=True)),
        # A measure has no whole step: "meer dan" keeps the number and says it is strictly more.
        ("meer dan 10 km", Amount(10, at_least=True, more=True)),
        ("minstens 10 km", Amount(10, at_least=True)),
        ("12 kg", None),
        ("we wonen ver", None),
        ("", None),
    ],
)
def test_parse_distance_km(text: str, expected: Amount | None) -> None:
    assert parse_distance_km(text) == expected


# -- dates ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("geboren op 14 november 2009", BirthDate(2009, 11, 14)),
        ("mijn zoon is geboren op 14 november 2009, tot wanneer moet hij naar school?", BirthDate(2009, 11, 14)),
        ("14/11/2009", BirthDate(2009, 11, 14)),
        ("°14/11/09", BirthDate(2009, 11, 14)),
        ("° 14.11.2009", BirthDate(2009, 11, 14)),
        ("14-11-2009", BirthDate(2009, 11, 14)),
        ("geboren 3 sept 2010", BirthDate(2010, 9, 3)),
        ("geboren op 1ste juli 2008", BirthDate(2008, 7, 1)),
        ("geboortedatum: 1.7.2008", BirthDate(2008, 7, 1)),
        ("ze is geboren op 29/02/2008", BirthDate(2008, 2, 29)),
        ("geboren op veertien november tweeduizend negen", BirthDate(2009, 11, 14)),
        # Day first: 3/4 is the third of April.
        ("geboren op 3/4/2010", BirthDate(2010, 4, 3)),
        # Only the year, or the year and the month.
        ("hij is van 2009", BirthDate(2009)),
        ("geboren in 2009", BirthDate(2009)),
        ("ik ben van 2008, moet ik nog naar school?", BirthDate(2008)),
        ("geboren in november 2009", BirthDate(2009, 11)),
        # Not a birth date.
        ("2009", None),
        ("december", None),
        ("14 november", None),
        ("vanaf 1 september 2025", None),
        ("ze is geboren op 31/02/2008", None),
        ("geboren in 2031", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_birth_date(text: str | None, expected: BirthDate | None) -> None:
    assert parse_birth_date(text, TODAY) == expected


def test_birth_date_knows_whether_it_is_a_full_date() -> None:
    assert BirthDate(2009, 11, 14).date == date(2009, 11, 14)
    assert BirthDate(2009).date is None
    assert BirthDate(2009, 11).date is None


def test_find_dates_in_order() -> None:
    text = "ingeschreven op 3/10/2024, geboren op 14 november 2009"
    assert find_dates(text) == [(date(2024, 10, 3), 16), (date(2009, 11, 14), 38)]


# -- the school level -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hij zit in het 5de leerjaar", SchoolLevel("basis", year=5)),
        ("in het eerste leerjaar", SchoolLevel("basis", year=1)),
        ("ze zit in de derde kleuterklas", SchoolLevel("basis", kindergarten_year=3)),
        ("een kleuter", SchoolLevel("basis")),
        ("basisschool", SchoolLevel("basis")),
        ("hij zit in de lagere school", SchoolLevel("basis")),
        ("3de middelbaar", SchoolLevel("secundair", year=3, grade=2)),
        ("ik zit in het 4de middelbaar", SchoolLevel("secundair", year=4, grade=2)),
        ("vijfde middelbaar", SchoolLevel("secundair", year=5, grade=3)),
        ("4de jaar secundair", SchoolLevel("secundair", year=4, grade=2)),
        ("1ste leerjaar A", SchoolLevel("secundair", year=1, grade=1)),
        ("7de jaar bso", SchoolLevel("secundair", year=7, grade=3)),
        ("ze zit in de tweede graad", SchoolLevel("secundair", grade=2)),
        ("een leerling uit de derde graad", SchoolLevel("secundair", grade=3)),
        ("hij doet TSO", SchoolLevel("secundair")),
        ("ze zit in het buso", SchoolLevel("secundair", special_needs_education=True)),
        ("buitengewoon onderwijs", SchoolLevel(special_needs_education=True)),
        ("mijn zoon spijbelt", None),
        ("", None),
    ],
)
def test_parse_school_level(text: str, expected: SchoolLevel | None) -> None:
    assert parse_school_level(text) == expected


@pytest.mark.parametrize(
    ("text", "level", "grade"),
    [
        ("5de leerjaar", "basis", None),
        ("kleuter", "basis", None),
        ("3de middelbaar", "secundair", 2),
        ("derde graad", "secundair", 3),
        ("2de jaar secundair", "secundair", 1),
        ("wat moet ik doen", None, None),
    ],
)
def test_parse_level_and_grade(text: str, level: str | None, grade: int | None) -> None:
    assert parse_level(text) == level
    assert parse_grade(text) == grade


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3de middelbaar", True),
        ("2de middelbaar", False),
        ("derde graad", True),
        ("eerste graad", False),
        ("secundair", None),
        ("5de leerjaar", None),
    ],
)
def test_first_two_years_of_secondary(text: str, expected: bool | None) -> None:
    found = parse_school_level(text)
    assert found is not None
    assert found.first_two_years_secondary_done is expected


# -- the situation in words -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8 B-codes en de ouders nemen nooit op", "unreachable"),
        ("de ouders nemen niet op", "unreachable"),
        ("mama neemt nooit op", "unreachable"),
        ("de ouders zijn onbereikbaar", "unreachable"),
        ("de ouders zijn niet bereikbaar", "unreachable"),
        ("we krijgen de ouders niet te pakken", "unreachable"),
        ("ze reageren niet op mails", "unreachable"),
        ("de mails blijven onbeantwoord", "unreachable"),
        ("ze willen niet meewerken", "unwilling"),
        ("de ouders werken niet mee", "unwilling"),
        ("ze houden hem thuis", "unwilling"),
        ("de ouders houden haar gewoon thuis", "unwilling"),
        ("het kan de ouders niks schelen", "unwilling"),
        ("de ouders zijn onverschillig", "unwilling"),
        ("ze krijgen hem niet naar school", "powerless"),
        ("ik krijg mijn zoon niet naar school", "powerless"),
        ("we krijgen haar niet uit bed", "powerless"),
        ("ze doen hun best maar het lukt niet", "powerless"),
        ("ik doe mijn best maar hij wil niet", "powerless"),
        ("de ouders zijn radeloos", "powerless"),
        ("we weten niet meer wat we moeten doen", "powerless"),
        ("de ouders werken goed mee", "cooperative"),
        ("de ouders werken mee", "cooperative"),
        ("de ouders zijn heel betrokken", "cooperative"),
        ("hij weigert elke afspraak", None),
        ("wat moet ik doen na 5 B-codes", None),
        ("", None),
    ],
)
def test_parse_parents_stance(text: str, expected: str | None) -> None:
    assert parse_parents_stance(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hij weigert elke afspraak", True),
        ("ik weiger elke afspraak", True),
        ("ze weigert alle hulp", True),
        ("de leerling weigert elke begeleiding", True),
        ("hij is onbuigzaam", True),
        ("hij houdt zich niet aan de afspraken", True),
        ("hij komt nooit naar de afspraken", True),
        ("ze trekt zich er niks van aan", True),
        # Refusing school itself is school refusal, not onbuigzaamheid.
        ("ze weigert naar school te gaan", False),
        ("hij wil niet naar school", False),
        ("de ouders weigeren elk gesprek", False),
        ("8 B-codes", False),
    ],
)
def test_parse_pupil_refuses(text: str, expected: bool) -> None:
    assert parse_pupil_refuses(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hij is 15 en weigert niets", True),
        ("nee hij komt wel naar de gesprekken", True),
        ("ze houdt zich aan de afspraken", True),
        ("hij weigert elke afspraak", False),
        ("hij houdt zich niet aan de afspraken", False),
        ("nee", False),
    ],
)
def test_parse_pupil_does_not_refuse(text: str, expected: bool) -> None:
    assert parse_pupil_does_not_refuse(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("het CLB is al betrokken", True),
        ("we hebben het clb al ingeschakeld", True),
        ("hij is al gesignaleerd", True),
        ("moet ik het CLB inschakelen?", False),
        ("wat doet het clb", False),
    ],
)
def test_parse_clb_involved(text: str, expected: bool) -> None:
    assert parse_clb_involved(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hij komt niet meer naar school", True),
        ("ze komt al weken niet meer", True),
        ("hij komt nooit meer", True),
        ("hij komt te laat", False),
        ("ze komt niet graag", False),
    ],
)
def test_parse_stopped_attending(text: str, expected: bool) -> None:
    assert parse_stopped_attending(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ze is chronisch ziek", True),
        ("een chronische aandoening", True),
        ("hij is telkens opnieuw ziek", True),
        ("ze is al 4 weken ziek", False),
        ("een griep", False),
    ],
)
def test_parse_chronic(text: str, expected: bool) -> None:
    assert parse_chronic(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ze ligt in het ziekenhuis", True),
        ("hij is opgenomen in het UZ", True),
        ("na een opname in de kliniek", True),
        ("ze ligt ziek thuis", False),
    ],
)
def test_parse_hospital(text: str, expected: bool) -> None:
    assert parse_hospital(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ze heeft een beenbreuk na een ongeval", "ongeval"),
        ("hij is geopereerd aan zijn knie", "operatie"),
        ("ze is zwanger", "zwangerschap"),
        ("ze heeft een depressie", "psychisch"),
        ("hij is een risicopatiënt", "risicopatient"),
        ("ze woont samen met een risicopatiënt", "inwonend-bij-risicopatient"),
        ("ze heeft griep", None),
    ],
)
def test_parse_condition(text: str, expected: str | None) -> None:
    assert parse_condition(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("we hebben een medisch attest", True),
        ("met een doktersbriefje", True),
        ("er is een attest van de dokter", True),
        ("we hebben geen attest", False),
        ("zonder doktersbriefje", False),
        ("ze is ziek", None),
    ],
)
def test_parse_medical_certificate(text: str, expected: bool | None) -> None:
    assert parse_medical_certificate(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("ze zit in het buitengewoon onderwijs", True), ("BuSO", True), ("gewoon onderwijs", False)],
)
def test_parse_special_needs(text: str, expected: bool) -> None:
    assert parse_special_needs(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ik heb mijn diploma al", True),
        ("hij heeft zijn diploma secundair behaald", True),
        ("diploma op zak", True),
        ("ik wil mijn diploma halen", False),
        ("ik heb geen diploma", False),
        ("ik wil stoppen met school", False),
    ],
)
def test_parse_has_diploma(text: str, expected: bool) -> None:
    assert parse_has_diploma(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ik wil gaan werken", "werken"),
        ("kan ik een job zoeken", "werken"),
        ("ik wil leren en werken", "combineren"),
        ("kan ik deeltijds naar school", "combineren"),
        ("ik wil toch mijn diploma halen", "kwalificatie"),
        ("ik wil een opleiding volgen", "opleiding"),
        ("ik wil stoppen met school", None),
    ],
)
def test_parse_outflow_wish(text: str, expected: str | None) -> None:
    assert parse_outflow_wish(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vanaf wanneer is mijn kind leerplichtig", "start"),
        ("wanneer begint de leerplicht", "start"),
        ("tot wanneer moet hij naar school", "end"),
        ("moet ik nog naar school als ik 17 ben", "end"),
    ],
)
def test_parse_leerplicht_focus(text: str, expected: str) -> None:
    assert parse_leerplicht_focus(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("deeltijds leerplichtig vanaf welke leeftijd", "part_time"),
        ("mag ik op 15 al leren en werken", "part_time"),
        ("vanaf wanneer is een nieuwkomer leerplichtig", "newcomer"),
        ("is een kind zonder papieren leerplichtig", "newcomer"),
    ],
)
def test_parse_leerplicht_focus_part_time_and_newcomers(text: str, expected: str) -> None:
    assert parse_leerplicht_focus(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wat doe ik bij spijbelen?", True),
        ("8 B-codes, wat nu", True),
        ("wa gebeurt er als ik te veel b codes heb", True),
        ("wat doet de school als ik nog eens spijbel", True),
        ("welke stappen moeten we zetten", True),
        ("vanaf hoeveel b codes moeten we het clb verwittigen", True),
        ("is spijbelen een misdrijf", False),
        ("hoe noem je dat soort spijbelen", False),
        ("ik brost af en toe eens een les, is da al echt spijbelen of ni", False),
    ],
)
def test_parse_asks_steps(text: str, expected: bool) -> None:
    assert parse_asks_steps(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("welke code krijgen die dagen", True),
        ("hoe registreren we dat", True),
        ("welke letter zetten we", True),
        ("wat is een b code", False),
    ],
)
def test_parse_asks_code(text: str, expected: bool) -> None:
    assert parse_asks_code(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ik wil stoppen met school", True),
        ("ik haat school en wil weg", True),
        ("ik weet ni wat ik wil doen na school", True),
        ("kan ik gaan werken in plaats van naar school", True),
        ("nu wil hij plots niet meer naar school, hoe kan dat", False),
        ("ze durft niet meer naar school", False),
    ],
)
def test_parse_leaving_school(text: str, expected: bool) -> None:
    assert parse_leaving_school(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("door zijn handicap kan hij geen les volgen", True),
        ("ze zal waarschijnlijk nooit meer naar school kunnen", True),
        ("kan hij vrijgesteld worden van de leerplicht", True),
        ("ze ligt al 4 weken ziek thuis", False),
    ],
)
def test_parse_lasting_condition(text: str, expected: bool) -> None:
    assert parse_lasting_condition(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kan ik de lessen live volgen via de computer", True),
        ("les via internet van thuis uit", True),
        ("kan ze online meevolgen", True),
        ("ze kan niet naar school", False),
    ],
)
def test_parse_online_lessons(text: str, expected: bool) -> None:
    assert parse_online_lessons(text) is expected


def test_parse_birth_date_from_an_eighteenth_birthday_to_come() -> None:
    assert parse_birth_date("ik word 18 in oktober", date(2026, 12, 7)) == BirthDate(2009, 10)
    assert parse_birth_date("ik word 18 in december", date(2026, 12, 7)) == BirthDate(2008, 12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wa is da eigenlijk een kwalificatie?", True),
        ("wat betekent een dixit attest", True),
        ("ik ga al 3 maand ni meer naar school, hoe noemen ze da", True),
        ("ze zetten er een b op. wat wil dat zeggen", True),
        ("ze blijft gewoon thuis. moeten we dat nu als spijbelen zien?", True),
        ("ik bros af en toe een les, is da al echt spijbelen of ni", True),
        ("wat moeten we nu doen", False),
        ("ik wil stoppen met school", False),
    ],
)
def test_parse_asks_what(text: str, expected: bool) -> None:
    assert parse_asks_what(text) is expected


@pytest.mark.parametrize(
    "text",
    ["leerling wordt volgende maand 18 en zit in begeleiding bij het clb voor spijbelen", "ze werd 16 en spijbelt"],
)
def test_an_age_to_come_is_no_count(text: str) -> None:
    assert read_count(text) is None
