"""bot/tracker_store.py (in .venv-rasa): the caching tracker store gives the same trackers as Rasa's SQL store,
also when two Rasa instances share the database, after a new session and after a purge."""

from __future__ import annotations

import pytest

from tests.bot.rasa_script import run_in_rasa

SCRIPT = r"""
import asyncio, json, sys
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (ActionExecuted, BotUttered, EntitiesAdded, SessionStarted, SlotSet,
                                     UserUttered, ActiveLoop)
from rasa.shared.core.trackers import EventVerbosity
from bot.tracker_store import CachingSQLTrackerStore

db = sys.argv[1]
domain = Domain.load("domain.yml")
plain = SQLTrackerStore(domain, dialect="sqlite", db=db)
first = CachingSQLTrackerStore(domain, dialect="sqlite", db=db)
second = CachingSQLTrackerStore(domain, dialect="sqlite", db=db)
clock = [1000.0]

def stamp(event):
    clock[0] += 1
    event.timestamp = clock[0]
    return event

def turn(n):
    return [
        stamp(UserUttered(f"bericht {n}", {"name": "ask_b_codes", "confidence": 0.9},
                          [{"entity": "topic", "value": "code:B", "start": 0, "end": 1}])),
        stamp(EntitiesAdded([{"entity": "aantal", "value": str(n)}])),
        stamp(SlotSet("role", "staff")),
        stamp(ActiveLoop("b_codes_form" if n % 3 else None)),
        stamp(ActionExecuted("action_answer")),
        stamp(BotUttered(f"antwoord {n}", {"buttons": [{"title": "ja", "payload": "/affirm"}]})),
        stamp(ActionExecuted("action_listen")),
    ]

def state(tracker):
    return None if tracker is None else tracker.current_state(EventVerbosity.ALL)

async def same(label, sender, out):
    want = await plain.retrieve(sender)
    want_full = await plain.retrieve_full_tracker(sender)
    for name, store in (("first", first), ("second", second)):
        got = await store.retrieve(sender)
        got_full = await store.retrieve_full_tracker(sender)
        out.append([label, name, state(got) == state(want), state(got_full) == state(want_full),
                    len(got.events) if got else 0])

async def main():
    out = []
    await same("unknown", "a", out)
    writers = [first, second]
    for n in range(12):
        store = writers[n % 2]  # the instances take turns, as after a failover
        tracker = await store.get_or_create_tracker("a", append_action_listen=False)
        if n == 0:
            tracker.update(stamp(SessionStarted()))
        for event in turn(n):
            tracker.update(event)
        if n == 7:
            tracker.update(stamp(SessionStarted()))  # a new session: only its events are "the tracker"
            tracker.update(stamp(SlotSet("role", "staff")))
        await store.save(tracker)
        await same(f"turn {n}", "a", out)
    with plain.session_scope() as session:
        stored = session.query(plain.SQLEvent).filter(plain.SQLEvent.sender_id == "a").count()
    out.append(["stored", stored, 12 * 7 + 1 + 2])
    with plain.session_scope() as session:
        session.query(plain.SQLEvent).filter(plain.SQLEvent.sender_id == "a").delete()
        session.commit()
    await same("purged", "a", out)
    tracker = await first.get_or_create_tracker("a", append_action_listen=False)
    for event in turn(99):
        tracker.update(event)
    await first.save(tracker)
    await same("after the purge", "a", out)
    print(json.dumps(out))

asyncio.run(main())
"""


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> list[list[object]]:
    db = tmp_path_factory.mktemp("tracker") / "tracker.db"
    data: list[list[object]] = run_in_rasa(SCRIPT, str(db))
    return data


def test_every_read_equals_rasas_own_store(rows: list[list[object]]) -> None:
    reads = [row for row in rows if row[0] != "stored"]
    wrong = [row for row in reads if row[2] is not True or row[3] is not True]
    assert not wrong
    assert len(reads) == 2 * (1 + 12 + 2)


def test_each_event_is_stored_once(rows: list[list[object]]) -> None:
    """Saving a tracker this store read writes only its new events (it knows how many were stored)."""
    [(_, stored, expected)] = [row for row in rows if row[0] == "stored"]
    assert stored == expected


def test_the_cases_are_really_exercised(rows: list[list[object]]) -> None:
    lengths = {(str(r[0]), str(r[1])): r[4] for r in rows if r[0] != "stored"}
    assert lengths[("unknown", "first")] == 0
    assert lengths[("turn 6", "first")] > lengths[("turn 0", "first")] > 0
    assert lengths[("turn 7", "first")] < lengths[("turn 6", "first")]  # the new session starts small
    assert lengths[("purged", "second")] == 0
    assert 0 < lengths[("after the purge", "second")] < lengths[("turn 6", "second")]
