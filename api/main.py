"""The FastAPI application: chat page, chat proxy to Rasa, health and knowledge endpoints."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from api.errors import CatchAll, install_error_handlers
from api.limits import BodySizeLimit, ClientRateLimit, RateLimits
from api.rasa_client import RasaClient
from api.routes import (
    absence_types,
    admin,
    chat,
    codes,
    dashboard,
    feedback,
    glossary,
    guidance,
    health,
    partners,
    privacy,
    search,
    sections,
    sessions,
)
from api.security import SECURITY_HEADERS, SecurityHeaders, docs_csp
from api.settings import ApiSettings, get_api_settings

STATIC_DIR = Path(__file__).resolve().parent / "static"
# Swagger UI's files, shipped inside the fastapi-offline package, so the OpenAPI page needs no CDN.
SWAGGER_UI_DIR = Path(str(files("fastapi_offline") / "static"))


def chat_page_headers(settings: ApiSettings) -> dict[str, str]:
    """The chat page runs only its own script and style: no inline script, no eval, no other origin. Only this
    service and the embedding origins of the settings may show it in a frame (the widget)."""
    ancestors = " ".join(["'self'", *settings.embed_origins])
    return {
        **SECURITY_HEADERS,
        "Cache-Control": "no-cache",
        "Content-Security-Policy": (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            f"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
        ),
    }


def docs_page() -> HTMLResponse:
    """The OpenAPI page, Swagger UI from local files, with a policy that allows exactly its scripts."""
    page = get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="Afwezig op school – API",
        swagger_js_url="/static/swagger-ui/swagger-ui-bundle.js",
        swagger_css_url="/static/swagger-ui/swagger-ui.css",
        swagger_favicon_url="/static/swagger-ui/favicon.png",
    )
    html = bytes(page.body).decode()
    return HTMLResponse(html, headers={"Content-Security-Policy": docs_csp(html)})


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
    admin.router,
    privacy.router,
]


def create_app(settings: ApiSettings | None = None) -> FastAPI:
    settings = settings or get_api_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.rasa_client = RasaClient.from_settings(settings)
        yield
        await app.state.rasa_client.aclose()
        await rate_limits.aclose()
        tracker_engine = getattr(app.state, "tracker_engine", None)
        if tracker_engine is not None:
            tracker_engine.dispose()

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
    rate_limits = RateLimits(
        settings.rate_limit_per_minute, settings.rate_limit_per_session_per_minute, settings.redis_url
    )
    app.state.rate_limits = rate_limits
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    error_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        """The spec, with the chat message's length limit of these settings."""
        spec = error_openapi()
        message = spec["components"]["schemas"]["ChatRequest"]["properties"]["message"]
        message["maxLength"] = settings.max_message_chars
        return spec

    app.openapi = openapi  # type: ignore[method-assign]

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", headers=chat_page_headers(settings))

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return docs_page()

    app.mount("/static/swagger-ui", StaticFiles(directory=SWAGGER_UI_DIR), name="swagger-ui")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    # From the inside out: the limit per client, the size limit, any unexpected error as a Dutch 500, CORS, and
    # the security headers on every answer, those of the middleware included.
    app.add_middleware(ClientRateLimit, limits=rate_limits)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(CatchAll)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type", "Authorization"],
        expose_headers=["Retry-After"],
        max_age=600,
    )
    app.add_middleware(SecurityHeaders)
    return app


app = create_app()
