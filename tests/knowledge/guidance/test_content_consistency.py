"""The engines and the content must not contradict each other, nor the draaiboek.

The numbers the engines decide on are checked against the draaiboek itself, not against the engines' own constants:
:data:`DRAAIBOEK` quotes, for every threshold, the sentence of the draaiboek that sets it (with its line in
``../shared/sources/draaiboek-afwezig-op-school.txt``); the expected number is read from that quote, the quote is
checked against the draaiboek file, and the constants and the content must equal what the quote says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from knowledge.guidance import b_codes, classification, illness, leerplicht, outflow, which_code
from knowledge.guidance.common import format_day_nl
from knowledge.repository import KnowledgeRepository

DRAAIBOEK_FILE = Path(__file__).resolve().parents[3] / ".." / "shared" / "sources" / "draaiboek-afwezig-op-school.txt"
# Numbers the draaiboek writes in words.
NUMBER_WORDS = {"eerste": 1, "derde": 3, "vier": 4, "vijf": 5}
# How many lines a quote may run over (the draaiboek breaks sentences, sometimes with a blank line between).
QUOTE_SPAN = 6


@dataclass(frozen=True)
class Quote:
    """Words of the draaiboek from ``line`` on; ``number`` is a pattern whose first group is the number they set."""

    line: int
    text: str
    number: str

    @property
    def value(self) -> int | str:
        found = re.search(self.number, self.text)
        assert found is not None, f"'{self.number}' not in the quote of line {self.line}"
        word = found.group(1)
        if word.isdigit():
            return int(word)
        return NUMBER_WORDS.get(word.lower(), word)


SIGNAL_CLB = Quote(731, "het signaleren aan het CLB vanaf 5 B-codes", r"vanaf (\d+) B-codes")
TOAH_DAYS = Quote(
    2600,
    "De leerling is meer dan 21 kalenderdagen (weekends en vakantiedagen meegerekend) ononderbroken afwezig wegens "
    "ziekte of ongeval.",
    r"meer dan (\d+) kalenderdagen",
)
TOAH_CHRONIC = Quote(
    2611,
    "Telkens wanneer de leerling in de loop van het schooljaar een totaal van 9 halve schooldagen afwezigheid heeft "
    "opgebouwd, heeft het recht op vier lestijden Tijdelijk Onderwijs aan Huis.",
    r"totaal van (\d+) halve schooldagen",
)
PARENTS_NOTE = Quote(
    142,
    "Met een schriftelijke verklaring van ouders (max 3 opeenvolgende kalenderdagen, max 4 keer per jaar)",
    r"max (\d+) opeenvolgende kalenderdagen",
)
END_AGE = Quote(40, "De leerplicht loopt tot 18 jaar:", r"tot (\d+) jaar")

# constant (module.NAME) -> (its value, the quote that sets it)
DRAAIBOEK: dict[str, tuple[int | str, Quote]] = {
    # actoren.2: communication from the first unjustified absence; signal the CLB from 5 B-codes
    "b_codes.CONTACT_FROM_B_CODES": (
        b_codes.CONTACT_FROM_B_CODES,
        Quote(
            727,
            "de communicatie met de leerling en/of ouders vanaf de eerste ongewettigde afwezigheid",
            r"vanaf de (eerste) ongewettigde",
        ),
    ),
    "b_codes.SIGNAL_CLB_FROM_B_CODES": (b_codes.SIGNAL_CLB_FROM_B_CODES, SIGNAL_CLB),
    # actoren.4.1: the CLB's obligatory trajectory
    "b_codes.CLB_TRAJECTORY_FROM_B_CODES": (
        b_codes.CLB_TRAJECTORY_FROM_B_CODES,
        Quote(
            816,
            "elke minderjarige leerling die [vijf of meer] halve lesdagen per schooljaar afwezig is",
            r"\[(vijf) of meer\]",
        ),
    ),
    # actieplan.1.2: the police as a preventive partner, an example
    "b_codes.POLICE_PREVENTIVE_EXAMPLE_B_CODES": (
        b_codes.POLICE_PREVENTIVE_EXAMPLE_B_CODES,
        Quote(2142, "niet hoger oplopen, vb. standaard bij 10 B-codes.", r"standaard bij (\d+) B-codes"),
    ),
    "b_codes.ADULT_AGE": (b_codes.ADULT_AGE, END_AGE),
    # actieplan.2.2.1: TOAH
    "illness.TOAH_MIN_DAYS": (illness.TOAH_MIN_DAYS, TOAH_DAYS),
    "classification.LONG_ILLNESS_DAYS": (classification.LONG_ILLNESS_DAYS, TOAH_DAYS),
    "illness.TOAH_CHRONIC_HALF_DAYS": (illness.TOAH_CHRONIC_HALF_DAYS, TOAH_CHRONIC),
    "illness.TOAH_CHRONIC_LESSONS": (
        illness.TOAH_CHRONIC_LESSONS,
        Quote(TOAH_CHRONIC.line, TOAH_CHRONIC.text, r"recht op (vier) lestijden"),
    ),
    "illness.CHRONIC_TREATMENT_MONTHS": (
        illness.CHRONIC_TREATMENT_MONTHS,
        Quote(
            2608,
            "Een chronische ziekte wordt gedefinieerd als een ziekte waarbij een continue of repetitieve behandeling "
            "van minstens 6 maanden noodzakelijk is.",
            r"minstens (\d+) maanden",
        ),
    ),
    "illness.TOAH_RELAPSE_MONTHS": (
        illness.TOAH_RELAPSE_MONTHS,
        Quote(
            2632,
            "als er binnen de 3 maanden een herval is, kan het georganiseerde TOAH verder gezet worden",
            r"binnen de (\d+) maanden",
        ),
    ),
    "illness.TOAH_MAX_KM_MAINSTREAM": (
        illness.TOAH_MAX_KM_MAINSTREAM,
        Quote(
            2639, "als de verblijfplaats van de leerling tot 10 km verwijderd is (gewoon onderwijs)", r"tot (\d+) km"
        ),
    ),
    "illness.TOAH_MAX_KM_SPECIAL": (
        illness.TOAH_MAX_KM_SPECIAL,
        Quote(
            2640,
            "als de verblijfplaats van de leerling tot 20 km verwijderd is (buitengewoon onderwijs)",
            r"tot (\d+) km",
        ),
    ),
    # actieplan.2.2.2: SIO
    "illness.SIO_KINDERGARTEN_YEAR": (
        illness.SIO_KINDERGARTEN_YEAR,
        Quote(2699, "derde Kleuter of is 5 jaar", r"(derde) Kleuter"),
    ),
    "illness.SIO_MIN_AGE": (illness.SIO_MIN_AGE, Quote(2699, "derde Kleuter of is 5 jaar", r"is (\d+) jaar")),
    "illness.SIO_MIN_WEEKS": (
        illness.SIO_MIN_WEEKS,
        Quote(
            2718,
            "er zal minimaal 4 weken (bij langdurig afwezig) of 36 halve lesdagen (bij chronische ziekte) gebruik "
            "gemaakt worden van SIO.",
            r"minimaal (\d+) weken",
        ),
    ),
    "illness.SIO_MIN_HALF_DAYS_CHRONIC": (
        illness.SIO_MIN_HALF_DAYS_CHRONIC,
        Quote(2718, "of 36 halve lesdagen (bij chronische ziekte)", r"(\d+) halve lesdagen"),
    ),
    "illness.BEDNET_CONTACT_WORKING_DAYS": (
        illness.BEDNET_CONTACT_WORKING_DAYS,
        Quote(2741, "Een Bednet-consulent neemt binnen de 5 werkdagen contact op met de aanvrager", r"(\d+) werkdagen"),
    ),
    # terminologie.2.1: the parents' note and dual learning
    "which_code.PARENTS_NOTE_MAX_DAYS": (which_code.PARENTS_NOTE_MAX_DAYS, PARENTS_NOTE),
    "which_code.PARENTS_NOTE_MAX_PER_YEAR": (
        which_code.PARENTS_NOTE_MAX_PER_YEAR,
        Quote(PARENTS_NOTE.line, PARENTS_NOTE.text, r"max (\d+) keer per jaar"),
    ),
    "which_code.DUAL_TOLERANCE_DAYS": (
        which_code.DUAL_TOLERANCE_DAYS,
        Quote(
            253,
            "Hoewel de gedoogperiode waarbinnen de component werkplekleren tijdelijk niet wordt ingevuld, maximum 20 "
            "dagen",
            r"maximum (\d+) dagen",
        ),
    ),
    # terminologie.1: leerplicht
    "leerplicht.START_AGE": (
        leerplicht.START_AGE,
        Quote(
            39,
            "Een kind wordt leerplichtig op 1 september van het kalenderjaar dat het 5 jaar wordt.",
            r"dat het (\d+) jaar",
        ),
    ),
    "leerplicht.START_MONTH, START_DAY": (
        format_day_nl(leerplicht.START_MONTH, leerplicht.START_DAY),
        Quote(39, "Een kind wordt leerplichtig op 1 september van het kalenderjaar", r"op (\d+ \w+) van"),
    ),
    "leerplicht.END_AGE": (leerplicht.END_AGE, END_AGE),
    "leerplicht.END_CUTOFF_MONTH, END_CUTOFF_DAY": (
        format_day_nl(leerplicht.END_CUTOFF_MONTH, leerplicht.END_CUTOFF_DAY),
        Quote(
            42,
            "Voor jongeren die voor 1 juli 18 jaar worden, loopt de leerplicht tot de dag van hun 18de",
            r"voor (\d+ \w+) 18",
        ),
    ),
    "leerplicht.LATE_END_MONTH, LATE_END_DAY": (
        format_day_nl(leerplicht.LATE_END_MONTH, leerplicht.LATE_END_DAY),
        Quote(
            45,
            "Voor jongeren die na 30 juni 18 jaar worden, loopt de leerplicht tot 30 juni van het jaar waarin ze 18 "
            "worden.",
            r"tot (\d+ \w+) van",
        ),
    ),
    "leerplicht.PART_TIME_AGE_AFTER_FIRST_TWO_YEARS": (
        leerplicht.PART_TIME_AGE_AFTER_FIRST_TWO_YEARS,
        Quote(
            53,
            "op 15 jaar voor wie de eerste 2 leerjaren van het voltijds secundair onderwijs heeft beëindigd",
            r"op (\d+) jaar",
        ),
    ),
    "leerplicht.PART_TIME_AGE_OTHERWISE": (
        leerplicht.PART_TIME_AGE_OTHERWISE,
        Quote(56, "op 16 jaar voor wie de eerste twee leerjaren niet beëindigd heeft.", r"op (\d+) jaar"),
    ),
    "leerplicht.OTHER_NATIONALITY_DAYS": (
        leerplicht.OTHER_NATIONALITY_DAYS,
        Quote(
            84,
            "Kinderen met een andere nationaliteit zijn leerplichtig vanaf de 60ste dag na hun inschrijving",
            r"vanaf de (\d+)ste dag",
        ),
    ),
}


def said(name: str) -> int | str:
    """What the draaiboek says for the constant ``name`` (read from its quote)."""
    return DRAAIBOEK[name][1].value


def _draaiboek_lines() -> list[str]:
    if not DRAAIBOEK_FILE.is_file():
        pytest.skip(f"het draaiboek ontbreekt ({DRAAIBOEK_FILE.resolve()}); de citaten zelf staan in deze test")
    return DRAAIBOEK_FILE.read_text(encoding="utf-8").splitlines()


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("name", sorted(DRAAIBOEK))
def test_each_quote_stands_in_the_draaiboek_at_its_line(name: str) -> None:
    quote = DRAAIBOEK[name][1]
    lines = _draaiboek_lines()
    window = _normal(" ".join(lines[quote.line - 1 : quote.line - 1 + QUOTE_SPAN]))
    at = window.find(_normal(quote.text))
    assert at >= 0, f"line {quote.line}: {window[:200]}"
    assert at < len(_normal(lines[quote.line - 1])), f"the quote starts after line {quote.line}"


@pytest.mark.parametrize("name", sorted(DRAAIBOEK))
def test_each_constant_is_the_number_of_the_draaiboek(name: str) -> None:
    value, quote = DRAAIBOEK[name]
    assert value == quote.value, f"{name} = {value!r}, the draaiboek says {quote.value!r} (line {quote.line})"


def test_the_numbers_read_from_the_quotes() -> None:
    """The quotes read as the draaiboek means them (a guard on the patterns)."""
    assert said("b_codes.SIGNAL_CLB_FROM_B_CODES") == 5
    assert said("b_codes.CLB_TRAJECTORY_FROM_B_CODES") == 5
    assert said("b_codes.CONTACT_FROM_B_CODES") == 1
    assert (said("illness.TOAH_MIN_DAYS"), said("illness.TOAH_CHRONIC_HALF_DAYS")) == (21, 9)
    assert (said("illness.TOAH_MAX_KM_MAINSTREAM"), said("illness.TOAH_MAX_KM_SPECIAL")) == (10, 20)
    assert (said("which_code.PARENTS_NOTE_MAX_DAYS"), said("which_code.PARENTS_NOTE_MAX_PER_YEAR")) == (3, 4)
    assert said("leerplicht.LATE_END_MONTH, LATE_END_DAY") == "30 juni"


def test_every_id_the_engines_refer_to_is_in_the_content(repo: KnowledgeRepository) -> None:
    """The engines name steps, partners, checklists, absence types and codes by id only; the content has each."""
    problems: list[str] = []

    def steps(track: str, ids: tuple[str, ...], ruled: tuple[str, ...], mandatory: frozenset[str]) -> None:
        for step_id in ids:
            found = repo.get_step(step_id)
            if found is None or found.track != track:
                problems.append(f"step {step_id} (track {track})")
            elif step_id in ruled and found.step.mandatory != (step_id in mandatory):
                problems.append(f"step {step_id}: mandatory should be {step_id in mandatory}")

    steps("b-code", b_codes.STEP_IDS, b_codes.RULE_STEPS, b_codes.MANDATORY)
    steps("ziekte", illness.STEP_IDS, illness.STEP_IDS, illness.MANDATORY)
    problems += [f"phase b-code.{n}" for n in range(4) if repo.get_phase(b_codes.TRACK, n) is None]
    partner_ids = {*b_codes.PARTNER_IDS, *outflow.HELPER_SECTIONS}
    problems += [f"partner {p}" for p in sorted(partner_ids) if repo.get_partner(p) is None]
    problems += [f"checklist {c}" for c in illness.CHECKLIST_IDS if repo.get_checklist(c) is None]
    problems += [f"absence type {t}" for t in classification.TYPE_IDS if repo.get_absence_type(t) is None]
    if repo.get_track(classification.ILLNESS_TRACK) is None:
        problems.append(f"track {classification.ILLNESS_TRACK}")
    if repo.get_code(classification.ILLNESS_CODE) is None:
        problems.append(f"code {classification.ILLNESS_CODE}")
    for code, reason_id in sorted(which_code.CODE_REASON_IDS):
        if reason_id not in {r.id for _c, r in repo.list_code_reasons(code)}:
            problems.append(f"code {code} reason {reason_id}")
    assert problems == [], "missing from knowledge/content: " + "; ".join(problems)


@pytest.mark.parametrize(
    ("step_id", "constant"),
    [
        ("b-contact-eerste-b-code", "b_codes.CONTACT_FROM_B_CODES"),
        ("b-signaleren-clb", "b_codes.SIGNAL_CLB_FROM_B_CODES"),
        ("b-clb-verplicht-traject", "b_codes.CLB_TRAJECTORY_FROM_B_CODES"),
        ("b-politie-preventief", "b_codes.POLICE_PREVENTIVE_EXAMPLE_B_CODES"),
    ],
)
def test_b_code_thresholds_of_the_content_are_the_draaiboek_s(
    repo: KnowledgeRepository, step_id: str, constant: str
) -> None:
    found = repo.get_step(step_id)
    assert found is not None
    assert found.step.min_b_codes == said(constant)


def test_content_steps_with_a_count_are_all_reached(repo: KnowledgeRepository) -> None:
    """Every b-code step with ``min_b_codes`` appears for a minor with that many B-codes."""
    for found in repo.list_steps("b-code"):
        n = found.step.min_b_codes
        if n is None:
            continue
        advice = b_codes.advise_b_codes(b_codes.BCodeSituation(n, age=14), repo)
        assert found.step.id in advice.step_ids, found.step.id


@pytest.mark.parametrize(
    ("checklist", "fragments"),
    [
        (
            "toah",
            [
                f"meer dan {said('illness.TOAH_MIN_DAYS')} kalenderdagen",
                f"{said('illness.TOAH_CHRONIC_HALF_DAYS')} halve schooldagen",
                "recht op vier lestijden TOAH",  # the draaiboek's own word (line 2612)
                f"tot {said('illness.TOAH_MAX_KM_MAINSTREAM')} km",
                f"tot {said('illness.TOAH_MAX_KM_SPECIAL')} km",
                f"minstens {said('illness.CHRONIC_TREATMENT_MONTHS')} maanden",
                f"binnen de {said('illness.TOAH_RELAPSE_MONTHS')} maanden",
                "directeur",
            ],
        ),
        (
            "sio",
            [
                f"minimaal {said('illness.SIO_MIN_WEEKS')} weken",
                f"{said('illness.SIO_MIN_HALF_DAYS_CHRONIC')} halve lesdagen",
                f"derde kleuterklas of is {said('illness.SIO_MIN_AGE')} jaar",
                f"{said('illness.BEDNET_CONTACT_WORKING_DAYS')} werkdagen",
            ],
        ),
        ("school-en-ziek-zijn", ["vroeger", "medisch afwezigheidsattest"]),
    ],
)
def test_illness_numbers_of_the_checklists_are_the_draaiboek_s(
    repo: KnowledgeRepository, checklist: str, fragments: list[str]
) -> None:
    found = repo.get_checklist(checklist)
    assert found is not None, f"checklist {checklist} is missing"
    text = " ".join([*found.conditions, *found.deadlines, *found.steps, *found.documents])
    for fragment in fragments:
        assert fragment in text, fragment


def test_code_parents_note_limits_are_the_draaiboek_s(repo: KnowledgeRepository) -> None:
    """Line 142-143: "max 3 opeenvolgende kalenderdagen, max 4 keer per jaar" (per jaar, not per schooljaar)."""
    z = repo.get_code("Z")
    assert z is not None
    note = next(r for r in z.reasons if r.id == "z-verklaring-ouders")
    assert note.limit == (
        f"maximaal {said('which_code.PARENTS_NOTE_MAX_DAYS')} opeenvolgende kalenderdagen en maximaal "
        f"{said('which_code.PARENTS_NOTE_MAX_PER_YEAR')} keer per jaar"
    )


def test_the_long_illness_signal_follows_the_toah_checklist(repo: KnowledgeRepository) -> None:
    """Lines 2603-2606: less than half-time attendance keeps the right to TOAH after an uninterrupted absence of 21
    calendar days; the content must not make it a condition on its own."""
    item = repo.get_absence_type("langdurige-of-chronische-ziekte")
    assert item is not None
    halftime = [s for s in item.signals if "halftijds" in s]
    assert halftime
    for signal in halftime:
        assert f"ononderbroken afwezigheid van {said('illness.TOAH_MIN_DAYS')} kalenderdagen" in signal
    toah = repo.get_checklist("toah")
    assert toah is not None
    assert any(
        f"Na een ononderbroken afwezigheid van {said('illness.TOAH_MIN_DAYS')} kalenderdagen" in c
        and "minder dan halftijds" in c
        for c in toah.conditions
    )
