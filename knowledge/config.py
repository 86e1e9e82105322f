"""The knowledge base's one setting, its database, read from the environment (and `.env`).

The API and Rasa have settings of their own in ``api/settings.py``: ``knowledge/`` knows only its database.
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
    # Other variables (the API's) live in the same environment and `.env`: ignored here.
    model_config = SettingsConfigDict(env_file=ENV_FILE, extra="ignore")

    # Knowledge base (and the API's chat sessions beside it). Unset means a local SQLite file.
    database_url: str = Field(default=f"sqlite:///{VAR_DIR / 'knowledge.db'}")


@lru_cache
def get_settings() -> Settings:
    return Settings()
