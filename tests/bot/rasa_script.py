"""Run a Python script in .venv-rasa (Rasa's environment, the repository root on its path) and read the JSON it
prints on its last line. For tests of the code in bot/ that runs inside Rasa."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"


def run_in_rasa(script: str, *args: str) -> Any:
    """The JSON of the script's last line; skips the test (saying why) when .venv-rasa is not installed."""
    if not RASA_PYTHON.exists():
        pytest.skip(".venv-rasa is not installed (make setup)")
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", script, *args],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "TF_CPP_MIN_LOG_LEVEL": "3"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])
