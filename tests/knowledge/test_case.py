"""The case of a conversation (knowledge/case.py): its parts, how the chat stores it, and its summary per role."""

from __future__ import annotations

import json
from typing import Any

import pytest

from knowledge.case import Case, CasePart, Fact, PartnerLine, Step, facts, summary_text
from knowledge.repository import KnowledgeRepository
from knowledge.texts import render

ROLES = (None, "staff", "parent", "youth")
STAFF_FOOTER = (
    "Deze samenvatting geeft wat het draaiboek 'Afwezig op school' zegt bij de gegeven feiten. Ze vervangt het "
    "overleg met het CLB en de eigen afspraken van de school niet."
)
# Per role: the heading, the label of the facts, the conclusion's lead, the partners, the sources, and the title of
# an illness part.
WORDING: dict[str | None, tuple[str, str, str, str, str, str]] = {
    None: (
        "Samenvatting voor het zorgteam of een overleg met het CLB (zonder namen)",
        "Gegeven:",
        "Conclusie: ",
        "Partners:",
        "Bronnen (draaiboek 'Afwezig op school'):",
        "Een zieke leerling: onderwijs en ondersteuning",
    ),
    "parent": (
        "Samenvatting van ons gesprek (zonder namen), om mee te nemen naar een gesprek met de school of het CLB",
        "Wat je vertelde:",
        "Wat dat betekent: ",
        "Wie kan helpen:",
        "Waar dit staat (draaiboek 'Afwezig op school'):",
        "Een ziek kind: les en ondersteuning",
    ),
    "youth": (
        "Samenvatting van ons gesprek (zonder namen), om te tonen aan je leerlingenbegeleider of het CLB",
        "Wat je vertelde:",
        "Wat dat betekent: ",
        "Wie kan helpen:",
        "Waar dit staat (draaiboek 'Afwezig op school'):",
        "Ziek zijn: les en ondersteuning",
    ),
}
WORDING["staff"] = WORDING[None]

B_CODE = CasePart(
    "b-code",
    facts=(Fact("Aantal B-codes", "6"), Fact("Houding van de ouders", "werken mee")),
    conclusion="Fase 1: verhoogde zorg.",
    done=("een CLB-traject",),
    todo=(
        Step("Contact opnemen met de ouders.", "De school"),
        Step("Het CLB inschakelen...", "CLB"),
        Step("Nakijken of de eerste stappen gezet zijn."),
    ),
    partners=(PartnerLine("CLB", "begeleidt de leerling"), PartnerLine("NAFT")),
    sections=("actoren.2", "actieplan.1.2"),
)
ILLNESS = CasePart("illness", conclusion="TOAH kan starten.", sections=("actieplan.1.2", "terminologie.2.2"))


def titles(repo: KnowledgeRepository, *ids: str) -> list[str]:
    refs = repo.section_refs(list(ids))
    assert [r.id for r in refs] == list(ids)  # every id of these tests is a real section
    return [f"- {r.title} ({r.id})" for r in refs]


# -- the parts -------------------------------------------------------------------------------------------------


def test_a_part_of_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="kind must be one of"):
        CasePart("absence")  # type: ignore[arg-type]


def test_with_part_adds_a_part_last() -> None:
    case = Case().with_part(B_CODE).with_part(ILLNESS)
    assert case.parts == (B_CODE, ILLNESS)
    assert case.get("illness") == ILLNESS
    assert case.get("outflow") is None


def test_with_part_replaces_the_part_of_its_kind_and_moves_it_last() -> None:
    newer = CasePart("b-code", conclusion="Fase 2.")
    case = Case((B_CODE, ILLNESS))
    assert case.with_part(newer).parts == (ILLNESS, newer)
    assert case.parts == (B_CODE, ILLNESS)  # the case itself does not change


def test_the_sections_of_a_case_in_order_without_repeats() -> None:
    assert Case((B_CODE, ILLNESS)).sections == ("actoren.2", "actieplan.1.2", "terminologie.2.2")
    assert Case().sections == ()


def test_facts_leave_out_what_is_not_known_and_speak_to_the_role() -> None:
    pairs = [("aantal", "6"), ("leeftijd", None), ("ouders", ""), ("gevoel", "bang")]
    assert facts(pairs, "staff") == (
        Fact("Aantal B-codes", "6"),
        Fact("Hoe de leerling tegenover school staat", "bang"),
    )
    assert facts(pairs, "youth") == (Fact("Aantal B-codes", "6"), Fact("Hoe jij tegenover school staat", "bang"))


# -- stored in a slot ------------------------------------------------------------------------------------------


def test_to_dict_and_from_dict_round_trip_also_through_json() -> None:
    case = Case((B_CODE, ILLNESS))
    stored = case.to_dict()
    assert Case.from_dict(stored) == case
    assert Case.from_dict(json.loads(json.dumps(stored))) == case
    assert stored["parts"][0] == {
        "kind": "b-code",
        "facts": [{"label": "Aantal B-codes", "value": "6"}, {"label": "Houding van de ouders", "value": "werken mee"}],
        "conclusion": "Fase 1: verhoogde zorg.",
        "done": ["een CLB-traject"],
        "todo": [
            {"what": "Contact opnemen met de ouders.", "who": "De school"},
            {"what": "Het CLB inschakelen...", "who": "CLB"},
            {"what": "Nakijken of de eerste stappen gezet zijn.", "who": ""},
        ],
        "partners": [{"name": "CLB", "why": "begeleidt de leerling"}, {"name": "NAFT", "why": ""}],
        "sections": ["actoren.2", "actieplan.1.2"],
    }
    assert Case().to_dict() == {"parts": []}


@pytest.mark.parametrize("stored", [None, "een case", 5, [], ["parts"], {}, {"parts": None}, {"parts": []}])
def test_from_dict_of_something_that_is_no_case_is_an_empty_case(stored: Any) -> None:
    assert Case.from_dict(stored) == Case()


def test_from_dict_with_parts_that_are_no_list_is_an_empty_case() -> None:
    assert Case.from_dict({"parts": 5}) == Case()


def test_a_damaged_part_is_left_out_and_the_rest_counts() -> None:
    stored: dict[str, Any] = {
        "parts": [
            None,
            "b-code",
            {"facts": []},  # no kind
            {"kind": "absence"},  # an unknown kind
            {"kind": "b-code", "facts": [{"label": "Aantal B-codes"}]},  # a fact without a value
            {"kind": "illness", "todo": ["bellen"]},  # a step that is no step
            {"kind": "partners", "partners": [{"why": "past"}]},  # a partner without a name
            {"kind": "outflow", "facts": "16"},
            B_CODE.to_dict(),
            {"kind": "leerplicht"},
        ]
    }
    assert Case.from_dict(stored) == Case((B_CODE, CasePart("leerplicht")))


def test_from_dict_fills_in_what_a_part_leaves_out() -> None:
    stored = {
        "parts": [
            {
                "kind": "which-code",
                "facts": [{"label": "Reden", "value": 6}],
                "conclusion": None,
                "todo": [{"what": "Code B geven"}, {"what": "Bellen", "who": None}],
                "partners": [{"name": "CLB", "why": None}],
            }
        ]
    }
    assert Case.from_dict(stored) == Case(
        (
            CasePart(
                "which-code",
                facts=(Fact("Reden", "6"),),
                todo=(Step("Code B geven"), Step("Bellen")),
                partners=(PartnerLine("CLB"),),
            ),
        )
    )


# -- the summary -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_an_empty_case_says_what_to_tell_first(role: str | None, repo: KnowledgeRepository) -> None:
    text = summary_text(Case(), repo, role)
    assert text == render("case.empty", role)
    assert text.startswith("Er is nog niets om samen te vatten. ")
    assert text.endswith(" Daarna kan ik een samenvatting maken.")


def test_each_role_gets_its_own_empty_text(repo: KnowledgeRepository) -> None:
    assert len({summary_text(Case(), repo, role) for role in ("staff", "parent", "youth")}) == 3
    assert summary_text(Case(), repo, None) == summary_text(Case(), repo, "staff")


def test_the_whole_summary_for_staff(repo: KnowledgeRepository) -> None:
    assert summary_text(Case((B_CODE,)), repo, "staff") == "\n".join(
        [
            "Samenvatting voor het zorgteam of een overleg met het CLB (zonder namen)",
            "",
            "Problematische afwezigheden (B-codes)",
            "Gegeven:",
            "- Aantal B-codes: 6",
            "- Houding van de ouders: werken mee",
            "Conclusie: Fase 1: verhoogde zorg.",
            "Al gedaan:",
            "- een CLB-traject",
            "Nog te doen:",
            # "De school" inside the sentence; the step's own final period (or periods) before "(wie: ...)" go.
            "- Contact opnemen met de ouders (wie: de school)",
            "- Het CLB inschakelen (wie: CLB)",
            # Without who, the step stays as it is.
            "- Nakijken of de eerste stappen gezet zijn.",
            "Partners:",
            "- CLB: begeleidt de leerling",
            "- NAFT",
            "",
            "Bronnen (draaiboek 'Afwezig op school'):",
            *titles(repo, "actoren.2", "actieplan.1.2"),
            "",
            STAFF_FOOTER,
        ]
    )


@pytest.mark.parametrize("role", ROLES)
def test_the_summary_speaks_to_the_role(role: str | None, repo: KnowledgeRepository) -> None:
    heading, given, conclusion, partners, sources, illness_title = WORDING[role]
    blocks = summary_text(Case((B_CODE, ILLNESS)), repo, role).split("\n\n")
    assert len(blocks) == 5  # heading, two parts, sources, footer
    assert blocks[0] == heading
    b_code_lines = blocks[1].splitlines()
    assert b_code_lines[0] == "Problematische afwezigheden (B-codes)"
    assert b_code_lines[1] == given
    assert f"{conclusion}Fase 1: verhoogde zorg." in b_code_lines
    assert partners in b_code_lines
    # A part with only a conclusion: its title and the conclusion.
    assert blocks[2].splitlines() == [illness_title, f"{conclusion}TOAH kan starten."]
    # Each section once, in the order the parts cite them.
    assert blocks[3].splitlines() == [sources, *titles(repo, "actoren.2", "actieplan.1.2", "terminologie.2.2")]
    assert blocks[4] == render("case.footer", role)


def test_the_parts_in_the_order_they_were_last_established(repo: KnowledgeRepository) -> None:
    case = Case().with_part(B_CODE).with_part(ILLNESS).with_part(CasePart("b-code", conclusion="Fase 2."))
    blocks = summary_text(case, repo, "staff").split("\n\n")
    assert [b.splitlines()[0] for b in blocks[1:3]] == [
        "Een zieke leerling: onderwijs en ondersteuning",
        "Problematische afwezigheden (B-codes)",
    ]
    assert blocks[2].splitlines() == ["Problematische afwezigheden (B-codes)", "Conclusie: Fase 2."]


def test_unknown_sections_are_left_out_of_the_sources(repo: KnowledgeRepository) -> None:
    case = Case((CasePart("outflow", conclusion="Nog leerplichtig.", sections=("bestaat.niet", "actoren.2")),))
    blocks = summary_text(case, repo, "staff").split("\n\n")
    assert blocks[2].splitlines() == ["Bronnen (draaiboek 'Afwezig op school'):", *titles(repo, "actoren.2")]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("De school", "- Bellen (wie: de school)"),
        ("CLB", "- Bellen (wie: CLB)"),
        ("Lokale politie", "- Bellen (wie: Lokale politie)"),
        ("Dejan", "- Bellen (wie: Dejan)"),
        ("", "- Bellen."),
    ],
)
def test_who_does_a_step(who: str, expected: str, repo: KnowledgeRepository) -> None:
    case = Case((CasePart("partners", todo=(Step("Bellen.", who),)),))
    part = summary_text(case, repo, "staff").split("\n\n")[1].splitlines()
    assert part == ["Welke partners passen", "Nog te doen:", expected]
