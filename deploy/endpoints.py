"""Write Rasa's endpoints.yml from the deployment's settings.

    python -m deploy.endpoints [--instance I] > var/endpoints.yml

- tracker store: ``TRACKER_STORE_URL`` (SQLite or PostgreSQL), shared by every Rasa instance;
- lock store: Redis when ``REDIS_URL`` is set (needed as soon as there is more than one Rasa instance: it keeps
  one conversation's messages in order across instances), else Rasa's in-memory lock store;
- action endpoint: the action server of instance ``I`` (``ACTION_SERVER_URLS[I]``, or the only one).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml
from sqlalchemy.engine import make_url

from api.settings import ApiSettings, get_api_settings

# The prefix of the lock keys in Redis (Rasa wants letters and digits only).
LOCK_KEY_PREFIX = "afwezig"
# Rasa's SQL tracker store with pool_pre_ping and the events of recent conversations in memory (bot/tracker_store.py).
CACHING_SQL_TRACKER_STORE = "bot.tracker_store.CachingSQLTrackerStore"


def tracker_store(url: str) -> dict[str, Any]:
    """Rasa's SQL tracker store configuration for an SQLAlchemy URL."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if not parsed.database:
            raise ValueError("TRACKER_STORE_URL: een SQLite-URL heeft een bestand nodig, bv. sqlite:///var/tracker.db")
        return {"type": CACHING_SQL_TRACKER_STORE, "dialect": "sqlite", "db": parsed.database}
    if backend == "postgresql":
        config: dict[str, Any] = {
            "type": CACHING_SQL_TRACKER_STORE,
            "dialect": "postgresql",
            "url": parsed.host or "localhost",
            "port": parsed.port or 5432,
            "db": parsed.database,
        }
        if parsed.username:
            config["username"] = parsed.username
        if parsed.password:
            config["password"] = parsed.password
        return config
    raise ValueError(f"TRACKER_STORE_URL: '{backend}' wordt niet ondersteund; gebruik sqlite of postgresql")


def lock_store(url: str) -> dict[str, Any]:
    """Rasa's Redis lock store configuration for a redis:// URL (host, port, database number, password)."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise ValueError(f"REDIS_URL: '{url}' is geen adres zoals redis://127.0.0.1:6379/0")
    path = parts.path.strip("/")
    config: dict[str, Any] = {
        "type": "redis",
        "url": parts.hostname,
        "port": parts.port or 6379,
        "db": int(path) if path else 0,
        "key_prefix": LOCK_KEY_PREFIX,
    }
    if parts.password:
        config["password"] = unquote(parts.password)
    if parts.username:
        config["username"] = unquote(parts.username)
    if parts.scheme == "rediss":
        config["use_ssl"] = True
    return config


def endpoints(settings: ApiSettings, instance: int = 0) -> dict[str, Any]:
    """The endpoints of Rasa instance ``instance``."""
    actions = settings.action_server_urls
    config: dict[str, Any] = {
        "action_endpoint": {"url": f"{actions[instance % len(actions)]}/webhook"},
        "tracker_store": tracker_store(settings.tracker_store_url),
    }
    if settings.redis_url:
        config["lock_store"] = lock_store(settings.redis_url)
    return config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", type=int, default=0, help="which Rasa instance (0, 1, ...)")
    args = parser.parse_args(argv)
    try:
        config = endpoints(get_api_settings(), args.instance)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    sys.stdout.write("# Written by `python -m deploy.endpoints` from the settings: do not edit.\n")
    sys.stdout.write(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
