"""NLU cross-validation: 5-fold on the training data (data/nlu), with the pipeline of config.yml.

    .venv/bin/python bench/nlu_cv.py [--folds 5] [--config config.yml]

Runs `rasa test nlu --cross-validation` in .venv-rasa (it trains one model per fold, so it takes several
minutes) and prints the intent accuracy, macro F1 and weighted F1 over the folds, and the weakest intents.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RASA = REPO / ".venv-rasa" / "bin" / "rasa"


def macro_f1(report: dict[str, Any]) -> float:
    rows = [
        row
        for name, row in report.items()
        if isinstance(row, dict) and row.get("support") and name not in ("macro avg", "weighted avg", "micro avg")
    ]
    return sum(float(r["f1-score"]) for r in rows) / max(len(rows), 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--config", default="config.yml")
    args = parser.parse_args(argv)
    if not RASA.exists():
        print("bench/nlu_cv.py: .venv-rasa ontbreekt; voer eerst `make setup` uit.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as out:
        start = time.monotonic()
        command = [
            str(RASA), "test", "nlu", "--nlu", "data", "--config", args.config,
            "--cross-validation", "--folds", str(args.folds), "--out", out, "--quiet",
        ]  # fmt: skip
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(done.stdout[-3000:], done.stderr[-3000:], file=sys.stderr)
            return done.returncode
        report = json.loads((Path(out) / "intent_report.json").read_text(encoding="utf-8"))
        seconds = time.monotonic() - start
    print(f"NLU {args.folds}-fold cross-validation on data/nlu ({args.config}), {seconds:.0f} s")
    print(f"  intent accuracy {report['accuracy']:.3f}")
    print(f"  macro F1        {macro_f1(report):.3f}")
    print(f"  weighted F1     {report['weighted avg']['f1-score']:.3f}")
    weakest = sorted(
        (row["f1-score"], name)
        for name, row in report.items()
        if isinstance(row, dict) and row.get("support") and name not in ("macro avg", "weighted avg", "micro avg")
    )[:5]
    print("  weakest intents: " + ", ".join(f"{name} {f1:.2f}" for f1, name in weakest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
