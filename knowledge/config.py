"""One settings object for the whole application, read from the environment (and `.env`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = REPO_ROOT / "var"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=REPO_ROOT / ".env", extra="ignore")

    # Knowledge base. Unset means a local SQLite file.
    database_url: str = Field(default=f"sqlite:///{VAR_DIR / 'knowledge.db'}")

    # The Rasa server and the action server, both on loopback.
    rasa_url: str = "http://127.0.0.1:5005"
    action_server_url: str = "http://127.0.0.1:5055"
    rasa_timeout_seconds: float = 30.0

    # Chat input limits and sessions.
    max_message_chars: int = 2000
    max_body_bytes: int = 16_384
    rate_limit_per_minute: int = 30


@lru_cache
def get_settings() -> Settings:
    return Settings()
