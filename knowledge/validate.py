"""Read and validate the content files and the text catalogue; every error names file, item and problem.

Run ``python -m knowledge.validate`` to check the content and the texts (``content/texts/*.yml``) without
touching a database.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from knowledge.safety import SafetyContentError, load_helplines, load_lexicon
from knowledge.schema import Content, ContentFile, Practice, Question
from knowledge.texts import check_catalogue

PACKAGE_DIR = Path(__file__).resolve().parent
CONTENT_DIR = PACKAGE_DIR / "content"
SECTIONS_FILE = PACKAGE_DIR / "sections.yml"

TEXTS_SUBDIR = "texts"  # the text catalogue, beside the content files (see knowledge/texts.py)

COLLECTIONS = tuple(ContentFile.model_fields)

# libyaml's loader when PyYAML has it: ten times faster on the content, same result.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml(text: str) -> Any:
    return yaml.load(text, Loader=_YAML_LOADER)


class ContentError(Exception):
    """The content is invalid; ``errors`` lists every problem found."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class SectionInfo:
    id: str
    title: str
    line_start: int
    line_end: int


def load_sections(path: Path = SECTIONS_FILE) -> list[SectionInfo]:
    raw = _yaml(path.read_text(encoding="utf-8"))
    return [
        SectionInfo(id=s["id"], title=s["title"], line_start=s["lines"][0], line_end=s["lines"][1])
        for s in raw["sections"]
    ]


def _item_label(collection: str, index: int, raw: Any) -> str:
    ident = None
    if isinstance(raw, dict):
        ident = raw.get("id") or raw.get("code") or raw.get("term")
    return f"{collection}[{index}]" + (f" (id '{ident}')" if ident else "")


def _describe(file: str, data: Any, err: ValidationError) -> list[str]:
    messages = []
    for e in err.errors():
        loc = list(e["loc"])
        where = file
        if len(loc) >= 2 and loc[0] in COLLECTIONS and isinstance(loc[1], int):
            raw = data.get(loc[0], [])[loc[1]] if isinstance(data, dict) else None
            where += ": " + _item_label(str(loc[0]), loc[1], raw)
            loc = loc[2:]
        field = ".".join(str(p) for p in loc) or "(bestand)"
        messages.append(f"{where}: {field}: {_dutch(e)}")
    return messages


_MESSAGES = {
    "missing": "ontbreekt (dit veld is verplicht)",
    "extra_forbidden": "is geen gekend veld (tikfout of verkeerde plaats?)",
    "string_type": "moet tekst zijn",
    "bool_type": "moet true of false zijn",
    "bool_parsing": "moet true of false zijn",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "list_type": "moet een lijst zijn (regels die met '- ' beginnen)",
    "model_type": "moet een mapping zijn (regels 'sleutel: waarde')",
    "model_attributes_type": "moet een mapping zijn (regels 'sleutel: waarde')",
    "dict_type": "moet een mapping zijn (regels 'sleutel: waarde')",
}


def _dutch(e: Any) -> str:
    """A Dutch description of one pydantic error; pydantic's own (English) text only as a last resort."""
    kind, ctx = e.get("type", ""), e.get("ctx") or {}
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("' or '", "' of '")
        return f"ongeldige waarde {e.get('input')!r}; kies uit {expected}"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == "^[A-Z]$":
            return f"ongeldige code {e.get('input')!r}: één hoofdletter, zoals Z of B"
        return (
            f"ongeldige id {e.get('input')!r}: gebruik kleine letters, cijfers, '-' of '.', "
            "bijvoorbeeld 'school-en-ziek-zijn'"
        )
    if kind == "string_too_short":
        return "mag niet leeg zijn"
    if kind == "string_too_long":
        return f"is te lang (hoogstens {ctx.get('max_length')} tekens)"
    if kind == "too_short":
        return f"moet minstens {ctx.get('min_length')} element(en) bevatten"
    if kind in ("greater_than_equal", "greater_than"):
        return f"is te klein (minstens {ctx.get('ge', ctx.get('gt'))})"
    if kind in ("less_than_equal", "less_than"):
        return f"is te groot (hoogstens {ctx.get('le', ctx.get('lt'))})"
    if kind == "value_error" and ctx.get("error"):
        return str(ctx["error"])
    return str(e.get("msg", "ongeldig"))


def read_content(content_dir: Path = CONTENT_DIR, sections_file: Path = SECTIONS_FILE) -> Content:
    """Parse every ``*.yml`` file under ``content_dir``, merge and cross-check them."""
    errors: list[str] = []
    merged: dict[str, list[Any]] = {c: [] for c in COLLECTIONS}
    origin: dict[int, str] = {}
    files = sorted(content_dir.glob("*.yml"))
    if not files:
        raise ContentError([f"{content_dir}: geen inhoudsbestanden (*.yml) gevonden"])
    for path in files:
        name = path.relative_to(content_dir.parent).as_posix()
        try:
            data = _yaml(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            errors.append(f"{name}: geen geldige YAML: {exc}")
            continue
        if not isinstance(data, dict):
            errors.append(f"{name}: het bestand moet een mapping zijn met sleutels zoals 'partners:'")
            continue
        try:
            parsed = ContentFile.model_validate(data)
        except ValidationError as exc:
            errors.extend(_describe(name, data, exc))
            continue
        for collection in COLLECTIONS:
            for item in getattr(parsed, collection):
                origin[id(item)] = name
                merged[collection].append(item)
    if errors:
        raise ContentError(errors)
    content = Content.model_validate(merged)
    # model_validate on already-built models keeps the instances, so origin stays valid.
    errors.extend(_cross_check(content, {s.id for s in load_sections(sections_file)}, origin))
    if errors:
        raise ContentError(errors)
    return content


def _cross_check(content: Content, section_ids: set[str], origin: dict[int, str]) -> list[str]:
    errors: list[str] = []
    partner_ids = {p.id for p in content.partners}
    code_ids = {c.code for c in content.codes}

    def where(item: Any, label: str) -> str:
        return f"{origin.get(id(item), 'knowledge/content')}: {label}"

    def check_sections(item: Any, label: str) -> None:
        for s in item.sections:
            if s not in section_ids:
                errors.append(f"{where(item, label)}: sections: onbekende sectie '{s}' (niet in sections.yml)")

    def check_partners(item: Any, label: str, ids: list[str], field: str) -> None:
        for pid in ids:
            if pid not in partner_ids:
                errors.append(f"{where(item, label)}: {field}: onbekende partner '{pid}'")

    # Nested items come from the file of their parent.
    for code in content.codes:
        for reason in code.reasons:
            origin.setdefault(id(reason), origin.get(id(code), "knowledge/content"))
    for track in content.tracks:
        for phase in track.phases:
            for child in [phase, *phase.steps, *phase.practices, *phase.questions]:
                origin.setdefault(id(child), origin.get(id(track), "knowledge/content"))

    def duplicates(kind: str, items: list[Any], key: Any) -> None:
        groups: dict[str, list[Any]] = {}
        for item in items:
            groups.setdefault(key(item), []).append(item)
        for ident, found in groups.items():
            if len(found) > 1:
                files = ", ".join(dict.fromkeys(origin.get(id(i), "knowledge/content") for i in found))
                errors.append(
                    f"{files}: {kind} (id '{ident}'): deze id komt {len(found)} keer voor; elke id moet uniek zijn"
                )

    def ident(item: Any) -> str:
        return str(item.id)

    phases = [p for t in content.tracks for p in t.phases]
    duplicates("codes", content.codes, lambda c: c.code)
    duplicates("absence_types", content.absence_types, ident)
    duplicates("partners", content.partners, ident)
    duplicates("tracks", content.tracks, ident)
    duplicates("checklists", content.checklists, ident)
    duplicates("topics", content.topics, ident)
    # A term's id (its slug) is its key in the database: "S&Z" and "S-Z" would collide.
    duplicates("glossary", content.glossary, lambda g: g.id)
    duplicates("code reasons", [r for c in content.codes for r in c.reasons], ident)
    duplicates("steps", [s for p in phases for s in p.steps], ident)
    duplicates("practices", [x for p in phases for x in p.practices], ident)
    duplicates("questions", [x for p in phases for x in p.questions], ident)

    for code in content.codes:
        check_sections(code, f"codes (id '{code.code}')")
        for reason in code.reasons:
            check_sections(reason, f"codes (id '{code.code}') reasons (id '{reason.id}')")
    for at in content.absence_types:
        label = f"absence_types (id '{at.id}')"
        check_sections(at, label)
        for c in at.codes:
            if c not in code_ids:
                errors.append(f"{where(at, label)}: codes: onbekende code '{c}'")
    for partner in content.partners:
        check_sections(partner, f"partners (id '{partner.id}')")
    for track in content.tracks:
        label = f"tracks (id '{track.id}')"
        check_sections(track, label)
        for phase in track.phases:
            plabel = f"{label} fase {phase.number}"
            check_sections(phase, plabel)
            for step in phase.steps:
                slabel = f"{plabel} steps (id '{step.id}')"
                check_sections(step, slabel)
                check_partners(step, slabel, [step.actor], "actor")
                check_partners(step, slabel, step.partners, "partners")
            extras: list[Practice | Question] = [*phase.practices, *phase.questions]
            for x in extras:
                check_sections(x, f"{plabel} (id '{x.id}')")
    for cl in content.checklists:
        label = f"checklists (id '{cl.id}')"
        check_sections(cl, label)
        check_partners(cl, label, cl.partners, "partners")
    for topic in content.topics:
        label = f"topics (id '{topic.id}')"
        check_sections(topic, label)
        check_partners(topic, label, topic.partners, "partners")
    for term in content.glossary:
        check_sections(term, f"glossary (term '{term.term}')")
    return errors


def read_texts(texts_dir: Path = CONTENT_DIR / TEXTS_SUBDIR) -> dict[str, dict[str, str]]:
    """The text catalogue of ``texts_dir``: key -> {variant: template}; :class:`ContentError` lists every problem
    (no ``default``, placeholders that differ between variants, a key in two files ...)."""
    texts, errors = check_catalogue(texts_dir)
    if errors:
        raise ContentError(errors)
    return texts


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    content_dir = Path(args[0]) if args else CONTENT_DIR
    errors: list[str] = []
    content: Content | None = None
    texts: dict[str, dict[str, str]] = {}
    try:
        content = read_content(content_dir)
    except ContentError as exc:
        errors.extend(exc.errors)
    try:
        texts = read_texts(content_dir / TEXTS_SUBDIR)
    except ContentError as exc:
        errors.extend(exc.errors)
    if content_dir == CONTENT_DIR:
        # The safety lexicon and the help lines (knowledge/content/safety/).
        for loader in (load_lexicon, load_helplines):
            try:
                loader()
            except SafetyContentError as exc:
                errors.extend(exc.errors)
    if errors or content is None:
        print(f"De inhoud bevat {len(errors)} fout(en):", file=sys.stderr)
        for line in errors:
            print(f"  - {line}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{c}: {len(getattr(content, c))}" for c in COLLECTIONS)
    print(f"Inhoud in orde ({counts}, teksten: {len(texts)}).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
