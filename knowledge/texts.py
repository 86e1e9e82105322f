"""The text catalogue: every sentence a user reads, keyed, with a variant per role.

The catalogue lives in ``knowledge/content/texts/*.yml``::

    texts:
      chat.sources_label:
        default: "Bron: draaiboek 'Afwezig op school', {parts}."
        youth: "Dit komt uit het draaiboek 'Afwezig op school' ({parts})."

``default`` is required; ``staff``, ``parent`` and ``youth`` are optional variants (same placeholders).
A variant that is missing falls back to ``default``; no role (None) means the staff wording. A key stands in
one file only. ``python -m knowledge.validate`` checks the catalogue (:func:`check_catalogue`).
Engines return keys and parameters; the chat actions and the API render them with :func:`render`.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, get_args

import yaml

TEXTS_DIR = Path(__file__).resolve().parent / "content" / "texts"
Role = Literal["staff", "parent", "youth"]
ROLES: tuple[str, ...] = get_args(Role)
VARIANTS = ("default", *ROLES)


class UnknownText(KeyError):
    """A key that the catalogue does not have."""

    def __str__(self) -> str:
        return f"tekst '{self.args[0]}' ontbreekt in knowledge/content/texts"


def placeholders(template: str) -> set[str]:
    """The names of the ``{placeholders}`` of a template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class CatalogueError(ValueError):
    """The catalogue is invalid; ``errors`` lists every problem, each naming file and key."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


def _template_errors(where: str, variant: str, template: str) -> list[str]:
    """Problems of one template: empty, broken braces, placeholders that are no plain names."""
    if not template:
        return [f"{where}, variant '{variant}': mag niet leeg zijn"]
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError as exc:
        return [
            f"{where}, variant '{variant}': ongeldige accolades ({exc}); schrijf '{{{{' en '}}}}' voor een accolade"
        ]
    bad = [name for _, name, _, _ in fields if name is not None and not name.isidentifier()]
    if bad:
        return [f"{where}, variant '{variant}': plaatshouder {{{bad[0]}}} moet een naam zijn, zoals {{count}}"]
    return []


def check_catalogue(directory: Path = TEXTS_DIR) -> tuple[dict[str, dict[str, str]], list[str]]:
    """key -> {variant: template} from every YAML file of ``directory``, and every problem found.

    Problems: a file that is no valid YAML or has no ``texts`` mapping, a key that is no text or lacks
    ``default``, an unknown variant, an empty template or broken braces, a variant whose placeholders differ
    from the default's, a key that stands in two files.
    """
    out: dict[str, dict[str, str]] = {}
    origin: dict[str, str] = {}
    errors: list[str] = []
    files = sorted(directory.glob("*.yml"))
    if not files:
        errors.append(f"{directory}: geen tekstbestanden (*.yml) gevonden")
    for path in files:
        name = f"texts/{path.name}"
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            errors.append(f"{name}: geen geldige YAML: {exc}")
            continue
        texts = raw.get("texts") if isinstance(raw, dict) else None
        if not isinstance(texts, dict):
            errors.append(f"{name}: verwacht een sleutel 'texts' met een mapping")
            continue
        for key, variants in texts.items():
            where = f"{name}: tekst '{key}'"
            if key in origin:
                errors.append(f"{where}: staat ook in {origin[key]}; elke sleutel mag maar één keer voorkomen")
                continue
            if isinstance(variants, str):
                variants = {"default": variants}
            if not isinstance(variants, dict) or "default" not in variants:
                errors.append(f"{where}: heeft geen 'default'")
                continue
            unknown = sorted(str(v) for v in set(variants) - set(VARIANTS))
            if unknown:
                errors.append(f"{where}: onbekende varianten {unknown}; kies uit {list(VARIANTS)}")
                continue
            if not all(isinstance(t, str) for t in variants.values()):
                errors.append(f"{where}: elke variant moet tekst zijn")
                continue
            clean = {str(v): t.strip() for v, t in variants.items()}
            problems = [e for v, t in clean.items() for e in _template_errors(where, v, t)]
            if not problems:
                names = placeholders(clean["default"])
                for variant, template in clean.items():
                    found = placeholders(template)
                    if found != names:
                        problems.append(
                            f"{where}, variant '{variant}': andere plaatshouders dan 'default' "
                            f"({_names(found)} in plaats van {_names(names)})"
                        )
            errors.extend(problems)
            origin[str(key)] = name
            if not problems:
                out[str(key)] = clean
    return out, errors


def _names(names: set[str]) -> str:
    return ", ".join(f"{{{n}}}" for n in sorted(names)) or "geen"


def load_catalogue(directory: Path = TEXTS_DIR) -> dict[str, dict[str, str]]:
    """key -> {variant: template} from every YAML file of ``directory``; :class:`CatalogueError` lists every
    problem (see :func:`check_catalogue`), each naming file and key."""
    out, errors = check_catalogue(directory)
    if errors:
        raise CatalogueError(errors)
    return out


@lru_cache(maxsize=1)
def catalogue() -> Mapping[str, Mapping[str, str]]:
    return load_catalogue()


def template(key: str, role: str | None = None) -> str:
    variants = catalogue().get(key)
    if variants is None:
        raise UnknownText(key)
    return variants.get(role or "staff") or variants["default"]


class MissingValue(KeyError):
    """A placeholder of a text that ``render`` got no value for."""

    def __str__(self) -> str:
        key, name = self.args
        return f"tekst '{key}' mist een waarde voor {{{name}}}"


def render(key: str, role: str | None = None, /, **params: Any) -> str:
    """The text ``key`` for ``role`` (None: the staff wording), with its placeholders filled."""
    found = template(key, role)
    try:
        return found.format(**params)
    except KeyError as exc:
        raise MissingValue(key, exc.args[0]) from None
