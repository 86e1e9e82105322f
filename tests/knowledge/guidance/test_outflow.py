"""Outflow options (terminologie.1, actoren.4.3, actoren.10.3, actoren.15.2, actieplan.1.4)."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.guidance.common import format_date_nl
from knowledge.guidance.leerplicht import leerplicht_end
from knowledge.guidance.outflow import OutflowQuestion, advise_outflow
from knowledge.repository import KnowledgeRepository


@pytest.mark.parametrize(("age", "compulsory"), [(16, True), (17, True), (18, False)])
def test_ages_16_17_and_18(repo: KnowledgeRepository, age: int, compulsory: bool) -> None:
    advice = advise_outflow(OutflowQuestion(age=age), repo)
    assert advice.compulsory_school_age is compulsory
    assert advice.may_leave_school is not compulsory
    assert advice.compulsory_certain is (age != 17)


@pytest.mark.parametrize(
    ("birth", "on", "compulsory", "end"),
    [
        # 18 after 30 June (lines 45-46): until 30 June of that year, though still 17 after it
        (date(2007, 10, 1), date(2025, 6, 30), True, date(2025, 6, 30)),
        (date(2007, 10, 1), date(2025, 7, 1), False, date(2025, 6, 30)),
        (date(2007, 10, 1), date(2025, 9, 1), False, date(2025, 6, 30)),
        (date(2007, 7, 1), date(2025, 6, 30), True, date(2025, 6, 30)),
        (date(2007, 7, 1), date(2025, 7, 1), False, date(2025, 6, 30)),
        # 18 before 1 July (lines 42-43): until the 18th birthday
        (date(2007, 6, 30), date(2025, 6, 30), True, date(2025, 6, 30)),
        (date(2008, 3, 10), date(2026, 3, 10), True, date(2026, 3, 10)),
        (date(2008, 3, 10), date(2026, 3, 11), False, date(2026, 3, 10)),
        (date(2010, 5, 5), date(2025, 9, 1), True, date(2028, 5, 5)),
    ],
)
def test_with_a_birth_date_the_end_comes_from_leerplicht_end(
    repo: KnowledgeRepository, birth: date, on: date, compulsory: bool, end: date
) -> None:
    """Draaiboek lines 40-46: the end depends on the 18th birthday, not on being younger than 18. The old engine took
    age < 18: a youth of 17 turning 18 in October was "still compulsory" in September."""
    assert leerplicht_end(birth) == end
    advice = advise_outflow(OutflowQuestion(age=17, birth_date=birth, on_date=on), repo)
    assert advice.compulsory_school_age is compulsory
    assert advice.may_leave_school is not compulsory
    assert advice.compulsory_certain is True
    assert advice.compulsory_end == end
    first = advice.reasons[0]
    assert first.key == ("outflow.reason.compulsory_until" if compulsory else "outflow.reason.compulsory_ended")
    assert format_date_nl(end) in first.text
    assert first.sections == ("terminologie.1",)


def test_a_birth_date_gives_the_age_for_part_time(repo: KnowledgeRepository) -> None:
    """Lines 53-56: part-time from 15 (first two years done) or 16; the age is the one on the day asked."""
    question = OutflowQuestion(age=99, birth_date=date(2010, 5, 5), on_date=date(2025, 9, 1))
    assert advise_outflow(question, repo).part_time_possible is None  # 15, first two years unknown
    later = OutflowQuestion(age=99, birth_date=date(2010, 5, 5), on_date=date(2026, 5, 5))
    assert advise_outflow(later, repo).part_time_possible is True  # 16


def test_at_17_without_a_birth_date_the_answer_says_it_depends(repo: KnowledgeRepository) -> None:
    """Lines 42-46: who turns 18 after 30 June is of compulsory school age until 30 June of that year, and then no
    longer while still 17. The old answer said "Je bent nog leerplichtig" to every 17-year-old."""
    advice = advise_outflow(OutflowQuestion(age=17), repo)
    assert advice.compulsory_certain is False
    assert advice.compulsory_end is None
    assert advice.explanation.key == "outflow.explanation.end_depends"
    assert advice.explanation.render("youth").startswith("Of je nog leerplichtig bent, hangt op 17 jaar af")
    rule = advice.reasons[0]
    assert rule.key == "outflow.reason.end_depends"
    assert "vóór 1 juli" in rule.text and "30 juni" in rule.text
    assert "daarna niet meer leerplichtig, ook al is de jongere dan nog 17" in rule.text
    assert "ook al ben je dan nog 17" in rule.render("youth")
    assert advice.part_time_possible is True  # line 56: from 16 in any case


@pytest.mark.parametrize("age", [15, 16])
def test_below_17_the_age_alone_is_enough(repo: KnowledgeRepository, age: int) -> None:
    """Before 17 the 18th birthday, and so the end (lines 42-46), is more than a year away."""
    advice = advise_outflow(OutflowQuestion(age=age, first_two_years_secondary_done=True), repo)
    assert (advice.compulsory_school_age, advice.compulsory_certain) == (True, True)
    assert advice.explanation.render("youth").startswith("Je bent nog leerplichtig")


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
