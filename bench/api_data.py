"""The API benchmark's data set: N users, each with about a year of Headway, the same rows on every run (seeded).

Each user n (1..N) is a person with an account and one read-only API token whose secret is `token(n)`
(hw_bench_<n>_<SUFFIX>), so a load generator can build any user's token without a file of secrets. Every user
has 10 active goals (5 measured by milestones, 5 numeric, 5 of them sub-goals), 30 tasks (milestones and
tasks, past ones mostly done, some overdue, a few dependencies), 20 fortnightly check-ins with ratings and
entries (a reading of every numeric goal, a confidence on two milestone goals), 6 investments and a review,
all dated around TODAY.

    .venv/bin/python bench/api_data.py postgresql://postgres@127.0.0.1:5432/headway_bench --users 100000
    .venv/bin/python bench/api_data.py bench/results/api-1000.sqlite3 --users 1000

The database is dropped and made again: the schema by Headway's own migrations (open_database), then the rows
by COPY on PostgreSQL (followed by VACUUM ANALYZE, the state autovacuum reaches) or executemany in one
transaction on SQLite (left without ANALYZE, as Headway leaves its own files). bench/api.py calls generate().
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from functools import partial
from multiprocessing import Pool
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # run from a checkout: the schema is that of the Headway next to it

from headway.adapters.db.connection import open_database, sqlite_path  # noqa: E402 - after the path above

TODAY = date(2026, 11, 25)
SEED = 20261125
SUFFIX = "p7Kq2Vx9Lm4Rt8Wz"  # the fixed part of every benchmark token's secret
CHUNK = 2_000  # users generated, then loaded, at a time
TASKS_PER_GOAL = 3
CHECKINS = 20
INVESTMENTS = 6
Row = tuple[Any, ...]

# (title, kind, parent index, start and target in days from TODAY, numeric (metric, unit, start, target) or None)
GOALS: list[tuple[str, str, int | None, int, int, tuple[str, str, float, float] | None]] = [
    ("Become an engineering manager", "career", None, -400, 700, None),
    ("Lead a cross-team project", "career", 0, -300, 220, None),
    ("Earn two cloud certifications", "learning", 0, -250, 250, ("certifications", "", 0, 2)),
    ("Build financial security", "financial", None, -400, 1500, None),
    ("Raise my base salary", "financial", 3, -380, 600, ("salary", "USD", 60_000, 78_000)),
    ("Grow my emergency fund", "financial", 3, -330, 400, ("savings", "USD", 2_000, 15_000)),
    ("Read 24 career books", "learning", None, -330, 400, ("books", "", 0, 24)),
    ("Speak Spanish at B1", "learning", None, -280, 320, None),
    ("Run 10 km under 50 minutes", "life", 6, -300, 180, ("10 km time", "min", 62, 50)),
    ("Keep my weekends free", "life", None, -200, 365, None),
]
GOALS_PER_USER = len(GOALS)
TASKS_PER_USER = GOALS_PER_USER * TASKS_PER_GOAL
CONFIDENCE_GOALS = (1, 7)  # milestone goals (leaves) that get a confidence and their plan's progress at every check-in
DEPENDENT = {(0, 1): 0, (0, 2): 1, (1, 1): 0, (3, 2): 1, (7, 1): 0}  # (goal, task) -> the task it waits for
TASK_WORDS = ("Plan", "Draft", "Finish", "Review", "Present", "Practise", "Book", "Ask about", "Research", "Write up")
ROLES = ("Software Engineer", "Account Executive", "Nurse", "Data Analyst", "Teacher", "Product Designer")
NOTES = ("", "", "", "Busy fortnight.", "Good progress.", "Tired but moving.")
CATEGORIES = ("reading", "course", "practice", "networking", "mentoring", "credential")

# Columns of each table in the order the rows below give them (parents first, as the foreign keys need).
COLUMNS: dict[str, str] = {
    "people": "id, name, job_title, employer, priorities, currency, created_at, checkin_cadence, review_cadence, "
    "monthly_target_hours, monthly_target_amount, weekly_capacity_hours",
    "accounts": "id, person_id, email, password_hash, role, created_at",
    "api_tokens": "id, account_id, name, token_hash, scope, created_at",
    "audit_log": "id, account_id, at, event, detail, address",
    "goals": "id, person_id, parent_id, title, why, kind, measure_type, metric, unit, start_value, target_value, "
    "direction, current_value, start_date, target_date, status, created_at",
    "tasks": "id, goal_id, title, kind, planned_start, due, effort_hours, status, done_on, status_reason, created_at",
    "task_dependencies": "task_id, depends_on_id",
    "checkins": "id, person_id, on_date, fulfilment, balance, achievement, financial, note, created_at",
    "checkin_entries": "checkin_id, goal_id, value, progress, confidence, went_well, obstacles, next_step",
    "investments": "id, person_id, on_date, category, hours, amount, currency, goal_id, note",
    "reviews": "id, person_id, on_date, note, created_at",
    "review_answers": "review_id, goal_id, still_right, still_aligned, still_realistic, note",
}
IDENTITY_TABLES = (
    "people",
    "accounts",
    "api_tokens",
    "audit_log",
    "goals",
    "tasks",
    "checkins",
    "investments",
    "reviews",
)


def token(n: int) -> str:
    """The API token secret of user n (1-based)."""
    return f"hw_bench_{n}_{SUFFIX}"


def at(day: date) -> str:
    return f"{day.isoformat()}T19:30:00+00:00"


def user_rows(n: int, seed: int, out: dict[str, list[Row]]) -> None:  # noqa: PLR0912 - one user's story in one place
    """Append user n's rows to `out`, table by table; ids are derived from n, so chunks can be loaded in any order."""
    rng = random.Random(seed * 1_000_003 + n)  # noqa: S311 - reproducible test data, no secret
    rand = rng.random

    def between(low: int, high: int) -> int:  # as rng.randint, at a tenth of its cost
        return low + int(rand() * (high - low + 1))

    created = TODAY - timedelta(days=410 + between(0, 30))
    cadence = rng.choices(("fortnightly", "weekly", "monthly"), (8, 1, 1))[0]
    out["people"].append((
        n, f"Bench User {n}", rng.choice(ROLES), f"Employer {n % 997}", '["growth", "time with family"]', "USD",
        at(created), cadence, "quarterly", rng.choice((None, 6.0, 8.0)), rng.choice((None, 100.0)),
        float(between(4, 10)),
    ))  # fmt: skip
    out["accounts"].append((n, n, f"user{n}@bench.headway.invalid", None, "admin" if n == 1 else "member", at(created)))
    out["api_tokens"].append((n, n, "benchmark", hashlib.sha256(token(n).encode()).hexdigest(), "read", at(created)))
    out["audit_log"].append((n, n, at(created), "token created", "benchmark (read)", ""))

    first_goal, first_task = (n - 1) * GOALS_PER_USER + 1, (n - 1) * TASKS_PER_USER + 1
    spans: list[tuple[date, date]] = []
    paces: list[float] = []
    for k, (title, kind, parent, start_days, target_days, numeric) in enumerate(GOALS):
        start = TODAY + timedelta(days=start_days + between(-20, 20))
        target = TODAY + timedelta(days=target_days + between(-30, 30))
        spans.append((start, target))
        paces.append(rng.uniform(0.5, 1.3))  # ahead of or behind the straight line to the target
        measure: tuple[Any, ...] = ("milestones", None, None, None, None, None)
        if numeric is not None:
            metric, unit, low, high = numeric
            if unit == "USD":  # salaries and savings differ from person to person
                scale = rng.uniform(0.75, 1.5)
                low, high = round(low * scale, -2), round(high * scale, -2)
            measure = ("numeric", metric, unit, float(low), float(high), "increase" if high > low else "decrease")
        parent_id = first_goal + parent if parent is not None else None
        out["goals"].append((
            first_goal + k, n, parent_id, title, "It matters to me.", kind, *measure, None,
            start.isoformat(), target.isoformat(), "active", at(start),
        ))  # fmt: skip
    goal_rows = out["goals"][-GOALS_PER_USER:]

    plans: list[list[tuple[float | None, date | None]]] = [[] for _ in GOALS]  # (effort, done on) of each task
    for k, (start, target) in enumerate(spans):
        span = (target - start).days
        numeric_goal = GOALS[k][5] is not None
        for j in range(TASKS_PER_GOAL):
            task_id = first_task + k * TASKS_PER_GOAL + j
            due = start + timedelta(days=int(span * ((j + 1) / (TASKS_PER_GOAL + 1) + rng.uniform(-0.1, 0.1))))
            effort = rng.choice((None, 2.0, 4.0, 6.0, 8.0, 12.0, 20.0, 40.0))
            planned = max(start, due - timedelta(days=int(effort or 4) * 2)) if rng.random() < 0.4 else None
            roll = rng.random()
            status, done_on, reason = "open", None, ""
            if roll < 0.02:
                status, reason = "dropped", "No longer the right step."
            elif (due < TODAY and roll < 0.8) or roll < 0.1:
                status = "done"
                done_on = min(TODAY - timedelta(days=1), max(start, due - timedelta(days=between(0, 10))))
            milestone = j == TASKS_PER_GOAL - 1 and (not numeric_goal or roll > 0.7)
            out["tasks"].append((
                task_id, first_goal + k, f"{rng.choice(TASK_WORDS)} step {j + 1} of {GOALS[k][0].lower()}",
                "milestone" if milestone else "task", planned and planned.isoformat(), due.isoformat(), effort,
                status, done_on and done_on.isoformat(), reason, at(start),
            ))  # fmt: skip
            if status != "dropped":
                plans[k].append((effort, done_on))
            if (k, j) in DEPENDENT:
                out["task_dependencies"].append((task_id, first_task + k * TASKS_PER_GOAL + DEPENDENT[(k, j)]))

    last = TODAY - timedelta(days=between(1, 20))  # a few users are behind their check-in rhythm
    ratings = [between(5, 8) for _ in range(4)]
    done_by = {k: plan_weights(plans[k]) for k in CONFIDENCE_GOALS}
    values: dict[int, float] = {}
    for c in range(CHECKINS):
        checkin_id = (n - 1) * CHECKINS + c + 1
        on = last - timedelta(days=14 * (CHECKINS - 1 - c))
        ratings = [min(10, max(1, r + between(-1, 1))) for r in ratings]
        financial = ratings[3] if rand() > 0.1 else None
        out["checkins"].append((checkin_id, n, on.isoformat(), *ratings[:3], financial, rng.choice(NOTES), at(on)))
        for k, (start, target) in enumerate(spans):
            if on < start:
                continue
            elapsed = min(1.0, (on - start).days / (target - start).days * paces[k])
            row = goal_rows[k]
            if row[6] == "numeric":
                low, high = row[9], row[10]
                value = low + (high - low) * min(1.2, max(0.0, elapsed + (rand() - 0.5) / 10))
                value = round(value, -2) if row[8] == "USD" else round(value, 1 if row[8] else 0)
                values[k] = value
                progress = round(min(1.0, max(0.0, (value - low) / (high - low))), 4)
                out["checkin_entries"].append((checkin_id, first_goal + k, value, progress, between(2, 5), "", "", ""))
            elif k in CONFIDENCE_GOALS:
                weights, total = done_by[k]
                progress = round(sum(w for day, w in weights if day <= on) / total, 4) if total else 0.0
                went = "Moved the plan on." if rand() < 0.3 else ""
                out["checkin_entries"].append((checkin_id, first_goal + k, None, progress, between(1, 5), went, "", ""))
    for k, value in values.items():  # a numeric goal's current value is its newest reading
        out["goals"][-GOALS_PER_USER + k] = (*goal_rows[k][:12], value, *goal_rows[k][13:])

    days = sorted(rng.sample(range(2, 170), INVESTMENTS), reverse=True)
    for i, ago in enumerate(days):
        category = CATEGORIES[(n + i) % len(CATEGORIES)]
        amount = float(rng.choice((25, 49, 120, 350))) if category in ("course", "credential") else 0.0
        goal = first_goal + rng.choice((0, 2, 6, 7))
        out["investments"].append((
            (n - 1) * INVESTMENTS + i + 1, n, (TODAY - timedelta(days=ago)).isoformat(), category,
            float(between(1, 4)), amount, "USD", goal, "",
        ))  # fmt: skip
    reviewed = last - timedelta(days=14 * between(2, 6))
    out["reviews"].append((n, n, reviewed.isoformat(), "Quarterly review", at(reviewed)))
    out["review_answers"].append((n, first_goal, 1, 1, 1, ""))
    out["review_answers"].append((n, first_goal + 3, 1, 1, int(rng.random() > 0.2), ""))


def plan_weights(tasks: list[tuple[float | None, date | None]]) -> tuple[list[tuple[date, float]], float]:
    """The done tasks of a plan with their weights, and the plan's total: a day's progress, as record_checkin
    stores it, is the weight done by then over the total (effort-weighted as domain/progress.plan_progress)."""
    estimates = [effort for effort, _ in tasks if effort is not None]
    unit = sum(estimates) / len(estimates) if estimates else 1.0
    total = sum(unit if effort is None else effort for effort, _ in tasks)
    return [(day, unit if effort is None else effort) for effort, day in tasks if day is not None], total


def chunk(users: int, seed: int, low: int) -> dict[str, list[Row]]:
    """The rows of users low .. low + CHUNK - 1 (at most `users`), table by table."""
    out: dict[str, list[Row]] = {table: [] for table in COLUMNS}
    for n in range(low, min(users, low + CHUNK - 1) + 1):
        user_rows(n, seed, out)
    return out


def chunk_text(users: int, seed: int, low: int) -> tuple[dict[str, bytes], int]:
    """A chunk as COPY text (tab-separated, \\N for NULL), made in a worker process, with its row count."""
    tables = chunk(users, seed, low)
    texts = {table: copy_text(rows).encode() for table, rows in tables.items()}
    return texts, sum(len(rows) for rows in tables.values())


def copy_text(rows: list[Row]) -> str:
    """Rows in COPY's text format. No generated text holds a tab, a line break, a backslash or a field starting
    with "None" (see _check_words), so str() of each field is its text, but None's, which becomes \\N."""
    return ("\n".join(map("\t".join, (map(str, row) for row in rows))) + "\n").replace("\tNone", "\t\\N")


def _check_words() -> None:
    words = [g[0] for g in GOALS] + [g[1] for g in GOALS] + [*TASK_WORDS, *ROLES, *NOTES, *CATEGORIES, SUFFIX]
    unsafe = [w for w in words if w.startswith("None") or any(c in w for c in "\t\n\r\\")]
    assert not unsafe, f"these words would break copy_text: {unsafe}"


def generate(url: str, users: int, *, seed: int = SEED, jobs: int = 2, say: Callable[[str], None] = print) -> float:
    """Drop and make again the database `url` names with `users` users; return the seconds it took. On PostgreSQL,
    `jobs` processes make the rows while this one streams them to the server."""
    started = time.perf_counter()
    path = sqlite_path(url)
    if path is not None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        recreate_postgres(url)
    open_database(url).close()  # the schema, by Headway's migrations
    say(f"Generating {users:,} users into {url} (seed {seed})")
    rows = load_sqlite(url, users, seed) if path is not None else load_postgres(url, users, seed, jobs, say)
    seconds = time.perf_counter() - started
    say(f"Generated {users:,} users ({rows:,} rows) in {seconds:.1f} s")
    return seconds


def recreate_postgres(url: str) -> None:
    import psycopg
    from psycopg import sql

    drop_postgres(url)
    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_postgres(url: str) -> None:
    import psycopg
    from psycopg import sql

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def load_postgres(url: str, users: int, seed: int, jobs: int, say: Callable[[str], None]) -> int:
    import psycopg

    _check_words()
    total = 0
    make = partial(chunk_text, users, seed)
    # One transaction: a generation cut short leaves no users at all. The foreign keys' checks (a trigger per
    # row, most of COPY's time) are off while it runs: the ids are derived from each user's number.
    with Pool(jobs) as pool, psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute("SET LOCAL session_replication_role = replica")
        for done, (texts, count) in enumerate(pool.imap(make, range(1, users + 1, CHUNK)), start=1):
            for table, text in texts.items():
                with cur.copy(f"COPY {table} ({COLUMNS[table]}) FROM STDIN") as copy:
                    copy.write(text)
            total += count
            if done % 10 == 0:
                say(f"  {min(users, done * CHUNK):,} users")
        for table in IDENTITY_TABLES:  # ids were given: move each identity past them
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")  # statistics and the visibility map the index-only scans rely on
    return total


def load_sqlite(url: str, users: int, seed: int) -> int:
    total = 0
    with connect(url) as con:
        con.execute("PRAGMA foreign_keys=ON")
        con.execute("BEGIN IMMEDIATE")
        for low in range(1, users + 1, CHUNK):
            for table, rows in chunk(users, seed, low).items():
                marks = ", ".join("?" * len(COLUMNS[table].split(",")))
                con.executemany(f"INSERT INTO {table} ({COLUMNS[table]}) VALUES ({marks})", rows)
                total += len(rows)
        con.execute("COMMIT")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return total


# --- the data set's state, for bench/api.py ---

# Derived data the status endpoint keeps per user and day, children first; those the schema has are emptied.
DERIVED_TABLES = ("status_summaries", "forecast_cache_readings", "forecast_cache", "plan_cache", "habits_cache")
# Where one row per user appears when a status request computes their dashboard afresh (the first found).
COMPUTED_MARKS = ("status_summaries", "habits_cache")


@contextmanager
def connect(url: str) -> Iterator[Any]:
    """A plain driver connection in autocommit, for the few statements the benchmark runs on the data set."""
    path = sqlite_path(url)
    if path is not None:
        import sqlite3

        con = sqlite3.connect(path, isolation_level=None, timeout=30)
        try:
            yield con
        finally:
            con.close()
        return
    import psycopg

    with psycopg.connect(url, autocommit=True) as pg:
        yield pg


def user_count(url: str) -> int | None:
    """How many users the data set holds (its last user has a token), or None when there is none."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return None
    try:
        with connect(url) as con:
            people = con.execute("SELECT COUNT(*) FROM people").fetchone()[0]
            found = con.execute(
                "SELECT COUNT(*) FROM api_tokens t JOIN accounts a ON a.id = t.account_id "
                "WHERE a.person_id = (SELECT MAX(id) FROM people)"
            ).fetchone()[0]
    except Exception as error:  # no database, or not a benchmark's
        if type(error).__module__.split(".")[0] not in ("sqlite3", "psycopg"):
            raise
        return None
    return int(people) if found == 1 else None


def tables(con: Any, url: str) -> set[str]:
    if sqlite_path(url) is not None:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}
    return {r[0] for r in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()}


def reset(url: str) -> None:
    """Forget every user's kept dashboard and every token's recorded use: the state the generator leaves."""
    with connect(url) as con:
        derived = [t for t in DERIVED_TABLES if t in tables(con, url)]
        for table in derived:
            con.execute(f"DELETE FROM {table}")
        con.execute("UPDATE api_tokens SET last_used_at = NULL WHERE last_used_at IS NOT NULL")
        con.execute("DELETE FROM audit_log WHERE event = 'token used'")
        if sqlite_path(url) is None:  # as autovacuum would, before long
            con.execute(f"VACUUM ANALYZE api_tokens, audit_log, {', '.join(derived)}")


def computed_users(url: str) -> int:
    """How many users have a dashboard computed (and kept) for today."""
    with connect(url) as con:
        mark = next(t for t in COMPUTED_MARKS if t in tables(con, url))
        return int(con.execute(f"SELECT COUNT(*) FROM {mark}").fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", help="postgresql://... (the database is dropped and created) or a SQLite file path")
    parser.add_argument("--users", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--jobs", type=int, default=2, help="processes making PostgreSQL's rows (default 2)")
    args = parser.parse_args()
    seconds = generate(args.url, args.users, seed=args.seed, jobs=args.jobs)
    print(json.dumps({"users": args.users, "seconds": round(seconds, 1), "token_of_user_1": token(1)}))


if __name__ == "__main__":
    main()
