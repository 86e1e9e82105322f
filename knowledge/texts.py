"""The text catalogue: every sentence a user reads, keyed, with a variant per role.

The catalogue lives in ``knowledge/content/texts/*.yml``::

    texts:
      chat.sources_label:
        default: "Bron: draaiboek 'Afwezig op school', {parts}."
        youth: "Dit komt uit het draaiboek 'Afwezig op school' ({parts})."

``default`` is required; ``staff``, ``parent`` and ``youth`` are optional variants (same placeholders).
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


def load_catalogue(directory: Path = TEXTS_DIR) -> dict[str, dict[str, str]]:
    """key -> {variant: template} from every YAML file of ``directory``; errors name file and key."""
    out: dict[str, dict[str, str]] = {}
    for path in sorted(directory.glob("*.yml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        texts = raw.get("texts") if isinstance(raw, dict) else None
        if not isinstance(texts, dict):
            raise ValueError(f"{path.name}: verwacht een sleutel 'texts' met een mapping")
        for key, variants in texts.items():
            if key in out:
                raise ValueError(f"{path.name}: tekst '{key}' staat al in een ander bestand")
            if isinstance(variants, str):
                variants = {"default": variants}
            if not isinstance(variants, dict) or "default" not in variants:
                raise ValueError(f"{path.name}: tekst '{key}' heeft geen 'default'")
            unknown = set(variants) - set(VARIANTS)
            if unknown:
                raise ValueError(f"{path.name}: tekst '{key}' heeft onbekende varianten {sorted(unknown)}")
            clean = {str(v): str(t).strip() for v, t in variants.items()}
            names = placeholders(clean["default"])
            for variant, template in clean.items():
                if placeholders(template) != names:
                    raise ValueError(
                        f"{path.name}: tekst '{key}', variant '{variant}' heeft andere plaatshouders dan 'default'"
                    )
            out[str(key)] = clean
    return out


@lru_cache(maxsize=1)
def catalogue() -> Mapping[str, Mapping[str, str]]:
    return load_catalogue()


def template(key: str, role: str | None = None) -> str:
    variants = catalogue().get(key)
    if variants is None:
        raise UnknownText(key)
    return variants.get(role or "staff") or variants["default"]


def render(key: str, role: str | None = None, /, **params: Any) -> str:
    """The text ``key`` for ``role`` (None: the staff wording), with its placeholders filled."""
    return template(key, role).format(**params)
