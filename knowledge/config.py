"""The knowledge base's setting, its database, read from the environment (and `.env`).

This is the base of the deployment's one settings object, ``api.settings.ApiSettings``, which adds Rasa, the
action servers, Redis, the tokens, the limits and the origins. ``knowledge/`` itself knows only its database, so
the action server (which reads the knowledge base) does not depend on the API.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = REPO_ROOT / "var"
ENV_FILE = REPO_ROOT / ".env"


class Settings(BaseSettings):
    # Other variables (the rest of the deployment's) live in the same environment and `.env`: ignored here.
    model_config = SettingsConfigDict(env_file=ENV_FILE, extra="ignore")

    # Knowledge base (and the API's chat sessions beside it). Unset means a local SQLite file.
    database_url: str = Field(default=f"sqlite:///{VAR_DIR / 'knowledge.db'}")


@lru_cache
def get_settings() -> Settings:
    return Settings()
