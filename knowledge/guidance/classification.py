"""Absence classification: from a few answers to the likely absence type(s), code and track.

Sources: terminologie.1 (home education), terminologie.2.1 (Z and the parents' note), terminologie.2.2
(truancy forms and behaviours, school withdrawal, impotence), terminologie.2.3 (absolute absence),
aanbevelingen.data (types of absence, other codes), actoren.9 (long illness), actieplan.2.2.1 (TOAH
waiting time), actieplan.3.1 and actieplan.3.3 (school refusal versus phobia and truancy).

The engine is honest about uncertainty: when the answers fit several types it returns them all,
with what would tell them apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from knowledge.guidance.common import Reason, Text, collect_sections, content_reason, need, reason, text, unique
from knowledge.guidance.which_code import PARENTS_NOTE_MAX_DAYS, PARENTS_NOTE_MAX_PER_YEAR, parents_note_too_long
from knowledge.repository import KnowledgeRepository

Feeling = Literal["anxious", "negative", "indifferent", "positive"]
Location = Literal["home", "elsewhere"]
Certificate = Literal["none", "parents_note", "medical", "doubtful"]
IllnessKind = Literal["physical", "psychological"]
Certainty = Literal["likely", "several", "unclear", "none"]

# actieplan.2.2.1, actoren.9: long illness means more than 21 consecutive calendar days (more than 3 weeks).
LONG_ILLNESS_DAYS = 21

# The absence types of the content the rules below name.
TYPE_IDS = (
    "absoluut-schoolverzuim",
    "luxeverzuim",
    "schoolonthouding",
    "schoolweigering",
    "schoolfobie",
    "traditionele-spijbelaars",
    "thuisblijvers",
    "ouder-gedoogde-sociale-spijbelaars",
    "langdurige-of-chronische-ziekte",
    "psychische-kwetsbaarheid",
)
# An ordinary, short illness with a valid note or certificate is no absence type of the content: it is
# code Z (terminologie.2.1) on the ``ziekte`` track.
ILLNESS, ILLNESS_CODE, ILLNESS_TRACK = "ziekte", "Z", "ziekte"


@dataclass(frozen=True)
class AbsenceAnswers:
    feeling: Feeling | None = None  # how the pupil feels about going to school
    parents_know: bool | None = None
    location: Location | None = None  # where the pupil is during the absence
    parents_keep_home: bool | None = None  # the parents keep the child at home for their own reasons
    ill: bool | None = None
    illness_kind: IllnessKind | None = None
    illness_days: int | None = None  # consecutive calendar days
    chronic: bool = False
    certificate: Certificate | None = None
    enrolled: bool | None = None
    home_education: bool = False
    holiday_trip: bool = False  # a trip outside the school holidays


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str
    signals: tuple[Reason, ...]
    codes: tuple[str, ...]
    track: str | None
    sections: tuple[str, ...]


@dataclass(frozen=True)
class Classification:
    certainty: Certainty
    summary: Text  # a str; render it per role with summary.render(role)
    candidates: tuple[Candidate, ...]
    code: str | None  # the code that applies, None when no code applies (not enrolled)
    code_reason: Reason | None
    tracks: tuple[str, ...]
    distinguish: tuple[Reason, ...]
    questions: tuple[Text, ...]  # questions still open (each a str; render per role with .render(role))
    sections: tuple[str, ...]

    @property
    def candidate_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.candidates)


def classify_absence(answers: AbsenceAnswers, kb: KnowledgeRepository) -> Classification:
    a = answers
    found: dict[str, list[Reason]] = {}

    def signal(type_id: str, key: str, *sections: str, **params: object) -> None:
        found.setdefault(type_id, []).append(reason(key, sections, **params))

    if a.enrolled is False and a.home_education:
        why = reason("classification.reason.home_education", ("terminologie.1",))
        summary = Text(why.key, why.params)
        return Classification("none", summary, (), None, None, (), (), (), why.sections)
    if a.enrolled is False:
        signal("absoluut-schoolverzuim", "classification.signal.not_enrolled", "terminologie.2.3")
    else:
        _classify_enrolled(a, signal)

    candidates = tuple(_candidate(kb, type_id, signals) for type_id, signals in found.items())
    code, code_reason = _code(a, candidates)
    distinguish = _distinguish(a, kb, candidates)
    questions = _open_questions(a)
    tracks = unique(c.track or "" for c in candidates)
    if not candidates:
        certainty: Certainty = "unclear"
        summary = text("classification.summary.unclear")
    elif len(candidates) == 1:
        certainty = "likely"
        summary = text("classification.summary.likely", type=candidates[0].name.lower())
    else:
        certainty = "several"
        summary = text("classification.summary.several", types=", ".join(c.name.lower() for c in candidates))
    sections = collect_sections(candidates, distinguish, [code_reason] if code_reason else [])
    return Classification(certainty, summary, candidates, code, code_reason, tracks, distinguish, questions, sections)


def _classify_enrolled(a: AbsenceAnswers, signal: Callable[..., None]) -> None:
    medical = a.certificate in ("medical", "parents_note")
    if a.holiday_trip:
        signal("luxeverzuim", "classification.signal.holiday_trip", "terminologie.2.2")
        if a.parents_know:
            signal("luxeverzuim", "classification.signal.parents_informed", "terminologie.2.2")
    if a.parents_keep_home and not a.holiday_trip:
        signal("schoolonthouding", "classification.signal.parents_keep_home", "terminologie.2.2")
    if a.ill:
        long_or_chronic = a.chronic or (a.illness_days is not None and a.illness_days > LONG_ILLNESS_DAYS)
        if a.illness_kind == "psychological":
            signal(
                "psychische-kwetsbaarheid",
                "classification.signal.psychological",
                "aanbevelingen.data",
                "actieplan.2",
            )
        if a.chronic:
            signal("langdurige-of-chronische-ziekte", "classification.signal.chronic", "actieplan.2.2.1", "actoren.9")
        elif long_or_chronic:
            signal(
                "langdurige-of-chronische-ziekte",
                "classification.signal.long_illness",
                "actieplan.2.2.1",
                "actoren.9",
                days=LONG_ILLNESS_DAYS,
            )
        elif medical and a.illness_kind != "psychological" and a.feeling != "anxious":
            signal(ILLNESS, "classification.signal.short_illness", "terminologie.2.1")
    anxious = a.feeling == "anxious"
    if anxious:
        signal("schoolweigering", "classification.signal.anxious", "actieplan.3.1")
        if a.location == "home":
            signal("schoolweigering", "classification.signal.at_home", "actieplan.3.1")
        if a.parents_know:
            signal("schoolweigering", "classification.signal.parents_know_refusal", "actieplan.3.1")
        if a.ill and medical:
            signal("schoolweigering", "classification.signal.starts_with_illness", "actieplan.3.3")
        signal("schoolfobie", "classification.signal.phobia", "actieplan.3.1")
    truancy_feeling = a.feeling in ("negative", "indifferent")
    if not anxious and not a.holiday_trip and not a.parents_keep_home and not (a.ill and medical):
        if a.parents_know is False:
            signal(
                "traditionele-spijbelaars",
                "classification.signal.parents_unaware",
                "terminologie.2.2",
                "actieplan.3.1",
            )
            if a.location == "elsewhere":
                signal(
                    "traditionele-spijbelaars",
                    "classification.signal.outside_home",
                    "terminologie.2.2",
                    "actieplan.3.1",
                )
            if truancy_feeling:
                signal("traditionele-spijbelaars", "classification.signal.unmotivated", "actieplan.3.1")
        elif a.parents_know is True and a.location == "home":
            signal("thuisblijvers", "classification.signal.stays_home_parents_know", "terminologie.2.2")
        elif a.parents_know is True and a.location == "elsewhere":
            signal(
                "ouder-gedoogde-sociale-spijbelaars",
                "classification.signal.elsewhere_parents_know",
                "terminologie.2.2",
            )
        elif truancy_feeling and a.location == "elsewhere":
            signal(
                "traditionele-spijbelaars",
                "classification.signal.outside_home_unmotivated",
                "terminologie.2.2",
                "actieplan.3.1",
            )
    # A doubtful certificate makes the absence unjustified (code B, terminologie.2.2, lines 266-267), but it says
    # nothing about how the pupil truants: it is no signal of "traditionele spijbelaars" (in a group, hardly ever at
    # home, without the parents knowing, lines 300-301). The answers above decide the type; _code gives the B.


def _candidate(kb: KnowledgeRepository, type_id: str, signals: list[Reason]) -> Candidate:
    signal_sections = [s for r in signals for s in r.sections]
    if type_id == ILLNESS:
        code = need(kb.get_code(ILLNESS_CODE), "code", ILLNESS_CODE)
        sections = unique([*signal_sections, *code.sections])
        return Candidate(type_id, code.name, tuple(signals), (ILLNESS_CODE,), ILLNESS_TRACK, sections)
    item = need(kb.get_absence_type(type_id), "absence type", type_id)
    sections = unique([*signal_sections, *item.sections])
    return Candidate(type_id, item.name, tuple(signals), tuple(item.codes), item.track, sections)


def _code(a: AbsenceAnswers, candidates: tuple[Candidate, ...]) -> tuple[str | None, Reason | None]:
    if a.enrolled is False:
        return None, reason("classification.code.not_enrolled", ("terminologie.2.3",))
    if a.ill and a.certificate == "medical":
        return "Z", reason("classification.code.medical_certificate", ("terminologie.2.1",))
    if a.ill and a.certificate == "parents_note":
        if a.illness_days is not None and a.illness_days > PARENTS_NOTE_MAX_DAYS:
            # The same answer as the which-code engine: B for the days beyond, the first days left open.
            return "B", parents_note_too_long(a.illness_days)
        return "Z", reason(
            "classification.code.parents_note",
            ("terminologie.2.1",),
            max_days=PARENTS_NOTE_MAX_DAYS,
            max_per_year=PARENTS_NOTE_MAX_PER_YEAR,
        )
    if a.ill and a.certificate == "doubtful":
        return "B", reason("classification.code.doubtful_certificate", ("terminologie.2.2",))
    if a.ill and a.certificate is None:
        return None, reason("classification.code.depends_on_certificate", ("terminologie.2.1", "terminologie.2.2"))
    if a.enrolled is None and not candidates:
        return None, None
    possible = {code for c in candidates for code in c.codes}
    # Illness not known and no type that is itself unjustified: an illness with a note would make it Z.
    if a.ill is None and (not candidates or possible - {"B"}):
        return None, reason("classification.code.depends_on_justification", ("terminologie.2.1", "terminologie.2.2"))
    return "B", reason("classification.code.not_justified", ("terminologie.2.2",))


def _distinguish(a: AbsenceAnswers, kb: KnowledgeRepository, candidates: tuple[Candidate, ...]) -> tuple[Reason, ...]:
    ids = {c.id for c in candidates}
    out: list[Reason] = []
    if "schoolweigering" in ids:
        out.append(reason("classification.distinguish.refusal_or_phobia", ("actieplan.3.1",)))
        out.append(reason("classification.distinguish.refusal_or_truancy", ("actieplan.3.1",)))
    if ids & {"thuisblijvers", "schoolonthouding", "ouder-gedoogde-sociale-spijbelaars"}:
        out.append(reason("classification.distinguish.motive", ("terminologie.2.2", "actoren.12")))
    if len(candidates) > 1:
        for c in candidates:
            item = kb.get_absence_type(c.id)  # None for the illness candidate
            if item is not None and item.distinguish:
                out.append(content_reason(item.distinguish[0], item.sections))
    return tuple(out)


def _open_questions(a: AbsenceAnswers) -> tuple[Text, ...]:
    q: list[Text] = []
    if a.enrolled is None:
        q.append(text("classification.question.enrolled"))
    if a.feeling is None:
        q.append(text("classification.question.feeling"))
    if a.parents_know is None:
        q.append(text("classification.question.parents_know"))
    if a.location is None:
        q.append(text("classification.question.location"))
    if a.parents_keep_home is None:
        q.append(text("classification.question.parents_keep_home"))
    if a.ill is None:
        q.append(text("classification.question.ill"))
    elif a.ill and a.certificate is None:
        q.append(text("classification.question.certificate"))
    return tuple(q)
