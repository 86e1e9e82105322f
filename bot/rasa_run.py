"""`rasa run` with the token of its HTTP API taken from the environment (RASA_TOKEN), not the command line.

Rasa 3.6 reads the token only from `--auth-token`, and a process's command line is readable by every local user
(`ps`, /proc/<pid>/cmdline). This launcher adds the option inside the process, so the token never shows:

    RASA_TOKEN=... .venv-rasa/bin/python -m bot.rasa_run run --enable-api -p 5005 ...

Runs in .venv-rasa with the repository root on PYTHONPATH (bot/rasa_env.sh). Refuses to start without a token.
"""

from __future__ import annotations

import os
import sys

from rasa.__main__ import main as rasa_main

from bot import rasa_speedups


def main() -> None:
    token = os.environ.get("RASA_TOKEN", "")
    if not token:
        sys.exit("RASA_TOKEN is leeg: Rasa's HTTP-API start niet zonder token.")
    sys.argv = ["rasa", *sys.argv[1:], f"--auth-token={token}"]
    rasa_speedups.apply()
    rasa_main()


if __name__ == "__main__":
    main()
