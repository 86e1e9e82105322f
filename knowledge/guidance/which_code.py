"""Which code: from a reason for absence to the absence code, with why.

Sources: terminologie.2.1 (Z, R, P, M, A, H), terminologie.2.2 (B), actoren.4.1 (suspension and the CLB),
actieplan.1.1 (code L in the registration policy). The code's name and category and the reason's text,
document and limit come from the content (``codes``); the engine holds why the code applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from knowledge.guidance.common import Reason, collect_sections, need
from knowledge.repository import KnowledgeRepository

Level = Literal["basis", "secundair"]
AbsenceReason = Literal[
    "begrafenis",
    "huwelijk",
    "familieraad",
    "rechtbank",
    "overmacht",
    "jeugdbescherming",
    "religieuze-feestdag",
    "examencommissie",
    "scholierenkoepel",
    "covid-vaccinatie",
    "schorsing",
    "briefje-ouders",
    "medisch-attest",
    "twijfelachtig-attest",
    "attest-chronisch-ziek",
    "type-5-school",
    "vakantie",
    "time-out",
    "zorgboerderij",
    "revalidatie",
    "quarantaine",
    "duaal-zonder-werkplek",
    "werkplek-onwil",
    "leren-werken-solliciteren",
    "kleuter-niet-leerplichtig",
    "te-laat",
    "spijbelen",
    "andere",
]

# terminologie.2.1: a parents' note justifies illness for at most 3 consecutive calendar days, at most
# 4 times a year.
PARENTS_NOTE_MAX_DAYS = 3
PARENTS_NOTE_MAX_PER_YEAR = 4
# terminologie.2.1: in dual learning the tolerance period without a workplace is at most 20 days (with
# 3 possible extensions, omzendbrief SO/2019/01); if exceeded for lack of a fitting offer, M stays.
DUAL_TOLERANCE_DAYS = 20

# reason -> (code, id of the content's CodeReason, why the code applies, sections)
RULES: dict[str, tuple[str, str | None, str, tuple[str, ...]]] = {
    "begrafenis": (
        "R",
        "r-begrafenis-huwelijk",
        "Een begrafenis van een bloed- of aanverwant of van een huisgenoot bijwonen is van rechtswege gewettigd.",
        ("terminologie.2.1",),
    ),
    "huwelijk": (
        "R",
        "r-begrafenis-huwelijk",
        "Een huwelijk van een bloed- of aanverwant of van een huisgenoot bijwonen is van rechtswege gewettigd.",
        ("terminologie.2.1",),
    ),
    "familieraad": (
        "R",
        "r-familieraad",
        "Een familieraad bijwonen is van rechtswege gewettigd.",
        ("terminologie.2.1",),
    ),
    "rechtbank": (
        "R",
        "r-rechtbank",
        "Een oproeping of dagvaarding voor een rechtbank is van rechtswege gewettigd.",
        ("terminologie.2.1",),
    ),
    "overmacht": (
        "R",
        "r-overmacht",
        "Is de school door overmacht onbereikbaar of ontoegankelijk, dan is de afwezigheid van rechtswege gewettigd.",
        ("terminologie.2.1",),
    ),
    "jeugdbescherming": (
        "R",
        "r-jeugdzorg-jeugdbescherming",
        "Maatregelen van de bijzondere jeugdzorg of de jeugdbescherming wettigen de afwezigheid van rechtswege.",
        ("terminologie.2.1",),
    ),
    "religieuze-feestdag": (
        "R",
        "r-levensbeschouwelijke-feestdagen",
        "De feestdagen van een door de Grondwet erkende levensbeschouwing zijn van rechtswege gewettigd.",
        ("terminologie.2.1",),
    ),
    "examencommissie": (
        "R",
        "r-examencommissie",
        "Proeven afleggen voor de examencommissie is van rechtswege gewettigd; de voorbereiding erop niet.",
        ("terminologie.2.1",),
    ),
    "scholierenkoepel": (
        "R",
        "r-vlaamse-scholierenkoepel",
        "Activiteiten van de raad van bestuur of de algemene "
        "vergadering van de Vlaamse Scholierenkoepel, voor wie daarin zetelt.",
        ("terminologie.2.1",),
    ),
    "covid-vaccinatie": (
        "R",
        "r-vaccinatie-covid-19",
        "Een vaccinatie tegen COVID-19 is van rechtswege gewettigd.",
        ("terminologie.2.1",),
    ),
    "schorsing": (
        "R",
        "r-schorsing-uitsluiting",
        "Schorsing of uitsluiting na het overtreden van de leefregels "
        "is van rechtswege gewettigd als de leerling dan niet op school verwacht wordt.",
        ("terminologie.2.1",),
    ),
    "briefje-ouders": (
        "Z",
        "z-verklaring-ouders",
        "Een briefje van de ouders wettigt een korte ziekte.",
        ("terminologie.2.1",),
    ),
    "medisch-attest": ("Z", "z-medisch-attest", "Ziekte met een medisch attest krijgt code Z.", ("terminologie.2.1",)),
    "twijfelachtig-attest": (
        "B",
        "b-twijfelachtig-medisch-attest",
        "Een twijfelachtig medisch attest (Dixit-attest) wettigt de afwezigheid niet.",
        ("terminologie.2.2",),
    ),
    "attest-chronisch-ziek": (
        "Z",
        "z-attest-chronisch-ziek",
        "Een attest chronisch ziek van de CLB-arts wettigt de afwezigheid.",
        ("terminologie.2.1",),
    ),
    "type-5-school": (
        "Z",
        "z-verblijf-type-5-school",
        "Een attest van verblijf in een type 5-school wettigt de afwezigheid.",
        ("terminologie.2.1",),
    ),
    "vakantie": (
        "B",
        "b-andere-niet-gewettigde-redenen",
        "Op reis gaan buiten de schoolvakanties is luxeverzuim: "
        "de ouders weten ervan, maar de directie gaf geen toestemming.",
        ("terminologie.2.2",),
    ),
    "time-out": (
        "P",
        "p-opvang-begeleiding",
        "Een time-out is opvang of begeleiding buiten de lessen; de directeur kan de afwezigheid wettigen.",
        ("terminologie.2.1",),
    ),
    "zorgboerderij": (
        "P",
        "p-opvang-begeleiding",
        "Een traject op een zorgboerderij is opvang of begeleiding "
        "buiten de lessen; de directeur kan de afwezigheid wettigen.",
        ("terminologie.2.1",),
    ),
    "revalidatie": (
        "P",
        "p-revalidatie-gewoon-onderwijs",
        "Revalidatie in het gewoon onderwijs: de directeur kan de afwezigheid wettigen.",
        ("terminologie.2.1",),
    ),
    "quarantaine": (
        "P",
        "p-quarantaine",
        "Een individuele leerling in quarantaine: de directeur kan de afwezigheid wettigen.",
        ("terminologie.2.1",),
    ),
    "duaal-zonder-werkplek": (
        "M",
        "m-duaal-werkplekleren-niet-ingevuld",
        "In duaal leren krijgt een (halve) dag zonder ingevuld werkplekleren code M, zolang dat niet door onwil komt.",
        ("terminologie.2.1",),
    ),
    "werkplek-onwil": (
        "B",
        "b-werkplekleren-onwil",
        "Raakt het werkplekleren niet ingevuld door manifeste onwil "
        "of tegenwerking van de leerling of de ouders, dan is het een B-code (alleen op "
        "weekdagen in lesweken).",
        ("terminologie.2.2",),
    ),
    "leren-werken-solliciteren": (
        "M",
        "m-actief-solliciteren",
        "In leren en werken kan een periode van actief solliciteren voor het werkplekleren aanvaard worden.",
        ("terminologie.2.1",),
    ),
    "kleuter-niet-leerplichtig": (
        "A",
        "a-niet-leerplichtige-kleuter",
        "Een kleuter die nog niet leerplichtig is, krijgt code A.",
        ("terminologie.2.1",),
    ),
    "te-laat": (
        "L",
        "l-te-laat-zonder-verwittiging",
        "Te laat komen is code L, tenzij de school het in haar "
        "registratiebeleid gelijkstelt met problematisch afwezig (B).",
        ("terminologie.2.2", "actieplan.1.1"),
    ),
    "spijbelen": ("B", "b-andere-niet-gewettigde-redenen", "Spijbelen is ongewettigd: code B.", ("terminologie.2.2",)),
    "andere": (
        "B",
        "b-andere-niet-gewettigde-redenen",
        "Een reden die niet van rechtswege of door de school gewettigd kan worden, krijgt code B.",
        ("terminologie.2.2",),
    ),
}
SPECIAL_NEEDS_REHABILITATION = ("H", "h-revalidatie-buitengewoon-onderwijs")  # terminologie.2.1
# Every (code, code reason id) the engine may refer to.
CODE_REASON_IDS = frozenset({*((c, r) for c, r, _why, _s in RULES.values() if r), SPECIAL_NEEDS_REHABILITATION})


@dataclass(frozen=True)
class CodeQuestion:
    reason: AbsenceReason
    level: Level | None = None
    special_needs_education: bool = False
    consecutive_days: int | None = None  # consecutive calendar days covered by a parents' note
    parent_note_number: int | None = None  # which parents' note of this school year this is (1, 2, ...)
    expected_at_school: bool | None = None  # suspension: is the pupil expected at school?


@dataclass(frozen=True)
class Alternative:
    code: str
    when: str
    sections: tuple[str, ...]


@dataclass(frozen=True)
class CodeAnswer:
    code: str
    name: str
    category: str
    why: str
    document: str | None
    limit: str | None
    reasons: tuple[Reason, ...]
    alternatives: tuple[Alternative, ...]
    sections: tuple[str, ...]


def find_code(question: CodeQuestion, kb: KnowledgeRepository) -> CodeAnswer:
    q = question
    code, reason_id, why, sections = RULES[q.reason]
    reasons: list[Reason] = [Reason(why, sections)]
    alternatives: list[Alternative] = []

    if q.reason == "briefje-ouders":
        too_long = q.consecutive_days is not None and q.consecutive_days > PARENTS_NOTE_MAX_DAYS
        too_many = q.parent_note_number is not None and q.parent_note_number > PARENTS_NOTE_MAX_PER_YEAR
        if too_long or too_many:
            code, reason_id = "B", None
            if too_long:
                reasons.append(
                    Reason(
                        f"Een briefje van de ouders dekt hoogstens {PARENTS_NOTE_MAX_DAYS} opeenvolgende "
                        f"kalenderdagen; dit zijn er {q.consecutive_days}.",
                        ("terminologie.2.1",),
                    )
                )
            if too_many:
                reasons.append(
                    Reason(
                        f"Ouders mogen hoogstens {PARENTS_NOTE_MAX_PER_YEAR} keer per jaar zelf een briefje schrijven; "
                        f"dit is het {q.parent_note_number}de.",
                        ("terminologie.2.1",),
                    )
                )
            why = "Een briefje van de ouders volstaat hier niet meer: zonder medisch attest is het code B."
            reasons.append(
                Reason("Zonder ander geldig stuk is de afwezigheid niet gewettigd: code B.", ("terminologie.2.2",))
            )
            alternatives.append(Alternative("Z", "als een medisch attest de afwezigheid staaft", ("terminologie.2.1",)))
        else:
            reasons.append(
                Reason(
                    f"Binnen de grenzen: hoogstens {PARENTS_NOTE_MAX_DAYS} opeenvolgende kalenderdagen en hoogstens "
                    f"{PARENTS_NOTE_MAX_PER_YEAR} keer per jaar.",
                    ("terminologie.2.1",),
                )
            )
    elif q.reason == "schorsing":
        if q.expected_at_school:
            code, reason_id = "B", None
            why = (
                "De leerling wordt tijdens de schorsing wel op school verwacht: dan is de afwezigheid niet van "
                "rechtswege gewettigd en krijgt ze code B."
            )
            reasons.append(Reason(why, ("terminologie.2.1", "terminologie.2.2")))
        reasons.append(
            Reason(
                "Bij afwezigheid wegens schorsing of uitsluiting start het CLB samen met de school verplicht "
                "een traject.",
                ("actoren.4.1",),
            )
        )
    elif q.reason == "revalidatie" and q.special_needs_education:
        code, reason_id = SPECIAL_NEEDS_REHABILITATION
        why = "Revalidatie tijdens de lestijden in het buitengewoon onderwijs krijgt code H, niet P."
        reasons[0] = Reason(why, ("terminologie.2.1",))
    elif q.reason == "duaal-zonder-werkplek":
        reasons.append(
            Reason(
                f"De gedoogperiode zonder werkplek bedraagt hoogstens {DUAL_TOLERANCE_DAYS} dagen (met 3 situaties "
                "waarin ze verlengd kan worden, zie omzendbrief SO/2019/01). Wordt ze uitzonderlijk overschreden omdat "
                "er geen passend aanbod is, dan blijft de code M.",
                ("terminologie.2.1",),
            )
        )
        alternatives.append(
            Alternative(
                "B",
                "als het werkplekleren niet ingevuld raakt door manifeste onwil of "
                "tegenwerking van de leerling of de ouders",
                ("terminologie.2.2",),
            )
        )
    elif q.reason == "te-laat":
        alternatives.append(
            Alternative(
                "B",
                "als het registratiebeleid van de school te laat komen gelijkstelt met problematisch afwezig",
                ("terminologie.2.2",),
            )
        )
    elif q.reason == "vakantie":
        reasons.append(
            Reason(
                "Buiten de schoolvakanties op reis gaan staat niet tussen de afwezigheden die de "
                "directeur kan wettigen.",
                ("terminologie.2.1", "terminologie.2.2"),
            )
        )
    elif q.reason == "twijfelachtig-attest":
        reasons.append(Reason("Het twijfelachtige attest ligt op school ter inzage.", ("terminologie.2.2",)))
    elif q.reason == "kleuter-niet-leerplichtig":
        reasons.append(
            Reason(
                "Een kind wordt leerplichtig op 1 september van het kalenderjaar waarin het 5 jaar "
                "wordt; vanaf dan geldt code A niet meer.",
                ("terminologie.1",),
            )
        )

    code_item = need(kb.get_code(code), "code", code)
    document = limit = None
    if reason_id is not None:
        found = next((r for r in code_item.reasons if r.id == reason_id), None)
        content_reason = need(found, "code reason", f"{code}/{reason_id}")
        document, limit = content_reason.document, content_reason.limit
        reasons.append(Reason(content_reason.text, tuple(content_reason.sections)))
    return CodeAnswer(
        code=code,
        name=code_item.name,
        category=code_item.category,
        why=why,
        document=document,
        limit=limit,
        reasons=tuple(reasons),
        alternatives=tuple(alternatives),
        sections=collect_sections(reasons, alternatives),
    )
