"""What has to happen after a number of problematic half days (B-codes): the B-code engine, as chat."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import knowledge_access
from actions.messages import bullet_list, send
from actions.parsing import parse_count
from knowledge.guidance.b_codes import BCodeAdvice, BCodeSituation, advise_b_codes
from knowledge.guidance.common import Reason, Step

NO_COUNT = (
    "Hoeveel B-codes (problematische halve dagen) heeft de leerling dit schooljaar? Dan zeg ik precies wat er "
    "nu moet gebeuren. Intussen geldt dit al vanaf de eerste B-code:"
)


def compose_reply(advice: BCodeAdvice, count: int | None) -> tuple[str, list[str]]:
    """The reply and its section ids: the engine's main reason, the mandatory steps, then the other reasons."""
    parts: list[str] = [NO_COUNT] if count is None else []
    reasons = list(advice.reasons) if count is not None else []
    if reasons:
        parts.append(reasons[0].text)
    if advice.mandatory_steps:
        if count is not None:
            parts.append("Verplicht:")
        parts.append(bullet_list(step.summary or step.action for step in advice.mandatory_steps))
    parts.extend(r.text for r in [*reasons[1:], *advice.priority_signals])
    if count is not None:
        parts.append(
            f"In het zorgcontinuüm van het draaiboek is dit {advice.phase_name[0].lower()}{advice.phase_name[1:]}."
        )
    cited: list[Reason | Step] = [*reasons, *advice.priority_signals, *advice.mandatory_steps]
    sections = [sid for item in cited for sid in item.sections]
    return "\n".join(parts), sections


def count_in_message(tracker: Tracker) -> int | None:
    """The number of B-codes the user gave: this message's entity, else a number in its text, else the slot."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "aantal" and (count := parse_count(entity.get("value"))) is not None:
            return count
    count = parse_count(tracker.latest_message.get("text"))
    return count if count is not None else parse_count(tracker.get_slot("aantal"))


class ActionBCodeSteps(Action):  # type: ignore[misc]
    def name(self) -> str:
        return "action_b_code_steps"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        count = count_in_message(tracker)
        with knowledge_access.open_repository() as repo:
            advice = advise_b_codes(BCodeSituation(b_codes=count if count is not None else 1), repo)
            text, section_ids = compose_reply(advice, count)
            sections = repo.section_refs(section_ids)
        send(dispatcher, text, sections)
        return []
