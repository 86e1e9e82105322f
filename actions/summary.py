"""The case summary ("maak een samenvatting"): what the guidance of the conversation established, as plain text
for a care team or a CLB meeting (``knowledge.case``)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import knowledge_access
from actions.messages import current_role, role_events
from knowledge.case import CASE_SLOT, Case, summary_text

NO_BREAK_SPACE = "\u00a0"


class ActionCaseSummary(Action):  # type: ignore[misc]
    """The summary of the case so far; without a case, what to tell first. In the middle of a journey the form
    asks its question again afterwards."""

    def name(self) -> str:
        return "action_case_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        case = Case.from_dict(tracker.get_slot(CASE_SLOT))
        with knowledge_access.open_repository() as repo:
            text = summary_text(case, repo, current_role(tracker))
        # Rasa's channels split a text without buttons at every blank line into separate messages; the summary is
        # one text to copy, so its blank lines hold a no-break space.
        dispatcher.utter_message(text=text.replace("\n\n", f"\n{NO_BREAK_SPACE}\n"))
        return role_events(tracker)
