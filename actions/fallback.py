"""What a message gets that the NLU did not place for sure (nlu_fallback).

The FallbackClassifier sends a message to nlu_fallback for two reasons: no intent is confident enough, or the two
best intents are nearly as likely ("geboren 12/01/2011, wanneer mag ik stoppen": leaving school or leerplicht).
When two engines tie, the classifier's best guess holds the facts an engine needs, so the engine of that guess
answers; any other message gets the knowledge's answer (action_answer), which also says when it does not know.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswer
from actions.dispatch import answer_as

# The confidence below which the FallbackClassifier falls back anyway (config.yml, `threshold`): an intent at or
# above it lost only by ambiguity.
FALLBACK_THRESHOLD = 0.35
DANGER_INTENT = "signal_danger"
# The intents whose actions are engines (facts in, an answer out), not the knowledge search.
ENGINE_INTENTS = frozenset(
    {"ask_b_code_steps", "ask_leerplicht", "ask_illness_support", "ask_which_code", "ask_outflow"}
)


def ambiguous_engine_intent(tracker: Tracker) -> str | None:
    """The engine intent that the classifier ranked first, at or above the fallback threshold, if any."""
    # A danger only the classifier suspects is said with the help lines in short (actions.messages); it does not
    # keep the question from its engine ("ik heb crohn, heb ik recht op les thuis").
    ranking = [
        e
        for e in tracker.latest_message.get("intent_ranking") or []
        if e.get("name") not in ("nlu_fallback", DANGER_INTENT)
    ]
    if not ranking:
        return None
    best = ranking[0]
    name = str(best.get("name") or "")
    confident = float(best.get("confidence") or 0.0) >= FALLBACK_THRESHOLD
    # Between two engines the best guess is a sure pick; between an engine and a question for the knowledge
    # ("... zit in begeleiding bij het clb, wat gebeurt er dan"), the knowledge decides.
    rival = str(ranking[1].get("name") or "") if len(ranking) > 1 else ""
    return name if confident and name in ENGINE_INTENTS and (not rival or rival in ENGINE_INTENTS) else None


class ActionNluFallback(Action):  # type: ignore[misc]
    def name(self) -> str:
        return "action_nlu_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        intent = ambiguous_engine_intent(tracker)
        if intent is not None:
            return await answer_as(intent, dispatcher, tracker, domain)
        events: list[dict[str, Any]] = await ActionAnswer().run(dispatcher, tracker, domain)
        return events
