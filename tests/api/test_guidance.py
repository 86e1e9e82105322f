"""POST /api/v1/guidance/...: happy paths, Dutch 422s naming the field, OpenAPI examples."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

BASE = "/api/v1/guidance"


def post(client: TestClient, path: str, body: Any) -> Any:
    return client.post(f"{BASE}/{path}", json=body)


# -- happy paths ----------------------------------------------------------------------------------
def test_leerplicht(client: TestClient) -> None:
    r = post(client, "leerplicht", {"birth_date": "2007-07-01"})
    assert r.status_code == 200
    body = r.json()
    assert (body["start"], body["end"]) == ("2012-09-01", "2025-06-30")
    assert body["explanation"].startswith("Leerplichtig van 1 september 2012 tot 30 juni 2025")
    assert body["sources"][0]["section"] == "terminologie.1"
    assert body["sources"][0]["title"].startswith("De leerplicht")


def test_leerplicht_birthday_on_30_june(client: TestClient) -> None:
    body = post(
        client,
        "leerplicht",
        {"birth_date": "2007-06-30", "first_two_years_secondary_done": True, "on_date": "2025-06-30"},
    ).json()
    assert (body["end"], body["part_time_age"], body["part_time_from"], body["compulsory_on_date"]) == (
        "2025-06-30",
        15,
        "2022-06-30",
        True,
    )


def test_b_codes(client: TestClient) -> None:
    r = post(client, "b-codes", {"b_codes": 5, "age": 14, "parents": "cooperative"})
    assert r.status_code == 200
    body = r.json()
    assert body["phase"] == 1  # the count alone is phase 1: the CLB signal is a step of fase 1 (draaiboek 2104-2125)
    assert body["compulsory_school_age"] is True
    step_ids = [s["id"] for s in body["steps"]]
    assert {"b-signaleren-clb", "b-clb-verplicht-traject", "b-contact-eerste-b-code"} <= set(step_ids)
    assert "b-politie-onwil" not in step_ids
    first = body["steps"][0]
    assert set(first) == {
        "id",
        "actor",
        "actor_name",
        "action",
        "summary",
        "mandatory",
        "phase",
        "why",
        "documents",
        "sections",
    }
    assert first["id"] == "b-contact-eerste-b-code"
    assert first["summary"]
    assert first["mandatory"] is True
    assert "clb" in [p["id"] for p in body["partners"]]
    assert {"actoren.2", "actoren.4.1"} <= {s["section"] for s in body["sources"]}


def test_b_codes_unwilling_parents_and_age_18(client: TestClient) -> None:
    minor = post(client, "b-codes", {"b_codes": 6, "age": 17, "parents": "unwilling", "clb_involved": True}).json()
    adult = post(client, "b-codes", {"b_codes": 6, "age": 18, "parents": "unwilling", "clb_involved": True}).json()
    assert "b-politie-onwil" in [s["id"] for s in minor["steps"]]
    assert "b-politie-onwil" not in [s["id"] for s in adult["steps"]]
    assert adult["compulsory_school_age"] is False
    police = next(s for s in minor["steps"] if s["id"] == "b-politie-onwil")
    assert any("meldingsfiche" in d for d in police["documents"])


def test_classification(client: TestClient) -> None:
    r = post(
        client,
        "classification",
        {"feeling": "negative", "parents_know": False, "location": "elsewhere", "enrolled": True},
    )
    assert r.status_code == 200
    body = r.json()
    assert body["certainty"] == "likely"
    assert [t["id"] for t in body["types"]] == ["traditionele-spijbelaars"]
    assert (body["code"], body["tracks"]) == ("B", ["b-code"])


def test_classification_several_types(client: TestClient) -> None:
    body = post(client, "classification", {"feeling": "anxious", "parents_know": True, "location": "home"}).json()
    assert body["certainty"] == "several"
    assert body["summary"].startswith("Meerdere types zijn mogelijk")
    assert body["distinguish"]


def test_which_code(client: TestClient) -> None:
    r = post(client, "which-code", {"reason": "briefje-ouders", "consecutive_days": 3, "parent_note_number": 5})
    assert r.status_code == 200
    body = r.json()
    assert body["code"] == "B"
    assert [a["code"] for a in body["alternatives"]] == ["Z"]
    assert {s["section"] for s in body["sources"]} == {"terminologie.2.1", "terminologie.2.2"}


def test_which_code_funeral(client: TestClient) -> None:
    body = post(client, "which-code", {"reason": "begrafenis"}).json()
    assert (body["code"], body["category"]) == ("R", "gewettigd")


def test_toah(client: TestClient) -> None:
    r = post(
        client,
        "toah",
        {
            "level": "basis",
            "special_needs_education": False,
            "days_absent_consecutive": 22,
            "chronic": False,
            "half_days_absent": 0,
            "distance_km": 10,
        },
    )
    assert r.status_code == 200
    body = r.json()
    assert (body["eligible"], body["school_decides"], body["status"]) == (True, False, "eligible")
    assert [s["id"] for s in body["next_steps"]] == [
        "ziekte-f1-ouders-informeren",
        "ziekte-f1-toah-aanvragen",
        "ziekte-f1-toah-melden",
    ]
    assert body["sio"]["status"] == "can_apply"
    assert body["school_en_ziek_zijn"]["status"] == "can_apply"
    assert "actieplan.2.2.1" in {s["section"] for s in body["sources"]}


@pytest.mark.parametrize(
    ("body", "eligible", "school_decides", "status"),
    [
        ({"days_absent_consecutive": 21}, False, False, "not_yet"),
        ({"days_absent_consecutive": 30, "distance_km": 11}, False, True, "school_decides"),
        ({"days_absent_consecutive": 30, "distance_km": 20, "special_needs_education": True}, True, False, "eligible"),
        (
            {"days_absent_consecutive": 30, "distance_km": 21, "special_needs_education": True},
            False,
            True,
            "school_decides",
        ),
        ({"chronic": True, "half_days_absent": 8}, False, False, "not_yet"),
        ({"chronic": True, "half_days_absent": 9}, True, False, "eligible"),
    ],
)
def test_toah_boundaries(
    client: TestClient, body: dict[str, Any], eligible: bool, school_decides: bool, status: str
) -> None:
    request = {
        "level": "secundair",
        "special_needs_education": False,
        "days_absent_consecutive": 0,
        "chronic": False,
        "half_days_absent": 0,
        "distance_km": 5,
        **body,
    }
    result = post(client, "toah", request).json()
    assert (result["eligible"], result["school_decides"], result["status"]) == (eligible, school_decides, status)


def test_outflow(client: TestClient) -> None:
    r = post(client, "outflow", {"age": 18, "wish": "werken"})
    assert r.status_code == 200
    body = r.json()
    assert (body["compulsory_school_age"], body["may_leave_school"]) == (False, True)
    assert [route["wish"] for route in body["routes"]] == ["werken"]
    assert "vdab" in [h["id"] for h in body["helpers"]]
    assert "actoren.15.2" in {s["section"] for s in body["sources"]}


# -- role: the same facts, other words ------------------------------------------------------------
def test_leerplicht_role_parent_gets_the_parent_wording(client: TestClient) -> None:
    staff = post(client, "leerplicht", {"birth_date": "2007-07-01"}).json()
    parent = post(client, "leerplicht", {"birth_date": "2007-07-01", "role": "parent"}).json()
    assert staff["explanation"] == (
        "Leerplichtig van 1 september 2012 tot 30 juni 2025 (tenzij de jongere eerder een diploma secundair "
        "onderwijs behaalt)."
    )
    assert parent["explanation"] == (
        "Je kind is leerplichtig van 1 september 2012 tot 30 juni 2025. Haalt het eerder een diploma secundair "
        "onderwijs, dan stopt de leerplicht dan al."
    )
    assert parent["reasons"][0]["text"].startswith(
        "Een kind is leerplichtig vanaf 1 september van het jaar waarin het 5 wordt."
    )
    # the facts do not change with the role
    for field in ("start", "end", "part_time_age", "part_time_from", "compulsory_on_date", "sources"):
        assert parent[field] == staff[field], field
    assert [r["sections"] for r in parent["reasons"]] == [r["sections"] for r in staff["reasons"]]
    assert parent["reasons"] != staff["reasons"]


def test_role_staff_is_the_default(client: TestClient) -> None:
    request = {"b_codes": 5, "age": 14, "parents": "powerless"}
    assert post(client, "b-codes", request).json() == post(client, "b-codes", {**request, "role": "staff"}).json()


def test_b_codes_role_renders_reasons_steps_and_partners(client: TestClient) -> None:
    request = {"b_codes": 5, "age": 14, "parents": "powerless"}
    staff = post(client, "b-codes", request).json()
    youth = post(client, "b-codes", {**request, "role": "youth"}).json()
    assert youth["reasons"][0]["text"].startswith("Je hebt 5 B-codes.")
    assert staff["reasons"][0]["text"].startswith("Met 5 B-codes (vanaf 5 al dan niet gespreide halve dagen")
    signal = {s["id"]: s for s in youth["steps"]}["b-signaleren-clb"]
    assert signal["why"] == "Je hebt 5 B-codes. Vanaf 5 moet de school dit aan het CLB melden."
    assert {s["id"]: s for s in staff["steps"]}["b-signaleren-clb"]["why"] == "De leerling heeft 5 B-codes (vanaf 5)."
    parent = post(client, "b-codes", {**request, "role": "parent"}).json()
    brugfiguur = {p["id"]: p for p in parent["partners"]}["brugfiguur"]
    assert brugfiguur["why"].startswith("Een brugfiguur helpt gezinnen")
    assert [s["id"] for s in youth["steps"]] == [s["id"] for s in staff["steps"]]


def test_toah_role_youth_renders_the_nested_supports(client: TestClient) -> None:
    request = {
        "level": "secundair",
        "special_needs_education": False,
        "days_absent_consecutive": 25,
        "chronic": False,
        "half_days_absent": 0,
        "distance_km": 5,
        "role": "youth",
    }
    body = post(client, "toah", request).json()
    assert body["reasons"][0]["text"].startswith("Tijdelijk onderwijs aan huis (TOAH) bestaat")
    assert "Je bent 25 dagen na elkaar afwezig." in [r["text"].split(" Dat")[0] for r in body["reasons"]]
    assert body["school_en_ziek_zijn"]["reasons"][0]["text"].endswith(
        "die een doktersbriefje (medisch afwezigheidsattest) hebben."
    )


def test_outflow_and_classification_per_role(client: TestClient) -> None:
    staff = post(client, "outflow", {"age": 16, "wish": "werken"}).json()
    youth = post(client, "outflow", {"age": 16, "wish": "werken", "role": "youth"}).json()
    assert staff["explanation"].startswith("De jongere is nog leerplichtig")
    assert youth["explanation"].startswith("Je bent nog leerplichtig")
    assert youth["routes"][0]["text"].startswith("Alleen werken kan nog niet zolang je leerplichtig bent.")
    questions = post(client, "classification", {"role": "parent"}).json()["questions"]
    assert questions[0] == "Is je kind ingeschreven in een school?"


def test_which_code_role_parent(client: TestClient) -> None:
    body = post(client, "which-code", {"reason": "briefje-ouders", "parent_note_number": 5, "role": "parent"}).json()
    assert body["why"] == "Een briefje van jou is hier niet meer genoeg. Zonder doktersattest is het code B."
    assert body["alternatives"][0]["when"] == "als er een doktersattest is"
    assert "Dit is het 5de." in body["reasons"][1]["text"]


# -- invalid input --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "body", "field", "message"),
    [
        ("leerplicht", {}, "birth_date", "Het veld 'birth_date' is verplicht."),
        (
            "leerplicht",
            {"birth_date": "15/09/2010"},
            "birth_date",
            "Het veld 'birth_date' moet een datum zijn in de vorm JJJJ-MM-DD.",
        ),
        (
            "leerplicht",
            {"birth_date": "2999-01-01"},
            "birth_date",
            "Het veld 'birth_date' mag niet in de toekomst liggen.",
        ),
        ("leerplicht", {"birth_date": "2010-01-01", "color": "rood"}, "color", "Het veld 'color' is geen gekend veld."),
        ("b-codes", {"b_codes": -1, "age": 14}, "b_codes", "Het veld 'b_codes' is te klein (minimaal 0)."),
        ("b-codes", {"b_codes": 3}, "age", "Het veld 'age' is verplicht."),
        (
            "b-codes",
            {"b_codes": 3, "age": 14, "parents": "boos"},
            "parents",
            "Het veld 'parents' moet een van deze waarden zijn: 'cooperative', 'powerless', 'unwilling' of "
            "'unreachable'.",
        ),
        (
            "classification",
            {"feeling": "blij"},
            "feeling",
            "Het veld 'feeling' moet een van deze waarden zijn: 'anxious', 'negative', 'indifferent' of 'positive'.",
        ),
        ("classification", {"illness_days": -3}, "illness_days", "Het veld 'illness_days' is te klein (minimaal 0)."),
        ("which-code", {}, "reason", "Het veld 'reason' is verplicht."),
        (
            "which-code",
            {"reason": "briefje-ouders", "consecutive_days": "drie"},
            "consecutive_days",
            "Het veld 'consecutive_days' moet een geheel getal zijn.",
        ),
        (
            "toah",
            {
                "level": "basis",
                "special_needs_education": False,
                "days_absent_consecutive": 3,
                "chronic": False,
                "half_days_absent": 0,
            },
            "distance_km",
            "Het veld 'distance_km' is verplicht.",
        ),
        (
            "toah",
            {
                "level": "lager",
                "special_needs_education": False,
                "days_absent_consecutive": 3,
                "chronic": False,
                "half_days_absent": 0,
                "distance_km": 2,
            },
            "level",
            "Het veld 'level' moet een van deze waarden zijn: 'basis' of 'secundair'.",
        ),
        (
            "toah",
            {
                "level": "basis",
                "special_needs_education": False,
                "days_absent_consecutive": 3,
                "chronic": False,
                "half_days_absent": 0,
                "distance_km": "ver",
            },
            "distance_km",
            "Het veld 'distance_km' moet een getal zijn.",
        ),
        ("outflow", {"age": 8}, "age", "Het veld 'age' is te klein (minimaal 10)."),
        (
            "outflow",
            {"age": 16, "role": "teacher"},
            "role",
            "Het veld 'role' moet een van deze waarden zijn: 'staff', 'parent' of 'youth'.",
        ),
        (
            "outflow",
            {"age": 16, "wish": "reizen"},
            "wish",
            "Het veld 'wish' moet een van deze waarden zijn: 'kwalificatie', 'werken', 'combineren' of 'opleiding'.",
        ),
    ],
)
def test_invalid_input_gets_a_dutch_422_naming_the_field(
    client: TestClient, path: str, body: Any, field: str, message: str
) -> None:
    r = post(client, path, body)
    assert r.status_code == 422
    data = r.json()
    assert {"field": field, "message": message} in data["errors"]
    assert message in data["detail"]


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        (
            "b-codes",
            {"b_codes": 3, "age": 14, "contract_broken": True},
            "Het veld 'contract_broken' kan alleen true zijn als 'police_contract' ook true is.",
        ),
        (
            "b-codes",
            {"b_codes": 3, "age": 8, "level": "basis", "grade": 2},
            "Het veld 'grade' geldt alleen voor het secundair onderwijs.",
        ),
        (
            "leerplicht",
            {"birth_date": "2010-01-01", "registration_date": "2020-01-01"},
            "Het veld 'registration_date' geldt alleen samen met 'other_nationality': true.",
        ),
        (
            "toah",
            {
                "level": "secundair",
                "special_needs_education": False,
                "days_absent_consecutive": 3,
                "chronic": False,
                "half_days_absent": 0,
                "distance_km": 2,
                "kindergarten_year": 3,
            },
            "Het veld 'kindergarten_year' kan alleen bij level 'basis'.",
        ),
    ],
)
def test_inconsistent_input_gets_a_dutch_422(client: TestClient, path: str, body: Any, message: str) -> None:
    r = post(client, path, body)
    assert r.status_code == 422
    assert r.json()["detail"] == message


@pytest.mark.parametrize("path", ["leerplicht", "b-codes", "classification", "which-code", "toah", "outflow"])
def test_non_object_body_gets_a_422(client: TestClient, path: str) -> None:
    r = client.post(f"{BASE}/{path}", content=b"[1, 2", headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert r.json()["detail"] == "Het verzoek is geen geldige JSON."


# -- OpenAPI --------------------------------------------------------------------------------------
ENDPOINTS = {
    "leerplicht": ("LeerplichtRequest", "LeerplichtResponse"),
    "b-codes": ("BCodeRequest", "BCodeResponse"),
    "classification": ("ClassificationRequest", "ClassificationResponse"),
    "which-code": ("WhichCodeRequest", "WhichCodeResponse"),
    "toah": ("ToahRequest", "ToahResponse"),
    "outflow": ("OutflowRequest", "OutflowResponse"),
}


@pytest.fixture(scope="module")
def openapi(kb_engine: Any, api_settings: Any) -> dict[str, Any]:
    from api.main import create_app

    return create_app(api_settings).openapi()


def _ref_name(schema: dict[str, Any]) -> str:
    return str(schema["$ref"]).rsplit("/", 1)[-1]


@pytest.mark.parametrize("path", sorted(ENDPOINTS))
def test_openapi_has_each_endpoint_with_examples(openapi: dict[str, Any], path: str) -> None:
    operation = openapi["paths"][f"{BASE}/{path}"]["post"]
    assert operation["tags"] == ["begeleiding"]
    assert operation["summary"]
    request_name, response_name = ENDPOINTS[path]
    assert _ref_name(operation["requestBody"]["content"]["application/json"]["schema"]) == request_name
    assert _ref_name(operation["responses"]["200"]["content"]["application/json"]["schema"]) == response_name
    schemas = openapi["components"]["schemas"]
    for name in (request_name, response_name):
        assert schemas[name]["examples"], name
    for field, schema in schemas[request_name]["properties"].items():
        assert schema.get("description"), field


@pytest.mark.parametrize("path", sorted(ENDPOINTS))
def test_the_openapi_examples_are_accepted(client: TestClient, openapi: dict[str, Any], path: str) -> None:
    request_name, response_name = ENDPOINTS[path]
    for example in openapi["components"]["schemas"][request_name]["examples"]:
        r = post(client, path, example)
        assert r.status_code == 200, (example, r.json())
        assert set(r.json()) == set(openapi["components"]["schemas"][response_name]["properties"])
