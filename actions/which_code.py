"""Which absence code fits a reason told in free words: the which-code engine, as chat.

The reason is found with the knowledge search over the content's code reasons (kind ``code-reason``); the
engine's ``RULES`` map its reasons to those items, so a hit names the engine's reason. A few explicit cues
catch words the search does not know (feast days by name, "doktersattest") and tell apart reasons that share one
item (a funeral or a wedding, a trip or truancy). A code reason the engine has no rule for is shown from the
content as it stands.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any, ClassVar, cast, get_args

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import knowledge_access
from actions.journeys import UNKNOWN, JourneyForm, Reader, intent_confidence, says_dont_know
from actions.knowledge_reply import send_answer, send_answer_then_ask, sure_knowledge_answer, what_it_is
from actions.message_facts import message_text
from actions.messages import current_role, help_lines_if_suspected
from actions.parsing import normalise, parse_duration_days, parse_ordinal, parse_school_level
from actions.reply import MUST, UNSURE_INTENT, ComposedReplyAction, Reply
from knowledge.case import CasePart, facts
from knowledge.guidance.common import need
from knowledge.guidance.which_code import (
    RULES,
    SPECIAL_NEEDS_REHABILITATION,
    AbsenceReason,
    CodeAnswer,
    CodeQuestion,
    find_code,
)
from knowledge.repository import KnowledgeRepository
from knowledge.search import search
from knowledge.texts import render

REASONS: frozenset[str] = frozenset(get_args(AbsenceReason))
# The topics this engine is about: a message naming only a code is a question for a code, not for the knowledge.
OWN_TOPICS = frozenset(f"code:{letter}" for letter in "ZRPMABHL")
# Words the search cannot connect to a code reason, or reasons that share one item of the content.
CUES: tuple[tuple[AbsenceReason, str], ...] = (
    (
        "werkplek-onwil",
        r"\bwerkplek\w*\b.*\b(?:onwil\w*|weiger\w*|wil\s+niet|willen\s+niet|tegenwerk\w*)"
        r"|\b(?:onwil\w*|weiger\w*|wil\s+niet|willen\s+niet|tegenwerk\w*)\b.*\bwerkplek",
    ),
    ("duaal-zonder-werkplek", r"\bduaal\b.*\b(?:geen|zonder)\s+werkplek|\b(?:geen|zonder)\s+werkplek\b.*\bduaal"),
    (
        "twijfelachtig-attest",
        r"\b(?:twijfelachtig\w*|dixit|vals\w*\s+attest|nep\s*-?attest|attest\s+\w*\s*vals)"
        r"|\b(?:attest\w*|briefje|doktersbriefje)\b.{0,40}\b(?:vreemd|raar|verdacht\w*|vervalst|ge?knoei\w*|klopt\s+(?:niet|ni|nie))"
        r"|\b(?:vreemd\w*|raar|rare|verdacht\w*|vervalst\w*)\s+(?:\w+\s+)?(?:dokters)?(?:attest|briefje)",
    ),
    ("attest-chronisch-ziek", r"\bchronisch"),
    (
        "briefje-ouders",
        r"\b(?:zelf|eigen)\s+(?:een\s+)?(?:briefje|verklaring)|\bbriefje\s+van\s+(?:de\s+ouders|mama|papa|mij|ons)"
        r"|\bouderbriefje|\bverklaring\s+van\s+de\s+ouders|\b(?:ik|we|wij)\s+(?:heb|hebben|schrijf|schrijven|"
        r"schreef|schreven)\s+(?:een\s+|zelf\s+een\s+)?briefje",
    ),
    (
        "medisch-attest",
        r"\b(?:doktersattest|doktersbriefje|medisch\w*\s+attest|attest\s+van\s+de\s+(?:dokter|arts|huisarts)"
        r"|briefje\s+van\s+de\s+(?:dokter|arts|huisarts))",
    ),
    (
        "religieuze-feestdag",
        r"\b(?:suikerfeest|offerfeest|ramadan|eid|bayram|pasen|pesach|jom\s+kipoer|yom\s+kippur|chanoeka|divali"
        r"|diwali|godsdienst\w*|religi\w*|geloof\w*|levensbeschouw\w*|feestdag\w*\s+van\s+(?:zijn|haar|ons|hun))",
    ),
    ("covid-vaccinatie", r"\b(?:vaccin\w*|inenting\w*|covid\w*|corona\s*prik\w*)"),
    ("begrafenis", r"\b(?:begrafenis|uitvaart|overleden|gestorven|overlijden|rouw\w*)"),
    ("huwelijk", r"\b(?:huwelijk\w*|trouw\w*)"),
    ("rechtbank", r"\b(?:rechtbank\w*|rechter\w*|jeugdrechter\w*|dagvaard\w*|oproeping\s+voor\s+de\s+recht\w*)"),
    ("schorsing", r"\b(?:geschorst|schorsing\w*|uitgesloten|uitsluiting\w*)"),
    ("overmacht", r"\b(?:overmacht|overstroming\w*|storm\w*|sneeuw\w*|staking\w*|brand\b|onbereikbaar\s+door)"),
    ("quarantaine", r"\bquarantaine"),
    ("examencommissie", r"\bexamencommissie"),
    ("te-laat", r"\bte\s+laat\b"),
    ("vakantie", r"\b(?:op\s+reis|reis|reizen|vakantie\w*|verlof|citytrip|skiën|vliegtuig)\b"),
    # Last: "zonder dat het als spijbelen telt" names truancy but asks about another reason.
    (
        "spijbelen",
        r"\b(?:ge)?(?:spijbel\w*|brost|brossen|skippen|skipt|geskipt)"
        r"|\bgewoon\s+(?:niet|ni|nie)\s+(?:naar\s+school\s+)?(?:ga|gaan|gaat|gegaan|geweest)\b"
        r"|\bzonder\s+(?:geldige\s+)?reden\b",
    ),
    ("zorgboerderij", r"\bzorgboerderij"),
    ("time-out", r"\btime-?out"),
)
# Code reasons of the content that the engine reaches through another of its reasons.
ALIASES: dict[str, AbsenceReason] = {
    "p-revalidatie-lesuren": "revalidatie",
    SPECIAL_NEEDS_REHABILITATION[1]: "revalidatie",
    "m-duaal-gedoogperiode-overschreden": "duaal-zonder-werkplek",
    "b-te-laat-gelijkgesteld": "te-laat",
    # Shared by a trip, truancy and any other reason; the cues above pick out the first two.
    "b-andere-niet-gewettigde-redenen": "andere",
}
# Follow-up questions, each with the reason it asks about (not offered when the answer is about that reason).
FOLLOW_UPS: tuple[tuple[str, AbsenceReason], ...] = (
    ("engines.which_code.button.note", "briefje-ouders"),
    ("engines.which_code.button.doctor", "medisch-attest"),
    ("engines.which_code.button.funeral", "begrafenis"),
    ("engines.which_code.button.holiday", "vakantie"),
)
# A search hit counts from this score; below it the question names no reason the content knows.
MIN_SCORE = 3.5
# Words of the question itself ("welke code geef ik als ..."), which would match every code reason.
_QUESTION_WORDS = re.compile(
    r"\b(?:welke|wat\s+voor(?:\s+een)?|wat\s+is\s+de|wa\s+voor)\s+(?:afwezigheids)?code\b|\bcode\w*\b|\bgeef\s+ik\b"
    r"|\bmoet\s+ik\s+(?:geven|zetten|noteren)\b"
)
# Words that tell that, when and who was absent but never why: alone they would match any code reason whose
# examples happen to use them ("gisteren", "2 dagen thuis").
_SCENE_WORDS = re.compile(
    r"\b(?:afwezig\w*|aanwezig\w*|thuis|weg|gisteren|eergisteren|vandaag|morgen|vorige|deze|volgende|week|weken"
    r"|afspraak|dag|dagen|halve|voormiddag|namiddag|uur|uren|lesuur|lesuren|maandag|dinsdag|woensdag|donderdag|vrijdag"
    r"|kind|kinderen|leerling\w*|school|klas|geweest|gebleven|gemist|zoon|dochter|gast|jongen|meisje|\d+"
    # the verbs and pointers of asking for a code ("welke code moet ik hier zetten", "... gebruiken voor die")
    r"|zet\w*|geef|geven|gegeven|noter\w*|gebruik\w*|invul\w*|vul|registre\w*|ingeven|kiez\w*|kies|hier|daar|nu)\b"
)
NOTE_NOUNS = r"briefje|briefjes|keer|verklaring"


def _reasons_of(item_key: str) -> list[AbsenceReason]:
    """The engine's reasons for a code reason of the content, in the engine's order."""
    if item_key in ALIASES:
        return [ALIASES[item_key]]
    return [cast(AbsenceReason, reason) for reason, rule in RULES.items() if rule[1] == item_key and reason in REASONS]


def reason_by_cue(text: str) -> AbsenceReason | None:
    """The engine's reason a message names in so many words (the CUES), without the search."""
    folded = normalise(text)
    return next((reason for reason, cue in CUES if re.search(cue, folded)), None)


def find_reason(repo: KnowledgeRepository, text: str) -> tuple[AbsenceReason | None, str | None]:
    """The engine's reason for a question, or else the id of a content code reason the engine has no rule for."""
    folded = normalise(text)
    if (cued := reason_by_cue(text)) is not None:
        return cued, None
    query = _SCENE_WORDS.sub(" ", _QUESTION_WORDS.sub(" ", folded))
    hits = [h for h in search(repo, query, limit=5, kinds=["code-reason"]) if h.score >= MIN_SCORE]
    if not hits:
        return None, None
    candidates = _reasons_of(hits[0].key)
    if not candidates:
        return None, hits[0].key
    return candidates[0], None


def question_of(reason: AbsenceReason, text: str) -> CodeQuestion:
    school = parse_school_level(text)
    days = parse_duration_days(text)
    return CodeQuestion(
        reason=reason,
        level=school.level if school else None,
        special_needs_education=bool(school and school.special_needs_education),
        consecutive_days=days.whole if days is not None and reason == "briefje-ouders" else None,
        parent_note_number=parse_ordinal(text, NOTE_NOUNS) if reason == "briefje-ouders" else None,
    )


def _answer(reply: Reply, question: CodeQuestion, answer: CodeAnswer) -> None:
    reply.text(
        "engines.which_code.code",
        answer.sections[:1],
        rank=MUST,
        code=answer.code,
        name=answer.name,
        category=answer.category,
    )
    for i, r in enumerate(answer.reasons):
        reply.reason(r, rank=MUST if i == 0 else 1)
    if answer.document:
        reply.text("engines.which_code.document", rank=1, document=answer.document)
    for alternative in answer.alternatives:
        reply.text(
            "engines.which_code.alternative",
            alternative.sections,
            rank=1,
            code=alternative.code,
            when=alternative.when.render(reply.role),
        )
    if (
        question.reason == "briefje-ouders"
        and question.consecutive_days is None
        and question.parent_note_number is None
    ):
        reply.text("engines.which_code.note_days", rank=2)


def _from_content(reply: Reply, repo: KnowledgeRepository, item_key: str) -> str:
    item = need(repo.get_item(f"code-reason:{item_key}"), "code reason", item_key)
    code = str(item.data.get("code") or "")
    found = need(repo.get_code(code), "code", code)
    sections = [s.id for s in item.sections]
    reply.text("engines.which_code.code", sections, rank=MUST, code=code, name=found.name, category=found.category)
    reply.say(item.title if not item.summary else item.summary, sections, rank=MUST)
    return code


def reason_text(tracker: Tracker) -> str:
    """The words that give the reason: the journey's answer (slot `reden`), else the message."""
    return str(tracker.get_slot("reden") or message_text(tracker))


def compose_reply(tracker: Tracker, repo: KnowledgeRepository, role: str | None) -> Reply:
    reply = Reply(role)
    text = reason_text(tracker)
    reason, item_key = find_reason(repo, text)
    code: str | None = None
    if tracker.get_slot("reden") == UNKNOWN:
        reply.text("engines.which_code.reason_unknown", REASON_UNKNOWN_SECTIONS, rank=MUST)
        reply.button("engines.which_code.button.what_is_code", payload='/ask_what_is{"topic": "code:B"}', code="B")
    elif reason is not None:
        question = question_of(reason, text)
        answer = find_code(question, repo)
        _answer(reply, question, answer)
        code = answer.code
    elif item_key is not None:
        code = _from_content(reply, repo, item_key)
    else:
        reply.text("engines.which_code.codes_in_short", CODE_SECTIONS, rank=MUST)
    if code is not None:
        topic = json.dumps({"topic": f"code:{code}"})
        reply.button("engines.which_code.button.what_is_code", payload=f"/ask_what_is{topic}", code=code)
    for key, about in FOLLOW_UPS:
        if about != reason and len(reply.buttons) < 3:
            reply.button(key)
    return reply


def case_part(tracker: Tracker, repo: KnowledgeRepository, role: str | None) -> CasePart | None:
    """The code of the absence for the case: the reason as the engine names it (never the user's own words, which
    may hold names), the code, what justifies it."""
    if tracker.get_slot("reden") == UNKNOWN:
        conclusion = render("engines.which_code.reason_unknown", role)
        return CasePart("which-code", conclusion=conclusion, sections=REASON_UNKNOWN_SECTIONS)
    reason, item_key = find_reason(repo, reason_text(tracker))
    if reason is not None:
        question = question_of(reason, reason_text(tracker))
        answer = find_code(question, repo)
        lines = [render("engines.which_code.code", role, code=answer.code, name=answer.name, category=answer.category)]
        if answer.document:
            lines.append(render("engines.which_code.document", role, document=answer.document))
        given = facts([("reden", answer.reasons[0].render(role) if answer.reasons else "")], role)
        return CasePart("which-code", facts=given, conclusion=" ".join(lines), sections=answer.sections)
    if item_key is not None:
        item = need(repo.get_item(f"code-reason:{item_key}"), "code reason", item_key)
        code = need(repo.get_code(str(item.data.get("code") or "")), "code", str(item.data.get("code")))
        line = render("engines.which_code.code", role, code=code.code, name=code.name, category=code.category)
        given = facts([("reden", item.summary or item.title)], role)
        return CasePart("which-code", facts=given, conclusion=line, sections=tuple(s.id for s in item.sections))
    return None


# Where the draaiboek gives the codes and what justifies them.
CODE_SECTIONS = ("terminologie.2.1", "terminologie.2.2")
# The B-code for an absence without reason (terminologie.2.2); the time to bring in a justification is the
# school's registration policy (actieplan.1.1).
REASON_UNKNOWN_SECTIONS = ("terminologie.2.2", "actieplan.1.1")

# -- the journey: the reason ------------------------------------------------------------------------------------

FORM = "which_code_form"


def _read_reason(text: str, requested: bool) -> str | None:
    """The reason of an absence, in the user's own words, as the answer to the question for it."""
    return text if requested and text.strip() and not says_dont_know(text) else None


def open_questions(tracker: Tracker, repo: KnowledgeRepository) -> list[str]:
    """The reason, while neither the journey nor the message gives one the engine or the content knows."""
    if tracker.get_slot("reden") is not None:
        return []
    return ["reden"] if find_reason(repo, message_text(tracker)) == (None, None) else []


class ValidateWhichCodeForm(JourneyForm):
    """The which-code journey: the reason of the absence in the user's own words."""

    form = FORM
    readers: ClassVar[dict[str, Reader]] = {"reden": _read_reason}

    def open_questions(self, tracker: Tracker) -> list[str]:
        with knowledge_access.open_repository() as repo:
            return open_questions(tracker, repo)

    @staticmethod
    def check_reden(value: str) -> str | None:
        with knowledge_access.open_repository() as repo:
            return "journey.correction.reason" if find_reason(repo, value) == (None, None) else None


class ActionWhichCode(ComposedReplyAction):
    form = FORM
    readers: ClassVar[dict[str, Reader]] = {"reden": _read_reason}

    def name(self) -> str:
        return "action_which_code"

    def open_questions(self, tracker: Tracker, repo: KnowledgeRepository) -> list[str]:
        return open_questions(tracker, repo)

    def new_case(self, stated: dict[str, str]) -> bool:
        return True  # every question for a code is a new absence

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if tracker.latest_action_name == FORM:
            return await super().run(dispatcher, tracker, domain)
        if (explained := what_it_is(tracker, ())) is not None:
            help_lines_if_suspected(dispatcher, tracker)
            return send_answer(dispatcher, tracker, explained)
        text = message_text(tracker)
        with knowledge_access.open_repository() as repo:
            reason, item_key = find_reason(repo, text)
        # A reason only the search found, in a message the classifier hardly took for a code question ("bij welke
        # leerlingen moeten we extra alert zijn bij de inschrijving?"), is no reason either.
        unsure = intent_confidence(tracker) < UNSURE_INTENT
        if (reason is None and item_key is None) or (unsure and reason_by_cue(text) is None):
            # No reason of an absence in the message ("welke gemandateerde voorzieningen zijn er"): the knowledge's
            # answer when it is sure of one, then the question for the reason.
            answer = sure_knowledge_answer(tracker, OWN_TOPICS)
            if answer is not None and answer.items[0].kind not in ("code", "code-reason"):
                help_lines_if_suspected(dispatcher, tracker)
                ask = render("engines.which_code.ask_reason", current_role(tracker))
                return send_answer_then_ask(dispatcher, tracker, answer, ask)
        return await super().run(dispatcher, tracker, domain)

    def compose(self, tracker: Tracker, repo: KnowledgeRepository, role: str | None, asking: Sequence[str]) -> Reply:
        return compose_reply(tracker, repo, role)

    def case_part(self, tracker: Tracker, repo: KnowledgeRepository, role: str | None) -> CasePart | None:
        return case_part(tracker, repo, role)
