"""Generate the Rasa lookup table and synonyms of the ``topic`` entity from the knowledge base.

    .venv/bin/python -m knowledge.nlu_export          # write data/nlu/topics.yml
    .venv/bin/python -m knowledge.nlu_export --check  # exit 1 when data/nlu/topics.yml is out of date

Every surface form (a partner's name, full name, abbreviation and aliases, a code as "B-code" or "code B", an absence
type's name, a checklist's name and abbreviation, a glossary term and, for abbreviations, its expansion) becomes an
entry of the lookup table ``topic``; a synonym maps it to the id of its item (``partner:naft``, ``code:B``, ...),
which is the value the actions receive. A form that names several items goes to the first kind in
:data:`KIND_PRIORITY`. The file is generated: edit the content, never the file.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from knowledge.config import REPO_ROOT
from knowledge.schema import Content
from knowledge.validate import read_content

OUTPUT = REPO_ROOT / "data" / "nlu" / "topics.yml"
KIND_PRIORITY = ("partner", "checklist", "code", "absence-type", "term")
# Forms too common to mean one item: every question about school absence names the school, the pupil or the
# parents; the others are ordinary words or collide with ordinary words.
GENERIC_FORMS = frozenset(
    {
        "school",
        "leerling",
        "ouders",
        "ouder",
        "arts",
        "consult",
        "so",
        "ict",
        "vzw",
        "bao",
        "leerwinkel",
        "thuisschool",
        "jongere zelf",
        "leerling of jongere zelf",
        "stad of gemeente",
    }
)
_ARTICLES = re.compile(r"^(?:de|het|een|vzw|project)\s+", re.IGNORECASE)
# A name's own abbreviation or alias in brackets after a space: "Tijdelijk onderwijs aan huis (TOAH)"; not the
# plural ending of "voorziening(en)".
_PARENS = re.compile(r"(?<=\s)\(([^()]*)\)")
# Short words that are never the name of an item.
_FUNCTION_WORDS = frozenset({"en", "of", "de", "het", "een", "van", "in", "op", "met", "voor", "bij", "aan"})
_QUOTED = re.compile(r"['‘’\"“”]")


def _clean(form: str) -> str:
    form = _QUOTED.sub("", form).strip().lower()
    form = re.sub(r"\s+", " ", form)
    while _ARTICLES.match(form):
        form = _ARTICLES.sub("", form, count=1)
    return form.strip(" ,.;:-")


def name_forms(*names: str | None) -> Iterator[str]:
    """The forms of a name: "Tijdelijk onderwijs aan huis (TOAH)" -> the name without and the part in brackets,
    and the parts of names joined by " - " or ", "."""
    for name in names:
        if not name:
            continue
        inside = _PARENS.findall(name)
        outside = _PARENS.sub("", name)
        for part in [outside, *inside, *re.split(r"\s+-\s+|,\s+", outside)]:
            yield _clean(part)


def code_forms(letter: str) -> Iterator[str]:
    c = letter.lower()
    for form in (f"code {c}", f"{c}-code", f"{c} code", f"{c}code", f"codes {c}"):
        yield form
        if not form.startswith("code"):
            yield form + "s"


def _is_abbreviation(term: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", term)
    return len(letters) >= 2 and (letters.isupper() or "-document" in term.lower())


def item_forms(content: Content) -> Iterator[tuple[str, str]]:
    """(item id, surface form) for every form the content gives, in the order of :data:`KIND_PRIORITY`."""
    for p in content.partners:
        for form in name_forms(p.name, p.full_name, p.id.replace("-", " "), *p.aliases):
            yield f"partner:{p.id}", form
    for cl in content.checklists:
        for form in name_forms(cl.name, cl.id.replace("-", " ")):
            yield f"checklist:{cl.id}", form
    for code in content.codes:
        for form in code_forms(code.code):
            yield f"code:{code.code}", form
    for t in content.absence_types:
        for form in name_forms(t.name, t.id.replace("-", " ")):
            yield f"absence-type:{t.id}", form
            # The types are named in the plural ("thuisblijvers"); people also write of one pupil ("een thuisblijver").
            if form.endswith(("ers", "aars")):
                yield f"absence-type:{t.id}", form[:-1]
    for g in content.glossary:
        forms = [g.term, g.expansion] if _is_abbreviation(g.term) else [g.term]
        for form in name_forms(*forms, *g.aliases):
            yield f"term:{g.id}", form


def topic_synonyms(content: Content) -> dict[str, list[str]]:
    """item id -> its forms; each form goes to one item only, by kind priority, then first come."""
    owner: dict[str, str] = {}
    for item_id, form in item_forms(content):
        if len(form) < 2 or form in GENERIC_FORMS or form in _FUNCTION_WORDS or form in owner:
            continue
        owner[form] = item_id
    out: dict[str, list[str]] = {}
    for form, item_id in owner.items():
        out.setdefault(item_id, []).append(form)
    return out


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_yaml(synonyms: dict[str, list[str]]) -> str:
    lines = [
        "# GENERATED by `python -m knowledge.nlu_export` from knowledge/content/: do not edit by hand.",
        "# The lookup table of the `topic` entity and the synonyms that map every form to its item id.",
        'version: "3.1"',
        "nlu:",
        "  - lookup: topic",
        "    examples: |",
    ]
    forms = sorted({f for fs in synonyms.values() for f in fs})
    lines.extend(f"      - {f}" for f in forms)
    for item_id in sorted(synonyms):
        lines.append(f"  - synonym: {_quote(item_id)}")
        lines.append("    examples: |")
        lines.extend(f"      - {f}" for f in sorted(synonyms[item_id]))
    return "\n".join(lines) + "\n"


def generate(content: Content | None = None) -> str:
    return render_yaml(topic_synonyms(content or read_content()))


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the file is up to date")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(list(argv) if argv is not None else None)
    text = generate()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is niet up-to-date: voer `python -m knowledge.nlu_export` uit.", file=sys.stderr)
            return 1
        print(f"{args.output} is up-to-date.")
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"{args.output} geschreven.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
