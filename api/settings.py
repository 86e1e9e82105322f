"""The deployment's one settings object: the knowledge database, Rasa's tracker and lock stores, the Rasa and
action-server instances, the tokens, the limits, the timeouts and the allowed origins.

Read from the environment (and `.env`). Everything reads it: the API, ``deploy.endpoints`` (Rasa's endpoints.yml)
and ``deploy.shellenv`` (the start scripts). The knowledge base's part, ``DATABASE_URL``, is its base class
``knowledge.config.Settings``, which the action server reads alone. The README's "Configuration" lists every
variable.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_settings import NoDecode

from knowledge.config import VAR_DIR
from knowledge.config import Settings as KnowledgeSettings

# Rasa keeps a conversation locked while it handles one of its messages, for at most this long (Rasa's
# TICKET_LOCK_LIFETIME, default 60 s). Every call of the API to Rasa must end well before.
RASA_LOCK_LIFETIME_SECONDS = 60


def _url_list(value: Any) -> Any:
    """A list of URLs from the environment: a JSON list, or URLs separated by commas."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            return json.loads(text)
        return [part.strip() for part in text.split(",") if part.strip()]
    return value


class ApiSettings(KnowledgeSettings):
    # The Rasa servers the API spreads the conversations over (RASA_URLS: a JSON list or comma-separated URLs).
    # Unset: the one server of RASA_URL. Rasa instance i calls action server i.
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_urls: Annotated[list[str], NoDecode] = Field(default_factory=list)
    action_server_url: str = "http://127.0.0.1:5055"
    action_server_urls: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # The token of Rasa's HTTP API (`rasa run --enable-api --auth-token`); the API sends it on every call.
    rasa_token: str = ""
    # How long the API waits for Rasa's answer, and for a connection to an instance (then it tries the next one).
    rasa_timeout_seconds: float = 20.0
    rasa_connect_timeout_seconds: float = 2.0
    # At most this many messages at once per Rasa instance and API process; the others wait in the API, at most
    # RASA_QUEUE_TIMEOUT_SECONDS (then 503).
    rasa_max_in_flight: int = Field(default=8, ge=1)
    rasa_queue_timeout_seconds: float = Field(default=60.0, gt=0)

    # Rasa's tracker store: an SQLAlchemy URL (SQLite by default, PostgreSQL when scaled, e.g.
    # postgresql+psycopg2://user@host/rasa). Also where `make purge` deletes old conversations.
    tracker_store_url: str = f"sqlite:///{VAR_DIR / 'rasa-tracker.db'}"
    # Redis: Rasa's lock store and the API's rate limits. Empty: in memory, for one instance only.
    redis_url: str = ""

    # Where `make run` serves the API and the chat page.
    api_host: str = "127.0.0.1"
    api_port: int = 8000

    # Chat input limits.
    max_message_chars: int = 2000
    max_body_bytes: int = 16_384
    # Rate limits (more: 429 with Retry-After; 0 turns one off): chat messages per minute per client address
    # and per chat session. Counted in memory, or in Redis when REDIS_URL is set (shared by several API instances).
    rate_limit_per_minute: int = 30
    rate_limit_per_session_per_minute: int = 20

    # The coordinators' dashboard (/dashboard): the token that opens it. Empty: the dashboard stays closed.
    dashboard_token: str = ""
    # The token for what changes data (POST /api/v1/admin/reload). Empty: those endpoints stay closed (401).
    admin_token: str = ""

    # Privacy (api/retention.py, `make purge`): conversations without activity for this many days are deleted
    # from the API's tables and from Rasa's tracker store.
    retention_days: int = Field(default=30, ge=1)

    # The websites that may show the chat as a widget (static/widget.js): their origins, e.g.
    # EMBED_ORIGINS='["https://www.school.be"]'. Empty: only this service's own pages may frame the chat.
    embed_origins: list[str] = Field(default_factory=list)
    # The websites whose scripts may call the API from the browser (CORS), e.g.
    # CORS_ORIGINS='["https://www.school.be"]'. Empty: only pages of this service itself.
    cors_origins: list[str] = Field(default_factory=list)

    @field_validator("rasa_urls", "action_server_urls", mode="before")
    @classmethod
    def _lists(cls, value: Any) -> Any:
        return _url_list(value)

    @field_validator("rasa_urls", "action_server_urls")
    @classmethod
    def _urls(cls, value: list[str]) -> list[str]:
        for url in value:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ValueError(f"'{url}' is geen adres zoals http://127.0.0.1:5005")
        return [url.rstrip("/") for url in value]

    @model_validator(mode="after")
    def _single_urls(self) -> ApiSettings:
        """RASA_URL and ACTION_SERVER_URL stay valid: a list of one."""
        if not self.rasa_urls:
            self.rasa_urls = [self.rasa_url.rstrip("/")]
        if not self.action_server_urls:
            self.action_server_urls = [self.action_server_url.rstrip("/")]
        if self.rasa_timeout_seconds >= RASA_LOCK_LIFETIME_SECONDS / 2:
            raise ValueError(
                f"RASA_TIMEOUT_SECONDS moet ruim onder Rasa's lock-levensduur ({RASA_LOCK_LIFETIME_SECONDS} s) "
                f"liggen: hoogstens {RASA_LOCK_LIFETIME_SECONDS // 2 - 1} s"
            )
        return self

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
