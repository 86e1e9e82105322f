"""The one place where values are read out of what a user typed: counts, ages, durations, distances, dates,
the school level, and the few words about a situation that the guidance engines take as facts.

Every function is pure: text (or a slot value) in, a value or None out. None means "the message does not say",
never a guess. Number words become digits with text2num ("vijfentwintig" -> 25, "vijfde" -> 5e), dates are
read with dateparser (Dutch, day first), the rest are small regular expressions over the Flemish ways of
saying things ("ze nemen nooit op", "3de middelbaar", "een stuk of zes").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Literal

import dateparser  # type: ignore[import-untyped]
from text_to_num import alpha2digit  # type: ignore[import-untyped]

from knowledge.guidance.b_codes import Parents
from knowledge.guidance.common import Level
from knowledge.guidance.illness import Condition
from knowledge.guidance.outflow import Wish

# -- numbers ---------------------------------------------------------------------------------------------------

# alpha2digit leaves numbers below this threshold as words: "een" is far more often the article than a number.
_WORD_NUMBER_THRESHOLD = 2
_ONE = r"(?:een|één|1)"
_NUM = r"\d+(?:[.,]\d+)?"


def normalise(text: str) -> str:
    """Lower case, one space between words, number words as digits ("vijfentwintig" -> "25", "vijfde" -> "5e")."""
    folded = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip().lower()
    if not folded:
        return ""
    folded = re.sub(r"\béén\b", "1", folded)
    return str(alpha2digit(folded, "nl", threshold=_WORD_NUMBER_THRESHOLD))


def _number(token: str) -> float:
    return float(token.replace(",", "."))


@dataclass(frozen=True)
class Amount:
    """A number the user gave, in the unit the engines take (B-codes, calendar days, kilometres).

    ``value`` is the number to reason with. After "meer dan N" it is the smallest whole number above N (for
    counts and days), after "minder dan N" or "bijna N" the largest below it; ``at_least`` / ``at_most`` say so.
    ``approximate`` marks "een stuk of zes", "ongeveer", ranges ("5 à 6", the lower end is taken) and months or
    years counted as 30 or 365 days.
    """

    value: float
    approximate: bool = False
    at_least: bool = False
    at_most: bool = False
    more: bool = False  # strictly more than the value ("meer dan 20 km"), for measures without a whole step

    @property
    def whole(self) -> int:
        return int(self.value)

    @property
    def exact(self) -> bool:
        return not (self.approximate or self.at_least or self.at_most)


_ABOUT = r"(?:ongeveer|rond de|rond|zo'n|zowat|circa|ca\.?|een stuk of|een goeie|een goede|een kleine)"
_MORE = r"(?:meer dan|al meer dan|ruim meer dan|langer dan|verder dan|boven de|over de|ruim|al ruim)"
_AT_LEAST = r"(?:minstens|minimum|minimaal|ten minste|tenminste|al minstens)"
_LESS = r"(?:minder dan|nog geen|korter dan|dichter dan|binnen de|onder de)"
_AT_MOST = r"(?:hoogstens|maximum|maximaal|max\.?|bijna|amper)"
_QUALIFIER = rf"(?:(?P<more>{_MORE})|(?P<least>{_AT_LEAST})|(?P<less>{_LESS})|(?P<most>{_AT_MOST})|(?P<about>{_ABOUT}))"
_RANGE_TAIL = r"(?P<range>\s*(?:à|a|-|tot|of)\s*\d+(?:[.,]\d+)?)?"
# "een week of vier", "een dag of tien": the number comes after the unit.
_UNIT_OR_N = r"\s+of\s+(?P<after>\d+)"


def _qualified(match: re.Match[str], value: float, step: float | None) -> Amount:
    """The amount for a matched number and its qualifier. ``step``: the unit's smallest whole step (1 for
    counts and days), used to turn "meer dan N" into N + step; None for measures such as kilometres."""
    groups = match.groupdict()
    more, less = bool(groups.get("more")), bool(groups.get("less"))
    at_least = more or bool(groups.get("least"))
    at_most = less or (bool(groups.get("most")) and not at_least)
    if step is not None:
        if more:
            value += step
        elif less or (groups.get("most") or "").startswith(("bijna", "amper")):
            value -= step
    approximate = bool(groups.get("about")) or bool(groups.get("range"))
    return Amount(value, approximate=approximate, at_least=at_least, at_most=at_most, more=more and step is None)


# -- counts (B-codes, half days, times) -----------------------------------------------------------------------

# What is counted (as data/nlu/values.yml has it for the `aantal` entity).
_COUNTED_NOUN = (
    r"(?:x\b\s*)?(?:(?:problematische|ongewettigde|ongewettigd|onwettige|ongeoorloofde|gespijbelde|gebroste)\s+)?"
    r"(?:b\s*-?\s*codes?|bcodes?|halve\s+(?:les|school)?(?:dagen|dag|dagjes|dagje)|afwezigheden|afwezigheid"
    r"|spijbeldagen|spijbeldag|keer|keren|maal|x)"
)
_COUNTED = re.compile(rf"(?:{_QUALIFIER}\s+)?(?<![\d.,-])(?P<n>\d{{1,3}}){_RANGE_TAIL}\s*{_COUNTED_NOUN}\b")
# Any other number, unless it is an age, a date, an ordinal, a measure or a count of something else ("van 15",
# "wordt volgende maand 18", "15 jaar", "3de", "4 weken", "twee lesuren", "3 leerlingen").
_LOOSE = re.compile(
    rf"(?:{_QUALIFIER}\s+)?(?<![\d.,/°-])(?<!van )(?<!is )(?<!ben )(?<!ik )(?<!word )(?<!wordt )(?<!werd )(?<!maand )"
    rf"(?<!week )(?<!jaar )(?P<n>\d{{1,3}}){_RANGE_TAIL}"
    r"(?!\d|[.,/:-]\d|\s*-?\s*(?:e|de|ste|jaar|jarige?|j|dagen|dag|weken|week|maanden|maand|km|kilometer|uur|u|min"
    r"|minuten|euro|procent|%|(?:les)?uren|lesuur|lestijden|lessen|leerlingen|kinderen|broers?|zussen|zus)(?!\w))"
)
_MAX_COUNT = 1000


def read_count(value: Any) -> Amount | None:
    """A count from a slot value or a sentence: 5, "5", "vijf", "5 B-codes", "een stuk of zes", "meer dan tien".

    A number directly followed by "B-codes", "halve dagen", "spijbeldagen" or "keer" wins over other numbers in
    the sentence. None when there is no count, or when it is negative or absurdly large.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return Amount(float(value)) if 0 <= value < _MAX_COUNT and float(value).is_integer() else None
    text = normalise(str(value))
    if not text:
        return None
    if text in {"een", "1"}:
        return Amount(1)
    if text in {"geen", "nul"}:
        return Amount(0)
    if says_negative_number(text):
        return None
    match = _COUNTED.search(text) or _LOOSE.search(text)
    if match is None:
        return None
    amount = _qualified(match, float(match.group("n")), step=1)
    return amount if 0 <= amount.value < _MAX_COUNT else None


def counts_in_words(text: str | None) -> bool:
    """Whether the text counts B-codes, half days or times in so many words ("6 B-codes", "vijf halve dagen")."""
    return bool(_COUNTED.search(normalise(text or "")))


def parse_count(value: Any) -> int | None:
    """The whole count to reason with (see :func:`read_count`): "meer dan 4 B-codes" -> 5, "een stuk of zes" -> 6."""
    amount = read_count(value)
    return amount.whole if amount is not None else None


_HALF_DAYS = re.compile(
    rf"(?:{_QUALIFIER}\s+)?(?<![\d.,])(?P<n>\d{{1,3}}){_RANGE_TAIL}\s+halve\s+(?:les|school)?dag(?:en)?\b"
)


def parse_half_days(text: str | None) -> int | None:
    """Half days of absence: "12 halve dagen", "negen halve schooldagen"."""
    match = _HALF_DAYS.search(normalise(text or ""))
    return _qualified(match, float(match.group("n")), step=1).whole if match else None


_ORDINAL_WORDS = {"eerste": 1, "1ste": 1}
_ORDINAL = re.compile(r"\b(?:(?P<n>\d{1,2})\s*(?:ste|de|e)|(?P<w>eerste))\b")


def parse_ordinal(text: str | None, nouns: str) -> int | None:
    """The ordinal before one of ``nouns`` (a regex): parse_ordinal("het 5de briefje", "briefje") -> 5."""
    folded = normalise(text or "")
    match = re.search(rf"{_ORDINAL.pattern}\s+(?:\w+\s+)?(?:{nouns})", folded)
    if match is None:
        return None
    return int(match.group("n")) if match.group("n") else _ORDINAL_WORDS[match.group("w")]


# -- ages -------------------------------------------------------------------------------------------------------

_MIN_AGE, _MAX_AGE = 2, 30
_SUBJECT = r"(?:ik|hij|zij|ze|je|jij|mijn\s+\w+|ons\s+\w+|onze\s+\w+|de\s+leerling|het\s+kind|die|dat)"
_NOT_A_DURATION = r"(?!\s*(?:jaar\s+)?(?:dagen|dag|weken|week|maanden|maand|km|kilometer|b|keer|halve|uur)\b)"
_AGE_PATTERNS = (
    # "17-jarige", "een 16 jarige", "17j"
    re.compile(r"(?<![\d.,/])(?P<n>\d{1,2})\s*-?\s*(?:jarige?n?|j)\b"),
    # "ik ben 16", "hij is nu 17 jaar", "ze wordt binnenkort 18"
    re.compile(
        rf"\b(?:ik\s+ben|ben\s+ik|hij\s+is|is\s+hij|zij\s+is|ze\s+is|is\s+ze|je\s+bent|ben\s+je|hij\s+wordt|ze\s+wordt|"
        rf"zij\s+wordt|ik\s+word|is\s+nu|is\s+al|is\s+pas)\s+(?:nu\s+|al\s+|pas\s+|bijna\s+|binnenkort\s+|net\s+)?"
        rf"(?P<n>\d{{1,2}})(?:\s*jaar)?{_NOT_A_DURATION}(?!\d|[.,/]\d)"
    ),
    # "mijn dochter is zestien", "de leerling is 15 jaar"
    re.compile(
        rf"\b(?:is|ben|bent|wordt|word)\s+(?:nu\s+|al\s+|pas\s+|bijna\s+|binnenkort\s+|net\s+)?(?P<n>\d{{1,2}})"
        rf"(?:\s*jaar)?{_NOT_A_DURATION}(?!\d|[.,/]\d)(?!\s*(?:euro|procent|%|minuten|min|u|uur|op|van|keer)\b)"
    ),
    # "als ik 17 ben", "als hij 16 is", "wanneer ze 18 wordt"
    re.compile(
        rf"\b(?:als|wanneer|eens|zodra)\s+{_SUBJECT}\s+(?P<n>\d{{1,2}})(?:\s*jaar)?\s+(?:ben|is|word|wordt|bent)\b"
    ),
    # "mijn zoon van 15", "een leerling van 15 jaar", "een meisje van zestien"
    re.compile(rf"\bvan\s+(?P<n>\d{{1,2}})(?:\s*jaar)?{_NOT_A_DURATION}(?!\d|[.,/]\d)(?!\s*(?:tot|à|-)\s*\d)"),
    # "17 jaar oud", "17 jaar" as the whole value (an entity)
    re.compile(r"(?<![\d.,/])(?P<n>\d{1,2})\s*jaar\s+oud\b"),
    re.compile(r"^(?P<n>\d{1,2})(?:\s*jaar)?$"),
)


def parse_age(text: Any) -> int | None:
    """An age: "17 jaar", "ik ben 16", "mijn zoon van vijftien", "een 17-jarige", "als ik 17 ben".

    Not an age: "tot 18 jaar", "al 2 jaar ziek", "3 weken", "geboren in 2009".
    """
    if isinstance(text, bool) or text is None:
        return None
    if isinstance(text, (int, float)):
        return int(text) if float(text).is_integer() and _MIN_AGE <= text <= _MAX_AGE else None
    folded = normalise(str(text))
    for pattern in _AGE_PATTERNS:
        for match in pattern.finditer(folded):
            age = int(match.group("n"))
            if _MIN_AGE <= age <= _MAX_AGE:
                return age
    return None


# -- durations ------------------------------------------------------------------------------------------------

_DAYS_PER_UNIT = {"dag": 1, "kalenderdag": 1, "week": 7, "maand": 30, "jaar": 365}
_APPROXIMATE_UNITS = {"maand", "jaar"}
_UNIT = r"(?P<unit>kalenderdag(?:en)?|dag(?:en)?|weken|week|maanden|maand|jaar)\b"
_NUMBER_OR_ONE = rf"(?P<n>\d{{1,3}}(?:[.,]\d+)?|{_ONE}|anderhalve|anderhalf)"
_DURATION = re.compile(
    rf"(?:{_QUALIFIER}\s+)?(?<![\d.,/])(?<!halve\s){_NUMBER_OR_ONE}(?P<half>\s+en\s+(?:een|1)\s+halve?)?"
    rf"{_RANGE_TAIL}\s+{_UNIT}(?:{_UNIT_OR_N})?"
)
# An age, not a duration: "17 jaar oud", "van 17 jaar", "is 17 jaar", "17-jarige".
_AGE_BEFORE = re.compile(r"(?:\bvan|\bis|\bben|\bwordt|\bword)\s+(?:nu\s+|al\s+|pas\s+|bijna\s+)?$")
_YEAR_CONTEXT = re.compile(r"(?:\bal|\bsinds|\bgedurende|\breeds|\bnu|\bvoor|\bdan)\s*$")


def _unit_key(unit: str) -> str:
    for key in ("kalenderdag", "dag", "week", "maand", "jaar"):
        if unit.startswith(key) or (key == "week" and unit == "weken") or (key == "maand" and unit == "maanden"):
            return key
    raise ValueError(unit)  # pragma: no cover - the regex only matches these units


def _amount_number(token: str) -> float:
    if token in {"anderhalve", "anderhalf"}:
        return 1.5
    if re.fullmatch(_ONE, token):
        return 1.0
    return _number(token)


def parse_duration_days(text: str | None) -> Amount | None:
    """How long something lasts, in calendar days: "4 weken" -> 28, "25 dagen" -> 25, "drie maanden" -> about 90
    (approximate), "2 weken en 3 dagen" -> 17, "meer dan 3 weken" -> at least 22, "een week of vier" -> about 28.

    Not a duration: "sinds de herfstvakantie", "9 halve dagen" (half days, see :func:`parse_half_days`),
    "17 jaar oud", "een leerling van 16 jaar".
    """
    folded = normalise(text or "")
    total: float = 0
    approximate = at_least = at_most = False
    last_end: int | None = None
    found = False
    for match in _DURATION.finditer(folded):
        unit = _unit_key(match.group("unit"))
        before = folded[: match.start()]
        if unit == "jaar" and (_AGE_BEFORE.search(before) or not _YEAR_CONTEXT.search(before)):
            continue  # "van 17 jaar" is an age; a year counts as a duration only after "al", "sinds" ...
        if folded[match.end() :].lstrip().startswith(("oud", "jarig")):
            continue
        if found and last_end is not None and not re.fullmatch(r"\s*(?:en|,)\s*", folded[last_end : match.start()]):
            break  # only the first duration, or parts joined by "en": "2 weken en 3 dagen"
        number = float(match.group("after")) if match.group("after") else _amount_number(match.group("n"))
        if match.group("half"):
            number += 0.5
        amount = _qualified(match, number * _DAYS_PER_UNIT[unit], step=1)
        total += amount.value
        approximate = approximate or amount.approximate or unit in _APPROXIMATE_UNITS or bool(match.group("after"))
        at_least, at_most = at_least or amount.at_least, at_most or amount.at_most
        found, last_end = True, match.end()
    if not found:
        return Amount(float(_HALF_YEAR_DAYS), approximate=True) if _HALF_YEAR.search(folded) else None
    approximate = approximate or not float(total).is_integer()
    return Amount(float(round(total)), approximate=approximate, at_least=at_least, at_most=at_most)


_HALF_YEAR = re.compile(r"\b(?:een\s+)?half\s+jaar\b")
_HALF_YEAR_DAYS = 182

# -- distances ------------------------------------------------------------------------------------------------

_DISTANCE = re.compile(
    rf"(?:{_QUALIFIER}\s+)?(?<![\d.,/])(?P<n>\d{{1,3}}(?:[.,]\d+)?|anderhalve|anderhalf)"
    rf"(?P<half>\s+en\s+(?:een|1)\s+halve?)?{_RANGE_TAIL}\s*(?:km|kilometer|kilometers|kms)\b"
)


_METERS = re.compile(rf"(?:{_QUALIFIER}\s+)?(?<![\d.,/])(?P<n>\d{{1,4}})\s*(?:m|meter|meters)\b")


def parse_distance_km(text: str | None) -> Amount | None:
    """A distance in kilometres: "12 km", "7,5 kilometer", "twaalf km", "zeven en een halve kilometer"."""
    folded = normalise(text or "")
    match = _DISTANCE.search(folded)
    if match is None:
        meters = _METERS.search(folded)
        return None if meters is None else _qualified(meters, int(meters.group("n")) / 1000, step=None)
    number = _amount_number(match.group("n")) + (0.5 if match.group("half") else 0)
    return _qualified(match, number, step=None)


# -- dates ----------------------------------------------------------------------------------------------------

_MONTHS = (
    r"januari|jan|februari|febr|feb|maart|mrt|april|apr|mei|juni|jun|juli|jul|augustus|aug|september|sept|sep"
    r"|oktober|okt|oct|november|nov|december|dec"
)
_NUMERIC_DATE = re.compile(
    r"(?<![\d/.-])(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4}|\d{2})(?![\d/.-])"
)
_WRITTEN_DATE = re.compile(
    rf"(?<![\d/.-])(?P<d>\d{{1,2}})(?:ste|de|e)?\s+(?P<m>{_MONTHS})\.?\s+(?P<y>\d{{4}}|'\d{{2}}|\d{{2}})(?!\d)"
)
_MONTH_YEAR = re.compile(rf"\b(?P<m>{_MONTHS})\.?\s+(?P<y>\d{{4}})\b")
_BIRTH_CUE = re.compile(r"(?:geboren|geboortedatum|geb\.|°|verjaardag|jarig)")
_YEAR_ONLY = re.compile(
    r"(?:geboren\s+(?:in|op)?\s*|geboortejaar\s*:?\s*|°\s*|\bis\s+van\s+|\bben\s+van\s+|\bvan\s+het\s+jaar\s+|"
    r"\bjaar\s+|\bjaargang\s+|\bbouwjaar\s+|\been\s+)(?:'|’)?(?P<y>(?:19|20)\d{2})\b"
)
# "ik word 18 in oktober", "hij wordt 17 in maart": an age to come and the month of that birthday.
_TURNS_IN_MONTH = re.compile(rf"\bword(?:t|en)?\s+(?:pas\s+)?(?P<a>\d{{1,2}})\s+(?:jaar\s+)?in\s+(?P<m>{_MONTHS})\b")
_DATEPARSER_SETTINGS: dict[str, Any] = {
    "DATE_ORDER": "DMY",
    "PREFER_DATES_FROM": "past",
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
}
# The youngest child a birth date can belong to here (kindergarten), so that "vanaf 1 september 2025" is not
# taken for a birth date.
_MIN_AGE_AT_BIRTH_DATE = 2


@dataclass(frozen=True)
class BirthDate:
    """A birth date as far as the message tells it: always the year, the month and day when given."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def date(self) -> date | None:
        """The full date, or None when only the year (and perhaps the month) is known."""
        if self.month is None or self.day is None:
            return None
        return date(self.year, self.month, self.day)


@lru_cache(maxsize=256)
def parse_date(text: str) -> date | None:
    """One full date written the Flemish way (day first): "14 november 2009", "14/11/2009", "14.11.09"."""
    cleaned = re.sub(r"(\d)(?:ste|de|e)\b", r"\1", text.strip().lstrip("°").strip())
    cleaned = re.sub(r"\bsept\b", "sep", cleaned)
    cleaned = re.sub(r"\bfebr\b", "feb", cleaned)
    parsed = dateparser.parse(cleaned, languages=["nl"], settings=_DATEPARSER_SETTINGS)
    return parsed.date() if parsed is not None else None


_ISO_DATE = re.compile(r"(?<![\d/.-])(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d/.-])")


def looks_like_date(text: str | None) -> bool:
    """Whether the text is written as a full date, valid or not ("31 februari 2010", "2010-01-23")."""
    folded = normalise(text or "")
    return any(p.search(folded) for p in (_NUMERIC_DATE, _WRITTEN_DATE, _ISO_DATE))


def _iso_dates(folded: str) -> list[tuple[date, int]]:
    out = []
    for match in _ISO_DATE.finditer(folded):
        try:
            out.append((date(int(match["y"]), int(match["m"]), int(match["d"])), match.start()))
        except ValueError:
            continue
    return out


def find_dates(text: str | None) -> list[tuple[date, int]]:
    """Every full date in a message, with the position where it starts (also written year first, 2010-01-23)."""
    folded = normalise(text or "")
    found: list[tuple[date, int]] = _iso_dates(folded)
    for pattern in (_NUMERIC_DATE, _WRITTEN_DATE):
        for match in pattern.finditer(_ISO_DATE.sub(" ", folded)):
            parsed = parse_date(match.group(0))
            if parsed is not None:
                found.append((parsed, match.start()))
    return sorted(found, key=lambda pair: pair[1])


def parse_birth_date(text: str | None, today: date | None = None) -> BirthDate | None:
    """The birth date in a message: "geboren op 14 november 2009" -> 2009-11-14, "°14/11/09" -> 2009-11-14.

    "hij is van 2009" or "geboren in 2009" gives only the year (``BirthDate(2009)``, whose ``date`` is None);
    "geboren in november 2009" gives year and month, and so does "ik word 18 in oktober" (the next October, less 18
    years). A full date counts as a birth date when the message says
    "geboren" (or "°") before it, or when it lies at least two years before ``today``, so that "vanaf 1 september
    2025" is not one.
    """
    folded = normalise(text or "")
    if not folded:
        return None
    today = today or date.today()
    dates = find_dates(folded)
    cue = _BIRTH_CUE.search(folded)
    for found, start in dates:
        cued = cue is not None and cue.start() <= start
        old_enough = found.year <= today.year - _MIN_AGE_AT_BIRTH_DATE
        if found <= today and (cued or old_enough):
            return BirthDate(found.year, found.month, found.day)
    if not dates and looks_like_date(folded):
        return None  # a full date that does not exist ("31 februari 2010") is no month and year either
    month_year = _MONTH_YEAR.search(folded)
    if month_year and cue is not None:
        month = parse_date(f"1 {month_year.group('m')} {month_year.group('y')}")
        if month is not None and month.year <= today.year:
            return BirthDate(month.year, month.month)
    year = _YEAR_ONLY.search(folded)
    if year is not None and 1990 <= int(year.group("y")) <= today.year:
        return BirthDate(int(year.group("y")))
    turns = _TURNS_IN_MONTH.search(folded)
    if turns is not None:
        month = parse_date(f"1 {turns.group('m')} {today.year}")
        if month is not None:
            # The next such month, this one included: the birthday to come.
            birthday_year = today.year if month.month >= today.month else today.year + 1
            return BirthDate(birthday_year - int(turns.group("a")), month.month)
    return None


# -- the school level -----------------------------------------------------------------------------------------

_SECONDARY = re.compile(
    r"\b(?:middelbaar|middelbare|secundair|secundaire|humaniora|aso|tso|bso|kso|buso|okan|graad|"
    r"deeltijds\s+onderwijs|dbso|duaal\s+leren|leren\s+en\s+werken|leerjaar\s+[ab])\b"
)
_PRIMARY = re.compile(
    r"\b(?:kleuter\w*|lager\s+onderwijs|lagere\s+school|lagere|basisschool|basisonderwijs|bubao|leerjaar|"
    r"peuter\w*|instapklas\w*)\b"
)
_YEAR_OF = re.compile(
    r"\b(?:(?P<n>\d)\s*(?:ste|de|e)|(?P<w>eerste))\s+(?:jaar\s+|leerjaar\s+)?"
    r"(?P<what>middelbaar|middelbare|secundair|humaniora|aso|tso|bso|kso|leerjaar|kleuter\w*|jaar)\b"
)
_GRADE = re.compile(r"\b(?:(?P<n>\d)\s*(?:ste|de|e)|(?P<w>eerste))\s+graad\b")
_SPECIAL_NEEDS = re.compile(
    r"\b(?:buitengewoon\s+(?:basis|secundair\s+)?onderwijs|buitengewoon|buso|bubao|bulo|buo|type\s*[1-9]\s+school)\b"
)
# The years of secondary school per grade (graad): 1-2, 3-4, 5-6 and the seventh year.
_GRADE_OF_YEAR = {1: 1, 2: 1, 3: 2, 4: 2, 5: 3, 6: 3, 7: 3}


@dataclass(frozen=True)
class SchoolLevel:
    """Where the pupil is at school, as far as the message says."""

    level: Level | None = None
    year: int | None = None  # the year within primary or secondary school ("5de leerjaar" -> 5)
    grade: int | None = None  # graad of secondary school (1-3)
    kindergarten_year: int | None = None  # 1-3 in kindergarten
    special_needs_education: bool = False

    @property
    def first_two_years_secondary_done(self) -> bool | None:
        """Whether the first two years of secondary school lie behind the pupil (passed or not)."""
        if self.level != "secundair" or (self.year is None and self.grade is None):
            return None
        if self.year is not None:
            return self.year > 2
        return self.grade is not None and self.grade > 1


def parse_school_level(text: str | None) -> SchoolLevel | None:
    """The level, year, grade and kindergarten year: "3de middelbaar", "5de leerjaar", "derde kleuterklas",
    "ze zit in de tweede graad", "het buitengewoon onderwijs". None when the message says nothing about it."""
    folded = normalise(text or "")
    special = bool(_SPECIAL_NEEDS.search(folded))
    year = grade = kindergarten = None
    level: Level | None = None
    match = _YEAR_OF.search(folded)
    if match is not None:
        number = int(match.group("n")) if match.group("n") else 1
        what = match.group("what")
        if what.startswith("kleuter"):
            level, kindergarten = "basis", number
        elif what == "leerjaar":
            secondary = re.match(r"\s*[ab]\b", folded[match.end() :]) is not None
            level, year = ("secundair" if secondary else "basis"), number
        elif what == "jaar":
            level = "secundair" if _SECONDARY.search(folded) else "basis" if _PRIMARY.search(folded) else None
            year = number if level is not None else None
        else:
            level, year = "secundair", number
    grade_match = _GRADE.search(folded)
    if grade_match is not None:
        level = "secundair"
        grade = int(grade_match.group("n")) if grade_match.group("n") else 1
    if level is None:
        if _SECONDARY.search(folded):
            level = "secundair"
        elif _PRIMARY.search(folded):
            level = "basis"
            if re.search(r"\bkleuter", folded) and kindergarten is None and "oudste kleuter" in folded:
                kindergarten = 3
    if level == "basis" and year is not None and not 1 <= year <= 6:
        year = None
    if level == "secundair" and year is not None:
        year = year if 1 <= year <= 7 else None
        grade = grade or (_GRADE_OF_YEAR[year] if year is not None else None)
    if kindergarten is not None and not 1 <= kindergarten <= 3:
        kindergarten = None
    if level is None and not special:
        return None
    return SchoolLevel(level, year, grade if grade is None or 1 <= grade <= 3 else None, kindergarten, special)


def parse_level(text: str | None) -> Level | None:
    """Basis or secundair: "5de leerjaar" and "kleuter" are basis, "3de middelbaar" and "BSO" secundair."""
    found = parse_school_level(text)
    return found.level if found is not None else None


def parse_grade(text: str | None) -> int | None:
    """The grade (graad) of secondary school: "3de graad" -> 3, "5de middelbaar" -> 3, "2de jaar secundair" -> 1."""
    found = parse_school_level(text)
    return found.grade if found is not None else None


# -- the situation in words -----------------------------------------------------------------------------------


def _matches(pattern: re.Pattern[str], text: str | None) -> bool:
    """Whether ``pattern`` occurs in the normalised message."""
    return bool(pattern.search(normalise(text or "")))


def _any(patterns: tuple[str, ...], text: str) -> bool:
    return any(re.search(p, text) for p in patterns)


_PARENTS = r"(?:ze|zij|ouders|ouder|mama|papa|moeder|vader|de\s+ouders|hun\s+ouders|zijn\s+ouders|haar\s+ouders)"
_CHILD = r"(?:hem|haar|het\s+kind|hun\s+kind|hun\s+zoon|hun\s+dochter|ze|de\s+leerling)"
_STANCES: tuple[tuple[Parents, tuple[str, ...]], ...] = (
    (
        "unreachable",
        (
            r"\bnemen\s+(?:nooit|niet|nooit\s+meer|nog\s+steeds\s+niet)\s+(?:de\s+telefoon\s+)?op\b",
            r"\bneemt\s+(?:nooit|niet)\s+(?:de\s+telefoon\s+)?op\b",
            r"\bonbereikbaar",
            r"\bniet\s+(?:te\s+)?(?:bereiken|bereikbaar)\b",
            r"\bnooit\s+bereikbaar\b",
            r"\bgeen\s+(?:contact|reactie|antwoord)\s+(?:met|van|krijgen|mogelijk)?",
            r"\bkrijg\w*\s+(?:\w+\s+){0,2}(?:niet|nooit)\s+te\s+pakken\b",
            r"\breageren\s+(?:niet|nooit)\b",
            r"\bantwoorden\s+(?:niet|nooit)\b",
            r"\bbellen\s+(?:niet|nooit)\s+terug\b",
            r"\b(?:mails?|brieven|berichten)\s+(?:blijven\s+)?onbeantwoord",
            r"\bdoen\s+(?:de\s+deur\s+)?niet\s+open\b",
        ),
    ),
    (
        "powerless",
        (
            r"\bkrijg(?:en|t)?\s+(?:\w+\s+)?(?:hem|haar|het\s+kind|hun\s+kind|mijn\s+\w+|ons\s+\w+|onze\s+\w+|ze)\s+"
            r"(?:niet|nooit|echt\s+niet)\s+(?:meer\s+)?(?:naar\s+school|uit\s+(?:zijn|haar|het)\s+bed|uit\s+bed|"
            r"de\s+deur\s+uit|op\s+school|mee)",
            r"\b(?:doen|doe|deden)\s+(?:echt\s+)?(?:hun|mijn|ons|onze)\s+(?:uiterste\s+)?best\b",
            r"\bproberen\s+(?:echt\s+)?(?:alles|van\s+alles|het\s+wel)\b",
            r"\bwillen\s+wel\s+maar\b",
            r"\blukt\s+(?:hen|ze|ons|mij|me|het)\s+(?:niet|gewoon\s+niet)\b",
            r"\bhet\s+lukt\s+(?:hen\s+|ze\s+|ons\s+|mij\s+|me\s+)?niet\b",
            r"\bmachteloos\b",
            r"\bradeloos\b",
            r"\bonmacht\b",
            r"\bweten\s+(?:het\s+)?niet\s+meer\s+wat\s+(?:ze|we|ik)",
            r"\bweet\s+(?:het\s+)?niet\s+meer\s+wat\s+ik",
            r"\bten\s+einde\s+raad\b",
            r"\bover\s+(?:hem|haar)\s+geen\s+gezag\b",
        ),
    ),
    (
        "unwilling",
        (
            r"\b(?:willen|wil)\s+(?:niet|helemaal\s+niet|geen)\s+(?:mee\s*werken|meewerken|samenwerken)",
            r"\b(?:willen|wil)\s+niet\s+mee\b",
            r"\b(?<!kunnen\s)(?<!kan\s)niet\s+(?:mee\s*werken|meewerken|samenwerken)\b",
            r"\bwerken\s+(?:niet|helemaal\s+niet|totaal\s+niet|nooit)\s+mee\b",
            r"\bweigeren\s+(?:mee\s+te\s+werken|elk\s+gesprek|elke\s+samenwerking|te\s+komen)",
            rf"\b(?:houden|houdt|hielden|laten|laat)\s+{_CHILD}\s+(?:gewoon\s+|bewust\s+|expres\s+)?thuis\b",
            r"\bonwil(?:lig)?\b",
            r"\bonverschillig\b",
            r"\b(?:kan|kon)\s+(?:hen|ze|de\s+ouders)\s+(?:niks|niets|geen\s+\w+)\s+schelen\b",
            r"\bvinden\s+(?:het|dat|school)\s+niet\s+(?:belangrijk|erg|nodig)\b",
            r"\bdekken\s+(?:hem|haar|het)\b",
            r"\bwerken\s+tegen\b",
            r"\btegenwerk",
        ),
    ),
    (
        "cooperative",
        (
            r"\bwerken\s+(?:goed|wel|prima|heel\s+goed|fijn|echt)\s+mee\b",
            r"\bwerken\s+mee\b",
            r"\b(?:willen|wil)\s+(?:graag\s+|wel\s+)?meewerken\b",
            r"\bgoede\s+samenwerking\b",
            r"\bstaan\s+(?:er\s+)?open\b",
            r"\bzijn\s+(?:erg\s+|heel\s+|zeer\s+)?betrokken\b",
            r"\b(?:zijn|goed|altijd)\s+bereikbaar\b",
        ),
    ),
)


def parse_parents_stance(text: str | None) -> Parents | None:
    """How the parents stand, in the B-code engine's words: "ze nemen nooit op" -> unreachable, "houden hem
    thuis" -> unwilling, "krijgen hem niet naar school" -> powerless, "werken goed mee" -> cooperative."""
    folded = normalise(text or "")
    for stance, patterns in _STANCES:
        if _any(patterns, folded):
            return stance
    return None


_REFUSES = (
    r"\bweigert?\s+(?:elke|alle|iedere|ieder|elk|de)\s+(?:afspraak|afspraken|hulp|begeleiding|gesprek|gesprekken|"
    r"voorstel|voorstellen|samenwerking|medewerking)",
    r"\bweigert?\s+(?:met\s+\w+\s+)?te\s+praten\b",
    r"\bwil\s+(?:geen|niks\s+van)\s+(?:hulp|begeleiding|afspraken|gesprek|weten)",
    r"\bwil\s+(?:met\s+niemand|niet)\s+praten\b",
    r"\bonbuigzaam",
    r"\bweigert?\s+(?:gewoon\s+)?alles\b",
    r"\balles\s+(?:\w+\s+)?weiger\w*",
    r"\bhoudt\s+zich\s+(?:niet|nooit)\s+aan\s+(?:de\s+)?afspraken\b",
    r"\bkomt\s+(?:niet|nooit)\s+(?:naar|op)\s+(?:de\s+)?(?:afspraken|afspraak|gesprekken|gesprek)\b",
    r"\btrekt\s+zich\s+(?:er\s+)?(?:niets|niks)\s+van\s+aan\b",
    r"\blapt\s+(?:alle|elke|de)\s+afspraken?\s+aan\s+zijn\s+laars\b",
)


_DOES_NOT_REFUSE = (
    r"\bweigert?\s+(?:niets|niks|geen\s+(?:afspraken|hulp|gesprekken))\b",
    r"\b(?:hij|zij|ze|de\s+leerling)\s+(?:komt|kwam)\s+wel\s+(?:naar|op)\s+(?:de\s+)?(?:afspraken|gesprekken)\b",
    r"\b(?:hij|zij|ze|de\s+leerling)\s+houdt\s+zich\s+(?:wel\s+)?aan\s+(?:de\s+)?afspraken\b",
)


def parse_pupil_does_not_refuse(text: str | None) -> bool:
    """Whether the message says the pupil keeps to agreements: "hij weigert niets", "ze komt wel naar de gesprekken"."""
    return _any(_DOES_NOT_REFUSE, normalise(text or ""))


def parse_pupil_refuses(text: str | None) -> bool:
    """Whether the pupil refuses every agreement or help (onbuigzaamheid): "hij weigert elke afspraak".
    Refusing to go to school itself ("weigert naar school te gaan") is school refusal, not this."""
    return _any(_REFUSES, normalise(text or ""))


_CLB_INVOLVED = (
    r"\bclb\s+(?:is\s+)?(?:al|reeds)\s+(?:betrokken|ingeschakeld|op\s+de\s+hoogte|verwittigd)",
    r"\bclb\s+(?:werkt|volgt)\s+(?:al\s+)?mee\b",
    r"\b(?:samen\s+met|met)\s+het\s+clb\s+(?:al|reeds)\b",
    r"\bhet\s+clb\s+(?:al|reeds)\s+(?:ingeschakeld|gecontacteerd|gebeld|verwittigd|gesignaleerd)",
    r"\b(?:al|reeds)\s+(?:aan\s+het\s+clb\s+)?gesignaleerd\b",
    r"\b(?:al|reeds)\s+(?:naar|bij)\s+het\s+clb\b",
)


def parse_clb_involved(text: str | None) -> bool:
    """Whether the CLB already works on the case: "het CLB is al betrokken", "we hebben het CLB al ingeschakeld"."""
    return _any(_CLB_INVOLVED, normalise(text or ""))


_STOPPED = (
    r"\bkomt\s+(?:al\s+\w+\s+|helemaal\s+|gewoon\s+)?niet\s+meer\b",
    r"\bkomt\s+nooit\s+meer\b",
    r"\bis\s+(?:al\s+\w+\s+)?niet\s+meer\s+(?:naar\s+school\s+)?geweest\b",
)


def parse_stopped_attending(text: str | None) -> bool:
    """Whether the pupil no longer comes to school at all: "hij komt niet meer naar school"."""
    return _any(_STOPPED, normalise(text or ""))


_CHRONIC = (
    r"\bchronisch",
    r"\bbehandeling\s+van\s+(?:minstens|meer\s+dan)\s+6\s+maanden\b",
    r"\bhele\s+tijd\s+(?:opnieuw\s+)?ziek\b",
    r"\btelkens\s+(?:opnieuw\s+)?ziek\b",
    r"\bsteeds\s+(?:opnieuw\s+|weer\s+)?ziek\b",
)


def parse_chronic(text: str | None) -> bool:
    """Whether the message speaks of a chronic illness: "chronisch ziek", "een chronische aandoening"."""
    return _any(_CHRONIC, normalise(text or ""))


_HOSPITAL = (
    r"\bziekenhuis",
    r"\bhospitaal\b",
    r"\buz\b",
    r"\bkliniek\b",
    r"\bopgenomen\b",
    r"\bopname\b",
    r"\bpreventorium\b",
    r"\bk-dienst\b",
)


def parse_hospital(text: str | None) -> bool:
    """Whether the pupil is (or goes) into a hospital: "ze ligt in het ziekenhuis", "hij is opgenomen"."""
    return _any(_HOSPITAL, normalise(text or ""))


_RELAPSE = (
    r"\bherval\w*",
    r"\b(?:opnieuw|weer|terug)\s+(?:\w+\s+)?ziek\b",
    r"\bziek\s+(?:\w+\s+)?(?:opnieuw|terug)\b",
)


def parse_relapse(text: str | None) -> bool:
    """Whether the pupil falls ill again after going back to school: "ze hervalt", "hij is terug ziek"."""
    return _any(_RELAPSE, normalise(text or ""))


_COST_OR_DUTY = (
    r"\b(?:kost\w*|betal\w*|gratis|prijs|geld|factuur|rekening)\b",
    r"\b(?:verplicht\w*|opleggen|opgelegd|dwingen|weigeren)\b",
)


def parse_asks_cost_or_duty(text: str | None) -> bool:
    """Whether a question about support is about its cost or about being obliged to it: "kost bednet iets",
    "kan de school ons verplichten"."""
    return _any(_COST_OR_DUTY, normalise(text or ""))


_CONDITIONS: tuple[tuple[Condition, tuple[str, ...]], ...] = (
    ("inwonend-bij-risicopatient", (r"\b(?:woont|inwonend|leeft)\s+(?:samen\s+)?(?:bij|met)\s+(?:een\s+)?risicopati",)),
    ("risicopatient", (r"\brisicopati",)),
    ("moederschapsrust", (r"\bmoederschapsrust\b", r"\bbevallen\b", r"\bbevalling\b")),
    ("zwangerschap", (r"\bzwanger",)),
    ("operatie", (r"\bgeopereerd\b", r"\boperatie\b", r"\bingreep\b")),
    ("ongeval", (r"\bongeval\b", r"\bongeluk\b", r"\baangereden\b", r"\bgebroken\b", r"\bbeenbreuk\b")),
    (
        "psychisch",
        (r"\bpsychisch", r"\bdepressie", r"\bdepressief", r"\bburn-?out\b", r"\bangststoornis", r"\beetstoornis"),
    ),
)


def parse_condition(text: str | None) -> Condition | None:
    """The kind of illness in the illness engine's words, when the message names one."""
    folded = normalise(text or "")
    for condition, patterns in _CONDITIONS:
        if _any(patterns, folded):
            return condition
    return None


_CERTIFICATE_NO = (
    r"\bgeen\s+(?:medisch\s+)?(?:attest|doktersbriefje|doktersattest|briefje\s+van\s+de\s+dokter)",
    r"\bzonder\s+(?:medisch\s+)?(?:attest|doktersbriefje|doktersattest)",
)
_CERTIFICATE_YES = (
    r"\b(?:medisch|medische)\s+attest",
    r"\bdoktersbriefje",
    r"\bdoktersattest",
    r"\battest\s+van\s+de\s+(?:dokter|arts|huisarts|specialist)",
    r"\bbriefje\s+van\s+de\s+(?:dokter|arts)",
)


def parse_medical_certificate(text: str | None) -> bool | None:
    """True when the message says there is a medical certificate, False when it says there is none."""
    folded = normalise(text or "")
    if _any(_CERTIFICATE_NO, folded):
        return False
    return True if _any(_CERTIFICATE_YES, folded) else None


def parse_special_needs(text: str | None) -> bool:
    """Whether the pupil is in special needs education (buitengewoon onderwijs, BuSO, BuBaO)."""
    return _matches(_SPECIAL_NEEDS, text)


_DIPLOMA = (
    r"\b(?:heb|heeft|hebben|hebt)\s+(?:al\s+)?(?:mijn|zijn|haar|een|het)\s+diploma\b(?!\s+(?:nog\s+)?(?:niet|nodig))",
    r"\bdiploma\s+(?:secundair\s+(?:onderwijs\s+)?)?(?:behaald|gehaald|op\s+zak)\b",
    r"\b(?:ben|is)\s+(?:al\s+)?afgestudeerd\b",
)


def parse_has_diploma(text: str | None) -> bool:
    """Whether the youth already has a secondary school diploma: "hij heeft zijn diploma al"."""
    folded = normalise(text or "")
    if re.search(r"\b(?:geen|zonder)\s+diploma\b|\bdiploma\s+(?:wil\s+)?halen\b|\bdiploma\s+nog\s+niet\b", folded):
        return False
    return _any(_DIPLOMA, folded)


_WISHES: tuple[tuple[Wish, tuple[str, ...]], ...] = (
    (
        "combineren",
        (
            r"\bleren\s+en\s+werken\b",
            r"\bwerken\s+en\s+leren\b",
            r"\bcombineren\b",
            r"\bdeeltijds\b",
            r"\bhalf\s+(?:werken|school)\b",
            r"\bduaal\b",
        ),
    ),
    (
        "kwalificatie",
        (r"\bdiploma\s+(?:\w+\s+)?halen\b", r"\bkwalificatie\b", r"\bafmaken\b", r"\bandere\s+richting\b"),
    ),
    (
        "opleiding",
        (r"\bopleiding\b", r"\bcursus\b", r"\bvolwassenenonderwijs\b", r"\bhogeschool\b", r"\bleren\s+voor\b"),
    ),
    ("werken", (r"\b(?:gaan\s+)?werken\b", r"\bjob\b", r"\bwerk\s+zoeken\b", r"\bgeld\s+verdienen\b", r"\bvdab\b")),
)


def parse_outflow_wish(text: str | None) -> Wish | None:
    """Which of the four outflow wishes the youth names: a qualification, work, combining both, a training."""
    folded = normalise(text or "")
    for wish, patterns in _WISHES:
        if _any(patterns, folded):
            return wish
    return None


# A youth who wants to leave school, or what comes after: the outflow engine's subject. Not a child who does not
# dare to go ("wil niet meer naar school" alone says neither).
_LEAVING = re.compile(
    r"\bstop\w*|\bverlat\w*|\bvan\s+school\s+(?:gaan|af|weg)|\b(?:ga|gaan|gaat|wil|wilt|willen)\s+\w*\s*van\s+school"
    r"|\bafhak\w*|\buitstro\w*|\bzonder\s+(?:diploma|kwalificatie)|\bschool\s*verlater|\bdrop\s*-?\s*out"
    r"|\bna\s+(?:de\s+)?school\b|\bvroegtijdig|\b(?:wil|wilt|willen|ga|gaan)\s+(?:hier\s+)?weg\b"
)


def parse_leaving_school(text: str | None) -> bool:
    """Whether the message is about leaving school: stopping, leaving, dropping out, what after school, or one of
    the four outflow wishes (a qualification, work, combining both, a training)."""
    folded = normalise(text or "")
    return bool(_LEAVING.search(folded)) or parse_outflow_wish(folded) is not None


# "is er een brochure", "kunnen we hem iets meegeven": material to hand over (the outflow flyer, brochure, guide).
_MATERIAL = re.compile(
    r"\bbrochure\w*|\bflyer\w*|\bfolder\w*|\bleidraad|\bmateriaal|\biets\s+(?:mee)?geven\b|\bmeegeven\b"
)


def parse_asks_material(text: str | None) -> bool:
    """Whether the message asks for material to read or hand over: a brochure, a flyer, a guide."""
    return _matches(_MATERIAL, text)


# A lasting condition rather than an illness that passes ("door zijn handicap", "nooit meer naar school"): lessons
# at home are then permanent (POAH) or an exemption, which the knowledge answers, not the illness engine.
_LASTING = re.compile(
    r"\bhandicap\w*|\bbeperking\w*|\bblijvend\w*|\bpermanent\w*|\bnooit\s+meer\b|\bvrijstell\w*|\bvrijgesteld"
)


def parse_lasting_condition(text: str | None) -> bool:
    """Whether the message speaks of a handicap or a lasting condition, not of an illness that passes."""
    return _matches(_LASTING, text)


# "via de computer", "live meevolgen van thuis uit": lessons through the internet (SIO, Bednet) without the name.
_ONLINE_LESSONS = re.compile(
    r"\b(?:via|met|op)\s+(?:de\s+|een\s+)?(?:computer|laptop|pc|internet|tablet|webcam|camera|scherm)"
    r"|\bonline\b|\blive\s+(?:\w+\s+)?(?:volgen|meevolgen|meekijken)|\bvan\s+thuis\s+uit\s+(?:\w+\s+)?(?:volgen|meevolgen)"
)


def parse_online_lessons(text: str | None) -> bool:
    """Whether the message asks for lessons followed through the internet, the way Bednet works."""
    return _matches(_ONLINE_LESSONS, text)


# "wat is een kwalificatie", "wa is da eigenlijk", "hoe noemen ze dat", "wat wil dat zeggen", "moeten we dat als
# spijbelen zien", "is dat nu spijbelen": what something is or is called, which the knowledge answers whichever
# engine the message was sent to.
_ASKS_WHAT = re.compile(
    r"^\s*(?:en\s+)?wat?\s+(?:is|zijn|betekent|betekenen)\b|\bwat?\s+(?:is|betekent)\s+(?:da|dat|dit)\b"
    r"|\bhoe\s+noem\w*|\bwat\s+voor\s+(?:soort|iets|een\s+soort)\b|\bwat?\s+wil\s+(?:da|dat|dit|het)\s+zeggen\b"
    r"|\bals\s+(?:spijbel\w*|schoolweigering|onwil|onmacht|luxeverzuim)\s+(?:zien|beschouwen|bekijken)\b"
    r"|\b(?:is|zijn)\s+(?:da|dat|dit|het)\s+(?:nu\s+|dan\s+|al\s+|echt\s+|nog\s+)*(?:spijbel\w*|schoolweigering"
    r"|luxeverzuim|onwil|onmacht)\b"
)


def parse_asks_what(text: str | None) -> bool:
    """Whether the message asks what something is, means or is called."""
    return _matches(_ASKS_WHAT, text)


# The message opens by asking what a thing is ("wa is da eigenlijk een kwalificatie"), not whether a situation is one.
_ASKS_DEFINITION = re.compile(r"^\s*(?:en\s+)?wat?\s+(?:is|zijn|betekent|betekenen)\b")


def parse_asks_definition(text: str | None) -> bool:
    """Whether the message opens by asking what something is or means."""
    return _matches(_ASKS_DEFINITION, text)


# One's own truancy in the words people use.
_TRUANCY = re.compile(
    r"\bspijbel\w*|\bgespijbeld|\bbros\w*|\bgebrost|\bskip\w*|\bb\s*-?\s*codes?\b|\bbcodes?\b"
    r"|\bzonder\s+(?:geldige\s+)?reden\s+(?:weg|thuis|afwezig)"
)


def parse_truancy(text: str | None) -> bool:
    """Whether the message speaks of truancy (spijbelen, brossen, skippen, B-codes)."""
    return _matches(_TRUANCY, text)


# "welke code", "hoe coderen we dat", "welke letter": a question for the code of an absence.
_ASKS_CODE = re.compile(
    r"\bwelke\s+(?:afwezigheids)?(?:code|letter)\b|\bwat\s+voor\s+(?:een\s+)?code\b|\bhoe\s+(?:coderen|registreren|noteren)\b"
    r"|\bcode\s+(?:geven|zetten|krijgen)\b"
)


def parse_asks_code(text: str | None) -> bool:
    """Whether the message asks which absence code fits."""
    return _matches(_ASKS_CODE, text)


# "wat moeten we doen", "welke stappen", "wat gebeurt er nu", "hoe gaan we verder": a question for the steps of a
# procedure, which the B-code engine answers even without a count.
_WHO = r"(?:ik|we|wij|je|jij|jullie|ze|zij|de\s+school|het\s+clb|de\s+ouders|ik\s+als\s+\w+)"
_ASKS_STEPS = re.compile(
    "|".join(
        (
            rf"\bwat?\s+(?:moet|moeten|kan|kunnen|mag|mogen|doe|doen|doet|zal|zullen|gaat|gaan)\s+{_WHO}\b.*"
            r"\b(?:doen|ondernemen|aanvangen|beginnen)\b",
            r"\bwat?\s+(?:doet|doen)\s+(?:de\s+school|het\s+clb|jullie|ze|zij)\s+(?:als|bij|nu|dan|met)\b",
            r"\bwat?\s+(?:doe|doen|moet|moeten|kan|kunnen)\s+(?:ik|we|wij|je|jij)\s+(?:\w+\s+)?(?:bij|met|als|nu|tegen)\b",
            r"\bwelke\s+(?:stappen|acties|maatregelen)\b",
            r"\bvolgende\s+stap",
            r"\bwat?\s+(?:nu|verder|moet\s+er\s+gebeuren|te\s+doen)\b",
            r"\bwat?\s+(?:gebeurt|volgt|staat)\b",
            r"\bhoe\s+(?:gaan|moeten)\s+(?:we|wij)\s+(?:nu\s+)?verder\b",
            r"\baanpak\b",
            r"\b(?:vanaf\s+)?hoeveel\s+(?:b\s*-?\s*codes?|keer|halve\s+dagen|spijbeldagen|afwezigheden)\b",
            r"\bwat?\s+(?:hangt|riskeer|riskeert)\b",
            r"\b(?:krijg|krijgt|krijgen|kom|komt|komen)\s+(?:ik|je|hij|ze|we|wij)\s+(?:dan\s+)?(?:in\s+de\s+)?problemen\b",
            r"\bwat\s+zijn\s+de\s+gevolgen\b",
        )
    )
)


def parse_asks_steps(text: str | None) -> bool:
    """Whether the message asks what has to happen next ("wat moeten we doen", "welke stappen", "wat gebeurt er
    nu"), rather than what something is or whether something is allowed."""
    return _matches(_ASKS_STEPS, text)


Focus = Literal["start", "end", "part_time", "newcomer"]
_START = re.compile(
    r"\b(?:vanaf\s+wanneer|wanneer\s+(?:begint|start)|begin\s+van|start\s+van|moet\s+\w+\s+al\s+naar)\b"
)
_PART_TIME = re.compile(r"\bdeeltijd\w*|\bhalftijd\w*|\bleren\s+en\s+werken\b")
_NEWCOMER = re.compile(
    r"\bnieuwkomer\w*|\bandere\s+nationaliteit|\b(?:vreemdelingen|wacht|bevolkings)register|\bverblijfs\w*"
    r"|\bzonder\s+(?:wettige\s+)?papieren|\basiel\w*|\bokan\b|\bvluchteling\w*"
)


def parse_leerplicht_focus(text: str | None) -> Focus:
    """What a leerplicht question is about: the part-time leerplicht ("deeltijds"), a child of another nationality
    ("nieuwkomer"), when it starts ("vanaf wanneer ...") or, as most do, when it ends."""
    folded = normalise(text or "")
    if _PART_TIME.search(folded):
        return "part_time"
    if _NEWCOMER.search(folded):
        return "newcomer"
    return "start" if _START.search(folded) else "end"


# "wie vraagt bednet aan", "welk attest", "hoe lang duurt het": a question about the support itself.
_DETAIL_QUESTION = re.compile(r"^\s*(?:en\s+|maar\s+)?(?:wie|welk\w*|hoe\w*|hoeveel|waar\w*|wanneer|wat)\b")
# "heeft mijn kind recht op toah", "kan ze thuis les krijgen": the engine answers what holds and asks the facts.
# Other questions without facts ("welk attest", "wie vraagt bednet aan") are about the support itself.
_ELIGIBILITY = re.compile(
    r"\brecht\s+op\b|\bin\s+aanmerking\b|\b(?:thuis\s*les|les\s+(?:aan\s+huis|thuis|van\s+thuis)|aan\s+huis)\b"
    r"|\b(?:kan|kunnen|mag|krijgt|krijgen)\b.*\b(?:les|lessen|onderwijs|toah|bednet|school\s+en\s+ziek\s+zijn)\b"
)


# "hoe ver mag hij van school wonen": the distance is one of the engine's conditions, whatever the question word.
_DISTANCE_QUESTION = re.compile(r"\b(?:hoe\s+ver|afstand|kilometers?|km)\b")


def parse_asks_eligibility(text: str | None) -> bool:
    """Whether an illness question asks if the pupil has a right to support ("heeft mijn kind recht op toah"),
    rather than about the support itself ("welk attest", "wie vraagt bednet aan")."""
    lowered = (text or "").lower()
    if _DISTANCE_QUESTION.search(lowered):
        return True
    return not _DETAIL_QUESTION.search(lowered) and bool(_ELIGIBILITY.search(lowered))


# -- answers to a journey's questions --------------------------------------------------------------------------

_YES = re.compile(
    r"^\s*(?:ja+|jaja|jawel|jep|yes|klopt|dat\s+klopt|inderdaad|zeker|absoluut|correct|juist|ok[eé]?|oké)\b"
)
_NO = re.compile(r"^\s*(?:nee+n?|nope|no|neen|niet\s+echt|helemaal\s+niet|zeker\s+niet|absoluut\s+niet|nooit)\b")


def parse_yes_no(text: str | None) -> bool | None:
    """A yes or a no at the start of an answer ("ja, elke afspraak", "nee hoor"); None when it is neither."""
    folded = normalise(text or "")
    if _NO.search(folded):
        return False
    if _YES.search(folded):
        return True
    return None


_NEGATIVE_NUMBER = re.compile(r"(?<![\w])-\s*\d|\bmin(?:us)?\s+\d|\bnegatie\w*\s+\d")


def says_negative_number(text: str | None) -> bool:
    """Whether the answer gives a negative number ("-3 B-codes", "min 3"): no count can be that."""
    return bool(_NEGATIVE_NUMBER.search(normalise(text or "")))


# What was tried already for a pupil with problematic absences (the B-code engine's facts and the partner engine's).
_TRIED: tuple[tuple[str, str], ...] = (
    ("clb", r"\bclb\b"),
    ("naft", r"\bnaft\b"),
    ("contract", r"\b(?:anti\s*-?\s*)?spijbelcontract\w*|\bcontract\b|\bpolitie\b|\bwijkagent"),
    ("transition", r"\btransitie\w*|\bupgrade\b"),
    ("nothing", r"\b(?:nog\s+)?(?:niets|niks|nog\s+niet|geen(?!\s+(?:flauw\s+)?idee))\b"),
)


def parse_tried(text: str | None) -> str | None:
    """What was tried already, as a comma-separated list of clb, naft, contract, transition, or "nothing"."""
    folded = normalise(text or "")
    found = [name for name, pattern in _TRIED if name != "nothing" and re.search(pattern, folded)]
    if found:
        return ",".join(found)
    return "nothing" if re.search(dict(_TRIED)["nothing"], folded) else None


_MINOR = re.compile(r"\bminderjarig\w*|\bjonger\s+dan\s+18\b|\bonder\s+de\s+18\b|\bnog\s+geen\s+18\b")
_ADULT = re.compile(r"\bmeerderjarig\w*|\b18\s+(?:jaar\s+)?of\s+ouder\b|\bouder\s+dan\s+18\b|\bal\s+18\b|\b18\+")


def says_minor(text: str | None) -> bool:
    """ "jonger dan 18", "minderjarig", "nog geen 18": a minor, no age."""
    return _matches(_MINOR, text) and not _matches(_ADULT, text)


def parse_age_answer(text: str | None) -> int | None:
    """An age as an answer to "hoe oud is de leerling?": a number, or minor / adult in words ("jonger dan 18" -> 17,
    "18 of ouder" -> 18: the engines only compare with 18)."""
    folded = normalise(text or "")
    if _ADULT.search(folded):
        return 18
    if _MINOR.search(folded):
        return 17
    return parse_age(folded)


# -- the partner journey: the track, the concerns, what was tried ------------------------------------------------

_TRACKS: tuple[tuple[str, str], ...] = (
    (
        "uitstroom",
        r"\b(?:stoppen|stopt|stoppe)\s+met\s+(?:de\s+)?school|\bschool\s+(?:verlaten|verlaat|afbreken)"
        r"|\buitstroo?m\w*|\bzonder\s+(?:diploma|kwalificatie)|\bvroegtijdig\w*\s+schoolverla\w*|\bdrop-?\s?out",
    ),
    (
        "schoolweigering",
        r"\bschoolweiger\w*|\bschoolfob\w*|\bschoolangst|\bangst\w*\s+(?:voor|om)\b.{0,20}\bschool"
        r"|\bbang\b.{0,30}\bschool|\bweigert\b.{0,20}\bschool"
        r"|\b(?:durf|durft|durven|durfde)\s+(?:\w+\s+){0,2}(?:niet|ni|nie)\s+(?:meer\s+)?naar\s+school",
    ),
    ("ziekte", r"\bziek\w*|\btoah\b|\bbednet\b|\bziekenhuis\w*|\bchronisch\w*"),
    (
        "b-code",
        r"\bspijbel\w*|\bb\s?-?\s?codes?\b|\bbross\w*|\bbrost\b|\bskip\w*|\bverzuim\w*|\bproblematisch\w*\s+afwezig\w*",
    ),
)


def parse_track(text: str | None) -> str | None:
    """The approach a message is about: "b-code" (truancy), "ziekte", "schoolweigering" or "uitstroom"."""
    folded = normalise(text or "")
    return next((track for track, pattern in _TRACKS if re.search(pattern, folded)), None)


_CONCERNS: tuple[tuple[str, str], ...] = (
    (
        "home_safety",
        r"\bveilig\w*\b.{0,25}\bthuis|\bthuis\w*\b.{0,25}\b(?:onveilig|niet\s+veilig)|\bthuissituatie|\bverontrust\w*"
        r"|\bmishandel\w*|\bverwaarlo\w*|\bgeweld\w*|\bmisbruik\w*",
    ),
    (
        "mental_health",
        r"\bpsychisch\w*|\bpsycholog\w*|\bpsychiat\w*|\bmentaal|\bmentale\b|\bdepress\w*"
        r"|\beetstoornis\w*|\bzelfbeeld|\bwelbevinden",
    ),
    (
        "welfare",
        r"\barmoede|\barm\b|\bgeldprobl\w*|\bschulden|\bhuisvesting|\bdakloos|\bocmw\b|(?<!psychisch\s)(?<!psychische\s)(?<!mentaal\s)\bwelzijn\w*"
        r"|\bfinanci\w*|\bgeen\s+geld",
    ),
    (
        "learning",
        r"\bleerprobl\w*|\bleerachterstand\w*|\bleerstoornis\w*|\bdyslex\w*|\bdyscalc\w*|\btaalachterstand\w*"
        r"|\bonderwijsbehoefte\w*|\bondersteuningsnood|\bleren\s+lukt\s+niet",
    ),
    (
        "stuck",
        r"\bvast\s*(?:gelopen|lopen|loopt|zit|zitten|zat)\b|\bzit(?:ten)?\s+(?:\w+\s+){0,3}vast\b|\bloopt\s+vast"
        r"|\b(?:niets|niks)\s+(?:helpt|werkt|opgeleverd|veranderd)|\bgeen\s+(?:vooruitgang|verbetering|beterschap)"
        r"|\bhelpt\s+(?:allemaal\s+)?niet|\b(?:hielp|hielpen|helpen|hebben\s+geholpen|heeft\s+geholpen)\s+(?:\w+\s+)?niet\b",
    ),
    ("newcomer", r"\bnieuwkomer\w*|\bokan\b|\banderstalig\w*|\bpas\s+in\s+belgi\w*|\bvluchteling\w*"),
)
_NO_CONCERN = re.compile(
    r"^\s*(?:geen(?:\s+van\s+(?:deze|die|allemaal))?|nee|neen|niets|niks|geen\s+zorgen)(?:\s+(?:hoor|he))?\W*$"
)


def parse_concerns(text: str | None, *, requested: bool = False) -> str | None:
    """The kinds of concern a message names, comma-separated (home_safety, mental_health, welfare, learning, stuck,
    newcomer); "none" when the answer to the question says there is none."""
    folded = normalise(text or "")
    found = [name for name, pattern in _CONCERNS if re.search(pattern, folded)]
    if found:
        return ",".join(found)
    return "none" if requested and _NO_CONCERN.search(folded) else None


_TRIED_CUE = re.compile(
    r"\b(?:al|reeds|geprobeerd|gevolgd|gehad|opgeleverd|betrokken|ingeschakeld|gewerkt|afgesloten|na|hielp|hielpen"
    r"|geholpen)\b"
)


def parse_tried_stated(text: str | None) -> str | None:
    """What a message says was tried already ("het CLB en NAFT hebben niets opgeleverd"); only when it says so, not
    when it only names a partner ("wanneer schakel ik NAFT in")."""
    folded = normalise(text or "")
    if not _TRIED_CUE.search(folded):
        return None
    tried = parse_tried(folded)
    return None if tried == "nothing" else tried


# -- the classification journey: the signals of an absence --------------------------------------------------------

_FEELINGS: tuple[tuple[str, str], ...] = (
    (
        "anxious",
        r"(?<!niet\s)(?<!nooit\s)\bbang\w*|(?<!geen\s)\bangst\w*|\bpaniek\w*|\bzenuw\w*|\bstress\w*|\bonrust\w*|\bhuil\w*|\bweent\b|\bschrik\b"
        r"|\bdurft?\s+(?:\w+\s+){0,3}niet\b",
    ),
    (
        "negative",
        r"\bhekel\b|\bhaat\w*|\bkan\s+(?:\w+\s+)?niet\s+(?:mee\s+)?(?:overweg|om)|\bstom\w*\s+(?:op\s+)?school"
        r"|\bschool\s+is\s+(?:stom|saai|niks)|\bgepest\b|\bruzie\w*|\bconflict\w*",
    ),
    (
        "indifferent",
        r"\bkan\s+(?:hem|haar|mij|me|hen)\s+(?:\w+\s+){0,2}niet\s+schelen|\bongemotiveerd|\bonverschillig\w*"
        r"|\bgeen\s+(?:zin|goesting|motivatie)|\bmaakt\s+(?:hem|haar|mij|me)\s+niet\s+uit|\bboeit\s+(?:hem|haar|mij|me)"
        r"\s+niet",
    ),
    (
        "positive",
        r"\b(?:ga|gaat|gaan)\s+(?:eigenlijk\s+|wel\s+)?graag\s+naar\s+school|\bgraag\s+op\s+school|\bvindt?\s+school\s+(?:leuk|fijn|tof)",
    ),
)


def parse_feeling(text: str | None) -> str | None:
    """How the pupil feels about school: anxious, negative, indifferent or positive."""
    folded = normalise(text or "")
    return next((name for name, pattern in _FEELINGS if re.search(pattern, folded)), None)


_PARENTS_UNAWARE = re.compile(
    r"\b(?:zonder\s+dat|buiten\s+medeweten\s+van)\s+(?:de\s+|zijn\s+|haar\s+|mijn\s+|hun\s+)?ouders"
    r"|\bouders\s+(?:\w+\s+){0,2}(?:weten|wisten)\s+(?:het\s+|dat\s+|er\s+)?(?:niet|niks|niets|van\s+niets)"
    # past tense, or "van niets": "ik weet niet (goed wat er scheelt)" and "ik weet het niet" are no facts
    r"|\b(?:ik|wij|we)\s+(?:wist|wisten)\s+(?:het\s+|dat\s+|er\s+)?(?:niet|niks|niets)"
    r"|\b(?:ik|wij|we)\s+(?:weet|weten)\s+(?:er\s+)?(?:van\s+niets|niks\s+van|niets\s+van)"
    r"|\bachter\s+(?:de\s+)?rug"
)
_PARENTS_AWARE = re.compile(
    r"\bouders\s+(?:\w+\s+){0,2}(?:weten|wisten)\s+(?:het|ervan|dat|er\s+van)\b(?!\s+(?:niet|niks|niets))"
    r"|\bmet\s+medeweten\s+van\s+(?:de\s+)?ouders|\b(?:ik|wij|we)\s+(?:weten|wisten|weet|wist)\s+(?:het|ervan|dat)\b"
    r"(?!\s+(?:niet|niks|niets))|\bouders\s+(?:\w+\s+){0,2}(?:op\s+de\s+hoogte|verwittigd|gebeld)"
)


def parse_parents_know(text: str | None) -> bool | None:
    """Whether the parents know of the absence: "zonder dat de ouders het weten" (False), "de ouders weten ervan"."""
    folded = normalise(text or "")
    if _PARENTS_UNAWARE.search(folded):
        return False
    return True if _PARENTS_AWARE.search(folded) else None


_ELSEWHERE = re.compile(
    r"\bvrienden\b|\bop\s+straat|\bin\s+de\s+stad|\brondhang\w*|\bhangt\s+rond|\bpark\b|\bstation\b|\bwinkel\w*"
    r"|\bbuitenshuis|\bergens\s+anders|\belders\b|\bniet\s+thuis|\bgamen\s+bij|\bcafe\b|\bjeugdhuis"
)
_AT_HOME = re.compile(r"\bthuis\b|\bin\s+(?:zijn|haar|mijn|z'n|m'n)?\s*bed\b|\bop\s+(?:zijn|haar|mijn)\s+kamer")


def parse_location(text: str | None) -> str | None:
    """Where the pupil is during the absence: "home" or "elsewhere"."""
    folded = normalise(text or "")
    if _ELSEWHERE.search(folded):
        return "elsewhere"
    return "home" if _AT_HOME.search(folded) else None


_KEEP_HOME = re.compile(
    r"\b(?:houden|houdt|hield|hielden|laten|laat|liet)\s+(?:hem|haar|het\s+kind|hun\s+kind|mijn\s+\w+|ons\s+kind|de\s+"
    r"leerling)\s+(?:\w+\s+)?thuis|\bmoet\s+(?:\w+\s+)?thuis\s+(?:helpen|blijven\s+om)|\bop\s+(?:de\s+|zijn\s+|haar\s+|hun\s+)?(?:kleine\s+)?(?:broer|zus)"
    r"\w*\s+(?:te\s+)?pass\w*|\bpast\s+op\s+(?:zijn|haar)\s+(?:broer|zus)\w*|\btolk\w*\s+voor\s+(?:de\s+)?ouders"
)


def parse_parents_keep_home(text: str | None) -> bool:
    """Whether the parents keep the child at home for their own reasons (to help, to babysit, to interpret)."""
    return _matches(_KEEP_HOME, text)


_ILL = re.compile(
    r"\bziek\w*|\bbuikpijn|\bhoofdpijn|\bmisselijk\w*|\bkoorts|\bgriep|\bovergeven|\bpijn\b|\bklachten|\bmigraine"
)
_NOT_ILL = re.compile(
    r"\bniet\s+(?:echt\s+)?ziek|\bgeen\s+(?:\w+\s+)?ziek\w*|\bnooit\s+ziek|\bgeen\s+(?:\w+\s+)?(?:klachten|pijn)\b"
)


def parse_ill(text: str | None) -> bool | None:
    """Whether the pupil is said to be ill or to have physical complaints ("buikpijn"); False when the message says
    the pupil is not ill."""
    folded = normalise(text or "")
    if _NOT_ILL.search(folded):
        return False
    return True if _ILL.search(folded) else None


_DOUBTFUL = re.compile(
    r"\btwijfelachtig\w*|\bdixit\b|\bvals\w*\s+attest|\b(?:dokters)?(?:attest\w*|briefje)\b.{0,40}\b(?:vreemd|raar|verdacht\w*"
    r"|vervalst|klopt\s+(?:niet|ni|nie))|\b(?:vreemd|raar|rare|verdacht\w*)\s+(?:\w+\s+)?(?:dokters)?(?:attest|briefje)"
)
_PARENTS_NOTE = re.compile(
    r"\bbriefje\s+van\s+(?:de\s+|zijn\s+|haar\s+)?(?:ouders|mama|papa|moeder|vader|mij|ons)"
    r"|\bouderbriefje|\bzelf\s+(?:een\s+)?briefje|\bverklaring\s+van\s+de\s+ouders"
)
_MEDICAL = re.compile(
    r"\b(?:dokters|medisch\w*\s+)attest|\battest\s+van\s+de\s+(?:dokter|arts)|\bdoktersbriefje"
    r"|\bbriefje\s+van\s+de\s+(?:dokter|arts)"
)
_NO_NOTE = re.compile(
    r"\bgeen\s+(?:\w+\s+)?(?:attest|briefje|verklaring)|\bzonder\s+(?:\w+\s+)?(?:attest|briefje)"
    r"|^\s*(?:nee|neen|geen|niets|niks)\W*$"
)


def parse_certificate(text: str | None) -> str | None:
    """What justifies an illness: "doubtful", "parents_note", "medical", or "none"."""
    folded = normalise(text or "")
    if _DOUBTFUL.search(folded):
        return "doubtful"
    if _NO_NOTE.search(folded):
        return "none"
    if _PARENTS_NOTE.search(folded):
        return "parents_note"
    return "medical" if _MEDICAL.search(folded) else None


def parse_holiday_trip(text: str | None) -> bool:
    """A trip during the school year: "een week vroeger op reis", "op vakantie buiten de schoolvakanties"."""
    return _matches(
        re.compile(
            r"\bop\s+(?:reis|vakantie)\b|\bvroeger\s+(?:\w+\s+)?(?:op\s+)?(?:reis|vakantie)"
            r"|\bcitytrip|\bskivakantie|\bvliegtuig"
        ),
        text,
    )


def parse_not_enrolled(text: str | None) -> bool:
    """The child is in no school at all: "niet ingeschreven", "in geen enkele school"."""
    return _matches(
        re.compile(
            r"\bniet\s+(?:meer\s+)?ingeschreven|\bnergens\s+ingeschreven|\bin\s+geen\s+(?:enkele\s+)?"
            r"school\s+ingeschreven|\buitgeschreven"
        ),
        text,
    )


def parse_home_education(text: str | None) -> bool:
    return _matches(re.compile(r"\bhuisonderwijs|\bthuisonderwijs"), text)


_FOLLOW_UP = re.compile(
    r"^\s*(?:(?:ok[eé]?|okay|goed|ja|dank\w*(?:\s+(?:je|u|jullie))?|merci)[,!.]?\s+)?"
    r"(?:en|maar|en\s+wat|wat|stel\s+dat|en\s+stel\s+dat|en\s+indien|indien|en\s+bij|en\s+wanneer|en\s+nu)"
    r"\s+(?:als|indien|dat|bij|wanneer|nu|de|het|hij|zij|ze)\b"
)


def parse_follow_up(text: str | None) -> bool:
    """A follow-up on the case being discussed: "en als de ouders niet meewerken?", "wat als ze opgenomen wordt?",
    "stel dat hij alles weigert"."""
    return _matches(_FOLLOW_UP, text)


def states_b_code_fact(text: str | None) -> bool:
    """Whether a message states a fact the B-code engine decides on: the parents' stance, the pupil's refusal, that
    the pupil stopped coming, the CLB at work."""
    return bool(
        parse_parents_stance(text)
        or parse_pupil_refuses(text)
        or parse_stopped_attending(text)
        or parse_clb_involved(text)
    )


def states_illness_fact(text: str | None) -> bool:
    """Whether a message states a fact the illness engine decides on: how long, chronic, a hospital, the distance."""
    return bool(
        parse_duration_days(text) is not None
        or parse_chronic(text)
        or parse_hospital(text)
        or parse_distance_km(text) is not None
    )
