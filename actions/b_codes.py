"""What has to happen after a number of problematic half days (B-codes): the B-code engine, as chat.

The facts come from the message (count, age, level, how the parents and the pupil stand), the rules and their
sentences from ``knowledge.guidance.b_codes``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import knowledge_access
from actions.knowledge_reply import send_answer, send_answer_then_ask, sure_knowledge_answer, what_it_is
from actions.message_facts import age_in_message, message_text, value_in_message
from actions.messages import Button, current_role, help_lines_if_suspected, role_events
from actions.parsing import (
    Amount,
    parse_asks_code,
    parse_asks_steps,
    parse_clb_involved,
    parse_parents_stance,
    parse_pupil_refuses,
    parse_school_level,
    parse_stopped_attending,
    read_count,
)
from actions.reply import MUST, Reply, step_line
from actions.which_code import ActionWhichCode
from knowledge.guidance.b_codes import (
    ADULT_AGE,
    CONTACT_FROM_B_CODES,
    POLICE_PREVENTIVE_EXAMPLE_B_CODES,
    SIGNAL_CLB_FROM_B_CODES,
    BCodeAdvice,
    BCodeSituation,
    advise_b_codes,
)
from knowledge.guidance.common import AdviceStep
from knowledge.repository import KnowledgeRepository
from knowledge.texts import render

# -- reading the facts of the message --------------------------------------------------------------------------


def count_in_message(tracker: Tracker) -> Amount | None:
    """The number of B-codes: from the text, else the `aantal` entity, else the slot."""
    return value_in_message(tracker, "aantal", read_count)


def situation_from(tracker: Tracker, count: int) -> BCodeSituation:
    text = message_text(tracker)
    level = parse_school_level(text)
    return BCodeSituation(
        b_codes=count,
        age=age_in_message(tracker),
        level=level.level if level else None,
        grade=level.grade if level else None,
        parents=parse_parents_stance(text),
        pupil_refuses=parse_pupil_refuses(text),
        stopped_attending=parse_stopped_attending(text),
        clb_involved=parse_clb_involved(text),
    )


# -- the B-code answer -----------------------------------------------------------------------------------------

# The engine's reason that says where a count of B-codes stands (one of them opens every advice).
COUNT_REASONS = frozenset(
    {"b_codes.reason.basic_care", "b_codes.reason.school_takes_initiative", "b_codes.reason.signal_clb"}
)
# The topics this engine's general answer is about: a message naming only these ("wat na B-codes", "hij spijbelt",
# "vanaf hoeveel B-codes naar het CLB") gets the engine's answer, not a knowledge item.
OWN_TOPICS = frozenset(
    {"code:B", "term:spijbelen", "term:ongeoorloofd-relatief-verzuim", "partner:clb", "partner:school"}
)
# The counts at which the draaiboek's B-code steps change (actoren.2, actoren.4.1, actieplan.1.2).
THRESHOLDS = (CONTACT_FROM_B_CODES, SIGNAL_CLB_FROM_B_CODES, POLICE_PREVENTIVE_EXAMPLE_B_CODES)
# Where the draaiboek says that the school signals the CLB from five B-codes.
CLB_SECTIONS = ("actoren.2", "actoren.4.1")
QUALIFIERS = {"at_least": "engines.b_codes.count_at_least", "at_most": "engines.b_codes.count_at_most"}


def _count_note(amount: Amount) -> str | None:
    if amount.at_least:
        return QUALIFIERS["at_least"]
    if amount.at_most:
        return QUALIFIERS["at_most"]
    return "engines.b_codes.count_about" if amount.approximate else None


def age_matters(situation: BCodeSituation, advice: BCodeAdvice, repo: KnowledgeRepository) -> bool:
    """Whether the unknown age would change the steps: the engine's advice for an adult differs from this one."""
    if situation.age is not None:
        return False
    adult = advise_b_codes(replace(situation, age=ADULT_AGE), repo)
    return adult.step_ids != advice.step_ids


def _without_stated_facts(s: BCodeSituation) -> list[BCodeSituation]:
    """The situation once without each fact the message states about the parents and the pupil."""
    return [
        without
        for stated, without in (
            (s.parents is not None, replace(s, parents=None)),
            (s.pupil_refuses, replace(s, pupil_refuses=False)),
            (s.stopped_attending, replace(s, stopped_attending=False)),
            (s.clb_involved, replace(s, clb_involved=False)),
        )
        if stated
    ]


def steps_the_facts_bring(
    situation: BCodeSituation, advice: BCodeAdvice, repo: KnowledgeRepository
) -> list[AdviceStep]:
    """The recommended steps that a stated fact adds and that no reason of the engine explains.

    For each fact the message states, the engine is asked again without it: when its reasons stay the same but
    its steps differ, the new steps are what the fact brings, and the answer shows them."""
    brought: dict[str, AdviceStep] = {}
    for unstated in _without_stated_facts(situation):
        without = advise_b_codes(unstated, repo)
        if [r.key for r in without.reasons] != [r.key for r in advice.reasons]:
            continue
        before = set(without.step_ids)
        for step in advice.recommended_steps:
            if step.id not in before:
                brought.setdefault(step.id, step)
    return list(brought.values())


def compose_reply(
    situation: BCodeSituation, amount: Amount | None, advice: BCodeAdvice, repo: KnowledgeRepository, role: str | None
) -> Reply:
    reply = Reply(role)
    count = situation.b_codes if amount is not None else None
    note = _count_note(amount) if amount is not None else "engines.b_codes.ask_count"
    if note is not None:
        reply.text(note, rank=MUST, count=count)
    main = [r for r in advice.reasons if r.key in COUNT_REASONS]
    others = [r for r in advice.reasons if r.key not in COUNT_REASONS]
    if count is not None:
        for r in main:
            reply.reason(r, rank=MUST)
    # The steps of the furthest phase first: they are what is new at this count; the list is cut from the end.
    mandatory = sorted(advice.mandatory_steps, key=lambda s: -s.phase)
    steps = [(step_line(s, repo, role), s.sections) for s in mandatory]
    if count is None:  # the question ends in "this holds from the first B-code:", the list answers it
        reply.bullets(steps, rank=MUST + 1)
        # What changes at the threshold everyone asks about: the CLB.
        reply.text("engines.b_codes.from_threshold", CLB_SECTIONS, rank=MUST, threshold=SIGNAL_CLB_FROM_B_CODES)
    else:
        reply.bullets(steps, heading=render("engines.b_codes.mandatory", role), rank=3)
    brought = [(step_line(s, repo, role), s.sections) for s in steps_the_facts_bring(situation, advice, repo)]
    reply.bullets(brought, heading=render("engines.b_codes.recommended", role), rank=2)
    for r in others:
        reply.reason(r, rank=1)
    if age_matters(situation, advice, repo):
        reply.text("engines.b_codes.age_matters", rank=MUST, adult_age=ADULT_AGE)
    if count is not None:
        phase = advice.phase_name[:1].lower() + advice.phase_name[1:]
        reply.text("engines.b_codes.phase", rank=4, phase=phase)
    for signal in advice.priority_signals:
        reply.reason(signal, rank=5)
    _buttons(reply, situation, count)
    return reply


def _example_button(role: str | None) -> Button:
    title = render("engines.b_codes.button.example", role, count=SIGNAL_CLB_FROM_B_CODES)
    return {"title": title, "payload": title}


def _b_codes(count: int, role: str | None) -> str:
    """ "1 B-code", "10 B-codes": the engine's own wording of a count."""
    return render("b_codes.count.one" if count == 1 else "b_codes.count.many", role, count=count)


def _buttons(reply: Reply, situation: BCodeSituation, count: int | None) -> None:
    if count is None:
        reply.button("engines.b_codes.button.example", count=SIGNAL_CLB_FROM_B_CODES)
    if situation.parents in ("unwilling", "unreachable"):
        reply.button("engines.b_codes.button.police")
    elif situation.parents == "powerless":
        reply.button("engines.b_codes.button.brugfiguur")
    elif situation.pupil_refuses:
        reply.button("engines.b_codes.button.contract")
    elif count:
        reply.button("engines.b_codes.button.parents", count=count)
    reply.button("engines.b_codes.button.clb")
    following = [t for t in THRESHOLDS if count is not None and t > count]
    if following:
        reply.button("engines.b_codes.button.next", count=_b_codes(following[0], reply.role))
    reply.button("engines.b_codes.button.police")
    reply.button("engines.b_codes.button.contract")


class ActionBCodeSteps(Action):  # type: ignore[misc]
    def name(self) -> str:
        return "action_b_code_steps"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        help_lines_if_suspected(dispatcher, tracker)
        role = current_role(tracker)
        amount = count_in_message(tracker)
        if amount is None and (explained := what_it_is(tracker, ())) is not None:
            return send_answer(dispatcher, tracker, explained)
        if amount is None and parse_asks_code(message_text(tracker)):
            # "welke code krijgen die dagen": the code of an absence, not the steps after B-codes.
            events: list[dict[str, Any]] = await ActionWhichCode().run(dispatcher, tracker, domain)
            return events
        if amount is None:
            # No count: a question about a partner or term the user names ("wanneer schakelen we het OCJ in") gets
            # the knowledge's answer, and a line that asks the count. Without any fact of the engine and without a
            # question for the steps ("is da spijbelen als ik een les oversla", "kan ik voor de rechter moeten
            # komen"), a search hit that stands out takes it too.
            situation = situation_from(tracker, CONTACT_FROM_B_CODES)
            bare = not _without_stated_facts(situation) and not parse_asks_steps(message_text(tracker))
            answer = sure_knowledge_answer(tracker, OWN_TOPICS, named_only=not bare)
            if answer is not None:
                ask = render("engines.b_codes.ask_count_after", role)
                return send_answer_then_ask(dispatcher, tracker, answer, ask, [_example_button(role)])
        # Without a count the question is still about B-codes: answer what holds from the first one.
        situation = situation_from(tracker, amount.whole if amount is not None else CONTACT_FROM_B_CODES)
        with knowledge_access.open_repository() as repo:
            advice = advise_b_codes(situation, repo)
            compose_reply(situation, amount, advice, repo, role).send(dispatcher, repo)
        return role_events(tracker)
