"""The FastAPI application: chat page, chat proxy to Rasa, health and knowledge endpoints."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from api.errors import install_error_handlers
from api.limits import BodySizeLimit, RateLimit
from api.rasa_client import RasaClient
from api.routes import (
    absence_types,
    chat,
    codes,
    dashboard,
    feedback,
    glossary,
    guidance,
    health,
    partners,
    search,
    sections,
    sessions,
)
from api.settings import ApiSettings, get_api_settings

STATIC_DIR = Path(__file__).resolve().parent / "static"
# Swagger UI's files, shipped inside the fastapi-offline package, so the OpenAPI page needs no CDN.
SWAGGER_UI_DIR = Path(str(files("fastapi_offline") / "static"))


def chat_page_headers(settings: ApiSettings) -> dict[str, str]:
    """The chat page runs only its own script and style: no inline script, no eval, no other origin. Only this
    service and the embedding origins of the settings may show it in a frame (the widget)."""
    ancestors = " ".join(["'self'", *settings.embed_origins])
    return {
        "Cache-Control": "no-cache",
        "Content-Security-Policy": (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            f"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


ROUTERS = [
    chat.router,
    health.router,
    sections.router,
    codes.router,
    absence_types.router,
    partners.router,
    glossary.router,
    search.router,
    guidance.router,
    sessions.router,
    feedback.router,
    dashboard.router,
]


def create_app(settings: ApiSettings | None = None) -> FastAPI:
    settings = settings or get_api_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.rasa_client = RasaClient.from_settings(settings)
        yield
        await app.state.rasa_client.aclose()

    app = FastAPI(
        title="Afwezig op school",
        description=(
            "Begeleidingsassistent bij afwezigheid op school, op basis van het draaiboek "
            "'Afwezig op school' van het netwerk Samen tegen Schooluitval West-Vlaanderen."
        ),
        version="0.1.0",
        lifespan=lifespan,
        # The OpenAPI page is served from local files below, not from a CDN.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", headers=chat_page_headers(settings))

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="Afwezig op school – API",
            swagger_js_url="/static/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/swagger-ui/favicon.png",
        )

    app.mount("/static/swagger-ui", StaticFiles(directory=SWAGGER_UI_DIR), name="swagger-ui")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(RateLimit, per_minute=settings.rate_limit_per_minute)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    return app


app = create_app()
