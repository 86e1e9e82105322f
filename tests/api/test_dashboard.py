"""The coordinators' dashboard: the figures of a known set of turns and feedback, as JSON, CSV and HTML."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete
from sqlalchemy.orm import Session

from api.analytics import Analytics, ChatFeedback, ChatTurn, TurnInfo
from api.deps import get_session
from api.main import create_app
from api.settings import ApiSettings
from knowledge.db import make_engine
from tests.api.apps import session_override

TOKEN = "dashboard-test-token-0123456789"
PERIOD = {"from": "2025-03-01", "to": "2025-03-07"}
ENDPOINTS = ["/dashboard", "/api/v1/dashboard", "/api/v1/dashboard.csv"]
PLOTS = ["messages", "roles", "fallback", "journeys"]
A, B, C, D, E = (f"sessie-{name}-0123456789" for name in "abcde")


def at(day: int, hour: int = 12, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=timezone.utc)


def seed(session: Session) -> None:
    """Four conversations in the first week of March 2025, and one before and one after it."""
    analytics = Analytics(session)
    turn = analytics.record_turn
    turn(A, "staff", TurnInfo("ask_b_codes", "b-codes", journey_started="b_code_form"), "5 B-codes", at(3, 9))
    turn(A, "staff", TurnInfo("inform", journey_finished="b_code_form"), "ja", at(3, 9, 5))
    turn(B, "parent", TurnInfo("nlu_fallback", fallback=True), "Mag ik u bellen op 0470 12 34 56?", at(3, 14))
    turn(B, "parent", TurnInfo("ask_info", "clb"), "wat doet het CLB", at(4, 8))
    turn(C, "youth", TurnInfo("nlu_fallback", fallback=True), "Mail me op lien.peeters@example.be", at(4, 10))
    turn(C, "youth", TurnInfo("nlu_fallback", fallback=True), "MAG IK U BELLEN OP 0470/12.34.56?", at(4, 10, 1))
    turn(D, None, TurnInfo("start_toah", "toah", journey_started="toah_form"), "ziek", at(6, 23, 59))
    turn(E, "staff", TurnInfo("greet"), "hallo", datetime(2025, 2, 28, 23, 59, 59, tzinfo=timezone.utc))
    turn(E, "staff", TurnInfo("nlu_fallback", fallback=True), "later", at(8, 0))
    feedback = analytics.record_feedback
    feedback(A, "staff", "up", "actoren.2", None, at(3, 10))
    feedback(B, "parent", "down", "actoren.2", "Te vaag, bel 050 12 34 56", at(4, 9))
    feedback(C, "youth", "up", None, "Top!", at(5, 12))
    feedback(E, "staff", "down", "toah", "buiten de periode", at(8, 1))


EXPECTED: dict[str, Any] = {
    "period": PERIOD,
    "totals": {"conversations": 4, "messages": 7, "fallbacks": 3, "feedback_up": 2, "feedback_down": 1},
    "daily": [
        {"date": "2025-03-03", "conversations": 2, "messages": 3, "fallbacks": 1, "fallback_rate": 0.3333},
        {"date": "2025-03-04", "conversations": 2, "messages": 3, "fallbacks": 2, "fallback_rate": 0.6667},
        {"date": "2025-03-06", "conversations": 1, "messages": 1, "fallbacks": 0, "fallback_rate": 0.0},
    ],
    "roles": [
        {"role": "staff", "conversations": 1, "messages": 2},
        {"role": "parent", "conversations": 1, "messages": 2},
        {"role": "youth", "conversations": 1, "messages": 2},
        {"role": "unknown", "conversations": 1, "messages": 1},
    ],
    "topics": [{"topic": "b-codes", "count": 1}, {"topic": "clb", "count": 1}, {"topic": "toah", "count": 1}],
    "intents": [
        {"intent": "nlu_fallback", "count": 3},
        {"intent": "ask_b_codes", "count": 1},
        {"intent": "ask_info", "count": 1},
        {"intent": "inform", "count": 1},
        {"intent": "start_toah", "count": 1},
    ],
    "journeys": [
        {"journey": "b_code_form", "started": 1, "finished": 1},
        {"journey": "toah_form", "started": 1, "finished": 0},
    ],
    "unplaced": [
        {"text": "mag ik u bellen op [telefoonnummer]?", "count": 2},
        {"text": "mail me op [e-mailadres]", "count": 1},
    ],
    "feedback": [{"topic": "actoren.2", "up": 1, "down": 1}, {"topic": None, "up": 1, "down": 0}],
    "comments": [
        {"date": "2025-03-05", "topic": None, "rating": "up", "comment": "Top!"},
        {"date": "2025-03-04", "topic": "actoren.2", "rating": "down", "comment": "Te vaag, bel [telefoonnummer]"},
    ],
}

EXPECTED_CSV = [
    ["figure", "date", "key", "value"],
    ["total_conversations", "", "", "4"],
    ["total_messages", "", "", "7"],
    ["total_fallbacks", "", "", "3"],
    ["total_feedback_up", "", "", "2"],
    ["total_feedback_down", "", "", "1"],
    ["conversations_per_day", "2025-03-03", "", "2"],
    ["messages_per_day", "2025-03-03", "", "3"],
    ["fallbacks_per_day", "2025-03-03", "", "1"],
    ["fallback_rate_per_day", "2025-03-03", "", "0.3333"],
    ["conversations_per_day", "2025-03-04", "", "2"],
    ["messages_per_day", "2025-03-04", "", "3"],
    ["fallbacks_per_day", "2025-03-04", "", "2"],
    ["fallback_rate_per_day", "2025-03-04", "", "0.6667"],
    ["conversations_per_day", "2025-03-06", "", "1"],
    ["messages_per_day", "2025-03-06", "", "1"],
    ["fallbacks_per_day", "2025-03-06", "", "0"],
    ["fallback_rate_per_day", "2025-03-06", "", "0.0"],
    ["conversations_per_role", "", "staff", "1"],
    ["messages_per_role", "", "staff", "2"],
    ["conversations_per_role", "", "parent", "1"],
    ["messages_per_role", "", "parent", "2"],
    ["conversations_per_role", "", "youth", "1"],
    ["messages_per_role", "", "youth", "2"],
    ["conversations_per_role", "", "unknown", "1"],
    ["messages_per_role", "", "unknown", "1"],
    ["topic", "", "b-codes", "1"],
    ["topic", "", "clb", "1"],
    ["topic", "", "toah", "1"],
    ["intent", "", "nlu_fallback", "3"],
    ["intent", "", "ask_b_codes", "1"],
    ["intent", "", "ask_info", "1"],
    ["intent", "", "inform", "1"],
    ["intent", "", "start_toah", "1"],
    ["journey_started", "", "b_code_form", "1"],
    ["journey_finished", "", "b_code_form", "1"],
    ["journey_started", "", "toah_form", "1"],
    ["journey_finished", "", "toah_form", "0"],
    ["unplaced", "", "mag ik u bellen op [telefoonnummer]?", "2"],
    ["unplaced", "", "mail me op [e-mailadres]", "1"],
    ["feedback_up", "", "actoren.2", "1"],
    ["feedback_down", "", "actoren.2", "1"],
    ["feedback_up", "", "", "1"],
    ["feedback_down", "", "", "0"],
    ["comment_up", "2025-03-05", "", "Top!"],
    ["comment_down", "2025-03-04", "actoren.2", "Te vaag, bel [telefoonnummer]"],
]


@pytest.fixture(scope="module")
def dash_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """An empty database of its own, so the figures are exactly the seeded ones."""
    path: Path = tmp_path_factory.mktemp("dashboard") / "dashboard.db"
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture()
def seeded(dash_engine: Engine) -> Engine:
    with Session(dash_engine) as session:
        Analytics(session)  # creates the tables
        session.execute(delete(ChatTurn))
        session.execute(delete(ChatFeedback))
        seed(session)
        session.commit()
    return dash_engine


def make_client(engine: Engine, settings: ApiSettings) -> TestClient:
    app = create_app(settings)
    app.dependency_overrides[get_session] = session_override(engine)
    return TestClient(app)


@pytest.fixture()
def dash(seeded: Engine, api_settings: ApiSettings) -> Iterator[TestClient]:
    with make_client(seeded, api_settings.model_copy(update={"dashboard_token": TOKEN})) as client:
        yield client


def get(client: TestClient, url: str, **params: str) -> Any:
    return client.get(url, params=params, headers={"Authorization": f"Bearer {TOKEN}"})


def csv_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


# -- the figures -----------------------------------------------------------------------------------------------
def test_the_json_figures_are_exactly_the_seeded_ones(dash: TestClient) -> None:
    response = get(dash, "/api/v1/dashboard", **PERIOD)
    assert response.status_code == 200, response.text
    assert response.json() == EXPECTED


def test_the_csv_rows_are_exactly_the_seeded_ones(dash: TestClient) -> None:
    response = get(dash, "/api/v1/dashboard.csv", **PERIOD)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == 'attachment; filename="dashboard-2025-03-01-2025-03-07.csv"'
    assert csv_of(response.text) == EXPECTED_CSV


@pytest.mark.parametrize("url", ENDPOINTS)
def test_no_personal_data_leaves_the_dashboard(dash: TestClient, url: str) -> None:
    # The plots' coordinates are numbers too: look at the text around them.
    text = re.sub(r"<svg.*?</svg>", "", get(dash, url, **PERIOD).text, flags=re.S)
    for typed in ("0470", "12 34 56", "lien", "example.be", "050 12"):
        assert typed not in text.lower()
    assert "[telefoonnummer]" in text and "[e-mailadres]" in text


def test_a_formula_in_a_comment_is_defused_in_the_csv(dash: TestClient, seeded: Engine) -> None:
    with Session(seeded) as session:
        Analytics(session).record_feedback(A, "staff", "down", None, "=HYPERLINK(1)", at(7))
        session.commit()
    rows = csv_of(get(dash, "/api/v1/dashboard.csv", **PERIOD).text)
    assert ["comment_down", "2025-03-07", "", "'=HYPERLINK(1)"] in rows


# -- the period ------------------------------------------------------------------------------------------------
def test_one_day(dash: TestClient) -> None:
    body = get(dash, "/api/v1/dashboard", **{"from": "2025-03-04", "to": "2025-03-04"}).json()
    assert body["period"] == {"from": "2025-03-04", "to": "2025-03-04"}
    assert body["daily"] == [EXPECTED["daily"][1]]
    assert body["totals"] == {"conversations": 2, "messages": 3, "fallbacks": 2, "feedback_up": 0, "feedback_down": 1}
    assert body["unplaced"] == [
        {"text": "mag ik u bellen op [telefoonnummer]?", "count": 1},
        {"text": "mail me op [e-mailadres]", "count": 1},
    ]


def test_both_days_of_the_period_are_included(dash: TestClient) -> None:
    body = get(dash, "/api/v1/dashboard", **{"from": "2025-02-28", "to": "2025-03-08"}).json()
    assert [d["date"] for d in body["daily"]] == ["2025-02-28", "2025-03-03", "2025-03-04", "2025-03-06", "2025-03-08"]
    assert body["totals"] == {"conversations": 5, "messages": 9, "fallbacks": 4, "feedback_up": 2, "feedback_down": 2}
    before = get(dash, "/api/v1/dashboard", **{"from": "2025-01-01", "to": "2025-02-27"}).json()
    assert before["daily"] == [] and before["totals"]["messages"] == 0 and before["comments"] == []


def test_by_default_the_last_30_days(dash: TestClient, seeded: Engine) -> None:
    with Session(seeded) as session:
        Analytics(session).record_turn(A, "staff", TurnInfo("greet"), "hallo")
        session.commit()
    today = datetime.now(timezone.utc).date()
    body = get(dash, "/api/v1/dashboard").json()
    assert body["period"] == {"from": (today - timedelta(days=29)).isoformat(), "to": today.isoformat()}
    assert body["daily"] == [
        {"date": today.isoformat(), "conversations": 1, "messages": 1, "fallbacks": 0, "fallback_rate": 0.0}
    ]


@pytest.mark.parametrize("url", ENDPOINTS)
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "2025-13-01"}, "Het veld 'from' moet een datum zijn in de vorm JJJJ-MM-DD."),
        ({"to": "gisteren"}, "Het veld 'to' moet een datum zijn in de vorm JJJJ-MM-DD."),
        ({"from": "2025-03-08", "to": "2025-03-01"}, "De begindatum ('from') ligt na de einddatum ('to')."),
        ({"from": "2020-01-01", "to": "2025-01-01"}, "De periode is te lang: hoogstens 1098 dagen."),
    ],
)
def test_invalid_dates_are_a_dutch_422(dash: TestClient, url: str, params: dict[str, str], message: str) -> None:
    response = get(dash, url, **params)
    assert response.status_code == 422
    assert response.json()["detail"] == message


# -- the token -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("url", ENDPOINTS)
def test_without_or_with_a_wrong_token_a_401(dash: TestClient, url: str) -> None:
    for response in (
        dash.get(url),
        dash.get(url, params={"token": "fout"}),
        dash.get(url, headers={"Authorization": "Bearer fout"}),
        dash.get(url, headers={"Authorization": f"Basic {TOKEN}"}),
        dash.get(url, params={"from": "2025-13-01"}),  # the token is checked before the period
    ):
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json() == {
            "detail": "Je hebt geen toegang tot het dashboard. Geef het juiste dashboardtoken mee."
        }


@pytest.mark.parametrize("url", ENDPOINTS)
def test_without_a_configured_token_the_dashboard_is_closed(
    seeded: Engine, api_settings: ApiSettings, url: str
) -> None:
    with make_client(seeded, api_settings.model_copy(update={"dashboard_token": ""})) as client:
        for response in (
            client.get(url),
            client.get(url, params={"token": ""}),
            client.get(url, params={"token": "x"}),
        ):
            assert response.status_code == 401
            assert response.headers["www-authenticate"] == "Bearer"
            assert "geen dashboardtoken (DASHBOARD_TOKEN) geconfigureerd" in response.json()["detail"]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_the_token_as_bearer_or_as_query_parameter(dash: TestClient, url: str) -> None:
    assert get(dash, url, **PERIOD).status_code == 200
    assert dash.get(url, params={**PERIOD, "token": TOKEN}).status_code == 200


# -- the page --------------------------------------------------------------------------------------------------
def test_the_page_has_no_script_and_a_strict_policy(dash: TestClient) -> None:
    response = dash.get("/dashboard", params={**PERIOD, "token": TOKEN})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert policy.startswith("default-src 'self'") and "unsafe" not in policy
    assert response.headers["referrer-policy"] == "no-referrer"
    page = response.text
    assert "<script" not in page.lower() and "javascript:" not in page.lower()
    assert "<style" not in page.lower()
    assert not re.findall(r"(?:src|href)=\"(?:https?:)?//", page), "nothing from elsewhere"
    # No inline style attribute anywhere, not even in the plots: the policy would block it.
    assert "style=" not in page
    assert '<html lang="nl-BE">' in page


def test_the_page_shows_each_plot_with_a_table(dash: TestClient) -> None:
    page = dash.get("/dashboard", params={**PERIOD, "token": TOKEN}).text
    for name in PLOTS:
        block = re.search(rf'<div class="figure" id="plot-{name}">(.*?)</table></div>', page, flags=re.S)
        assert block, name
        assert f'<svg xmlns="http://www.w3.org/2000/svg" id="chart-{name}"' in block.group(1)
        assert "<table>" in block.group(1)
    assert page.count("<svg") == len(PLOTS)
    assert "<title>Gesprekken per rol</title>" in page
    assert '<td>Schoolpersoneel</td><td class="number">1</td><td class="number">2</td>' in page
    assert '<td>b_code_form</td><td class="number">1</td><td class="number">1</td>' in page
    assert '<td>2025-03-04</td><td class="number">3</td><td class="number">2</td><td>66,7 %</td>' in page


def test_the_page_has_a_period_form_and_a_csv_link(dash: TestClient) -> None:
    page = dash.get("/dashboard", params={**PERIOD, "token": TOKEN}).text
    assert '<form method="get" action="/dashboard">' in page
    assert '<label for="from">Van <input type="date" id="from" name="from" value="2025-03-01">' in page
    assert '<label for="to">Tot en met <input type="date" id="to" name="to" value="2025-03-07">' in page
    assert f'<input type="hidden" name="token" value="{TOKEN}">' in page
    link = f'href="/api/v1/dashboard.csv?from=2025-03-01&amp;to=2025-03-07&amp;token={TOKEN}">Download CSV</a>'
    assert link in page
    assert '<link rel="stylesheet" href="/dashboard/dashboard.css">' in page
    css = dash.get("/dashboard/dashboard.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    for name in PLOTS:
        assert f"#chart-{name}" in css.text


def test_user_text_is_escaped(dash: TestClient, seeded: Engine) -> None:
    with Session(seeded) as session:
        analytics = Analytics(session)
        analytics.record_turn(A, "staff", TurnInfo("nlu_fallback", fallback=True), '<img src=x onerror="x()">', at(7))
        analytics.record_feedback(A, "staff", "down", "<b>t</b>", "<script>alert(1)</script>", at(7))
        session.commit()
    page = dash.get("/dashboard", params={**PERIOD, "token": TOKEN}).text
    assert "<img" not in page and "<script" not in page and "<b>t</b>" not in page
    assert "&lt;img src=x onerror=&quot;x()&quot;&gt;" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
