"""Outflow options (terminologie.1, actoren.4.3, actoren.10.3, actoren.15.2, actieplan.1.4)."""

from __future__ import annotations

import pytest

from knowledge.guidance.outflow import OutflowQuestion, advise_outflow
from knowledge.repository import KnowledgeRepository


@pytest.mark.parametrize(("age", "compulsory"), [(17, True), (18, False)])
def test_ages_17_and_18(repo: KnowledgeRepository, age: int, compulsory: bool) -> None:
    advice = advise_outflow(OutflowQuestion(age=age), repo)
    assert advice.compulsory_school_age is compulsory
    assert advice.may_leave_school is not compulsory


@pytest.mark.parametrize(
    ("age", "done", "part_time"),
    [
        (14, None, False),
        (14, True, False),
        (15, True, True),
        (15, False, False),
        (15, None, None),
        (16, None, True),
        (16, False, True),
        (17, None, True),
    ],
)
def test_part_time_from_15_or_16(
    repo: KnowledgeRepository, age: int, done: bool | None, part_time: bool | None
) -> None:
    advice = advise_outflow(OutflowQuestion(age=age, first_two_years_secondary_done=done), repo)
    assert advice.part_time_possible is part_time


def test_diploma_ends_compulsory_education(repo: KnowledgeRepository) -> None:
    advice = advise_outflow(OutflowQuestion(age=17, secondary_diploma=True), repo)
    assert advice.compulsory_school_age is False
    assert advice.part_time_possible is None


def test_explicit_compulsory_answer_wins(repo: KnowledgeRepository) -> None:
    assert advise_outflow(OutflowQuestion(age=17, compulsory=False), repo).may_leave_school is True


def test_work_at_16_is_part_time(repo: KnowledgeRepository) -> None:
    advice = advise_outflow(OutflowQuestion(age=16, wish="werken"), repo)
    assert [r.wish for r in advice.routes] == ["werken"]
    assert advice.routes[0].text.render("youth") == (
        "Alleen werken kan nog niet zolang je leerplichtig bent. Je kunt wel deeltijds "
        "werken en deeltijds les volgen (leren en werken)."
    )
    # staff read about the youth, parents about their child: the same facts
    assert advice.routes[0].text == (
        "Alleen werken kan nog niet zolang de jongere leerplichtig is. Deeltijds werken en deeltijds les volgen "
        "kan wel (leren en werken)."
    )
    assert advice.routes[0].text.render("parent").startswith("Alleen werken kan nog niet zolang je kind leerplichtig")


def test_work_at_14_is_not_possible(repo: KnowledgeRepository) -> None:
    advice = advise_outflow(OutflowQuestion(age=14, wish="werken"), repo)
    assert advice.routes[0].text.render("youth").startswith("Gaan werken kan nog niet: je bent voltijds leerplichtig.")
    assert "Vanaf 15 of 16 jaar" in advice.routes[0].text


def test_work_at_18(repo: KnowledgeRepository) -> None:
    advice = advise_outflow(OutflowQuestion(age=18, wish="werken"), repo)
    assert advice.routes[0].text.render("youth").startswith("Je mag gaan werken.")
    assert advice.routes[0].text.startswith("De jongere mag gaan werken.")
    assert [h.id for h in advice.helpers] == ["school", "clb", "uitstroombegeleiding", "transitietraject", "vdab"]


def test_no_wish_explores_the_four_wishes(repo: KnowledgeRepository) -> None:
    advice = advise_outflow(OutflowQuestion(age=16), repo)
    assert [r.wish for r in advice.routes] == ["kwalificatie", "werken", "combineren", "opleiding"]
    assert "dagbesteding" in [h.id for h in advice.helpers]


def test_tools_and_contact(repo: KnowledgeRepository) -> None:
    advice = advise_outflow(OutflowQuestion(age=17, wish="kwalificatie"), repo)
    assert len(advice.tools) == 4
    assert "annick.steyt@samentegenschooluitval-wvl.be" in advice.tools[3].text
    assert "www.samentegenschooluitval-wvl.be" in advice.tools[3].text
    assert "naft" in advice.routes[0].helpers
    assert {"actoren.15.2", "actoren.10.3", "terminologie.1"} <= set(advice.sections)
    assert len(repo.section_refs(list(advice.sections))) == len(advice.sections)


def test_helper_names_come_from_the_content(repo: KnowledgeRepository) -> None:
    advice = advise_outflow(OutflowQuestion(age=18), repo)
    for helper in advice.helpers:
        partner = repo.get_partner(helper.id)
        assert partner is not None, helper.id
        assert helper.name == partner.name
