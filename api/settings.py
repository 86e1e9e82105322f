"""The API's settings: where Rasa and the action server are, and the limits of the chat.

Read from the environment (and `.env`), with the same variable names as before (``RASA_URL``,
``RATE_LIMIT_PER_MINUTE``, ...). The database is the knowledge base's own setting (``knowledge/config.py``).
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from pydantic import Field, ValidationInfo, field_validator
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
    # Rate limits (more: 429 with Retry-After; 0 turns one off): chat messages per minute per client address
    # and per chat session. Counted in memory, or in Redis when REDIS_URL is set (shared by several API instances).
    rate_limit_per_minute: int = 30
    rate_limit_per_session_per_minute: int = 20
    redis_url: str = ""

    # The coordinators' dashboard (/dashboard): the token that opens it. Empty: the dashboard stays closed.
    dashboard_token: str = ""
    # The token for what changes data (POST /api/v1/admin/reload). Empty: those endpoints stay closed (401).
    admin_token: str = ""

    # Privacy (api/retention.py, `make purge`): conversations without activity for this many days are deleted
    # from the API's tables and from Rasa's tracker store.
    retention_days: int = Field(default=30, ge=1)
    # Rasa's SQL tracker store, as an SQLAlchemy URL (SQLite by default, as in bot/endpoints.yml; PostgreSQL when
    # configured, e.g. postgresql+psycopg2://user@host/rasa).
    tracker_store_url: str = f"sqlite:///{VAR_DIR / 'rasa-tracker.db'}"

    # The websites that may show the chat as a widget (static/widget.js): their origins, e.g.
    # EMBED_ORIGINS='["https://www.school.be"]'. Empty: only this service's own pages may frame the chat.
    embed_origins: list[str] = []

    # The websites whose scripts may call the API from the browser (CORS), e.g.
    # CORS_ORIGINS='["https://www.school.be"]'. Empty: only pages of this service itself.
    cors_origins: list[str] = []

    @field_validator("embed_origins", "cors_origins")
    @classmethod
    def _origins(cls, value: list[str], info: ValidationInfo) -> list[str]:
        for origin in value:
            url = urlsplit(origin)
            if url.scheme not in ("http", "https") or not url.netloc or url.path not in ("", "/") or url.query:
                name = (info.field_name or "").upper()
                raise ValueError(f"{name}: '{origin}' is geen origin zoals https://www.school.be")
        return [origin.rstrip("/") for origin in value]

    @field_validator("redis_url")
    @classmethod
    def _redis(cls, value: str) -> str:
        if value and urlsplit(value).scheme not in ("redis", "rediss", "redis+unix"):
            raise ValueError(f"REDIS_URL: '{value}' is geen Redis-adres zoals redis://127.0.0.1:6379/0")
        return value


@lru_cache
def get_api_settings() -> ApiSettings:
    return ApiSettings()
