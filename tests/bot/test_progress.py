"""bot/progress.py: the lines of `make setup` (stage start, duration, up to date, failure), what is kept of pip's and
Rasa's output, the throttling of a log, and a stage run end to end with small shell commands; bot/train.sh --check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.progress import Throttle, format_duration, pip_line, rasa_train_line, split_progress

ROOT = Path(__file__).resolve().parent.parent.parent
PROGRESS = [sys.executable, str(ROOT / "bot" / "progress.py")]


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0 s"), (8.4, "8 s"), (59.6, "1 min 00 s"), (65, "1 min 05 s"), (3599, "59 min 59 s"), (3720, "1 h 02 min")],
)
def test_format_duration(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


def test_rasa_lines_show_components_and_validation_without_noise() -> None:
    assert (
        rasa_train_line(
            "2026-12-07 14:17:56 INFO     rasa.engine.training.hooks  - Starting to train component "
            "'LogisticRegressionClassifier'."
        )
        == "14:17:56 onderdeel LogisticRegressionClassifier trainen"
    )
    assert (
        rasa_train_line("2026-12-07 14:18:20 INFO     rasa.engine.training.hooks  - Finished training component 'X'.")
        == "14:18:20 onderdeel X klaar"
    )
    assert (
        rasa_train_line("2026-12-07 14:21:32 INFO     rasa.engine.training.hooks  - Restored component 'Y' from cache.")
        == "14:21:32 onderdeel Y uit de cache"
    )
    assert (
        rasa_train_line("2026-12-07 14:17:18 INFO     rasa.validator  - Validating intents...")
        == "14:17:18 Validating intents..."
    )
    assert rasa_train_line("\x1b[92mYour Rasa model is trained and saved at 'models/a.tar.gz'.\x1b[0m") == (
        "Model getraind en bewaard."
    )
    for noise in (
        "2026-12-07 14:17:18 WARNING  tensorflow  - oneDNN custom operations are on.",
        "/x/site-packages/rasa/shared/utils/io.py:100: UserWarning: You have defined training data",
        "  More info at https://rasa.com/docs/rasa/components",
        "Processed story blocks:  20%|██        | 1/5 [00:00<00:01,  2.48it/s]",
        "Processed trackers: 100%|██████████| 33/33 [00:00<00:00, 660.66it/s]",
        "",
    ):
        assert rasa_train_line(noise) is None, noise


def test_rasa_epochs_every_ten_percent() -> None:
    assert rasa_train_line("Epochs:  10%|█         | 8/80 [00:02<00:20, 3.5it/s, t_loss=2.1]") == "epoch 8/80"
    assert rasa_train_line("Epochs:  11%|█         | 9/80 [00:02<00:20, 3.5it/s, t_loss=2.1]") is None
    assert rasa_train_line("Epochs: 100%|██████████| 80/80 [00:20<00:00, 3.9it/s]") == "epoch 80/80"


def test_pip_lines_drop_repeats_and_shorten_the_long_ones() -> None:
    assert pip_line("Collecting numpy==1.23.5") == "Collecting numpy==1.23.5"
    assert pip_line("Requirement already satisfied: numpy in ./.venv/lib") is None
    assert pip_line("WARNING: Location 'file:///opt/x/simple/h11/' is ignored: it is neither a file nor a dir") is None
    assert pip_line("Installing collected packages: a, b, c") == (
        "Installing collected packages: 3 pakketten (dat duurt even, pip zegt pas iets als het klaar is)"
    )
    assert pip_line("Successfully installed a-1 b-2") == "Successfully installed: 2 pakketten"
    assert len(pip_line("Collecting " + "x" * 300) or "") == 160


def test_carriage_returns_split_progress_bars() -> None:
    assert split_progress("a 10%\ra 20%\ra 100%\n") == ["a 10%", "a 20%", "a 100%"]


def test_throttle_shows_the_first_line_then_one_per_interval_a_heartbeat_and_the_last() -> None:
    throttle = Throttle(every=10, silence=30, start=0)
    assert throttle.line("one", 0.5) == "one"
    assert throttle.line("two", 3) is None
    assert throttle.line("three", 5) is None
    assert throttle.tick(6) is None
    assert throttle.tick(10.5) == "three"  # the newest held-back line, once its time has come
    assert throttle.tick(20) is None
    assert throttle.tick(40.5) == "nog bezig"  # 30 s without output
    assert throttle.tick(41) is None
    assert throttle.line("four", 55) == "four"
    assert throttle.line("five", 56) is None
    assert throttle.end() == "five"
    assert throttle.end() is None


def _stage(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PROGRESS, "stage", *args],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_a_stage_that_is_up_to_date_says_so_in_one_line() -> None:
    result = _stage("3/5", "spaCy", "--check", "true", "--", "sh", "-c", "echo should-not-run")
    assert result.returncode == 0
    assert result.stdout == "[3/5] spaCy: up-to-date, overgeslagen\n"


def test_a_stage_in_a_log_shows_start_throttled_lines_and_duration(tmp_path: Path) -> None:
    log = tmp_path / "setup.log"
    script = "for i in 1 2 3 4 5; do echo line $i; done"
    result = _stage("1/2", "demo", "--check", "false", "--log", str(log), "--", "sh", "-c", script)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "[1/2] demo ..."
    assert lines[1] == "      [0 s] line 1"
    assert lines[2] == "      [0 s] line 5"  # the rest came within 10 s: only the last is shown at the end
    assert lines[3] == "[1/2] demo: klaar in 0 s"
    assert len(lines) == 4
    assert "line 3" in log.read_text()  # the log keeps everything


def test_a_failing_stage_shows_its_last_lines_and_the_exit_code(tmp_path: Path) -> None:
    log = tmp_path / "setup.log"
    result = _stage("2/5", "demo", "--log", str(log), "--", "sh", "-c", "echo begin; echo ERROR: broken; exit 3")
    assert result.returncode == 3
    assert "[2/5] demo: mislukt na 0 s (afsluitcode 3)" in result.stdout
    assert "      ERROR: broken" in result.stdout
    assert f"De volledige uitvoer staat in {log}." in result.stdout


def test_a_stage_in_a_log_says_it_is_busy_during_silence() -> None:
    result = _stage("4/5", "stil", "--silence", "1", "--", "sh", "-c", "echo start; sleep 2.5; echo einde")
    assert result.returncode == 0
    assert "nog bezig" in result.stdout
    assert result.stdout.rstrip().endswith("[4/5] stil: klaar in 3 s")


def test_the_pip_filter_drops_already_satisfied_lines() -> None:
    script = "echo 'Requirement already satisfied: x'; echo 'Collecting y'"
    result = _stage("1/1", "pip", "--filter", "pip", "--", "sh", "-c", script)
    assert "already satisfied" not in result.stdout
    assert "Collecting y" in result.stdout


def test_the_rasa_filter_reads_standard_input() -> None:
    stdin = (
        "2026-12-07 14:17:56 INFO     rasa.engine.training.hooks  - Starting to train component 'A'.\n"
        "W tensorflow noise\n"
        "Processed rules:  50%|█  | 1/2\rProcessed rules: 100%|██| 2/2\n"
    )
    result = subprocess.run(
        [*PROGRESS, "filter", "rasa-train"], input=stdin, capture_output=True, text=True, timeout=30, check=True
    )
    assert result.stdout == "14:17:56 onderdeel A trainen\n"


def test_train_sh_check_says_whether_the_model_is_up_to_date(tmp_path: Path) -> None:
    empty = subprocess.run(
        [str(ROOT / "bot" / "train.sh"), "--check"], env={**os.environ, "MODEL_DIR": str(tmp_path)}, check=False
    )
    assert empty.returncode == 1  # no model there: it would be trained
