"""The safety check: does a message signal danger, and which help lines fit?

:func:`check` is deterministic and pure: it reads a message against the lexicon in
``knowledge/content/safety/lexicon.yml`` (words and phrases with their lemma variants, Flemish and chat
spelling, one-typo tolerance for long words, and "unless" contexts for harmless near-misses) and returns
the category of danger with the matched words, or ``None``. The file's header explains the format.

:func:`helplines` reads ``knowledge/content/safety/helplines.yml``: each help line with its number or
website, for whom, when, and its source (the service's own website, or the draaiboek's sections).

This module runs in both environments: the Rasa NLU component ``bot/components/safety_gate.py``
(``.venv-rasa``) and the actions (``.venv``). So it imports only the standard library, PyYAML and
rapidfuzz, and no other module of ``knowledge``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml
from rapidfuzz import process
from rapidfuzz.distance import OSA

PACKAGE_DIR = Path(__file__).resolve().parent
SAFETY_DIR = PACKAGE_DIR / "content" / "safety"
LEXICON_FILE = SAFETY_DIR / "lexicon.yml"
HELPLINES_FILE = SAFETY_DIR / "helplines.yml"
SECTIONS_FILE = PACKAGE_DIR / "sections.yml"

# The kinds of danger, in the order in which they win when a message signals several.
CATEGORIES: tuple[str, ...] = ("suicide", "self_harm", "sexual_abuse", "abuse", "violence", "unsafe")
# Who a help line is listed for: the three roles, and "default" when the role is not known.
AUDIENCES: tuple[str, ...] = ("default", "staff", "parent", "youth")
DEFAULT_WINDOW = 4


class SafetyContentError(ValueError):
    """The lexicon or the help lines file is not valid; every message names file and item."""

    def __init__(self, errors: Sequence[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = list(errors)


@dataclass(frozen=True)
class SafetyMatch:
    """A message that signals danger: which kind, the words that showed it, and the rule that matched."""

    category: str
    phrase: str
    rule: str


# ----------------------------------------------------------------------------------------- reading
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_CONTRACTIONS = (
    (re.compile(r"(?<![a-z0-9])m'n(?![a-z0-9])"), "mijn"),
    (re.compile(r"(?<![a-z0-9])z'n(?![a-z0-9])"), "zijn"),
    (re.compile(r"(?<![a-z0-9])d'r(?![a-z0-9])"), "haar"),
    (re.compile(r"(?<![a-z0-9])'k(?![a-z0-9])"), "ik"),
    (re.compile(r"(?<![a-z0-9])'t(?![a-z0-9])"), "het"),
    (re.compile(r"(?<![a-z0-9])'s(?=\s)"), ""),  # 's nachts, 's avonds
)
_REPEATS = re.compile(r"(.)\1{2,}")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def plain_words(text: str) -> list[str]:
    """Lower case, accents dropped, m'n/z'n/'k/'t spelled out ('s dropped), long letter runs shortened, split
    into words."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(_APOSTROPHES)
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = _REPEATS.sub(r"\1\1", text)
    return [w for w in _NOT_WORD.split(text) if w]


@dataclass(frozen=True)
class _Slot:
    """One word of a phrase: any of ``words``, any word starting with one of ``prefixes``, or the end."""

    words: frozenset[str] = frozenset()
    prefixes: frozenset[str] = frozenset()
    end: bool = False


@dataclass(frozen=True)
class _Reading:
    """How the lexicon reads one word of a message: the word itself and the lexicon words one typo away."""

    forms: frozenset[str]
    prefixes: frozenset[str]

    def fits(self, slot: _Slot) -> bool:
        return bool(slot.words & self.forms) or bool(slot.prefixes & self.prefixes)


@dataclass(frozen=True)
class _Unless:
    """Cancels a match: within ``before`` words before it or ``after`` words after it; when ``around``,
    also when it shares words with it."""

    concept: str
    before: int
    after: int
    around: bool


@dataclass(frozen=True)
class _Rule:
    id: str
    category: str
    all: tuple[str, ...]
    window: int
    unless: tuple[_Unless, ...]


Span = tuple[int, int]  # first and last word (inclusive)


def _gap(a: Span, b: Span) -> int:
    """Words between two spans; -1 when they share a word."""
    if a[1] < b[0]:
        return b[0] - a[1] - 1
    if b[1] < a[0]:
        return a[0] - b[1] - 1
    return -1


@dataclass
class Lexicon:
    """The compiled lexicon. Build it with :func:`load_lexicon`; use :meth:`matches`."""

    rewrite: Mapping[str, tuple[str, ...]]
    not_fuzzy: frozenset[str]
    fuzzy_min_length: int
    phrase_gap: int
    categories: tuple[str, ...]
    concepts: Mapping[str, tuple[tuple[_Slot, ...], ...]]
    rules: tuple[_Rule, ...]
    fuzzy_words: frozenset[str]
    fuzzy_prefixes: frozenset[str]
    exact_words: frozenset[str]
    _cache: dict[str, _Reading] = field(default_factory=dict, init=False, repr=False)
    _by_length: dict[int, list[str]] = field(default_factory=dict, init=False, repr=False)
    _all_prefixes: frozenset[str] = field(default=frozenset(), init=False, repr=False)

    _starts: dict[str, list[tuple[str, tuple[_Slot, ...]]]] = field(default_factory=dict, init=False, repr=False)
    _prefix_starts: dict[str, list[tuple[str, tuple[_Slot, ...]]]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for word in sorted(self.fuzzy_words):
            self._by_length.setdefault(len(word), []).append(word)
        self._all_prefixes = frozenset(
            p for phrases in self.concepts.values() for phrase in phrases for slot in phrase for p in slot.prefixes
        )
        # Phrases by their first word, so that a message is read in one pass.
        for concept, phrases in self.concepts.items():
            for phrase in phrases:
                for word in phrase[0].words:
                    self._starts.setdefault(word, []).append((concept, phrase))
                for prefix in phrase[0].prefixes:
                    self._prefix_starts.setdefault(prefix, []).append((concept, phrase))

    # -- words
    def words(self, text: str) -> list[str]:
        """The words of a message as the lexicon reads them: normalised, then rewritten."""
        out: list[str] = []
        for word in plain_words(text):
            out.extend(self.rewrite.get(word, (word,)))
        return out

    def typo_forms(self, word: str) -> tuple[frozenset[str], frozenset[str]]:
        """Lexicon words and prefixes that ``word`` matches only by the one-typo rule (empty when not eligible)."""
        if (
            len(word) < self.fuzzy_min_length
            or word in self.not_fuzzy
            or word in self.exact_words
            or word.isdigit()
            or any(word.startswith(p) for p in self._all_prefixes)
        ):
            return frozenset(), frozenset()
        candidates: list[str] = []
        for length in (len(word) - 1, len(word), len(word) + 1):
            candidates.extend(self._by_length.get(length, ()))
        forms = frozenset(
            str(choice)
            for choice, _, _ in process.extract(word, candidates, scorer=OSA.distance, score_cutoff=1, limit=None)
        )
        prefixes = frozenset(
            p
            for p in self.fuzzy_prefixes
            if not word.startswith(p)
            and any(
                len(word) >= k and OSA.distance(word[:k], p, score_cutoff=1) <= 1
                for k in (len(p) - 1, len(p), len(p) + 1)
            )
        )
        return forms, prefixes

    def _read(self, word: str) -> _Reading:
        reading = self._cache.get(word)
        if reading is None:
            forms, typo_prefixes = self.typo_forms(word)
            exact_prefixes = frozenset(p for p in self._all_prefixes if word.startswith(p))
            reading = _Reading(forms | {word}, exact_prefixes | typo_prefixes)
            if len(self._cache) < 50_000:
                self._cache[word] = reading
        return reading

    # -- matching
    def _all_spans(self, readings: list[_Reading]) -> dict[str, list[Span]]:
        """Where each concept occurs in the message: the spans of its phrases."""
        n = len(readings)
        found: dict[str, set[Span]] = {}

        def extend(concept: str, phrase: tuple[_Slot, ...], k: int, last: int, start: int) -> None:
            if k == len(phrase):
                found.setdefault(concept, set()).add((start, last))
                return
            slot = phrase[k]
            if slot.end:
                if last == n - 1:
                    found.setdefault(concept, set()).add((start, last))
                return
            for pos in range(last + 1, min(n, last + 2 + self.phrase_gap)):
                if readings[pos].fits(slot):
                    extend(concept, phrase, k + 1, pos, start)

        for i, reading in enumerate(readings):
            starting = [c for form in reading.forms for c in self._starts.get(form, ())]
            starting += [c for prefix in reading.prefixes for c in self._prefix_starts.get(prefix, ())]
            for concept, phrase in dict.fromkeys(starting):
                extend(concept, phrase, 1, i, i)
        return {concept: sorted(spans) for concept, spans in found.items()}

    def _rule_span(self, rule: _Rule, spans: dict[str, list[Span]]) -> Span | None:
        anchors = spans.get(rule.all[0], [])
        if not anchors:
            return None
        others = [spans.get(c, []) for c in rule.all[1:]]
        if any(not found for found in others):
            return None
        for anchor in anchors:
            near = [[s for s in found if 0 <= _gap(anchor, s) <= rule.window] for found in others]
            for combo in product(*near):
                chosen = [anchor, *combo]
                if any(_gap(a, b) < 0 for i, a in enumerate(chosen) for b in chosen[i + 1 :]):
                    continue
                span = (min(s[0] for s in chosen), max(s[1] for s in chosen))
                if not self._cancelled(rule, span, spans):
                    return span
        return None

    @staticmethod
    def _cancelled(rule: _Rule, span: Span, spans: dict[str, list[Span]]) -> bool:
        for unless in rule.unless:
            for s in spans.get(unless.concept, []):
                gap = _gap(span, s)
                if gap < 0:
                    if unless.around:
                        return True
                elif (s[0] > span[1] and gap <= unless.after) or (s[1] < span[0] and gap <= unless.before):
                    return True
        return False

    def matches(self, text: str) -> list[SafetyMatch]:
        """Every rule that matches, one match per rule, the most serious category first."""
        words = self.words(text)
        spans = self._all_spans([self._read(w) for w in words])
        found: list[tuple[int, int, SafetyMatch]] = []
        for rule in self.rules:
            span = self._rule_span(rule, spans)
            if span is not None:
                match = SafetyMatch(rule.category, " ".join(words[span[0] : span[1] + 1]), rule.id)
                found.append((self.categories.index(rule.category), span[0], match))
        return [m for _, _, m in sorted(found, key=lambda t: (t[0], t[1]))]

    def check(self, text: str) -> SafetyMatch | None:
        found = self.matches(text)
        return found[0] if found else None


# ----------------------------------------------------------------------------------------- lexicon file
_WORD = r"[a-z0-9]+\*?"
_SLOT = re.compile(rf"^(@[a-z_]+|\$|{_WORD}(\|{_WORD})*)$")
_NAME = re.compile(r"^[a-z][a-z_]*$")
_RULE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _yaml(text: str) -> Any:
    """YAML with the C loader when PyYAML has it (the lexicon is large), else the pure Python one."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _is_plain_word(word: str) -> bool:
    return plain_words(word) == [word]


def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    """Read and check the lexicon; :class:`SafetyContentError` lists every problem."""
    name = path.name
    try:
        raw = _yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SafetyContentError([f"{name}: geen geldige YAML: {exc}"]) from exc
    if not isinstance(raw, dict):
        raise SafetyContentError([f"{name}: verwacht een mapping met 'concepts' en 'rules'"])
    errors: list[str] = []
    unknown = set(raw) - {"settings", "categories", "rewrite", "not_fuzzy", "concepts", "rules"}
    if unknown:
        errors.append(f"{name}: onbekende sleutels {sorted(unknown)}")

    settings = raw.get("settings") or {}
    min_length = settings.get("fuzzy_min_length", 6) if isinstance(settings, dict) else None
    gap = settings.get("phrase_gap", 1) if isinstance(settings, dict) else None
    if not isinstance(min_length, int) or min_length < 4:
        errors.append(f"{name}: settings.fuzzy_min_length moet een geheel getal van minstens 4 zijn")
        min_length = 6
    if not isinstance(gap, int) or gap < 0:
        errors.append(f"{name}: settings.phrase_gap moet een geheel getal van minstens 0 zijn")
        gap = 1
    typo_concepts = settings.get("typo_concepts", []) if isinstance(settings, dict) else []
    if not isinstance(typo_concepts, list) or not all(isinstance(c, str) for c in typo_concepts):
        errors.append(f"{name}: settings.typo_concepts moet een lijst van concepten zijn")
        typo_concepts = []

    categories = raw.get("categories")
    if not isinstance(categories, list) or sorted(map(str, categories)) != sorted(CATEGORIES):
        errors.append(
            f"{name}: categories moet precies deze categorieën bevatten, in volgorde van ernst: {list(CATEGORIES)}"
        )
        categories = list(CATEGORIES)

    rewrite: dict[str, tuple[str, ...]] = {}
    raw_rewrite = raw.get("rewrite") or {}
    if not isinstance(raw_rewrite, dict):
        errors.append(f"{name}: rewrite moet een mapping zijn (woord: vervanging)")
        raw_rewrite = {}
    for key, value in raw_rewrite.items():
        words = str(value).split()
        if not _is_plain_word(str(key)) or not words or not all(_is_plain_word(w) for w in words):
            errors.append(
                f"{name}: rewrite '{key}': één woord in kleine letters, vervangen door woorden in kleine letters"
            )
            continue
        rewrite[str(key)] = tuple(words)

    not_fuzzy_raw = raw.get("not_fuzzy") or []
    if not isinstance(not_fuzzy_raw, list) or not all(isinstance(w, str) and _is_plain_word(w) for w in not_fuzzy_raw):
        errors.append(f"{name}: not_fuzzy moet een lijst van losse woorden in kleine letters zijn")
        not_fuzzy_raw = []

    concepts_raw = raw.get("concepts")
    if not isinstance(concepts_raw, dict) or not concepts_raw:
        raise SafetyContentError([*errors, f"{name}: concepts ontbreekt"])
    items: dict[str, list[str]] = {}
    for cname, phrases in concepts_raw.items():
        if not _NAME.match(str(cname)):
            errors.append(f"{name}: concept '{cname}': naam in kleine letters en '_'")
        if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) and p.strip() for p in phrases):
            errors.append(f"{name}: concept '{cname}': verwacht een lijst van woorden of woordgroepen")
            continue
        items[str(cname)] = [p.strip() for p in phrases]

    def single_word(cname: str, seen: frozenset[str] = frozenset()) -> bool:
        """Whether every item of a concept is one word (so that it can stand in for one word of a phrase)."""
        if cname in seen or cname not in items:
            return False
        for phrase in items[cname]:
            parts = phrase.split()
            if len(parts) != 1:
                return False
            if parts[0].startswith("@") and not single_word(parts[0][1:], seen | {cname}):
                return False
        return True

    def slot_of(cname: str, token: str, seen: frozenset[str]) -> _Slot | None:
        if token == "$":
            return _Slot(end=True)
        if token.startswith("@"):
            ref = token[1:]
            if ref not in items:
                errors.append(f"{name}: concept '{cname}': '{token}' verwijst naar een onbekend concept")
                return None
            if not single_word(ref) or ref in seen:
                errors.append(f"{name}: concept '{cname}': '{token}' mag alleen naar losse woorden verwijzen")
                return None
            words: set[str] = set()
            prefixes: set[str] = set()
            for phrase in compiled(ref, seen | {cname}):
                words |= phrase[0].words
                prefixes |= phrase[0].prefixes
            return _Slot(frozenset(words), frozenset(prefixes))
        words, prefixes = set(), set()
        for alternative in token.split("|"):
            if alternative.endswith("*"):
                prefixes.add(alternative[:-1])
            else:
                words.add(alternative)
        return _Slot(frozenset(words), frozenset(prefixes))

    cache: dict[str, tuple[tuple[_Slot, ...], ...]] = {}

    def compiled(cname: str, seen: frozenset[str] = frozenset()) -> tuple[tuple[_Slot, ...], ...]:
        if cname in cache:
            return cache[cname]
        if cname in seen:
            errors.append(f"{name}: concept '{cname}' verwijst (via andere concepten) naar zichzelf")
            return ()
        out: list[tuple[_Slot, ...]] = []
        for phrase in items.get(cname, []):
            tokens = phrase.split()
            if len(tokens) == 1 and tokens[0].startswith("@"):
                ref = tokens[0][1:]
                if ref not in items:
                    errors.append(f"{name}: concept '{cname}': '{phrase}' verwijst naar een onbekend concept")
                    continue
                out.extend(compiled(ref, seen | {cname}))
                continue
            bad = [t for t in tokens if not _SLOT.match(t)]
            if bad or tokens[0] == "$" or "$" in tokens[:-1]:
                errors.append(
                    f"{name}: concept '{cname}': '{phrase}' is geen geldige woordgroep "
                    "(woorden in kleine letters zonder accenten, woord*, a|b, @concept, $ op het einde)"
                )
                continue
            slots = [slot_of(cname, t, seen) for t in tokens]
            if all(s is not None for s in slots):
                out.append(tuple(s for s in slots if s is not None))
        cache[cname] = tuple(out)
        return cache[cname]

    concepts = {cname: compiled(cname) for cname in items}

    rules: list[_Rule] = []
    rules_raw = raw.get("rules")
    if not isinstance(rules_raw, list) or not rules_raw:
        errors.append(f"{name}: rules ontbreekt")
        rules_raw = []
    seen_ids: set[str] = set()
    used: set[str] = set()
    for number, entry in enumerate(rules_raw, start=1):
        where = f"{name}: regel {number}"
        if not isinstance(entry, dict):
            errors.append(f"{where}: verwacht een mapping met id, category en all")
            continue
        rid = str(entry.get("id", ""))
        where = f"{name}: regel '{rid}'" if rid else where
        extra = set(entry) - {"id", "category", "all", "window", "unless"}
        if extra:
            errors.append(f"{where}: onbekende sleutels {sorted(extra)}")
        if not _RULE_ID.match(rid):
            errors.append(f"{where}: id ontbreekt of is ongeldig (kleine letters, cijfers en '-')")
        elif rid in seen_ids:
            errors.append(f"{where}: id komt twee keer voor")
        seen_ids.add(rid)
        category = entry.get("category")
        if category not in CATEGORIES:
            errors.append(f"{where}: category moet een van {list(CATEGORIES)} zijn")
        needed = entry.get("all")
        if not isinstance(needed, list) or not needed or not all(isinstance(c, str) for c in needed):
            errors.append(f"{where}: all moet een lijst van concepten zijn")
            needed = []
        window = entry.get("window", DEFAULT_WINDOW)
        if not isinstance(window, int) or window < 0:
            errors.append(f"{where}: window moet een geheel getal van minstens 0 zijn")
            window = DEFAULT_WINDOW
        unless: list[_Unless] = []
        for u in entry.get("unless") or []:
            if isinstance(u, str):
                unless.append(_Unless(u, window, window, around=True))
            elif isinstance(u, dict) and set(u) <= {"concept", "before", "after"} and isinstance(u.get("concept"), str):
                before, after = u.get("before", -1), u.get("after", -1)
                given = [u[k] for k in ("before", "after") if k in u]
                if not given or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in given):
                    errors.append(f"{where}: unless '{u['concept']}': geef before en/of after, gehele getallen ≥ 0")
                    continue
                unless.append(_Unless(u["concept"], before, after, around=False))
            else:
                errors.append(f"{where}: unless: een concept, of {{concept: naam, before: n, after: m}}")
        for cname in [*needed, *(u.concept for u in unless)]:
            if cname not in concepts:
                errors.append(f"{where}: onbekend concept '{cname}'")
        used.update(needed)
        used.update(u.concept for u in unless)
        rules.append(_Rule(rid, str(category), tuple(map(str, needed)), window, tuple(unless)))

    referenced = {t[1:] for phrases in items.values() for p in phrases for t in p.split() if t.startswith("@")}
    for cname in sorted(set(items) - used - referenced):
        errors.append(f"{name}: concept '{cname}' wordt door geen enkele regel gebruikt")
    for cname in typo_concepts:
        if cname not in items:
            errors.append(f"{name}: settings.typo_concepts: onbekend concept '{cname}'")
    if errors:
        raise SafetyContentError(errors)

    # The words of the typo concepts (and of the concepts they refer to) get the one-typo tolerance.
    typo: set[str] = set()

    def collect(cname: str) -> None:
        if cname in typo:
            return
        typo.add(cname)
        for phrase in items[cname]:
            for token in phrase.split():
                if token.startswith("@"):
                    collect(token[1:])

    for cname in typo_concepts:
        collect(cname)
    # Only one-word items: the words inside a longer phrase ("niet meer wakker worden") are everyday words.
    slots = [phrase[0] for cname in typo for phrase in concepts[cname] if len(phrase) == 1]
    all_slots = [s for phrases in concepts.values() for phrase in phrases for s in phrase]
    return Lexicon(
        rewrite=rewrite,
        not_fuzzy=frozenset(not_fuzzy_raw),
        fuzzy_min_length=min_length,
        phrase_gap=gap,
        categories=tuple(map(str, categories)),
        concepts=concepts,
        rules=tuple(rules),
        fuzzy_words=frozenset(w for s in slots for w in s.words if len(w) >= min_length),
        fuzzy_prefixes=frozenset(p for s in slots for p in s.prefixes if len(p) >= min_length),
        exact_words=frozenset(w for s in all_slots for w in s.words),
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return load_lexicon()


def check(text: str) -> SafetyMatch | None:
    """The most serious danger the message signals, with the words that show it; ``None`` when it signals none."""
    return lexicon().check(text)


def matches(text: str) -> list[SafetyMatch]:
    """Every danger rule the message matches (one match per rule), the most serious first."""
    return lexicon().matches(text)


# ----------------------------------------------------------------------------------------- help lines
@dataclass(frozen=True)
class Helpline:
    """One help line. ``reach`` says in words how to reach it; ``sections`` are draaiboek ids that name it."""

    id: str
    name: str
    number: str | None
    website: str | None
    reach: str
    for_whom: str
    when: str
    source: str | None
    sections: tuple[str, ...]
    audiences: tuple[str, ...]
    first_for: tuple[str, ...]


_HELPLINE_KEYS = {
    "id",
    "name",
    "number",
    "website",
    "reach",
    "for_whom",
    "when",
    "source",
    "sections",
    "audiences",
    "first_for",
}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_NUMBER = re.compile(r"^[0-9]{3,4}$")


def _host(url: str) -> str | None:
    parsed = urlparse(url)
    if parsed.scheme != "https" or not parsed.netloc:
        return None
    host = parsed.netloc.lower()
    return host[4:] if host.startswith("www.") else host


def load_helplines(path: Path = HELPLINES_FILE, sections_file: Path = SECTIONS_FILE) -> tuple[Helpline, ...]:
    """Read and check the help lines; :class:`SafetyContentError` names file, help line and field of every problem."""
    name = path.name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SafetyContentError([f"{name}: geen geldige YAML: {exc}"]) from exc
    entries = raw.get("helplines") if isinstance(raw, dict) else None
    if not isinstance(entries, list) or not entries:
        raise SafetyContentError([f"{name}: verwacht een sleutel 'helplines' met een lijst van hulplijnen"])
    known_sections = set(section_titles(sections_file))
    errors: list[str] = []
    out: list[Helpline] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            errors.append(f"{name}: hulplijn {number}: verwacht een mapping")
            continue
        hid = str(entry.get("id", ""))
        where = f"{name}: hulplijn '{hid}'" if hid else f"{name}: hulplijn {number}"
        problems: list[str] = []
        extra = set(entry) - _HELPLINE_KEYS
        if extra:
            problems.append(f"onbekende velden {sorted(extra)}")
        if not _ID.match(hid):
            problems.append("id: ontbreekt of is ongeldig (kleine letters, cijfers en '-')")
        elif hid in seen:
            problems.append("id: komt twee keer voor")
        seen.add(hid)
        texts: dict[str, str] = {}
        for key in ("name", "reach", "for_whom", "when"):
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{key}: verplicht, een tekst")
            texts[key] = " ".join(str(value or "").split())
        phone = entry.get("number")
        phone = str(phone) if phone is not None else None
        if phone is not None and not _NUMBER.match(phone):
            problems.append(f"number: '{phone}' is geen kort nummer (3 of 4 cijfers)")
        website, source = entry.get("website"), entry.get("source")
        website_host = _host(website) if isinstance(website, str) else None
        if website is not None and website_host is None:
            problems.append("website: een volledig adres dat met https:// begint")
        source_host = _host(source) if isinstance(source, str) else None
        if source is not None and source_host is None:
            problems.append("source: een volledig adres dat met https:// begint")
        sections = entry.get("sections") or []
        if not isinstance(sections, list) or not all(isinstance(s, str) for s in sections):
            problems.append("sections: een lijst van sectie-id's")
            sections = []
        for s in sections:
            if s not in known_sections:
                problems.append(f"sections: onbekende sectie '{s}' (niet in sections.yml)")
        if phone is None and website is None and not sections:
            problems.append("geef een nummer, een website of de secties van het draaiboek die de dienst noemen")
        if (phone is not None or website is not None) and source is None:
            problems.append("source: verplicht bij een nummer of website: de eigen website van de dienst")
        if source is None and not sections:
            problems.append("source of sections: zeg waar deze gegevens vandaan komen")
        if (
            website_host
            and source_host
            and not (source_host == website_host or source_host.endswith("." + website_host))
        ):
            problems.append(f"source: moet op de eigen website van de dienst staan ({website_host})")
        reach = texts.get("reach", "")
        if phone is not None and phone not in reach:
            problems.append(f"reach: noemt het nummer {phone} niet")
        if website_host and website_host not in reach:
            problems.append(f"reach: noemt de website {website_host} niet")
        audiences = entry.get("audiences", list(AUDIENCES))
        if not isinstance(audiences, list) or not audiences or not set(audiences) <= set(AUDIENCES):
            problems.append(f"audiences: een lijst uit {list(AUDIENCES)}")
            audiences = []
        first_for = entry.get("first_for") or []
        if not isinstance(first_for, list) or not set(first_for) <= set(CATEGORIES):
            problems.append(f"first_for: een lijst uit {list(CATEGORIES)}")
            first_for = []
        if problems:
            errors.extend(f"{where}: {p}" for p in problems)
            continue
        out.append(
            Helpline(
                id=hid,
                name=texts["name"],
                number=phone,
                website=str(website) if website is not None else None,
                reach=reach,
                for_whom=texts["for_whom"],
                when=texts["when"],
                source=str(source) if source is not None else None,
                sections=tuple(sections),
                audiences=tuple(audiences),
                first_for=tuple(first_for),
            )
        )
    if errors:
        raise SafetyContentError(errors)
    return tuple(out)


@lru_cache(maxsize=1)
def helplines() -> tuple[Helpline, ...]:
    return load_helplines()


def helplines_for(
    audience: str, category: str | None = None, lines: Iterable[Helpline] | None = None
) -> list[Helpline]:
    """The help lines listed for ``audience`` (a role or "default"), those first for ``category`` in front."""
    chosen = [h for h in (helplines() if lines is None else lines) if audience in h.audiences]
    return sorted(chosen, key=lambda h: 0 if category is not None and category in h.first_for else 1)


def section_titles(path: Path = SECTIONS_FILE) -> dict[str, str]:
    """Section id -> title, straight from ``sections.yml``: the safety reply cites its sources without the
    database, so that it goes out even when the knowledge base is not reachable."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {
        str(s["id"]): str(s.get("title", s["id"])) for s in raw.get("sections", []) if isinstance(s, dict) and "id" in s
    }
