"""The pooled evidence of an occupation's titles for a query: a naive Bayes posterior over occupations.

The closest single title decides most matches, but many titles are shared or near-shared ("Drilling Machine
Operator" under three occupations). Pooling all of an occupation's titles says which of them a query's words keep
coming back to: how often the query's head noun heads the occupation's titles, and how often its other words
appear in them.
"""

from __future__ import annotations

import itertools
import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import TypedDict

# How much the head noun's evidence weighs against one other word's: the head says more about the job.
HEAD_EVIDENCE = 1.5
# Additive smoothing towards the words' frequency over all titles, in titles' worth.
SMOOTHING = 1.0
# Larger occupations are likelier a priori: prior proportional to the number of titles to this power.
SIZE_PRIOR = 1.0


class EvidenceIndex(TypedDict):
    """What `Evidence` reads, as plain values marshal can store: see `count_evidence`."""

    heads: dict[str, bytes]  # head stem: (occupation, titles it heads there) pairs, packed as an int array
    bodies: dict[str, bytes]  # stem: (occupation, titles it is in but does not head) pairs, packed alike
    head_share: dict[str, float]  # of all titles' heads, the share that is this stem
    word_share: dict[str, float]  # of all titles' words, the share that is this stem
    head_shares: dict[str, float]  # of this stem's appearances in titles, the share as the head noun
    prior: list[float]
    log_heads: list[float]
    log_bodies: list[float]


def count_evidence(
    occupations: Sequence[int],
    heads: Sequence[str | None],
    groups: Mapping[str, Sequence[str]],
    postings: Mapping[str, Sequence[int]],
    count: int,
) -> EvidenceIndex:
    """Count from the index: each title's occupation and head stem, the words of each stem, and their postings."""
    # Counted by C loops (Counter over zip and map) where it can.
    heads_by_word: defaultdict[str, Counter[int]] = defaultdict(Counter)
    head_totals, body_totals = [0] * count, [0] * count
    for (word, occupation), n in Counter(zip(heads, occupations, strict=True)).items():
        if word is not None:
            heads_by_word[word][occupation] = n
            head_totals[occupation] += n
    bodies: dict[str, Counter[int]] = {}
    for word, terms in groups.items():
        ids = postings[terms[0]] if len(terms) == 1 else set().union(*(postings[t] for t in terms))
        counts = Counter(map(occupations.__getitem__, ids))
        counts.subtract(heads_by_word.get(word, {}))
        bodies[word] = +counts  # the titles the word is in, less those it heads
        for occupation, n in bodies[word].items():
            body_totals[occupation] += n
    head_count = {word: counts.total() for word, counts in heads_by_word.items()}
    all_heads, all_words = sum(head_totals) or 1, (sum(head_totals) + sum(body_totals)) or 1
    word_share = {word: (head_count.get(word, 0) + counts.total()) / all_words for word, counts in bodies.items()}
    sizes = Counter(occupations)
    return EvidenceIndex(
        heads={word: _pack(counts) for word, counts in heads_by_word.items()},
        bodies={word: _pack(counts) for word, counts in bodies.items() if counts},
        head_share={word: n / all_heads for word, n in head_count.items()},
        word_share=word_share,
        head_shares={word: n / (word_share[word] * all_words) for word, n in head_count.items()},
        prior=[SIZE_PRIOR * math.log(sizes[o] + 1) for o in range(count)],
        log_heads=[math.log(n + SMOOTHING) for n in head_totals],
        log_bodies=[math.log(n + SMOOTHING) for n in body_totals],
    )


def _pack(counts: Mapping[int, int]) -> bytes:
    return array("i", itertools.chain.from_iterable(counts.items())).tobytes()


class Evidence:
    """Word counts per occupation, split into head nouns and other words, for a posterior over occupations."""

    def __init__(self, index: EvidenceIndex) -> None:
        self._heads = index["heads"]
        self._bodies = index["bodies"]
        self._head_share = index["head_share"]
        self._word_share = index["word_share"]
        self._prior = index["prior"]
        self._log_heads = index["log_heads"]
        self._log_bodies = index["log_bodies"]

    def posterior(self, terms: Iterable[tuple[str, float, bool]]) -> Mapping[int, float]:
        """P(occupation | words) for (stem, weight, is the head) triples; words no title has are ignored.

        Only the occupations some word reaches are listed; the others are near nil, and 0.0 stands for them.
        """
        gains: defaultdict[int, float] = defaultdict(float)  # log-likelihood over an occupation with no such word
        head_weight = body_weight = 0.0
        for word, weight, is_head in terms:
            share = self._word_share.get(word)
            if share is None:
                continue
            if is_head:
                # A head seen only as a modifier still has a small share, so the smoothing never divides by zero.
                background = 0.5 * (self._head_share.get(word, 0.0) + share)
                packed, strength = self._heads.get(word, b""), HEAD_EVIDENCE * weight
                head_weight += strength
            else:
                background = share
                packed, strength = self._bodies.get(word, b""), weight
                body_weight += strength
            prior = SMOOTHING * background
            floor = math.log(prior)
            pairs = array("i", packed)
            for occupation, n in zip(pairs[::2], pairs[1::2], strict=True):
                gains[occupation] += strength * (math.log(n + prior) - floor)
        base, top, total = self._base(round(head_weight, 3), round(body_weight, 3))
        # Only the reached occupations' terms change: the normaliser is the cached one, corrected for them.
        exps = {o: math.exp(base[o] + gain - top) for o, gain in gains.items()}
        total += sum(exps.values()) - sum(math.exp(base[o] - top) for o in exps)
        return {o: e / total for o, e in exps.items()}

    @lru_cache(maxsize=64)  # noqa: B019 one Evidence per Matcher, kept for the process; a few weight pairs recur
    def _base(self, head_weight: float, body_weight: float) -> tuple[list[float], float, float]:
        """Each occupation's log score before any word's counts, the largest, and the sum of their exponentials."""
        scores = [
            p - head_weight * h - body_weight * b
            for p, h, b in zip(self._prior, self._log_heads, self._log_bodies, strict=True)
        ]
        top = max(scores)
        return scores, top, sum(math.exp(s - top) for s in scores)
