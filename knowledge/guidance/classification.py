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

from knowledge.guidance.common import Reason, collect_sections, need, unique
from knowledge.repository import KnowledgeRepository

Feeling = Literal["anxious", "negative", "indifferent", "positive"]
Location = Literal["home", "elsewhere"]
Certificate = Literal["none", "parents_note", "medical", "doubtful"]
IllnessKind = Literal["physical", "psychological"]
Certainty = Literal["likely", "several", "unclear", "none"]

# actieplan.2.2.1, actoren.9: long illness means more than 21 consecutive calendar days (more than 3 weeks).
LONG_ILLNESS_DAYS = 21
# terminologie.2.1: a parents' note covers at most 3 consecutive calendar days.
PARENTS_NOTE_MAX_DAYS = 3

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
    summary: str
    candidates: tuple[Candidate, ...]
    code: str | None  # the code that applies, None when no code applies (not enrolled)
    code_reason: Reason | None
    tracks: tuple[str, ...]
    distinguish: tuple[Reason, ...]
    questions: tuple[str, ...]  # questions still open
    sections: tuple[str, ...]

    @property
    def candidate_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.candidates)


def classify_absence(answers: AbsenceAnswers, kb: KnowledgeRepository) -> Classification:
    a = answers
    found: dict[str, list[Reason]] = {}

    def signal(type_id: str, text: str, *sections: str) -> None:
        found.setdefault(type_id, []).append(Reason(text, sections))

    if a.enrolled is False and a.home_education:
        reason = Reason(
            "De ouders organiseren huisonderwijs: zo voldoet het kind aan de leerplicht. Het gaat niet "
            "om schoolverzuim.",
            ("terminologie.1",),
        )
        return Classification("none", reason.text, (), None, None, (), (), (), reason.sections)
    if a.enrolled is False:
        signal(
            "absoluut-schoolverzuim",
            "De leerling is niet ingeschreven in een school en krijgt geen huisonderwijs.",
            "terminologie.2.3",
        )
    else:
        _classify_enrolled(a, signal)

    candidates = tuple(_candidate(kb, type_id, signals) for type_id, signals in found.items())
    code, code_reason = _code(a, candidates)
    distinguish = _distinguish(a, kb, candidates)
    questions = _open_questions(a)
    tracks = unique(c.track or "" for c in candidates)
    if not candidates:
        certainty: Certainty = "unclear"
        summary = (
            "Met deze antwoorden is het type afwezigheid nog niet te bepalen. Beantwoord de open vragen, en "
            "bekijk samen met het CLB wat er speelt."
        )
    elif len(candidates) == 1:
        certainty = "likely"
        summary = f"Waarschijnlijk: {candidates[0].name.lower()}."
    else:
        certainty = "several"
        summary = (
            "Meerdere types zijn mogelijk: "
            + ", ".join(c.name.lower() for c in candidates)
            + ". Wat ze van elkaar onderscheidt, staat bij 'onderscheid'."
        )
    sections = collect_sections(candidates, distinguish, [code_reason] if code_reason else [])
    return Classification(certainty, summary, candidates, code, code_reason, tracks, distinguish, questions, sections)


def _classify_enrolled(a: AbsenceAnswers, signal: Callable[..., None]) -> None:
    medical = a.certificate in ("medical", "parents_note")
    if a.holiday_trip:
        signal("luxeverzuim", "De leerling gaat buiten de schoolvakanties op reis.", "terminologie.2.2")
        if a.parents_know:
            signal("luxeverzuim", "De ouders zijn op de hoogte.", "terminologie.2.2")
    if a.parents_keep_home and not a.holiday_trip:
        signal("schoolonthouding", "De ouders houden hun kind thuis vanuit eigen overwegingen.", "terminologie.2.2")
    if a.ill:
        long_or_chronic = a.chronic or (a.illness_days is not None and a.illness_days > LONG_ILLNESS_DAYS)
        if a.illness_kind == "psychological":
            signal(
                "psychische-kwetsbaarheid",
                "De leerling is afwezig door een psychische aandoening.",
                "aanbevelingen.data",
                "actieplan.2",
            )
        if long_or_chronic:
            why = (
                "De leerling is chronisch ziek."
                if a.chronic
                else f"De leerling is meer dan {LONG_ILLNESS_DAYS} kalenderdagen ononderbroken ziek."
            )
            signal("langdurige-of-chronische-ziekte", why, "actieplan.2.2.1", "actoren.9")
        elif medical and a.illness_kind != "psychological" and a.feeling != "anxious":
            signal(
                ILLNESS,
                "De leerling is ziek en er is een geldig briefje of attest; de afwezigheid is (nog) niet langdurig.",
                "terminologie.2.1",
            )
    anxious = a.feeling == "anxious"
    if anxious:
        signal(
            "schoolweigering",
            "De leerling voelt angst of grote onrust bij het vooruitzicht naar school te gaan.",
            "actieplan.3.1",
        )
        if a.location == "home":
            signal("schoolweigering", "De leerling is tijdens de afwezigheid thuis.", "actieplan.3.1")
        if a.parents_know:
            signal("schoolweigering", "De ouders weten van de tegenzin of weigering.", "actieplan.3.1")
        if a.ill and medical:
            signal(
                "schoolweigering",
                "Schoolweigering begint vaak met een reeks gewettigde (ziekte)afwezigheden.",
                "actieplan.3.3",
            )
        signal("schoolfobie", "Angst rond school kan ook op een fobie wijzen.", "actieplan.3.1")
    truancy_feeling = a.feeling in ("negative", "indifferent")
    if not anxious and not a.holiday_trip and not a.parents_keep_home and not (a.ill and medical):
        if a.parents_know is False:
            signal(
                "traditionele-spijbelaars", "De ouders weten niet van het verzuim.", "terminologie.2.2", "actieplan.3.1"
            )
            if a.location == "elsewhere":
                signal(
                    "traditionele-spijbelaars",
                    "De leerling is tijdens de afwezigheid buitenshuis.",
                    "terminologie.2.2",
                    "actieplan.3.1",
                )
            if truancy_feeling:
                signal("traditionele-spijbelaars", "De leerling is weinig gemotiveerd voor school.", "actieplan.3.1")
        elif a.parents_know is True and a.location == "home":
            signal("thuisblijvers", "De leerling blijft thuis en de ouders weten ervan.", "terminologie.2.2")
        elif a.parents_know is True and a.location == "elsewhere":
            signal(
                "ouder-gedoogde-sociale-spijbelaars",
                "De ouders weten ervan en de leerling is elders.",
                "terminologie.2.2",
            )
        elif truancy_feeling and a.location == "elsewhere":
            signal(
                "traditionele-spijbelaars",
                "De leerling is buitenshuis en weinig gemotiveerd voor school.",
                "terminologie.2.2",
                "actieplan.3.1",
            )
    if a.ill and a.certificate == "doubtful" and not anxious:
        signal(
            "traditionele-spijbelaars",
            "Een twijfelachtig medisch attest kan verdoken spijbelen verbergen.",
            "terminologie.2.2",
            "aanbevelingen.data",
        )


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
        return None, Reason(
            "Een leerling die niet ingeschreven is, krijgt geen afwezigheidscode: dit is absoluut schoolverzuim.",
            ("terminologie.2.3",),
        )
    if a.ill and a.certificate == "medical":
        return "Z", Reason("Ziekte met een medisch attest: code Z.", ("terminologie.2.1",))
    if a.ill and a.certificate == "parents_note":
        if a.illness_days is not None and a.illness_days > PARENTS_NOTE_MAX_DAYS:
            return "B", Reason(
                f"Een briefje van de ouders dekt hoogstens {PARENTS_NOTE_MAX_DAYS} opeenvolgende kalenderdagen; "
                "zonder medisch attest is de rest niet gewettigd (B). Met een medisch attest wordt het Z.",
                ("terminologie.2.1", "terminologie.2.2"),
            )
        return "Z", Reason(
            "Ziekte met een briefje van de ouders (hoogstens 3 opeenvolgende kalenderdagen, "
            "hoogstens 4 keer per jaar): code Z.",
            ("terminologie.2.1",),
        )
    if a.ill and a.certificate == "doubtful":
        return "B", Reason(
            "Een twijfelachtig medisch attest wettigt de afwezigheid niet: code B.", ("terminologie.2.2",)
        )
    if a.ill and a.certificate is None:
        return None, Reason(
            "Of het Z of B wordt, hangt af van het attest: een medisch attest of een briefje van "
            "de ouders binnen de grenzen geeft Z, anders is het B.",
            ("terminologie.2.1", "terminologie.2.2"),
        )
    if a.enrolled is None and not candidates:
        return None, None
    possible = {code for c in candidates for code in c.codes}
    if a.ill is None and possible - {"B"}:
        return None, Reason(
            "De code hangt af van de wettiging: met een geldig briefje of medisch attest is het Z, "
            "zonder geldige reden B.",
            ("terminologie.2.1", "terminologie.2.2"),
        )
    return "B", Reason(
        "Er is geen reden die van rechtswege of door de school gewettigd kan worden: code B.", ("terminologie.2.2",)
    )


def _distinguish(a: AbsenceAnswers, kb: KnowledgeRepository, candidates: tuple[Candidate, ...]) -> tuple[Reason, ...]:
    ids = {c.id for c in candidates}
    out: list[Reason] = []
    if "schoolweigering" in ids:
        out.append(
            Reason(
                "Schoolweigering of schoolfobie: neemt de onrust af zodra de leerling op school is, dan wijst dat op "
                "schoolweigering; blijft de angst zolang de leerling op school is, dan eerder op een fobie.",
                ("actieplan.3.1",),
            )
        )
        out.append(
            Reason(
                "Schoolweigering of spijbelen: bij spijbelen ontbreekt de emotionele onrust, weten de ouders vaak van "
                "niets en is de leerling vaak buitenshuis.",
                ("actieplan.3.1",),
            )
        )
    if ids & {"thuisblijvers", "schoolonthouding", "ouder-gedoogde-sociale-spijbelaars"}:
        out.append(
            Reason(
                "Ligt het motief bij de ouders (schoolonthouding) of bij het kind (spijbelen)? En proberen de ouders "
                "hun kind wel naar school te krijgen zonder dat het lukt (onmacht), of blijven ze onverschillig "
                "(mogelijk onwil)?",
                ("terminologie.2.2", "actoren.12"),
            )
        )
    if len(candidates) > 1:
        for c in candidates:
            item = kb.get_absence_type(c.id)  # None for the illness candidate
            if item is not None and item.distinguish:
                out.append(Reason(item.distinguish[0], tuple(item.sections)))
    return tuple(out)


def _open_questions(a: AbsenceAnswers) -> tuple[str, ...]:
    q: list[str] = []
    if a.enrolled is None:
        q.append("Is de leerling ingeschreven in een school?")
    if a.feeling is None:
        q.append("Hoe voelt de leerling zich bij het vooruitzicht naar school te gaan?")
    if a.parents_know is None:
        q.append("Weten de ouders van de afwezigheid?")
    if a.location is None:
        q.append("Waar is de leerling tijdens de afwezigheid: thuis of elders?")
    if a.parents_keep_home is None:
        q.append("Houden de ouders hun kind zelf thuis?")
    if a.ill is None:
        q.append("Is de leerling ziek?")
    elif a.ill and a.certificate is None:
        q.append("Is er een medisch attest of een briefje van de ouders?")
    return tuple(q)
