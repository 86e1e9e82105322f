"""POST /api/v1/guidance/partners: which partner fits. Happy paths per role, Dutch 422s, the OpenAPI page."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

PATH = "/api/v1/guidance/partners"
FIT_FIELDS = {"id", "name", "kind", "why", "reasons", "referral", "phases", "for_whom", "when", "sources"}


def post(client: TestClient, body: Any) -> Any:
    return client.post(PATH, json=body)


# -- happy paths ----------------------------------------------------------------------------------
def test_stuck_after_clb_and_naft_is_rots(client: TestClient) -> None:
    r = post(client, {"track": "b-code", "phase": 3, "tried": ["clb", "naft"], "concerns": ["stuck"]})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"track", "phase", "summary", "partners", "left_out", "reasons", "sources"}
    assert (body["track"], body["phase"]) == ("b-code", 3)
    assert body["summary"] == "Best passend: ROTS, AGODI en CLB."
    rots = body["partners"][0]
    assert set(rots) == FIT_FIELDS
    assert rots["id"] == "rots"
    assert rots["why"]["sections"] == ["actoren.15.1", "actieplan.1.4"]
    assert rots["why"] == rots["reasons"][0]
    assert rots["referral"]["route"] == "clb"
    assert rots["referral"]["explanation"] == "Het CLB meldt aan; de school meldt niet zelf aan."
    assert rots["phases"] == [3]
    assert rots["sources"][0] == {
        "section": "actoren.15.1",
        "title": "ROTS (Regionaal Overleg Tegen Schooluitval): consult en overlegtafel",
    }
    assert [lo["id"] for lo in body["left_out"]] == ["naft"]
    assert body["left_out"][0]["sections"] == ["actoren.15.1"]
    assert {"actoren.15.1", "actieplan.1.4", "actoren.6"} <= {s["section"] for s in body["sources"]}


def test_unwilling_parents_police_with_the_meldingsfiche(client: TestClient) -> None:
    body = post(client, {"track": "b-code", "phase": 1, "parents": "unwilling"}).json()
    police = body["partners"][0]
    assert police["id"] == "politie"
    assert police["referral"]["route"] == "school_with_clb"
    assert any("meldingsfiche" in d for d in police["referral"]["documents"])
    assert "actoren.12" in police["why"]["sections"]


def test_safety_at_home_via_the_clb(client: TestClient) -> None:
    body = post(client, {"track": "b-code", "phase": 2, "concerns": ["home_safety"]}).json()
    assert [p["id"] for p in body["partners"][:3]] == ["vk", "ocj", "clb"]
    assert all(p["referral"]["route"] == "clb" for p in body["partners"][:2])
    assert any(r["text"].startswith("De school meldt zelf niet aan bij het OCJ of het VK") for r in body["reasons"])


def test_role_staff_is_the_default(client: TestClient) -> None:
    request = {"track": "b-code", "phase": 2, "parents": "powerless"}
    assert post(client, request).json() == post(client, {**request, "role": "staff"}).json()


@pytest.mark.parametrize(
    ("role", "summary", "police"),
    [
        (
            "staff",
            "Best passend: CLB, Brugfiguur onderwijs en Gezinsbegeleiding.",
            "Niet de politie: bij onmacht (de ouders doen moeite, maar het lukt niet) is begeleiding en ondersteuning "
            "nodig, en dus een doorverwijzing naar de hulpverlening.",
        ),
        (
            "parent",
            "Deze partners kunnen helpen: CLB, Brugfiguur onderwijs en Gezinsbegeleiding.",
            "Niet de politie: doe je als ouder je best maar lukt het niet, dan is hulp nodig en geen politie.",
        ),
        (
            "youth",
            "Deze partners kunnen helpen: CLB, Brugfiguur onderwijs en Gezinsbegeleiding.",
            "Niet de politie: doen je ouders hun best maar lukt het niet, dan is hulp nodig en geen politie.",
        ),
    ],
)
def test_each_role_gets_its_own_words_and_the_same_facts(
    client: TestClient, role: str, summary: str, police: str
) -> None:
    request = {"track": "b-code", "phase": 2, "parents": "powerless"}
    staff = post(client, request).json()
    body = post(client, {**request, "role": role}).json()
    assert body["summary"] == summary
    assert [(lo["id"], lo["name"], lo["sections"]) for lo in body["left_out"]] == [
        ("politie", "Lokale politie", ["actoren.4.2", "actoren.12"])
    ]
    assert body["left_out"][0]["why"]["text"] == police
    # the facts do not change with the role
    assert [p["id"] for p in body["partners"]] == [p["id"] for p in staff["partners"]]
    for mine, theirs in zip(body["partners"], staff["partners"], strict=True):
        assert mine["sources"] == theirs["sources"]
        assert mine["referral"]["route"] == theirs["referral"]["route"]
        assert [r["sections"] for r in mine["reasons"]] == [r["sections"] for r in theirs["reasons"]]
    assert body["sources"] == staff["sources"]


def test_youth_reads_plain_words(client: TestClient) -> None:
    body = post(client, {"track": "schoolweigering", "phase": 2, "concerns": ["mental_health"], "role": "youth"}).json()
    cgg = body["partners"][0]
    assert cgg["id"] == "cgg"
    assert cgg["why"]["text"] == (
        "Het CGG (centrum voor geestelijke gezondheidszorg) helpt als het psychisch niet goed met je gaat. Het CLB "
        "kan je doorverwijzen."
    )
    assert (
        cgg["referral"]["explanation"]
        == "Het CLB meldt je aan. Vraag ernaar bij het CLB of bij je leerlingenbegeleider."
    )
    assert body["reasons"][-1]["text"].endswith("iedereen werkt samen rond jou.")


def test_outflow_without_phase(client: TestClient) -> None:
    body = post(client, {"track": "uitstroom", "level": "basis"}).json()
    assert body["phase"] is None
    assert "uitstroombegeleiding" in [lo["id"] for lo in body["left_out"]]
    assert body["partners"][0]["id"] == "clb"


# -- invalid input --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({}, "track", "Het veld 'track' is verplicht."),
        (
            {"track": "spijbelen"},
            "track",
            "Het veld 'track' moet een van deze waarden zijn: 'b-code', 'ziekte', 'schoolweigering' of 'uitstroom'.",
        ),
        ({"track": "b-code", "phase": 4}, "phase", "Het veld 'phase' is te groot (maximaal 3)."),
        ({"track": "b-code", "phase": -1}, "phase", "Het veld 'phase' is te klein (minimaal 0)."),
        ({"track": "b-code", "phase": "twee"}, "phase", "Het veld 'phase' moet een geheel getal zijn."),
        (
            {"track": "b-code", "tried": ["cgg"]},
            "tried.0",
            "Het veld 'tried.0' moet een van deze waarden zijn: 'clb', 'naft', 'politie' of 'transitietraject'.",
        ),
        ({"track": "b-code", "tried": "naft"}, "tried", "Het veld 'tried' moet een lijst zijn."),
        (
            {"track": "b-code", "concerns": ["boos"]},
            "concerns.0",
            "Het veld 'concerns.0' moet een van deze waarden zijn: 'home_safety', 'mental_health', 'welfare', "
            "'learning', 'stuck' of 'newcomer'.",
        ),
        (
            {"track": "b-code", "parents": "boos"},
            "parents",
            "Het veld 'parents' moet een van deze waarden zijn: 'cooperative', 'powerless', 'unwilling' of "
            "'unreachable'.",
        ),
        (
            {"track": "b-code", "level": "lager"},
            "level",
            "Het veld 'level' moet een van deze waarden zijn: 'basis' of 'secundair'.",
        ),
        (
            {"track": "b-code", "pupil_refuses": "soms"},
            "pupil_refuses",
            "Het veld 'pupil_refuses' moet true of false zijn.",
        ),
        ({"track": "b-code", "school": "X"}, "school", "Het veld 'school' is geen gekend veld."),
        (
            {"track": "b-code", "role": "teacher"},
            "role",
            "Het veld 'role' moet een van deze waarden zijn: 'staff', 'parent' of 'youth'.",
        ),
    ],
)
def test_invalid_input_gets_a_dutch_422_naming_the_field(
    client: TestClient, body: Any, field: str, message: str
) -> None:
    r = post(client, body)
    assert r.status_code == 422
    data = r.json()
    assert {"field": field, "message": message} in data["errors"]
    assert message in data["detail"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"track": "b-code", "tried": ["naft", "naft"]}, "Het veld 'tried' bevat 'naft' twee keer."),
        (
            {"track": "b-code", "concerns": ["stuck", "welfare", "stuck"]},
            "Het veld 'concerns' bevat 'stuck' twee keer.",
        ),
    ],
)
def test_doubles_get_a_dutch_422(client: TestClient, body: Any, message: str) -> None:
    r = post(client, body)
    assert r.status_code == 422
    assert r.json()["detail"] == message


def test_too_many_values_get_a_422(client: TestClient) -> None:
    r = post(client, {"track": "b-code", "tried": ["clb", "naft", "politie", "transitietraject", "clb"]})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "tried"


@pytest.mark.parametrize("content", [b"[1, 2", b'["b-code"]', b"\xff\xfe"])
def test_broken_or_non_object_body_gets_a_422(client: TestClient, content: bytes) -> None:
    r = client.post(PATH, content=content, headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert r.json()["detail"]


# -- OpenAPI --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def openapi(kb_engine: Any, api_settings: Any) -> dict[str, Any]:
    from api.main import create_app

    return create_app(api_settings).openapi()


def _ref_name(schema: dict[str, Any]) -> str:
    return str(schema["$ref"]).rsplit("/", 1)[-1]


def test_openapi_has_the_endpoint_with_examples(openapi: dict[str, Any]) -> None:
    operation = openapi["paths"][PATH]["post"]
    assert operation["tags"] == ["begeleiding"]
    assert operation["summary"] == "Welke partner past bij deze situatie?"
    assert _ref_name(operation["requestBody"]["content"]["application/json"]["schema"]) == "PartnersRequest"
    assert _ref_name(operation["responses"]["200"]["content"]["application/json"]["schema"]) == "PartnersResponse"
    schemas = openapi["components"]["schemas"]
    for name in ("PartnersRequest", "PartnersResponse"):
        assert schemas[name]["examples"], name
    for field, schema in schemas["PartnersRequest"]["properties"].items():
        assert schema.get("description"), field


def test_the_openapi_examples_are_accepted(client: TestClient, openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]
    for example in schemas["PartnersRequest"]["examples"]:
        r = post(client, example)
        assert r.status_code == 200, (example, r.json())
        assert set(r.json()) == set(schemas["PartnersResponse"]["properties"])
    response_example = schemas["PartnersResponse"]["examples"][0]
    actual = post(client, schemas["PartnersRequest"]["examples"][0]).json()
    assert response_example["summary"] == actual["summary"]
    assert response_example["partners"][0]["id"] == actual["partners"][0]["id"]
    assert response_example["partners"][0]["why"] == actual["partners"][0]["why"]
