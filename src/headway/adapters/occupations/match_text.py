"""Text handling for the occupation matcher: words, stems, title heads and abbreviations learned from titles."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache

from headway.adapters.occupations.match_vocabulary import (
    HAND_ABBREVIATIONS,
    STEM_EXCEPTIONS,
    STOPWORDS,
    WORD_ABBREVIATIONS,
)

# A word may hold apostrophes ("I'd", "children's"): fold() drops them, so they never split one.
WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*(?:\+\+|#)?|&")
_ACRONYM = re.compile(r"[A-Z][A-Za-z]*[A-Z]")  # "CPA", "GM", "PhD": two capitals in one word
_PAIR = re.compile(r"^(.*?)\s*\(([^()]+)\)\s*$")
_NOT_PLURAL = frozenset({"news", "series", "species", "lens", "sales"})
_HEAD_BREAKS = frozenset({"of", "for", "in", "at", "to", "with", "on"})

# Suffix rules, longest first within each ending, applied once to a singular word. They fold a field into the person
# who works in it ("nursing" and "nurse", "data science" and "data scientist", "UX design" and "UX designer"), the
# way people phrase goals, at the cost of the odd harmless merge ("counter" with "count").
_SUFFIXES = (
    ("ologist", "olog", 3),
    ("ology", "olog", 3),
    ("ographer", "ograph", 3),
    ("ography", "ograph", 3),
    ("istry", "", 3),
    ("ician", "", 3),
    ("ement", "", 3),
    ("ment", "", 4),
    ("ance", "", 4),
    ("ancy", "", 4),
    ("ence", "", 4),
    ("elor", "el", 4),
    ("ist", "", 4),
    ("ian", "", 4),
    ("ant", "", 4),
    ("ing", "", 3),
    ("eer", "eer", 3),
    ("er", "", 4),
    ("ic", "", 3),
    ("apy", "ap", 3),
    ("acy", "ac", 3),
    ("ary", "ar", 3),
    ("ory", "or", 3),
)

_SUFFIXES_BY_LAST: dict[str, list[tuple[str, str, int]]] = {}
for _rule in _SUFFIXES:
    _SUFFIXES_BY_LAST.setdefault(_rule[0][-1], []).append(_rule)


def fold(text: str) -> str:
    """Lower case, accents and apostrophes removed ("Children's" and "childrens" are one word)."""
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
        text = text.replace("\u2019", "")
    return text.lower().replace("'", "")


def words(text: str) -> list[str]:
    """The words of a title or query, folded, '&' read as 'and'."""
    return ["and" if w == "&" else w for w in WORD.findall(fold(text))]


@lru_cache(maxsize=65536)
def singular(word: str) -> str:
    """A word's singular form, the unit titles are indexed by ("secretaries" -> "secretary")."""
    if word in _NOT_PLURAL or len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light stem: the singular, then one derivational ending ("scientists" -> "scient", "science" -> "scient")."""
    word = singular(word)
    if word in STEM_EXCEPTIONS:
        return STEM_EXCEPTIONS[word]
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, replacement, shortest in _SUFFIXES_BY_LAST.get(word[-1], ()):
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest:
            word = word[: len(word) - len(suffix)] + replacement
            if suffix in {"ist", "ian"} and word.endswith("ic") and len(word) > 5:
                word = word[:-2]  # "physicist" with "physics", "academician" with "academic"
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def head_position(folded: list[str]) -> int | None:
    """Where a title's head noun stands: before its first "of"/"for"/"in" ("Director of Sales"), else last."""
    if not _HEAD_BREAKS.isdisjoint(folded):
        for position, word in enumerate(folded):
            if word in _HEAD_BREAKS and position > 0:
                return position - 1
    for position in range(len(folded) - 1, -1, -1):
        if folded[position] not in STOPWORDS:
            return position
    return None


def title_terms(title: str, expansions: Mapping[str, tuple[str, ...]]) -> tuple[frozenset[str], str | None]:
    """The singular words a title (or one half of a "Long Form (SHORT)" title) is indexed by, and its head.

    Abbreviations with one known meaning are spelt out ("Design Eng" is indexed as "design engineer"), an everyday
    word only when the title has it in capitals ("IT Manager", not "Cut It Out").
    """
    spelt = WORD.findall(fold(title))
    # Words before the first comma hold the head: "Cooks, Restaurant" is headed by "cooks".
    core = len(WORD.findall(fold(title[: title.find(",")]))) if "," in title else len(spelt)
    if "&" in spelt:
        spelt = ["and" if w == "&" else w for w in spelt]
    if not expansions.keys().isdisjoint(spelt):  # the slow path, for the few titles holding an abbreviation
        raw = WORD.findall(title)
        if len(raw) != len(spelt):  # folding joined or split a word: go without the capitals
            raw = spelt
        grown: list[str] = []
        for position, (word, typed) in enumerate(zip(spelt, raw, strict=True)):
            long = expansions.get(word)
            if long is not None and (word not in WORD_ABBREVIATIONS or typed.isupper()):
                grown.extend(long)
                if position < core:
                    core += len(long) - 1
            else:
                grown.append(word)
        spelt = grown
    head_words = spelt[:core]
    at = head_position(head_words)
    terms = frozenset([singular(w) for w in spelt if w not in STOPWORDS])
    return terms, (None if at is None else singular(head_words[at]))


def title_halves(title: str, *tables: Mapping[str, object]) -> list[str]:
    """The parts of a title indexed apart: both halves of "Long Form (SHORT)", but never an abbreviation alone.

    The long half says what the abbreviation means here; read through the tables, "Psychiatric Technician (PT)"
    would also be indexed as a physical therapist. Brackets that qualify rather than abbreviate ("Operational
    Intelligence Officer (Management)") stay part of one title.
    """
    if "(" not in title:
        # A lone abbreviation ("PT", the short title of "Psychiatric Technician (PT)") is indexed by its long form.
        return [] if any(fold(title.strip()) in table for table in tables) else [title]
    pair = _PAIR.match(title)
    if pair is None:
        return [title]
    halves = [pair.group(1), pair.group(2)]
    if not any(_ACRONYM.search(half) for half in halves) and _last_word(halves[0]) != _last_word(halves[1]):
        return [title]
    return [h for h in halves if not any(fold(h.strip()) in table for table in tables)] or halves


def _last_word(text: str) -> str:
    found = WORD.findall(fold(text))
    return found[-1] if found else ""


def mine_abbreviations(titles: Iterable[str]) -> dict[str, list[tuple[tuple[str, ...], int]]]:
    """Abbreviations O*NET spells out in its "Long Form (SHORT)" titles, with how often each meaning is given.

    'cpa' -> [(('certified', 'public', 'accountant'), 12)]; at most three meanings each, the most frequent first.
    """
    seen: defaultdict[str, Counter[tuple[str, ...]]] = defaultdict(Counter)
    for title in titles:
        if "(" not in title:
            continue
        pair = _PAIR.match(title)
        if pair is None:
            continue
        left = [w for w in words(pair.group(1)) if w not in STOPWORDS]
        right = [w for w in words(pair.group(2)) if w not in STOPWORDS]
        for a, b in _differences(left, right):
            if len(a) == 1 and abbreviates(a[0], b):
                seen[a[0]][tuple(b)] += 1
            elif len(b) == 1 and abbreviates(b[0], a):
                seen[b[0]][tuple(a)] += 1
    return {short: counts.most_common(3) for short, counts in seen.items()}


def _differences(left: list[str], right: list[str]) -> Iterable[tuple[list[str], list[str]]]:
    """The runs of words that differ between two word lists, aligned at the words they share, in order.

    ("dept", "store", "gm") and ("department", "store", "general", "manager") differ in ("dept",) against
    ("department",) and ("gm",) against ("general", "manager"). A plain walk, not difflib: it runs at every start.
    """
    while left and right:
        shared = next(((i, right.index(w)) for i, w in enumerate(left) if w in right), None)
        if shared is None:
            yield left, right
            return
        i, j = shared
        if i or j:
            yield left[:i], right[:j]
        left, right = left[i + 1 :], right[j + 1 :]


def abbreviation_table(
    titles: Iterable[str],
) -> tuple[dict[str, tuple[str, ...]], dict[str, list[tuple[str, ...]]]]:
    """Abbreviations with one meaning (spelt out in titles and queries) and with several (read each way in queries).

    The hand list comes first; a mined abbreviation has one meaning when its most frequent one (counting meanings
    with the same stems, "human resource" and "human resources", as one) is given at least three times as often as
    the next.
    """
    sure = {short: tuple(long.split()) for short, long in HAND_ABBREVIATIONS.items()}
    ambiguous: dict[str, list[tuple[str, ...]]] = {}
    for short, meanings in mine_abbreviations(titles).items():
        if short in sure or len(short) < 2:  # "I" is the reader far more often than "instrument"
            continue
        merged: dict[tuple[str, ...], tuple[tuple[str, ...], int]] = {}
        for long, count in meanings:
            stems = tuple(stem(w) for w in long)
            first, total = merged.get(stems, (long, 0))
            merged[stems] = (first, total + count)
        ranked = sorted(merged.values(), key=lambda pair: -pair[1])
        if len(ranked) == 1 or ranked[0][1] >= 3 * ranked[1][1]:
            sure[short] = ranked[0][0]
        else:
            ambiguous[short] = [long for long, _ in ranked[:2]]
    return sure, ambiguous


def abbreviates(short: str, long: list[str]) -> bool:
    """Whether `short` is made of the starts of `long`'s words in order ('hvac'), or is a contraction of one ('mgr')."""
    joined = "".join(long)
    if not short.isalpha() or len(short) >= len(joined) or short[0] != joined[0]:
        return False
    if len(long) == 1:
        return _is_subsequence(short, joined)
    return _from_prefixes(short, tuple(long))


def _is_subsequence(short: str, long: str) -> bool:
    remaining = iter(long)
    return all(c in remaining for c in short)


def _from_prefixes(short: str, long: tuple[str, ...]) -> bool:
    """Whether `short` is the concatenation of a non-empty start of every word of `long`."""
    if not long:
        return not short
    first, rest = long[0], long[1:]
    return any(
        short[:n] == first[:n] and _from_prefixes(short[n:], rest) for n in range(1, min(len(first), len(short)) + 1)
    )
