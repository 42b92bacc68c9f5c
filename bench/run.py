"""Headway against Taskwarrior 2.6: `add`, `list` and `status`/`next` timed as whole processes.

For each size (default 100, 10,000 and 50,000 tasks) the script builds a Headway database and a
Taskwarrior data folder holding the same tasks, then runs every command several times, round-robin
so both tools see the same machine load, and reports the median wall time of each.

    .venv/bin/python bench/run.py                      # run it with the dev venv, from anywhere
    .venv/bin/python bench/run.py --sizes 100,1000 --runs 5
    .venv/bin/python bench/run.py --only status          # one command (and its Taskwarrior pair), to iterate

Headway is timed as a user has it: installed (not editable) into its own venv under
bench/results/venv, bytecode compiled, through that venv's `bin/headway` console script. Everything
generated (venv, data, results.json, results.md) goes under bench/results/, which git ignores.
Output of every timed command goes to /dev/null, so `task list --all` measures formatting and
writing its rows but not a terminal drawing them.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
VENV = RESULTS / "venv"
DATA = RESULTS / "data"
TODAY = date(2026, 11, 25)
ADD_DUE = date(2027, 1, 15)  # inside goal #1's span
TASKS_PER_GOAL = 250  # 200 goals at 50,000 tasks, as the tracking issue sizes its largest database
ENTRIES_PER_TASK = 2  # 100,000 check-in entries at 50,000 tasks
ENTRIES_PER_CHECKIN = 4
TARGET_MS = 100.0  # Headway's add, list and status at every size
SCALE_LIMIT = 1.3  # Headway's time at the largest size over its time at the smallest
ALL_LIMIT = 0.3  # `headway task list --all` against `task list`, from 10,000 tasks
ISSUE_TW = "10,000 tasks: add 118 ms, next 244 ms, list 503 ms; 50,000: add 569 ms, next 1.18 s, list 2.71 s"
INSTALL_HINT = "Install Taskwarrior 2.6 first: sudo apt-get install -y taskwarrior (Debian/Ubuntu package)."


@dataclass(frozen=True)
class Goal:
    id: int
    parent_id: int | None
    kind: str
    numeric: bool
    start: date
    target: date
    status: str


@dataclass(frozen=True)
class Task:
    id: int
    goal_id: int
    title: str
    kind: str
    planned_start: date | None
    due: date | None
    effort: float | None
    status: str  # open, done or dropped
    done_on: date | None
    depends_on: int | None


def make_plan(size: int, rng: random.Random) -> tuple[list[Goal], list[Task]]:
    """About 250 tasks per goal; dates spread over each goal's span, past ones mostly done."""
    n_goals = max(1, size // TASKS_PER_GOAL)
    goals = [Goal(1, None, "career", False, date(2026, 1, 1), date(2027, 12, 31), "active")]
    for i in range(2, n_goals + 1):
        start = date(2025, 1, 1) + timedelta(days=(i * 37) % 600)
        status = {7: "paused", 13: "achieved", 17: "abandoned"}.get(i % 20, "active")
        parent = i - 1 if i % 5 == 4 else None
        kind = ("career", "learning", "financial", "life")[i % 4]
        goals.append(Goal(i, parent, kind, i % 10 == 3, start, start + timedelta(365 + (i * 53) % 540), status))
    tasks: list[Task] = []
    for index, goal in enumerate(goals):
        count = size // n_goals + (1 if index < size % n_goals else 0)
        span = (goal.target - goal.start).days
        for j in range(count):
            due = None if j % 20 == 19 else goal.start + timedelta(days=span * (j + 1) // (count + 1))
            planned = max(goal.start, due - timedelta(days=j % 10 + 1)) if due and j % 3 == 0 else None
            roll = rng.random()
            if goal.status == "achieved" or (due and due < TODAY and roll < 0.8) or (due and roll < 0.1):
                status = "done"
            else:
                status = "dropped" if roll > 0.98 else "open"
            done_on = min(due, TODAY - timedelta(days=1)) if status == "done" and due else None
            if status == "done" and done_on is None:
                done_on = TODAY - timedelta(days=1 + j % 30)
            kind = "milestone" if j % 10 == 9 else "task"
            effort = rng.choice([None, 0.5, 1.0, 2.0, 3.0, 4.0, 8.0])
            depends = len(tasks) if j % 5 == 4 and tasks[-1].due is not None and due is not None else None
            tasks.append(
                Task(len(tasks) + 1, goal.id, f"{kind.title()} {j + 1} of goal {goal.id}", kind, planned, due, effort,
                     status, done_on, depends)
            )  # fmt: skip
    return goals, tasks


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def build_headway(path: Path, python: Path, goals: list[Goal], tasks: list[Task], rng: random.Random) -> None:
    """Schema by the migrations of the Headway being timed, then every row in one transaction."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    schema = "import sys; from headway.adapters.db import open_database; open_database(sys.argv[1]).close()"
    subprocess.run([str(python), "-c", schema, str(path)], check=True)
    created = "2024-01-01T09:00:00+00:00"
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("BEGIN")
    con.execute(
        "INSERT INTO people (id, name, job_title, employer, priorities, currency, created_at) "
        "VALUES (1, 'Bench Person', 'Engineer', 'Acme', '[\"growth\", \"balance\"]', 'USD', ?)",
        (created,),
    )
    con.executemany(
        "INSERT INTO goals (id, person_id, parent_id, title, why, kind, measure_type, metric, unit, start_value, "
        "target_value, direction, current_value, start_date, target_date, status, status_reason, weight, created_at) "
        "VALUES (?, 1, ?, ?, 'Because it matters', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)",
        [
            (g.id, g.parent_id, f"Goal {g.id} ({g.kind})", g.kind, "numeric" if g.numeric else "milestones",
             "salary" if g.numeric else None, "USD" if g.numeric else None, 50_000.0 if g.numeric else None,
             80_000.0 if g.numeric else None, "increase" if g.numeric else None, 61_000.0 if g.numeric else None,
             iso(g.start), iso(g.target), g.status, "" if g.status == "active" else "bench", created)
            for g in goals
        ],
    )  # fmt: skip
    con.executemany(
        "INSERT INTO tasks (id, goal_id, title, kind, planned_start, due, effort_hours, status, done_on, "
        "status_reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (t.id, t.goal_id, t.title, t.kind, iso(t.planned_start), iso(t.due), t.effort, t.status,
             iso(t.done_on), "no longer needed" if t.status == "dropped" else "", created)
            for t in tasks
        ],
    )  # fmt: skip
    con.executemany(
        "INSERT INTO task_dependencies (task_id, depends_on_id) VALUES (?, ?)",
        [(t.id, t.depends_on) for t in tasks if t.depends_on],
    )
    con.executemany(
        "INSERT INTO revisions (goal_id, task_id, changed_at, field_name, before_value, after_value, reason) "
        "VALUES (?, ?, ?, ?, '-', ?, '')",
        [(g.id, None, created, "created", f"Goal {g.id}") for g in goals]
        + [(t.goal_id, t.id, created, "task added", t.title) for t in tasks],
    )
    per = min(ENTRIES_PER_CHECKIN, len(goals))
    n_checkins = math.ceil(ENTRIES_PER_TASK * len(tasks) / per)
    checkins, entries = [], []
    for c in range(n_checkins):  # the newest a week ago, the rest spread over ten years
        on = TODAY - timedelta(days=7 + c * 3650 // n_checkins)
        checkins.append((c + 1, iso(on), *(rng.randint(1, 10) for _ in range(4)), f"check-in {c + 1}", f"{on}T18:00"))
        for k in range(per):
            goal = goals[(c * per + k) % len(goals)]
            entries.append((c + 1, goal.id, 60_000.0 if goal.numeric else None, rng.random(), rng.randint(1, 5)))
    con.executemany(
        "INSERT INTO checkins (id, person_id, on_date, fulfilment, balance, achievement, financial, note, created_at) "
        "VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)",
        checkins,
    )
    con.executemany(
        "INSERT INTO checkin_entries (checkin_id, goal_id, value, progress, confidence, went_well, obstacles, "
        "next_step) VALUES (?, ?, ?, ?, ?, 'steady work', 'time', 'keep going')",
        entries,
    )
    categories = ("course", "reading", "mentoring", "networking", "practice", "credential")
    n_investments = max(12, len(tasks) // 25)
    con.executemany(
        "INSERT INTO investments (person_id, on_date, category, hours, amount, currency, goal_id, note) "
        "VALUES (1, ?, ?, ?, ?, 'USD', ?, '')",
        [
            (iso(TODAY - timedelta(days=i * 1095 // n_investments)), categories[i % 6], float(1 + i % 5),
             float(i % 3 * 20), goals[i % len(goals)].id)
            for i in range(n_investments)
        ],
    )  # fmt: skip
    con.execute("COMMIT")
    con.close()


def tw_stamp(day: date) -> str:
    return day.strftime("%Y%m%dT000000Z")


def build_taskwarrior(folder: Path, tasks: list[Task], rng: random.Random) -> dict[str, str]:
    """A data folder and rc file of its own, filled by `task import`; returns the environment to use."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "data").mkdir(parents=True)
    rc = folder / "taskrc"
    rc.write_text(f"data.location={folder / 'data'}\nconfirmation=off\nverbose=nothing\nhooks=off\n", encoding="utf-8")
    # No `depends`: Taskwarrior 2.6 works out blocking tasks pairwise, so 10,000 dependencies at 50,000
    # tasks take `task list` from about 3 s to over 40 s; the issue's figures are for tasks without them.
    status = {"open": "pending", "done": "completed", "dropped": "deleted"}
    exported = []
    for t in tasks:
        item: dict[str, object] = {
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "description": t.title,
            "status": status[t.status],
            "entry": "20240101T090000Z",
            "project": f"goal{t.goal_id}",
        }
        if t.due:
            item["due"] = tw_stamp(t.due)
        if t.status != "open":
            item["end"] = tw_stamp(t.done_on or TODAY - timedelta(days=1))
        exported.append(item)
    source = folder / "import.json"
    source.write_text(json.dumps(exported), encoding="utf-8")
    env = {**os.environ, "TASKRC": str(rc), "TASKDATA": str(folder / "data")}
    subprocess.run(["task", "import", str(source)], env=env, stdout=subprocess.DEVNULL, check=True)
    return env


def install_headway(source: Path) -> Path:
    """A non-editable install of the source (this checkout by default) into bench/results/venv, all compiled."""
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, str(source)], check=True)  # with its dependencies
    subprocess.run([*pip, "--force-reinstall", "--no-deps", str(source)], check=True)  # this code, not an old build
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    compile_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([str(python), "-m", "compileall", "-q", site], env=compile_env, check=True)
    where = subprocess.run(
        [str(python), "-c", "import headway; print(headway.__file__)"], capture_output=True, text=True, check=True
    ).stdout.strip()
    if not where.startswith(site):
        raise SystemExit(f"headway in the bench venv comes from {where}, not an installed copy in {site}")
    return VENV / "bin" / "headway"


@dataclass(frozen=True)
class Command:
    key: str
    argv: list[str]
    env: dict[str, str]


def time_once(command: Command) -> float:
    start = time.perf_counter()
    done = subprocess.run(command.argv, env=command.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, check=False)  # fmt: skip
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command.argv)} failed ({done.returncode}): {done.stderr.decode().strip()}")
    return elapsed


def measure(commands: list[Command], runs: int, warmup: int) -> dict[str, float]:
    """Median milliseconds per command; the commands take turns, so load spikes hit them all alike."""
    samples: dict[str, list[float]] = {c.key: [] for c in commands}
    for i in range(warmup + runs):
        for command in commands:
            elapsed = time_once(command)
            if i >= warmup:
                samples[command.key].append(elapsed)
    return {key: statistics.median(values) for key, values in samples.items()}


# (Headway command, Headway argv after `headway`, Taskwarrior command, its argv after `task`)
PAIRS = [
    ("task add", ["task", "add", "1", "Bench task", "--due", ADD_DUE.isoformat()], "task add",
     ["add", "Bench task", f"due:{ADD_DUE.isoformat()}", "project:goal1"]),
    ("task list", ["task", "list"], "task list", ["list"]),
    ("task list --all", ["task", "list", "--all"], "task list", ["list"]),
    ("status", ["status"], "task next", ["next"]),
]  # fmt: skip


def chosen_pairs(only: str | None) -> list[tuple[str, list[str], str, list[str]]]:
    """PAIRS, or those whose Headway command is named in `only` (comma-separated, e.g. "status,task add")."""
    if not only:
        return PAIRS
    names = {name.strip() for name in only.split(",")}
    unknown = names - {hw_name for hw_name, *_ in PAIRS}
    if unknown:
        raise SystemExit(f"--only: no such command {', '.join(sorted(unknown))}; choose from {[p[0] for p in PAIRS]}")
    return [pair for pair in PAIRS if pair[0] in names]


def bench_size(size: int, headway: Path, args: argparse.Namespace) -> dict[str, float]:
    rng = random.Random(args.seed + size)  # noqa: S311 reproducible data, not secrets
    goals, tasks = make_plan(size, rng)
    started = time.perf_counter()
    db = DATA / f"headway-{size}.sqlite3"
    build_headway(db, headway.with_name("python"), goals, tasks, rng)
    tw_env = build_taskwarrior(DATA / f"taskwarrior-{size}", tasks, rng)
    still_open = sum(t.status == "open" for t in tasks)
    print(
        f"  {len(tasks):,} tasks ({still_open:,} open) in {len(goals):,} goals: {time.perf_counter() - started:.1f} s"
    )
    home = DATA / f"home-{size}"
    home.mkdir(parents=True, exist_ok=True)
    hw_env = {**os.environ, "HEADWAY_DATABASE_URL": str(db), "HEADWAY_TODAY": TODAY.isoformat(),
              "HEADWAY_HOME": str(home)}  # fmt: skip
    commands = [Command("python -c pass", [str(headway.with_name("python")), "-c", "pass"], hw_env)]
    for hw_name, hw_argv, tw_name, tw_argv in chosen_pairs(args.only):
        commands.append(Command(f"headway {hw_name}", [str(headway), *hw_argv], hw_env))
        if not any(c.key == tw_name for c in commands):
            commands.append(Command(tw_name, ["task", *tw_argv], tw_env))
    return measure(commands, args.runs, args.warmup)


def verdict(ok: bool | None) -> str:
    return "-" if ok is None else "yes" if ok else "NO"


def report(
    medians: dict[int, dict[str, float]], pairs: list[tuple[str, list[str], str, list[str]]] = PAIRS
) -> tuple[list[dict[str, object]], list[str]]:
    """The table rows (also for JSON) and the Markdown lines; a row's "met" is None where no target applies."""
    rows: list[dict[str, object]] = []
    for size, m in medians.items():
        base = m["python -c pass"]
        for hw_name, _, tw_name, _ in pairs:
            hw, tw = m[f"headway {hw_name}"], m[tw_name]
            if hw_name == "task list --all":
                goal, ok = (f"<= {ALL_LIMIT} x tw", hw <= ALL_LIMIT * tw) if size >= 10_000 else ("-", None)
            else:
                ahead = size < 10_000 or hw < tw
                goal, ok = (f"<= {TARGET_MS:.0f} ms" + (", < tw" if size >= 10_000 else ""), hw <= TARGET_MS and ahead)
            rows.append({"size": size, "headway": hw_name, "headway_ms": round(hw, 1), "taskwarrior": tw_name,
                         "taskwarrior_ms": round(tw, 1), "ratio": round(hw / tw, 3), "x_baseline": round(hw / base, 1),
                         "target": goal, "met": ok})  # fmt: skip
    lines = [
        "| tasks | headway | ms | x python | taskwarrior | ms | headway/tw | target | met |",
        "|---:|---|---:|---:|---|---:|---:|---|---|",
    ]
    for r in rows:
        met = r["met"] if isinstance(r["met"], bool) else None
        lines.append(
            f"| {r['size']:,} | {r['headway']} | {r['headway_ms']:.1f} | {r['x_baseline']:.1f} | {r['taskwarrior']} "
            f"| {r['taskwarrior_ms']:.1f} | {r['ratio']:.2f} | {r['target']} | {verdict(met)} |"
        )
    lines += ["", "| tasks | `python -c pass` (bench venv) ms |", "|---:|---:|"]
    lines += [f"| {size:,} | {m['python -c pass']:.1f} |" for size, m in medians.items()]
    small, large = min(medians), max(medians)
    if small != large:
        lines += ["", f"| headway command | {large:,} / {small:,} tasks | target | met |", "|---|---:|---|---|"]
        for hw_name, *_ in pairs:
            scale = medians[large][f"headway {hw_name}"] / medians[small][f"headway {hw_name}"]
            ok = scale <= SCALE_LIMIT if hw_name != "task list --all" else None
            goal = f"<= {SCALE_LIMIT}" if ok is not None else "- (prints every row)"
            lines.append(f"| {hw_name} | {scale:.2f} | {goal} | {verdict(ok)} |")
            rows.append({"size": f"{large}/{small}", "headway": hw_name, "scale": round(scale, 3), "met": ok})
    lines += ["", f"Taskwarrior 2.6 as the issue measured it (another machine): {ISSUE_TW}"]
    return rows, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,10000,50000", help="task counts, comma-separated")
    parser.add_argument("--runs", type=int, default=11, help="timed runs per command (median reported)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs per command first")
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--source", type=Path, default=ROOT, help="Headway source tree to time (default: this one)")
    parser.add_argument("--only", help='time only these Headway commands, comma-separated (e.g. "status")')
    args = parser.parse_args()
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    if shutil.which("task") is None:
        raise SystemExit(f"Taskwarrior (`task`) is not on PATH. {INSTALL_HINT}")
    tw_version = subprocess.run(["task", "--version"], capture_output=True, text=True, check=True).stdout.strip()
    if not tw_version.startswith("2.6"):
        print(f"warning: Taskwarrior {tw_version} is not 2.6; the issue's figures are for 2.6. {INSTALL_HINT}")
    print(f"Installing Headway from {args.source} into {VENV.relative_to(ROOT)} (not editable, bytecode compiled)")
    headway = install_headway(args.source.resolve())
    DATA.mkdir(parents=True, exist_ok=True)
    medians: dict[int, dict[str, float]] = {}
    for size in sizes:
        print(f"{size:,} tasks: building data, then {args.warmup} warm-up and {args.runs} timed runs per command")
        medians[size] = bench_size(size, headway, args)
    rows, lines = report(medians, chosen_pairs(args.only))
    context = (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; Python {platform.python_version()}; Taskwarrior {tw_version}; "
        f"{os.cpu_count()} CPUs; median of {args.runs} runs after {args.warmup} warm-ups; stdout to /dev/null"
    )
    print()
    print("\n".join([context, "", *lines]))
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = "\n".join([f"# Headway vs Taskwarrior\n\n{context}\n", *lines]) + "\n"
    (RESULTS / "results.md").write_text(text, encoding="utf-8")
    (RESULTS / "results.json").write_text(
        json.dumps({"context": context, "rows": rows, "medians_ms": medians}, indent=2) + "\n", encoding="utf-8"
    )
    print(f"\nWritten to {(RESULTS / 'results.md').relative_to(ROOT)} and results.json")
    if any(r["met"] is False for r in rows):
        sys.exit(1)  # a target missed


if __name__ == "__main__":
    main()
