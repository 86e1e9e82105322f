"""What the school must do after a number of problematic half days (B-codes)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.messages import bullet_list, send
from actions.parsing import parse_count
from knowledge.db import session_scope
from knowledge.repository import KnowledgeRepository, StepInTrack

TRACK = "b-code"


def mandatory_steps_up_to(steps: list[StepInTrack], count: int | None) -> list[StepInTrack]:
    """The mandatory steps of the B-code track that apply once ``count`` B-codes are reached (all when None)."""
    return [
        s for s in steps if s.step.mandatory and s.step.min_b_codes and (count is None or s.step.min_b_codes <= count)
    ]


def threshold_label(threshold: int, earlier: bool = False) -> str:
    if threshold <= 1:
        return "Al vanaf de eerste B-code:" if earlier else "Vanaf de eerste B-code:"
    return f"Vanaf {threshold} B-codes:"


def compose_reply(steps: list[StepInTrack], count: int | None) -> tuple[str, list[str]]:
    """The reply text and the cited section ids, grouped by the threshold from which a step applies.

    With a count, the threshold reached last comes first: that is what is new for the user.
    """
    applying = mandatory_steps_up_to(steps, count)
    if count == 0 or not applying:
        text = (
            "Zonder B-codes is er geen problematische afwezigheid op te volgen. Zorg wel voor een goede "
            "registratie van alle afwezigheden en een verbindend schoolklimaat."
        )
        return text, ["actoren.2"]
    thresholds = sorted({s.step.min_b_codes or 0 for s in applying}, reverse=count is not None)
    if count is None:
        parts = ["Wat de school moet doen bij problematische afwezigheid (B-codes):"]
    else:
        days = "problematische halve dag" if count == 1 else "problematische halve dagen"
        parts = [f"Bij {count} B-code{'' if count == 1 else 's'} ({count} {days}) in dit schooljaar geldt:"]
    for i, threshold in enumerate(thresholds):
        group = [s for s in applying if s.step.min_b_codes == threshold]
        parts.append(threshold_label(threshold, earlier=count is not None and i > 0))
        parts.append(bullet_list(s.step.summary or s.step.action for s in group))
    ordered = [s for t in thresholds for s in applying if s.step.min_b_codes == t]
    return "\n".join(parts), [sid for s in ordered for sid in s.step.sections]


class ActionBCodeSteps(Action):  # type: ignore[misc]
    def name(self) -> str:
        return "action_b_code_steps"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        count = parse_count(tracker.get_slot("aantal"))
        if count is None:
            count = parse_count(tracker.latest_message.get("text"))
        with session_scope() as session:
            repo = KnowledgeRepository(session)
            text, section_ids = compose_reply(repo.list_steps(TRACK), count)
            sections = repo.section_refs(section_ids)
        send(dispatcher, text, sections)
        return []
