"""B-code steps: phase of the care continuum, steps, partners and documents for problematic absences.

Sources: actoren.2 (school), actoren.4.1-4.3 (CLB), actoren.6 (AGODI), actoren.11 (OCJ/VK),
actoren.12 (police), actoren.15.1 (ROTS), actieplan.1.1-1.4 (the B-code action plan).

The steps come from the content's ``b-code`` track: every step whose ``min_b_codes`` is reached,
plus the steps the rules below select by id (:data:`STEP_IDS`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from knowledge.guidance.common import (
    PartnerHint,
    Reason,
    Step,
    collect_sections,
    content_step,
    need,
    partner_hint,
    step,
    unique,
)
from knowledge.repository import KnowledgeRepository

TRACK = "b-code"
Parents = Literal["cooperative", "powerless", "unwilling", "unreachable"]
Level = Literal["basis", "secundair"]

# actoren.2, actieplan.1.2: communication with pupil and/or parents from the first unjustified absence;
# guidance measures and a dossier of them whatever the count.
CONTACT_FROM_B_CODES = 1
# actoren.2: from five (spread or not) problematic half days per school year, signal to the CLB and
# work with the CLB from then on.
SIGNAL_CLB_FROM_B_CODES = 5
# actoren.4.1: the CLB starts an obligatory trajectory for every minor pupil with five or more
# problematic or unjustified half days per school year.
CLB_TRAJECTORY_FROM_B_CODES = 5
# actieplan.1.2: the police as a preventive partner, "e.g. standard at 10 B-codes" (an example of a
# local agreement, not a rule).
POLICE_PREVENTIVE_EXAMPLE_B_CODES = 10
# terminologie.1, actoren.4.3: compulsory education runs until 18; from then a pupil may leave school.
ADULT_AGE = 18
# actieplan.1.2 (knipperlichten): older pupils in the third grade are more likely to leave school early.
THIRD_GRADE = 3

# Partner ids the rules below name.
FAMILY_AND_SCHOOL = frozenset({"leerling", "ouders", "school"})
# Judicial actors follow from other steps (a PV, a referral by OCJ/VK or AGODI); they are never a
# partner to call in yourself (actoren.13, actoren.14).
NOT_CALLED_IN = frozenset({"parket", "parketcriminoloog", "jeugdrechtbank", "politierechtbank"})
PARTNER_IDS = (*FAMILY_AND_SCHOOL, *NOT_CALLED_IN, "politie", "naft", "groene-zorg", "brugfiguur")

# The steps the rules select by id (texts, actors, documents and partners come from the content).
RULE_STEPS = (
    "b-contact-eerste-b-code",
    "b-begeleidende-maatregelen",
    "b-dossier-maatregelen",
    "b-zorgoverleg-clb",
    "b-signaleren-clb",
    "b-clb-verplicht-traject",
    "b-clb-inschakelen-hulpverlening",
    "b-politie-preventief",
    "b-politie-onwil",
    "b-politie-opsporingsonderzoek",
    "b-politie-pv",
    "b-politie-onbuigzaamheid-melding",
    "b-waarschuwingsgesprek-contract",
    "b-contract-verbroken",
    "b-aanmelding-clb-begeleiding",
    "b-m-document-ocj-vk",
    "b-zorgwekkend-dossier-agodi",
    "b-agodi-brief-ouders",
    "b-rots",
    "b-individueel-aangepast-curriculum",
    "b-uitstroombegeleiding",
    "b-upgrade-transitietraject",
    "b-dagbesteding",
)
# Of those, the ones the draaiboek makes obligatory (actoren.2, actoren.4.1); the others are recommended.
MANDATORY = frozenset(
    {
        "b-contact-eerste-b-code",
        "b-begeleidende-maatregelen",
        "b-dossier-maatregelen",
        "b-signaleren-clb",
        "b-clb-verplicht-traject",
    }
)
# Steps offered as a whole in a phase, with the content's own trigger as why.
PHASE_1_EXTRAS = (
    "b-vraagverheldering",
    "b-gesprekken-bindingsperspectief",
    "b-aanklampend-werken",
    "b-bespreking-zorgteam",
    "b-externe-partners-fase1",
)
PHASE_2_CLB_PISTES = (
    "b-clb-eigen-begeleiding",
    "b-clb-schoolexterne-trajecten",
    "b-clb-rechtstreeks-toegankelijke-jeugdhulp",
    "b-clb-hulp-buiten-integrale-jeugdhulp",
    "b-clb-a-document-itp",
    "b-clb-lop-bemiddeling",
    "b-clb-bemiddeling-jeugdhulp",
)
CLB_TRANSITION = "b-clb-transitietraject"  # phase 2, secondary education only
STEP_IDS = (*RULE_STEPS, *PHASE_1_EXTRAS, *PHASE_2_CLB_PISTES, CLB_TRANSITION)


@dataclass(frozen=True)
class BCodeSituation:
    b_codes: int
    age: int | None = None
    level: Level | None = None
    grade: int | None = None  # graad in het secundair onderwijs (1-3)
    parents: Parents | None = None
    pupil_refuses: bool = False  # the pupil refuses every agreement or guidance (onbuigzaamheid)
    fast_accumulation: bool = False
    other_absences: bool | None = None  # other codes (Z, L, ...) besides the B-codes
    known_problems: bool = False  # emotional, social, home, absences in earlier years
    worrying_situation: bool = False  # verontrustende (opvoedings)situatie
    no_improvement: bool = False  # no improvement despite the efforts of school and CLB
    stopped_attending: bool = False
    trajectory_stuck: bool = False
    clb_involved: bool = False
    naft_before: bool = False
    police_contract: bool = False  # an anti-truancy contract was made with the police
    contract_broken: bool = False

    def __post_init__(self) -> None:
        if self.b_codes < 0:
            raise ValueError("b_codes must be >= 0")


@dataclass(frozen=True)
class BCodeAdvice:
    phase: int
    phase_name: str
    compulsory_school_age: bool | None
    steps: tuple[Step, ...]
    partners: tuple[PartnerHint, ...]
    documents: tuple[str, ...]
    priority: bool
    priority_signals: tuple[Reason, ...]
    reasons: tuple[Reason, ...]
    sections: tuple[str, ...]

    @property
    def mandatory_steps(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.mandatory)

    @property
    def recommended_steps(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if not s.mandatory)

    @property
    def step_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.steps)


def is_minor(s: BCodeSituation) -> bool:
    return s.age is None or s.age < ADULT_AGE


def phase_of(s: BCodeSituation) -> int:
    """The phase of the care continuum (actieplan.1.1-1.4)."""
    if s.trajectory_stuck or (s.stopped_attending and s.clb_involved):
        return 3  # actieplan.1.4: the pupil can no longer be moved to attend school
    if (
        (s.b_codes >= CLB_TRAJECTORY_FROM_B_CODES and is_minor(s))  # actoren.4.1
        or s.pupil_refuses
        or s.stopped_attending
        or s.no_improvement  # actieplan.1.3
        or (s.fast_accumulation and s.b_codes >= CONTACT_FROM_B_CODES)  # actieplan.1.3
        or s.worrying_situation
        or s.contract_broken
    ):  # actieplan.1.3, actoren.12
        return 2
    if s.b_codes >= CONTACT_FROM_B_CODES or s.parents in ("unwilling", "unreachable"):
        return 1
    return 0


def _rule_selected(s: BCodeSituation, phase: int) -> dict[str, str]:
    """Step id -> why, for every step the rules select."""
    minor = is_minor(s)
    onwil = s.parents in ("unwilling", "unreachable")
    chosen: dict[str, str] = {}
    if s.b_codes >= CONTACT_FROM_B_CODES:
        chosen.update(dict.fromkeys(PHASE_1_EXTRAS, ""))
        chosen["b-contact-eerste-b-code"] = "Vanaf de eerste B-code."
        chosen["b-begeleidende-maatregelen"] = "Verplicht, ongeacht het aantal B-codes."
        chosen["b-dossier-maatregelen"] = "Verplicht, ongeacht het aantal B-codes."
        chosen["b-zorgoverleg-clb"] = "Elke problematisch afwezige leerling wordt met het CLB besproken."
    if s.b_codes >= SIGNAL_CLB_FROM_B_CODES:
        chosen["b-signaleren-clb"] = f"De leerling heeft {s.b_codes} B-codes (vanaf {SIGNAL_CLB_FROM_B_CODES})."
    if s.b_codes >= CLB_TRAJECTORY_FROM_B_CODES and minor:
        chosen["b-clb-verplicht-traject"] = (
            f"Minderjarige leerling met {s.b_codes} B-codes (vanaf {CLB_TRAJECTORY_FROM_B_CODES})."
        )
    if s.b_codes >= POLICE_PREVENTIVE_EXAMPLE_B_CODES and minor and not (s.police_contract or s.contract_broken):
        chosen["b-politie-preventief"] = (
            f"Het draaiboek noemt 'standaard bij {POLICE_PREVENTIVE_EXAMPLE_B_CODES} B-codes' als voorbeeld van "
            "een afspraak met de politie; het is geen verplichting."
        )
    if s.parents == "powerless":
        chosen["b-clb-inschakelen-hulpverlening"] = (
            "Onmacht van de ouders vraagt begeleiding en hulpverlening, geen politie."
        )
    if onwil and minor:
        why = (
            "De ouders werken moedwillig niet mee."
            if s.parents == "unwilling"
            else "De ouders zijn onbereikbaar ondanks herhaalde pogingen; dat kan als onwil gelden."
        )
        chosen["b-politie-onwil"] = why
        chosen["b-politie-opsporingsonderzoek"] = "Na de melding wegens onwil van de ouders."
        chosen["b-politie-pv"] = "Alleen als de afwezigheden na de tussenkomst van de politie aanhouden."
    if s.pupil_refuses and minor and not (s.police_contract or s.contract_broken):
        chosen["b-politie-onbuigzaamheid-melding"] = "De minderjarige weigert elke afspraak (onbuigzaamheid)."
        chosen["b-waarschuwingsgesprek-contract"] = "Preventieve tussenkomst bij onbuigzaamheid van de minderjarige."
    if s.contract_broken and minor:
        chosen["b-contract-verbroken"] = "Het antispijbelcontract werd niet nageleefd."
    if (
        s.pupil_refuses
        or s.stopped_attending
        or s.no_improvement
        or (s.fast_accumulation and s.b_codes >= CONTACT_FROM_B_CODES)
    ):
        chosen["b-aanmelding-clb-begeleiding"] = (
            "Het schooltraject werkt niet, de afwezigheden stapelen zich op, of de leerling komt niet meer of "
            "weigert elke begeleiding."
        )
    if minor and (s.worrying_situation or onwil or s.contract_broken or (s.pupil_refuses and s.clb_involved)):
        chosen["b-m-document-ocj-vk"] = (
            "Verontrustende situatie."
            if s.worrying_situation
            else "Onwil van de ouders."
            if onwil
            else "De jongere werkt niet (meer) mee aan de voorstellen van het CLB."
        )
    if minor and s.no_improvement and s.clb_involved:
        chosen["b-zorgwekkend-dossier-agodi"] = "Geen verbetering ondanks de inspanningen van school en CLB."
        chosen["b-agodi-brief-ouders"] = "Mogelijk vervolg op de melding van een zorgwekkend dossier."
    if s.trajectory_stuck or s.naft_before:
        chosen["b-rots"] = (
            "Het traject zit vast."
            if s.trajectory_stuck
            else "NAFT werd al gevolgd; opnieuw aanmelden is misschien niet zinvol."
        )
    if phase >= 2:
        chosen.update(dict.fromkeys(PHASE_2_CLB_PISTES, ""))
        if s.level != "basis":
            chosen[CLB_TRANSITION] = ""
    if phase == 3:
        chosen["b-individueel-aangepast-curriculum"] = "De leerling is niet meer tot schoollopen te bewegen."
        if s.level != "basis":
            chosen["b-uitstroombegeleiding"] = "Voor leerlingen in het secundair onderwijs."
            chosen["b-upgrade-transitietraject"] = "Als een andere leerweg of de overstap naar werk aan de orde is."
        chosen["b-dagbesteding"] = "Als de jongere eerst opnieuw in beweging moet komen."
    if not minor and s.level != "basis":
        chosen["b-uitstroombegeleiding"] = (
            "De leerling is niet meer leerplichtig; een uitstroomgesprek helpt kiezen voor een andere leerweg of werk."
        )
    return chosen


def advise_b_codes(situation: BCodeSituation, kb: KnowledgeRepository) -> BCodeAdvice:
    """Phase, steps, partners and documents for a pupil with problematic absences."""
    s = situation
    phase = phase_of(s)
    chosen = _rule_selected(s, phase)
    content = kb.list_steps(TRACK)
    order = {found.step.id: i for i, found in enumerate(content)}
    ruled = set(STEP_IDS)

    steps = {step_id: step(kb, step_id, why) for step_id, why in chosen.items()}
    for found in content:
        if found.step.id in ruled:
            continue
        reached = found.step.min_b_codes is not None and found.step.min_b_codes <= s.b_codes
        if reached or (phase == 0 and found.phase == 0):
            steps[found.step.id] = content_step(found)
    ordered = sorted(steps.values(), key=lambda st: (not st.mandatory, st.phase, order[st.id]))

    reasons = _reasons(s, phase)
    signals = _priority_signals(s)
    partners = _partners(s, ordered, kb)
    documents = unique(d for st in ordered for d in st.documents)
    return BCodeAdvice(
        phase=phase,
        phase_name=need(kb.get_phase(TRACK, phase), "phase", f"{TRACK}.{phase}").name,
        compulsory_school_age=None if s.age is None else is_minor(s),
        steps=tuple(ordered),
        partners=partners,
        documents=documents,
        priority=bool(signals),
        priority_signals=signals,
        reasons=reasons,
        sections=collect_sections(reasons, ordered, signals, partners),
    )


def _reasons(s: BCodeSituation, phase: int) -> tuple[Reason, ...]:
    r: list[Reason] = []
    if phase == 0:
        r.append(
            Reason(
                "Zonder B-codes gaat het om brede basiszorg: een goed registratie- en opvolgingsbeleid en "
                "een verbindend schoolklimaat voor alle leerlingen.",
                ("actieplan.1.1",),
            )
        )
    elif s.b_codes < SIGNAL_CLB_FROM_B_CODES:
        r.append(
            Reason(
                f"Met {s.b_codes} {'B-code' if s.b_codes == 1 else 'B-codes'} ligt het initiatief bij de school "
                f"(verhoogde zorg). Vanaf "
                f"{SIGNAL_CLB_FROM_B_CODES} B-codes moet de school het CLB inschakelen.",
                ("actoren.2", "actieplan.1.2"),
            )
        )
    else:
        r.append(
            Reason(
                f"Met {s.b_codes} B-codes (vanaf {SIGNAL_CLB_FROM_B_CODES} al dan niet gespreide halve dagen per "
                "schooljaar) signaleert de school de leerling aan het CLB en werkt ze vanaf dan samen met het CLB.",
                ("actoren.2",),
            )
        )
    if s.age is not None and s.age >= ADULT_AGE:
        r.append(
            Reason(
                "Een jongere van 18 is niet meer leerplichtig en mag de school verlaten. Het verplichte CLB-traject "
                "geldt voor minderjarigen; politie, M-document en melding aan AGODI horen bij de aanpak van "
                "leerplichtige minderjarigen. Voor een 18-plusser zet de school de eerste stappen om opnieuw "
                "perspectief te bieden; dat kan tot een aanmelding bij het CLB leiden.",
                ("terminologie.1", "actoren.4.1", "actoren.4.3"),
            )
        )
    elif s.age is not None and s.age == ADULT_AGE - 1:
        r.append(
            Reason(
                "Op 17 jaar is de jongere nog leerplichtig: tot de 18de verjaardag als die vóór 1 juli valt, anders "
                "tot 30 juni van het jaar waarin hij of zij 18 wordt.",
                ("terminologie.1",),
            )
        )
    if s.parents == "powerless":
        r.append(
            Reason(
                "Onmacht: de ouders doen moeite om hun kind naar school te krijgen maar slagen er niet in. Dan is "
                "begeleiding, ondersteuning en doorverwijzing naar hulpverlening aangewezen, geen melding bij de "
                "politie.",
                ("actoren.4.2", "actoren.12"),
            )
        )
    if s.parents in ("unwilling", "unreachable"):
        r.append(
            Reason(
                "De politie komt pas in beeld als school en CLB vaststellen dat de ouders onwillig zijn (hun kind "
                "moedwillig thuishouden of onverschillig blijven) of zich onbereikbaar opstellen nadat alles "
                "geprobeerd werd. Het CLB stelt de onwil vast; de school meldt.",
                ("actoren.4.2", "actoren.12"),
            )
        )
        if not s.clb_involved:
            r.append(
                Reason(
                    "Het CLB is nog niet betrokken: schakel het eerst in, want het CLB stelt de onwil vast.",
                    ("actoren.12",),
                )
            )
    if s.police_contract and not s.contract_broken:
        r.append(
            Reason(
                "Er is al een antispijbelcontract met concrete afspraken: school en CLB volgen de leerling verder op.",
                ("actoren.12",),
            )
        )
    if s.contract_broken:
        r.append(
            Reason(
                "Na een verbroken antispijbelcontract volgt geen nieuwe melding bij de politie en geen PV; het CLB kan "
                "wel een M-document opmaken voor een gemandateerde voorziening.",
                ("actoren.12",),
            )
        )
    if s.b_codes >= POLICE_PREVENTIVE_EXAMPLE_B_CODES:
        r.append(
            Reason(
                "Het draaiboek beveelt aan de lokale politie ook preventief te betrekken, bijvoorbeeld standaard bij "
                f"{POLICE_PREVENTIVE_EXAMPLE_B_CODES} B-codes; dat hangt af van lokale afspraken.",
                ("actieplan.1.2",),
            )
        )
    if s.naft_before:
        r.append(
            Reason(
                "NAFT werd al gevolgd: het CLB kan bij ROTS terecht als een nieuwe aanmelding niet zinvol lijkt.",
                ("actoren.15.1",),
            )
        )
    return tuple(r)


def _priority_signals(s: BCodeSituation) -> tuple[Reason, ...]:
    """The 'knipperlichten' of actieplan.1.2."""
    signals: list[Reason] = []
    if s.level == "secundair" and s.grade == THIRD_GRADE:
        signals.append(
            Reason(
                "Leeftijd: oudere leerlingen in de derde graad met veel ongewettigde afwezigheden verlaten de school "
                "eerder vroegtijdig.",
                ("actieplan.1.2",),
            )
        )
    if s.parents in ("unwilling", "unreachable"):
        signals.append(
            Reason("Ouders: ze werken niet mee, zijn onverschillig of zijn niet bereikbaar.", ("actieplan.1.2",))
        )
    if s.fast_accumulation:
        signals.append(
            Reason(
                "Tempo: de afwezigheden stapelen zich op korte tijd op (bv. 20 afwezigheden in 6 weken in plaats van "
                "in 6 maanden); tel ook de andere codes mee.",
                ("actieplan.1.2",),
            )
        )
    if s.known_problems:
        signals.append(
            Reason(
                "Gekende problemen: emotioneel, sociaal, in de thuiscontext of afwezigheden in vorige schooljaren.",
                ("actieplan.1.2",),
            )
        )
    if s.other_absences is False and s.b_codes >= CONTACT_FROM_B_CODES:
        signals.append(
            Reason(
                "Alleen B-codes, zonder andere afwezigheden: het spijbelen wordt niet meer verborgen, een teken van "
                "onthechting van de school.",
                ("actieplan.1.2",),
            )
        )
    if s.other_absences is True:
        signals.append(
            Reason(
                "Naast de B-codes zijn er ook andere afwezigheden: kijk naar het volledige pakket, want bij veel "
                "B-codes zitten vaak verdoken problematische afwezigheden.",
                ("actieplan.1.2", "aanbevelingen.data"),
            )
        )
    return tuple(signals)


def _partners(s: BCodeSituation, steps: list[Step], kb: KnowledgeRepository) -> tuple[PartnerHint, ...]:
    hints: dict[str, PartnerHint] = {}
    for st in steps:
        for pid in (st.actor, *st.partners):
            if pid in FAMILY_AND_SCHOOL or pid in NOT_CALLED_IN or pid in hints:
                continue
            if pid == "politie" and s.contract_broken and s.parents not in ("unwilling", "unreachable"):
                continue  # actoren.12: no new report to the police once the contract is broken
            if pid == "naft" and s.naft_before:
                continue  # actoren.15.1: a new NAFT referral may not be opportune; ROTS is proposed instead
            if pid in ("naft", "groene-zorg") and s.level == "basis":
                continue  # actoren.10.1, actoren.10.2: secondary education
            hints[pid] = partner_hint(kb, pid, st.why or st.action, st.sections)
    if s.parents == "powerless" and "brugfiguur" not in hints:
        hints["brugfiguur"] = partner_hint(
            kb,
            "brugfiguur",
            "Een brugfiguur ondersteunt kwetsbare gezinnen en ouders in hun opvoedingstaak.",
            ("actoren.8",),
        )
    return tuple(hints.values())
