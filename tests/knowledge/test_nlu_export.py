"""The `topic` lookup table and synonyms are generated from the knowledge base and kept in sync."""

from __future__ import annotations

import yaml

from knowledge.nlu_export import GENERIC_FORMS, OUTPUT, code_forms, generate, name_forms, topic_synonyms
from knowledge.repository import KnowledgeRepository
from knowledge.validate import read_content


def test_the_committed_file_is_what_the_content_generates() -> None:
    assert OUTPUT.read_text(encoding="utf-8") == generate(), "run `python -m knowledge.nlu_export`"


def test_every_synonym_value_is_an_item_of_the_knowledge_base(repo: KnowledgeRepository) -> None:
    synonyms = topic_synonyms(read_content())
    assert synonyms
    for item_id in synonyms:
        assert repo.get_item(item_id) is not None, item_id


def test_forms_are_unique_lower_case_and_not_generic() -> None:
    data = yaml.safe_load(OUTPUT.read_text(encoding="utf-8"))
    lookup = next(block for block in data["nlu"] if block.get("lookup") == "topic")
    forms = [line.removeprefix("- ") for line in lookup["examples"].splitlines()]
    assert len(forms) == len(set(forms))
    assert all(f == f.lower() for f in forms)
    assert not set(forms) & GENERIC_FORMS
    owners = [line for block in data["nlu"] if "synonym" in block for line in block["examples"].splitlines()]
    assert sorted(f.removeprefix("- ") for f in owners) == sorted(forms), "every form belongs to one item"


def test_partners_codes_and_types_are_all_reachable() -> None:
    content = read_content()
    synonyms = topic_synonyms(content)
    generic_partners = {"leerling", "ouders", "school"}
    for p in content.partners:
        if p.id not in generic_partners:
            assert f"partner:{p.id}" in synonyms, p.id
    for c in content.codes:
        assert f"code:{c.code}" in synonyms
    for t in content.absence_types:
        assert f"absence-type:{t.id}" in synonyms, t.id
    assert "naft" in synonyms["partner:naft"]
    assert "naadloos aansluitende flexibele trajecten" in synonyms["partner:naft"]
    assert "b-code" in synonyms["code:B"]


def test_name_forms_split_abbreviations_and_drop_articles() -> None:
    assert set(name_forms("Tijdelijk onderwijs aan huis (TOAH)")) >= {"tijdelijk onderwijs aan huis", "toah"}
    assert "lokale politie" in set(name_forms("De lokale politie"))
    assert set(code_forms("R")) >= {"code r", "r-code", "r-codes", "r code"}
