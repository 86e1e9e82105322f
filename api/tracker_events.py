"""Rasa 3.6's SQL tracker store table (``SQLEvent`` in rasa/core/tracker_store.py), as the API reads it: the usage
figures read a turn's events (``api.analytics``), retention deletes old conversations (``api.retention``)."""

from __future__ import annotations

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text

TRACKER_EVENTS = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)
