"""The knowledge endpoints: codes, absence types, partners, glossary, search; 404 and 422 in Dutch."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

SECTION_KEYS = {"section", "title"}


def assert_sections(sections: list[dict[str, str]]) -> None:
    assert sections, "elk record citeert minstens één sectie"
    for s in sections:
        assert set(s) == SECTION_KEYS
        assert s["section"] and s["title"] and s["title"] != s["section"]


# -- codes -----------------------------------------------------------------------------------------------
def test_list_codes(client: TestClient) -> None:
    response = client.get("/api/v1/codes")
    assert response.status_code == 200
    codes = response.json()
    assert {"Z", "R", "P", "M", "A", "B", "L", "H"} <= {c["code"] for c in codes}
    for code in codes:
        assert code["name"] and code["summary"] and code["category"]
        assert_sections(code["sections"])
        for reason in code["reasons"]:
            assert reason["id"] and reason["text"]
            assert_sections(reason["sections"])


@pytest.mark.parametrize("code", ["Z", "z", " z "])
def test_get_code(client: TestClient, code: str) -> None:
    response = client.get(f"/api/v1/codes/{code}")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "Z"
    assert any(
        "3 opeenvolgende kalenderdagen" in text
        for text in [*body["limits"], body["summary"]] + [r["limit"] or "" for r in body["reasons"]]
    )


def test_unknown_code(client: TestClient) -> None:
    response = client.get("/api/v1/codes/Q")
    assert response.status_code == 404
    detail = response.json()["detail"]
    assert detail.startswith("Onbekende code 'Q'. Gekende codes: Z, R, P, M, A")
    for code in "ZRPMABLH":
        assert code in detail


def test_unknown_long_code_is_shortened_in_the_message(client: TestClient) -> None:
    response = client.get("/api/v1/codes/" + "X" * 300)
    assert response.status_code == 404
    assert len(response.json()["detail"]) < 200


# -- absence types ---------------------------------------------------------------------------------------
def test_list_absence_types(client: TestClient) -> None:
    response = client.get("/api/v1/absence-types")
    assert response.status_code == 200
    types = response.json()
    assert len(types) >= 10
    for t in types:
        assert t["id"] and t["name"] and t["signals"]
        assert_sections(t["sections"])


def test_filter_absence_types_by_group(client: TestClient) -> None:
    response = client.get("/api/v1/absence-types", params={"group": "spijbelvorm"})
    assert response.status_code == 200
    types = response.json()
    assert types and {t["group"] for t in types} == {"spijbelvorm"}


def test_bad_absence_type_group(client: TestClient) -> None:
    response = client.get("/api/v1/absence-types", params={"group": "vakantie"})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("Het veld 'group' moet een van deze waarden zijn: 'spijbelvorm'")
    assert " or " not in body["detail"] and "' of '" in body["detail"]
    assert body["errors"][0]["field"] == "group"


def test_get_absence_type(client: TestClient) -> None:
    first = client.get("/api/v1/absence-types").json()[0]
    response = client.get(f"/api/v1/absence-types/{first['id']}")
    assert response.status_code == 200
    assert response.json() == first


def test_unknown_absence_type(client: TestClient) -> None:
    response = client.get("/api/v1/absence-types/vakantiegevoel")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Onbekende soort afwezigheid 'vakantiegevoel'. Gekende soorten: ")


# -- partners --------------------------------------------------------------------------------------------
def test_list_partners(client: TestClient) -> None:
    response = client.get("/api/v1/partners")
    assert response.status_code == 200
    partners = response.json()
    assert {"clb", "naft", "rots", "politie", "bednet"} <= {p["id"] for p in partners}
    for p in partners:
        assert p["referral"]["who"] and p["referral"]["how"]
        assert_sections(p["sections"])


def test_filter_partners(client: TestClient) -> None:
    everything = client.get("/api/v1/partners").json()
    justitie = client.get("/api/v1/partners", params={"kind": "justitie"}).json()
    assert justitie and {p["kind"] for p in justitie} == {"justitie"}
    assert {p["id"] for p in justitie} == {p["id"] for p in everything if p["kind"] == "justitie"}
    ziekte = client.get("/api/v1/partners", params={"track": "ziekte"}).json()
    assert ziekte and all("ziekte" in p["tracks"] for p in ziekte)
    both = client.get("/api/v1/partners", params={"kind": "onderwijs", "track": "ziekte"}).json()
    assert all(p["kind"] == "onderwijs" and "ziekte" in p["tracks"] for p in both)


@pytest.mark.parametrize(("param", "value"), [("kind", "ziekenhuis"), ("track", "spijbelen")])
def test_bad_partner_filter(client: TestClient, param: str, value: str) -> None:
    response = client.get("/api/v1/partners", params={param: value})
    assert response.status_code == 422
    assert response.json()["detail"].startswith(f"Het veld '{param}' moet een van deze waarden zijn: ")


def test_get_partner(client: TestClient) -> None:
    response = client.get("/api/v1/partners/rots")
    assert response.status_code == 200
    rots = response.json()
    assert rots["name"] == "ROTS"
    assert "annick.steyt@samentegenschooluitval-wvl.be" in {c["email"] for c in rots["contacts"]}
    assert "+32 499 88 66 93" in {c["phone"] for c in rots["contacts"]}
    assert any(s["section"] == "actoren.15.1" for s in rots["sections"])
    assert client.get("/api/v1/partners/ROTS").json() == rots


def test_unknown_partner(client: TestClient) -> None:
    response = client.get("/api/v1/partners/directie")
    assert response.status_code == 404
    detail = response.json()["detail"]
    assert detail.startswith("Onbekende partner 'directie'. Gekende partners: ")
    assert "clb" in detail and "rots" in detail


# -- glossary --------------------------------------------------------------------------------------------
def test_glossary(client: TestClient) -> None:
    response = client.get("/api/v1/glossary")
    assert response.status_code == 200
    terms = response.json()
    by_term = {t["term"]: t for t in terms}
    assert by_term["CLB"]["expansion"] == "Centrum voor Leerlingenbegeleiding"
    assert by_term["CLB"]["id"] == "clb"
    assert len({t["id"] for t in terms}) == len(terms)
    for t in terms:
        assert_sections(t["sections"])


# -- search ----------------------------------------------------------------------------------------------
def test_search(client: TestClient) -> None:
    response = client.get("/api/v1/search", params={"q": "spijbelaars", "limit": 5})
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "spijbelaars"
    assert body["count"] == len(body["results"]) == 5
    scores = [r["score"] for r in body["results"]]
    assert scores == sorted(scores, reverse=True)
    for r in body["results"]:
        assert set(r) == {"id", "kind", "title", "snippet", "score", "sections"}
        assert_sections(r["sections"])


def test_search_forms_meet_through_the_api(client: TestClient) -> None:
    ids = [
        {r["id"] for r in client.get("/api/v1/search", params={"q": q}).json()["results"]}
        for q in ("spijbelde", "spijbelen", "spijbelaars")
    ]
    assert ids[0] == ids[1]
    assert ids[0] & ids[2]


def test_search_default_limit_and_kind_filter(client: TestClient) -> None:
    assert client.get("/api/v1/search", params={"q": "politie"}).json()["count"] == 10
    response = client.get("/api/v1/search", params=[("q", "politie"), ("kind", "partner"), ("kind", "term")])
    assert response.status_code == 200
    assert {r["kind"] for r in response.json()["results"]} <= {"partner", "term"}


def test_search_without_matches(client: TestClient) -> None:
    response = client.get("/api/v1/search", params={"q": "de het een"})
    assert response.status_code == 200
    assert response.json() == {"query": "de het een", "count": 0, "results": []}


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({}, "q", "Het veld 'q' is verplicht."),
        ({"q": ""}, "q", "De zoekvraag 'q' mag niet leeg zijn."),
        ({"q": "   "}, "q", "De zoekvraag 'q' mag niet leeg zijn."),
        ({"q": "x" * 501}, "q", "Het veld 'q' is te lang (maximaal 500 tekens)."),
        ({"q": "ziek", "limit": 0}, "limit", "Het veld 'limit' is te klein (minimaal 1)."),
        ({"q": "ziek", "limit": 51}, "limit", "Het veld 'limit' is te groot (maximaal 50)."),
        ({"q": "ziek", "limit": "tien"}, "limit", "Het veld 'limit' moet een geheel getal zijn."),
        ({"q": "ziek", "kind": "boek"}, "kind", "Het veld 'kind.0' moet een van deze waarden zijn"),
    ],
)
def test_search_bad_parameters(client: TestClient, params: dict[str, object], field: str, message: str) -> None:
    response = client.get("/api/v1/search", params=params)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith(message)
    assert body["errors"][0]["field"].startswith(field)


def test_openapi_documents_the_endpoints(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in [
        "/api/v1/codes",
        "/api/v1/codes/{code}",
        "/api/v1/absence-types",
        "/api/v1/partners",
        "/api/v1/partners/{partner_id}",
        "/api/v1/glossary",
        "/api/v1/search",
        "/api/v1/sections",
    ]:
        assert path in schema["paths"], path
    components = schema["components"]["schemas"]
    assert "example" in components["CodeOut"]
    assert "example" in components["PartnerDetailOut"]
    assert "example" in components["SearchOut"]
