"""Dutch full-text search over every knowledge item.

Text is folded (lower case, accents removed), split into words, Dutch stop words are dropped, every word is
lemmatised with the Dutch lookup table of spacy-lookups-data ("spijbelde" -> "spijbelen", "leerlingen" ->
"leerling") and then stemmed with the Snowball (Porter) Dutch stemmer, so that "spijbelde", "spijbelaars" and
"spijbelen" all become the term ``spijbel``. Compounds are split into their parts when both parts are known
Dutch words ("afwezigheidsregistratie" -> "afwezigheid" + "registratie"), and the parts are indexed beside the
whole word. Ranking is BM25F over three fields: title, summary and the rest of the item's own text (body), with
the title weighing most.

The index is built from the repository's items and cached per content hash, so it is rebuilt only when other
content was loaded. ``search(repo, query)`` is the one entry point for the API and the chat actions.
"""

from __future__ import annotations

import gzip
import importlib.resources
import json
import logging
import math
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]

from knowledge.content_cache import ContentCache
from knowledge.repository import ItemRef, KnowledgeRepository, SectionRef

log = logging.getLogger(__name__)

# Dutch stop words (folded). Based on the Snowball Dutch list, extended with question words and fillers that
# users type but that carry no subject ("mag", "kan", "moet", "wat", ...). Negations stay out of this list.
_FUNCTION_WORDS = """
    aan af al alle alles als alsof altijd ander andere anders ben bij bijvoorbeeld bv ca dan dat de deze die dit
    doch doen doet door dus een eens elk elke en er erg ge geweest haar had hadden heb hebben hebt heeft hem hen
    het hier hij hoe hoeveel hun ik in is ja je jij jou jouw jullie kan kon konden kun kunnen kunt maar me mag
    mee meer men met mij mijn mijne moet moeten moest mocht na naar nog nou nu of om omdat onder ons onze ook op
    over reeds s t te tegen toch toen tot u uit uw van veel voor vooral waar waarom wanneer want waren was wat we
    wel welk welke werd werden wie wij wil willen word worden wordt zal ze zei zelf zich zij zijn zo zoals zonder
    zou zouden zulke zullen zult iets iemand nodig eigenlijk soms gewoon best graag hallo hoi ga gaat gaan ging
    gingen krijg krijgt krijgen kreeg vanaf tijdens sinds per via
"""
# Flemish and chat forms of function words ("wa" is "wat", "da" is "dat", "ni" is "niet") and fillers that users type
# but that carry no subject; the asked_as questions are full of them, so they would match any Flemish question.
_COLLOQUIAL_WORDS = """
    wa da ni nie ne nen kik ekik ge gij gy echt juist precies allemaal ofzo of-zo gwn zoiets iets ies efkes eens
    kheb kben kga kzit kzou kwil kweet kdenk kan't mss misschien aub pls plz amai allez hé he
"""
# Words of a parent's question that only set the scene ("mijn zoon ..."); the draaiboek never treats them as a
# subject, while their stems collide with real terms (zoon -> "zon", like zone).
_SCENE_WORDS = "zoon zoontje dochter dochtertje"
STOP_WORDS = frozenset((_FUNCTION_WORDS + _COLLOQUIAL_WORDS + _SCENE_WORDS).split())

# Colloquial or Flemish words and the draaiboek's own terms for the same thing. Used only to expand queries,
# with a lower weight than the words the user typed.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "brossen": ("spijbelen",),
    "brost": ("spijbelen",),
    "bros": ("spijbelen",),
    "skippen": ("spijbelen",),
    "doktersbriefje": ("medisch", "attest"),
    "doktersattest": ("medisch", "attest"),
    "briefje": ("verklaring", "attest"),
    "thuisles": ("onderwijs", "huis"),
    "thuisonderwijs": ("huisonderwijs", "onderwijs", "huis"),
    "bang": ("angst",),
    "schrik": ("angst",),
    "straf": ("sanctie",),
    "strafstudie": ("sanctie",),
    "boete": ("geldboete",),
    "flik": ("politie",),
    "flikken": ("politie",),
    "papieren": ("verblijfsstatuut",),
    "stoppen": ("verlaten", "uitstroom"),
    "ziekenhuisschool": ("type", "ziekenhuis"),
    "durf": ("angst", "schoolweigering"),
    "durft": ("angst", "schoolweigering"),
    "durven": ("angst", "schoolweigering"),
    "paniek": ("angst",),
    "uren": ("lestijden",),
    "uur": ("lestijden",),
    "lesuren": ("lestijden",),
    "vertellen": ("informatie", "doorgeven"),
    "doorvertellen": ("informatie", "doorgeven"),
    "vertelt": ("informatie", "doorgeven"),
    "zeggen": ("informatie", "doorgeven"),
    "delen": ("informatie", "doorgeven"),
    "geheim": ("beroepsgeheim", "ambtsgeheim"),
    "strafblad": ("misdrijf", "strafbaar"),
    "gestraft": ("sanctie", "straf"),
    "straffen": ("sanctie",),
    "rechter": ("rechtbank",),
    "jeugdrechter": ("jeugdrechtbank",),
    "wijkagent": ("politie",),
    "agent": ("politie",),
    "ingeschreven": ("inschrijving",),
}

WORD_RE = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
# Single letters that mean something here: the absence codes.
CODE_LETTERS = frozenset("zrpmablh")
# Linking sounds between the parts of a Dutch compound ("afwezigheid-s-registratie", "ziekte-n-huis").
LINKS = ("", "s", "en", "e", "n")
# Word endings that are suffixes, not the second part of a compound ("spijbel-aars", "afwezig-heid").
SUFFIX_TAILS = frozenset(
    {
        "aars",
        "aarster",
        "heid",
        "heden",
        "ingen",
        "isch",
        "ische",
        "achtig",
        "lijk",
        "lijke",
        "baar",
        "bare",
        "loos",
        "loze",
        "ster",
        "sters",
        "tjes",
        "etje",
        "etjes",
    }
)

# Field weights and BM25 parameters.
# "asked": the questions people type that the item answers (its `asked_as`), in their words, not the draaiboek's.
FIELD_WEIGHTS = {"title": 3.0, "summary": 2.0, "body": 1.0, "asked": 1.5}
FIELD_B = {"title": 0.3, "summary": 0.6, "body": 0.75, "asked": 0.5}
K1 = 1.2
PART_WEIGHT = 0.5  # weight of a compound part compared with the whole word
SYNONYM_WEIGHT = 0.6  # weight of a synonym compared with the typed word

# Keys of an item's data that are not text to search: ids, section ids and flags.
_SKIP_KEYS = {"id", "sections", "mandatory", "min_b_codes", "number", "phase", "track", "asked_as"}
# Child collections that are items of their own; their text belongs to those items.
_CHILD_KEYS = {"reasons", "phases", "steps", "practices", "questions"}


def fold(text: str) -> str:
    """Lower case without accents: "Geïntegreerd" -> "geintegreerd"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _lemma_table() -> dict[str, str]:
    """The Dutch lemma lookup table of spacy-lookups-data, folded. Empty (stems only) if the package is absent."""
    try:
        resource = importlib.resources.files("spacy_lookups_data") / "data" / "nl_lemma_lookup.json.gz"
        raw: dict[str, str] = json.loads(gzip.decompress(resource.read_bytes()))
    except (ModuleNotFoundError, FileNotFoundError) as exc:  # pragma: no cover - depends on the install
        log.warning("Dutch lemma table not available (%s); search uses stems only", exc)
        return {}
    table: dict[str, str] = {}
    for form, lemma in raw.items():
        f = form.lower() if form.isascii() else fold(form)
        lem = lemma.lower() if lemma.isascii() else fold(lemma)
        if f != lem and f.isalpha() and lem.isalpha():
            table.setdefault(f, lem)
    return table


@lru_cache(maxsize=1)
def _lemma_sets() -> tuple[frozenset[str], frozenset[str]]:
    """The lemma table's lemmas, and its words that can be infinitives (ending in -en), computed once."""
    table = _lemma_table()
    values = frozenset(table.values())
    infinitives = frozenset(w for w in (*table, *values) if len(w) >= 4 and w.endswith("en"))
    return values, infinitives


_VOWELS = "aeiou"


def _infinitives(form: str) -> list[str]:
    """Possible infinitives of a Dutch verb's first-person form: durf -> durven, slaap -> slapen, bros -> brossen,
    vertel -> vertellen, spijbel -> spijbelen."""
    last = form[-1]
    soft = {"f": "v", "s": "z"}.get(last, last)
    out = [form + "en"]
    if len(form) >= 3 and form[-2] == form[-3] and form[-2] in _VOWELS:  # slaap -> slapen, haat -> haten
        out.append(form[:-2] + soft + "en")
        out.append(form[:-2] + last + "en")
    elif len(form) >= 2 and form[-2] in _VOWELS and last not in _VOWELS:  # bros -> brossen, vertel -> vertellen
        out.append(form + last + "en")
    out.append(form[:-1] + soft + "en")  # durf -> durven, blijf -> blijven
    return out


_STEMMERS = threading.local()  # Snowball stemmer objects keep state: one per thread


@lru_cache(maxsize=200_000)
def _porter(word: str) -> str:
    stemmer = getattr(_STEMMERS, "dutch", None)
    if stemmer is None:
        stemmer = _STEMMERS.dutch = snowballstemmer.stemmer("dutch_porter")
    return str(stemmer.stemWord(word))


class DutchAnalyzer:
    """Turns Dutch text into weighted search terms."""

    def __init__(self, vocabulary: Iterable[str] = (), *, use_lemmas: bool = True, synonyms: bool = True) -> None:
        self._lemmas = _lemma_table() if use_lemmas else {}
        self._synonyms = synonyms
        # Words known to exist, for compound splitting: the corpus' own words and the lemma table's forms.
        self._known = {w for w in vocabulary if len(w) >= 4 and w not in STOP_WORDS}
        self._known.update(w for w in self._lemmas if len(w) >= 4)
        self._known.update(w for w in self._lemmas.values() if len(w) >= 4)
        # Infinitives known to exist: the lemma table's verbs and the corpus' own words in -en.
        table_values, table_infinitives = _lemma_sets() if use_lemmas else (frozenset(), frozenset())
        self._lemma_values = table_values
        self._infinitives_known = table_infinitives | {w for w in vocabulary if len(w) >= 4 and w.endswith("en")}
        self._stem = lru_cache(maxsize=100_000)(self._stem_uncached)
        self._split = lru_cache(maxsize=100_000)(self._split_uncached)

    # -- words -------------------------------------------------------------------------------
    @staticmethod
    def words(text: str) -> list[str]:
        """Folded words; hyphenated words yield their parts and the joined form ("b-code" -> b, code, bcode)."""
        out: list[str] = []
        for match in WORD_RE.finditer(fold(text)):
            word = match.group(0)
            if "-" in word or "'" in word:
                parts = [p for p in re.split(r"[-']", word) if p]
                out.extend(parts)
                if "-" in word:
                    out.append("".join(parts))
            else:
                out.append(word)
        return out

    def _stem_uncached(self, word: str) -> str:
        lemma = self._lemmas.get(word) or self._verb_infinitive(word) or word
        stem = _porter(lemma)
        # Agent nouns meet their verb: spijbelaar -> spijbel(en).
        if lemma.endswith("aar") and len(stem) >= 8 and stem.endswith(("ar", "aar")):
            stem = stem[: -3 if stem.endswith("aar") else -2]
        # Porter leaves -ing on short words: schorsing -> schors (but leerling stays leerling).
        if stem.endswith("ing") and len(stem) >= 7 and stem[-4] != "l":
            stem = stem[:-3]
        # Nouns in -te from an adjective meet the adjective: ziekte -> ziek.
        if lemma.endswith("te") and stem.endswith("t") and len(stem) >= 5 and lemma[:-2] in self._known:
            stem = _porter(lemma[:-2])
        return stem

    def _verb_infinitive(self, word: str) -> str | None:
        """The infinitive of a present-tense verb form the lemma table lacks ("durf", "durft" -> "durven";
        "brost" -> "brossen"; "blijft" -> "blijven"), when that infinitive is a known Dutch word."""
        if len(word) < 3 or not word.isalpha() or word in self._lemma_values:
            return None
        forms = [word]
        if word.endswith("t") and len(word) > 3:
            forms.append(word[:-1])  # third person: hij durft -> durf
        for form in forms:
            for candidate in _infinitives(form):
                if candidate in self._infinitives_known:
                    return candidate
        return None

    def stem(self, word: str) -> str:
        return self._stem(word)

    def _split_uncached(self, word: str) -> tuple[str, ...]:
        """The parts of a compound, or () when the word is not a compound of known words."""
        if len(word) < 8 or not word.isalpha():
            return ()
        stem = self.stem(word)
        if word in self._known and len(word) < 11:
            return ()
        best: tuple[str, ...] = ()
        best_key = (0, 0)
        for i in range(4, len(word) - 3):
            for link in LINKS:
                head, rest = word[:i], word[i:]
                if not rest.startswith(link):
                    continue
                tail = rest[len(link) :]
                if len(tail) < 4 or tail in SUFFIX_TAILS or not self._known_head(head):
                    continue
                if self.stem(head) == stem:  # a derivation of the head, not a compound
                    continue
                if tail in self._known:
                    parts: tuple[str, ...] = (head, tail)
                else:
                    sub = self._split(tail)
                    if not sub:
                        continue
                    parts = (head, *sub)
                # Prefer few parts, then the most even split.
                key = (-len(parts), min(len(p) for p in parts))
                if not best or key > best_key:
                    best, best_key = parts, key
        return best

    def _known_head(self, head: str) -> bool:
        # A verb stem also starts compounds: spijbel(en)-gedrag, werk(en)-plek.
        return head in self._known or head + "en" in self._known

    def split(self, word: str) -> tuple[str, ...]:
        return self._split(word)

    # -- terms -------------------------------------------------------------------------------
    def _is_term(self, word: str) -> bool:
        if word in STOP_WORDS:
            return False
        return len(word) > 1 or word in CODE_LETTERS or word.isdigit()

    def weighted_terms(self, text: str, *, expand: bool = False) -> Iterator[tuple[str, float]]:
        """(term, weight) for every word: the stem (1.0), its compound parts and, when ``expand``, synonyms."""
        for word in self.words(text):
            if not self._is_term(word):
                continue
            yield self.stem(word), 1.0
            parts = self.split(word)
            for part in parts:
                if part not in STOP_WORDS:
                    yield self.stem(part), PART_WEIGHT
            if expand and self._synonyms:
                for syn in SYNONYMS.get(word, ()):
                    yield self.stem(syn), SYNONYM_WEIGHT
                for part in parts:
                    for syn in SYNONYMS.get(part, ()):
                        yield self.stem(syn), SYNONYM_WEIGHT * PART_WEIGHT

    def terms(self, text: str) -> list[str]:
        """The whole words' terms only (no parts, no synonyms), e.g. for tests and snippets."""
        return [self.stem(w) for w in self.words(text) if self._is_term(w)]

    def query(self, text: str) -> dict[str, float]:
        """The terms of a query with their weights (the highest weight per term)."""
        weights: dict[str, float] = {}
        for term, weight in self.weighted_terms(text, expand=True):
            weights[term] = max(weights.get(term, 0.0), weight)
        return weights


# -- the index -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class SearchHit:
    id: str
    kind: str
    key: str
    title: str
    snippet: str
    score: float
    sections: list[SectionRef]


@dataclass
class _Doc:
    item: ItemRef
    fields: dict[str, str]
    tf: dict[str, dict[str, float]] = field(default_factory=dict)  # field -> term -> weighted frequency
    length: dict[str, float] = field(default_factory=dict)


def _own_text(value: Any, key: str | None = None) -> Iterator[str]:
    """Every string of an item's data except ids, section ids and child items."""
    if key in _SKIP_KEYS or key in _CHILD_KEYS:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _own_text(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _own_text(v)


def item_fields(item: ItemRef) -> dict[str, str]:
    """The three searchable fields of an item."""
    body_parts = [t for t in _own_text(item.data) if t not in (item.title, item.summary)]
    if item.kind == "code-reason" and item.data.get("code"):
        body_parts.append(f"code {item.data['code']}")
    asked = "\n".join(str(q) for q in item.data.get("asked_as") or [])
    return {"title": item.title, "summary": item.summary, "body": "\n".join(body_parts), "asked": asked}


class SearchIndex:
    """BM25F over the items' title, summary and body."""

    def __init__(self, items: list[ItemRef], *, use_lemmas: bool = True, synonyms: bool = True) -> None:
        vocabulary: set[str] = set()
        fields = [item_fields(i) for i in items]
        for f in fields:
            for text in f.values():
                vocabulary.update(DutchAnalyzer.words(text))
        self.analyzer = DutchAnalyzer(vocabulary, use_lemmas=use_lemmas, synonyms=synonyms)
        self.docs: list[_Doc] = []
        df: Counter[str] = Counter()
        totals = dict.fromkeys(FIELD_WEIGHTS, 0.0)
        for item, f in zip(items, fields, strict=True):
            doc = _Doc(item, f)
            seen: set[str] = set()
            for name, text in f.items():
                counts: dict[str, float] = {}
                for term, weight in self.analyzer.weighted_terms(text):
                    counts[term] = counts.get(term, 0.0) + weight
                doc.tf[name] = counts
                doc.length[name] = sum(counts.values())
                totals[name] += doc.length[name]
                seen.update(counts)
            df.update(seen)
            self.docs.append(doc)
        n = max(len(self.docs), 1)
        self.avg_length = {name: (totals[name] / n) or 1.0 for name in FIELD_WEIGHTS}
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self._by_id = {doc.item.id: doc for doc in self.docs}
        self.postings: dict[str, list[int]] = {}
        for pos, doc in enumerate(self.docs):
            for term in set().union(*doc.tf.values()):
                self.postings.setdefault(term, []).append(pos)

    def __len__(self) -> int:
        return len(self.docs)

    def doc(self, item_id: str) -> _Doc | None:
        """The indexed document of an item, or None."""
        return self._by_id.get(item_id)

    def _pseudo_tf(self, doc: _Doc, term: str) -> float:
        total = 0.0
        for name, weight in FIELD_WEIGHTS.items():
            tf = doc.tf[name].get(term)
            if tf:
                norm = 1 - FIELD_B[name] + FIELD_B[name] * doc.length[name] / self.avg_length[name]
                total += weight * tf / norm
        return total

    def search(self, query: str, limit: int = 10, kinds: Iterable[str] | None = None) -> list[SearchHit]:
        terms = self.analyzer.query(query)
        if all(t.isdigit() for t in terms):
            return []  # a number alone ("14") is no question, whatever item holds it
        wanted_kinds = set(kinds) if kinds else None
        scores: dict[int, float] = {}
        for term, qweight in terms.items():
            idf = self.idf.get(term)
            if idf is None:
                continue
            for pos in self.postings[term]:
                doc = self.docs[pos]
                if wanted_kinds and doc.item.kind not in wanted_kinds:
                    continue
                tf = self._pseudo_tf(doc, term)
                scores[pos] = scores.get(pos, 0.0) + qweight * idf * tf * (K1 + 1) / (K1 + tf)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[: max(limit, 0)]
        return [self._hit(self.docs[pos], score, terms) for pos, score in ranked]

    def _hit(self, doc: _Doc, score: float, terms: dict[str, float]) -> SearchHit:
        item = doc.item
        return SearchHit(
            id=item.id,
            kind=item.kind,
            key=item.key,
            title=item.title,
            snippet=self.snippet(doc, terms),
            score=round(score, 4),
            sections=list(item.sections),
        )

    def snippet(self, doc: _Doc, terms: dict[str, float], width: int = 220) -> str:
        """The sentence of the summary or body that holds most query terms, shortened to ``width``."""
        text = "\n".join(t for t in (doc.fields["summary"], doc.fields["body"]) if t)
        sentences = [s.strip() for s in re.split(r"(?<=[.!?:;])\s+|\n+", text) if len(s.strip()) >= 20]
        if not sentences:  # e.g. a step: its action is its title and there is little else
            sentences = [doc.fields["title"]]
        best, best_score = sentences[0], -1.0
        for s in sentences:
            found = set(self.analyzer.terms(s)) & set(terms)
            score = sum(terms[t] for t in found)
            if score > best_score:
                best, best_score = s, score
        best = re.sub(r"\s+", " ", best)
        if len(best) <= width:
            return best
        cut = best[: width - 1].rsplit(" ", 1)[0]
        return cut.rstrip(",;:") + "…"


# -- cache per content hash ------------------------------------------------------------------------
_INDEXES: ContentCache[SearchIndex] = ContentCache(2)


def get_index(repo: KnowledgeRepository) -> SearchIndex:
    """The index of the content loaded in the repository's database, built once per content hash."""
    digest = repo.content_hash()
    if digest is None:  # nothing loaded through the loader: do not cache
        return SearchIndex(repo.list_items())
    return _INDEXES.get(digest, lambda: SearchIndex(repo.list_items()))


def search(
    repo: KnowledgeRepository, query: str, limit: int = 10, kinds: Iterable[str] | None = None
) -> list[SearchHit]:
    """Ranked items for a Dutch query; an empty list when nothing matches."""
    return get_index(repo).search(query, limit=limit, kinds=kinds)


def line_scorer(repo: KnowledgeRepository, question: str, exclude: str = "") -> Callable[[str], float]:
    """A function that scores a line of an answer against ``question``: the summed weight (query weight times IDF)
    of the question's terms that the line holds, leaving out the terms of ``exclude`` (the item's own name, which
    every line of the item is about)."""
    index = get_index(repo)
    analyzer = index.analyzer
    skipped = {term for term, _ in analyzer.weighted_terms(exclude)}
    wanted = {t: w * index.idf.get(t, 0.0) for t, w in analyzer.query(question).items() if t not in skipped}

    def score(line: str) -> float:
        held = {term for term, _ in analyzer.weighted_terms(line)}
        return round(sum(w for t, w in wanted.items() if t in held), 4)

    return score


def holds_term(repo: KnowledgeRepository, item_id: str, name: str) -> bool:
    """Whether the indexed text of item ``item_id`` holds the rarest term of ``name`` (the word that tells the name
    apart: "naft" in "NAFT", "politie" or "lokale" in "Lokale politie", whichever fewer items use)."""
    index = get_index(repo)
    terms = [t for t in index.analyzer.terms(name) if t in index.idf]
    doc = index.doc(item_id)
    if not terms or doc is None:
        return False
    rarest = max(terms, key=lambda t: index.idf[t])
    return any(rarest in tf for tf in doc.tf.values())


def term_stems(repo: KnowledgeRepository, text: str) -> list[str]:
    """The search terms of a text (stems of its words without stop words), as the index reads them."""
    return get_index(repo).analyzer.terms(text)
