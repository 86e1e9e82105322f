"""Schema of the human-edited content files in ``knowledge/content/``.

Every content file is a YAML mapping whose top-level keys are collections
(``codes``, ``absence_types``, ``partners``, ``tracks``, ``checklists``,
``topics``, ``glossary``). A collection may be spread over several files; the
loader concatenates them. Every item cites at least one section id of
``knowledge/sections.yml``.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$", max_length=80)]
SectionIds = Annotated[list[str], Field(min_length=1)]
Text = Annotated[str, Field(min_length=1)]

Track = Literal["b-code", "ziekte", "schoolweigering"]
Audience = Literal["staff", "parent", "youth"]
AbsenceGroup = Literal[
    "spijbelvorm", "spijbelgedrag", "ouder-gemotiveerd", "kind-gemotiveerd", "ouders", "ziekte", "absoluut"
]
PartnerKind = Literal[
    "gezin", "school", "onderwijs", "welzijn", "zorg", "justitie", "overheid", "netwerk", "traject", "werk"
]


class _Item(BaseModel):
    # Frozen: the repository hands the same record to every reader of a loaded content.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


# Questions as people type them, that the item answers: the search matches them (knowledge.search), the answers
# never show them. Lower case, the words of teachers, parents and youths rather than the draaiboek's.
AskedAs = list[Annotated[str, Field(min_length=8, max_length=200)]]
# The item in plain Dutch (B1) for parents and youths: what it is and what it means, in short sentences with everyday
# words, addressing no one in particular, so that it reads well for a parent and for a youth. The same facts as the
# item's professional text, never more; the answers show it to parents and youths instead of that text.
Plain = Annotated[str, Field(min_length=20, max_length=600)]


class CodeReason(_Item):
    """One reason that falls under an absence code (e.g. a funeral under R)."""

    id: Slug
    text: Text
    plain: Plain | None = None
    document: str | None = None
    limit: str | None = None
    only_for: str | None = None  # e.g. "basisonderwijs", "secundair onderwijs", "duaal leren"
    asked_as: AskedAs = []
    sections: SectionIds


class Code(_Item):
    code: Annotated[str, Field(pattern=r"^[A-Z]$")]
    name: Text
    category: Literal["gewettigd", "problematisch", "andere"]
    summary: Text
    plain: Plain | None = None
    justified_by: str | None = None
    documents: list[Text] = []
    limits: list[Text] = []
    reasons: list[CodeReason] = []
    asked_as: AskedAs = []
    sections: SectionIds


class AbsenceType(_Item):
    id: Slug
    name: Text
    group: AbsenceGroup
    summary: Text
    plain: Plain | None = None
    signals: list[Text] = Field(min_length=1)
    distinguish: list[Text] = []
    codes: list[Annotated[str, Field(pattern=r"^[A-Z]$")]] = []
    track: Track | None = None
    asked_as: AskedAs = []
    sections: SectionIds


class Contact(_Item):
    label: Text
    person: str | None = None
    organisation: str | None = None
    region: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    address: str | None = None


class Referral(_Item):
    who: list[Text] = Field(min_length=1)  # who may refer or call in this partner
    how: list[Text] = Field(min_length=1)  # channel: A-document, M-document, meldingsfiche, phone, ...
    documents: list[Text] = []


# Other words people use for an item ("wijkagent" for the local police, "boerderij" for Groene Zorg): the chat
# recognises them as the item's name (knowledge.nlu_export).
Aliases = list[Annotated[str, Field(min_length=3, max_length=60)]]


class Partner(_Item):
    id: Slug
    name: Text
    full_name: str | None = None
    aliases: Aliases = []
    kind: PartnerKind
    description: Text
    plain: Plain | None = None
    for_whom: Text
    when: list[Text] = Field(min_length=1)
    referral: Referral
    contacts: list[Contact] = []
    phases: list[Annotated[int, Field(ge=0, le=3)]] = []
    tracks: list[Track] = []
    asked_as: AskedAs = []
    sections: SectionIds


class Step(_Item):
    id: Slug
    actor: Slug  # partner id
    action: Text
    summary: str | None = None  # one short sentence, shown in lists; `action` holds the full explanation
    plain: Plain | None = None
    mandatory: bool
    trigger: str | None = None  # human-readable, e.g. "vanaf de eerste B-code"
    min_b_codes: int | None = Field(default=None, ge=0)  # machine-readable trigger for the B-code track
    partners: list[Slug] = []  # other partners involved
    documents: list[Text] = []
    asked_as: AskedAs = []
    sections: SectionIds


class Practice(_Item):
    id: Slug
    title: Text
    text: Text
    plain: Plain | None = None
    asked_as: AskedAs = []
    sections: SectionIds


class Question(_Item):
    id: Slug
    text: Text
    topic: Literal["registratiebeleid", "opvolgingsbeleid", "inschrijvingsgesprek", "andere"] = "andere"
    sections: SectionIds


class Phase(_Item):
    number: Annotated[int, Field(ge=0, le=3)]
    name: Text
    summary: Text
    steps: list[Step] = []
    practices: list[Practice] = []
    questions: list[Question] = []
    sections: SectionIds


class TrackContent(_Item):
    id: Track
    name: Text
    summary: Text
    phases: list[Phase] = Field(min_length=1)
    sections: SectionIds

    @field_validator("phases")
    @classmethod
    def _phases_unique(cls, phases: list[Phase]) -> list[Phase]:
        numbers = [p.number for p in phases]
        if len(numbers) != len(set(numbers)):
            raise ValueError("elke fase mag maar één keer voorkomen")
        return phases


class Checklist(_Item):
    id: Slug
    name: Text
    summary: Text
    plain: Plain | None = None
    conditions: list[Text] = Field(min_length=1)
    documents: list[Text] = []
    deadlines: list[Text] = []
    steps: list[Text] = []
    partners: list[Slug] = []
    asked_as: AskedAs = []
    sections: SectionIds


class Topic(_Item):
    id: Slug
    kind: Literal[
        "leerplicht",
        "verzuim",
        "aanbeveling",
        "politie",
        "informatie-delen",
        "uitstroom",
        "netwerk",
        "ziekte",
        "schoolweigering",
        "algemeen",
    ]
    title: Text
    summary: Text
    plain: Plain | None = None
    points: list[Text] = []
    audience: list[Audience] = []
    partners: list[Slug] = []
    asked_as: AskedAs = []
    sections: SectionIds


class GlossaryTerm(_Item):
    term: Text
    expansion: Text
    aliases: Aliases = []
    explanation: str | None = None
    plain: Plain | None = None
    asked_as: AskedAs = []
    sections: SectionIds

    @property
    def id(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.term.lower()).strip("-")


class ContentFile(_Item):
    """What one YAML file may hold. Every key is optional."""

    codes: list[Code] = []
    absence_types: list[AbsenceType] = []
    partners: list[Partner] = []
    tracks: list[TrackContent] = []
    checklists: list[Checklist] = []
    topics: list[Topic] = []
    glossary: list[GlossaryTerm] = []


class Content(ContentFile):
    """All content files merged."""
