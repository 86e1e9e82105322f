"""Rasa's SQL tracker store with connections that are checked before use (``pool_pre_ping``).

Rasa 3.6's ``SQLTrackerStore`` keeps its pooled connections without checking them: after the database restarts,
the first read of a conversation fails, and Rasa's fail-safe wrapper then answers from a new, empty tracker, so the
conversation would lose its slots for that turn. This subclass checks a connection before handing it out, as the
API and the action server do. Rasa loads it by module path (``type: bot.tracker_store.PrePingSQLTrackerStore`` in
endpoints.yml, written by ``python -m deploy.endpoints`` for PostgreSQL); it runs in .venv-rasa, with the
repository root on PYTHONPATH (bot/rasa_env.sh).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs


class PrePingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
