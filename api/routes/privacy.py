"""GET /privacy: the privacy note (docs/privacy.md) as a page, linked from the chat page."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from markdown_it import MarkdownIt

router = APIRouter(tags=["privacy"])

PRIVACY_NOTE = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"
# No script at all, only this service's stylesheet; the page may be framed like the chat (the widget links to it
# from inside its frame, but the link opens a new tab).
HEADERS = {
    "Cache-Control": "no-cache",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_PAGE = """<!doctype html>
<html lang="nl-BE">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Privacy – Afwezig op school</title>
  <link rel="stylesheet" href="/static/style.css">
</head>
<body>
  <main id="main" class="privacy">
{body}
    <p><a href="/">Terug naar de chat</a></p>
  </main>
</body>
</html>
"""


@lru_cache(maxsize=1)
def privacy_page() -> str:
    """The note rendered once; raw HTML in the Markdown is not passed through (``html`` off)."""
    renderer = MarkdownIt("commonmark", {"html": False})
    return _PAGE.format(body=renderer.render(PRIVACY_NOTE.read_text(encoding="utf-8")))


@router.get("/privacy", include_in_schema=False, response_class=HTMLResponse)
def privacy() -> HTMLResponse:
    return HTMLResponse(privacy_page(), headers=HEADERS)
