"""The network coordinators' dashboard: anonymous usage figures as an HTML page, as JSON and as CSV.

``GET /dashboard`` (HTML with server-side SVG plots, no script), ``GET /api/v1/dashboard`` (JSON) and
``GET /api/v1/dashboard.csv`` (CSV) need the token of ``DASHBOARD_TOKEN``, as ``Authorization: Bearer <token>`` or
as ``?token=`` (to open the page in a browser). The period is ``?from=YYYY-MM-DD&to=YYYY-MM-DD``, both days
included (UTC); by default the last 30 days.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from html import escape
from typing import Annotated, Any
from urllib.parse import urlencode

import pygal
from fastapi import APIRouter, Depends, Header, HTTPException, Query
from fastapi.responses import HTMLResponse, Response
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from api.analytics import ROLES, Analytics
from api.deps import SessionDep, SettingsDep
from api.security import bearer, check_token

# pygal appends an old-style import hook (for its map plugins) to sys.meta_path; it makes every later import of a
# missing optional module warn (ImportWarning). The plugins are not used: the hook goes.
sys.meta_path[:] = [finder for finder in sys.meta_path if type(finder).__module__ != "pygal"]

router = APIRouter(tags=["dashboard"])

DEFAULT_DAYS = 30
MAX_DAYS = 3 * 366
ROLE_LABELS = {"staff": "Schoolpersoneel", "parent": "Ouders", "youth": "Jongeren", "unknown": "Onbekend"}
RATING_LABELS = {"up": "Duim omhoog", "down": "Duim omlaag"}
# The page: no script, no inline style, nothing from elsewhere. The plots' style comes from /dashboard/dashboard.css.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    # The token may be in the page's address: never send it on.
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}


# -- access and period -----------------------------------------------------------------------------------------
def require_token(
    settings: SettingsDep,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
    token: Annotated[str | None, Query(description="Het dashboardtoken, om de pagina in een browser te openen")] = None,
) -> str:
    """The dashboard's token, from the Authorization header or ``?token=``; 401 when it is missing or wrong."""
    return check_token(
        settings.dashboard_token,
        bearer(authorization) or token,
        unset="Het dashboard is niet ingesteld: er is geen dashboardtoken (DASHBOARD_TOKEN) geconfigureerd.",
        wrong="Je hebt geen toegang tot het dashboard. Geef het juiste dashboardtoken mee.",
    )


@dataclass(frozen=True)
class Period:
    start: date
    end: date


def _iso_day(value: Any) -> Any:
    """A day only as JJJJ-MM-DD (pydantic would also take a number of seconds since 1970, which the spec does not
    allow)."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        # The error type of pydantic's own date parsing: the 422 names the field (api/errors.py).
        raise PydanticCustomError("date_parsing", "not a date in the form YYYY-MM-DD")
    return value


Day = Annotated[date | None, BeforeValidator(_iso_day)]


def get_period(
    start: Annotated[Day, Query(alias="from", description="Eerste dag (JJJJ-MM-DD), niet na 'to'")] = None,
    end: Annotated[
        Day, Query(alias="to", description="Laatste dag (JJJJ-MM-DD), inbegrepen; hoogstens 1098 dagen na 'from'")
    ] = None,
) -> Period:
    end = end or (start + timedelta(days=DEFAULT_DAYS - 1) if start else datetime.now(timezone.utc).date())
    start = start or end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        raise HTTPException(status_code=422, detail="De begindatum ('from') ligt na de einddatum ('to').")
    if (end - start).days >= MAX_DAYS:
        raise HTTPException(status_code=422, detail=f"De periode is te lang: hoogstens {MAX_DAYS} dagen.")
    return Period(start, end)


TokenDep = Annotated[str, Depends(require_token)]
PeriodDep = Annotated[Period, Depends(get_period)]


# -- the figures -----------------------------------------------------------------------------------------------
def collect(analytics: Analytics, period: Period) -> dict[str, Any]:
    """Every figure of the dashboard for ``period``, as JSON-ready data."""
    start, end = period.start, period.end
    daily = analytics.list_daily(start, end)
    roles = analytics.list_roles(start, end)
    feedback = analytics.list_feedback(start, end)
    return {
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "totals": {
            "conversations": analytics.count_conversations(start, end),
            "messages": sum(d.messages for d in daily),
            "fallbacks": sum(d.fallbacks for d in daily),
            "feedback_up": sum(f.up for f in feedback),
            "feedback_down": sum(f.down for f in feedback),
        },
        "daily": [
            {
                "date": d.date.isoformat(),
                "conversations": d.conversations,
                "messages": d.messages,
                "fallbacks": d.fallbacks,
                "fallback_rate": d.fallback_rate,
            }
            for d in daily
        ],
        "roles": [{"role": r.role, "conversations": r.conversations, "messages": r.messages} for r in roles],
        "topics": [{"topic": t, "count": n} for t, n in analytics.count_topics(start, end)],
        "intents": [{"intent": i, "count": n} for i, n in analytics.count_intents(start, end)],
        "journeys": [
            {"journey": j.journey, "started": j.started, "finished": j.finished}
            for j in analytics.list_journeys(start, end)
        ],
        "unplaced": [{"text": t, "count": n} for t, n in analytics.list_unplaced(start, end)],
        "feedback": [{"topic": f.topic, "up": f.up, "down": f.down} for f in feedback],
        "comments": [
            {"date": c.created_at.date().isoformat(), "topic": c.topic, "rating": c.rating, "comment": c.comment}
            for c in analytics.list_comments(start, end)
        ],
    }


CSV_HEADER = ("figure", "date", "key", "value")


def csv_rows(figures: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """The figures in long format: ``figure, date, key, value`` (date and key empty where they do not apply)."""
    rows: list[tuple[str, str, str, str]] = []

    def add(figure: str, day: str, key: str | None, value: Any) -> None:
        rows.append((figure, day, key or "", str(value)))

    for name, value in figures["totals"].items():
        add(f"total_{name}", "", "", value)
    for d in figures["daily"]:
        for name in ("conversations", "messages", "fallbacks", "fallback_rate"):
            add(f"{name}_per_day", d["date"], "", d[name])
    for r in figures["roles"]:
        add("conversations_per_role", "", r["role"], r["conversations"])
        add("messages_per_role", "", r["role"], r["messages"])
    for t in figures["topics"]:
        add("topic", "", t["topic"], t["count"])
    for i in figures["intents"]:
        add("intent", "", i["intent"], i["count"])
    for j in figures["journeys"]:
        add("journey_started", "", j["journey"], j["started"])
        add("journey_finished", "", j["journey"], j["finished"])
    for u in figures["unplaced"]:
        add("unplaced", "", u["text"], u["count"])
    for f in figures["feedback"]:
        add("feedback_up", "", f["topic"], f["up"])
        add("feedback_down", "", f["topic"], f["down"])
    for c in figures["comments"]:
        add(f"comment_{c['rating']}", c["date"], c["topic"], c["comment"])
    return rows


def _cell(value: str) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def to_csv(figures: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(tuple(_cell(c) for c in row) for row in csv_rows(figures))
    return out.getvalue()


# -- plots -----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Plot:
    name: str
    title: str
    svg: str
    css: str


def _plot(
    name: str,
    title: str,
    kind: Callable[..., Any],
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    **config: Any,
) -> Plot:
    """A pygal chart as inline SVG without script or style element; its style is returned apart (``css``)."""
    chart = kind(
        title=title,
        disable_xml_declaration=True,
        js=[],
        x_labels=list(labels),
        no_data_text="Geen gegevens",
        x_label_rotation=30 if len(labels) > 7 else 0,
        height=360,
        **config,
    )
    chart.uuid = name  # a fixed id, so the style (served apart) matches: #chart-<name>
    for label, values in series:
        chart.add(label, list(values))
    css: list[str] = []

    def strip(root: Any) -> Any:
        for parent in list(root.iter()):
            for child in list(parent):
                tag = str(child.tag).rsplit("}", 1)[-1]
                if tag == "style":
                    css.append(child.text or "")
                # The tooltip needs pygal's script, which the page does not run; an inline style attribute would
                # break the page's Content-Security-Policy.
                if tag in ("script", "style") or "tooltip" in (child.get("class") or "").split():
                    parent.remove(child)
                    continue
                child.attrib.pop("style", None)
        root.set("role", "img")
        root.set("aria-label", title)
        return root

    chart.add_xml_filter(strip)
    svg: str = chart.render(is_unicode=True)
    return Plot(name, title, svg, "\n".join(css))


def plots(figures: dict[str, Any]) -> list[Plot]:
    daily = figures["daily"]
    days = [d["date"] for d in daily]
    roles = figures["roles"]
    journeys = figures["journeys"]
    return [
        _plot(
            "messages",
            "Berichten en gesprekken per dag",
            pygal.Bar,
            days,
            [("Berichten", [d["messages"] for d in daily]), ("Gesprekken", [d["conversations"] for d in daily])],
        ),
        _plot(
            "roles",
            "Gesprekken per rol",
            pygal.Bar,
            [ROLE_LABELS[r["role"]] for r in roles],
            [("Gesprekken", [r["conversations"] for r in roles])],
            show_legend=False,
        ),
        _plot(
            "fallback",
            "Aandeel niet geplaatste vragen per dag (%)",
            pygal.Line,
            days,
            [("Niet geplaatst (%)", [round(100 * d["fallback_rate"], 1) for d in daily])],
            show_legend=False,
            range=(0, 100),
        ),
        _plot(
            "journeys",
            "Trajecten: gestart en afgerond",
            pygal.Bar,
            [j["journey"] for j in journeys],
            [("Gestart", [j["started"] for j in journeys]), ("Afgerond", [j["finished"] for j in journeys])],
        ),
    ]


@lru_cache(maxsize=1)
def plots_css() -> str:
    """The plots' style (it depends on the kind of chart and its series, not on the figures)."""
    empty = {"daily": [], "roles": [{"role": r, "conversations": 0, "messages": 0} for r in ROLES], "journeys": []}
    return "\n".join(p.css for p in plots(empty))


PAGE_CSS = """
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem; color: #1a1a1a; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ccc; }
form { display: flex; flex-wrap: wrap; gap: 1rem; align-items: end; }
label { display: flex; flex-direction: column; font-weight: 600; }
.figure { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
.figure .plot { flex: 1 1 28rem; max-width: 48rem; min-width: 0; }
.figure .plot svg { display: block; width: 100%; height: auto; }
button, input { font: inherit; padding: 0.3rem 0.6rem; min-height: 2.75rem; }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: left; }
td.number { text-align: right; }
caption { font-weight: 600; text-align: left; padding-bottom: 0.3rem; }
.download { display: inline-block; margin-top: 1rem; }
"""


# -- the page --------------------------------------------------------------------------------------------------
def _table(caption: str, header: Sequence[str], rows: Sequence[Sequence[Any]], empty: str = "Geen gegevens.") -> str:
    if not rows:
        return f"<p><strong>{escape(caption)}</strong>: {escape(empty)}</p>"
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="number">{v}</td>' if isinstance(v, int | float) else f"<td>{escape(str(v))}</td>" for v in row
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _figure(plot: Plot, table: str) -> str:
    return f'<div class="figure" id="plot-{plot.name}"><div class="plot">{plot.svg}</div>{table}</div>'


def _percent(rate: float) -> str:
    return f"{100 * rate:.1f} %".replace(".", ",")


def topic_or_none(topic: str | None) -> str:
    return topic or "(geen onderwerp)"


def render_page(figures: dict[str, Any], period: Period, token: str) -> str:
    daily, roles, totals = figures["daily"], figures["roles"], figures["totals"]
    by_name = {p.name: p for p in plots(figures)}
    query = urlencode({"from": period.start.isoformat(), "to": period.end.isoformat(), "token": token})
    parts = [
        '<!doctype html><html lang="nl-BE"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        "<title>Dashboard – Afwezig op school</title>",
        '<link rel="stylesheet" href="/dashboard/dashboard.css"></head><body><main>',
        "<h1>Dashboard Afwezig op school</h1>",
        "<p>Anonieme cijfers over het gebruik van de assistent: geen namen, geen gesprekken. Alleen de vragen die de "
        "assistent niet kon plaatsen worden bewaard, zonder persoonsgegevens.</p>",
        '<form method="get" action="/dashboard">',
        f'<label for="from">Van <input type="date" id="from" name="from" value="{period.start.isoformat()}"></label>',
        f'<label for="to">Tot en met <input type="date" id="to" name="to" value="{period.end.isoformat()}"></label>',
        f'<input type="hidden" name="token" value="{escape(token)}">',
        '<button type="submit">Toon</button></form>',
        f'<a class="download" href="/api/v1/dashboard.csv?{escape(query)}">Download CSV</a>',
        "<h2>Samenvatting</h2>",
        _table(
            f"Periode {period.start.isoformat()} tot en met {period.end.isoformat()}",
            ["Cijfer", "Aantal"],
            [
                ["Gesprekken", totals["conversations"]],
                ["Berichten", totals["messages"]],
                ["Niet geplaatste vragen", totals["fallbacks"]],
                ["Duim omhoog", totals["feedback_up"]],
                ["Duim omlaag", totals["feedback_down"]],
            ],
        ),
        "<h2>Gesprekken en berichten per dag</h2>",
        _figure(
            by_name["messages"],
            _table(
                by_name["messages"].title,
                ["Datum", "Gesprekken", "Berichten"],
                [[d["date"], d["conversations"], d["messages"]] for d in daily],
            ),
        ),
        "<h2>Per rol</h2>",
        _figure(
            by_name["roles"],
            _table(
                "Gesprekken en berichten per rol",
                ["Rol", "Gesprekken", "Berichten"],
                [[ROLE_LABELS[r["role"]], r["conversations"], r["messages"]] for r in roles],
            ),
        ),
        "<h2>Onderwerpen en trajecten</h2>",
        _figure(
            by_name["journeys"],
            _table(
                by_name["journeys"].title,
                ["Traject", "Gestart", "Afgerond"],
                [[j["journey"], j["started"], j["finished"]] for j in figures["journeys"]],
            ),
        ),
        _table("Gevraagde onderwerpen", ["Onderwerp", "Aantal"], [[t["topic"], t["count"]] for t in figures["topics"]]),
        _table(
            "Soorten vragen (intents)", ["Intent", "Aantal"], [[i["intent"], i["count"]] for i in figures["intents"]]
        ),
        "<h2>Niet geplaatste vragen</h2>",
        _figure(
            by_name["fallback"],
            _table(
                by_name["fallback"].title,
                ["Datum", "Berichten", "Niet geplaatst", "Aandeel"],
                [[d["date"], d["messages"], d["fallbacks"], _percent(d["fallback_rate"])] for d in daily],
            ),
        ),
        _table(
            "Vragen die de assistent niet kon plaatsen (vaakst eerst)",
            ["Vraag", "Aantal"],
            [[u["text"], u["count"]] for u in figures["unplaced"]],
        ),
        "<h2>Feedback</h2>",
        _table(
            "Duim omhoog en omlaag per onderwerp",
            ["Onderwerp", "Duim omhoog", "Duim omlaag"],
            [[topic_or_none(f["topic"]), f["up"], f["down"]] for f in figures["feedback"]],
        ),
        _table(
            "Opmerkingen (nieuwste eerst)",
            ["Datum", "Onderwerp", "Oordeel", "Opmerking"],
            [
                [c["date"], topic_or_none(c["topic"]), RATING_LABELS.get(c["rating"], c["rating"]), c["comment"]]
                for c in figures["comments"]
            ],
        ),
        "</main></body></html>",
    ]
    return "\n".join(parts)


# -- the endpoints ---------------------------------------------------------------------------------------------
@router.get("/dashboard", include_in_schema=False)
def dashboard_page(token: TokenDep, period: PeriodDep, db: SessionDep) -> HTMLResponse:
    figures = collect(Analytics(db), period)
    return HTMLResponse(render_page(figures, period, token), headers=PAGE_HEADERS)


@router.get("/dashboard/dashboard.css", include_in_schema=False)
def dashboard_css() -> Response:
    """The page's and the plots' style (no figures in it, so no token needed)."""
    return Response(PAGE_CSS + plots_css(), media_type="text/css", headers={"Cache-Control": "no-cache"})


@router.get(
    "/api/v1/dashboard",
    summary="Anonieme gebruikscijfers voor de netwerkcoördinatoren (JSON)",
    responses={401: {"description": "Geen of een fout dashboardtoken"}, 422: {"description": "Ongeldige periode"}},
)
def dashboard_json(_token: TokenDep, period: PeriodDep, db: SessionDep) -> dict[str, Any]:
    return collect(Analytics(db), period)


@router.get(
    "/api/v1/dashboard.csv",
    summary="Anonieme gebruikscijfers voor de netwerkcoördinatoren (CSV)",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {}}, "description": "figure,date,key,value"},
        401: {"description": "Geen of een fout dashboardtoken"},
        422: {"description": "Ongeldige periode"},
    },
)
def dashboard_csv(_token: TokenDep, period: PeriodDep, db: SessionDep) -> Response:
    figures = collect(Analytics(db), period)
    filename = f"dashboard-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    return Response(
        to_csv(figures),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )
