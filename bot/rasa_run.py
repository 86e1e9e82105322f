"""`rasa run` with the token of its HTTP API taken from the environment (RASA_TOKEN), not the command line.

Rasa 3.6 reads the token only from `--auth-token`, and a process's command line is readable by every local user
(`ps`, /proc/<pid>/cmdline). This launcher adds the option inside the process, so the token never shows:

    RASA_TOKEN=... .venv-rasa/bin/python -m bot.rasa_run run --enable-api -p 5005 ...

Runs in .venv-rasa with the repository root on PYTHONPATH (bot/rasa_env.sh). Refuses to start without a token.

It also shortens the start (measured in README, "Resources"):
- skops (with which Rasa's LogisticRegressionClassifier loads its model) is imported before Rasa. When it is imported
  it lists the numpy and scipy ufuncs it trusts, and finds each one's module with pickle.whichmodule, which searches
  every loaded module: after Rasa has imported TensorFlow (thousands of modules) that took 5-6 s, before it about
  1 s. The lists are the same (checked: the trusted type names are identical either way).
- Rasa 3.6 loads the spaCy pipeline twice (SpacyNLP's "provide" and "run" nodes, about 2 s each); both only read it,
  so the second load reuses the first.
"""

from __future__ import annotations

import functools
import os
import sys

# isort: off
import skops.io  # noqa: F401 - before rasa, see above
from rasa.__main__ import main as rasa_main
from rasa.nlu.utils.spacy_utils import SpacyNLP

from bot import rasa_speedups

# isort: on


def load_spacy_once() -> None:
    """Rasa's SpacyNLP.load_model, remembered per pipeline name."""
    SpacyNLP.load_model = staticmethod(functools.cache(SpacyNLP.load_model))  # type: ignore[method-assign]


def main() -> None:
    token = os.environ.get("RASA_TOKEN", "")
    if not token:
        sys.exit("RASA_TOKEN is leeg: Rasa's HTTP-API start niet zonder token.")
    sys.argv = ["rasa", *sys.argv[1:], f"--auth-token={token}"]
    rasa_speedups.apply()
    load_spacy_once()
    rasa_main()


if __name__ == "__main__":
    main()
