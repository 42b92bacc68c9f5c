"""Rank O*NET occupations for free text: a job title, or a goal phrased the way people say it.

Every O*NET title (official, alternate, short and reported; both halves of a "Long Form (SHORT)" title) is indexed
as a set of singular words weighted by inverse document frequency, with its head noun ("manager" in "Sales
Manager") marked. A query is read with its goal phrasing stripped, abbreviations spelt out and misspellings
corrected (match_query.py). Each occupation's score starts from its closest title: the cosine similarity, where a
word's derivational relative ("welding" for "welder") counts for a little less than the word, and a title headed by
another noun is marked down. The pooled evidence of all the occupation's titles (match_evidence.py) then lifts
that score part of the way towards 1, so an exact title scores 1.0 and a near-miss is ranked by how well the
occupation as a whole fits. The built index is plain values, which `load` keeps in the user's cache folder
(match_cache.py), so a command reads it in milliseconds. bench/match_eval.py measures it.
"""

from __future__ import annotations

import gc
import itertools
import math
import sqlite3
import sys
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from headway.adapters.occupations import match_cache
from headway.adapters.occupations.match_evidence import Evidence, EvidenceIndex, count_evidence
from headway.adapters.occupations.match_query import QueryReader, Reading
from headway.adapters.occupations.match_text import abbreviation_table, stem, title_halves, title_terms, words
from headway.adapters.occupations.match_vocabulary import STOPWORDS

SOURCE_LABELS = {
    "occupation": "official title",
    "alternate": "alternate title",
    "reported": "reported title",
    "short": "short title",
}
_SOURCE_RANK: defaultdict[str, int] = defaultdict(lambda: len(SOURCE_LABELS))  # a source not listed ranks last
_SOURCE_RANK.update((source, rank) for rank, source in enumerate(SOURCE_LABELS))
# What a word's derivational relative ("welding" for "welder") counts for, against the word itself.
RELATIVE_WEIGHT = 0.8
HEAD_RELATIVE_WEIGHT = 0.95  # never 1: "Management" is not an exact title for "manager"
# A title headed by another noun than the query's ("Asbestos Worker Helper" for "asbestos worker") is marked down.
HEAD_MISMATCH = 0.8
# How far the pooled evidence (a probability) lifts the closest title's similarity towards 1.
EVIDENCE_WEIGHT = 0.6
EXACT = 0.995  # a similarity this high is the same words: shown as 1.0, and nothing else is
# Bump when the index's layout or anything that goes into it changes: a cache of another version is rebuilt.
MATCHER_VERSION = 1
CACHE_NAME = "occupation-matcher.marshal"


@dataclass(frozen=True)
class Match:
    """An occupation found for a query."""

    code: str  # '11-2022.00'
    title: str  # the occupation's official title, 'Sales Managers'
    score: float  # 0..1, rounded to 2 decimals, comparable across queries (1.0 = exact title)
    why: str  # one plain sentence saying which title matched and how the query was read


# One distinct title (or half of a "Long Form (SHORT)" title) of one occupation, as indexed: occupation, the title as
# O*NET writes it, its source, its words, its head noun. Plain tuples: the index holds some 57,000 of them.
_Entry = tuple[int, str, str, frozenset[str], str | None]


class Index(TypedDict):
    """What a Matcher reads, as plain values marshal can store, so the CLI can load it instead of building it.

    Per title, in entry order: titles (joined by newlines), sources, occupations and norms (packed int and float
    arrays), head stems. Postings are packed int arrays of entry numbers, unpacked for the words a query has.
    """

    codes: list[str]
    official: list[str]
    titles: str
    sources: list[str]
    occupations: bytes
    norms: bytes
    head_stems: list[str | None]
    postings: dict[str, bytes]
    idf: dict[str, float]
    unknown_idf: float
    groups: dict[str, list[str]]  # stem: the indexed words with that stem
    terms: dict[str, int]  # word: how many titles hold it
    sure: dict[str, tuple[str, ...]]
    ambiguous: dict[str, list[tuple[str, ...]]]
    evidence: EvidenceIndex


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: the build makes half a million containers and no cycles, and the
    collector, woken by every few hundred of them, would take a quarter of the build's time looking for some."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Matcher:
    """Ranks occupations for free text. Build one with `load` (the bundled data) or `from_rows`."""

    def __init__(self, index: Index) -> None:
        """Take a built index (`from_rows`, `load`) or one read back from the cache: the same plain values."""
        self._codes = index["codes"]
        self._official = index["official"]
        self._titles = index["titles"].split("\n")
        self._sources = index["sources"]
        self._postings = index["postings"]
        self._idf = index["idf"]
        self._unknown_idf = index["unknown_idf"]
        self._norms = array("d", index["norms"])
        self._groups = index["groups"]
        self._occupations = array("i", index["occupations"])
        self._head_stems = index["head_stems"]
        self._evidence = Evidence(index["evidence"])
        self._reader = QueryReader(
            sure=index["sure"],
            ambiguous=index["ambiguous"],
            terms=index["terms"],
            stems=self._groups,
            head_shares=index["evidence"]["head_shares"],
        )

    @classmethod
    def from_rows(cls, titles: Iterable[tuple[str, str, str]], occupations: Mapping[str, str]) -> Matcher:
        """Index (code, title, source) rows; `occupations` maps each code to its official title."""
        with _collector_paused():
            return cls(build_index(titles, occupations))

    @classmethod
    def load(cls, db: sqlite3.Connection, *, dataset: Path | None = None, cache_dir: Path | None = None) -> Matcher:
        """Read the occupation and title tables of the dataset `db` holds.

        Given the dataset's file and a cache folder, the index is read from the folder when it was built from this
        very file, else built and written there for the next process; a cache that cannot be read or written only
        costs the build.
        """
        cache = None if dataset is None or cache_dir is None else cache_dir / CACHE_NAME
        key = None if dataset is None else match_cache.key(dataset, MATCHER_VERSION)
        with _collector_paused():  # loading makes as many containers as building, and no cycles either
            index: Index | None = None
            if cache is not None and key is not None:
                index = match_cache.read(cache, key)
            if index is None:
                occupations = dict(db.execute("SELECT code, title FROM occupation").fetchall())
                index = build_index(db.execute("SELECT code, title, source FROM title").fetchall(), occupations)
                if cache is not None and key is not None:
                    match_cache.write(cache, key, index)
            return cls(index)

    def match(self, text: str, limit: int = 10) -> list[Match]:
        """The occupations that best fit `text`, best first, one per occupation."""
        readings = self._reader.read(text)
        found: dict[int, tuple[float, float, float, int, int]] = {}
        for number, reading in enumerate(readings):
            for occupation, (score, evidence, similarity, entry) in self._score(reading).items():
                held = found.get(occupation)
                if held is None or (score, evidence) > held[:2]:
                    found[occupation] = (score, evidence, similarity, entry, number)
        ranked = sorted(found.items(), key=lambda item: (-item[1][0], -item[1][1], item[0]))[:limit]
        return [
            Match(
                code=self._codes[occupation],
                title=self._official[occupation],
                score=round(score, 2) if similarity >= EXACT else min(0.99, round(score, 2)),
                why=self._why(entry, similarity, readings[number]),
            )
            for occupation, (score, _, similarity, entry, number) in ranked
        ]

    def _score(self, reading: Reading) -> dict[int, tuple[float, float, float, int]]:
        """Every occupation the reading's words reach: score, pooled evidence, closest title's similarity, the title."""
        terms: dict[str, tuple[float, bool]] = {}  # a word said twice ("CNC Mill (Computer ... Mill)") counts once
        for term, weight, is_head in reading.terms:
            said = terms.get(term)
            terms[term] = (weight, is_head) if said is None else (max(weight, said[0]), is_head or said[1])
        dots: defaultdict[int, float] = defaultdict(float)
        idfs, postings = self._idf, self._postings
        query_norm = 0.0
        query_head = None
        for term, (weight, is_head) in terms.items():
            root = stem(term)
            if is_head:
                query_head = root
            relatives = self._groups.get(root, [])
            idf = idfs.get(term) or (idfs[relatives[0]] if relatives else self._unknown_idf)
            query_norm += idf * idf
            # The head noun takes its relatives at almost full weight: "data science" asks for a data scientist.
            near = HEAD_RELATIVE_WEIGHT if is_head else RELATIVE_WEIGHT
            products = sorted(
                ((idf * idfs[r] * weight * (1.0 if r == term else near), r) for r in relatives),
                reverse=True,
            )
            seen: set[int] = set()  # a title counts its best relative of the word, not all of them
            for product, relative in products:
                ids = array("i", postings[relative])
                fresh = set(ids).difference(seen) if seen else ids
                for index in fresh:
                    dots[index] += product
                if len(products) > 1:
                    seen.update(fresh)
        closest: dict[int, tuple[float, int]] = {}
        norms, occupations, head_stems = self._norms, self._occupations, self._head_stems
        query_norm = math.sqrt(query_norm)
        for index, dot in dots.items():
            similarity = dot / (query_norm * norms[index])
            if query_head is not None and head_stems[index] != query_head:
                similarity *= HEAD_MISMATCH
            occupation = occupations[index]
            held = closest.get(occupation)
            if held is None or similarity > held[0]:
                closest[occupation] = (similarity, index)
        posterior = self._evidence.posterior((stem(t), w, is_head) for t, (w, is_head) in terms.items())
        scored = {}
        for occupation, (similarity, index) in closest.items():
            evidence = posterior.get(occupation, 0.0)
            scored[occupation] = (
                similarity + (1 - similarity) * EVIDENCE_WEIGHT * evidence,
                evidence,
                similarity,
                index,
            )
        return scored

    def _why(self, entry: int, similarity: float, reading: Reading) -> str:
        """One sentence: the title that matched and how the query was read."""
        title, source = self._titles[entry], self._sources[entry]
        label = SOURCE_LABELS.get(source, "title")
        if similarity >= EXACT:
            head = f"the {label} '{title}' matches"
        else:
            query_stems = {stem(t) for t, _, _ in reading.terms}
            shared = [w for w in words(title) if w not in STOPWORDS and stem(w) in query_stems]
            head = f"the {label} '{title}' is the closest"
            if shared:
                head += f", sharing '{' '.join(dict.fromkeys(shared))}'"
        return "; ".join((head, *reading.notes))


def build_index(titles: Iterable[tuple[str, str, str]], occupations: Mapping[str, str]) -> Index:
    """Index (code, title, source) rows; `occupations` maps each code to its official title."""
    codes = sorted(occupations)
    position = {code: i for i, code in enumerate(codes)}
    rows = [(code, occupations[code], "occupation") for code in codes]
    rows += [row for row in titles if row[0] in position]
    sure, ambiguous = abbreviation_table(title for _, title, _ in rows if "(" in title)
    rows.sort(key=lambda row: _SOURCE_RANK[row[2]])  # so the first of a title's duplicates has the best source
    best: dict[tuple[int, frozenset[str], str | None], _Entry] = {}
    read: dict[str, list[tuple[frozenset[str], str | None]]] = {}  # many titles recur across occupations
    for code, title, source in rows:
        halves = read.get(title)
        if halves is None:
            halves = read[title] = [
                (terms, head)
                for terms, head in map(title_terms, title_halves(title, sure, ambiguous), itertools.repeat(sure))
                if terms
            ]
        occupation = position[code]
        for terms, head in halves:
            key = (occupation, terms, head)
            if key not in best:
                best[key] = (occupation, title, source, terms, head)
    entries = list(best.values())
    postings: defaultdict[str, list[int]] = defaultdict(list)
    # Sorted wherever a set's order would leak into the index, which must not change with Python's hash seed.
    for number, (_, _, _, terms, _) in enumerate(entries):
        for term in sorted(terms):
            postings[term].append(number)
    total = len(entries)
    idf = {term: math.log(1 + total / len(ids)) for term, ids in postings.items()}
    groups: defaultdict[str, list[str]] = defaultdict(list)
    for term in postings:
        groups[stem(term)].append(term)
    entry_occupations = [e[0] for e in entries]
    head_stems = [None if e[4] is None else stem(e[4]) for e in entries]
    return Index(
        codes=codes,
        official=[occupations[code] for code in codes],
        titles="\n".join([e[1].replace("\n", " ") for e in entries]),
        sources=[sys.intern(e[2]) for e in entries],  # one string each, which marshal then stores once
        occupations=array("i", entry_occupations).tobytes(),
        norms=array("d", [math.sqrt(sum([idf[t] * idf[t] for t in sorted(e[3])])) for e in entries]).tobytes(),
        head_stems=head_stems,
        postings={term: array("i", ids).tobytes() for term, ids in postings.items()},
        idf=idf,
        unknown_idf=math.log(1 + total),
        groups=dict(groups),
        terms={term: len(ids) for term, ids in postings.items()},
        sure=dict(sure),
        ambiguous=dict(ambiguous),
        evidence=count_evidence(entry_occupations, head_stems, groups, postings, len(codes)),
    )
