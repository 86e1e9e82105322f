"""Which partner fits? The partner engine (``knowledge.guidance.partners``), as chat, and its journey.

The journey asks the track (truancy, illness, school refusal, leaving school) unless the message or the journey of
the conversation tells it, then the kind of concern, and what was tried and how the parents stand only when they
change which partners fit. For truancy the number of B-codes gives the phase. The answer names the partners that
fit best, each with why and who calls it in, and buttons to ask how to refer to the first and what the second does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, ClassVar, cast, get_args

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import knowledge_access
from actions.b_codes import READERS as B_CODE_READERS
from actions.journeys import (
    JOURNEY_SLOT,
    UNKNOWN,
    JourneyForm,
    Reader,
    check_not_negative,
    intent_confidence,
    read_level,
)
from actions.knowledge_reply import (
    knowledge_answer,
    send_answer,
    topics_in_message,
    what_it_is,
)
from actions.message_facts import message_text
from actions.messages import help_lines_if_suspected, role_events
from actions.parsing import (
    parse_concerns,
    parse_parents_stance,
    parse_pupil_refuses,
    parse_school_level,
    parse_track,
    parse_tried,
    parse_tried_stated,
    read_count,
)
from actions.reply import MUST, UNSURE_INTENT, ComposedReplyAction, Reply, typed_message
from knowledge.case import CasePart, PartnerLine, facts
from knowledge.guidance.b_codes import BCodeSituation, Parents, phase_of
from knowledge.guidance.partners import (
    CONCERNS,
    TRACKS,
    PartnerAdvice,
    PartnerFit,
    PartnerSituation,
    Track,
    Tried,
    advise_partners,
)
from knowledge.repository import KnowledgeRepository
from knowledge.texts import render

FORM = "partner_form"
# The partners the answer names: the best ones; the rest stay in the summary.
SHOWN = {"staff": 3, "parent": 2, "youth": 2}
IN_CASE = 5
# The journey of the conversation tells the track when the message does not ("welke partner past hier?").
TRACK_OF_JOURNEY: dict[str, Track] = {
    "b_code_form": "b-code",
    "illness_form": "ziekte",
    "outflow_form": "uitstroom",
}
# What was tried, as the journeys name it -> as the engine names it.
TRIED_OF_ANSWER: dict[str, Tried] = {
    "clb": "clb",
    "naft": "naft",
    "contract": "politie",
    "transition": "transitietraject",
}


def _known(tracker: Tracker, slot: str) -> str | None:
    value = tracker.get_slot(slot)
    return str(value) if value not in (None, UNKNOWN) else None


def track_of(tracker: Tracker) -> Track | None:
    """The track: the journey's answer, the message, or the journey of the conversation before."""
    value = _known(tracker, "spoor") or parse_track(message_text(tracker))
    if value in TRACKS:
        return value
    return TRACK_OF_JOURNEY.get(str(tracker.get_slot(JOURNEY_SLOT) or ""))


def situation_from(tracker: Tracker, track: Track) -> PartnerSituation:
    """The situation the journey gathered (its slots), with what the message adds."""
    text = message_text(tracker)
    tried = tuple(TRIED_OF_ANSWER[t] for t in (_known(tracker, "geprobeerd") or "").split(",") if t in TRIED_OF_ANSWER)
    concerns = tuple(c for c in (_known(tracker, "zorg") or "").split(",") if c in CONCERNS)
    stance = _known(tracker, "ouders") or parse_parents_stance(text)
    parents = cast(Parents, stance) if stance in get_args(Parents) else None
    refuses = parse_pupil_refuses(text) or _known(tracker, "leerling_weigert") == "yes"
    # The level stays known through the journey (slot niveau, also from a journey before); the message may add it.
    school = parse_school_level(text)
    if school is None or school.level is None:
        school = parse_school_level(_known(tracker, "niveau") or "")
    situation = PartnerSituation(
        track=track,
        tried=tried,
        parents=parents,
        concerns=concerns,
        level=school.level if school else None,
        pupil_refuses=refuses,
    )
    return replace(situation, phase=_phase(tracker, situation))


def _phase(tracker: Tracker, s: PartnerSituation) -> int | None:
    """The phase of the care continuum: for truancy from the number of B-codes and the facts (the B-code engine's
    rule); unknown otherwise."""
    amount = read_count(_known(tracker, "aantal") or "")
    if s.track != "b-code" or amount is None:
        return None
    stuck = "stuck" in s.concerns
    return phase_of(
        BCodeSituation(
            b_codes=amount.whole,
            parents=s.parents,
            pupil_refuses=s.pupil_refuses,
            worrying_situation="home_safety" in s.concerns,
            no_improvement=stuck,
            trajectory_stuck=stuck and "naft" in s.tried,
            clb_involved="clb" in s.tried,
            naft_before="naft" in s.tried,
            police_contract="politie" in s.tried,
        )
    )


def _signature(advice: PartnerAdvice) -> tuple[object, ...]:
    return (advice.partner_ids[: SHOWN["staff"]], tuple(p.id for p in advice.left_out))


def open_questions(tracker: Tracker, repo: KnowledgeRepository) -> list[str]:
    """The track first (nothing can be chosen without it); for truancy the number of B-codes (the phase); the kind of
    concern; then what was tried and the parents' stance, each only when it changes which partners fit."""
    track = track_of(tracker)
    if track is None:
        return ["spoor"]
    out = []
    if track == "b-code" and tracker.get_slot("aantal") is None:
        out.append("aantal")
    if tracker.get_slot("zorg") is None:
        out.append("zorg")
    situation = situation_from(tracker, track)
    variants = {
        "geprobeerd": [replace(situation, tried=(t,)) for t in ("clb", "naft", "politie", "transitietraject")],
        "ouders": [replace(situation, parents=p) for p in get_args(Parents)],
    }
    for slot, options in variants.items():
        if tracker.get_slot(slot) is not None:
            continue
        if len({_signature(advise_partners(v, repo)) for v in [situation, *options]}) > 1:
            out.append(slot)
    return out


def _read_track(text: str, requested: bool) -> str | None:
    return parse_track(text)


def _read_concerns(text: str, requested: bool) -> str | None:
    return parse_concerns(text, requested=requested)


def _read_tried(text: str, requested: bool) -> str | None:
    return parse_tried(text) if requested else parse_tried_stated(text)


READERS: dict[str, Reader] = {
    "spoor": _read_track,
    "aantal": B_CODE_READERS["aantal"],
    "zorg": _read_concerns,
    "geprobeerd": _read_tried,
    "ouders": B_CODE_READERS["ouders"],
    # Never asked; kept from the message that names it ("een leerling van het 5de leerjaar"): NAFT is for
    # secondary school only.
    "niveau": read_level,
}


class ValidatePartnerForm(JourneyForm):
    """The partner journey: the track, the number of B-codes, the concern, what was tried, the parents' stance."""

    form = FORM
    readers: ClassVar[dict[str, Reader]] = READERS

    def open_questions(self, tracker: Tracker) -> list[str]:
        with knowledge_access.open_repository() as repo:
            return open_questions(tracker, repo)

    check_aantal = staticmethod(check_not_negative)


# -- the answer ---------------------------------------------------------------------------------------------------


def partner_line(fit: PartnerFit, role: str | None, track: str | None = None) -> str:
    """A partner: why it fits, who calls it in (unless the why says so already), and for staff the documents. A way
    in that counts B-codes ("aanmelding vanaf 5 B-codes") is shown for truancy only."""
    why = fit.why.render(role)
    parts = [render("engines.partners.fit", role, name=fit.name, why=why)]
    how = next((h for h in fit.referral.how if track in (None, "b-code") or "b-code" not in h.lower()), None)
    if fit.referral.route in ("clb", "school_with_clb") and not _REFERRAL_TOLD.search(why):
        parts.append(fit.referral.explanation.render(role))
    elif fit.referral.route == "direct" and how and role in (None, "staff"):
        parts.append(render("engines.partners.how", role, how=how))
    if fit.referral.documents and role in (None, "staff"):
        parts.append(render("engines.partners.documents", role, documents=", ".join(fit.referral.documents[:2])))
    return " ".join(parts)


# A why that says who calls the partner in already ("het CLB meldt aan", "kan het CLB ROTS inschakelen").
_REFERRAL_TOLD = re.compile(r"\bmeldt\b.{0,30}\baan\b|\baanmeld|\binschakelen\b|\bverwijst\b|\bdoorverwijz")


def cited(fit: PartnerFit) -> tuple[str, ...]:
    """The sections a partner's line cites: those of why it fits here, not every section that names the partner
    (the CLB is named in the illness checklists too)."""
    reasons = tuple(dict.fromkeys(x for r in fit.reasons for x in r.sections))
    return reasons or fit.sections


def _topic_button(reply: Reply, key: str, intent: str, fit: PartnerFit) -> None:
    payload = f"/{intent}{json.dumps({'topic': f'partner:{fit.id}'})}"
    reply.button(key, payload=payload, name=fit.name)


def compose_reply(tracker: Tracker, repo: KnowledgeRepository, role: str | None, asking: Sequence[str]) -> Reply:
    reply = Reply(role)
    track = track_of(tracker)
    if track is None:
        reply.text("engines.partners.intro", rank=MUST)
        return reply
    advice = advise_partners(situation_from(tracker, track), repo)
    if asking:
        # What holds already for the track, with its sources; the journey's questions make it precise.
        first = advice.partners[: SHOWN.get(role or "staff", 3)]
        if not first:
            reply.text("engines.partners.intro", rank=MUST)
            return reply
        names = ", ".join(f.name for f in first)
        reply.say(
            render("engines.partners.so_far", role, names=names),
            [s for f in first for s in cited(f)],
            rank=MUST,
        )
        return reply
    reply.say(advice.summary.render(role), advice.sections[:1], rank=MUST)
    shown = advice.partners[: SHOWN.get(role or "staff", 3)]
    reply.bullets([(partner_line(f, role, track), cited(f)) for f in shown], rank=MUST)
    for i, note in enumerate(advice.reasons):
        reply.reason(note, rank=2 + i)
    for left in advice.left_out:
        reply.say(f"{left.name}: {left.why.render(role)}", left.sections, rank=3)
    if shown:
        _topic_button(reply, "engines.partners.button.referral", "ask_referral", shown[0])
    if len(shown) > 1:
        _topic_button(reply, "engines.partners.button.what_is", "ask_what_is", shown[1])
    return reply


def case_part(tracker: Tracker, repo: KnowledgeRepository, role: str | None) -> CasePart | None:
    track = track_of(tracker)
    if track is None:
        return None
    situation = situation_from(tracker, track)
    advice = advise_partners(situation, repo)
    given = facts(
        [
            ("spoor", render(f"journey.spoor.{track}", role)),
            ("aantal", _known(tracker, "aantal") if track == "b-code" else None),
            ("fase", str(situation.phase) if situation.phase is not None else None),
            ("zorg", ", ".join(render(f"journey.zorg.{c}", role) for c in situation.concerns) or None),
            ("ouders", render(f"case.value.ouders.{situation.parents}", role) if situation.parents else None),
        ],
        role,
    )
    done = tuple(
        render(f"case.value.geprobeerd.{answer}", role)
        for answer, tried in TRIED_OF_ANSWER.items()
        if tried in situation.tried
    )
    listed = advice.partners[:IN_CASE]
    partners = tuple(PartnerLine(f.name, partner_line(f, role, track).split(": ", 1)[-1]) for f in listed)
    sections = tuple(dict.fromkeys(s for f in listed for s in f.why.sections))
    return CasePart("partners", given, advice.summary.render(role), done, (), partners, sections)


class ActionPartners(ComposedReplyAction):
    form = FORM
    readers: ClassVar[dict[str, Reader]] = READERS
    offer = "engines.partners.offer"
    offer_button = "engines.partners.offer_button"
    offer_payload = "/ask_partner"

    def may_hand_on(self, tracker: Tracker) -> bool:
        # A track, from the message or the journey before, is what the journey chooses by: it goes on with it.
        return track_of(tracker) is None

    def name(self) -> str:
        return "action_partners"

    def open_questions(self, tracker: Tracker, repo: KnowledgeRepository) -> list[str]:
        return open_questions(tracker, repo)

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if tracker.latest_action_name == FORM:
            return await super().run(dispatcher, tracker, domain)
        if (explained := what_it_is(tracker, ())) is not None:
            help_lines_if_suspected(dispatcher, tracker)
            return send_answer(dispatcher, tracker, explained)
        # A question about one partner the user names, with no track to choose by ("is het beter om de politie pas
        # in te schakelen als alle andere instanties al betrokken zijn?"): that partner's answer, then the offer.
        track = track_of(tracker)
        # A message the classifier hardly took for this journey, with no track to choose by, is a question first.
        if (
            track is None
            and intent_confidence(tracker) < UNSURE_INTENT
            and typed_message(tracker)
            and (best := knowledge_answer(tracker)) is not None
        ):
            help_lines_if_suspected(dispatcher, tracker)
            return [*role_events(tracker), *self.offer_after(dispatcher, tracker, best)]
        if track is None and any(t.startswith("partner:") for t in topics_in_message(tracker)):
            handed_on = self.hand_on(dispatcher, tracker)
            if handed_on is not None:
                return handed_on
        # A track the conversation tells (the journey before this one) is kept as the journey's fact: the form
        # reads its slots only.
        stated = READERS["spoor"](message_text(tracker), False) is not None  # the form's reading sets it then
        told = [] if track is None or stated or tracker.get_slot("spoor") is not None else [SlotSet("spoor", track)]
        tracker.slots.update({e["name"]: e["value"] for e in told})
        return [*told, *await super().run(dispatcher, tracker, domain)]

    def compose(self, tracker: Tracker, repo: KnowledgeRepository, role: str | None, asking: Sequence[str]) -> Reply:
        return compose_reply(tracker, repo, role, asking)

    def case_part(self, tracker: Tracker, repo: KnowledgeRepository, role: str | None) -> CasePart | None:
        return case_part(tracker, repo, role)
