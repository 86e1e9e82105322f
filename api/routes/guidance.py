"""POST /api/v1/guidance/...: the guidance engines of ``knowledge.guidance`` as a JSON API.

The routes only translate: request model -> engine input, engine result -> response model with the
titles of the cited sections. No rule lives here. The engines return text keys (``knowledge.texts``); the
response renders them for the request's ``role`` (default: staff, the precise professional wording).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    ValidationInfo,
    field_validator,
    model_validator,
)

from api.deps import RepositoryDep
from api.schemas import CitedSectionOut, Sources
from knowledge.guidance import (
    AbsenceAnswers,
    BCodeSituation,
    CodeQuestion,
    IllnessSituation,
    LeerplichtQuery,
    OutflowQuestion,
    advise_b_codes,
    advise_illness,
    advise_outflow,
    classify_absence,
    find_code,
    leerplicht_dates,
)
from knowledge.guidance.b_codes import Parents
from knowledge.guidance.classification import Certainty, Certificate, Feeling, IllnessKind, Location
from knowledge.guidance.common import Level, Reason, Text, partner_name
from knowledge.guidance.illness import Condition, Status
from knowledge.guidance.outflow import Wish
from knowledge.guidance.partners import Concern, PartnerSituation, Route, Tried, advise_partners
from knowledge.guidance.partners import Track as PartnerTrack
from knowledge.guidance.which_code import AbsenceReason
from knowledge.repository import KnowledgeRepository
from knowledge.texts import Role

router = APIRouter(prefix="/api/v1/guidance", tags=["begeleiding"])

EARLIEST_BIRTH_DATE = date(1900, 1, 1)


def _examples(
    *examples: dict[str, Any], extra: Literal["forbid", "ignore"] = "forbid", rules: list[dict[str, Any]] | None = None
) -> ConfigDict:
    """A request model's config: its examples, and its rules between fields (the model validators' checks, in the
    spec as JSON Schema ``if``/``then``, so clients know them)."""
    schema: dict[str, Any] = {"examples": list(examples)}
    if rules:
        schema["allOf"] = rules
    return ConfigDict(extra=extra, json_schema_extra=schema)


# A value that no field type accepts.
_REFUSED = object()
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@cache
def _json_kinds(model: type[BaseModel]) -> dict[str, frozenset[str]]:
    """The JSON types that each field of ``model`` takes, from its JSON Schema ("date" for a date string)."""
    schema = model.model_json_schema()
    defs = schema.get("$defs", {})

    def kinds(prop: dict[str, Any]) -> set[str]:
        if "$ref" in prop:
            return kinds(defs[prop["$ref"].rsplit("/", 1)[-1]])
        if "anyOf" in prop:
            return set().union(*(kinds(p) for p in prop["anyOf"]))
        kind = prop.get("type")
        if kind == "string" and prop.get("format") == "date":
            return {"date"}
        if kind is None and "const" in prop:
            kind = {bool: "boolean", int: "integer", str: "string"}.get(type(prop["const"]))
        return {kind} if isinstance(kind, str) else set()

    return {name: frozenset(kinds(prop)) for name, prop in schema.get("properties", {}).items() if kinds(prop)}


def _fits(value: Any, kinds: frozenset[str]) -> bool:
    if value is None:
        return "null" in kinds
    if isinstance(value, bool):
        return "boolean" in kinds
    if isinstance(value, int):
        return bool(kinds & {"integer", "number"})
    if isinstance(value, float):
        return "number" in kinds or ("integer" in kinds and value.is_integer())
    if isinstance(value, str):
        return "string" in kinds or ("date" in kinds and _ISO_DATE.fullmatch(value) is not None)
    if isinstance(value, list):
        return "array" in kinds
    return "object" in kinds


def days_up_to(today: date) -> str:
    """A pattern for the days from 1900-01-01 up to ``today`` (JJJJ-MM-DD): the birth date's range in the spec."""
    year, month, day = today.year, today.month, today.day
    if not 2000 <= year <= 2099:
        raise ValueError("days_up_to: only for a year of this century")
    decade, last = divmod(year - 2000, 10)
    years = ["19\\d\\d"]
    if decade:
        years.append(f"20[0-{decade - 1}]\\d")
    if last:
        years.append(f"20{decade}[0-{last - 1}]")
    parts = [f"(?:{'|'.join(years)})-\\d\\d-\\d\\d"]
    if month > 1:
        parts.append(f"{year}-(?:{'|'.join(f'{m:02d}' for m in range(1, month))})-\\d\\d")
    parts.append(f"{year}-{month:02d}-(?:{'|'.join(f'{d:02d}' for d in range(1, day + 1))})")
    return f"^(?:{'|'.join(parts)})$"


def _given(field: str, value: dict[str, Any]) -> dict[str, Any]:
    """JSON Schema: the body has ``field`` with a value that matches ``value``."""
    return {"properties": {field: value}, "required": [field]}


# -- shared request part -------------------------------------------------------------------------
class _Request(BaseModel):
    @model_validator(mode="before")
    @classmethod
    def _json_types(cls, data: Any) -> Any:
        """Each field only in the JSON type of the spec: pydantic alone would take 0 as false, false as 0, a number
        of seconds as a date or "5" as 5. A value of another type is replaced by one that pydantic refuses for
        that field, so the 422 names the field."""
        if not isinstance(data, dict):
            return data
        kinds = _json_kinds(cls)
        return {k: v if k not in kinds or _fits(v, kinds[k]) else _REFUSED for k, v in data.items()}

    role: Role | None = Field(
        default=None,
        description="Voor wie de teksten zijn: staff (professionelen, standaard), parent (ouders) of youth "
        "(jongeren). De feiten zijn voor elke rol dezelfde, alleen de woorden verschillen.",
    )

    def engine_input(self) -> dict[str, Any]:
        """The fields the engine takes: every field but ``role``."""
        return self.model_dump(exclude={"role"})


# -- shared response parts ------------------------------------------------------------------------
# Each response model reads the engine's result dataclass of the same field names (see ``_out``); texts
# are rendered for the role, and the section titles and partner names come from the ``_Context`` passed
# in as validation context.
@dataclass(frozen=True)
class _Context:
    sources: Sources
    role: Role | None = None


def _attributes(model: type[BaseModel], result: object) -> dict[str, Any]:
    """The attributes of an engine ``result`` that ``model`` has a field for, and its ``sections``."""
    return {name: getattr(result, name) for name in [*model.model_fields, "sections"] if hasattr(result, name)}


def _rendered(value: Any, role: Role | None) -> Any:
    """A catalogue text (or a list of them) rendered for ``role``; any other value as it is."""
    if isinstance(value, (list, tuple)):
        return [_rendered(v, role) for v in value]
    return value.render(role) if isinstance(value, Text) else value


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    @model_validator(mode="before")
    @classmethod
    def _from_result(cls, value: Any, info: ValidationInfo) -> Any:
        if not isinstance(info.context, _Context):
            return value
        if isinstance(value, Reason):
            value = {"text": value.render(info.context.role), "sections": value.sections}
        data = dict(value) if isinstance(value, Mapping) else _attributes(cls, value)
        rendered = {name: _rendered(v, info.context.role) for name, v in data.items()}
        return cls._complete(rendered, value, info.context)

    @classmethod
    def _complete(cls, data: dict[str, Any], result: Any, context: _Context) -> dict[str, Any]:
        """``data`` with the fields the result lacks (section titles, names)."""
        return data


class _Sourced(_Out):
    """An engine result with ``sources``: its ``sections`` with their titles."""

    @classmethod
    def _complete(cls, data: dict[str, Any], result: Any, context: _Context) -> dict[str, Any]:
        return {**data, "sources": context.sources(data["sections"])}


R = TypeVar("R", bound=_Sourced)


def _out(model: type[R], result: object, repo: KnowledgeRepository, role: Role | None, **fields: Any) -> R:
    """The engine's ``result`` as ``model``, texts for ``role``; ``fields`` are the ones whose name or value differs."""
    return model.model_validate({**_attributes(model, result), **fields}, context=_Context(Sources(repo), role))


SourceList = Annotated[list[CitedSectionOut], Field(description="Bronnen in het draaiboek")]
SectionList = Annotated[list[str], Field(description="Secties van het draaiboek")]


class ReasonOut(_Out):
    text: str = Field(description="Uitleg in gewone taal")
    sections: list[str] = Field(description="Secties van het draaiboek waar dit staat")


class StepOut(_Out):
    id: str = Field(description="Id van de stap in de kennisbank")
    actor: str = Field(description="Id van wie de stap zet")
    actor_name: str = Field(description="Naam van wie de stap zet")
    action: str = Field(description="Wat er moet of kan gebeuren")
    summary: str | None = Field(default=None, description="Korte samenvatting van de stap in één zin")
    mandatory: bool = Field(description="Verplicht (true) of aanbevolen (false)")
    phase: int | None = Field(description="Fase van het zorgcontinuüm (0 tot 3)")
    why: str = Field(description="Waarom deze stap nu past")
    documents: list[str] = Field(description="Documenten die bij deze stap horen")
    sections: SectionList

    @classmethod
    def _complete(cls, data: dict[str, Any], result: Any, context: _Context) -> dict[str, Any]:
        if "actor_name" in data:
            return data
        return {**data, "actor_name": partner_name(context.sources.repo, data["actor"])}


class PartnerOut(_Out):
    id: str = Field(description="Id van de partner")
    name: str = Field(description="Naam van de partner")
    why: str = Field(description="Waarom deze partner nu past")
    sections: SectionList


_SOURCE_EXAMPLE: list[JsonValue] = [
    {
        "section": "terminologie.1",
        "title": "De leerplicht: begin, einde, deeltijds, huisonderwijs, "
        "POAH, vrijstelling, verblijfsstatuut, buitenland",
    }
]


# -- leerplicht -----------------------------------------------------------------------------------
class LeerplichtRequest(_Request):
    model_config = _examples(
        {"birth_date": "2010-09-15"},
        {"birth_date": "2012-03-02", "first_two_years_secondary_done": True, "on_date": "2028-01-15", "role": "parent"},
        rules=[
            {
                "if": _given("registration_date", {"type": "string"}),
                "then": _given("other_nationality", {"const": True}),
            }
        ],
    )

    birth_date: date = Field(
        description="Geboortedatum van het kind (JJJJ-MM-DD), niet voor 1900 en niet in de toekomst",
        json_schema_extra=lambda schema: schema.update(pattern=days_up_to(date.today())),
    )
    first_two_years_secondary_done: bool | None = Field(
        default=None,
        description="Heeft de jongere de eerste twee leerjaren van het voltijds secundair "
        "onderwijs beëindigd (geslaagd of niet)? Leeg laten als je het niet weet.",
    )
    secondary_diploma: bool = Field(default=False, description="Heeft de jongere een diploma secundair onderwijs?")
    other_nationality: bool = Field(default=False, description="Heeft het kind een andere nationaliteit?")
    registration_date: date | None = Field(
        default=None,
        description="Datum van inschrijving in het vreemdelingenregister, het wachtregister of het "
        "bevolkingsregister (bij een andere nationaliteit)",
    )
    on_date: date | None = Field(default=None, description="Datum waarop je wil weten of het kind leerplichtig is")

    @field_validator("birth_date")
    @classmethod
    def _birth_date(cls, value: date) -> date:
        if value > date.today():
            raise ValueError("Het veld 'birth_date' mag niet in de toekomst liggen.")
        if value < EARLIEST_BIRTH_DATE:
            raise ValueError("Het veld 'birth_date' ligt te ver in het verleden.")
        return value

    @model_validator(mode="after")
    def _registration(self) -> LeerplichtRequest:
        if self.registration_date is not None and not self.other_nationality:
            raise ValueError("Het veld 'registration_date' geldt alleen samen met 'other_nationality': true.")
        return self


class LeerplichtResponse(_Sourced):
    model_config = _examples(
        {
            "start": "2015-09-01",
            "end": "2028-06-30",
            "part_time_age": None,
            "part_time_from": None,
            "compulsory_on_date": None,
            "explanation": "Leerplichtig van 1 september 2015 tot 30 juni 2028 (tenzij de jongere eerder "
            "een diploma secundair onderwijs behaalt).",
            "reasons": [
                {
                    "text": "Een kind wordt leerplichtig op 1 september van het kalenderjaar waarin het 5 jaar "
                    "wordt: hier is dat 1 september 2015.",
                    "sections": ["terminologie.1"],
                }
            ],
            "sources": _SOURCE_EXAMPLE,
        },
        extra="ignore",
    )

    start: date = Field(description="Begin van de leerplicht")
    end: date = Field(description="Einde van de leerplicht (tenzij eerder een diploma secundair onderwijs)")
    part_time_age: int | None = Field(
        description="Leeftijd vanaf wanneer deeltijds leerplichtig (15 of 16); leeg "
        "als dat afhangt van de eerste twee jaren secundair"
    )
    part_time_from: date | None = Field(description="Datum waarop de jongere die leeftijd bereikt")
    compulsory_on_date: bool | None = Field(
        description="Leerplichtig op de gevraagde datum (leeg als er geen datum gevraagd werd)"
    )
    explanation: str = Field(description="Samenvatting in gewone taal")
    reasons: list[ReasonOut] = Field(description="De regels die toegepast werden")
    sources: SourceList


@router.post("/leerplicht", response_model=LeerplichtResponse, summary="Begin en einde van de leerplicht")
def post_leerplicht(body: LeerplichtRequest, repo: RepositoryDep) -> LeerplichtResponse:
    return _out(LeerplichtResponse, leerplicht_dates(LeerplichtQuery(**body.engine_input())), repo, body.role)


# -- B-codes --------------------------------------------------------------------------------------
class BCodeRequest(_Request):
    model_config = _examples(
        {"b_codes": 5, "age": 14, "parents": "cooperative"},
        {
            "b_codes": 12,
            "age": 15,
            "level": "secundair",
            "grade": 2,
            "parents": "unwilling",
            "clb_involved": True,
            "fast_accumulation": True,
        },
        rules=[
            {"if": _given("contract_broken", {"const": True}), "then": _given("police_contract", {"const": True})},
            {
                "if": _given("grade", {"type": "integer"}),
                "then": {"properties": {"level": {"not": {"const": "basis"}}}},
            },
        ],
    )

    b_codes: Annotated[
        int, Field(ge=0, le=400, description="Aantal problematische halve dagen (B-codes) dit schooljaar")
    ]
    age: Annotated[int, Field(ge=2, le=30, description="Leeftijd van de leerling in jaren")]
    parents: Parents | None = Field(
        default=None,
        description="Houding van de ouders: cooperative (werken mee), powerless (onmacht: proberen "
        "het, maar het lukt niet), unwilling (onwil), unreachable (onbereikbaar); leeg als "
        "onbekend",
    )
    level: Level | None = Field(default=None, description="Onderwijsniveau")
    grade: Annotated[int | None, Field(ge=1, le=3, description="Graad in het secundair onderwijs (1, 2 of 3)")] = None
    pupil_refuses: bool = Field(default=False, description="De leerling weigert elke afspraak of begeleiding")
    fast_accumulation: bool = Field(default=False, description="De afwezigheden stapelen zich snel op")
    other_absences: bool | None = Field(
        default=None, description="Zijn er naast de B-codes ook andere afwezigheden (ziekte, te laat ...)?"
    )
    known_problems: bool = Field(
        default=False, description="Gekende problemen (emotioneel, sociaal, thuis, afwezigheden in vorige schooljaren)"
    )
    worrying_situation: bool = Field(default=False, description="Er is een verontrustende situatie")
    no_improvement: bool = Field(
        default=False, description="Geen verbetering ondanks de inspanningen van school en CLB"
    )
    stopped_attending: bool = Field(default=False, description="De leerling komt helemaal niet meer naar school")
    trajectory_stuck: bool = Field(default=False, description="Het traject zit vast")
    clb_involved: bool = Field(default=False, description="Het CLB is al betrokken")
    naft_before: bool = Field(default=False, description="De leerling volgde al een NAFT-traject")
    police_contract: bool = Field(default=False, description="Er is al een antispijbelcontract met de politie")
    contract_broken: bool = Field(default=False, description="Het antispijbelcontract werd niet nageleefd")

    @model_validator(mode="after")
    def _consistent(self) -> BCodeRequest:
        if self.contract_broken and not self.police_contract:
            raise ValueError("Het veld 'contract_broken' kan alleen true zijn als 'police_contract' ook true is.")
        if self.grade is not None and self.level == "basis":
            raise ValueError("Het veld 'grade' geldt alleen voor het secundair onderwijs.")
        return self


class BCodeResponse(_Sourced):
    model_config = _examples(
        {
            "phase": 2,
            "phase_name": "Fase 2: uitbreiding van zorg",
            "compulsory_school_age": True,
            "priority": False,
            "steps": [
                {
                    "id": "b-signaleren-clb",
                    "actor": "school",
                    "actor_name": "De school",
                    "action": "Signaleer de afwezigheden aan het CLB en werk vanaf dan met het CLB samen.",
                    "summary": "Vanaf 5 B-codes signaleert de school de leerling aan het CLB.",
                    "mandatory": True,
                    "phase": 1,
                    "why": "De leerling heeft 5 B-codes (vanaf 5).",
                    "documents": [],
                    "sections": ["actoren.2"],
                }
            ],
            "partners": [{"id": "clb", "name": "CLB", "why": "Vanaf 5 B-codes.", "sections": ["actoren.2"]}],
            "documents": [],
            "priority_signals": [],
            "reasons": [],
            "sources": [
                {
                    "section": "actoren.2",
                    "title": "De school: opdracht, voorwaarden, signaleren aan het CLB "
                    "vanaf 5 B-codes, informatieplicht bij ziekte",
                }
            ],
        },
        extra="ignore",
    )

    phase: int = Field(description="Fase van het zorgcontinuüm (0 tot 3)")
    phase_name: str = Field(description="Naam van de fase")
    compulsory_school_age: bool = Field(description="Is de leerling nog leerplichtig (jonger dan 18)?")
    priority: bool = Field(description="Zijn er knipperlichten die voorrang vragen?")
    steps: list[StepOut] = Field(description="Stappen: eerst de verplichte, dan de aanbevolen")
    partners: list[PartnerOut] = Field(description="Partners die nu passen")
    documents: list[str] = Field(description="Documenten die bij de stappen horen")
    priority_signals: list[ReasonOut] = Field(description="Knipperlichten")
    reasons: list[ReasonOut] = Field(description="Uitleg bij de fase en de regels")
    sources: SourceList


@router.post("/b-codes", response_model=BCodeResponse, summary="Stappen bij problematische afwezigheid (B-codes)")
def post_b_codes(body: BCodeRequest, repo: RepositoryDep) -> BCodeResponse:
    advice = advise_b_codes(BCodeSituation(**body.engine_input()), repo)
    return _out(BCodeResponse, advice, repo, body.role, compulsory_school_age=bool(advice.compulsory_school_age))


# -- classification -------------------------------------------------------------------------------
class ClassificationRequest(_Request):
    model_config = _examples(
        {
            "feeling": "anxious",
            "parents_know": True,
            "location": "home",
            "parents_keep_home": False,
            "ill": False,
            "enrolled": True,
        },
        {"feeling": "negative", "parents_know": False, "location": "elsewhere", "enrolled": True},
    )

    feeling: Feeling | None = Field(
        default=None,
        description="Hoe de leerling zich voelt bij het vooruitzicht naar school te gaan: anxious "
        "(angstig, onrustig), negative (tegenzin, niet gemotiveerd), indifferent "
        "(onverschillig), positive",
    )
    parents_know: bool | None = Field(default=None, description="Weten de ouders van de afwezigheid?")
    location: Location | None = Field(
        default=None, description="Waar de leerling is tijdens de afwezigheid: home (thuis) of elsewhere (elders)"
    )
    parents_keep_home: bool | None = Field(default=None, description="Houden de ouders hun kind zelf thuis?")
    ill: bool | None = Field(default=None, description="Is de leerling ziek?")
    illness_kind: IllnessKind | None = Field(
        default=None, description="Soort aandoening: physical (lichamelijk) of psychological (psychisch)"
    )
    illness_days: Annotated[int | None, Field(ge=0, le=3650, description="Aantal kalenderdagen ononderbroken ziek")] = (
        None
    )
    chronic: bool = Field(default=False, description="Chronische ziekte")
    certificate: Certificate | None = Field(
        default=None,
        description="Welk stuk er is: none (geen), parents_note (briefje van de ouders), medical "
        "(medisch attest), doubtful (twijfelachtig attest)",
    )
    enrolled: bool | None = Field(default=None, description="Is de leerling ingeschreven in een school?")
    home_education: bool = Field(default=False, description="Krijgt het kind huisonderwijs?")
    holiday_trip: bool = Field(default=False, description="Gaat het om een reis buiten de schoolvakanties?")


class CandidateOut(_Out):
    id: str = Field(description="Id van het type afwezigheid")
    name: str = Field(description="Naam van het type")
    signals: list[ReasonOut] = Field(description="Signalen die in deze richting wijzen")
    codes: list[str] = Field(description="Codes die bij dit type kunnen horen")
    track: str | None = Field(description="Traject van het actieplan (b-code, ziekte, schoolweigering)")
    sections: SectionList


class ClassificationResponse(_Sourced):
    model_config = _examples(
        {
            "certainty": "several",
            "summary": "Meerdere types zijn mogelijk: schoolweigering, schoolfobie.",
            "types": [
                {
                    "id": "schoolweigering",
                    "name": "Schoolweigering",
                    "signals": [
                        {
                            "text": "De leerling voelt angst bij het vooruitzicht naar school te gaan.",
                            "sections": ["actieplan.3.1"],
                        }
                    ],
                    "codes": ["Z", "B"],
                    "track": "schoolweigering",
                    "sections": ["actieplan.3.1"],
                }
            ],
            "code": "B",
            "code_reason": None,
            "tracks": ["schoolweigering"],
            "distinguish": [],
            "questions": [],
            "sources": [
                {
                    "section": "actieplan.3.1",
                    "title": "Schoolweigering: wat het is, verschil met schoolfobie en spijbelen",
                }
            ],
        },
        extra="ignore",
    )

    certainty: Certainty = Field(
        description="likely (één type waarschijnlijk), several (meerdere types mogelijk), unclear (nog niet te "
        "bepalen), none (geen schoolverzuim)"
    )
    summary: str = Field(description="Samenvatting in gewone taal")
    types: list[CandidateOut] = Field(description="Mogelijke types afwezigheid")
    code: str | None = Field(description="De code die van toepassing is (leeg als er geen is)")
    code_reason: ReasonOut | None = Field(description="Waarom die code")
    tracks: list[str] = Field(description="Trajecten van het actieplan om te volgen")
    distinguish: list[ReasonOut] = Field(description="Wat de mogelijke types van elkaar onderscheidt")
    questions: list[str] = Field(description="Vragen die nog open staan")
    sources: SourceList


@router.post("/classification", response_model=ClassificationResponse, summary="Welk type afwezigheid is dit?")
def post_classification(body: ClassificationRequest, repo: RepositoryDep) -> ClassificationResponse:
    result = classify_absence(AbsenceAnswers(**body.engine_input()), repo)
    return _out(ClassificationResponse, result, repo, body.role, types=result.candidates)


# -- which code -----------------------------------------------------------------------------------
class WhichCodeRequest(_Request):
    model_config = _examples(
        {"reason": "begrafenis"},
        {"reason": "briefje-ouders", "consecutive_days": 3, "parent_note_number": 5},
        {"reason": "revalidatie", "special_needs_education": True},
    )

    reason: AbsenceReason = Field(description="De reden van de afwezigheid")
    level: Level | None = Field(default=None, description="Onderwijsniveau")
    special_needs_education: bool = Field(default=False, description="Buitengewoon onderwijs")
    consecutive_days: Annotated[
        int | None,
        Field(ge=1, le=365, description="Aantal opeenvolgende kalenderdagen dat het briefje van de ouders dekt"),
    ] = None
    parent_note_number: Annotated[
        int | None, Field(ge=1, le=100, description="Het hoeveelste briefje van de ouders dit schooljaar")
    ] = None
    expected_at_school: bool | None = Field(
        default=None, description="Bij schorsing: wordt de leerling op school verwacht?"
    )


class AlternativeOut(_Out):
    code: str = Field(description="Andere code")
    when: str = Field(description="Wanneer die code geldt")
    sections: SectionList


class WhichCodeResponse(_Sourced):
    model_config = _examples(
        {
            "code": "R",
            "name": "Van rechtswege gewettigde afwezigheid",
            "category": "gewettigd",
            "why": "Een begrafenis van een bloed- of aanverwant of van een huisgenoot bijwonen is van "
            "rechtswege gewettigd.",
            "document": "verklaring van de betrokkenen of officieel document",
            "limit": None,
            "reasons": [],
            "alternatives": [],
            "sources": [
                {
                    "section": "terminologie.2.1",
                    "title": "Geoorloofd relatief schoolverzuim: codes Z, R, P, M, A (en H)",
                }
            ],
        },
        extra="ignore",
    )

    code: str = Field(description="De afwezigheidscode")
    name: str = Field(description="Naam van de code")
    category: str = Field(description="gewettigd, problematisch of andere")
    why: str = Field(description="Waarom deze code")
    document: str | None = Field(description="Welk stuk de afwezigheid staaft")
    limit: str | None = Field(description="Grens of voorwaarde")
    reasons: list[ReasonOut] = Field(description="Uitleg")
    alternatives: list[AlternativeOut] = Field(description="Andere codes en wanneer ze gelden")
    sources: SourceList


@router.post("/which-code", response_model=WhichCodeResponse, summary="Welke afwezigheidscode geldt?")
def post_which_code(body: WhichCodeRequest, repo: RepositoryDep) -> WhichCodeResponse:
    return _out(WhichCodeResponse, find_code(CodeQuestion(**body.engine_input()), repo), repo, body.role)


# -- TOAH, SIO, School en Ziek zijn ---------------------------------------------------------------
class ToahRequest(_Request):
    model_config = _examples(
        {
            "level": "basis",
            "special_needs_education": False,
            "days_absent_consecutive": 25,
            "chronic": False,
            "half_days_absent": 0,
            "distance_km": 8,
        },
        {
            "level": "secundair",
            "special_needs_education": True,
            "days_absent_consecutive": 0,
            "chronic": True,
            "half_days_absent": 18,
            "distance_km": 21,
            "medical_certificate": True,
        },
        rules=[
            {
                "if": _given("kindergarten_year", {"type": "integer"}),
                "then": {"properties": {"level": {"const": "basis"}}},
            }
        ],
    )

    level: Level = Field(description="Onderwijsniveau: basis (kleuter en lager) of secundair (voltijds)")
    special_needs_education: bool = Field(description="Buitengewoon onderwijs")
    days_absent_consecutive: Annotated[
        int, Field(ge=0, le=3650, description="Kalenderdagen ononderbroken afwezig, weekends en vakanties meegeteld")
    ]
    chronic: bool = Field(description="Chronische ziekte (behandeling van minstens 6 maanden)")
    half_days_absent: Annotated[
        int, Field(ge=0, le=400, description="Halve dagen afwezig dit schooljaar (bij chronische ziekte)")
    ]
    distance_km: Annotated[float, Field(ge=0, le=1000, description="Afstand tussen school en verblijfplaats in km")]
    condition: Condition | None = Field(
        default=None, description="Aard van de aandoening (hoeft niet, een diagnose is niet nodig)"
    )
    medical_certificate: bool | None = Field(default=None, description="Is er een medisch attest?")
    kindergarten_year: Annotated[
        int | None, Field(ge=1, le=3, description="Kleuterklas (1, 2 of 3), als het kind in het kleuteronderwijs zit")
    ] = None
    age: Annotated[int | None, Field(ge=2, le=30, description="Leeftijd in jaren")] = None
    expected_weeks: Annotated[
        int | None, Field(ge=0, le=60, description="Verwachte duur van SIO in weken (langdurige afwezigheid)")
    ] = None
    expected_half_days: Annotated[
        int | None, Field(ge=0, le=400, description="Verwacht gebruik van SIO in halve lesdagen (chronische ziekte)")
    ] = None

    @model_validator(mode="after")
    def _kindergarten(self) -> ToahRequest:
        if self.kindergarten_year is not None and self.level != "basis":
            raise ValueError("Het veld 'kindergarten_year' kan alleen bij level 'basis'.")
        return self


class SupportOut(_Sourced):
    id: str = Field(description="toah, sio of school-en-ziek-zijn")
    name: str = Field(description="Naam van de maatregel")
    status: Status = Field(
        description="eligible (recht), school_decides (recht als de school akkoord gaat), not_yet (nog niet, zie "
        "missing), not_eligible (niet), can_apply (aanvraag mogelijk; de organisator beslist)"
    )
    reasons: list[ReasonOut] = Field(description="Uitleg")
    missing: list[ReasonOut] = Field(description="Wat nog ontbreekt")
    next_steps: list[StepOut] = Field(description="Volgende stappen")
    sources: SourceList


class ToahResponse(_Sourced):
    model_config = _examples(
        {
            "eligible": True,
            "school_decides": False,
            "status": "eligible",
            "toah_lessons": 0,
            "reasons": [
                {
                    "text": "De leerling is 25 kalenderdagen ononderbroken afwezig: meer dan 21 (weekends en "
                    "vakantiedagen tellen mee).",
                    "sections": ["actieplan.2.2.1"],
                }
            ],
            "missing": [],
            "next_steps": [
                {
                    "id": "ziekte-f1-toah-aanvragen",
                    "actor": "ouders",
                    "actor_name": "De ouders",
                    "action": "Dien een schriftelijke aanvraag in bij de directeur van de school, met een "
                    "medisch attest.",
                    "mandatory": True,
                    "phase": 1,
                    "why": "",
                    "documents": ["schriftelijke aanvraag", "medisch attest"],
                    "sections": ["actieplan.2.2.1"],
                }
            ],
            "sio": None,
            "school_en_ziek_zijn": None,
            "sources": [{"section": "actieplan.2.2.1", "title": "Checklist TOAH (tijdelijk onderwijs aan huis)"}],
        },
        extra="ignore",
    )

    eligible: bool = Field(description="Recht op TOAH")
    school_decides: bool = Field(description="Recht op TOAH als de school akkoord gaat (afstand overschreden)")
    status: Status = Field(description="Status voor TOAH")
    toah_lessons: int = Field(description="Bij chronische ziekte: lestijden TOAH waarop de leerling recht heeft")
    reasons: list[ReasonOut] = Field(description="Uitleg bij TOAH en bij onderwijs voor zieke leerlingen")
    missing: list[ReasonOut] = Field(description="Wat nog ontbreekt voor TOAH")
    next_steps: list[StepOut] = Field(description="Volgende stappen voor TOAH")
    sio: SupportOut | None = Field(description="Synchroon internetonderwijs (Bednet)")
    school_en_ziek_zijn: SupportOut | None = Field(description="School en Ziek zijn")
    sources: SourceList


@router.post("/toah", response_model=ToahResponse, summary="Recht op TOAH, SIO (Bednet) en School en Ziek zijn")
def post_toah(body: ToahRequest, repo: RepositoryDep) -> ToahResponse:
    advice = advise_illness(IllnessSituation(**body.engine_input()), repo)
    toah = advice.toah
    return _out(
        ToahResponse,
        advice,
        repo,
        body.role,
        status=toah.status,
        reasons=[*toah.reasons, *advice.reasons],
        missing=toah.missing,
        next_steps=toah.next_steps,
    )


# -- outflow --------------------------------------------------------------------------------------
class OutflowRequest(_Request):
    model_config = _examples({"age": 16, "wish": "werken", "role": "youth"}, {"age": 18, "wish": None})

    age: Annotated[int, Field(ge=10, le=30, description="Leeftijd van de jongere in jaren")]
    wish: Wish | None = Field(
        default=None,
        description="Wat de jongere wil: een kwalificatie behalen, werken, beide combineren of een "
        "opleiding volgen; leeg als het nog niet duidelijk is",
    )
    compulsory: bool | None = Field(
        default=None, description="Is de jongere nog leerplichtig? Leeg laten om het uit de leeftijd af te leiden"
    )
    first_two_years_secondary_done: bool | None = Field(
        default=None, description="Heeft de jongere de eerste twee leerjaren van het secundair beëindigd?"
    )
    secondary_diploma: bool = Field(default=False, description="Heeft de jongere een diploma secundair onderwijs?")


class RouteOut(_Out):
    wish: str = Field(description="De wens")
    title: str = Field(description="Titel van de route")
    text: str = Field(description="Wat kan, in gewone taal")
    helpers: list[str] = Field(description="Ids van de partners die helpen")
    sections: SectionList


class OutflowResponse(_Sourced):
    model_config = _examples(
        {
            "compulsory_school_age": True,
            "may_leave_school": False,
            "part_time_possible": True,
            "explanation": "Je bent nog leerplichtig, dus helemaal stoppen kan nog niet. Je kunt wel leren "
            "en werken combineren: deeltijds naar school en deeltijds werken.",
            "routes": [
                {
                    "wish": "werken",
                    "title": "Werken",
                    "text": "Alleen werken kan nog niet zolang je leerplichtig bent. Je kunt wel deeltijds werken "
                    "en deeltijds les volgen (leren en werken).",
                    "helpers": ["clb"],
                    "sections": ["terminologie.1"],
                }
            ],
            "helpers": [],
            "tools": [],
            "reasons": [],
            "sources": _SOURCE_EXAMPLE,
        },
        extra="ignore",
    )

    compulsory_school_age: bool = Field(description="Is de jongere nog leerplichtig?")
    may_leave_school: bool = Field(description="Mag de jongere de school verlaten?")
    part_time_possible: bool | None = Field(
        description="Kan de jongere deeltijds leren en werken (leeg als het afhangt van de eerste twee jaren secundair)"
    )
    explanation: str = Field(description="Samenvatting in gewone taal")
    routes: list[RouteOut] = Field(description="Routes per wens")
    helpers: list[PartnerOut] = Field(description="Mensen en diensten die helpen")
    tools: list[ReasonOut] = Field(description="Materiaal van de uitstroombegeleiding")
    reasons: list[ReasonOut] = Field(description="Uitleg bij de leerplicht")
    sources: SourceList


@router.post("/outflow", response_model=OutflowResponse, summary="Opties voor een jongere die de school wil verlaten")
def post_outflow(body: OutflowRequest, repo: RepositoryDep) -> OutflowResponse:
    return _out(OutflowResponse, advise_outflow(OutflowQuestion(**body.engine_input()), repo), repo, body.role)


# -- which partner fits ---------------------------------------------------------------------------
class PartnersRequest(_Request):
    model_config = _examples(
        {"track": "b-code", "phase": 3, "tried": ["clb", "naft"], "concerns": ["stuck"]},
        {"track": "b-code", "phase": 2, "parents": "powerless", "role": "parent"},
        {"track": "schoolweigering", "phase": 2, "concerns": ["mental_health"], "level": "secundair", "role": "youth"},
    )

    track: PartnerTrack = Field(
        description="De aanpak: b-code (spijbelen, ongewettigde afwezigheid), ziekte (langdurig of chronisch ziek), "
        "schoolweigering, of uitstroom (de jongere wil de school verlaten)"
    )
    phase: Annotated[
        int | None,
        Field(
            ge=0,
            le=3,
            description="Fase van het zorgcontinuüm: 0 (brede basiszorg), 1 (verhoogde zorg), 2 (uitbreiding van "
            "zorg) of 3 (individueel aangepast curriculum); leeg als onbekend",
        ),
    ] = None
    tried: list[Tried] = Field(
        default_factory=list,
        max_length=4,
        json_schema_extra={"uniqueItems": True},
        description="Wat al geprobeerd werd: clb (een traject van het CLB), naft (een NAFT-traject), politie (een "
        "gesprek met de politie of een antispijbelcontract), transitietraject (UpGrade); een lege lijst: nog niets",
    )
    parents: Parents | None = Field(
        default=None,
        description="Houding van de ouders: cooperative (werken mee), powerless (onmacht: proberen het, maar het "
        "lukt niet), unwilling (onwil), unreachable (onbereikbaar); leeg als onbekend",
    )
    concerns: list[Concern] = Field(
        default_factory=list,
        max_length=6,
        json_schema_extra={"uniqueItems": True},
        description="Waar de zorg over gaat: home_safety (veiligheid thuis), mental_health (psychisch welzijn), "
        "welfare (welzijn of armoede), learning (leren), stuck (de begeleiding zit vast), newcomer (nieuwkomer); "
        "een lege lijst: geen bijzondere zorg",
    )
    level: Level | None = Field(
        default=None, description="Onderwijsniveau; bij basis vallen de partners voor het secundair onderwijs weg"
    )
    pupil_refuses: bool = Field(
        default=False, description="De leerling weigert koppig elke afspraak of begeleiding (onbuigzaamheid)"
    )

    @model_validator(mode="after")
    def _no_doubles(self) -> PartnersRequest:
        for name in ("tried", "concerns"):
            values: list[str] = getattr(self, name)
            double = next((v for v in values if values.count(v) > 1), None)
            if double is not None:
                raise ValueError(f"Het veld '{name}' bevat '{double}' twee keer.")
        return self


class PartnerReferralOut(_Out):
    route: Route = Field(
        description="Wie aanmeldt: clb (het CLB, niet de school), school_with_clb (de school, in overleg met het "
        "CLB), direct (wie bij 'who' staat, rechtstreeks), unknown (het draaiboek beschrijft geen aanmelding)"
    )
    explanation: str = Field(description="Wie aanmeldt, in één zin")
    who: list[str] = Field(description="Wie kan aanmelden of inschakelen (uit de kennisbank)")
    how: list[str] = Field(description="Hoe: A-document, M-document, meldingsfiche, telefoon, mail ...")
    documents: list[str] = Field(description="Documenten die erbij horen")


class PartnerFitOut(_Sourced):
    id: str = Field(description="Id van de partner")
    name: str = Field(description="Naam van de partner")
    kind: str = Field(description="Soort partner (onderwijs, welzijn, zorg, justitie, traject ...)")
    why: ReasonOut = Field(description="De belangrijkste reden waarom deze partner past")
    reasons: list[ReasonOut] = Field(description="Alle redenen, de belangrijkste eerst")
    referral: PartnerReferralOut = Field(description="Wie aanmeldt en hoe")
    phases: list[int] = Field(description="Fasen van het zorgcontinuüm waarin de partner een rol heeft")
    for_whom: str = Field(description="Voor wie de partner er is")
    when: list[str] = Field(description="Wanneer de partner past, volgens de kennisbank")
    sources: SourceList


class LeftOutOut(_Out):
    id: str = Field(description="Id van de partner")
    name: str = Field(description="Naam van de partner")
    why: ReasonOut = Field(description="Waarom deze partner hier niet past")
    sections: SectionList


class PartnersResponse(_Sourced):
    model_config = _examples(
        {
            "track": "b-code",
            "phase": 3,
            "summary": "Best passend: ROTS, AGODI en CLB.",
            "partners": [
                {
                    "id": "rots",
                    "name": "ROTS",
                    "kind": "netwerk",
                    "why": {
                        "text": "ROTS biedt een consult of een overlegtafel bij een vastgelopen, complex traject. Het "
                        "CLB meldt aan (of de jeugdhulp, in consensus met het CLB), per telefoon of mail.",
                        "sections": ["actoren.15.1", "actieplan.1.4"],
                    },
                    "reasons": [],
                    "referral": {
                        "route": "clb",
                        "explanation": "Het CLB meldt aan; de school meldt niet zelf aan.",
                        "who": ["het CLB"],
                        "how": ["telefoon", "mail"],
                        "documents": [],
                    },
                    "phases": [3],
                    "for_whom": "CLB-medewerkers en jeugdhulpverleners met een vastgelopen of complexe casus.",
                    "when": [],
                    "sources": [
                        {
                            "section": "actoren.15.1",
                            "title": "ROTS (Regionaal Overleg Tegen Schooluitval): consult en overlegtafel",
                        }
                    ],
                }
            ],
            "left_out": [
                {
                    "id": "naft",
                    "name": "NAFT",
                    "why": {
                        "text": "Een nieuwe NAFT-aanmelding is meestal niet zinvol als de jongere al NAFT volgde; het "
                        "CLB kan dan ROTS consulteren.",
                        "sections": ["actoren.15.1"],
                    },
                    "sections": ["actoren.15.1"],
                }
            ],
            "reasons": [],
            "sources": [
                {
                    "section": "actoren.15.1",
                    "title": "ROTS (Regionaal Overleg Tegen Schooluitval): consult en overlegtafel",
                }
            ],
        },
        extra="ignore",
    )

    track: PartnerTrack = Field(description="De aanpak")
    phase: int | None = Field(description="Fase van het zorgcontinuüm (leeg als onbekend)")
    summary: str = Field(description="Samenvatting in gewone taal: de best passende partners")
    partners: list[PartnerFitOut] = Field(description="De partners die passen, de best passende eerst")
    left_out: list[LeftOutOut] = Field(description="Partners die hier bewust niet passen, en waarom")
    reasons: list[ReasonOut] = Field(description="Uitleg bij het geheel (bijvoorbeeld: via het CLB)")
    sources: SourceList


@router.post("/partners", response_model=PartnersResponse, summary="Welke partner past bij deze situatie?")
def post_partners(body: PartnersRequest, repo: RepositoryDep) -> PartnersResponse:
    data = body.engine_input()
    situation = PartnerSituation(**{**data, "tried": tuple(data["tried"]), "concerns": tuple(data["concerns"])})
    return _out(PartnersResponse, advise_partners(situation, repo), repo, body.role)
