"""The text catalogue (knowledge/texts.py, knowledge/content/texts/*.yml) and the texts the engines return."""

from __future__ import annotations

import ast
import copy
import pickle
import re
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from knowledge import texts
from knowledge.guidance import (
    AbsenceAnswers,
    BCodeSituation,
    CodeQuestion,
    IllnessSituation,
    LeerplichtQuery,
    OutflowQuestion,
    advise_b_codes,
    advise_illness,
    advise_outflow,
    classify_absence,
    find_code,
    leerplicht_dates,
)
from knowledge.guidance.common import Reason, Text, TextParamsMismatch, content_text, reason, text
from knowledge.guidance.outflow import HELPER_SECTIONS, WISHES
from knowledge.guidance.partners import PartnerSituation, advise_partners
from knowledge.guidance.which_code import RULES
from knowledge.repository import KnowledgeRepository

ROOT = Path(__file__).resolve().parents[2]
ENGINE_MODULES = sorted((ROOT / "knowledge" / "guidance").glob("*.py"))
ACTION_MODULES = sorted((ROOT / "actions").glob("*.py"))
ENGINE_NAMESPACES = (
    "common",
    "b_codes",
    "classification",
    "illness",
    "leerplicht",
    "outflow",
    "which_code",
    "partners",
)
KEY = re.compile(rf"^(?:{'|'.join(ENGINE_NAMESPACES)})\.[a-z0-9_]+(?:\.[a-z0-9_]+)*$")
# Calls whose first argument is a catalogue key.
KEYED_CALLS = {"reason", "text", "render", "template", "Text", "Reason"}
# Keys the engines build at run time, and every key each pattern can give.
DYNAMIC_KEYS = {
    "f\"illness.count.{kind}.{('one' if count == 1 else 'many')}\"": [
        f"illness.count.{kind}.{n}"
        for kind in ("half_days", "calendar_days", "weeks", "months")
        for n in ("one", "many")
    ],
    "f'outflow.helper.{partner_id}'": [f"outflow.helper.{pid}" for pid in HELPER_SECTIONS],
    "f'outflow.route.{wish}.title'": [f"outflow.route.{wish}.title" for wish in WISHES],
}


def _called_name(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _literal_keys(path: Path, engines: bool) -> tuple[set[str], set[str]]:
    """The catalogue keys written as literals in ``path``, and the source of every run-time built key.

    In the engines every string literal that looks like one of their keys counts (keys are chosen in
    conditional expressions and tables too); elsewhere the first argument of a keyed call.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    keys: set[str] = set()
    dynamic: set[str] = set()
    for node in ast.walk(tree):
        if engines and isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY.match(node.value):
            keys.add(node.value)
        if isinstance(node, ast.Call) and _called_name(node) in KEYED_CALLS and node.args:
            first = node.args[0]
            if isinstance(first, ast.JoinedStr):
                dynamic.add(ast.unparse(first))
                continue
            for sub in ast.walk(first):  # a literal, or literals chosen by a conditional expression
                if isinstance(sub, ast.Constant) and isinstance(sub.value, str) and "." in sub.value:
                    keys.add(sub.value)
    return keys, dynamic


def _engine_keys() -> tuple[set[str], set[str]]:
    keys: set[str] = set()
    dynamic: set[str] = set()
    for path in ENGINE_MODULES:
        found, built = _literal_keys(path, engines=True)
        keys |= found
        dynamic |= built
    return keys, dynamic


# -- the catalogue ----------------------------------------------------------------------------------
def test_the_catalogue_loads_without_errors() -> None:
    found, errors = texts.check_catalogue()
    assert errors == []
    assert found == texts.load_catalogue()
    assert len(found) == len(texts.catalogue()) > 200


def test_every_engine_has_its_catalogue_file() -> None:
    names = {p.name for p in texts.TEXTS_DIR.glob("engine-*.yml")}
    for engine in ("b-codes", "classification", "illness", "leerplicht", "outflow", "which-code", "partners"):
        assert f"engine-{engine}.yml" in names


def test_every_key_the_engines_can_produce_exists() -> None:
    keys, dynamic = _engine_keys()
    assert dynamic == set(DYNAMIC_KEYS), "a new key built at run time: add it to DYNAMIC_KEYS"
    keys |= {k for built in DYNAMIC_KEYS.values() for k in built}
    keys |= {why for _code, _reason, why, _sections in RULES.values()}
    assert len(keys) > 200
    missing = sorted(k for k in keys if k not in texts.catalogue())
    assert missing == []


def test_every_key_the_actions_render_exists() -> None:
    keys: set[str] = set()
    for path in ACTION_MODULES:
        keys |= _literal_keys(path, engines=False)[0]
    missing = sorted(k for k in keys if k not in texts.catalogue())
    assert missing == []


def test_every_engine_text_is_used_by_an_engine() -> None:
    keys, _ = _engine_keys()
    keys |= {k for built in DYNAMIC_KEYS.values() for k in built}
    engine_texts = {
        key
        for path in texts.TEXTS_DIR.glob("engine-*.yml")
        for key in yaml.safe_load(path.read_text(encoding="utf-8"))["texts"]
    }
    assert sorted(engine_texts - keys) == []


@pytest.mark.parametrize("key", sorted(texts.catalogue()))
def test_every_template_renders_with_its_placeholders(key: str) -> None:
    variants = texts.catalogue()[key]
    names = texts.placeholders(variants["default"])
    values = {name: f"<{name}>" for name in names}
    for variant in variants:
        role = None if variant == "default" else variant
        out = texts.render(key, role, **values)
        for name in names:
            assert f"<{name}>" in out, (key, variant, name)
        assert "{" not in out and "}" not in out, (key, variant)
        assert out == out.strip() and "  " not in out, (key, variant)


# -- rendering ------------------------------------------------------------------------------------
def test_a_role_variant_is_used_when_asked_and_default_otherwise() -> None:
    key = "leerplicht.reason.on_date_compulsory"
    variants = texts.catalogue()[key]
    assert "staff" not in variants
    assert texts.render(key, "parent", date="1 mei 2030") == "Op 1 mei 2030 is je kind leerplichtig."
    assert texts.render(key, "youth", date="1 mei 2030") == "Op 1 mei 2030 ben je leerplichtig."
    assert texts.render(key, "staff", date="1 mei 2030") == "Op 1 mei 2030 is het kind leerplichtig."
    assert texts.render(key, None, date="1 mei 2030") == texts.render(key, "staff", date="1 mei 2030")
    # a role without a variant of its own gets the default
    assert "youth" not in texts.catalogue()["b_codes.why.powerless_parents"]
    assert (
        texts.render("b_codes.why.powerless_parents", "youth")
        == texts.catalogue()["b_codes.why.powerless_parents"]["default"]
    )


def test_no_role_means_the_staff_variant() -> None:
    key = "outflow.reason.diploma"
    assert texts.render(key) == texts.catalogue()[key]["staff"]
    assert texts.render(key, "youth") == texts.catalogue()[key]["default"]


def test_unknown_key_and_missing_value() -> None:
    with pytest.raises(texts.UnknownText, match=r"bestaat\.niet"):
        texts.render("bestaat.niet")
    with pytest.raises(KeyError) as excinfo:
        texts.render("leerplicht.reason.on_date_compulsory", "parent")
    assert str(excinfo.value) == "tekst 'leerplicht.reason.on_date_compulsory' mist een waarde voor {date}"


def test_reason_carries_key_and_renders_per_role() -> None:
    r = reason("leerplicht.reason.on_date_compulsory", ["terminologie.1"], date="1 mei 2030")
    assert r == Reason("leerplicht.reason.on_date_compulsory", ("terminologie.1",), (("date", "1 mei 2030"),))
    assert hash(r) == hash(Reason(r.key, r.sections, r.params))
    assert r.text == "Op 1 mei 2030 is het kind leerplichtig."
    assert r.render("parent") == "Op 1 mei 2030 is je kind leerplichtig."
    with pytest.raises(AttributeError):
        r.key = "x"  # type: ignore[misc]


def test_text_is_a_string_that_renders_per_role() -> None:
    t = text("classification.question.ill")
    assert isinstance(t, str)
    assert t == "Is de leerling ziek?" == t.text
    assert (t.key, t.params) == ("classification.question.ill", ())
    assert t.render("youth") == "Ben je ziek?"
    assert copy.deepcopy(t).render("parent") == pickle.loads(pickle.dumps(t)).render("parent") == "Is je kind ziek?"
    with pytest.raises(AttributeError):
        t.key = "x"
    assert content_text("Een tekst uit de inhoud.").render("youth") == "Een tekst uit de inhoud."


def test_a_nested_text_is_rendered_for_the_same_role() -> None:
    count = text("illness.count.calendar_days.many", count=12)
    r = reason("illness.toah.missing_days", ["actieplan.2.2.1"], left=count, min_days=21)
    assert r.text.startswith("Nog 12 kalenderdagen ononderbroken afwezigheid")
    assert r.render("youth").endswith("Dat duurt nog 12 kalenderdagen.")


def test_an_engine_must_give_exactly_the_placeholders() -> None:
    with pytest.raises(TextParamsMismatch, match="verwacht de waarden \\['date'\\]"):
        text("leerplicht.reason.on_date_compulsory")
    with pytest.raises(TextParamsMismatch):
        text("classification.question.ill", extra=1)


# -- what the engines return renders for every role --------------------------------------------------
def _texts_in(value: Any) -> Iterator[Text | Reason]:
    if isinstance(value, (Text, Reason)):
        yield value
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _texts_in(item)
    elif is_dataclass(value):
        for field in fields(value):
            yield from _texts_in(getattr(value, field.name))


def _engine_results(repo: KnowledgeRepository) -> Iterator[object]:
    for birth, extra in [
        (date(2007, 7, 1), {}),
        (date(2008, 3, 2), {"first_two_years_secondary_done": True, "on_date": date(2020, 1, 1)}),
        (date(2010, 1, 1), {"first_two_years_secondary_done": False, "secondary_diploma": True}),
        (date(2015, 5, 5), {"other_nationality": True, "registration_date": date(2021, 2, 1)}),
        (date(2015, 5, 5), {"other_nationality": True, "on_date": date(2019, 1, 1)}),
        (date(2005, 5, 5), {"other_nationality": True, "registration_date": date(2023, 9, 1)}),
    ]:
        yield leerplicht_dates(LeerplichtQuery(birth, **extra))  # type: ignore[arg-type]
    for situation in [
        BCodeSituation(0),
        BCodeSituation(1, age=12, parents="powerless"),
        BCodeSituation(5, age=17, level="secundair", grade=3, parents="unwilling", fast_accumulation=True),
        BCodeSituation(12, age=15, parents="unreachable", pupil_refuses=True, other_absences=False, naft_before=True),
        BCodeSituation(
            20, age=16, contract_broken=True, police_contract=True, known_problems=True, other_absences=True
        ),
        BCodeSituation(30, age=18, level="secundair", trajectory_stuck=True, no_improvement=True, clb_involved=True),
        BCodeSituation(8, age=14, worrying_situation=True, stopped_attending=True, clb_involved=True),
    ]:
        yield advise_b_codes(situation, repo)
    for answers in [
        AbsenceAnswers(),
        AbsenceAnswers(enrolled=False, home_education=True),
        AbsenceAnswers(enrolled=False),
        AbsenceAnswers(feeling="anxious", parents_know=True, location="home", ill=True, certificate="medical"),
        AbsenceAnswers(feeling="negative", parents_know=False, location="elsewhere", enrolled=True),
        AbsenceAnswers(ill=True, certificate="parents_note", illness_days=5, illness_kind="psychological"),
        AbsenceAnswers(ill=True, chronic=True, certificate="doubtful"),
        AbsenceAnswers(ill=True, illness_days=30),
        AbsenceAnswers(holiday_trip=True, parents_know=True, parents_keep_home=True),
        AbsenceAnswers(parents_know=True, location="elsewhere", feeling="indifferent"),
        AbsenceAnswers(feeling="indifferent", location="elsewhere"),
    ]:
        yield classify_absence(answers, repo)
    for ill in [
        IllnessSituation("basis", days_absent_consecutive=25, distance_km=4, condition="fysiek"),
        IllnessSituation("basis", days_absent_consecutive=10, kindergarten_year=1, age=3, medical_certificate=False),
        IllnessSituation("secundair", chronic=True, half_days_absent=8, distance_km=15, expected_half_days=10),
        IllnessSituation("secundair", True, "risicopatient", 30, distance_km=25, expected_weeks=1),
        IllnessSituation("basis", kindergarten_year=3),
        IllnessSituation("basis", condition="operatie", days_absent_consecutive=25, relapse_after_months=1),
        IllnessSituation("secundair", chronic=True, treatment_months=4, days_absent_consecutive=3),
        IllnessSituation("secundair", days_absent_consecutive=30, relapse_after_months=5),
    ]:
        yield advise_illness(ill, repo)
    for age, wish, done, diploma in [
        (14, None, None, False),
        (15, None, None, False),
        (16, "werken", None, False),
        (15, "combineren", False, False),
        (17, "combineren", None, False),
        (17, "opleiding", None, True),
        (19, None, None, False),
    ]:
        yield advise_outflow(OutflowQuestion(age, wish, None, done, diploma), repo)  # type: ignore[arg-type]
    for birth, on in [(date(2007, 10, 1), date(2025, 5, 1)), (date(2007, 10, 1), date(2025, 8, 1))]:
        yield advise_outflow(OutflowQuestion(17, birth_date=birth, on_date=on), repo)
    for why in RULES:
        yield find_code(CodeQuestion(why), repo)  # type: ignore[arg-type]
    yield find_code(CodeQuestion("briefje-ouders", consecutive_days=5, parent_note_number=8), repo)
    yield find_code(CodeQuestion("schorsing", expected_at_school=True), repo)
    yield find_code(CodeQuestion("revalidatie", special_needs_education=True), repo)
    for partners in [
        PartnerSituation("b-code", 3, tried=("clb", "naft"), concerns=("stuck",)),
        PartnerSituation("b-code", 2, concerns=("home_safety", "mental_health", "welfare", "learning", "newcomer")),
        PartnerSituation("b-code", 1, parents="unwilling", tried=("politie", "transitietraject")),
        PartnerSituation("b-code", 2, parents="powerless", pupil_refuses=True, tried=("naft",)),
        PartnerSituation("b-code", None, parents="unreachable", level="basis"),
        PartnerSituation("b-code", 1, pupil_refuses=True, tried=("politie",)),
        PartnerSituation("b-code", 1, pupil_refuses=True),
        PartnerSituation("b-code", 0),
        PartnerSituation("ziekte", 2, parents="cooperative"),
        PartnerSituation("schoolweigering", 2),
        PartnerSituation("uitstroom"),
    ]:
        yield advise_partners(partners, repo)


def test_every_engine_text_renders_for_every_role(repo: KnowledgeRepository) -> None:
    seen: set[str] = set()
    for result in _engine_results(repo):
        for item in _texts_in(result):
            seen.add(item.key)
            for role in (None, *texts.ROLES):
                rendered = item.render(role)
                assert rendered or item.key == "common.content_text", item.key
                assert "{" not in rendered, (item.key, role)
    # the situations above reach most of the engines' texts
    keys, _ = _engine_keys()
    assert len(seen & keys) / len(keys) > 0.9, sorted(keys - seen)
