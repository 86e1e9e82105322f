"""Every error the API returns is JSON with a Dutch ``detail``; never a stack trace nor a database error text.

The OpenAPI spec says so too: every error answer is declared with the model ``ErrorOut`` (FastAPI's default
``HTTPValidationError`` for the 422 is replaced, since the API answers its own Dutch body).
"""

from __future__ import annotations

import json
import logging
from datetime import date
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

UNEXPECTED = "Er liep iets onverwachts mis. Probeer het opnieuw; je gesprek blijft bewaard."
DATABASE_DOWN = "De kennisbank is tijdelijk niet beschikbaar. Probeer het over een minuutje opnieuw."
# The database errors that mean "not reachable now" (connection refused or lost, locked, pool exhausted): a 503.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, DisconnectionError, PoolTimeoutError)


class FieldErrorOut(BaseModel):
    field: str = Field(description="Het veld dat niet klopt ('verzoek' voor het verzoek als geheel)")
    message: str = Field(description="Wat er niet klopt, in het Nederlands")


class ErrorOut(BaseModel):
    """The body of every error answer."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "detail": "Het veld 'message' is verplicht.",
                "errors": [{"field": "message", "message": "Het veld 'message' is verplicht."}],
            }
        }
    )

    detail: str = Field(description="Wat er misliep, in het Nederlands, om aan de gebruiker te tonen")
    errors: list[FieldErrorOut] | None = Field(
        default=None, description="Bij een ongeldig verzoek (422): wat er per veld niet klopt"
    )


def error_response(description: str) -> dict[str, Any]:
    """An entry of a route's ``responses=``: an error answer with the ``ErrorOut`` body."""
    return {"model": ErrorOut, "description": description}


# The answers of the middleware (api.limits) and of the handlers below, declared on the operations they concern.
TOO_MANY: dict[int | str, dict[str, Any]] = {
    429: error_response("Te veel verzoeken; de header Retry-After zegt na hoeveel seconden het weer mag")
}

_MESSAGES = {
    "missing": "is verplicht",
    "string_type": "moet tekst zijn",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "float_type": "moet een getal zijn",
    "float_parsing": "moet een getal zijn",
    "bool_type": "moet true of false zijn",
    "bool_parsing": "moet true of false zijn",
    "literal_error": "heeft een ongeldige waarde",
    "enum": "heeft een ongeldige waarde",
    "string_too_short": "is te kort",
    "string_too_long": "is te lang",
    "string_pattern_mismatch": "heeft een ongeldige vorm",
    "greater_than_equal": "is te klein",
    "greater_than": "is te klein",
    "less_than_equal": "is te groot",
    "less_than": "is te groot",
    "date_from_datetime_parsing": "moet een datum zijn in de vorm JJJJ-MM-DD",
    "date_parsing": "moet een datum zijn in de vorm JJJJ-MM-DD",
    "date_type": "moet een datum zijn in de vorm JJJJ-MM-DD",
    "json_invalid": "is geen geldige JSON",
    "model_attributes_type": "moet een JSON-object zijn",
    "dict_type": "moet een JSON-object zijn",
    "list_type": "moet een lijst zijn",
    "too_long": "heeft te veel elementen",
    "extra_forbidden": "is geen gekend veld",
    "value_error": "is ongeldig",
}

_STATUS_MESSAGES = {
    400: "Het verzoek is ongeldig.",
    401: "Je bent niet aangemeld.",
    403: "Dit mag je niet doen.",
    404: "Deze pagina of dit item bestaat niet.",
    405: "Deze methode is hier niet toegestaan.",
    413: "Het verzoek is te groot.",
    415: "Stuur het verzoek als JSON.",
    429: "Te veel verzoeken. Wacht even en probeer opnieuw.",
}

# FastAPI's 400 for a body it cannot decode.
FASTAPI_UNPARSABLE_BODY = "There was an error parsing the body"
# Starlette's default details are the English status phrases; those are replaced by Dutch ones.
_ENGLISH_PHRASES = {status.phrase for status in HTTPStatus}


def field_name(loc: tuple[int | str, ...] | list[int | str]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "verzoek"


def describe_validation_error(exc: RequestValidationError) -> tuple[str, list[dict[str, str]]]:
    errors = []
    for err in exc.errors():
        name = field_name(err.get("loc", ()))
        kind = str(err.get("type", ""))
        ctx = err.get("ctx") or {}
        if kind == "value_error" and ctx.get("error"):
            text = str(ctx["error"])
        elif kind == "json_invalid":
            name, text = "verzoek", "Het verzoek is geen geldige JSON."
        else:
            text = f"Het veld '{name}' {_MESSAGES.get(kind, 'is ongeldig')}."
            if kind in {"less_than_equal", "less_than"}:
                text = f"Het veld '{name}' is te groot (maximaal {ctx.get('le', ctx.get('lt'))})."
            if kind in {"greater_than_equal", "greater_than"}:
                text = f"Het veld '{name}' is te klein (minimaal {ctx.get('ge', ctx.get('gt'))})."
            if kind == "string_too_long" and "max_length" in ctx:
                text = f"Het veld '{name}' is te lang (maximaal {ctx['max_length']} tekens)."
            if kind == "too_long" and "max_length" in ctx:
                text = f"Het veld '{name}' heeft te veel elementen (maximaal {ctx['max_length']})."
            if kind in {"literal_error", "enum"} and "expected" in ctx:
                # pydantic joins the choices in English ("'a', 'b' or 'c'").
                expected = str(ctx["expected"]).replace("' or '", "' of '")
                text = f"Het veld '{name}' moet een van deze waarden zijn: {expected}."
        errors.append({"field": name, "message": text})
    detail = " ".join(dict.fromkeys(e["message"] for e in errors)) or "Het verzoek is ongeldig."
    return detail, errors


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        detail, errors = describe_validation_error(exc)
        return JSONResponse(status_code=422, content={"detail": detail, "errors": errors})

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.detail == FASTAPI_UNPARSABLE_BODY:
            # A body that is not even text (not UTF-8): the same answer as for a body that is not JSON.
            text = "Het verzoek is geen geldige JSON."
            return JSONResponse(
                status_code=422, content={"detail": text, "errors": [{"field": "verzoek", "message": text}]}
            )
        detail = exc.detail if isinstance(exc.detail, str) else None
        if detail is None or detail in _ENGLISH_PHRASES:
            detail = _STATUS_MESSAGES.get(exc.status_code, "Er liep iets mis.")
        return JSONResponse(status_code=exc.status_code, content={"detail": detail}, headers=exc.headers)

    async def _database(_request: Request, exc: Exception) -> JSONResponse:
        # The driver's text (host names, SQL) stays in the log.
        log.error("database unavailable: %s", exc.__class__.__name__, exc_info=exc)
        return JSONResponse(status_code=503, content={"detail": DATABASE_DOWN}, headers={"Retry-After": "30"})

    for exc_class in DATABASE_UNAVAILABLE:
        app.add_exception_handler(exc_class, _database)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]


class CatchAll:
    """Any other exception becomes a Dutch 500, logged here with its trace; the user never sees the trace.

    Plain ASGI middleware inside the security headers (Starlette's own last-resort handler sits outside every
    middleware, so its answer would miss them)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            log.exception("unexpected error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise  # the answer is under way: the server closes the connection
            await send_json(send, 500, UNEXPECTED)


async def send_json(send: Send, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
    """An error answer ``{"detail": ...}`` sent straight from ASGI middleware."""
    body = json.dumps({"detail": detail}).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The spec with the real error body: FastAPI declares its ``HTTPValidationError`` for a 422, but the API
    answers ``ErrorOut``; every operation with a request body may also get the 413 of the size limit."""
    # Made again each day: the birth date's range in the spec ends today.
    if app.openapi_schema and app.openapi_schema.get("x-generated-on") == date.today().isoformat():
        return app.openapi_schema
    spec = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes, tags=app.openapi_tags
    )
    error_ref = {"$ref": "#/components/schemas/ErrorOut"}
    for operations in spec.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            invalid = responses.get("422")
            if invalid is not None:
                invalid["content"] = {"application/json": {"schema": error_ref}}
                if invalid.get("description") == "Validation Error":
                    invalid["description"] = "Ongeldig verzoek"
            if "requestBody" in operation:
                responses.setdefault("413", {"description": "Verzoek te groot"})
            # Every route reads the database: when it is down, a 503.
            responses.setdefault("503", {"description": "Tijdelijk niet beschikbaar"})
            for status, response in responses.items():
                if status[0] in "45":
                    body = response.setdefault("content", {}).setdefault("application/json", {})
                    body.setdefault("schema", error_ref)
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    if "ErrorOut" not in schemas:
        schemas.update(_model_schemas(ErrorOut))
    spec["x-generated-on"] = date.today().isoformat()
    app.openapi_schema = spec
    return spec


def _model_schemas(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    defs: dict[str, Any] = schema.pop("$defs", {})
    return {**defs, model.__name__: schema}
