"""The entity patterns of data/nlu/values.yml and data/nlu/role.yml, run the way Rasa runs them.

Rasa's RegexEntityExtractor (rasa/nlu/extractors/regex_entity_extractor.py) runs every pattern on its own with
re.finditer and re.IGNORECASE (config: case_sensitive false) and makes each match an entity whose value is the matched
text. Regexes are used as written. A lookup table becomes one pattern, "(\\b" + "\\b|\\b".join(re.escape(element)) +
"\\b)" (rasa/nlu/utils/pattern_utils.py, use_word_boundaries true). The EntitySynonymMapper then replaces a value whose
lower-cased text is a synonym. The YAML reader (rasa/shared/nlu/training_data/formats/rasa_yaml.py) takes each line
of an `examples: |` block that starts with "-", drops the "-" and strips spaces and line breaks.

Decisions these tests hold:
- `aantal` is only the number, and only when what is counted follows ("5 B-codes", "12 halve dagen", "3x", "zes
  keer"): "B-codes" is a topic of its own. "ik heb 2 kinderen" has no aantal, nor has "net geen 5".
- `leeftijd` is "17 jaar" (with the unit) or a bare number where the phrase says it is an age ("ik ben 16").
- `duur`, `afstand` and `datum` include their unit or month.
- No two entities share a character, whatever their type.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
VALUES = ROOT / "data" / "nlu" / "values.yml"
ROLES = ROOT / "data" / "nlu" / "role.yml"
CHITCHAT = ROOT / "data" / "nlu" / "chitchat.yml"
VALUE_ENTITIES = {"aantal", "leeftijd", "duur", "afstand", "datum"}
ROLE_VALUES = {"staff", "parent", "youth"}


@dataclass(frozen=True)
class Entity:
    entity: str
    start: int
    end: int
    text: str
    value: str


@dataclass
class NluPatterns:
    regexes: list[tuple[str, str]]
    lookups: dict[str, list[str]]
    synonyms: dict[str, str]

    def compiled(self) -> list[tuple[str, re.Pattern[str]]]:
        patterns = list(self.regexes)
        for name, elements in self.lookups.items():
            escaped = [re.escape(element) for element in elements]
            patterns.append((name, "(\\b" + "\\b|\\b".join(escaped) + "\\b)"))
        return [(name, re.compile(pattern, flags=re.IGNORECASE)) for name, pattern in patterns]


def _examples(block: str) -> list[str]:
    lines = block.splitlines()
    assert all(line.startswith("-") for line in lines), "every example line must start with '-'"
    return [line[1:].strip("\n\r ") for line in lines]


def _read(*paths: Path) -> NluPatterns:
    result = NluPatterns(regexes=[], lookups={}, synonyms={})
    for path in paths:
        document: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in document["nlu"]:
            examples = _examples(item["examples"])
            if "regex" in item:
                result.regexes += [(item["regex"], example) for example in examples]
            elif "lookup" in item:
                result.lookups.setdefault(item["lookup"], []).extend(examples)
            elif "synonym" in item:
                for example in examples:
                    assert example.lower() not in result.synonyms, f"{example!r} is listed under two synonyms"
                    result.synonyms[example.lower()] = str(item["synonym"])
    return result


PATTERNS = _read(VALUES, ROLES)
COMPILED = PATTERNS.compiled()


def extract(text: str) -> list[Entity]:
    """RegexEntityExtractor followed by EntitySynonymMapper, sorted by position."""
    found = []
    for name, pattern in COMPILED:
        for match in pattern.finditer(text):
            surface = text[match.start() : match.end()]
            value = PATTERNS.synonyms.get(surface.lower(), surface)
            found.append(Entity(name, match.start(), match.end(), surface, value))
    return sorted(found, key=lambda e: (e.start, e.end))


def overlaps(entities: list[Entity]) -> list[tuple[Entity, Entity]]:
    return [(a, b) for i, a in enumerate(entities) for b in entities[i + 1 :] if a.start < b.end and b.start < a.end]


# (message, [(entity, matched text, value after the synonyms or None when it is the text)])
CASES: list[tuple[str, list[tuple[str, str, str | None]]]] = [
    # aantal
    ("wat doe ik na 5 B-codes", [("aantal", "5", None)]),
    ("vijf b codes en de ouders nemen ni op", [("aantal", "vijf", None)]),
    ("al 12 halve dagen gespijbeld", [("aantal", "12", None)]),
    ("hij heeft al 3x gebrost deze maand", [("aantal", "3", None)]),
    ("ze brost al sinds de kerstvakantie, ondertussen zes keer", [("aantal", "zes", None)]),
    ("een stuk of zes b-codes bij ene uit de 3de graad", [("aantal", "zes", None)]),
    ("ons kind heeft 7 ongewettigde afwezigheden", [("aantal", "7", None)]),
    ("ik heb 2 kinderen op die school", []),
    ("4 b codes, net geen 5, moeten we al iets doen?", [("aantal", "4", None)]),
    ("wat is een b-code", []),
    # leeftijd
    ("ik ben 17 jaar en wil stoppen", [("leeftijd", "17 jaar", None)]),
    ("hij is 15 jaar oud", [("leeftijd", "15 jaar", None)]),
    ("ik ben 16", [("leeftijd", "16", None)]),
    ("kben 16 en wil gaan werken", [("leeftijd", "16", None)]),
    ("😅 ik ben 17, is school nog verplicht", [("leeftijd", "17", None)]),
    # A question is not a self-description: only the age is found.
    ("moet ik nog naar school als ik 17 ben", [("leeftijd", "17", None)]),
    ("hoe lang nog leerplichtig als ge nu 16 zijt", [("leeftijd", "16", None)]),
    ("mijn dochter van 14 wil ni naar school", [("leeftijd", "14", None)]),
    ("zoon van 13 spijbelt samen met vrienden", [("leeftijd", "13", None)]),
    ("is een 15-jarige nog voltijds leerplichtig", [("leeftijd", "15-jarige", None)]),
    ("hij moet naar school tot zijn 18de verjaardag", [("leeftijd", "18de", None)]),
    ("loopt de leerplicht tot 18?", [("leeftijd", "18", None)]),
    ("leerplichtig vanaf 5 of vanaf 6 jaar", [("leeftijd", "5", None), ("leeftijd", "6 jaar", None)]),
    ("ik ben 3 keer te laat gekomen", [("aantal", "3", None)]),
    ("ik ben 100% zeker dat hij thuis was", []),
    ("de les begint om 8 uur", []),
    # duur
    ("mijn dochter ligt al 4 weken ziek in de zetel", [("duur", "4 weken", None)]),
    ("ze zit al 25 dagen thuis", [("duur", "25 dagen", None)]),
    ("de dokter zegt nog drie maanden rust", [("duur", "drie maanden", None)]),
    ("hij blijft nog 2 weekjes thuis", [("duur", "2 weekjes", None)]),
    ("meer dan 21 kalenderdagen afwezig", [("duur", "21 kalenderdagen", None)]),
    ("ze is al een maand ziek", [("duur", "een maand", None)]),
    ("nog een week of drie thuis", []),
    ("op een dag wil ik terug naar school", []),
    ("hij zit al 2 jaar thuis", [("duur", "2 jaar", None)]),
    ("ze is al 17 jaar", [("leeftijd", "17 jaar", None)]),
    ("ik ben 3 weken ziek geweest", [("duur", "3 weken", None)]),
    ("20 afwezigheden in 6 weken", [("aantal", "20", None), ("duur", "6 weken", None)]),
    # afstand
    ("we wonen 12 km van de school", [("afstand", "12 km", None)]),
    ("dat is 7,5 km fietsen", [("afstand", "7,5 km", None)]),
    ("de school ligt 8 kilometer verder", [("afstand", "8 kilometer", None)]),
    ("ons huis ligt op 800 meter", [("afstand", "800 meter", None)]),
    # datum
    ("mijn zoon is geboren op 14 november 2009", [("datum", "14 november 2009", None)]),
    ("°14/11/2009 tot wanneer leerplichtig", [("datum", "14/11/2009", None)]),
    ("geboren 14-11-09", [("datum", "14-11-09", None)]),
    ("ze verjaart op 3 maart", [("datum", "3 maart", None)]),
    ("geboren in 2009, tot wanneer", [("datum", "2009", None)]),
    ("hij is van 2010", [("datum", "2010", None)]),
    ("ze is van 12 juni 2008", [("datum", "12 juni 2008", None)]),
    ("ik word 18 op 3 mei", [("leeftijd", "18", None), ("datum", "3 mei", None)]),
    ("iemand van 25/03/2008", [("datum", "25/03/2008", None)]),
    ("5 meisjes uit de klas", []),
    # several entities together
    (
        "we wonen op 8 km van school en mijn dochter is al 23 dagen ziek",
        [("afstand", "8 km", None), ("duur", "23 dagen", None)],
    ),
    ("ik ben 16 en heb 11 b codes", [("leeftijd", "16", None), ("aantal", "11", None)]),
    (
        "mijne zoon van 15 heeft de laatste maand 8 halve dagen gemist",
        [("leeftijd", "15", None), ("aantal", "8", None)],
    ),
    # role
    ("ik ben leerkracht", [("role", "ik ben leerkracht", "staff")]),
    ("Ik Ben Juf in het 3de leerjaar", [("role", "Ik Ben Juf", "staff")]),
    ("als leerkracht merk ik dat ze brost", [("role", "als leerkracht", "staff")]),
    ("ik werk op het clb", [("role", "ik werk op het clb", "staff")]),
    ("kben zorgcoordinator", [("role", "kben zorgcoordinator", "staff")]),
    ("wat moeten wij als school doen", [("role", "wij als school", "staff")]),
    ("ik ben een mama", [("role", "ik ben een mama", "parent")]),
    ("kben de papa van een leerling", [("role", "kben de papa", "parent")]),
    ("ik ben ouder van een jongen", [("role", "ik ben ouder", "parent")]),
    ("moet ik als ouder zelf les aan huis aanvragen", [("role", "als ouder", "parent")]),
    ("ik ben plusmama van een meisje van 12", [("role", "ik ben plusmama", "parent"), ("leeftijd", "12", None)]),
    ("kzit in het 4de middelbaar", [("role", "kzit in het 4de", "youth")]),
    ("ik zit in het vijfde", [("role", "ik zit in het vijfde", "youth")]),
    ("ik zit in 4e", [("role", "ik zit in 4e", "youth")]),
    ("ik ben een leerling van 15", [("role", "ik ben een leerling", "youth"), ("leeftijd", "15", None)]),
    ("ik ben 15 en ik zit op school", [("leeftijd", "15", None), ("role", "ik zit op school", "youth")]),
    ("ik ben ouder dan 18, moet ik nog naar school", []),
    # other roles naming someone: no role
    ("de juf zegt dat ik een briefje moet schrijven", []),
    ("ik ben de juf gaan vragen of dat mocht", []),
    ("de leerkracht van mijn zoon belt elke dag", []),
    ("mijn mama zegt dat ik moet gaan", []),
    ("de mama van een leerling belde ons", []),
    ("wat als ouders niet reageren op onze brieven", []),
    ("mijn leerling spijbelt", []),
]


@pytest.mark.parametrize(("message", "expected"), CASES, ids=[case[0] for case in CASES])
def test_entities_and_spans(message: str, expected: list[tuple[str, str, str | None]]) -> None:
    found = extract(message)
    assert [(e.entity, e.text, e.value) for e in found] == [
        (entity, text, text if value is None else value) for entity, text, value in expected
    ]
    for entity in found:
        assert message[entity.start : entity.end] == entity.text
        assert message.find(entity.text) == entity.start, "an expected text must occur once in its message"
    assert not overlaps(found)


def test_enough_cases_for_every_entity() -> None:
    assert len(CASES) >= 40
    counted = {name: sum(1 for _, expected in CASES for e in expected if e[0] == name) for name in VALUE_ENTITIES}
    assert all(count >= 4 for count in counted.values()), counted
    assert sum(1 for _, expected in CASES if not expected) >= 10


def test_patterns_are_valid_and_named_after_entities() -> None:
    assert {name for name, _ in PATTERNS.regexes} == VALUE_ENTITIES | {"role"}
    assert set(PATTERNS.lookups) == {"role"}
    assert len(COMPILED) == len(PATTERNS.regexes) + 1


def test_parent_questions_about_staff_get_no_staff_role() -> None:
    questions = [
        "de juf zegt dat mijn zoon te veel afwezig is",
        "mag de juf weigeren dat ik zelf een briefje schrijf",
        "ik heb de leerkracht gemaild maar ze antwoordt niet",
        "de leerlingenbegeleider wil ons zien, moet dat",
        "de zorgcoördinator belde mij over b codes",
        "de directeur dreigt met de politie",
        "ik ben bij de juf geweest en ze zegt dat hij spijbelt",
        "ik ben de directeur gaan spreken over haar afwezigheden",
        "de clb-medewerker wil op huisbezoek komen",
        "de meester van mijn dochter zegt dat ze vaak te laat is",
    ]
    for question in questions:
        assert [e for e in extract(question) if e.value == "staff"] == [], question


def test_youth_and_staff_naming_parents_get_no_parent_role() -> None:
    messages = [
        "mijn mama wil dat ik naar school ga",
        "mijn papa weet niet dat ik brosse",
        "de moeder van een leerling belt ons elke dag",
        "de vader houdt zijn zoon thuis om te helpen in de zaak",
        "de ouders nemen nooit op, wat nu",
        "wat als ouders niet reageren",
        "mijn plusmama zegt dat ik mag stoppen",
    ]
    for message in messages:
        assert [e for e in extract(message) if e.value == "parent"] == [], message


def test_every_role_phrase_maps_to_a_role() -> None:
    elements = PATTERNS.lookups["role"]
    assert len(elements) == len(set(elements)), "a phrase is listed twice"
    for element in elements:
        assert element == element.lower(), element
        assert PATTERNS.synonyms.get(element) in ROLE_VALUES, f"{element!r} has no synonym staff/parent/youth"
    assert set(PATTERNS.synonyms.values()) == ROLE_VALUES
    literal = re.compile(r"^\\b(?P<phrase>[a-z' ]+)\\b\(\?!.*\)$")
    for name, pattern in PATTERNS.regexes:
        if name == "role":
            match = literal.match(pattern)
            assert match, f"a role regex must be one literal phrase with a lookahead: {pattern}"
            assert PATTERNS.synonyms.get(match["phrase"]) in ROLE_VALUES, match["phrase"]


def test_a_role_phrase_alone_is_one_whole_role_entity() -> None:
    """Each phrase is found whole (no shorter phrase wins) and no value regex fires inside it."""
    for element in PATTERNS.lookups["role"]:
        found = extract(element)
        assert [(e.entity, e.start, e.end) for e in found] == [("role", 0, len(element))], element
        assert found[0].value == PATTERNS.synonyms[element]


def test_synonyms_only_for_role_phrases() -> None:
    role_texts = set(PATTERNS.lookups["role"])
    role_texts |= {p.split("\\b")[1] for name, p in PATTERNS.regexes if name == "role"}
    assert set(PATTERNS.synonyms) == role_texts


_ANNOTATION = re.compile(r"\[(?P<text>[^\]]+)\](?:\((?P<entity>[^)]+)\)|(?P<json>\{[^}]*\}))")


def _plain_and_entities(example: str) -> tuple[str, list[tuple[str, str, str]]]:
    plain, entities, position = "", [], 0
    for match in _ANNOTATION.finditer(example):
        plain += example[position : match.start()]
        text = match["text"]
        if match["json"]:
            data = json.loads(match["json"])
            entities.append((data["entity"], text, data.get("value", text)))
        else:
            entities.append((match["entity"], text, text))
        plain += text
        position = match.end()
    return plain + example[position:], entities


def test_chitchat_annotations_are_what_the_extractor_finds() -> None:
    document: dict[str, Any] = yaml.safe_load(CHITCHAT.read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    for item in document["nlu"]:
        examples = _examples(item["examples"])
        counts[item["intent"]] = len(examples)
        for example in examples:
            plain, annotated = _plain_and_entities(example)
            found = [(e.entity, e.text, e.value) for e in extract(plain)]
            assert found == annotated, example
            if item["intent"] != "inform_role":
                assert annotated == [], f"{item['intent']}: {example}"
    assert all(count >= 30 for count in counts.values()), counts
    assert counts["out_of_scope"] >= 45
    assert counts["inform_role"] >= 45
