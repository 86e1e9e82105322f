"""Progress of `make setup`: one line per stage as it starts and when it is done (with its duration), the stage's own
progress in between, and a one-line note for a stage that is up to date.

Standard library only: it runs with the Python 3.10 that creates the environments (before .venv exists) and inside
.venv-rasa (``filter rasa-train`` in bot/train.sh).

    python bot/progress.py stage 2/5 ".venv-rasa" --check "make -q .venv-rasa/.installed" [--tty-passthrough] \\
        [--log var/log/setup.log] -- make .venv-rasa/.installed
    rasa train ... 2>&1 | python bot/progress.py filter rasa-train

A stage's output:
- on a terminal: every line as it comes (``--tty-passthrough``: the command gets the terminal itself, so pip draws
  its own progress bars);
- elsewhere (CI logs, a pipe): at most one line per ``--every`` seconds (10) (the newest), a "nog bezig" line after as
  many seconds of silence, and the last line at the end. The full output goes to ``--log``; on failure its last
  lines are shown.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from typing import IO

# Lines of Rasa's training output worth showing, and their Dutch wording.
_RASA_LOG = re.compile(r"^\d{4}-\d\d-\d\d (\d\d:\d\d:\d\d) \w+\s+(\S+)\s+- (.*)$")
_COMPONENT = re.compile(r"^(Starting to train|Finished training|Restored) component '([^']+)'")
_EPOCHS = re.compile(r"^Epochs:\s+(\d+)%.*?\|\s*(\d+)/(\d+)")
_COMPONENT_VERBS = {"Starting to train": "trainen", "Finished training": "klaar"}
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_RASA_SHOWN_LOGGERS = ("rasa.cli.train", "rasa.model_training", "rasa.nlu.utils.spacy_utils")

# pip lines that say nothing new on a re-run.
_PIP_NOISE = re.compile(
    r"^\s*(Requirement already satisfied|Looking in indexes|Looking in links|WARNING: Location '.*' is ignored)"
)


def format_duration(seconds: float) -> str:
    """``8 s``, ``1 min 05 s``, ``1 h 02 min``."""
    total = round(seconds)
    if total < 60:
        return f"{total} s"
    minutes, secs = divmod(total, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def start_line(step: str, label: str) -> str:
    return f"[{step}] {label} ..."


def done_line(step: str, label: str, seconds: float) -> str:
    return f"[{step}] {label}: klaar in {format_duration(seconds)}"


def failed_line(step: str, label: str, seconds: float, code: int) -> str:
    return f"[{step}] {label}: mislukt na {format_duration(seconds)} (afsluitcode {code})"


def up_to_date_line(step: str, label: str) -> str:
    return f"[{step}] {label}: up-to-date, overgeslagen"


def rasa_train_line(line: str) -> str | None:
    """The part of a line of `rasa train` worth showing, in Dutch, or None: the components as they are trained, the
    validation steps, the epochs of a component that has them (every 10 %), and the end. TensorFlow's and the
    libraries' warnings, tracebacks of warnings and tqdm's intermediate bars are left out (they stay in the log)."""
    line = _ANSI.sub("", line).rstrip()
    if not line:
        return None
    match = _RASA_LOG.match(line)
    if match:
        clock, logger, message = match.groups()
        component = _COMPONENT.match(message)
        if component:
            verb = _COMPONENT_VERBS.get(component.group(1), "uit de cache")
            return f"{clock} onderdeel {component.group(2)} {verb}"
        if logger.startswith("rasa.validator") or logger.startswith(_RASA_SHOWN_LOGGERS):
            return f"{clock} {message}"
        if "vocabulary items were created" in message:
            return f"{clock} {message}"
        return None
    epochs = _EPOCHS.match(line)
    if epochs:
        percent = int(epochs.group(1))
        return f"epoch {epochs.group(2)}/{epochs.group(3)}" if percent % 10 == 0 else None
    if line.startswith("Your Rasa model is trained"):
        return "Model getraind en bewaard."
    return None


def pip_line(line: str) -> str | None:
    """A line of pip's output to show, or None; a very long one ("Installing collected packages: ...") is cut."""
    line = _ANSI.sub("", line).rstrip()
    if not line.strip() or _PIP_NOISE.match(line):
        return None
    if line.startswith("Installing collected packages:"):
        count = line.count(",") + 1
        return f"Installing collected packages: {count} pakketten (dat duurt even, pip zegt pas iets als het klaar is)"
    if line.startswith("Successfully installed"):
        return f"Successfully installed: {len(line.split()) - 2} pakketten"
    return line if len(line) <= 160 else line[:157] + "..."


FILTERS: dict[str, Callable[[str], str | None]] = {
    "rasa-train": rasa_train_line,
    "pip": pip_line,
    "none": lambda line: line.rstrip() or None,
}


def split_progress(chunk: str) -> list[str]:
    """tqdm redraws its bar with carriage returns: each redraw counts as a line."""
    return [part for part in re.split(r"[\r\n]", chunk) if part]


class Throttle:
    """Which lines a log (not a terminal) shows: the first at once, then at most one per ``every`` seconds (the
    newest), a heartbeat after ``silence`` seconds without any output, and at the end the last line if it was held
    back."""

    def __init__(self, every: float, silence: float, start: float) -> None:
        self.every = every
        self.silence = silence
        self.last_shown = start - every  # the first line shows at once
        self.last_output = start
        self.pending: str | None = None

    def line(self, text: str, now: float) -> str | None:
        self.last_output = now
        if now - self.last_shown >= self.every:
            self.last_shown = now
            self.pending = None
            return text
        self.pending = text
        return None

    def tick(self, now: float) -> str | None:
        """Called now and then: the held-back line when its time has come, or a heartbeat after silence."""
        if self.pending is not None and now - self.last_shown >= self.every:
            text, self.pending = self.pending, None
            self.last_shown = now
            return text
        if now - max(self.last_output, self.last_shown) >= self.silence:
            self.last_shown = now
            return "nog bezig"
        return None

    def end(self) -> str | None:
        text, self.pending = self.pending, None
        return text


def _print(text: str) -> None:
    print(text, flush=True)


def run_stage(args: argparse.Namespace) -> int:
    step, label = args.step, args.label
    if args.check and subprocess.run(args.check, shell=True, stdout=subprocess.DEVNULL, check=False).returncode == 0:
        _print(up_to_date_line(step, label))
        return 0
    command = args.command
    _print(start_line(step, label))
    started = time.monotonic()
    tty = sys.stdout.isatty() and not os.environ.get("PROGRESS_PLAIN")
    if tty and args.tty_passthrough:
        code = subprocess.run(command, check=False).returncode
    else:
        code = _run_piped(command, args, tty, started)
    seconds = time.monotonic() - started
    _print(done_line(step, label, seconds) if code == 0 else failed_line(step, label, seconds, code))
    return code


def _run_piped(command: list[str], args: argparse.Namespace, tty: bool, started: float) -> int:
    indent = "      "
    keep = FILTERS[args.filter]
    tail: deque[str] = deque(maxlen=25)
    throttle = Throttle(args.every, args.silence, started)
    lock = threading.Lock()
    done = threading.Event()

    def show(text: str) -> None:
        with lock:
            _print(f"{indent}[{format_duration(time.monotonic() - started)}] {text}" if not tty else indent + text)

    def heartbeat() -> None:
        while not done.wait(1.0):
            with lock:
                text = throttle.tick(time.monotonic())
            if text is not None:
                show(text)

    log: IO[str] | None = None
    if args.log:
        os.makedirs(os.path.dirname(args.log) or ".", exist_ok=True)
        log = open(args.log, "a", encoding="utf-8")  # noqa: SIM115 - closed below
        log.write(f"\n===== {time.strftime('%Y-%m-%d %H:%M:%S')} [{args.step}] {args.label}: {' '.join(command)}\n")
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace", bufsize=1
    )
    ticker = None if tty else threading.Thread(target=heartbeat, daemon=True)
    if ticker:
        ticker.start()
    assert proc.stdout is not None
    for chunk in proc.stdout:
        if log:
            log.write(chunk)
        for raw in split_progress(chunk):
            text = keep(raw)
            if text is None:
                continue
            tail.append(text)
            if tty:
                show(text)
            else:
                with lock:
                    shown = throttle.line(text, time.monotonic())
                if shown is not None:
                    show(shown)
    code = proc.wait()
    done.set()
    if ticker:
        ticker.join()
    if log:
        log.close()
    if code != 0:
        shown_tail: Iterable[str] = tail if not tty else []
        for text in shown_tail:
            _print(indent + text)
        if args.log:
            _print(f"{indent}De volledige uitvoer staat in {args.log}.")
    elif not tty:
        last = throttle.end()
        if last is not None:
            show(last)
    return code


def run_filter(name: str, stream: IO[str]) -> int:
    keep = FILTERS[name]
    for chunk in stream:
        for raw in split_progress(chunk):
            text = keep(raw)
            if text is not None:
                _print(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    stage = sub.add_parser("stage", help="run one stage of the set-up")
    stage.add_argument("step", help="e.g. 2/5")
    stage.add_argument("label")
    stage.add_argument("--check", help="shell command that succeeds when the stage is up to date")
    stage.add_argument("--tty-passthrough", action="store_true", help="on a terminal, give it to the command")
    stage.add_argument("--filter", choices=sorted(FILTERS), default="none")
    stage.add_argument("--log", help="append the full output here")
    stage.add_argument("--every", type=float, default=10.0, help="outside a terminal: at most one line per N s")
    stage.add_argument("--silence", type=float, default=30.0, help="outside a terminal: 'nog bezig' after N s")
    filt = sub.add_parser("filter", help="filter standard input")
    filt.add_argument("name", choices=sorted(FILTERS))
    argv = sys.argv[1:] if argv is None else argv
    # The command follows "--" (argparse's REMAINDER would also take the options before it).
    command = argv[argv.index("--") + 1 :] if "--" in argv else []
    args = parser.parse_args(argv[: argv.index("--")] if "--" in argv else argv)
    args.command = command
    if args.mode == "stage" and not command:
        parser.error("stage: the command follows --")
    if args.mode == "filter":
        return run_filter(args.name, sys.stdin)
    return run_stage(args)


if __name__ == "__main__":
    raise SystemExit(main())
