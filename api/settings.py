"""The API's settings: where Rasa and the action server are, and the limits of the chat.

Read from the environment (and `.env`), with the same variable names as before (``RASA_URL``,
``RATE_LIMIT_PER_MINUTE``, ...). The database is the knowledge base's own setting (``knowledge/config.py``).
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from knowledge.config import ENV_FILE, VAR_DIR


class ApiSettings(BaseSettings):
    # The knowledge base's DATABASE_URL lives in the same environment and `.env`: ignored here.
    model_config = SettingsConfigDict(env_file=ENV_FILE, extra="ignore")

    # The Rasa server and the action server, both on loopback.
    rasa_url: str = "http://127.0.0.1:5005"
    action_server_url: str = "http://127.0.0.1:5055"
    rasa_timeout_seconds: float = 30.0

    # Chat input limits.
    max_message_chars: int = 2000
    max_body_bytes: int = 16_384
    rate_limit_per_minute: int = 30

    # The coordinators' dashboard (/dashboard): the token that opens it. Empty: the dashboard stays closed.
    dashboard_token: str = ""

    # Privacy (api/retention.py, `make purge`): conversations without activity for this many days are deleted
    # from the API's tables and from Rasa's tracker store.
    retention_days: int = Field(default=30, ge=1)
    # Rasa's SQL tracker store, as an SQLAlchemy URL (SQLite by default, as in bot/endpoints.yml; PostgreSQL when
    # configured, e.g. postgresql+psycopg2://user@host/rasa).
    tracker_store_url: str = f"sqlite:///{VAR_DIR / 'rasa-tracker.db'}"

    # The websites that may show the chat as a widget (static/widget.js): their origins, e.g.
    # EMBED_ORIGINS='["https://www.school.be"]'. Empty: only this service's own pages may frame the chat.
    embed_origins: list[str] = []

    @field_validator("embed_origins")
    @classmethod
    def _origins(cls, value: list[str]) -> list[str]:
        for origin in value:
            url = urlsplit(origin)
            if url.scheme not in ("http", "https") or not url.netloc or url.path not in ("", "/") or url.query:
                raise ValueError(f"EMBED_ORIGINS: '{origin}' is geen origin zoals https://www.school.be")
        return [origin.rstrip("/") for origin in value]


@lru_cache
def get_api_settings() -> ApiSettings:
    return ApiSettings()
