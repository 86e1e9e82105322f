"""Corrections of the content and the text catalogue against the draaiboek.

Each test names the draaiboek lines (``../shared/sources/draaiboek-afwezig-op-school.txt``) the content must follow.
Only the texts shown to readers are checked: the questions of ``asked_as`` (users' own words, lower case) and the
``aliases`` (forms people type) are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
import yaml

from knowledge import texts
from knowledge.repository import KnowledgeRepository
from knowledge.validate import CONTENT_DIR

# Fields that hold what users type, not what the assistant says.
USER_WORDS = frozenset({"asked_as", "aliases"})


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in USER_WORDS:
                yield from _strings(item, f"{path}.{key}")


@cache
def shown_texts() -> list[tuple[str, str]]:
    """(where, text) for every text of the content and the catalogue that a reader may see."""
    found: list[tuple[str, str]] = []
    for path in sorted(CONTENT_DIR.glob("*.yml")):
        found += _strings(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)
    for key in texts.catalogue():
        for role in (None, *texts.ROLES):
            found.append((f"texts:{key}:{role}", texts.template(key, role)))
    return [(where, re.sub(r"\s+", " ", text)) for where, text in found]


def _with(pattern: str) -> list[str]:
    regex = re.compile(pattern)
    return [f"{where}: {text[:120]}" for where, text in shown_texts() if regex.search(text)]


def test_parents_of_social_truants_are_often_aware(repo: KnowledgeRepository) -> None:
    """Draaiboek lines 303-304: "Ouder gedoogde sociale spijbelaars: jongeren die vaak in groep spijbelen, even vaak
    thuis als op andere locaties. De ouders zijn vaak op de hoogte." Not: "grijpen niet in"."""
    item = repo.get_absence_type("ouder-gedoogde-sociale-spijbelaars")
    assert item is not None
    assert "De ouders zijn vaak op de hoogte." in item.signals
    assert "vaak op de hoogte" in item.summary
    assert _with(r"grijpen\s+niet\s+in|laten het gebeuren") == []


def test_the_school_does_not_test_the_formal_sio_criteria(repo: KnowledgeRepository) -> None:
    """Draaiboek lines 2703-2715: formal criteria (long or frequent absence, justification documents at the school);
    "De inhoudelijke criteria moeten beoordeeld worden door de centrale organisator". Nowhere that the school
    "toetst" the formal ones."""
    bednet = repo.get_partner("bednet")
    assert bednet is not None
    assert "toetst" not in bednet.description
    assert "moeten beoordeeld worden door de centrale organisator" in re.sub(r"\s+", " ", bednet.description)
    assert _with(r"\btoetst\b.{0,40}\bschool\b|\bschool\b.{0,40}\btoetst\b") == []


def test_the_police_zone_of_the_school_and_of_the_pupil_s_home(repo: KnowledgeRepository) -> None:
    """Draaiboek lines 870-871 (onwil: "bij de politie van de zone waarin de school is gelegen") and 2155-2157
    ("Opteren om de politiezone van de woonplaats van de leerling te contacteren ... in overleg met de contactpersoon
    van de lokale politie voor de school"). Where the content names the school's zone, it names the home zone too."""
    school_zone = re.compile(r"zone waar de school ligt")
    home_zone = re.compile(r"woonplaats van de leerling")
    # a list (a partner's ways to refer, say) may name the two in two of its items
    groups: dict[str, str] = {}
    for where, text in shown_texts():
        group = re.sub(r"\[\d+\]$", "", where)
        groups[group] = f"{groups.get(group, '')} {text}"
    one_sided = [w for w, t in groups.items() if school_zone.search(t) and not home_zone.search(t)]
    assert one_sided == []
    step = repo.get_step("b-politie-onwil")
    assert step is not None
    assert "politiezone van de woonplaats van de leerling" in re.sub(r"\s+", " ", step.step.action)
    term = repo.get_term("lokale politie")
    assert term is not None
    assert "woonplaats van de leerling" in term.explanation
    assert "zone waar de school ligt" in term.explanation


@pytest.mark.parametrize(
    ("wrong", "lines"),
    [
        (r"ook wie nog geen 18 is", "48-49"),  # an elliptic "wie" clause without a main clause
        (r"begint de leerplicht vanaf", "84"),  # "beginnen vanaf" is a pleonasm: "begint op"
        (r"in een van die gemeentelijke registers", "84-86"),  # "die" without an antecedent in a point of its own
        (r"kunnen lessen volgen", "70-71"),  # word order: "les kunnen volgen"
        (r"neemt een leerlingspecifiek traject op", "2124-2125"),  # "een traject opnemen": "start een traject"
    ],
)
def test_three_small_dutch_errors_are_gone(wrong: str, lines: str) -> None:
    """topics-terminologie.yml (the diploma, the other nationality, POAH) and glossary.yml (uitbreiding van zorg),
    against the draaiboek's own wording at the given lines."""
    assert _with(wrong) == [], lines


def test_one_spelling_of_school_en_ziek_zijn() -> None:
    """Draaiboek lines 2758 and 2772: "Checklist: School en Ziek zijn", "Organisatie van School en Ziek zijn" (the
    section title too). The vzw's other way of writing, "School & Ziek zijn" (line 1226), is only an alias; "S&Z" is
    the draaiboek's abbreviation."""
    assert _with(r"(?i)school\s*&\s*ziek\s*zijn") == []
    spelled = re.compile(r"(?i)\bschool\s+en\s+ziek\s*zijn\b")
    other = [w for w, t in shown_texts() for m in spelled.finditer(t) if m.group(0) != "School en Ziek zijn"]
    assert other == []
    assert _with(r"School en Ziek zijn")


def test_kindergarten_pupils_can_be_of_compulsory_school_age() -> None:
    """Draaiboek line 39: leerplichtig "op 1 september van het kalenderjaar dat het 5 jaar wordt", so a kleuter can be
    of compulsory school age; line 2567 ("Kleuters zijn nog niet leerplichtig") is not repeated as a rule for every
    kleuter. The content says which kleuters are not yet leerplichtig."""
    assert _with(r"(?i)kleuters (zijn|zijn nog) niet leerplichtig") == []
    assert _with(r"kleuters die nog niet leerplichtig zijn \(de leerplicht begint op 1 september van het kalenderjaar")


def test_less_than_half_time_counts_after_21_calendar_days(repo: KnowledgeRepository) -> None:
    """Draaiboek lines 2603-2606: "Als de leerling - na een ononderbroken afwezigheid van 21 kalenderdagen - wegens
    ziekte of ongeval op weekbasis minder dan halftijds aanwezig kan zijn op school, blijft het recht hebben op
    TOAH." Every text that names less than half-time attendance as a signal or right says after what."""
    item = repo.get_absence_type("langdurige-of-chronische-ziekte")
    assert item is not None
    signals = [re.sub(r"\s+", " ", s) for s in item.signals if "halftijds" in s]
    assert signals == [
        "Na een ononderbroken afwezigheid van 21 kalenderdagen kan de leerling wegens ziekte of ongeval op weekbasis "
        "minder dan halftijds naar school komen (dan blijft het recht op TOAH bestaan)."
    ]
    present = re.compile(r"minder dan halftijds (naar school kan|naar school komen|op school aanwezig|aanwezig)")
    for where, text in shown_texts():
        if present.search(text) and "attest" not in text:
            assert re.search(r"21 kalenderdagen|daarna", text), where
