"""Prepare the Dutch spaCy pipeline that Rasa's SpacyNLP loads from one fixed path.

Runs in .venv-rasa. Uses ``nl_core_news_sm`` when it is installed or can be installed; otherwise builds a
local pipeline: ``spacy.blank("nl")`` with the Dutch lookup lemmatizer from spacy-lookups-data. Either way
the pipeline is saved at PIPELINE_DIR (config.yml points there) and the script says which one it used.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import spacy

REPO_ROOT = Path(__file__).resolve().parent.parent
PIPELINE_DIR = REPO_ROOT / "var" / "spacy-nl"
MARKER = PIPELINE_DIR / "afwezig-pipeline.json"
PACKAGE = "nl_core_news_sm"


def _try_package() -> spacy.language.Language | None:
    try:
        return spacy.load(PACKAGE)
    except OSError:
        pass
    # The model lives outside PyPI; on a machine without internet this fails quickly.
    result = subprocess.run(
        [sys.executable, "-m", "spacy", "download", PACKAGE],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        return None
    try:
        return spacy.load(PACKAGE)
    except OSError:
        return None


def _blank_with_lemmas() -> spacy.language.Language:
    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


def build(force: bool = False) -> str:
    if MARKER.exists() and not force:
        kind = json.loads(MARKER.read_text())["kind"]
        print(f"Nederlandse spaCy-pijplijn al klaar ({kind}) in {PIPELINE_DIR.relative_to(REPO_ROOT)}.")
        return str(kind)
    nlp = _try_package()
    kind = PACKAGE if nlp is not None else "blank-nl+lookup-lemmatizer"
    if nlp is None:
        nlp = _blank_with_lemmas()
    PIPELINE_DIR.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(PIPELINE_DIR)
    MARKER.write_text(json.dumps({"kind": kind, "spacy": spacy.__version__}))
    check = [t.lemma_ for t in spacy.load(PIPELINE_DIR)("spijbelde leerlingen")]
    print(
        f"Nederlandse spaCy-pijplijn gebouwd: {kind} in {PIPELINE_DIR.relative_to(REPO_ROOT)} "
        f"(controle: 'spijbelde leerlingen' -> {' '.join(check)})."
    )
    return kind


if __name__ == "__main__":
    build(force="--force" in sys.argv)
