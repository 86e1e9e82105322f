"""The one way to answer from knowledge: item choice, facet, honesty when nothing fits, rendering per role."""

from __future__ import annotations

import pytest

from knowledge.answers import (
    WORD_BUDGET,
    answer_question,
    item_name,
    render_answer,
)
from knowledge.repository import KnowledgeRepository
from knowledge.texts import render


def words(text: str) -> int:
    return len(text.split())


@pytest.mark.parametrize(
    ("text", "facet", "topics", "item", "fact"),
    [
        ("wat is naft", "what", ["partner:naft"], "partner:naft", "secundair onderwijs"),
        ("hoe meld ik aan bij rots", "referral", ["partner:rots"], "partner:rots", "het CLB"),
        ("contact agodi", "contact", ["partner:agodi"], "partner:agodi", "onderwijs.vlaanderen.be"),
        ("wanneer schakel ik de politie in", "when", ["partner:politie"], "partner:politie", "onwil"),
        ("wat betekent code r", "what", ["code:R"], "code:R", "begrafenis"),
        ("wat is een a-document", "what", ["term:a-document"], "term:a-document", "Aanvraagdocument"),
    ],
)
def test_a_named_topic_is_answered_with_the_part_asked_for(
    repo: KnowledgeRepository, text: str, facet: str, topics: list[str], item: str, fact: str
) -> None:
    answer = answer_question(repo, text, facet, topics)  # type: ignore[arg-type]
    assert answer.status == "answer"
    assert answer.item_id == item
    rendered = render_answer(answer, "staff")
    assert fact in rendered.text
    assert answer.sections, "an answer about rules cites its sections"


def test_facets_give_different_parts_of_one_partner(repo: KnowledgeRepository) -> None:
    texts = {
        facet: render_answer(answer_question(repo, "naft", facet, ["partner:naft"]), "staff").text  # type: ignore[arg-type]
        for facet in ("what", "when", "referral", "contact")
    }
    assert len(set(texts.values())) == 4
    assert "aanmelding in overleg met het CLB" in texts["referral"]
    assert "www.samentegenschooluitval-wvl.be" in texts["contact"]
    assert texts["when"].startswith(render("answer.intro.when", "staff", name="NAFT"))


def test_a_partner_without_contacts_says_so_and_points_to_the_clb(repo: KnowledgeRepository) -> None:
    partner = next(p for p in repo.list_partners() if not p.contacts and p.id not in ("leerling", "ouders", "school"))
    answer = answer_question(repo, f"contact {partner.name}", "contact", [f"partner:{partner.id}"])
    text = render_answer(answer, "parent").text
    assert answer.note == "answer.note.no_contact"
    assert "geen contactgegevens" in text and "CLB" in text


def test_a_difference_compares_both_items(repo: KnowledgeRepository) -> None:
    answer = answer_question(repo, "verschil tussen onwil en onmacht", "difference", ["term:onwil", "term:onmacht"])
    text = render_answer(answer, "parent").text
    assert [i.id for i in answer.items] == ["term:onwil", "term:onmacht"]
    assert "onwil:" in text and "onmacht:" in text


def test_a_difference_the_draaiboek_explains_is_answered_with_that_explanation(repo: KnowledgeRepository) -> None:
    answer = answer_question(
        repo,
        "wat is het verschil tussen schoolweigering en schoolfobie",
        "difference",
        ["absence-type:schoolweigering"],
    )
    assert answer.item_id == "topic:schoolweigering-verschil-schoolfobie"


def test_a_difference_finds_the_second_item_by_search(repo: KnowledgeRepository) -> None:
    answer = answer_question(repo, "onmacht of toch eerder onwil", "difference", ["term:onmacht"])
    assert answer.facet == "difference"
    assert answer.items[0].id == "term:onmacht"
    assert len(answer.items) == 2


@pytest.mark.parametrize(
    ("text", "section"),
    [
        ("mag een kind zonder papieren naar school", "terminologie.1"),
        ("welke informatie geeft de school door aan de politie bij een melding", "actoren.12"),
        ("helpen sancties tegen spijbelen", "aanbevelingen.binding"),
    ],
)
def test_a_general_question_is_answered_by_the_search(repo: KnowledgeRepository, text: str, section: str) -> None:
    answer = answer_question(repo, text, "info")
    assert answer.status == "answer"
    assert section in [s.id for s in answer.sections]


@pytest.mark.parametrize("text", ["xqzt brmpf", "ik wil een pizza bestellen", "hoe maak ik spaghetti"])
def test_nothing_matches_so_it_does_not_pretend(repo: KnowledgeRepository, text: str) -> None:
    answer = answer_question(repo, text, "info")
    assert answer.status == "unknown"
    rendered = render_answer(answer, "youth")
    assert "CLBch@t" in rendered.text and "clbchat.be" in rendered.text
    assert rendered.buttons == ()


def test_a_weak_match_asks_one_clarifying_question_with_the_likely_topics(repo: KnowledgeRepository) -> None:
    # Words the knowledge base holds here and there, no item about them: "nieuw" is in several items.
    answer = answer_question(repo, "is er iets nieuws", "info")
    assert answer.status == "clarify"
    rendered = render_answer(answer, "staff")
    assert rendered.text == render("answer.clarify", "staff")
    assert 2 <= len(rendered.buttons) <= 3
    assert all(len(title) <= 60 for title, _ in rendered.buttons)


def test_unknown_topic_ids_are_ignored(repo: KnowledgeRepository) -> None:
    answer = answer_question(repo, "wat is naft", "what", ["partner:bestaat-niet", "partner:naft"])
    assert answer.item_id == "partner:naft"


@pytest.mark.parametrize("role", ["staff", "parent", "youth"])
@pytest.mark.parametrize(
    ("text", "facet", "topics"),
    [
        ("wat is naft", "what", ["partner:naft"]),
        ("wat is code b", "what", ["code:B"]),
        ("wat is schoolweigering", "what", ["absence-type:schoolweigering"]),
        ("wat is toah", "what", ["checklist:toah"]),
        ("wanneer schakel ik de politie in", "when", ["partner:politie"]),
        ("mag de school info doorgeven aan de politie", "info", []),
    ],
)
def test_answers_stay_short_for_each_role(
    repo: KnowledgeRepository, role: str, text: str, facet: str, topics: list[str]
) -> None:
    rendered = render_answer(answer_question(repo, text, facet, topics), role)  # type: ignore[arg-type]
    assert words(rendered.text) <= WORD_BUDGET[role]
    assert 1 <= len(rendered.buttons) <= 3


def test_the_role_changes_the_words_not_the_facts(repo: KnowledgeRepository) -> None:
    answer = answer_question(repo, "hoe kom ik bij rots", "referral", ["partner:rots"])
    staff, parent = render_answer(answer, "staff").text, render_answer(answer, "parent").text
    assert staff != parent
    for fact in ("het CLB", "telefoon", "mail"):
        assert fact in staff and fact in parent


def test_partner_follow_ups_are_the_other_facets(repo: KnowledgeRepository) -> None:
    answer = answer_question(repo, "wat is naft", "what", ["partner:naft"])
    assert [f.facet for f in answer.followups] == ["referral", "contact", "when"]
    assert all(f.item_id == "partner:naft" for f in answer.followups)


def test_item_names() -> None:
    from knowledge.repository import ItemRef

    code = ItemRef("code:B", "code", "B", "Code B: Ongewettigd", "", [], {})
    assert item_name(code) == "code B"


def test_of_several_named_topics_the_one_the_question_is_about_is_answered(repo: KnowledgeRepository) -> None:
    text = "het clb heeft het over het ocj, wat doen die precies"
    answer = answer_question(repo, text, "what", ["partner:clb", "partner:ocj"])
    assert answer.item_id == "partner:ocj"


def test_no_difference_between_things_of_another_kind(repo: KnowledgeRepository) -> None:
    text = "wie stelt de onwil van de ouders vast, de school of het clb"
    answer = answer_question(repo, text, "difference", ["term:onwil", "partner:clb"])
    assert answer.facet != "difference"


def test_a_whole_item_goes_before_a_step_that_scores_about_as_high() -> None:
    from knowledge.answers import prefer_whole_items
    from knowledge.search import SearchHit

    step = SearchHit("step:s", "step", "s", "Een stap", "", 10.0, [])
    topic = SearchHit("topic:t", "topic", "t", "Een onderwerp", "", 9.0, [])
    far = SearchHit("topic:u", "topic", "u", "Ver weg", "", 5.0, [])
    assert [h.id for h in prefer_whole_items([step, topic, far])] == ["topic:t", "step:s", "topic:u"]
    strong_step = SearchHit("step:x", "step", "x", "x", "", 20.0, [])
    assert prefer_whole_items([strong_step, topic])[0].id == "step:x"


def test_parents_and_youths_read_the_plain_text_staff_the_professional_one(repo: KnowledgeRepository) -> None:
    naft = repo.get_item("partner:naft")
    assert naft is not None and naft.data.get("plain")
    answer = answer_question(repo, "wat is naft", "what", ["partner:naft"])
    plain_start = naft.data["plain"].split(".")[0]
    professional_start = naft.data["description"].split(".")[0]
    for role in ("parent", "youth"):
        text = render_answer(answer, role).text
        assert plain_start in text and professional_start not in text
    staff = render_answer(answer, "staff").text
    assert professional_start in staff and plain_start not in staff


def test_an_item_without_a_plain_text_shows_its_own_text_to_everyone(repo: KnowledgeRepository) -> None:
    item = next(i for i in repo.list_items() if i.kind == "topic" and not i.data.get("plain"))
    answer = answer_question(repo, item.title, "what", [])
    if answer.item_id != item.id:  # the title alone finds another item: answer this one directly
        from knowledge.answers import answer_item

        answer = answer_item(repo, item, "what")
    first = item.summary.split(".")[0]
    assert all(first in render_answer(answer, role).text for role in ("staff", "parent", "youth"))


def test_a_long_item_cut_short_keeps_the_lines_the_question_asks_about(repo: KnowledgeRepository) -> None:
    """The chronic-illness rule of TOAH (four lessons per nine half days) stands far down the checklist; a question
    about it keeps it within the budget, the same checklist asked in general does not reach it."""
    question = "hoeveel lestijden toah krijgt een leerling met een chronische ziekte"
    asked = render_answer(answer_question(repo, question, "info", ["partner:toah"]), "parent").text
    assert "vier lestijden" in asked or "4 lestijden" in asked
    toah = repo.get_item("checklist:toah")
    assert toah is not None
    from knowledge.answers import answer_item

    general = render_answer(answer_item(repo, toah, "info"), "parent").text
    assert "lestijden" not in general


@pytest.mark.parametrize(
    ("text", "topics", "section"),
    [
        # A named partner is what the question is about: an item about that partner answers, not its description.
        ("vertelt de clb gewoon door aan de politie wat ik haar zeg", ["partner:clb", "partner:politie"], "bijlage.1"),
        ("heeft een leerkracht beroepsgeheim", ["term:beroepsgeheim"], "bijlage.1"),
    ],
)
def test_a_general_question_that_names_a_topic_gets_the_item_about_it(
    repo: KnowledgeRepository, text: str, topics: list[str], section: str
) -> None:
    answer = answer_question(repo, text, "info", topics)
    assert section in [s.id for s in answer.sections]


def test_the_named_topic_answers_when_no_item_speaks_of_it(repo: KnowledgeRepository) -> None:
    answer = answer_question(
        repo, "wa doet naft juist? heb een leerling die compleet aan het afhaken is", "info", ["partner:naft"]
    )
    assert answer.item_id == "partner:naft"


@pytest.mark.parametrize(
    "text",
    [
        # Nothing to compare: a general question.
        "welke soorten spijbelen worden er onderscheiden",
    ],
)
def test_a_difference_question_without_two_things_is_a_general_one(repo: KnowledgeRepository, text: str) -> None:
    answer = answer_question(repo, text, "difference", ["term:spijbelen"])
    assert answer.facet != "difference"


def test_an_explained_difference_needs_both_things_the_user_compares(repo: KnowledgeRepository) -> None:
    """ "is drop-out hetzelfde als spijbelen" is not answered with the draaiboek's "schoolweigering and spijbelen"."""
    answer = answer_question(repo, "is drop-out hetzelfde als spijbelen", "difference", ["term:spijbelen"])
    assert "schoolweigering" not in " ".join(item_name(i).lower() for i in answer.items)


def test_contact_data_and_the_phrase_contact_opnemen_are_told_apart(repo: KnowledgeRepository) -> None:
    from knowledge.answers import facet_from_words

    assert facet_from_words("telefoonnummer van naft", "info") == "contact"
    assert facet_from_words("neemt naft dan contact met ons op", "info") == "info"


def test_referral_and_contact_belong_to_a_partner(repo: KnowledgeRepository) -> None:
    """A contact question about a term ("contact school en ziek zijn" names the partner, fine; "hoe contacteer ik
    spijbelen" does not) is a general question, never "Contactgegevens van spijbelen"."""
    answer = answer_question(repo, "hoe contacteer ik spijbelen", "contact", ["term:spijbelen"])
    assert answer.facet == "info"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ik ga al 3 maand ni meer naar school maar sta nog wel ingeschreven, hoe noemen ze da", "absence-type"),
        ("soms gaan we met de bende brossen en mijn ma weet van niks, wat voor spijbelaar ben ik", "absence-type"),
    ],
)
def test_a_question_for_the_name_of_an_absence_gets_a_kind(repo: KnowledgeRepository, text: str, kind: str) -> None:
    answer = answer_question(repo, text, "info")
    assert answer.status == "answer" and answer.items[0].kind == kind


def test_a_difference_is_never_between_two_topics_of_the_draaiboek(repo: KnowledgeRepository) -> None:
    """Topics are passages, not things: "Het verschil tussen Risicofactoren voor schoolweigering en Onwil, ..." says
    nothing. Two things of one kind are compared, else the question is a general one."""
    text = (
        "hoe maak ik het onderscheid tussen ouders die hun kind niet naar school willen sturen en die het niet kunnen"
    )
    answer = answer_question(repo, text, "info")
    assert answer.facet != "difference" or not any(i.kind == "topic" for i in answer.items)


@pytest.mark.parametrize(
    ("text", "phase"),
    [
        (
            "wat is fase 3 bij problematische afwezigheid, als de leerling echt niet meer naar school te krijgen is",
            "b-code.3",
        ),
        ("wat gebeurt er in fase 2 bij schoolweigering", "schoolweigering.2"),
    ],
)
def test_a_phase_named_by_its_number_is_that_phase(repo: KnowledgeRepository, text: str, phase: str) -> None:
    answer = answer_question(repo, text, "info")
    assert answer.item_id == f"phase:{phase}"
