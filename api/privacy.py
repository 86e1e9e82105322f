"""Mask personal data typed by users before it is stored or logged.

``mask_personal_data`` replaces e-mail addresses, IBANs, Belgian national register numbers, phone numbers
(Belgian and international, found with ``phonenumbers``), street addresses and postal codes with their
municipality, and the names it can recognise, by a mask such as ``[naam]``. ``find_personal_data`` gives the
spans, for the quality test and ``bench/masking_bench.py``.

Masking is idempotent: a mask is never masked again. The detectors run in a fixed order (the most certain first)
and a later one never takes text that an earlier one took.
"""

from __future__ import annotations

import gzip
import importlib.resources
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import phonenumbers
from stdnum import iban

EMAIL_MASK = "[e-mailadres]"
NATIONAL_NUMBER_MASK = "[rijksregisternummer]"
PHONE_MASK = "[telefoonnummer]"
NAME_MASK = "[naam]"
IBAN_MASK = "[rekeningnummer]"
ADDRESS_MASK = "[adres]"

LABELS = {
    "e-mailadres": EMAIL_MASK,
    "rekeningnummer": IBAN_MASK,
    "rijksregisternummer": NATIONAL_NUMBER_MASK,
    "telefoonnummer": PHONE_MASK,
    "adres": ADDRESS_MASK,
    "naam": NAME_MASK,
}
_MASK = re.compile(r"\[(?:" + "|".join(re.escape(label) for label in LABELS) + r")\]")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str  # a key of LABELS


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)

# IBAN: two letters, two check digits, 11 to 30 letters or digits, in groups of four or not. Masked when its check
# digits are right (python-stdnum), or when it has the Belgian layout (BE + 14 digits): a mistyped Belgian account
# number is personal data too.
_IBAN = re.compile(r"(?<![\w])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){11,30}(?![\w])")
_BELGIAN_IBAN = re.compile(r"^BE\d{14}$")

# Belgian national register numbers (rijksregisternummer): birth date YY.MM.DD, a serial number of three digits
# and two check digits, as on the eID (85.07.30-033.61) or without separators (85073003361). Any number with that
# layout is masked, also when its check digits are wrong (stdnum.be.nn would refuse it): a mistyped number is
# personal data too. Dates and counts ("14/11/2009", "12 B-codes") have fewer digits and do not match.
_NATIONAL_NUMBER = re.compile(r"(?<![\w.,/-])\d{2}[.\s/-]?\d{2}[.\s/-]?\d{2}[.\s/-]?\d{3}[.\s/-]?\d{2}(?!\w)")

# What phonenumbers may take for a phone number but is a date or a time: 2024-09-01, 14/11/2009, 12/03 om 19.30.
_DATE = re.compile(r"^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})$")

# Street + house number: "Kerkstraat 12", "sint-pietersnieuwstraat 33 bus 2", "Antwerpsesteenweg 112A",
# "Grote Markt 5". The street is one word ending in a Flemish street word (at least two letters before it, so
# "weg 3" is not an address), or a street word after one of a few adjectives.
_STREET_WORDS = (
    "straat|straatje|laan|lei|plein|pleintje|steenweg|weg|wegel|dreef|kaai|kade|markt|baan|dijk|pad|singel|vest|"
    "wal|gracht|dries|kouter|boulevard|berg|veld|hof|park|hoek|ring|heide|bos|beemd|akker|meers|velden|vliet"
)
_STREET = re.compile(
    r"(?<![\w-])(?:(?:(?:grote|kleine|oude|nieuwe|lange|korte|hoge|lage|brede)\s+(?:" + _STREET_WORDS + r"))"
    r"|(?:[a-zà-ÿ'-]{2,}(?:" + _STREET_WORDS + r")))"
    r"\s*,?\s+\d{1,4}(?:\s?[a-z])?(?:\s*(?:bus|b|/)\s*\d{1,4}[a-z]?)?(?![\w/.,]\d|\w)",
    re.IGNORECASE,
)
# Words that end like a street but are not one: "onderweg 2 uur", "halfweg 3 weken".
_NOT_STREETS = frozenset({"onderweg", "halfweg", "zoweg", "langsheen", "overal", "dagenlang", "weekenlang"})
# Postal code + municipality: "8000 Brugge", "2800 Mechelen", "Sint-Niklaas". Lower case only right after a
# street ("kerkstraat 12, 9000 gent"): "2000 euro" or "1500 leerlingen" are not addresses.
_POSTAL = re.compile(r"(?<![\w.,/-])[1-9]\d{3}\s+[A-ZÀ-Ý][a-zà-ÿ]+(?:[- ](?:[A-ZÀ-Ý][a-zà-ÿ]+|aan|op|de|den))*")
_POSTAL_LOWER = re.compile(r"\s*,?\s*([1-9]\d{3}\s+[a-zà-ÿ]+(?:-[a-zà-ÿ]+)*)")

# -- names ---------------------------------------------------------------------------------------------------------
_WORD = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'-]*")
# Words that end a name (and never start one), besides every word of the Dutch lemma table.
_STOP_WORDS = """en of maar want dus die dat dit deze is was zijn ben bent heeft heb hebben had wil wilt moet mag
    kan kon
    zal zou niet geen wel ook al nog zo eigenlijk echt gewoon nu dan toen als om te tot met van voor naar op in
    uit bij aan over door na sinds zonder ik je jij u hij zij ze we wij jullie mij me mijn mn m'n zijn haar hun
    ons onze het de een er hier daar wat wie waar wanneer hoe waarom welke zit zat woont gaat komt spijbelt
    heet noemt genaamd ja nee oke ok hallo hoi dag dank bedankt aub alstublieft mevrouw meneer juf meester
    iets niets iemand niemand alles allemaal veel weinig meer minder soms altijd nooit vaak heel erg zeer best
    even eens graag ook toch wel zelf samen alleen elke elk ieder andere ander thuis weet zegt zei vindt doet
    denkt belt"""
_STOP = frozenset(_STOP_WORDS.split())
_PARTICLES = frozenset({"van", "de", "der", "den", "vande", "vanden", "vander", "ver", "le", "la", "du", "el", "al"})
# After these the next word is a name in any case: "ik heet lars", "mijn zoon heet jonas peeters",
# "mevrouw peeters van het clb", "groetjes, Ann Claes". ("ik ben ..." only with a first name of the list: "Ik ben
# Bang" is more often a feeling than a name.)
_RELATIVES = (
    r"zoon|zoontje|dochter|dochtertje|kind|kindje|leerling|leerlinge|broer|broertje|zus|zusje|zoon|neef|nicht|"
    r"kleinzoon|kleindochter|pleegzoon|pleegdochter|vriend|vriendin|klasgenoot|stiefzoon|stiefdochter"
)
_NAME_TRIGGER = re.compile(
    r"(?<!\w)(?:mijn naam is|ik heet|ik noem|naam\s*:|genaamd|"
    r"(?:(?:mijn|mn|m'n|onze|ons|de|het|zijn|haar)\s+(?:" + _RELATIVES + r")\s+(?:heet|noemt|is genaamd))|"
    r"(?:hij|zij|ze) (?:heet|noemt)|mevrouw|mevr\.?|meneer|mijnheer|juf|juffrouw|meester|"
    r"groetjes|groeten|mvg|m\.v\.g\.|vriendelijke groeten|grtjs|gr\.)\s*,?\s+",
    re.IGNORECASE,
)
# "ik ben sofie", "mijn zoon (jarne)", "mijn broer Thomas": only a first name of the list, in any case.
_I_AM = re.compile(
    r"(?<!\w)(?:ik ben|ikke|hier is|dit is|(?:mijn|mn|m'n|onze|ons|zijn|haar)\s+(?:" + _RELATIVES + r"))\s*\(?\s*",
    re.IGNORECASE,
)
_DATA = Path(__file__).parent / "data"


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    lines = (_DATA / "first_names.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def _dutch_words() -> frozenset[str]:
    """The word forms and lemmas of spacy-lookups-data's Dutch lemma table, lower case: common Dutch words."""
    resource = importlib.resources.files("spacy_lookups_data") / "data" / "nl_lemma_lookup.json.gz"
    table: dict[str, str] = json.loads(gzip.decompress(resource.read_bytes()))
    return frozenset(w.lower() for pair in table.items() for w in pair) - _first_names()


def _name_from(text: str, pos: int, *, first_any_case: bool) -> Span | None:
    """The name that starts at ``pos``: a first word, then capitalised words, particles ("Van den Broeck") and
    lower-case words that are not Dutch ("jonas peeters")."""
    words: list[re.Match[str]] = []
    end = pos
    while len(words) < 5:
        m = _WORD.match(text, end)
        if m is None or (words and text[words[-1].end() : m.start()] != " "):
            break
        word = m.group()
        low = word.lower()
        if not words:
            if low in _STOP or not (first_any_case or word[0].isupper()):
                return None
            if word[0].islower() and low in _dutch_words() and low not in _first_names():
                return None  # "hier is iets", "groetjes van": a Dutch word, not a name
        elif low in _PARTICLES:
            pass
        elif low in _STOP or (not word[0].isupper() and (low in _dutch_words() or len(low) < 3)):
            break
        words.append(m)
        end = m.end()
        if end < len(text) and text[end] == " ":
            end += 1
    while words and words[-1].group().lower() in _PARTICLES and len(words) > 1:
        words.pop()  # "Lien van" in "Lien van het eerste jaar": the particle belongs to what follows
    if not words:
        return None
    return Span(words[0].start(), words[-1].end(), "naam")


def _names(text: str) -> Iterator[Span]:
    for m in _NAME_TRIGGER.finditer(text):
        span = _name_from(text, m.end(), first_any_case=True)
        if span:
            yield span
    names = _first_names()
    for m in _I_AM.finditer(text):
        word = _WORD.match(text, m.end())
        if word and word.group().lower() in names:
            span = _name_from(text, m.end(), first_any_case=True)
            if span:
                yield span
    for m in _WORD.finditer(text):
        if m.group()[0].isupper() and m.group().lower() in names:
            span = _name_from(text, m.start(), first_any_case=False)
            if span:
                yield span


def _emails(text: str) -> Iterator[Span]:
    for m in _EMAIL.finditer(text):
        yield Span(m.start(), m.end(), "e-mailadres")


def _ibans(text: str) -> Iterator[Span]:
    for m in _IBAN.finditer(text):
        # The pattern may run on into the next words ("NL91 ABNA 0417 1643 00 van"): try it shorter, word by word.
        candidate = m.group()
        while len(candidate.replace(" ", "")) >= 15:
            compact = candidate.replace(" ", "").upper()
            if iban.is_valid(compact) or _BELGIAN_IBAN.match(compact):
                yield Span(m.start(), m.start() + len(candidate), "rekeningnummer")
                break
            candidate = candidate.rsplit(" ", 1)[0] if " " in candidate else ""


def _national_numbers(text: str) -> Iterator[Span]:
    for m in _NATIONAL_NUMBER.finditer(text):
        yield Span(m.start(), m.end(), "rijksregisternummer")


def _phones(text: str) -> Iterator[Span]:
    # Leniency POSSIBLE: also numbers that are not (or no longer) assigned and mistyped ones: a number someone
    # types is personal data whether or not it is valid. Belgium is the default region for numbers without +32.
    for m in phonenumbers.PhoneNumberMatcher(text, "BE", leniency=phonenumbers.Leniency.POSSIBLE):
        digits = sum(c.isdigit() for c in m.raw_string)
        if digits >= 9 and not _DATE.match(m.raw_string.strip()):
            yield Span(m.start, m.end, "telefoonnummer")


def _addresses(text: str) -> Iterator[Span]:
    for m in _STREET.finditer(text):
        street = m.group().split()[0].lower()
        if street in _NOT_STREETS:
            continue
        yield Span(m.start(), m.end(), "adres")
        after = _POSTAL_LOWER.match(text, m.end())
        if after:
            yield Span(after.start(1), after.end(1), "adres")
    for m in _POSTAL.finditer(text):
        yield Span(m.start(), m.end(), "adres")


# The most certain detectors first: an e-mail address holds digits that look like a phone number, and a national
# register number born in 2000-2009 starts with 0 like a phone number.
_DETECTORS: tuple[Callable[[str], Iterator[Span]], ...] = (
    _emails,
    _ibans,
    _national_numbers,
    _phones,
    _addresses,
    _names,
)


def find_personal_data(text: str) -> list[Span]:
    """The spans of personal data in ``text``, in order, without overlaps; masks already in the text are skipped."""
    taken = [Span(m.start(), m.end(), "") for m in _MASK.finditer(text)]
    found: list[Span] = []
    for detector in _DETECTORS:
        for span in detector(text):
            if span.end > span.start and all(span.end <= t.start or span.start >= t.end for t in taken):
                taken.append(span)
                found.append(span)
    return sorted(found, key=lambda s: s.start)


def mask_personal_data(text: str) -> str:
    """The text with its personal data replaced by masks (``[naam]``, ``[telefoonnummer]``, ...)."""
    out = text
    for span in reversed(find_personal_data(text)):
        out = out[: span.start] + LABELS[span.label] + out[span.end :]
    return out
