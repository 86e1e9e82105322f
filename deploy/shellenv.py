"""The settings the start scripts need, as shell assignments: ``eval "$(python -m deploy.shellenv)"``.

Prints API_HOST, API_PORT, RASA_PORTS and ACTION_PORTS (the ports of the local Rasa and action-server
instances, from RASA_URLS and ACTION_SERVER_URLS, separated by spaces).
"""

from __future__ import annotations

import shlex
import sys
from urllib.parse import urlsplit

from api.settings import ApiSettings, get_api_settings

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def ports(urls: list[str], name: str) -> list[int]:
    out = []
    for url in urls:
        parts = urlsplit(url)
        if parts.hostname not in LOOPBACK or parts.port is None:
            raise ValueError(f"{name}: '{url}' is geen lokaal adres met poort zoals http://127.0.0.1:5005")
        out.append(parts.port)
    return out


def assignments(settings: ApiSettings) -> dict[str, str]:
    return {
        "API_HOST": settings.api_host,
        "API_PORT": str(settings.api_port),
        "RASA_PORTS": " ".join(map(str, ports(settings.rasa_urls, "RASA_URLS"))),
        "ACTION_PORTS": " ".join(map(str, ports(settings.action_server_urls, "ACTION_SERVER_URLS"))),
    }


def main() -> int:
    try:
        values = assignments(get_api_settings())
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    for name, value in values.items():
        print(f"{name}={shlex.quote(value)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
