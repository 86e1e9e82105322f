"""Result types and helpers shared by the guidance engines.

Every engine is a plain function: a frozen dataclass goes in, a frozen dataclass comes out. Each
result carries its reasons and the section ids of the draaiboek (see ``knowledge/sections.yml``)
where the rule stands. Texts of steps, partners, checklists and codes are read from the knowledge
base through a :class:`KnowledgeSource` (the repository) when the content has them; the engines
hold a short fallback text so that they still answer when an item is missing from the content.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from knowledge.repository import StepInTrack
from knowledge.schema import AbsenceType, Checklist, Code, CodeReason, Partner


class KnowledgeSource(Protocol):
    """The read-only part of :class:`knowledge.repository.KnowledgeRepository` the engines use."""

    def get_step(self, step_id: str) -> StepInTrack | None: ...

    def list_steps(self, track_id: str | None = None) -> list[StepInTrack]: ...

    def get_partner(self, partner_id: str) -> Partner | None: ...

    def get_checklist(self, checklist_id: str) -> Checklist | None: ...

    def get_code(self, code: str) -> Code | None: ...

    def list_code_reasons(self, code: str | None = None) -> list[tuple[str, CodeReason]]: ...

    def get_absence_type(self, type_id: str) -> AbsenceType | None: ...


@dataclass(frozen=True)
class Reason:
    """One sentence of explanation with the sections that support it."""

    text: str
    sections: tuple[str, ...]


@dataclass(frozen=True)
class Step:
    """Something someone has to (or may) do now."""

    id: str
    actor: str  # partner id
    action: str
    mandatory: bool
    sections: tuple[str, ...]
    phase: int | None = None
    why: str = ""
    documents: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    from_content: bool = False


@dataclass(frozen=True)
class PartnerHint:
    """A partner that fits the situation, and why."""

    id: str
    name: str
    why: str
    sections: tuple[str, ...]


# Short Dutch names of the fixed partner ids, used only when partners.yml lacks the partner.
PARTNER_NAMES: dict[str, str] = {
    "leerling": "De leerling",
    "ouders": "De ouders",
    "school": "De school",
    "pbd": "Pedagogische begeleidingsdienst",
    "clb": "CLB (centrum voor leerlingenbegeleiding)",
    "lokaal-bestuur": "Lokaal bestuur",
    "agodi": "AGODI (Agentschap voor Onderwijsdiensten)",
    "lop": "LOP (lokaal overlegplatform)",
    "brugfiguur": "Brugfiguur onderwijs",
    "klasziekaal": "Klasziekaal",
    "toah": "Tijdelijk onderwijs aan huis (TOAH)",
    "bednet": "Bednet (synchroon internetonderwijs)",
    "school-en-ziek-zijn": "School en Ziek zijn",
    "type-5-school": "Type 5-school (ziekenhuisschool)",
    "k-dienst": "K-dienst",
    "poah": "Permanent onderwijs aan huis (POAH)",
    "naft": "NAFT (naadloos aansluitende flexibele trajecten)",
    "groene-zorg": "Groene Zorg (zorgboerderij)",
    "transitietraject": "Transitietraject UpGrade",
    "lokale-initiatieven": "Lokale initiatieven",
    "dagbesteding": "Dagbesteding",
    "ocj": "OCJ (ondersteuningscentrum jeugdzorg)",
    "vk": "VK (vertrouwenscentrum kindermishandeling)",
    "politie": "Lokale politie",
    "parket": "Parket (openbaar ministerie)",
    "parketcriminoloog": "Parketcriminoloog",
    "jeugdrechtbank": "Jeugdrechtbank",
    "politierechtbank": "Politierechtbank",
    "netwerk-samen-tegen-schooluitval": "Netwerk Samen tegen Schooluitval",
    "rots": "ROTS (regionaal overleg tegen schooluitval)",
    "uitstroombegeleiding": "Uitstroombegeleiding 'De school verlaten zonder kwalificatie'",
    "itp": "Intersectorale toegangspoort",
    "caw": "CAW (centrum voor algemeen welzijnswerk)",
    "cgg": "CGG (centrum voor geestelijke gezondheidszorg)",
    "ocmw": "OCMW",
    "kjp": "Kinder- en jeugdpsychiatrie",
    "brede-instap": "Brede Instap",
    "vdab": "VDAB",
    "vervolgschoolcoach": "Vervolgschoolcoach",
    "ondersteuningsnetwerk": "Ondersteuningsnetwerk",
}


def unique(items: Iterable[str]) -> tuple[str, ...]:
    """The items in their first order, without duplicates or empty strings."""
    return tuple(dict.fromkeys(i for i in items if i))


class HasSections(Protocol):
    @property
    def sections(self) -> tuple[str, ...]: ...


def collect_sections(*groups: Iterable[HasSections]) -> tuple[str, ...]:
    """All section ids cited by the given reasons, steps, partner hints ..., in order, once each."""
    return unique(s for group in groups for item in group for s in item.sections)


def partner_name(kb: KnowledgeSource | None, partner_id: str) -> str:
    partner = kb.get_partner(partner_id) if kb is not None else None
    if partner is not None:
        return partner.name
    return PARTNER_NAMES.get(partner_id, partner_id)


def partner_hint(kb: KnowledgeSource | None, partner_id: str, why: str, sections: Iterable[str]) -> PartnerHint:
    return PartnerHint(partner_id, partner_name(kb, partner_id), why, tuple(sections))


@dataclass(frozen=True)
class StepSpec:
    """A step the engine knows by id, with a fallback text for when the content lacks it."""

    id: str
    actor: str
    action: str
    mandatory: bool
    phase: int
    sections: tuple[str, ...]
    documents: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()


def step_from(kb: KnowledgeSource | None, spec: StepSpec, why: str = "") -> Step:
    """The step as the content describes it; the engine's fallback when the content lacks it.

    ``mandatory`` follows the content when present: the content and the engine must agree, and the
    tests check that they do for every step the engine decides on.
    """
    found = kb.get_step(spec.id) if kb is not None else None
    if found is None:
        return Step(
            spec.id,
            spec.actor,
            spec.action,
            spec.mandatory,
            spec.sections,
            spec.phase,
            why,
            spec.documents,
            spec.partners,
            from_content=False,
        )
    return content_step(found, why)


def content_step(found: StepInTrack, why: str = "") -> Step:
    """A step of the content; ``why`` defaults to the step's own trigger."""
    s = found.step
    return Step(
        s.id,
        s.actor,
        s.action,
        s.mandatory,
        tuple(s.sections),
        found.phase,
        why or (s.trigger or ""),
        tuple(s.documents),
        tuple(s.partners),
        from_content=True,
    )


MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def format_date_nl(value: date) -> str:
    """A date as Flemish readers write it: '1 september 2024'."""
    return f"{value.day} {MONTHS_NL[value.month - 1]} {value.year}"
