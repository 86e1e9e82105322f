"""Outflow options for a youth who wants to leave school: routes per wish and the people who help.

Sources: terminologie.1 (end of compulsory education, part-time from 15 or 16, leren en werken),
actoren.4.3 (from 18 free to leave; outflow talk), actoren.10.1 (NAFT), actoren.10.3 (transition
trajectories), actoren.15.2 (outflow guidance: the four wishes, flyer, brochure, guide),
actieplan.1.4 and actieplan.2.4 (phase 3: outflow guidance, UpGrade, dagbesteding).
The texts speak to the youth ("je").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from knowledge.guidance.common import PartnerHint, Reason, collect_sections, partner_hint, unique
from knowledge.guidance.leerplicht import (
    END_AGE,
    PART_TIME_AGE_AFTER_FIRST_TWO_YEARS,
    PART_TIME_AGE_OTHERWISE,
    part_time_age,
)
from knowledge.repository import KnowledgeRepository

Wish = Literal["kwalificatie", "werken", "combineren", "opleiding"]
WISHES: tuple[Wish, ...] = ("kwalificatie", "werken", "combineren", "opleiding")
TOOLS_EMAIL = "annick.steyt@samentegenschooluitval-wvl.be"  # actoren.15.2
TOOLS_WEBSITE = "www.samentegenschooluitval-wvl.be"  # actoren.15.2


@dataclass(frozen=True)
class OutflowQuestion:
    age: int
    wish: Wish | None = None
    compulsory: bool | None = None  # still of compulsory school age; derived from the age when unknown
    first_two_years_secondary_done: bool | None = None
    secondary_diploma: bool = False


@dataclass(frozen=True)
class Route:
    wish: Wish
    title: str
    text: str
    helpers: tuple[str, ...]
    sections: tuple[str, ...]


@dataclass(frozen=True)
class OutflowAdvice:
    compulsory_school_age: bool
    may_leave_school: bool
    part_time_possible: bool | None  # None when it depends on the first two years of secondary school
    explanation: str
    routes: tuple[Route, ...]
    helpers: tuple[PartnerHint, ...]
    tools: tuple[Reason, ...]
    reasons: tuple[Reason, ...]
    sections: tuple[str, ...]


def _part_time_possible(q: OutflowQuestion) -> bool | None:
    age = part_time_age(q.first_two_years_secondary_done)
    if age is not None:
        return q.age >= age
    if q.age >= PART_TIME_AGE_OTHERWISE:
        return True
    if q.age < PART_TIME_AGE_AFTER_FIRST_TWO_YEARS:
        return False
    return None


def advise_outflow(question: OutflowQuestion, kb: KnowledgeRepository) -> OutflowAdvice:
    q = question
    if q.secondary_diploma:
        compulsory = False
    elif q.compulsory is not None:
        compulsory = q.compulsory
    else:
        compulsory = q.age < END_AGE
    part_time = _part_time_possible(q) if compulsory else None
    reasons: list[Reason] = []

    if not compulsory:
        if q.secondary_diploma:
            reasons.append(
                Reason("Met een diploma secundair onderwijs ben je niet meer leerplichtig.", ("terminologie.1",))
            )
        else:
            reasons.append(
                Reason(
                    "De leerplicht loopt tot 18 jaar: daarna mag je de school verlaten.",
                    ("terminologie.1", "actoren.4.3"),
                )
            )
        reasons.append(
            Reason(
                "Zonder diploma of kwalificatie vertrekken heeft gevolgen. Een gesprek over je opties (een "
                "uitstroomgesprek) helpt je kiezen voor een andere leerweg of voor werk.",
                ("actoren.4.3", "actoren.15.2"),
            )
        )
        explanation = (
            "Je bent niet meer leerplichtig: je mag de school verlaten. Praat eerst met je "
            "leerlingenbegeleider of het CLB over wat je wil, zodat je een goede keuze maakt."
        )
    elif part_time is False:
        reasons.append(
            Reason(
                f"Je bent nog voltijds leerplichtig. Deeltijds kan vanaf {PART_TIME_AGE_AFTER_FIRST_TWO_YEARS} jaar "
                f"als je de eerste twee jaren van het secundair beëindigd hebt (geslaagd of niet), anders vanaf "
                f"{PART_TIME_AGE_OTHERWISE} jaar.",
                ("terminologie.1",),
            )
        )
        explanation = (
            "Je bent nog voltijds leerplichtig: je moet nog naar school (of huisonderwijs krijgen). "
            "Stoppen kan nu niet, maar je kunt wel samen met de school en het CLB zoeken wat beter bij "
            "je past."
        )
    elif part_time is True:
        reasons.append(
            Reason(
                "Je bent nog leerplichtig tot 18 jaar (of tot 30 juni van het jaar waarin je 18 wordt), maar je mag "
                "deeltijds: deeltijds les volgen en deeltijds werken (leren en werken).",
                ("terminologie.1",),
            )
        )
        explanation = (
            "Je bent nog leerplichtig, dus helemaal stoppen kan nog niet. Je kunt wel leren en werken "
            "combineren: deeltijds naar school en deeltijds werken."
        )
    else:
        reasons.append(
            Reason(
                f"Op {q.age} jaar hangt het ervan af: heb je de eerste twee jaren van het voltijds secundair beëindigd "
                f"(geslaagd of niet), dan mag je deeltijds leren en werken; anders pas vanaf {PART_TIME_AGE_OTHERWISE} "
                "jaar.",
                ("terminologie.1",),
            )
        )
        explanation = (
            "Je bent nog leerplichtig, dus helemaal stoppen kan nog niet. Of je al deeltijds mag leren "
            "en werken, hangt af van je eerste twee jaren in het secundair."
        )

    wishes = (q.wish,) if q.wish is not None else WISHES
    routes = tuple(_route(w, compulsory, part_time) for w in wishes)

    helper_ids = unique(["school", "clb", "uitstroombegeleiding", *(h for r in routes for h in r.helpers)])
    if q.wish is None:
        helper_ids = unique([*helper_ids, "dagbesteding"])
    helpers = tuple(_helper(kb, pid) for pid in helper_ids)
    tools = (
        Reason(
            "De flyer van de uitstroombegeleiding 'De school verlaten zonder kwalificatie? Laat je niet "
            "vangen...' zet je opties, wie je kan helpen en contactgegevens op een rij. Je kan hem krijgen als "
            "je (nog) geen gesprek wil.",
            ("actoren.15.2",),
        ),
        Reason(
            "De brochure 'Verken je opties' vertrekt van vier wensen: een kwalificatie behalen, werken, beide "
            "combineren of een opleiding volgen. Je krijgt ze meestal na een gesprek.",
            ("actoren.15.2",),
        ),
        Reason(
            "Voor leerkrachten en begeleiders is er een leidraad voor het gesprek, met informatie over de "
            "gevolgen van ongekwalificeerd uitstromen, de VDAB, de leerwinkel en andere hulpbronnen.",
            ("actoren.15.2",),
        ),
        Reason(
            f"Je kan de materialen aanvragen via {TOOLS_EMAIL} of downloaden op {TOOLS_WEBSITE}.", ("actoren.15.2",)
        ),
    )
    return OutflowAdvice(
        compulsory_school_age=compulsory,
        may_leave_school=not compulsory,
        part_time_possible=part_time,
        explanation=explanation,
        routes=routes,
        helpers=helpers,
        tools=tools,
        reasons=tuple(reasons),
        sections=collect_sections(reasons, routes, helpers, tools),
    )


# The partners the routes may name (ids of the content), and why each helps.
HELPER_WHY = {
    "school": (
        "Je leerlingenbegeleider of een andere vertrouwenspersoon op school is je eerste aanspreekpunt.",
        ("actieplan.1.4",),
    ),
    "clb": (
        "Het CLB begeleidt elke ingeschreven leerling, ook na 18 jaar, en kan je aanmelden voor een transitietraject.",
        ("actoren.4.3", "actieplan.1.4"),
    ),
    "uitstroombegeleiding": (
        "De uitstroombegeleiding helpt jongeren die dreigen zonder kwalificatie te vertrekken, "
        "met een gesprek over hun toekomst en hun opties.",
        ("actoren.15.2",),
    ),
    "transitietraject": (
        "Een transitiecoach (UpGrade) zoekt met jou een nieuwe leerweg of de weg naar werk, met "
        "een warme overdracht. Het CLB meldt je aan.",
        ("actoren.10.3", "actieplan.1.4"),
    ),
    "naft": (
        "NAFT biedt tijdelijk intensieve begeleiding zodat je opnieuw aansluiting vindt op school.",
        ("actoren.10.1",),
    ),
    "vdab": ("In de leidraad van de uitstroombegeleiding staat informatie over de VDAB.", ("actoren.15.2",)),
    "dagbesteding": (
        "Weet je nog niet wat je wil? Dagbesteding helpt je ontdekken wat je motiveert.",
        ("actieplan.1.4",),
    ),
}


def _helper(kb: KnowledgeRepository, partner_id: str) -> PartnerHint:
    why, sections = HELPER_WHY[partner_id]
    return partner_hint(kb, partner_id, why, sections)


def _route(wish: Wish, compulsory: bool, part_time: bool | None) -> Route:
    if wish == "kwalificatie":
        text = (
            "De school en het CLB moedigen je aan om je studies af te maken. Lukt dat niet meer in je huidige "
            "richting of onderwijsvorm, dan bekijk je samen een andere leerweg naar een kwalificatie. Een "
            "transitietraject probeert je eerst een kwalificatie op niveau 3 of 4 te laten halen; het is er "
            "voor leerlingen van de tweede en derde graad BSO, TSO en deeltijdse leersystemen."
        )
        helpers: tuple[str, ...] = ("school", "clb", "uitstroombegeleiding", "transitietraject")
        if compulsory:
            helpers = (*helpers, "naft")
        return Route(
            wish,
            "Een kwalificatie behalen",
            text,
            helpers,
            ("actoren.15.2", "actieplan.1.4", "actoren.10.3", *(("actoren.10.1",) if compulsory else ())),
        )
    if wish == "werken":
        if not compulsory:
            text = (
                "Je mag gaan werken. Een transitietraject (UpGrade) kan je naar de arbeidsmarkt begeleiden, met "
                "een warme overdracht. Over de VDAB vind je informatie in de leidraad van de "
                "uitstroombegeleiding; vraag ernaar bij je leerlingenbegeleider of het CLB."
            )
            return Route(
                wish,
                "Werken",
                text,
                ("transitietraject", "vdab", "clb"),
                ("terminologie.1", "actoren.10.3", "actoren.15.2"),
            )
        if part_time:
            text = (
                "Alleen werken kan nog niet zolang je leerplichtig bent. Je kunt wel deeltijds werken en "
                "deeltijds les volgen (leren en werken)."
            )
        else:
            text = (
                "Gaan werken kan nog niet: je bent voltijds leerplichtig. Vanaf 15 of 16 jaar kun je leren en "
                "werken combineren."
            )
        return Route(wish, "Werken", text, ("school", "clb", "transitietraject"), ("terminologie.1", "actoren.10.3"))
    if wish == "combineren":
        if compulsory and part_time:
            text = "Via leren en werken volg je deeltijds les en werk je deeltijds; zo voldoe je aan de leerplicht."
        elif compulsory:
            text = (
                "Leren en werken combineren kan vanaf 15 jaar als je de eerste twee jaren van het secundair "
                "beëindigd hebt, anders vanaf 16 jaar."
            )
        else:
            text = (
                "De brochure 'Verken je opties' bespreekt hoe je leren en werken kunt combineren; het draaiboek "
                "zelf geeft daar geen details over. Vraag het aan je leerlingenbegeleider of het CLB."
            )
        return Route(
            wish,
            "Leren en werken combineren",
            text,
            ("school", "clb", "uitstroombegeleiding"),
            ("terminologie.1", "actoren.15.2"),
        )
    text = (
        "Een transitietraject kan je begeleiden naar een vervolgopleiding: in het hoger onderwijs, het "
        "volwassenenonderwijs of bij een andere opleidingsverstrekker. In de leidraad van de "
        "uitstroombegeleiding staat ook informatie over de leerwinkel."
    )
    if compulsory:
        text += (
            " Zolang je leerplichtig bent, moet je wel aan de leerplicht blijven voldoen; vraag je "
            "leerlingenbegeleider of het CLB wat dat voor jouw keuze betekent."
        )
    return Route(
        wish,
        "Een opleiding volgen",
        text,
        ("transitietraject", "clb", "uitstroombegeleiding"),
        ("actoren.10.3", "actoren.15.2", *(("terminologie.1",) if compulsory else ())),
    )
