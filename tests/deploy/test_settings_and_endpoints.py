"""The deployment's one settings object, and Rasa's endpoints.yml and the start scripts' values written from it."""

from __future__ import annotations

import pytest
import yaml
from pydantic import ValidationError

from api.settings import ApiSettings
from deploy import endpoints as endpoints_cmd
from deploy.endpoints import endpoints, lock_store, tracker_store
from deploy.shellenv import assignments


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("RASA_URL", "RASA_URLS", "ACTION_SERVER_URL", "ACTION_SERVER_URLS", "TRACKER_STORE_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)


def settings(**values: object) -> ApiSettings:
    return ApiSettings(_env_file=None, **values)  # type: ignore[call-arg]


def test_defaults_one_instance_of_each_sqlite_and_no_redis() -> None:
    s = settings()
    assert s.rasa_urls == ["http://127.0.0.1:5005"]
    assert s.action_server_urls == ["http://127.0.0.1:5055"]
    assert s.tracker_store_url.startswith("sqlite:///") and s.tracker_store_url.endswith("var/rasa-tracker.db")
    assert s.redis_url == ""
    assert s.database_url.endswith("var/knowledge.db")


def test_the_single_url_is_a_list_of_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASA_URL", "http://127.0.0.1:6005/")
    monkeypatch.setenv("ACTION_SERVER_URL", "http://127.0.0.1:6055")
    s = settings()
    assert s.rasa_urls == ["http://127.0.0.1:6005"]
    assert s.action_server_urls == ["http://127.0.0.1:6055"]


@pytest.mark.parametrize(
    "value", ["http://127.0.0.1:5005, http://127.0.0.1:5006/", '["http://127.0.0.1:5005", "http://127.0.0.1:5006"]']
)
def test_lists_from_the_environment_comma_separated_or_json(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("RASA_URLS", value)
    monkeypatch.setenv("RASA_URL", "http://127.0.0.1:9")  # the list wins
    assert settings().rasa_urls == ["http://127.0.0.1:5005", "http://127.0.0.1:5006"]


def test_a_wrong_address_is_refused_in_dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASA_URLS", "127.0.0.1:5005")
    with pytest.raises(ValidationError, match="geen adres zoals"):
        settings()


def test_the_timeout_stays_well_under_rasas_lock_lifetime() -> None:
    assert settings(rasa_timeout_seconds=29).rasa_timeout_seconds == 29
    with pytest.raises(ValidationError, match="lock-levensduur"):
        settings(rasa_timeout_seconds=30)


def test_sqlite_tracker_store() -> None:
    assert tracker_store("sqlite:////srv/afwezig/tracker.db") == {
        "type": "bot.tracker_store.CachingSQLTrackerStore",
        "dialect": "sqlite",
        "db": "/srv/afwezig/tracker.db",
    }


def test_postgresql_tracker_store_from_the_url() -> None:
    assert tracker_store("postgresql+psycopg2://rasa:p%40ss@db.internal:5433/tracker") == {
        "type": "bot.tracker_store.CachingSQLTrackerStore",
        "dialect": "postgresql",
        "url": "db.internal",
        "port": 5433,
        "db": "tracker",
        "username": "rasa",
        "password": "p@ss",
    }
    assert tracker_store("postgresql://db/tracker")["port"] == 5432


def test_other_tracker_stores_are_refused() -> None:
    with pytest.raises(ValueError, match="mysql"):
        tracker_store("mysql://db/tracker")
    with pytest.raises(ValueError, match="bestand"):
        tracker_store("sqlite://")


def test_redis_lock_store_from_the_url() -> None:
    assert lock_store("redis://:geheim@10.0.0.5:6380/2") == {
        "type": "redis",
        "url": "10.0.0.5",
        "port": 6380,
        "db": 2,
        "key_prefix": "afwezig",
        "password": "geheim",
    }
    assert lock_store("rediss://cache")["use_ssl"] is True
    assert lock_store("redis://127.0.0.1")["port"] == 6379
    with pytest.raises(ValueError, match="REDIS_URL"):
        lock_store("http://127.0.0.1:6379")


def test_each_rasa_instance_calls_its_own_action_server() -> None:
    s = settings(
        action_server_urls=["http://127.0.0.1:5055", "http://127.0.0.1:5056"],
        tracker_store_url="postgresql://pg:5432/tracker",
        redis_url="redis://redis:6379/0",
    )
    first, second = endpoints(s, 0), endpoints(s, 1)
    assert first["action_endpoint"] == {"url": "http://127.0.0.1:5055/webhook"}
    assert second["action_endpoint"] == {"url": "http://127.0.0.1:5056/webhook"}
    assert first["tracker_store"] == second["tracker_store"]
    assert first["lock_store"]["type"] == "redis"


def test_without_redis_no_lock_store_is_written() -> None:
    assert "lock_store" not in endpoints(settings())


def test_the_command_writes_yaml(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/1")
    endpoints_cmd.get_api_settings.cache_clear()
    try:
        assert endpoints_cmd.main(["--instance", "0"]) == 0
    finally:
        endpoints_cmd.get_api_settings.cache_clear()
    written = yaml.safe_load(capsys.readouterr().out)
    assert written["lock_store"]["db"] == 1


def test_the_start_scripts_get_the_ports() -> None:
    s = settings(rasa_urls=["http://127.0.0.1:5005", "http://localhost:5006"], api_port=8080)
    assert assignments(s) == {
        "API_HOST": "127.0.0.1",
        "API_PORT": "8080",
        "RASA_PORTS": "5005 5006",
        "ACTION_PORTS": "5055",
    }
    with pytest.raises(ValueError, match="lokaal adres"):
        assignments(settings(rasa_urls=["http://rasa.internal:5005"]))
