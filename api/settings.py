"""The API's settings: where Rasa and the action server are, and the limits of the chat.

Read from the environment (and `.env`), with the same variable names as before (``RASA_URL``,
``RATE_LIMIT_PER_MINUTE``, ...). The database is the knowledge base's own setting (``knowledge/config.py``).
"""

from __future__ import annotations

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict

from knowledge.config import ENV_FILE


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


@lru_cache
def get_api_settings() -> ApiSettings:
    return ApiSettings()
