"""A youth who wants to stop school: the outflow engine, as chat.

With the age, the outflow engine says whether the youth is still of compulsory school age and what is possible
now; with a wish (a qualification, work, combining both, a training) it gives that route. Without the age the
answer says until when school is compulsory and asks the age. It always offers the four wishes as buttons and
names who helps: the leerlingenbegeleider and the CLB.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswer
from actions.knowledge_reply import send_answer, send_answer_then_ask, sure_knowledge_answer, what_it_is
from actions.leerplicht import ActionLeerplicht, birth_date_in_message
from actions.message_facts import age_in_message, message_text
from actions.messages import current_role, help_lines_if_suspected
from actions.parsing import (
    parse_asks_material,
    parse_has_diploma,
    parse_leaving_school,
    parse_outflow_wish,
    parse_school_level,
)
from actions.reply import MUST, ComposedReplyAction, Reply
from knowledge.guidance.leerplicht import END_AGE
from knowledge.guidance.leerplicht import SECTIONS as LEERPLICHT_SECTIONS
from knowledge.guidance.outflow import (
    HELPER_SECTIONS,
    WISHES,
    OutflowAdvice,
    OutflowQuestion,
    Wish,
    advise_outflow,
    outflow_tools,
)
from knowledge.repository import KnowledgeRepository
from knowledge.texts import render

# The four wishes of the brochure "verken je opties" (actoren.15.2).
WISH_SECTIONS = ("actoren.15.2",)
# The topics this engine's general answer is about: compulsory schooling and leaving school with or without a
# qualification. A message naming only these gets the engine's answer.
OWN_TOPICS = frozenset(
    {
        "term:leerplicht",
        "term:kwalificatie",
        "term:gekwalificeerde-uitstroom",
        "term:ongekwalificeerde-uitstroom",
        "term:school-drop-out",
    }
)
# The outflow material each role is told about (actoren.15.2).
STAFF_TOOLS = ("outflow.tool.guide", "outflow.tool.contact")
OTHER_TOOLS = ("outflow.tool.flyer",)
# Who helps first, whatever the wish (actieplan.1.4, actoren.4.3): the school's leerlingenbegeleider and the CLB.
FIRST_HELPERS = ("school", "clb")


def _with_age(reply: Reply, advice: OutflowAdvice, wish: Wish | None) -> None:
    first = advice.reasons[0].sections if advice.reasons else LEERPLICHT_SECTIONS
    reply.say(advice.explanation.render(reply.role), first, rank=MUST)
    for r in advice.reasons:
        reply.reason(r, rank=2)
    if wish is not None:
        for route in advice.routes:
            reply.say(route.text.render(reply.role), route.sections, rank=MUST)
    helpers = [h for h in advice.helpers if h.id in FIRST_HELPERS]
    for helper in helpers:
        reply.say(helper.why.render(reply.role), helper.sections, rank=1)


def _without_age(reply: Reply) -> None:
    reply.text("engines.outflow.no_age", LEERPLICHT_SECTIONS, rank=MUST, end_age=END_AGE)
    sections = [s for pid in FIRST_HELPERS for s in HELPER_SECTIONS[pid]]
    reply.text("engines.outflow.who_helps", sections, rank=MUST)


def _tools(reply: Reply, asked: bool) -> None:
    """The material of the outflow guidance: for staff the guide for the talk and where to get it; for parents
    and youths the flyer. Always kept when the user ``asked`` for material."""
    tools = {t.key: t for t in outflow_tools()}
    staff = reply.role in (None, "staff")
    chosen = [tools[key] for key in (STAFF_TOOLS if staff else OTHER_TOOLS)]
    # One part: where to get the material means nothing without the material.
    text = " ".join(t.render(reply.role) for t in chosen)
    reply.say(text, [s for t in chosen for s in t.sections], rank=MUST if asked else 2 if staff else 3)


def _wish_buttons(reply: Reply, wish: Wish | None) -> None:
    for other in WISHES:
        if other != wish:
            question = render(f"engines.outflow.wish.{other}", reply.role)
            reply.add_button(render(f"outflow.route.{other}.title", reply.role), question)


def compose_reply(tracker: Tracker, repo: KnowledgeRepository, role: str | None) -> Reply:
    # The four wishes are the buttons (actoren.15.2), and the CLB when one wish is chosen.
    reply = Reply(role, max_buttons=len(WISHES))
    text = message_text(tracker)
    age = age_in_message(tracker)
    wish = parse_outflow_wish(text)
    level = parse_school_level(text)
    diploma = parse_has_diploma(text)
    if age is not None or diploma:
        # With a diploma the engine's answer does not depend on the age (no longer compulsory at any age).
        advice = advise_outflow(
            OutflowQuestion(
                age=age if age is not None else END_AGE,
                wish=wish,
                first_two_years_secondary_done=level.first_two_years_secondary_done if level else None,
                secondary_diploma=diploma,
            ),
            repo,
        )
        _with_age(reply, advice, wish)
    else:
        _without_age(reply)
    if wish is None:
        reply.text("engines.outflow.which_wish", WISH_SECTIONS, rank=MUST)
    _tools(reply, parse_asks_material(text))
    _wish_buttons(reply, wish)
    if wish is not None:
        reply.button("engines.outflow.button.clb")
    return reply


class ActionOutflow(ComposedReplyAction):
    def name(self) -> str:
        return "action_outflow"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = message_text(tracker)
        if (explained := what_it_is(tracker, ())) is not None:
            help_lines_if_suspected(dispatcher, tracker)
            return send_answer(dispatcher, tracker, explained)
        if not parse_leaving_school(text):
            # Nothing about leaving school ("hij wil plots niet meer naar school, hoe kan dat"): not this engine's
            # question; the knowledge answers it.
            return ActionAnswer().answer(dispatcher, tracker, "info")
        if birth_date_in_message(tracker) is not None and not parse_has_diploma(text):
            # "geboren op 12/01/2011, wanneer mag ik stoppen": the leerplicht engine computes the date itself.
            return await ActionLeerplicht().run(dispatcher, tracker, domain)
        if age_in_message(tracker) is None and not parse_has_diploma(text):
            # Neither age nor diploma: a question about a partner or term the user names ("kan de VDAB mij helpen")
            # gets the knowledge's answer, and a line that asks the facts. The message is about leaving school, so
            # a search hit alone does not take it from the engine.
            answer = sure_knowledge_answer(tracker, OWN_TOPICS, named_only=True)
            if answer is not None:
                help_lines_if_suspected(dispatcher, tracker)
                ask = render("engines.outflow.ask_age_after", current_role(tracker))
                return send_answer_then_ask(dispatcher, tracker, answer, ask)
        return await super().run(dispatcher, tracker, domain)

    def compose(self, tracker: Tracker, repo: KnowledgeRepository, role: str | None) -> Reply:
        return compose_reply(tracker, repo, role)
