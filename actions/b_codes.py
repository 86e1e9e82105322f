"""What has to happen after a number of problematic half days (B-codes): the B-code engine, as chat.

The facts come from the message (count, age, level, how the parents and the pupil stand), the rules and their
sentences from ``knowledge.guidance.b_codes``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace
from typing import Any, ClassVar, cast, get_args

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import knowledge_access
from actions.journeys import (
    UNKNOWN,
    JourneyForm,
    Reader,
    activate,
    check_age,
    check_not_negative,
    clear,
    facts_in_message,
    level_label,
    read_age,
    read_level,
)
from actions.knowledge_reply import send_answer, send_answer_then_ask, sure_knowledge_answer, what_it_is
from actions.message_facts import age_in_message, message_text, value_in_message
from actions.messages import Button, current_role, help_lines_if_suspected, role_events
from actions.parsing import (
    Amount,
    counts_in_words,
    parse_asks_code,
    parse_asks_steps,
    parse_clb_involved,
    parse_ill,
    parse_parents_stance,
    parse_pupil_does_not_refuse,
    parse_pupil_refuses,
    parse_school_level,
    parse_stopped_attending,
    parse_tried,
    parse_truancy,
    parse_yes_no,
    read_count,
    says_negative_number,
)
from actions.reply import MUST, Reply, add_to_case, step_line
from actions.which_code import ActionWhichCode
from knowledge.case import CasePart, PartnerLine, Step, facts
from knowledge.guidance.b_codes import (
    ADULT_AGE,
    CONTACT_FROM_B_CODES,
    POLICE_PREVENTIVE_EXAMPLE_B_CODES,
    SIGNAL_CLB_FROM_B_CODES,
    BCodeAdvice,
    BCodeSituation,
    Parents,
    advise_b_codes,
)
from knowledge.guidance.common import AdviceStep
from knowledge.guidance.partners import Concern, PartnerSituation, Tried, advise_partners
from knowledge.repository import KnowledgeRepository
from knowledge.texts import render

# -- reading the facts of the message --------------------------------------------------------------------------


def count_in_message(tracker: Tracker) -> Amount | None:
    """The number of B-codes: from the text, else the `aantal` entity, else the slot."""
    return value_in_message(tracker, "aantal", read_count)


def _known(tracker: Tracker, slot: str) -> str | None:
    """A journey slot's value, None when it is empty or unknown ("weet ik niet")."""
    value = tracker.get_slot(slot)
    return str(value) if value not in (None, UNKNOWN) else None


def situation_from(tracker: Tracker, count: int) -> BCodeSituation:
    """The situation the message tells, completed with the facts of the journey so far (its slots)."""
    text = message_text(tracker)
    level = parse_school_level(text) or parse_school_level(_known(tracker, "niveau"))
    stance = _known(tracker, "ouders")
    tried = (_known(tracker, "geprobeerd") or "").split(",")
    return BCodeSituation(
        b_codes=count,
        age=age_in_message(tracker),
        level=level.level if level else None,
        grade=level.grade if level else None,
        parents=parse_parents_stance(text) or (cast(Parents, stance) if stance in get_args(Parents) else None),
        pupil_refuses=parse_pupil_refuses(text) or _known(tracker, "leerling_weigert") == "yes",
        stopped_attending=parse_stopped_attending(text),
        clb_involved=parse_clb_involved(text) or "clb" in tried,
        naft_before="naft" in tried,
        police_contract="contract" in tried,
    )


# -- the journey: what still matters ---------------------------------------------------------------------------

FORM = "b_code_form"
# The facts of a B-code journey after the count, in the order they are asked, each with the situations that tell
# whether it changes the advice (the engine is asked with each, and the fact matters when the answers differ).
FOLLOW_UPS: tuple[tuple[str, Callable[[BCodeSituation], list[BCodeSituation]]], ...] = (
    ("ouders", lambda s: [replace(s, parents=p) for p in (None, *get_args(Parents))]),
    ("leeftijd", lambda s: [replace(s, age=ADULT_AGE - 1), replace(s, age=ADULT_AGE)]),
    ("leerling_weigert", lambda s: [replace(s, pupil_refuses=False), replace(s, pupil_refuses=True)]),
    (
        "geprobeerd",
        lambda s: [
            s,
            replace(s, clb_involved=True),
            replace(s, naft_before=True),
            replace(s, police_contract=True),
        ],
    ),
)
SITUATION_SLOTS = tuple(slot for slot, _ in FOLLOW_UPS)


def _signature(advice: BCodeAdvice) -> tuple[object, ...]:
    return (tuple(advice.step_ids), tuple(r.key for r in advice.reasons))


def open_questions(tracker: Tracker, repo: KnowledgeRepository) -> list[str]:
    """The facts of the journey still to ask (its slots hold what is known): the count first, then each fact that
    is not known and would change the engine's advice."""
    if tracker.get_slot("aantal") is None:
        return ["aantal"]
    amount = read_count(tracker.get_slot("aantal"))
    situation = situation_from(tracker, amount.whole if amount is not None else CONTACT_FROM_B_CODES)
    out = []
    for slot, variants in FOLLOW_UPS:
        if tracker.get_slot(slot) is not None or (slot == "leeftijd" and situation.age is not None):
            continue
        if slot == "leeftijd" and situation.level == "basis":
            continue  # a pupil of kindergarten or primary school is a minor
        if len({_signature(advise_b_codes(v, repo)) for v in variants(situation)}) > 1:
            out.append(slot)
    return out


def _read_count(text: str, requested: bool) -> str | None:
    """The count as the answer gives it ("een stuk of zes", "meer dan tien"); a number alone only when asked; a
    negative number as the answer is kept for the correction."""
    if requested and says_negative_number(text):
        return text
    if read_count(text) is None:
        return None
    return text if requested or counts_in_words(text) else None


def _read_refusal(text: str, requested: bool) -> str | None:
    if parse_pupil_refuses(text):
        return "yes"
    if parse_pupil_does_not_refuse(text):
        return "no"
    answer = parse_yes_no(text) if requested else None
    return None if answer is None else ("yes" if answer else "no")


def _read_tried(text: str, requested: bool) -> str | None:
    if requested:
        return parse_tried(text)
    return "clb" if parse_clb_involved(text) else None


READERS: dict[str, Reader] = {
    "aantal": _read_count,
    "ouders": lambda text, requested: parse_parents_stance(text),
    "leeftijd": read_age,
    "leerling_weigert": _read_refusal,
    "geprobeerd": _read_tried,
    # Not asked, but kept: a pupil in basisonderwijs is a minor, so the age need not be asked.
    "niveau": read_level,
}


class ValidateBCodeForm(JourneyForm):
    """The B-code journey: the count, then the parents' stance, the age, the pupil's refusal and what was tried,
    each only when it changes the advice."""

    form = FORM
    readers: ClassVar[dict[str, Reader]] = READERS

    def open_questions(self, tracker: Tracker) -> list[str]:
        with knowledge_access.open_repository() as repo:
            return open_questions(tracker, repo)

    check_aantal = staticmethod(check_not_negative)

    check_leeftijd = staticmethod(check_age)


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
    situation: BCodeSituation,
    amount: Amount | None,
    advice: BCodeAdvice,
    repo: KnowledgeRepository,
    role: str | None,
    asking: Collection[str] = (),
) -> Reply:
    """The B-code answer; a fact the journey is about to ask (``asking``) is not asked in the answer too."""
    reply = Reply(role)
    count = situation.b_codes if amount is not None else None
    note = _count_note(amount) if amount is not None else "engines.b_codes.from_first"
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
    if not asking and age_matters(situation, advice, repo):
        reply.text("engines.b_codes.age_matters", rank=MUST, adult_age=ADULT_AGE)
    if count is not None:
        phase = advice.phase_name[:1].lower() + advice.phase_name[1:]
        reply.text("engines.b_codes.phase", rank=4, phase=phase)
    for signal in advice.priority_signals:
        reply.reason(signal, rank=5)
    _buttons(reply, situation, count)
    return reply


def _value(slot: str, value: str | None, role: str | None) -> str | None:
    """A journey slot's value in the summary's words ("onwil: ze willen niet meewerken", "niet gekend")."""
    if value is None:
        return None
    if value == UNKNOWN:
        return render("case.fact.unknown", role)
    if value in ("yes", "no"):
        return render(f"case.fact.{value}", role)
    if slot == "geprobeerd":
        tried = [v for v in value.split(",") if v and v != "nothing"]
        return ", ".join(render(f"case.value.geprobeerd.{v}", role) for v in tried) or render("case.fact.no", role)
    if slot == "ouders":
        return render(f"case.value.ouders.{value}", role)
    return value


def case_part(
    tracker: Tracker,
    situation: BCodeSituation,
    amount: Amount | None,
    advice: BCodeAdvice,
    repo: KnowledgeRepository,
    role: str | None,
) -> CasePart:
    """The B-code case: the facts given, the phase, what was tried, the steps still to do (who does each), and the
    partners of the advice."""
    count = None if amount is None else _b_codes(situation.b_codes, role)
    stance = situation.parents or tracker.get_slot("ouders")
    given = facts(
        [
            ("aantal", count),
            (
                "leeftijd",
                str(situation.age)
                if situation.age is not None
                else _value("leeftijd", _slot(tracker, "leeftijd"), role),
            ),
            (
                "niveau",
                level_label(
                    parse_school_level(message_text(tracker)) or parse_school_level(_known(tracker, "niveau")), role
                ),
            ),
            ("ouders", _value("ouders", stance, role)),
            (
                "leerling_weigert",
                _value(
                    "leerling_weigert", "yes" if situation.pupil_refuses else _slot(tracker, "leerling_weigert"), role
                ),
            ),
        ],
        role,
    )
    tried = _slot(tracker, "geprobeerd")
    done = tuple(
        render(f"case.value.geprobeerd.{v}", role)
        for v in (tried or "").split(",")
        if v and v not in ("nothing", UNKNOWN)
    )
    if situation.clb_involved and "clb" not in (tried or ""):
        done = (render("case.value.geprobeerd.clb", role), *done)
    # The steps of the phase the case is in, and those the facts bring; the mandatory steps of earlier phases are
    # one line to check (they hold from the first B-code on, and were probably taken).
    current = [s for s in advice.mandatory_steps if s.phase >= advice.phase]
    earlier = [s for s in advice.mandatory_steps if s.phase < advice.phase]
    steps = [*current, *(s for s in steps_the_facts_bring(situation, advice, repo) if s not in current)]
    todo = tuple(Step(step_line(s, repo, role), _actor(s, repo)) for s in steps)
    if earlier:
        todo += (Step(render("case.earlier_steps", role, count=len(earlier)), render("case.who.school", role)),)
    # The partners as the partner engine ranks them for this situation (the advice lists every partner of the phase).
    fits = advise_partners(partner_situation(situation, advice.phase), repo).partners[:CASE_PARTNERS]
    partners = tuple(PartnerLine(f.name, f.why.render(role)) for f in fits)
    phase = advice.phase_name[:1].lower() + advice.phase_name[1:]
    conclusion = " ".join(
        [render("engines.b_codes.phase", role, phase=phase), *(r.render(role) for r in advice.reasons[:1])]
    )
    return CasePart("b-code", given, conclusion, done, todo, partners, advice.sections)


# The partners a summary names, best first.
CASE_PARTNERS = 4


def partner_situation(situation: BCodeSituation, phase: int) -> PartnerSituation:
    """The B-code situation as the partner engine reads it."""
    tried: list[Tried] = []
    if situation.clb_involved:
        tried.append("clb")
    if situation.naft_before:
        tried.append("naft")
    if situation.police_contract:
        tried.append("politie")
    concerns: tuple[Concern, ...] = ("stuck",) if situation.trajectory_stuck or situation.no_improvement else ()
    return PartnerSituation(
        track="b-code",
        phase=phase,
        tried=tuple(tried),
        parents=situation.parents,
        concerns=concerns,
        level=situation.level,
        pupil_refuses=situation.pupil_refuses,
    )


def _slot(tracker: Tracker, slot: str) -> str | None:
    value = tracker.get_slot(slot)
    return None if value is None else str(value)


def _actor(step: AdviceStep, repo: KnowledgeRepository) -> str:
    partner = repo.get_partner(step.actor)
    return partner.name if partner is not None else ""


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


def _about_illness(text: str) -> bool:
    """A message about an ill pupil that says nothing of B-codes or truancy."""
    return bool(parse_ill(text)) and not parse_truancy(text)


class ActionBCodeSteps(Action):  # type: ignore[misc]
    """The B-code engine's answer, the start of the B-code journey and its end.

    Outside the journey, a question without a count may belong to the knowledge (see the hand-ons below); a count
    in so many words starts a new situation (the facts of an earlier pupil are forgotten). The answer says what the
    message allows; when a fact that would change it is missing, the journey's form asks it. At the end of the form
    (a rule runs this action after it) the answer uses every fact the journey gathered."""

    def name(self) -> str:
        return "action_b_code_steps"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        help_lines_if_suspected(dispatcher, tracker)
        role = current_role(tracker)
        ending = tracker.latest_action_name == FORM
        events = role_events(tracker)
        if not ending and counts_in_words(message_text(tracker)):
            # A new count in so many words: a new situation, without the facts of an earlier one.
            events += clear(["aantal", *SITUATION_SLOTS, "niveau"])
            tracker.slots.update(dict.fromkeys(["aantal", *SITUATION_SLOTS, "niveau"]))
        if not ending:
            # The facts the message states fill the journey's slots at once.
            stated = facts_in_message(tracker, READERS)
            events += [SlotSet(slot, value) for slot, value in stated.items()]
            tracker.slots.update(stated)
        # At the journey's end the latest message is the last answer ("jonger dan 18"): the count is the slot's.
        amount = read_count(tracker.get_slot("aantal")) if ending else count_in_message(tracker)
        if not ending and amount is None:
            handed_on = await self._hand_on(dispatcher, tracker, domain, role)
            if handed_on is not None:
                return handed_on
        # Without a count the question is still about B-codes: answer what holds from the first one.
        situation = situation_from(tracker, amount.whole if amount is not None else CONTACT_FROM_B_CODES)
        with knowledge_access.open_repository() as repo:
            advice = advise_b_codes(situation, repo)
            asking = [] if ending else open_questions(tracker, repo)
            reply = compose_reply(situation, amount, advice, repo, role, asking)
            if asking:
                events += activate(FORM)
            elif amount is not None:
                events.append(add_to_case(tracker, case_part(tracker, situation, amount, advice, repo, role)))
                reply.summary_button()
            reply.send(dispatcher, repo)
        return events

    async def _hand_on(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any], role: str | None
    ) -> list[dict[str, Any]] | None:
        """A question without a count that is not for this engine: its events, or None when the engine answers."""
        if (explained := what_it_is(tracker, ())) is not None:
            return send_answer(dispatcher, tracker, explained)
        if _about_illness(message_text(tracker)):
            # "al 25 dagen ziek, wat moet de school doen": the steps for an ill pupil (TOAH, Bednet), not B-codes.
            from actions.illness import ActionIllnessSupport  # the illness action builds on the answer module

            illness: list[dict[str, Any]] = await ActionIllnessSupport().run(dispatcher, tracker, domain)
            return illness
        if parse_asks_code(message_text(tracker)):
            # "welke code krijgen die dagen": the code of an absence, not the steps after B-codes.
            events: list[dict[str, Any]] = await ActionWhichCode().run(dispatcher, tracker, domain)
            return events
        # A question about a partner or term the user names ("wanneer schakelen we het OCJ in") gets the knowledge's
        # answer, and a line that asks the count. Without any fact of the engine and without a question for the
        # steps ("is da spijbelen als ik een les oversla", "kan ik voor de rechter moeten komen"), a search hit
        # that stands out takes it too.
        situation = situation_from(tracker, CONTACT_FROM_B_CODES)
        bare = not _without_stated_facts(situation) and not parse_asks_steps(message_text(tracker))
        answer = sure_knowledge_answer(tracker, OWN_TOPICS, named_only=not bare)
        if answer is None:
            return None
        ask = render("engines.b_codes.ask_count_after", role)
        return send_answer_then_ask(dispatcher, tracker, answer, ask, [_example_button(role)])
