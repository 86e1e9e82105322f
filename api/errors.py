"""Every error the API returns is JSON with a Dutch ``detail``; never a stack trace."""

from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

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
        detail = exc.detail if isinstance(exc.detail, str) else None
        if detail is None or detail in _ENGLISH_PHRASES:
            detail = _STATUS_MESSAGES.get(exc.status_code, "Er liep iets mis.")
        return JSONResponse(status_code=exc.status_code, content={"detail": detail}, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return JSONResponse(
            status_code=500,
            content={"detail": "Er liep iets onverwachts mis. Probeer het opnieuw; je gesprek blijft bewaard."},
        )
