"""docker-compose.yml and its images, checked without Docker: the pieces fit together with the settings."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from api.settings import ApiSettings
from deploy.endpoints import endpoints

ROOT = Path(__file__).resolve().parents[2]
COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES: dict[str, Any] = COMPOSE["services"]


def numbered(kind: str) -> list[str]:
    return sorted(name for name in SERVICES if re.fullmatch(rf"{kind}-\d+", name))


def test_the_api_lists_every_rasa_and_action_server_in_instance_order() -> None:
    env = SERVICES["api"]["environment"]
    assert env["RASA_URLS"].split(",") == [f"http://{name}:5005" for name in numbered("rasa")]
    assert env["ACTION_SERVER_URLS"].split(",") == [f"http://{name}:5055" for name in numbered("actions")]
    assert len(numbered("rasa")) == len(numbered("actions")) >= 2


def test_each_rasa_instance_gets_the_endpoints_of_its_own_action_server() -> None:
    job = " ".join(SERVICES["config"]["command"])
    for index, name in enumerate(numbered("rasa")):
        file = SERVICES[name]["environment"]["ENDPOINTS_FILE"]
        assert f"--instance {index} > {file}" in job
        assert f"actions-{index + 1}" in SERVICES[name]["depends_on"]
    env = SERVICES["api"]["environment"]
    settings = ApiSettings(
        _env_file=None,  # type: ignore[call-arg]
        **{k.lower(): v for k, v in env.items() if k in ("RASA_URLS", "ACTION_SERVER_URLS", "TRACKER_STORE_URL")},
        redis_url="redis://:secret@redis:6379/0",
    )
    first = endpoints(settings, 0)
    assert first["action_endpoint"]["url"] == "http://actions-1:5055/webhook"
    assert first["tracker_store"]["dialect"] == "postgresql" and first["tracker_store"]["url"] == "postgres"
    assert first["lock_store"]["url"] == "redis"


def test_only_the_api_is_public_and_rasa_needs_its_token() -> None:
    assert COMPOSE["networks"]["backend"]["internal"] is True
    for name, service in SERVICES.items():
        if name == "api":
            assert service["ports"] == ["8000:8000"]
        else:
            assert "ports" not in service, name
            assert service["networks"] == ["backend"], name
    for name in numbered("rasa"):
        assert SERVICES[name]["environment"]["RASA_TOKEN"] == "${RASA_TOKEN:?}"
    assert SERVICES["api"]["environment"]["RASA_TOKEN"] == "${RASA_TOKEN:?}"
    rasa_image = (ROOT / "deploy/docker/rasa.Dockerfile").read_text()
    assert "python -m bot.rasa_run run --enable-api" in rasa_image


def test_every_dependency_is_a_service_and_every_copied_path_exists() -> None:
    for name, service in SERVICES.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in SERVICES, f"{name} depends on unknown {dependency}"
    for dockerfile in (ROOT / "deploy/docker").glob("*.Dockerfile"):
        for line in dockerfile.read_text().splitlines():
            if line.startswith("COPY "):
                for source in line.split()[1:-1]:
                    if source.startswith(("models/", "var/")):
                        continue  # made by `make setup`
                    assert (ROOT / source).exists(), f"{dockerfile.name}: {source}"
