"""Occupation matcher evaluation: held-out O*NET titles and goal phrasings, against a plain TF-IDF baseline.

    .venv/bin/python bench/match_eval.py                      # seeds 1, 2 and 3, with the baseline and timings
    .venv/bin/python bench/match_eval.py --strict --cli       # also the strict split, and the CLI over 1,000 titles
    .venv/bin/python bench/match_eval.py --seeds 7 --no-baseline --misses

**Held-out titles.** For each seed, a random 10% of the O*NET alternate-title rows is held out and the matcher is
built from the rest. A held-out title leaves its occupation's index whole: the row itself, any short or reported
row of the same occupation with the same words (compared folded, so "Sales Manager" and "sales manager" are one),
and, for a "Long Form (SHORT)" title, the rows of that occupation carrying either half (the short title O*NET
derived from it). The official occupation titles always stay: they are the labels, not samples. Each distinct
held-out title is matched as O*NET writes it and counts as correct at the 6-digit SOC level (the first seven
characters of the code) when the answer is any occupation O*NET lists the title under: "Account Manager" is
listed under Sales Managers and under Advertising Sales Agents, and either is right. A title listed under two
occupations and held out of only one is therefore still in the index under the other.

**The plain variant** (--plain) holds out only the sampled rows themselves: a variant of the same title in the same
occupation (a plural, a reported or short title with the same words) stays in the index. It is the loosest reading
of "hold out 10% of the alternate titles", given for comparison with figures measured that way.

**The strict variant** (--strict) closes that door: a held-out title leaves every occupation's index, so a match
must come from other titles. It is the harder and the more honest measure of generalisation.

**Baseline.** Word TF-IDF (raw term frequency, idf = ln(N / df)) over the same titles, cosine similarity, each
occupation scored by its nearest title: no stemming, abbreviations, spelling correction or pooling of an
occupation's titles.

**Goal phrasings.** bench/match_phrasings.json holds goals and titles as people type them, each with the 6-digit
SOC codes that are defensible answers (chosen from the O*NET titles, more than one where honest). The
"development" set was written first and looked at while building the goal vocabulary, so it flatters; the "fresh"
set was written afterwards and never tuned on. The held-out titles are the measure of generalisation; the
phrasings check the goal, abbreviation and spelling handling.

**Timing.** One match is timed warm, over the held-out titles of the first seed (median and 95th percentile);
the build is `Matcher.load` on the bundled file, best of five in this process (wall and CPU), and once in a fresh
interpreter with the imports, as the CLI pays it. --cli runs `headway occupations match --stdin` over 1,000
held-out titles. The script exits 1 when a target is missed (85% top-1 and 97% top-5 on the held-out titles, 5 ms
at p95 for one match, 1 s for the build, 5 s for the CLI run).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from headway.adapters.occupations.match_text import words
from headway.adapters.occupations.matcher import Matcher
from headway.adapters.occupations.store import bundled_path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = bundled_path()  # the shipped dataset, unpacked for this process
PHRASINGS = Path(__file__).resolve().parent / "match_phrasings.json"
SEEDS = (1, 2, 3)
HOLD_OUT = 0.10
TARGET_TOP1, TARGET_TOP5 = 0.85, 0.97
TARGET_MATCH_MS, TARGET_LOAD_S, TARGET_CLI_S = 5.0, 1.0, 5.0

Row = tuple[str, str, str]  # code, title, source
Ranker = Callable[[str], list[str]]  # a query to codes, best first


@dataclass(frozen=True)
class Split:
    """The rows a matcher is built from and the held-out titles with the SOC6 codes that count as right."""

    index: list[Row]
    held_out: list[tuple[str, frozenset[str]]]


@dataclass(frozen=True)
class Score:
    top1: float
    top5: float
    count: int

    def __str__(self) -> str:
        return f"top-1 {self.top1:6.1%}   top-5 {self.top5:6.1%}   (n={self.count})"


def key(title: str) -> str:
    return " ".join(words(title))


def halves(title: str) -> set[str]:
    """A "Long Form (SHORT)" title's two halves, as keys; none for a plain title."""
    if not title.endswith(")") or "(" not in title:
        return set()
    left, _, inner = title[:-1].partition("(")
    return {key(left), key(inner)} - {""}


def plain_split(rows: list[Row], seed: int) -> Split:
    """Hold out a random 10% of the alternate-title rows, and only those rows (see the module's doc)."""
    answers: defaultdict[str, set[str]] = defaultdict(set)
    for code, title, source in rows:
        if source != "occupation":
            answers[key(title)].add(code[:7])
    alternates = [i for i, (_, _, source) in enumerate(rows) if source == "alternate"]
    rng = random.Random(seed)  # noqa: S311 a reproducible sample, not a secret
    held = set(rng.sample(alternates, round(len(alternates) * HOLD_OUT)))
    index = [row for i, row in enumerate(rows) if i not in held]
    return Split(index, [(rows[i][1], frozenset(answers[key(rows[i][1])])) for i in sorted(held)])


def split(rows: list[Row], seed: int, *, strict: bool = False) -> Split:
    """Hold out a random 10% of alternate titles and every row that would give one away (see the module's doc)."""
    answers: defaultdict[str, set[str]] = defaultdict(set)
    for code, title, source in rows:
        if source != "occupation":
            answers[key(title)].add(code[:7])
    alternates = [(code, title) for code, title, source in rows if source == "alternate"]
    rng = random.Random(seed)  # noqa: S311 a reproducible sample, not a secret
    if strict:
        distinct = sorted({key(title): (code, title) for code, title in reversed(alternates)}.values())
        held = rng.sample(distinct, round(len(distinct) * HOLD_OUT))
    else:
        held = rng.sample(alternates, round(len(alternates) * HOLD_OUT))
    held_keys = {key(title) for _, title in held}
    given_away = {(code, k) for code, title in held for k in {key(title), *halves(title)}}
    if strict:
        given_away |= {(code, key(title)) for code, title, _ in rows if key(title) in held_keys}
    index = [
        (code, title, source)
        for code, title, source in rows
        if source == "occupation" or (code, key(title)) not in given_away
    ]
    queries = {key(title): title for _, title in sorted(held)}
    return Split(index, [(title, frozenset(answers[k])) for k, title in sorted(queries.items())])


def score(rank: Ranker, cases: Iterable[tuple[str, frozenset[str]]]) -> Score:
    top1 = top5 = count = 0
    for text, accept in cases:
        codes = [code[:7] for code in rank(text)]
        top1 += bool(codes) and codes[0] in accept
        top5 += any(code in accept for code in codes[:5])
        count += 1
    return Score(top1 / count, top5 / count, count)


def matcher_ranker(matcher: Matcher) -> Ranker:
    return lambda text: [m.code for m in matcher.match(text, limit=5)]


class TfidfBaseline:
    """Word TF-IDF over every title, cosine, each occupation scored by its nearest title."""

    def __init__(self, rows: Iterable[Row], occupations: dict[str, str]) -> None:
        titles = [(code, Counter(key(title).split())) for code, title, _ in rows if code in occupations]
        titles += [(code, Counter(key(title).split())) for code, title in occupations.items()]
        df: Counter[str] = Counter()
        for _, counts in titles:
            df.update(counts.keys())
        self.idf = {w: math.log(len(titles) / n) for w, n in df.items()}
        self.codes = [code for code, _ in titles]
        self.postings: defaultdict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, (_, counts) in enumerate(titles):
            vector = {w: n * self.idf[w] for w, n in counts.items()}
            norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
            for w, v in vector.items():
                self.postings[w].append((i, v / norm))

    def rank(self, text: str) -> list[str]:
        counts = Counter(key(text).split())
        query = {w: n * self.idf[w] for w, n in counts.items() if w in self.idf}
        norm = math.sqrt(sum(v * v for v in query.values())) or 1.0
        dots: defaultdict[int, float] = defaultdict(float)
        for w, v in query.items():
            for i, weight in self.postings[w]:
                dots[i] += v / norm * weight
        best: dict[str, float] = {}
        for i, dot in dots.items():
            code = self.codes[i]
            best[code] = max(best.get(code, 0.0), dot)
        return sorted(best, key=lambda code: (-best[code], code))[:5]


def read_rows() -> tuple[list[Row], dict[str, str]]:
    db = sqlite3.connect(f"file:{DATABASE}?mode=ro", uri=True)
    try:
        rows = [(str(c), str(t), str(s)) for c, t, s in db.execute("SELECT code, title, source FROM title")]
        occupations = {str(c): str(t) for c, t in db.execute("SELECT code, title FROM occupation")}
    finally:
        db.close()
    return rows, occupations


def read_phrasings() -> dict[str, list[tuple[str, frozenset[str]]]]:
    """The phrasings by set: "development" (looked at while building) and "fresh" (written after, never tuned on)."""
    sets: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for case in json.loads(PHRASINGS.read_text(encoding="utf-8")):
        sets.setdefault(case["set"], []).append((case["text"], frozenset(case["accept"])))
    return sets


def phrasing_misses(matcher: Matcher, cases: list[tuple[str, frozenset[str]]]) -> list[str]:
    lines = []
    for text, accept in cases:
        found = matcher.match(text, limit=5)
        if not found or found[0].code[:7] not in accept:
            got = ", ".join(f"{m.code} {m.title} {m.score}" for m in found[:3])
            lines.append(f"  {text!r} (want {'/'.join(sorted(accept))}): {got}")
    return lines


def time_matches(matcher: Matcher, texts: list[str]) -> tuple[float, float]:
    for text in texts[:200]:
        matcher.match(text)  # warm: the spelling corrector's word list is built on first use
    times = []
    for text in texts:
        start = time.perf_counter()
        matcher.match(text)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)]


def time_load() -> tuple[float, float, float]:
    """The build from the bundled file: best of five wall and CPU seconds here, and wall in a fresh interpreter."""
    best_wall = best_cpu = math.inf
    for _ in range(5):
        db = sqlite3.connect(f"file:{DATABASE}?mode=ro", uri=True)
        wall, cpu = time.perf_counter(), time.process_time()
        Matcher.load(db)
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        db.close()
    program = (
        "import sqlite3, sys, time; start = time.perf_counter(); "
        "from headway.adapters.occupations.matcher import Matcher; "
        f"Matcher.load(sqlite3.connect('file:{DATABASE}?mode=ro', uri=True)); "
        "print(time.perf_counter() - start)"
    )
    cold = float(subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True).stdout)
    return best_wall, best_cpu, cold


def time_cli(queries: list[str]) -> float:
    """`headway occupations match --stdin` over the queries, start-up included, in a throwaway home."""
    headway = Path(sys.executable).parent / "headway"
    with tempfile.TemporaryDirectory() as home:
        start = time.perf_counter()
        subprocess.run(
            [str(headway), "occupations", "match", "--stdin"],
            input="\n".join(queries) + "\n",
            capture_output=True,
            text=True,
            check=False,  # a line the matcher refuses makes the exit status 1; the timing still stands
            env={**os.environ, "HEADWAY_HOME": home},
        )
        return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=lambda s: [int(x) for x in s.split(",")], default=list(SEEDS))
    parser.add_argument("--no-baseline", action="store_true", help="skip the TF-IDF baseline")
    parser.add_argument("--no-timing", action="store_true", help="skip the timings")
    parser.add_argument("--misses", action="store_true", help="list the goal phrasings missed at top 1")
    parser.add_argument("--strict", action="store_true", help="also hold titles out of every occupation (see above)")
    parser.add_argument("--plain", action="store_true", help="also hold out only the sampled rows (see above)")
    parser.add_argument("--cli", action="store_true", help="also time `headway occupations match --stdin`")
    args = parser.parse_args()

    rows, occupations = read_rows()
    phrasings = read_phrasings()
    ok = True
    first_held: list[str] = []
    print(f"Held-out alternate titles ({HOLD_OUT:.0%} of distinct titles per seed), correct at 6-digit SOC:")
    variants = ["default", *(["plain"] if args.plain else []), *(["strict"] if args.strict else [])]
    for variant in variants:
        strict = variant == "strict"
        if variant != "default":
            print(f"The {variant} variant:")
        for seed in args.seeds:
            data = plain_split(rows, seed) if variant == "plain" else split(rows, seed, strict=strict)
            first_held = first_held or [text for text, _ in data.held_out]
            matcher = Matcher.from_rows(data.index, occupations)
            ours = score(matcher_ranker(matcher), data.held_out)
            print(f"  seed {seed:>3}  matcher   {ours}")
            ok &= variant != "default" or (ours.top1 >= TARGET_TOP1 and ours.top5 >= TARGET_TOP5)
            if not args.no_baseline:
                held_out_baseline = TfidfBaseline(data.index, occupations)
                print(f"  seed {seed:>3}  baseline  {score(held_out_baseline.rank, data.held_out)}")

    db = sqlite3.connect(f"file:{DATABASE}?mode=ro", uri=True)
    full = Matcher.load(db)
    db.close()
    baseline = None if args.no_baseline else TfidfBaseline(rows, occupations)
    print(f"Goal phrasings ({PHRASINGS.name}), correct at 6-digit SOC:")
    for name, cases in phrasings.items():
        print(f"  {name:<12} matcher   {score(matcher_ranker(full), cases)}")
        if baseline is not None:
            print(f"  {name:<12} baseline  {score(baseline.rank, cases)}")
        if args.misses:
            print("\n".join(phrasing_misses(full, cases)) or "  (none missed at top 1)")

    if not args.no_timing:
        median, p95 = time_matches(full, first_held)
        wall, cpu, cold = time_load()
        print(f"Timing: one match {median:.2f} ms median, {p95:.2f} ms p95 (n={len(first_held)}, warm)")
        print(
            f"        build from the bundled file {wall * 1000:.0f} ms ({cpu * 1000:.0f} ms CPU), "
            f"{cold * 1000:.0f} ms in a fresh interpreter with the imports"
        )
        ok &= p95 <= TARGET_MATCH_MS and cold <= TARGET_LOAD_S
        if args.cli:
            queries = first_held[:1000]
            seconds = time_cli(queries)
            print(f"        headway occupations match --stdin, {len(queries)} queries: {seconds:.2f} s with start-up")
            ok &= seconds <= TARGET_CLI_S
    print("All targets met." if ok else "A target was missed.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
