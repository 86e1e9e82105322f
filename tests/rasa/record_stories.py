"""Record the Rasa test stories: play each conversation of tests/rasa/conversations.yml through the running assistant
and write what Rasa did as a test story (tests/rasa/test_stories.yml).

Usage, with the assistant running (`make run`, or bot/stack.py; the token of Rasa's HTTP API from RASA_TOKEN or
var/rasa-token, or --token):

    .venv/bin/python tests/rasa/record_stories.py [--api http://127.0.0.1:8000] [--rasa http://127.0.0.1:5005]

Each conversation goes through POST /api/chat (with its role, as the web page sends it); the Rasa server's story
of the conversation (GET /conversations/{id}/story) becomes the test story: the user's words with the intent and
entities the model gave them, every action, form and slot event. The case (slot ``case``) is left out: it steers
nothing and only repeats the answers. A recorded story is what the assistant does now, not what it should do:
read every one before committing it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

import httpx
import yaml

HERE = Path(__file__).resolve().parent
LEFT_OUT_SLOTS = {"case"}
HEADER = """\
# The Rasa test stories, recorded from tests/rasa/conversations.yml by tests/rasa/record_stories.py and checked by
# hand: every guided journey with its facts at once and one by one, side questions, "stop" and "opnieuw", "weet ik
# niet", wrong values with their correction, the summary, and the safety interruption in the middle of a journey.
# `rasa test` (bot/rasa_test.sh, part of `make test`) must predict every action of every story.
"""


def record(api: httpx.Client, rasa: httpx.Client, conversation: dict[str, Any]) -> dict[str, Any]:
    session_id = None
    for message in conversation["messages"]:
        body = {"session_id": session_id, "message": str(message), "role": conversation.get("role")}
        response = api.post("/api/chat", json=body)
        response.raise_for_status()
        session_id = response.json()["session_id"]
    story = yaml.safe_load(rasa.get(f"/conversations/{session_id}/story").text)
    steps = []
    for step in story["stories"][0]["steps"]:
        if "slot_was_set" in step:
            kept = [s for s in step["slot_was_set"] if not (isinstance(s, dict) and LEFT_OUT_SLOTS & set(s))]
            if not kept:
                continue
            step = {"slot_was_set": kept}
        steps.append(step)
    return {"story": conversation["name"], "steps": steps}


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--api", default="http://127.0.0.1:8000")
    parser.add_argument("--rasa", default="http://127.0.0.1:5005")
    # Rasa's HTTP API wants its token: RASA_TOKEN, or the one `make run` made for this start.
    token_file = HERE.parent.parent / "var" / "rasa-token"
    default_token = os.environ.get("RASA_TOKEN") or (token_file.read_text().strip() if token_file.exists() else "")
    parser.add_argument("--token", default=default_token, help="the token of Rasa's HTTP API")
    parser.add_argument("--conversations", type=Path, default=HERE / "conversations.yml")
    parser.add_argument("--out", type=Path, default=HERE / "test_stories.yml")
    args = parser.parse_args()
    conversations = yaml.safe_load(args.conversations.read_text(encoding="utf-8"))["conversations"]
    with (
        httpx.Client(base_url=args.api, timeout=120) as api,
        httpx.Client(base_url=args.rasa, timeout=60, params={"token": args.token}) as rasa,
    ):
        stories = [record(api, rasa, c) for c in conversations]
    text = yaml.dump(
        {"version": "3.1", "stories": stories}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000
    )
    args.out.write_text(HEADER + text, encoding="utf-8")
    print(f"{len(stories)} verhalen geschreven naar {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
