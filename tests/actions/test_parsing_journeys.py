"""The parsers of actions/parsing.py that the guided journeys read answers with, at their edges: what each one
promises, the boundaries the engines decide on, and the Flemish ways of answering a question.

A parser that is wrong on a reasonable input has its right behaviour here, marked xfail(strict=True) with why."""

from __future__ import annotations

from datetime import date

import pytest

from actions.leerplicht import _read_birth_date, _read_partial, combine_with_partial
from actions.parsing import (
    Amount,
    BirthDate,
    counts_in_words,
    parse_age,
    parse_age_answer,
    parse_birth_date,
    parse_certificate,
    parse_concerns,
    parse_distance_km,
    parse_duration_days,
    parse_feeling,
    parse_follow_up,
    parse_holiday_trip,
    parse_ill,
    parse_location,
    parse_parents_keep_home,
    parse_parents_know,
    parse_track,
    parse_tried,
    parse_tried_stated,
    parse_yes_no,
    read_count,
    says_negative_number,
    states_b_code_fact,
    states_illness_fact,
)
from knowledge.guidance.illness import TOAH_MAX_KM_MAINSTREAM, TOAH_MIN_DAYS

TODAY = date(2025, 12, 1)


# -- numbers and counts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("een stuk of zes", Amount(6, approximate=True)),
        ("6", Amount(6)),
        ("zes", Amount(6)),
        ("vijfentwintig", Amount(25)),
        ("meer dan tien", Amount(11, at_least=True)),
        ("minder dan 5", Amount(4, at_most=True)),
        ("bijna 10", Amount(9, at_most=True)),
        ("ongeveer 8", Amount(8, approximate=True)),
        # A range: the lower end, approximately.
        ("5 à 6 B-codes", Amount(5, approximate=True)),
        ("3-5 B-codes", Amount(3, approximate=True)),
        ("geen", Amount(0)),
        ("0", Amount(0)),
        ("een", Amount(1)),
        ("999", Amount(999)),
        # Absurdly large, or no number at all.
        ("1000", None),
        ("een paar", None),
        ("", None),
        (None, None),
        # A bare negative number is no count.
        ("-3", None),
        # The number before "B-codes" or "keer" wins over any other number; an age is no count.
        ("12 B-codes en 3 keer te laat", Amount(12)),
        ("hij is 16 en heeft 6 B-codes", Amount(6)),
        ("hij is 16", None),
        ("een 17 jarige spijbelt", None),
        # Slot values.
        (6, Amount(6)),
        (6.0, Amount(6)),
        (6.5, None),
        (-3, None),
        (True, None),
        ("nul", Amount(0)),
        ("-3 B-codes", None),
        ("mijn 15-jarige zoon spijbelt", None),
    ],
)
def test_read_count(text: object, expected: Amount | None) -> None:
    assert read_count(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6 B-codes", True),
        ("zes b-codes", True),
        ("vijf halve dagen", True),
        ("zes keer", True),
        ("meer dan tien B-codes", True),
        ("6", False),
        ("een stuk of zes", False),
        ("meer dan tien", False),
        ("3 leerlingen", False),
        ("", False),
        (None, False),
    ],
)
def test_counts_in_words(text: str | None, expected: bool) -> None:
    assert counts_in_words(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-3", True),
        ("-3 B-codes", True),
        ("- 3", True),
        ("min 3", True),
        ("minus 3 B-codes", True),
        ("negatief 3", True),
        ("3", False),
        # A range or a compound is no minus sign.
        ("3-5 B-codes", False),
        ("een 12-jarige", False),
        ("B-codes: 6", False),
        ("", False),
        (None, False),
    ],
)
def test_says_negative_number(text: str | None, expected: bool) -> None:
    assert says_negative_number(text) is expected


# -- ages -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The engines only compare with 18: minor and adult in words.
        ("jonger dan 18", 17),
        ("Jonger dan 18", 17),
        ("minderjarig", 17),
        ("onder de 18", 17),
        ("nog geen 18", 17),
        ("18 of ouder", 18),
        ("18 jaar of ouder", 18),
        ("meerderjarig", 18),
        ("ouder dan 18", 18),
        ("al 18", 18),
        ("16", 16),
        ("16 jaar", 16),
        ("zestien", 16),
        ("hij is 17", 17),
        # The ages a pupil can have: 2 to 30.
        ("0", None),
        ("1", None),
        ("2", 2),
        ("30", 30),
        ("31", None),
        ("250", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_age_answer(text: str | None, expected: int | None) -> None:
    assert parse_age_answer(text) == expected


@pytest.mark.parametrize("text", ["jonger dan 18", "18 of ouder", "meerderjarig"])
def test_minor_and_adult_in_words_are_only_an_answer(text: str) -> None:
    # Outside an answer to the age question these words give no age (see parse_age).
    assert parse_age(text) is None


# -- dates ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("23 januari 2010", BirthDate(2010, 1, 23)),
        ("23ste januari 2010", BirthDate(2010, 1, 23)),
        ("23 jan 2010", BirthDate(2010, 1, 23)),
        ("23/01/2010", BirthDate(2010, 1, 23)),
        ("23.01.2010", BirthDate(2010, 1, 23)),
        ("23-1-10", BirthDate(2010, 1, 23)),
        ("geboren op 23 januari 2010", BirthDate(2010, 1, 23)),
        ("geboren in januari 2010", BirthDate(2010, 1)),
        ("geboren in 2010", BirthDate(2010)),
        ("hij is van 2009", BirthDate(2009)),
        # Without "geboren", month and year could be any date.
        ("januari 2010", None),
        ("31 februari 2010", None),
        # A date in the future is no birth date, nor is a recent one without "geboren".
        ("1 januari 2099", None),
        ("vanaf 1 september 2025", None),
        ("geboren op 1 september 2025", BirthDate(2025, 9, 1)),
        ("1 september 2023", BirthDate(2023, 9, 1)),
        ("", None),
        ("2010-01-23", BirthDate(2010, 1, 23)),
        # A full date that does not exist is no month and year either.
        ("geboren op 31 februari 2010", None),
    ],
)
def test_parse_birth_date(text: str, expected: BirthDate | None) -> None:
    assert parse_birth_date(text, TODAY) == expected


@pytest.fixture()
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    from actions import leerplicht

    monkeypatch.setattr(leerplicht, "today", lambda: TODAY)


@pytest.mark.usefixtures("_fixed_today")
@pytest.mark.parametrize(
    ("text", "requested", "full", "partial"),
    [
        # The answer to the question for the birth date is a birth date, also without "geboren".
        ("23 januari 2010", True, "geboren 23 januari 2010", None),
        ("23/01/2010", True, "geboren 23/01/2010", None),
        ("23-1-10", True, "geboren 23-1-10", None),
        ("23 januari 2010", False, "23 januari 2010", None),
        # The partial date is kept as "geboren in <maand> <jaar>" or "geboren in <jaar>", never the rest of the text.
        ("januari 2010", True, None, "geboren in januari 2010"),
        ("januari 2010", False, None, None),
        ("geboren in januari 2010", False, None, "geboren in januari 2010"),
        ("2010", True, None, "geboren in 2010"),
        ("weet ik niet", True, None, None),
        # As the answer, a date that cannot be a birth date is kept for the correction (check_datum).
        ("1 januari 2099", True, "geboren 1 januari 2099", None),
        ("1 januari 2099", False, None, None),
        ("31 februari 2010", True, "geboren 31 februari 2010", None),
        ("31 februari 2010", False, None, None),
        ("2010-01-23", True, "geboren 2010-01-23", None),
    ],
)
def test_the_leerplicht_journey_reads_a_birth_date(
    text: str, requested: bool, full: str | None, partial: str | None
) -> None:
    assert (_read_birth_date(text, requested), _read_partial(text, requested)) == (full, partial)


@pytest.mark.usefixtures("_fixed_today")
@pytest.mark.parametrize(
    ("text", "partial", "expected"),
    [
        # The answer to the question for what is missing of a birth date completes the partial one.
        ("14", "geboren in januari 2010", "14/1/2010"),
        ("de 14de", "geboren in januari 2010", "14/1/2010"),
        ("14 maart", "geboren in 2010", "14/3/2010"),
        ("14/3", "geboren in 2010", "14/3/2010"),
        # Only the year known: the day alone is not enough.
        ("14", "geboren in 2010", None),
        ("14 maart", None, None),
        ("weet ik niet", "geboren in 2010", None),
    ],
)
def test_the_day_completes_a_partial_birth_date(text: str, partial: str | None, expected: str | None) -> None:
    assert combine_with_partial(text, partial) == expected


# -- durations --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 weken", Amount(21)),
        ("drie weken", Amount(21)),
        ("een week", Amount(7)),
        ("1 week", Amount(7)),
        ("21 dagen", Amount(21)),
        ("22 dagen", Amount(22)),
        ("3 weken en 1 dag", Amount(22)),
        ("2 weken en 3 dagen", Amount(17)),
        ("meer dan 3 weken", Amount(22, at_least=True)),
        ("meer dan 4 weken", Amount(29, at_least=True)),
        ("bijna 3 weken", Amount(20, at_most=True)),
        ("een week of vier", Amount(28, approximate=True)),
        ("anderhalve maand", Amount(45, approximate=True)),
        ("een maand", Amount(30, approximate=True)),
        ("al een jaar", Amount(365, approximate=True)),
        # Vague, or no duration: nothing is guessed.
        ("een paar dagen", None),
        ("sinds de herfstvakantie", None),
        ("9 halve dagen", None),
        ("17 jaar oud", None),
        ("een leerling van 16 jaar", None),
        ("", None),
        # "ruim" is strictly more: more than 21 days (TOAH).
        ("ruim 3 weken", Amount(22, at_least=True)),
    ],
)
def test_parse_duration_days(text: str, expected: Amount | None) -> None:
    assert parse_duration_days(text) == expected


def test_three_weeks_is_the_toah_boundary() -> None:
    # TOAH needs strictly more than 21 days: three weeks is one day short, 22 days is enough.
    three_weeks, a_day_more = parse_duration_days("3 weken"), parse_duration_days("22 dagen")
    assert three_weeks is not None and a_day_more is not None
    assert (three_weeks.whole, a_day_more.whole) == (TOAH_MIN_DAYS, TOAH_MIN_DAYS + 1)


def test_half_a_year_is_about_six_months() -> None:
    found = parse_duration_days("ze zal een half jaar ziek zijn")
    assert found is not None and found.approximate and 180 <= found.value <= 183


# -- distances --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 km", Amount(10)),
        ("10km", Amount(10)),
        ("10,5 km", Amount(10.5)),
        ("10.5 km", Amount(10.5)),
        ("twintig kilometer", Amount(20)),
        ("tien km", Amount(10)),
        ("anderhalve kilometer", Amount(1.5)),
        ("zeven en een halve kilometer", Amount(7.5)),
        ("ongeveer 15 km", Amount(15, approximate=True)),
        # A measure: "meer dan" keeps the number (no whole step as for counts) and says it is strictly more.
        ("meer dan 20 km", Amount(20, at_least=True, more=True)),
        ("minstens 20 km", Amount(20, at_least=True)),
        ("minder dan 10 km", Amount(10, at_most=True)),
        ("om de hoek", None),
        ("", None),
        ("we wonen op 500 meter", Amount(0.5)),
    ],
)
def test_parse_distance_km(text: str, expected: Amount | None) -> None:
    assert parse_distance_km(text) == expected


def test_the_mainstream_toah_limit_is_within_reach_at_ten_km() -> None:
    ten = parse_distance_km("10 km")
    assert ten is not None and ten.value <= TOAH_MAX_KM_MAINSTREAM
    more = parse_distance_km("10,5 km")
    assert more is not None and more.value > TOAH_MAX_KM_MAINSTREAM


# -- yes and no -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ja", True),
        ("Ja, elke afspraak", True),
        ("jaaa", True),
        ("jawel", True),
        ("klopt", True),
        ("inderdaad", True),
        ("zeker", True),
        ("oké", True),
        ("nee", False),
        ("Nee", False),
        ("neen", False),
        ("nee hoor", False),
        ("neeee", False),
        ("niet echt", False),
        ("zeker niet", False),
        ("helemaal niet", False),
        ("nooit", False),
        # Only at the start, and the first word wins.
        ("nee, ja", False),
        ("ik denk het wel", None),
        ("misschien", None),
        ("jammer genoeg wel", None),
        ("janee", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_yes_no(text: str | None, expected: bool | None) -> None:
    assert parse_yes_no(text) is expected


# -- the partner journey: what was tried, the track, the concerns -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Het CLB is al betrokken", "clb"),
        ("CLB-traject", "clb"),
        ("clb en naft", "clb,naft"),
        ("naft en clb", "clb,naft"),
        ("Er was al een NAFT-traject", "naft"),
        ("een anti-spijbelcontract", "contract"),
        ("contract met de politie", "contract"),
        ("de wijkagent", "contract"),
        ("een transitietraject", "transition"),
        ("upgrade", "transition"),
        # A partner named wins over "niets".
        ("het clb, maar dat heeft niets opgeleverd", "clb"),
        ("Nog niets", "nothing"),
        ("niks", "nothing"),
        ("nog niet", "nothing"),
        ("geen", "nothing"),
        ("weet ik niet", None),
        ("een gesprek met de ouders", None),
        ("ja", None),
        # Not knowing is not "nothing".
        ("geen idee", None),
        ("geen flauw idee", None),
    ],
)
def test_parse_tried(text: str, expected: str | None) -> None:
    assert parse_tried(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("het CLB en NAFT hebben niets opgeleverd", "clb,naft"),
        ("het clb is al betrokken", "clb"),
        ("we hebben al een contract", "contract"),
        ("al gesprekken gehad met het clb", "clb"),
        ("na naft", "naft"),
        ("clb en naft hielpen niet", "clb,naft"),
        # A partner named without saying it was tried.
        ("wanneer schakel ik NAFT in", None),
        ("naft", None),
        # "Nothing" is no fact a message states outright.
        ("we hebben nog niets geprobeerd", None),
        ("", None),
    ],
)
def test_parse_tried_stated(text: str, expected: str | None) -> None:
    assert parse_tried_stated(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("spijbelen", "b-code"),
        ("hij spijbelt", "b-code"),
        ("Spijbelen of B-codes", "b-code"),
        ("hij brost", "b-code"),
        ("skippen", "b-code"),
        ("ze is ziek", "ziekte"),
        ("Ziekte", "ziekte"),
        ("toah", "ziekte"),
        ("chronisch ziek", "ziekte"),
        ("schoolweigering", "schoolweigering"),
        ("Schoolweigering of angst voor school", "schoolweigering"),
        ("ze is bang om naar school te gaan", "schoolweigering"),
        ("ik durf echt niet meer naar school", "schoolweigering"),
        ("hij durft ni naar school", "schoolweigering"),
        ("hij weigert naar school te gaan", "schoolweigering"),
        ("Stoppen met school", "uitstroom"),
        ("hij wil stoppen met school", "uitstroom"),
        ("zonder diploma", "uitstroom"),
        ("vroegtijdig schoolverlaten", "uitstroom"),
        # Leaving school first, then refusal, illness, truancy.
        ("ze is ziek en spijbelt", "ziekte"),
        ("ik wil stoppen", None),
        ("weet ik niet", None),
        ("", None),
    ],
)
def test_parse_track(text: str, expected: str | None) -> None:
    assert parse_track(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zorgen over de thuissituatie", "home_safety"),
        ("mishandeling", "home_safety"),
        ("geweld thuis", "home_safety"),
        ("psychisch", "mental_health"),
        ("depressief", "mental_health"),
        ("Armoede of geldproblemen", "welfare"),
        ("geen geld", "welfare"),
        ("Leerproblemen", "learning"),
        ("dyslexie", "learning"),
        ("Het traject zit vast", "stuck"),
        ("niets helpt", "stuck"),
        ("geen vooruitgang", "stuck"),
        ("clb en naft hielpen niet", "stuck"),
        ("Een nieuwkomer", "newcomer"),
        ("okan", "newcomer"),
        ("armoede en dyslexie", "welfare,learning"),
        # "None" only as the answer to the question (see the next test).
        ("Geen van deze", None),
        ("geen idee", None),
        ("", None),
        ("Psychisch welzijn", "mental_health"),
        ("thuis is het niet veilig", "home_safety"),
        ("financiële problemen", "welfare"),
        ("ze is pas in België", "newcomer"),
    ],
)
def test_parse_concerns(text: str, expected: str | None) -> None:
    assert parse_concerns(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Geen van deze", "none"),
        ("Geen van deze.", "none"),
        ("geen van allemaal", "none"),
        ("geen", "none"),
        ("nee", "none"),
        ("neen", "none"),
        ("niets", "none"),
        ("geen zorgen", "none"),
        ("geen idee", None),
        ("armoede", "welfare"),
        ("nee hoor", "none"),
    ],
)
def test_parse_concerns_as_the_answer(text: str, expected: str | None) -> None:
    assert parse_concerns(text, requested=True) == expected


# -- the classification journey: the signals --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bang of angstig, met onrust", "anxious"),
        ("hij is bang", "anxious"),
        ("ze huilt elke ochtend", "anxious"),
        ("hij durft niet naar school", "anxious"),
        ("hij heeft stress", "anxious"),
        ("Heeft een hekel aan school", "negative"),
        ("ik haat school", "negative"),
        ("hij wordt gepest", "negative"),
        ("school is saai", "negative"),
        ("School kan me niet schelen", "indifferent"),
        ("het kan hem niet schelen", "indifferent"),
        ("ik heb geen goesting", "indifferent"),
        ("ongemotiveerd", "indifferent"),
        ("Gaat eigenlijk graag naar school", "positive"),
        ("ze vindt school leuk", "positive"),
        ("ik ben graag op school", "positive"),
        ("geen idee", None),
        ("", None),
        ("ik ga graag naar school", "positive"),
        ("School kan hem of haar niet schelen", "indifferent"),
        ("hij is niet bang", None),
    ],
)
def test_parse_feeling(text: str, expected: str | None) -> None:
    assert parse_feeling(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zonder dat de ouders het weten", False),
        ("de ouders weten het niet", False),
        ("de ouders weten van niets", False),
        ("de ouders weten niet dat hij spijbelt", False),
        ("achter de rug van zijn ouders", False),
        ("ik wist het niet", False),
        ("wij weten van niets", False),
        # "I don't know (what is going on)" says nothing about what the parents know.
        ("ik weet niet goed wat er aan de hand is", None),
        ("ik weet het niet", None),
        ("de ouders weten ervan", True),
        ("mijn ouders weten het", True),
        ("met medeweten van de ouders", True),
        ("de ouders zijn op de hoogte", True),
        ("de ouders zijn verwittigd", True),
        ("wij weten het", True),
        # A bare yes or no is read by the journey, not here.
        ("ja", None),
        ("nee", None),
        ("", None),
    ],
)
def test_parse_parents_know(text: str, expected: bool | None) -> None:
    assert parse_parents_know(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thuis", "home"),
        ("hij blijft thuis", "home"),
        ("in zijn bed", "home"),
        ("op zijn kamer", "home"),
        ("Ergens anders, bij vrienden of op straat", "elsewhere"),
        ("hij hangt rond in de stad", "elsewhere"),
        ("in het park", "elsewhere"),
        ("niet thuis", "elsewhere"),
        # Elsewhere wins: "thuis bij vrienden" is not at home.
        ("thuis bij vrienden", "elsewhere"),
        ("ik weet niet waar", None),
        ("", None),
    ],
)
def test_parse_location(text: str, expected: str | None) -> None:
    assert parse_location(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("de ouders houden hem thuis", True),
        ("mama houdt hem thuis", True),
        ("de ouders laten hem thuisblijven", True),
        ("ze moet thuis helpen", True),
        ("ze past op haar broertje", True),
        ("ze tolkt voor de ouders", True),
        # The pupil staying home is not the parents keeping him home.
        ("hij blijft thuis", False),
        ("ja", False),
        ("", False),
        ("hij moet op zijn zus passen", True),
    ],
)
def test_parse_parents_keep_home(text: str, expected: bool) -> None:
    assert parse_parents_keep_home(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hij is ziek", True),
        ("buikpijn", True),
        ("ze heeft koorts", True),
        ("ze heeft migraine", True),
        ("misselijk", True),
        ("ze is niet ziek", False),
        ("niet echt ziek", False),
        ("ze is nooit ziek", False),
        ("ja", None),
        ("ze voelt zich niet goed", None),
        ("", None),
        ("geen klachten", False),
        ("geen lichamelijke klachten", False),
    ],
)
def test_parse_ill(text: str, expected: bool | None) -> None:
    assert parse_ill(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Een doktersattest", "medical"),
        ("medisch attest", "medical"),
        ("een attest van de dokter", "medical"),
        ("Een briefje van de ouders", "parents_note"),
        ("een briefje van mama", "parents_note"),
        ("ouderbriefje", "parents_note"),
        ("zelf een briefje", "parents_note"),
        ("Een attest dat er vreemd uitziet", "doubtful"),
        ("twijfelachtig attest", "doubtful"),
        ("dixit-attest", "doubtful"),
        ("vals attest", "doubtful"),
        ("Geen briefje of attest", "none"),
        ("zonder attest", "none"),
        ("nee", "none"),
        ("niets", "none"),
        # Which kind is not said.
        ("een briefje", None),
        ("attest", None),
        ("", None),
        ("het attest klopt niet", "doubtful"),
    ],
)
def test_parse_certificate(text: str, expected: str | None) -> None:
    assert parse_certificate(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ze gaan op reis", True),
        ("een week vroeger op vakantie", True),
        ("op vakantie buiten de schoolvakanties", True),
        ("een citytrip", True),
        ("skivakantie", True),
        ("met het vliegtuig naar Turkije", True),
        ("in de vakantie", False),
        ("vakantie", False),
        ("", False),
    ],
)
def test_parse_holiday_trip(text: str, expected: bool) -> None:
    assert parse_holiday_trip(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("en als de ouders niet meewerken?", True),
        ("En als de ouders nooit opnemen", True),
        ("wat als ze opgenomen wordt?", True),
        ("stel dat hij alles weigert", True),
        ("en indien hij 18 is?", True),
        ("en bij 10 B-codes?", True),
        ("maar als hij ziek is", True),
        ("ok en als hij 18 wordt", True),
        ("wat is een B-code?", False),
        ("hoeveel B-codes?", False),
        ("", False),
        ("oké en als hij 18 wordt", True),
        # A leading "ok", "ja", "goed" or thanks is no part of the question.
        ("ja, en als hij 18 wordt", True),
        ("goed, maar als hij ziek is", True),
        ("dankjewel, en als de ouders niet meewerken?", True),
        ("dank je, en als hij 18 wordt", True),
    ],
)
def test_parse_follow_up(text: str, expected: bool) -> None:
    assert parse_follow_up(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("de ouders nemen nooit op", True),
        ("de ouders werken mee", True),
        ("hij weigert elke afspraak", True),
        ("hij komt niet meer naar school", True),
        ("het CLB is al betrokken", True),
        # A count or an age is no fact about the parents or the pupil.
        ("hij heeft 5 B-codes", False),
        ("hij is 16", False),
        ("wat is een B-code", False),
        ("", False),
    ],
)
def test_states_b_code_fact(text: str, expected: bool) -> None:
    assert states_b_code_fact(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ze is al 3 weken ziek", True),
        ("ze is chronisch ziek", True),
        ("ze ligt in het ziekenhuis", True),
        ("we wonen 12 km van school", True),
        # Ill without how long, half days, an age: nothing the engine decides on.
        ("ze is ziek", False),
        ("9 halve dagen", False),
        ("17 jaar oud", False),
        ("een paar dagen", False),
        ("wat is TOAH", False),
        ("", False),
    ],
)
def test_states_illness_fact(text: str, expected: bool) -> None:
    assert states_illness_fact(text) is expected
