"""A youth who wants to stop school: the outflow engine, as chat.

With the age, the outflow engine says whether the youth is still of compulsory school age and what is possible
now; with a wish (a qualification, work, combining both, a training) it gives that route. Without the age the
answer says until when school is compulsory and asks the age. It always offers the four wishes as buttons and
names who helps: the leerlingenbegeleider and the CLB.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, cast

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswer
from actions.journeys import UNKNOWN, JourneyForm, Reader, check_age, read_age
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
from knowledge.case import CasePart, PartnerLine, Step, facts
from knowledge.guidance.common import reason
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
# Asked for material ("is er een brochure", "kunnen we hem iets meegeven"): all of it that the role can use or
# hand over, and where to get it. The flyer and the brochure are for the youth and the parents, the guide for
# professionals (actoren.15.2).
ASKED_STAFF_TOOLS = ("outflow.tool.flyer", "outflow.tool.brochure", "outflow.tool.guide", "outflow.tool.contact")
ASKED_OTHER_TOOLS = ("outflow.tool.flyer", "outflow.tool.brochure", "outflow.tool.contact")
# By (material asked for, staff).
TOOLS = {
    (False, True): STAFF_TOOLS,
    (False, False): OTHER_TOOLS,
    (True, True): ASKED_STAFF_TOOLS,
    (True, False): ASKED_OTHER_TOOLS,
}
# What leaving without a qualification means (actoren.4.3: the outflow talk; actoren.15.2: the consequences in the
# guide of the outflow guidance).
CONSEQUENCES_SECTIONS = ("actoren.4.3", "actoren.15.2")
# Who helps first, whatever the wish (actieplan.1.4, actoren.4.3): the school's leerlingenbegeleider and the CLB.
FIRST_HELPERS = ("school", "clb")


def _with_age(reply: Reply, advice: OutflowAdvice, wish: Wish | None) -> None:
    """What leerplicht means at this age, and with a wish its route. Without a wish: the engine's explanation and
    when leerplicht ends; with one, when leerplicht ends (the dates) and the route, which says what the explanation
    would say again."""
    first = advice.reasons[0].sections if advice.reasons else LEERPLICHT_SECTIONS
    if wish is None or not advice.reasons:
        reply.say(advice.explanation.render(reply.role), first, rank=MUST)
    for i, r in enumerate(advice.reasons):
        reply.reason(r, rank=MUST if wish is not None and i == 0 else 1 if wish is None else 2)
    if wish is None:
        _who_helps(reply, advice, rank=2)
        return
    for route in advice.routes:
        reply.say(route.text.render(reply.role), route.sections, rank=MUST)
    if wish != "kwalificatie":
        # What leaving without a qualification means: the draaiboek names the consequences and the outflow talk.
        reply.reason(reason("outflow.reason.consequences", CONSEQUENCES_SECTIONS), rank=1)
    _who_helps(reply, advice, rank=1)


def _who_helps(reply: Reply, advice: OutflowAdvice, *, rank: int) -> None:
    """Who helps first, whatever the wish: the leerlingenbegeleider and the CLB."""
    for helper in (h for h in advice.helpers if h.id in FIRST_HELPERS):
        reply.say(helper.why.render(reply.role), helper.sections, rank=rank)


def _without_age(reply: Reply) -> None:
    reply.text("engines.outflow.no_age", LEERPLICHT_SECTIONS, rank=MUST, end_age=END_AGE)
    sections = [s for pid in FIRST_HELPERS for s in HELPER_SECTIONS[pid]]
    reply.text("engines.outflow.who_helps", sections, rank=MUST)


def _tools(reply: Reply, asked: bool) -> None:
    """The material of the outflow guidance: for staff the guide for the talk and where to get it; for parents
    and youths the flyer. When the user ``asked`` for material: all of it for the role, always kept."""
    tools = {t.key: t for t in outflow_tools()}
    staff = reply.role in (None, "staff")
    chosen = [tools[key] for key in TOOLS[asked, staff]]
    # One part: where to get the material means nothing without the material.
    text = " ".join(t.render(reply.role) for t in chosen)
    reply.say(text, [s for t in chosen for s in t.sections], rank=MUST if asked else 2 if staff else 3)


def _wish_buttons(reply: Reply, wish: Wish | None) -> None:
    for other in WISHES:
        if other != wish:
            question = render(f"engines.outflow.wish.{other}", reply.role)
            reply.add_button(render(f"outflow.route.{other}.title", reply.role), question)


def advice_of(tracker: Tracker, repo: KnowledgeRepository) -> OutflowAdvice | None:
    """The outflow engine's advice for the age (or the diploma) and wish known so far; None without either."""
    text = message_text(tracker)
    age = age_in_message(tracker)
    level = parse_school_level(text)
    diploma = parse_has_diploma(text)
    if age is None and not diploma:
        return None
    # With a diploma the engine's answer does not depend on the age (no longer compulsory at any age).
    question = OutflowQuestion(
        age=age if age is not None else END_AGE,
        wish=wish_of(tracker),
        first_two_years_secondary_done=level.first_two_years_secondary_done if level else None,
        secondary_diploma=diploma,
    )
    return advise_outflow(question, repo)


def compose_reply(tracker: Tracker, repo: KnowledgeRepository, role: str | None, asking: Sequence[str] = ()) -> Reply:
    """One turn of the conversation: without the age, what leerplicht means and who helps; with the age, whether
    the youth is still leerplichtig; with the wish, its route. While the journey still asks (``asking``), the
    answer stays short and leaves the wishes to the next question."""
    # The four wishes are the buttons (actoren.15.2), and the CLB when one wish is chosen.
    reply = Reply(role, max_buttons=len(WISHES))
    wish = wish_of(tracker)
    advice = advice_of(tracker, repo)
    if advice is not None:
        _with_age(reply, advice, wish)
    else:
        _without_age(reply)
    if wish is None and not asking:
        reply.text("engines.outflow.which_wish", WISH_SECTIONS, rank=MUST)
    elif wish is None and "wens" in asking:
        # The four ways on are named at once; the journey asks which one later.
        reply.text("engines.outflow.wishes_ahead", WISH_SECTIONS, rank=2)
    asks_material = parse_asks_material(message_text(tracker))
    if not asking or asks_material:
        _tools(reply, asks_material)
    if wish is not None or tracker.get_slot("wens") is not None:
        # Without a wish the journey asks it next, with the four wishes as its buttons.
        _wish_buttons(reply, wish)
    if wish is not None and asking:
        reply.button("engines.outflow.button.clb")
    return reply


def case_part(tracker: Tracker, repo: KnowledgeRepository, role: str | None) -> CasePart | None:
    """The youth's age and wish, whether leerplicht still holds, the route and who helps."""
    advice = advice_of(tracker, repo)
    if advice is None:
        return None
    wish = wish_of(tracker)
    age = age_in_message(tracker)
    wish_label = render(f"journey.wens.{wish}", role) if wish is not None else tracker.get_slot("wens")
    given = facts(
        [
            ("leeftijd", str(age) if age is not None else None),
            ("wens", render("case.fact.unknown", role) if wish_label == UNKNOWN else wish_label),
        ],
        role,
    )
    todo = tuple(Step(route.text.render(role)) for route in advice.routes) if wish is not None else ()
    partners = tuple(PartnerLine(h.name, h.why.render(role)) for h in advice.helpers if h.id in FIRST_HELPERS)
    return CasePart(
        "outflow",
        facts=given,
        conclusion=advice.explanation.render(role),
        todo=todo,
        partners=partners,
        sections=advice.sections,
    )


# -- the journey: age and wish ---------------------------------------------------------------------------------

FORM = "outflow_form"


def wish_of(tracker: Tracker) -> Wish | None:
    """The youth's wish: in the message, else the journey's answer (slot `wens`)."""
    found = parse_outflow_wish(message_text(tracker))
    if found is not None:
        return found
    slot = tracker.get_slot("wens")
    return cast(Wish, slot) if slot in WISHES else None


def open_questions(tracker: Tracker) -> list[str]:
    """The age (unless a diploma makes it moot), then the wish."""
    text = message_text(tracker)
    out = []
    if tracker.get_slot("leeftijd") is None and age_in_message(tracker) is None and not parse_has_diploma(text):
        out.append("leeftijd")
    if tracker.get_slot("wens") is None and wish_of(tracker) is None:
        out.append("wens")
    return out


READERS: dict[str, Reader] = {
    "leeftijd": read_age,
    "wens": lambda text, requested: parse_outflow_wish(text),
}


class ValidateOutflowForm(JourneyForm):
    """The outflow journey: the age of the youth and what he or she wants (the four wishes)."""

    form = FORM
    readers: ClassVar[dict[str, Reader]] = READERS

    def open_questions(self, tracker: Tracker) -> list[str]:
        return open_questions(tracker)

    check_leeftijd = staticmethod(check_age)


class ActionOutflow(ComposedReplyAction):
    form = FORM
    readers: ClassVar[dict[str, Reader]] = READERS

    def name(self) -> str:
        return "action_outflow"

    def open_questions(self, tracker: Tracker, repo: KnowledgeRepository) -> list[str]:
        return open_questions(tracker)

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if tracker.latest_action_name == FORM:
            return await super().run(dispatcher, tracker, domain)
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

    def compose(self, tracker: Tracker, repo: KnowledgeRepository, role: str | None, asking: Sequence[str]) -> Reply:
        return compose_reply(tracker, repo, role, asking)

    def case_part(self, tracker: Tracker, repo: KnowledgeRepository, role: str | None) -> CasePart | None:
        return case_part(tracker, repo, role)
