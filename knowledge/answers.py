"""One way to answer a question from the knowledge base: intent facet + topic entities + search -> one answer.

:func:`answer_question` chooses the item (the topic the user named, else the best search hit), and the part of it
that the question asks for (:data:`Facet`): what it is, when it comes in, who refers and how, its contacts, how it
differs from another item, or the general information. Every line of an answer is a field of the item itself; the
labels and frames around them are keys of the text catalogue, rendered per role by :func:`render_answer`. When no
item is a good match the answer says so (``unknown``) or offers the likely items (``clarify``), it never pretends.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from knowledge.repository import ItemRef, KnowledgeRepository, SectionRef
from knowledge.search import SearchHit, holds_term, line_scorer, search, term_stems
from knowledge.texts import render

Facet = Literal["what", "when", "referral", "contact", "difference", "info"]
Status = Literal["answer", "clarify", "unknown"]

# A search hit below this score is no answer; a best hit below CONFIDENT_SCORE, with a runner-up close to it,
# gets a clarifying question instead. Calibrated on bench/search_questions.yml (see bench/search_bench.py).
MIN_SCORE = 5.0
CONFIDENT_SCORE = 7.0
CLOSE_RATIO = 0.9
# Sources shown with an answer: an item's first sections are its own; later ones are passing mentions.
MAX_SOURCES = 4
# Kinds without a name of their own: the answer starts with their text.
UNNAMED_KINDS = frozenset({"step", "question", "code-reason"})
# A line of an item whose relevance to the question reaches this (the weight of the question's words it holds, see
# knowledge.search.line_scorer) is kept first when an answer must be cut short.
MIN_RELEVANCE = 1.5
# Longest name on a button; longer names (a step's summary) are cut at a word.
BUTTON_CHARS = 60
# Word budgets of an answer (the content lines, without the sources line), per role.
WORD_BUDGET = {"staff": 170, "parent": 120, "youth": 110}
# Roles that read an item's plain text (its `plain` field) instead of its professional text, where it has one.
PLAIN_ROLES = frozenset({"parent", "youth"})
# Kinds whose items are answers on their own; phases, tracks and questions are lists of other items.
ANSWER_KINDS = (
    "partner",
    "code",
    "code-reason",
    "absence-type",
    "checklist",
    "topic",
    "term",
    "step",
    "practice",
    "phase",
    "track",
    "question",
)
# Parts of a track: one line of a procedure rather than an answer of its own (see prefer_whole_items).
FRAGMENT_KINDS = frozenset({"step", "practice", "question"})
FRAGMENT_WEIGHT = 0.85
# Kinds a difference question compares, and which of them can be compared with each other: two partners, or two
# of the codes, types and terms ("onwil" and "onmacht"); not a partner with a term ("onwil" and "het CLB").
DIFFERENCE_KINDS = ("absence-type", "term", "partner", "code", "topic", "checklist")
# An item about a named topic answers a general question instead of the topic when it scores this much higher.
TOPIC_MARGIN = 1.2
# A question for the name or the kind of an absence ("hoe noem je dat", "wat voor spijbelaar ben ik", "welke vorm
# van spijbelen is dat") is answered by an item of these kinds; a kind of absence, the most specific, goes before a
# term or a code that scores about as high.
_ASKS_KIND = re.compile(
    r"\bhoe\s+noem\w*|\bwat\s+voor\s+(?:een\s+)?(?:soort|vorm|type|spijbel\w*|afwezig\w*|verzuim)"
    r"|\bwelke?\s+(?:soort|vorm|type)\s+(?:van\s+)?(?:spijbel\w*|afwezig\w*|verzuim)|\bheeft\s+(?:da|dat|dit)\s+een\s+naam"
)
KIND_KINDS = ("absence-type", "term", "code")
# A phase of the care continuum named by its number ("fase 3").
_PHASE = re.compile(r"\bfase\s*[0-3]\b")
# Facets that are parts of a partner only.
PARTNER_FACETS = frozenset({"referral", "contact"})
_COMPARABLE = ({"partner", "checklist"}, {"absence-type", "term", "code"})
# Question words that name the part of an item asked for, when the intent itself does not (a general question,
# or a question handed on by an engine action): "wie kan bednet aanvragen" asks for the referral.
_FACET_WORDS: tuple[tuple[Facet, re.Pattern[str]], ...] = (
    ("when", re.compile(r"^\s*(?:en\s+)?(?:wanneer|vanaf\s+wanneer|in\s+welke\s+(?:gevallen|situaties?))\b")),
    # Contact data, not the verb phrase "(neemt) contact (met ons) op".
    (
        "contact",
        re.compile(
            r"\b(?:contactgegevens|contactpersoon|contactpunt|contacte\w*|telefoon\w*|tel\s*nr|nummer|"
            r"(?:e-?)?mail\w*|website|adres|bereiken)\b"
        ),
    ),
    # How to refer or apply, asked as such: "hoe meld ik aan", "wie mag doorverwijzen", "waar vraag je het aan";
    # not a question that only tells a referral ("als we aanmelden bij naft, ligt de begeleiding dan bij hen").
    (
        "referral",
        re.compile(
            r"\b(?:hoe|wie|waar|via\s+wie|bij\s+wie)\b[^.?!]{0,40}?\b(?:aanmeld\w*|meld\w*\s+\w+\s+aan|aanvra\w*"
            r"|vra\w*\s+\w+\s+\w*\s*aan|doorverwijz\w*|doorverwezen|inschakel\w*|schakel\w*\s+\w+\s+in)\b"
            r"|^\s*(?:aanmelden|aanmelding|aanvragen|aanvraag|doorverwijzen)\b"
        ),
    ),
)
# Words that ask for a difference between two things; without one, a "difference" question is a general one.
_DIFFERENCE_CUE = re.compile(
    r"verschil|onderscheid\w*\s+(?:tussen|met|van)|hetzelfde|zelfde\s+als|anders\s+dan|\bvs\b|versus|vergelijk"
    r"|\b(?:is|zijn)\s+(?:da|dat|dit|het)\b.*\bof\b|\bof\s+(?:eerder|toch|gewoon)\b"
)
# A general question that asks for the difference between two things outright.
_BETWEEN = re.compile(r"\b(?:verschil\w*|onderscheid\w*)\s+tussen\b")
_DIFFERENCE_WORDS = "verschil verschillen onderscheid onderscheiden hetzelfde zelfde anders tussen versus"
_DIFFERENCE_WORD = re.compile(r"\b(?:" + "|".join(_DIFFERENCE_WORDS.split()) + r")\w*", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9'‘(])")


@dataclass(frozen=True)
class Part:
    """Lines of one field of an item, under an optional label (a catalogue key).

    ``plain`` holds the same in plain Dutch (the item's ``plain`` text), shown to parents and youths instead of
    ``lines``. ``relevance`` scores each line against the question (see :func:`focus`): when an answer must be cut
    short, the lines that the question asks about are kept first."""

    lines: tuple[str, ...]
    label: str | None = None
    bullets: bool = False
    plain: tuple[str, ...] = ()
    relevance: tuple[float, ...] = ()

    def shown(self, role: str | None) -> tuple[str, ...]:
        return self.plain if self.plain and role in PLAIN_ROLES else self.lines


@dataclass(frozen=True)
class FollowUp:
    facet: Facet
    item_id: str
    name: str


@dataclass(frozen=True)
class Answer:
    status: Status
    facet: Facet
    items: tuple[ItemRef, ...] = ()  # the item answered (two for a difference); the candidates for clarify
    parts: tuple[Part, ...] = ()
    note: str | None = None  # a catalogue key said after the parts (e.g. no contacts in the draaiboek)
    followups: tuple[FollowUp, ...] = ()
    sections: tuple[SectionRef, ...] = ()

    @property
    def item_id(self) -> str | None:
        return self.items[0].id if self.status == "answer" and self.items else None


@dataclass(frozen=True)
class RenderedAnswer:
    text: str
    buttons: tuple[tuple[str, FollowUp], ...] = field(default_factory=tuple)


# -- names and sentences ---------------------------------------------------------------------------------------
def item_name(item: ItemRef) -> str:
    """How a reply names an item: "NAFT", "code B", "Schoolweigering", "TOAH"."""
    d = item.data
    if item.kind == "partner":
        return str(d.get("name") or item.title)
    if item.kind == "code":
        return f"code {item.key}"
    if item.kind == "term":
        return str(d.get("term") or item.key)
    if item.kind == "step":
        return str(d.get("summary") or d.get("action") or item.title)
    return item.title


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(" ".join(str(text).split())) if s.strip()]


def _lead(text: Any, plain: Any) -> Part:
    """The opening part of an item: its professional text, with its plain text beside it."""
    return Part(tuple(sentences(text or "")), plain=tuple(sentences(plain or "")))


def _lines(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    return tuple(str(v) for v in value if str(v).strip())


def _contact_line(contact: dict[str, Any]) -> str:
    details = [
        str(contact[k])
        for k in ("person", "organisation", "region", "phone", "email", "website", "address")
        if contact.get(k)
    ]
    return f"{contact['label']}: {', '.join(details)}" if details else str(contact["label"])


# -- the parts of an item, per facet ----------------------------------------------------------------------------
def item_parts(item: ItemRef, facet: Facet, repo: KnowledgeRepository) -> tuple[tuple[Part, ...], str | None]:
    """The fields of ``item`` that answer ``facet``, and an optional note key."""
    d = item.data
    kind = item.kind
    if kind == "partner":
        referral = d.get("referral") or {}
        if facet == "when":
            return (Part(_lines(d.get("when")), bullets=True),), None
        if facet == "referral":
            # How to reach the partner belongs to how to refer ("per mail"): its contacts close the answer.
            return (
                Part(_lines(referral.get("who")), "answer.label.who", bullets=True),
                Part(_lines(referral.get("how")), "answer.label.how", bullets=True),
                Part(_lines(referral.get("documents")), "answer.label.documents", bullets=True),
                Part(tuple(_contact_line(c) for c in d.get("contacts") or []), "answer.label.contact", bullets=True),
            ), None
        if facet == "contact":
            contacts = tuple(_contact_line(c) for c in d.get("contacts") or [])
            if not contacts:
                return (), "answer.note.no_contact"
            return (Part(contacts, bullets=True),), "answer.note.contact_clb"
        if facet == "info":
            return (
                _lead(d.get("description"), d.get("plain")),
                Part(_lines(d.get("when")), "answer.label.when", bullets=True),
            ), None
        return (
            _lead(d.get("description"), d.get("plain")),
            Part(_lines(d.get("for_whom")), "answer.label.for_whom"),
        ), None
    if kind == "code":
        reasons = [r.get("text", "") for r in d.get("reasons") or []]
        return (
            _lead(d.get("summary"), d.get("plain")),
            Part(_lines(d.get("justified_by")), "answer.label.justified_by"),
            Part(_lines(d.get("documents")), "answer.label.documents", bullets=True),
            Part(_lines(d.get("limits")), "answer.label.limits", bullets=True),
            Part(tuple(reasons), "answer.label.reasons", bullets=True),
        ), None
    if kind == "code-reason":
        code = repo.get_item(f"code:{d.get('code')}")
        code_line = (f"{code.title}.",) if code else ()
        return (
            Part(code_line),
            _lead(d.get("text"), d.get("plain")),
            Part(_lines(d.get("document")), "answer.label.document"),
            Part(_lines(d.get("limit")), "answer.label.limit"),
        ), None
    if kind == "absence-type":
        return (
            _lead(d.get("summary"), d.get("plain")),
            Part(_lines(d.get("signals")), "answer.label.signals", bullets=True),
            Part(_lines(d.get("distinguish")), "answer.label.distinguish", bullets=True),
        ), None
    if kind == "checklist":
        return (
            _lead(d.get("summary"), d.get("plain")),
            Part(_lines(d.get("conditions")), "answer.label.conditions", bullets=True),
            Part(_lines(d.get("steps")), "answer.label.steps", bullets=True),
            Part(_lines(d.get("documents")), "answer.label.documents", bullets=True),
            Part(_lines(d.get("deadlines")), "answer.label.deadlines", bullets=True),
        ), None
    if kind == "topic":
        return (
            _lead(d.get("summary"), d.get("plain")),
            Part(_lines(d.get("points")), bullets=True),
        ), None
    if kind == "term":
        expansion = str(d.get("expansion") or "")
        head = f"{expansion[:1].upper()}{expansion[1:]}." if expansion else ""
        lead = _lead(d.get("explanation"), d.get("plain"))
        plain = tuple(x for x in (head, *lead.plain) if x) if lead.plain else ()
        return (Part(tuple(x for x in (head, *lead.lines) if x), plain=plain),), None
    if kind == "step":
        return (
            _lead(d.get("action"), d.get("plain")),
            Part(_lines(d.get("trigger")), "answer.label.trigger"),
            Part(_lines(d.get("documents")), "answer.label.documents", bullets=True),
        ), None
    if kind == "practice":
        return (_lead(d.get("text"), d.get("plain")),), None
    if kind == "question":
        return (Part(_lines(d.get("text"))),), None
    # phase, track
    return (Part(tuple(sentences(item.summary))),), None


def _followups(item: ItemRef, facet: Facet, repo: KnowledgeRepository) -> tuple[FollowUp, ...]:
    """Two or three next questions: the other facets of a partner, else the partners the item names."""
    out: list[FollowUp] = []
    if item.kind == "partner":
        name = item_name(item)
        facets: tuple[Facet, ...] = ("referral", "contact", "when", "what")
        for f in facets:
            if f != facet and not (facet == "info" and f == "what"):
                out.append(FollowUp(f, item.id, name))
        return tuple(out[:3])
    related = list(item.data.get("partners") or [])
    if item.data.get("actor"):
        related.insert(0, item.data["actor"])
    for pid in dict.fromkeys(related):
        if pid in ("leerling", "ouders", "school"):
            continue
        partner = repo.get_item(f"partner:{pid}")
        if partner:
            out.append(FollowUp("what", partner.id, item_name(partner)))
    if len(out) < 2 and item.kind != "partner":
        clb = repo.get_item("partner:clb")
        if clb and all(f.item_id != clb.id for f in out):
            out.append(FollowUp("what", clb.id, item_name(clb)))
    return tuple(out[:3])


# -- choosing the item ------------------------------------------------------------------------------------------
def _confident(hits: Sequence[SearchHit]) -> bool:
    if not hits or hits[0].score < MIN_SCORE:
        return False
    if hits[0].score >= CONFIDENT_SCORE or len(hits) == 1:
        return True
    return hits[1].score < CLOSE_RATIO * hits[0].score or _same_subject(hits[0], hits[1])


def _distinct(hits: Iterable[SearchHit], limit: int) -> list[SearchHit]:
    """Hits with different titles (a code and its reason may share words but not titles)."""
    seen: set[str] = set()
    out: list[SearchHit] = []
    for h in hits:
        if h.title in seen:
            continue
        seen.add(h.title)
        out.append(h)
        if len(out) == limit:
            break
    return out


def focus(repo: KnowledgeRepository, question: str, item: ItemRef, parts: Sequence[Part]) -> tuple[Part, ...]:
    """The parts with the relevance of each line to the question: the weight of the question's terms that the line
    holds, without the words of the item's own name (every line is about the item)."""
    if not question.strip():
        return tuple(parts)
    scorer = line_scorer(repo, question, exclude=f"{item.title} {item_name(item)}")
    return tuple(replace(p, relevance=tuple(scorer(line) for line in p.lines)) for p in parts)


def answer_item(repo: KnowledgeRepository, item: ItemRef, facet: Facet, question: str = "") -> Answer:
    """The part of ``item`` that ``facet`` asks for; with the ``question``, the lines it asks about come first when
    the answer must be cut short."""
    if facet == "difference":
        facet = "what"
    parts, note = item_parts(item, facet, repo)
    return Answer(
        "answer",
        facet,
        (item,),
        focus(repo, question, item, [p for p in parts if p.lines]),
        note,
        _followups(item, facet, repo),
        tuple(item.sections[:MAX_SOURCES]),
    )


def comparable(first: ItemRef, second: ItemRef) -> bool:
    return any(first.kind in group and second.kind in group for group in _COMPARABLE)


def same_thing(first: ItemRef, second: ItemRef) -> bool:
    """Two items of one name (the absence type "Schoolweigering" and the glossary's "schoolweigering"): comparing
    them says nothing."""
    return (
        item_name(first).casefold() == item_name(second).casefold() or first.title.casefold() == second.title.casefold()
    )


def answer_difference(repo: KnowledgeRepository, first: ItemRef, second: ItemRef) -> Answer:
    parts: list[Part] = []
    for item in (first, second):
        d = item.data
        summary = sentences(d.get("summary") or d.get("description") or d.get("explanation") or item.summary)
        lead = summary[0] if summary else item.title
        parts.append(Part((f"{item_name(item)}: {lead}",)))
    for item in (first, second):
        distinguish = _lines(item.data.get("distinguish"))
        if distinguish:
            parts.append(Part(distinguish, bullets=True))
    sections = list(dict.fromkeys([*first.sections[:2], *second.sections[:2]]))
    return Answer("answer", "difference", (first, second), tuple(parts), None, (), tuple(sections))


def _explains_difference(repo: KnowledgeRepository, hit: SearchHit, topics: Sequence[ItemRef], text: str) -> bool:
    """A topic of the draaiboek that explains a difference between the things the user compares: both items named
    stand in its title, or two words of the question do ("is drop-out hetzelfde als spijbelen" is not about
    "schoolweigering en spijbelen")."""
    title = hit.title.lower()
    if "verschil" not in title and "onderscheid" not in title:
        return False
    named = [item_name(t).lower() for t in topics]
    if sum(1 for n in named if n in title) >= 2:
        return True
    # Otherwise the title must hold two of the question's own words (the two things compared).
    asked = set(term_stems(repo, text)) - set(term_stems(repo, _DIFFERENCE_WORDS))
    return len(asked & set(term_stems(repo, hit.title))) >= 2


def clarify(repo: KnowledgeRepository, facet: Facet, hits: Sequence[SearchHit]) -> Answer:
    items = [i for i in (repo.get_item(h.id) for h in _distinct(hits, 3)) if i is not None]
    return Answer("clarify", facet, tuple(items))


def prefer_whole_items(hits: Sequence[SearchHit]) -> list[SearchHit]:
    """Rank a step, practice or question of a track a little below a whole item (a partner, code, type, checklist,
    topic or term) that the search scores about as high: the whole item answers the question, the fragment is one
    line of a procedure."""
    weighted = [(h.score * (FRAGMENT_WEIGHT if h.kind in FRAGMENT_KINDS else 1.0), i, h) for i, h in enumerate(hits)]
    return [h for _, _, h in sorted(weighted, key=lambda t: (-t[0], t[1]))]


def _by_relevance(repo: KnowledgeRepository, text: str, topics: list[ItemRef]) -> list[ItemRef]:
    """Several topics named ("het clb heeft het over het ocj, wat doen die"): the one the search ranks highest for
    the whole question first (a rare name weighs more than a partner every question names); unranked ones after,
    the last named first."""
    rank = {h.id: i for i, h in enumerate(search(repo, text, limit=30, kinds=ANSWER_KINDS))}
    order = {t.id: i for i, t in enumerate(topics)}
    return sorted(topics, key=lambda t: (rank.get(t.id, len(rank)), -order[t.id]))


def _about_topics(repo: KnowledgeRepository, hits: Sequence[SearchHit], topics: Sequence[ItemRef]) -> str | None:
    """For a general question that names topics, the item to answer instead of the first topic, if any.

    A partner the user names is what the question is about ("mag het clb dat aan de politie vertellen"): the best
    hit that speaks of a named topic answers, when it scores as a sure hit. A term or code the user names may be what
    the question asks about, or only what it asks whether something is ("is een begrafenis spijbelen"): a hit that
    stands out answers too, whatever it speaks of."""
    if not hits:
        return None
    if topics[0].kind != "partner" and _confident(hits) and hits[0].score >= CONFIDENT_SCORE:
        return hits[0].id
    related = [h for h in hits if h.id != topics[0].id and any(mentions(repo, h.id, t) for t in topics)]
    own = next((h.score for h in hits if h.id == topics[0].id), 0.0)
    # The named topic answers itself unless an item about it fits the question clearly better: many items speak of
    # the CLB or the police, and a question about the CLB is answered by the CLB first.
    if related and related[0].score >= max(CONFIDENT_SCORE, own * TOPIC_MARGIN):
        return related[0].id
    return None


def mentions(repo: KnowledgeRepository, item_id: str, topic: ItemRef) -> bool:
    """Whether the item ``item_id`` is about ``topic``: it is the topic, or its text holds the most telling word of
    the topic's name (its rarest term: "naft", "politie")."""
    return item_id == topic.id or holds_term(repo, item_id, item_name(topic))


def facet_from_words(text: str, facet: Facet) -> Facet:
    """A general question (``info``) whose words ask for one part of an item: that part."""
    if facet != "info":
        return facet
    lowered = text.lower()
    return next((f for f, pattern in _FACET_WORDS if pattern.search(lowered)), facet)


def answer_question(repo: KnowledgeRepository, text: str, facet: Facet, topic_ids: Sequence[str] = ()) -> Answer:
    """The answer to a question of ``facet`` about ``text``, with the topics the user named (item ids)."""
    topics = [i for i in (repo.get_item(t) for t in dict.fromkeys(topic_ids)) if i is not None]
    if topics and topics[0].kind == "partner":
        facet = facet_from_words(text, facet)
    if facet == "info" and _BETWEEN.search(text.lower()):
        # "hoe maak ik het onderscheid tussen ouders die niet willen en ouders die niet kunnen": two things compared.
        facet = "difference"
    if facet == "difference" and not _DIFFERENCE_CUE.search(text.lower()):
        # "welke soorten spijbelen worden onderscheiden" names no two things to compare.
        facet = "info"
    if facet == "difference":
        # The draaiboek itself explains some differences (a topic "Het verschil tussen ..."): that one first.
        explained = [
            h for h in search(repo, text, limit=3, kinds=("topic",)) if _explains_difference(repo, h, topics, text)
        ]
        if explained and explained[0].score >= CONFIDENT_SCORE:
            found = repo.get_item(explained[0].id)
            if found:
                return answer_item(repo, found, "info", text)
        if len(topics) >= 2 and comparable(topics[0], topics[1]) and not same_thing(topics[0], topics[1]):
            return answer_difference(repo, topics[0], topics[1])
        hits = [h for h in search(repo, text, limit=6, kinds=DIFFERENCE_KINDS) if h.score >= MIN_SCORE]
        named = [t.id for t in topics]
        others = [i for i in (repo.get_item(h.id) for h in hits if h.id not in named) if i is not None]
        if len(topics) == 1:
            second = next((o for o in others if comparable(topics[0], o) and not same_thing(topics[0], o)), None)
            if second:
                return answer_difference(repo, topics[0], second)
        elif not topics:
            pair = [o for o in others if comparable(others[0], o)][:2] if others else []
            if len(pair) == 2 and not same_thing(pair[0], pair[1]):
                return answer_difference(repo, pair[0], pair[1])
        # Not two things of one kind ("wie stelt de onwil vast, de school of het clb"): a general question, searched
        # without the words that ask for a difference (an item that "onderscheidt" factors is no answer to it).
        facet = "info"
        text = _DIFFERENCE_WORD.sub(" ", text)
    if len(topics) > 1:
        topics = _by_relevance(repo, text, topics)
    if facet in PARTNER_FACETS:
        # Who refers and whom to contact are parts of a partner: the partner named, else the question is general.
        partners = [t for t in topics if t.kind == "partner"]
        if partners:
            topics = partners + [t for t in topics if t.kind != "partner"]
        else:
            facet = "info"
    if topics and facet != "info":
        return answer_item(repo, topics[0], facet, text)
    if facet in ("what", "info") and _PHASE.search(text.lower()):
        # "wat is fase 3 bij problematische afwezigheid": a phase of the care continuum, of the track the words name.
        phases = [h for h in search(repo, text, limit=3, kinds=("phase",)) if h.score >= MIN_SCORE]
        phase = repo.get_item(phases[0].id) if phases else None
        if phase is not None:
            return answer_item(repo, phase, "what", text)
    if facet in ("what", "info") and _ASKS_KIND.search(text.lower()):
        # "hoe noem je dat", "wat voor spijbelen is dat": the answer is a kind of absence, a code or a term.
        kinds = sorted(
            (h for h in search(repo, text, limit=5, kinds=KIND_KINDS) if h.score >= MIN_SCORE),
            key=lambda h: -h.score * (1.0 if h.kind == "absence-type" else FRAGMENT_WEIGHT),
        )
        if kinds:
            best_kind = repo.get_item(kinds[0].id)
            if best_kind is not None:
                return answer_item(repo, best_kind, "what", text)
    hits = prefer_whole_items(search(repo, text, limit=8, kinds=ANSWER_KINDS))
    if topics:
        best = repo.get_item(_about_topics(repo, hits, topics) or topics[0].id)
        return answer_item(repo, best or topics[0], facet, text)
    if _confident(hits):
        best = repo.get_item(hits[0].id)
        if best:
            return answer_item(repo, best, facet, text)
    if hits and hits[0].score >= MIN_SCORE:
        return clarify(repo, facet, hits)
    return Answer("unknown", facet)


def _stands_out(hits: Sequence[SearchHit]) -> bool:
    """The best hit is a sure answer: it scores high, and the next one clearly lower or about the same subject
    (citing the same sections: the juvenile court as a partner and as a topic)."""
    if not hits or hits[0].score < CONFIDENT_SCORE:
        return False
    return len(hits) == 1 or hits[1].score < CLOSE_RATIO * hits[0].score or _same_subject(hits[0], hits[1])


def _same_subject(first: SearchHit, second: SearchHit) -> bool:
    """Two hits that share one of their own first two sections: they answer from the same place of the draaiboek."""
    return bool({s.id for s in first.sections[:2]} & {s.id for s in second.sections[:2]})


def sure_answer(
    repo: KnowledgeRepository,
    text: str,
    facet: Facet,
    topic_ids: Sequence[str] = (),
    own: Collection[str] = (),
    *,
    named_only: bool = False,
) -> Answer | None:
    """The knowledge's answer to a question that an engine action received, when the knowledge is sure of it:
    the user named a topic that is not one of the engine's ``own`` topics ("wanneer schakelen we het OCJ in"),
    or (unless ``named_only``) the search's best hit stands out. None otherwise: the engine's general answer then
    serves."""
    named = [t for t in dict.fromkeys(topic_ids) if t not in own]
    if not named and (
        named_only or not _stands_out(prefer_whole_items(search(repo, text, limit=8, kinds=ANSWER_KINDS)))
    ):
        return None
    answer = answer_question(repo, text, facet_from_words(text, facet), named)
    return answer if answer.status == "answer" else None


# -- rendering ---------------------------------------------------------------------------------------------------
def short(name: str, limit: int = BUTTON_CHARS) -> str:
    if len(name) <= limit:
        return name
    return name[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:(") + "…"


def _words(text: str) -> int:
    return len(text.split())


def _budgeted(parts: Sequence[Part], role: str | None, budget: int) -> list[str]:
    """The parts as lines of text, as many as fit in ``budget`` words, in reading order.

    The first line always comes; then the lines the question asks about (highest relevance first), then the rest in
    reading order, each while it fits (a part stops at its first line that does not)."""
    shown = [p.shown(role) for p in parts]
    labels = [render(p.label, role) if p.label else None for p in parts]
    chosen: set[tuple[int, int]] = set()
    used = 0

    def cost(pi: int, li: int) -> int:
        line = shown[pi][li]
        words = _words(f"• {line}" if parts[pi].bullets else line)
        opened = any(c[0] == pi for c in chosen)
        return words + (_words(labels[pi] or "") if not opened else 0)

    def take(pi: int, li: int, *, always: bool = False) -> bool:
        nonlocal used
        c = cost(pi, li)
        if not always and used + c > budget:
            return False
        used += c
        chosen.add((pi, li))
        return True

    first = next(((pi, 0) for pi, lines in enumerate(shown) if lines), None)
    if first is None:
        return []
    take(*first, always=True)
    relevant = sorted(
        (
            (-score, pi, li)
            for pi, p in enumerate(parts)
            if shown[pi] is p.lines
            for li, score in enumerate(p.relevance)
            if score >= MIN_RELEVANCE and (pi, li) not in chosen
        ),
    )
    for _, pi, li in relevant:
        take(pi, li)
    for pi, lines in enumerate(shown):
        for li in range(len(lines)):
            if (pi, li) not in chosen and not take(pi, li):
                break
        if used >= budget:
            break
    out: list[str] = []
    for pi, lines in enumerate(shown):
        kept = [line for li, line in enumerate(lines) if (pi, li) in chosen]
        if not kept:
            continue
        label = labels[pi]
        if parts[pi].bullets:
            bullets = [f"• {line}" for line in kept]
            out.append("\n".join([label, *bullets]) if label else "\n".join(bullets))
        else:
            prose = " ".join(kept)
            out.append(f"{label} {prose}" if label else prose)
    return out


def render_answer(answer: Answer, role: str | None) -> RenderedAnswer:
    """The answer in words for ``role`` (None: staff), with its follow-up buttons (title, follow-up)."""
    budget = WORD_BUDGET.get(role or "staff", WORD_BUDGET["staff"])
    if answer.status == "unknown":
        return RenderedAnswer(render("answer.unknown", role))
    if answer.status == "clarify":
        buttons = tuple((short(item_name(i)), FollowUp(answer.facet, i.id, item_name(i))) for i in answer.items)
        return RenderedAnswer(render("answer.clarify", role), buttons)
    names = [item_name(i) for i in answer.items]
    if answer.facet == "difference":
        intro = render("answer.intro.difference", role, first=names[0], second=names[1])
    elif answer.facet in ("what", "info") and answer.items[0].kind in UNNAMED_KINDS:
        intro = ""
    else:
        intro = render(f"answer.intro.{answer.facet}", role, name=names[0])
    body = _budgeted(answer.parts, role, budget - _words(intro))
    if answer.note:
        body.append(render(answer.note, role, name=names[0]))
    buttons = tuple((render(f"answer.button.{f.facet}", role, name=short(f.name)), f) for f in answer.followups)
    return RenderedAnswer("\n".join([intro, *body]) if intro else "\n".join(body), buttons)
