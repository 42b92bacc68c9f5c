"""Speed of the occupation commands, against the targets of the occupations issue.

    python bench/occupations.py [--runs 21]

Whole processes run through a non-editable, compiled install (bench/results/venv, as bench/run.py builds it):
`headway occupations show` (target <= 150 ms), `headway occupations match --stdin` over 1,000 queries
(<= 5 s including start-up). In-process, warm: one `match` (<= 5 ms) and one `gap` (<= 5 ms), median and p95.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import run  # bench/run.py: the same install and timing
from run import Command, install_headway, measure

from headway.adapters.occupations.store import bundled_path

ROOT = Path(__file__).resolve().parent.parent
DATASET = bundled_path()  # the shipped dataset, unpacked for this process
TODAY = date(2026, 11, 25)


def queries(count: int, seed: int) -> list[str]:
    """Alternate titles as people would type them: a sample, some lower-cased, some as goals."""
    rng = random.Random(seed)  # noqa: S311 reproducible sample, not secrets
    db = sqlite3.connect(f"file:{DATASET}?mode=ro", uri=True)
    titles = [t for (t,) in db.execute("SELECT title FROM title WHERE source = 'alternate' ORDER BY rowid")]
    db.close()
    picked = rng.sample(titles, count)
    shapes = ["{}", "{}", "{}", "I want to become a {}", "work as a {}", "move into {}"]
    return [rng.choice(shapes).format(t.lower() if rng.random() < 0.5 else t) for t in picked]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def warm(headway_python: Path, sample: list[str]) -> str:
    """Run the in-process timings inside the bench venv (the installed code), printing the figures."""
    script = f"""
import statistics, time, tempfile
from datetime import date, datetime, UTC
from headway.adapters.occupations.store import OccupationStore
from headway.adapters.db import SqlUnitOfWork, open_database
from headway.domain.records import Profile
from headway.services.record import init_profile
from headway.services.skills import skill_gap, skills_from_occupation
sample = {sample!r}
store = OccupationStore()
t = time.perf_counter(); matcher = store.matcher; load = (time.perf_counter() - t) * 1000
for q in sample[:20]: matcher.match(q)
times = []
for q in sample:
    t = time.perf_counter(); matcher.match(q); times.append((time.perf_counter() - t) * 1000)
times.sort()
print(f"match: matcher load {{load:.0f}} ms; warm median {{statistics.median(times):.2f}} ms, "
      f"p95 {{times[int(0.95 * (len(times) - 1))]:.2f}} ms over {{len(times)}} queries")
folder = tempfile.mkdtemp()
uow = SqlUnitOfWork(open_database(folder + "/h.sqlite3"))
now = datetime(2026, 11, 25, 12, tzinfo=UTC)
init_profile(uow, Profile(name="Bench"), now=now)
skills_from_occupation(uow, store, "41-4012.00", on=date(2026, 11, 25), now=now)
for _ in range(20): skill_gap(uow, store, "11-2022.00")
gaps = []
for code in ["11-2022.00", "15-1252.00", "29-1141.00", "13-2011.00", "11-3121.00"] * 40:
    t = time.perf_counter(); skill_gap(uow, store, code); gaps.append((time.perf_counter() - t) * 1000)
gaps.sort()
print(f"gap: warm median {{statistics.median(gaps):.2f}} ms, p95 {{gaps[int(0.95 * (len(gaps) - 1))]:.2f}} ms "
      f"over {{len(gaps)}} runs (a profile of 68 elements, from SQLite)")
"""
    done = subprocess.run([str(headway_python), "-c", script], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    run.VENV = run.RESULTS / "venv-occupations"  # its own, so it can run beside bench/run.py
    headway = install_headway(ROOT)
    home = Path(tempfile.mkdtemp())
    env = {**os.environ, "HEADWAY_HOME": str(home), "HEADWAY_TODAY": TODAY.isoformat()}
    env.pop("HEADWAY_DATABASE_URL", None)
    commands = [
        Command("occupations show", [str(headway), "occupations", "show", "11-2022.00"], env),
        Command("occupations match", [str(headway), "occupations", "match", "sales manager"], env),
        Command("about", [str(headway), "about"], env),
    ]
    medians = measure(commands, args.runs, warmup=2)
    sample = queries(1000, args.seed)
    stdin = "\n".join(sample) + "\n"
    batch = []
    for _ in range(5):
        start = time.perf_counter()
        done = subprocess.run([str(headway), "occupations", "match", "--stdin", "--json"], input=stdin, env=env,
                              capture_output=True, text=True, check=False)  # fmt: skip
        batch.append(time.perf_counter() - start)
        lines = done.stdout.count("\n")
        if lines != len(sample):
            raise SystemExit(f"--stdin printed {lines} lines for {len(sample)} queries: {done.stderr[-500:]}")
    python = headway.parent / "python"
    print(f"whole process, median of {args.runs} (target: occupations show <= 150 ms):")
    for key, value in medians.items():
        print(f"  headway {key:20} {value:7.1f} ms")
    print(
        f"  headway occupations match --stdin, 1,000 queries: median {statistics.median(batch):.2f} s of 5 "
        "(target <= 5 s)"
    )
    print(warm(python, sample))
    print(f"python {sys.version.split()[0]}, {datetime.now(UTC):%Y-%m-%d}")


if __name__ == "__main__":
    main()
