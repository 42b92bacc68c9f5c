"""Load benchmark of the JSON API: GET /api/v1/status of random users against GET /api/v1/health, with wrk.

The issue's target: 100,000 users (10 goals, 20 check-ins and 30 tasks each) on PostgreSQL, `headway serve
--workers 2` on loopback, wrk with 32 connections; the status endpoint at least half as many requests per second
as the trivial health endpoint of the same server in the same run, and its p99 latency at most 50 ms. The same
on SQLite with 1,000 users.

    .venv/bin/python bench/api.py                       # PostgreSQL, 100,000 users (database headway_bench)
    .venv/bin/python bench/api.py --sqlite              # SQLite, 1,000 users (bench/results/api-1000.sqlite3)
    .venv/bin/python bench/api.py --users 2000 -d 10    # a quick trial (database headway_bench_2000)
    .venv/bin/python bench/api.py --regenerate          # make the data set again first (bench/api_data.py)
    .venv/bin/python bench/api.py --cache warm          # time status with every user's dashboard cached
    .venv/bin/python bench/api.py --profile 100         # where a status request's time goes (no server, no wrk)

The data set (bench/api_data.py) is made when missing or when it does not hold --users users, and reused
otherwise: on PostgreSQL (--pg, default postgresql://postgres@127.0.0.1:5432) the database is headway_bench for
100,000 users and headway_bench_<N> for other sizes; on SQLite a file under bench/results. The server is
`headway serve --host 127.0.0.1 --port <free> --workers 2` with HEADWAY_TODAY=2026-11-25, its log in
bench/results/api-server.log. Once /api/v1/health answers, the script checks that a few users' status answers
(and an unknown token's 401), warms up (wrk on health, then on status), then runs wrk -t2 -c32 --latency for
--duration seconds on health and then on status; each status request carries the token of a random user (a Lua
script builds hw_bench_<n>_<suffix>). It prints requests/s, p50 and p99 of each, the ratio, and exits 1 when a
target is missed or a request failed. Raw wrk output and a summary go to bench/results (ignored by git).

The status endpoint keeps derived data per user and day (the kept status summary; the dashboard's plan
summaries, forecasts and habits) and records a token's use at most hourly; with the clock fixed, what one run
computes the next would find. So the state is set before the timed status run, by --cache:
- cold (default): nothing kept and no token used yet, as at the start of a day: a user's first request computes
  and stores their dashboard and records the token's use (writes); their repeats find it kept.
- warm: every person's summary kept first, as the daily job keeps them (in --jobs processes, without the server;
  those already kept are only read: the first fill of 100,000 took 69 minutes here, beside other work), then one
  request per user through the server (which records each token's use), so every timed request finds its
  summary kept.
- keep: whatever the database holds from earlier runs.
The server's daily refresh of every person's summary (HEADWAY_DAILY_JOBS) is off, so that no background work
overlaps the timed runs: with it on, a deployment serves most reads as `warm` does, and computes as `cold` does
after a user's change or before the refresh has reached them.
The summary says how many timed status requests were a user's first of the day (rows of the kept summaries,
or of the habits cache, that appeared during the run).

--profile N times N random users' status requests in this process instead (the route function called directly,
on the same data set): each user's first request of the day, a repeat (the kept summary), and one after their
kept summary is deleted (the dashboard computed from warm day caches). It prints each state's time, its SQL
statement by statement, the functions cProfile finds costliest, and the same app's health and kept status
through ASGI in-process (httpx), which puts a figure on the framework's share. `--profile` does not need wrk.

wrk is a Debian/Ubuntu package: sudo apt-get install -y wrk.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from multiprocessing import Pool
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import api_data  # the data set's generator, beside this file (it puts src/ on the path)

ROOT = api_data.ROOT
RESULTS = ROOT / "bench" / "results"
TODAY = api_data.TODAY.isoformat()
PG = "postgresql://postgres@127.0.0.1:5432"
FULL_USERS = 100_000
RATIO_TARGET = 0.5  # status requests/s over health's
P99_TARGET_MS = 50.0
SERVER_SECRET = "api-benchmark-secret-not-for-production-0123456789"  # noqa: S105 - a local benchmark server's
INSTALL_HINT = "wrk is not installed: sudo apt-get install -y wrk (Debian/Ubuntu package)."
LUA = """-- written by bench/api.py: every request is GET /api/v1/status as a random one of {users} users
local users, suffix, seed = {users}, "{suffix}", {seed}
local made = 0
function setup(thread)
  made = made + 1
  thread:set("number", made)
end
function init(args)
  math.randomseed(seed + number)
end
function request()
  local token = "hw_bench_" .. math.random(users) .. "_" .. suffix
  return wrk.format("GET", "/api/v1/status", {{["Authorization"] = "Bearer " .. token}})
end
"""


@dataclass(frozen=True)
class WrkRun:
    endpoint: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int  # non-2xx answers, socket errors and timeouts


def main() -> None:
    args = parse_args()
    if shutil.which("wrk") is None and not args.profile:
        raise SystemExit(INSTALL_HINT)
    RESULTS.mkdir(parents=True, exist_ok=True)
    users = args.users or (1_000 if args.sqlite else FULL_USERS)
    url = database_url(args, users)
    if args.regenerate or api_data.user_count(url) != users:
        api_data.generate(url, users, jobs=args.jobs)
    else:
        print(f"Reusing {url}: {users:,} users (--regenerate makes it again)")
    if args.profile:
        profile(url, users, args.profile)
        return
    if args.cache == "cold":
        api_data.reset(url)  # as at the start of a day (warm keeps what is kept, and fills the rest below)
    load = os.getloadavg()[0]  # the machine's other work, before this script's server and wrk add theirs
    code = revision()  # what the server will run
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    name = f"api-{'sqlite' if args.sqlite else 'pg'}-{users}-{stamp}"
    lua = RESULTS / "api-status.lua"
    lua.write_text(LUA.format(users=users, suffix=api_data.SUFFIX, seed=args.seed), encoding="utf-8")
    with server(url, port, args.workers):
        check_answers(port, users)
        print(f"Warming up: {args.warmup} s of health, {args.warmup} s of status")
        wrk(args, base + "/api/v1/health", args.warmup)
        wrk(args, base + "/api/v1/status", args.warmup, lua)
        if args.cache == "cold":
            api_data.reset(url)  # the warm-up visited some users
        elif args.cache == "warm":
            keep_summaries(url, args.jobs)
            visit_all(port, users)
        print(f"Timing: {args.duration} s of health, then {args.duration} s of status")
        health_text = wrk(args, base + "/api/v1/health", args.duration)
        computed_before = api_data.computed_users(url)
        status_text = wrk(args, base + "/api/v1/status", args.duration, lua)
        first_visits = api_data.computed_users(url) - computed_before
    (RESULTS / f"{name}-health.txt").write_text(health_text, encoding="utf-8")
    (RESULTS / f"{name}-status.txt").write_text(status_text, encoding="utf-8")
    health, status = parse_wrk("health", health_text), parse_wrk("status", status_text)
    missed = report(
        args, users=users, runs=(health, status), first_visits=first_visits, load=load, code=code, name=name
    )
    sys.exit(1 if missed else 0)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite", action="store_true", help="SQLite (1,000 users unless --users)")
    parser.add_argument("--users", type=int, help="users in the data set (default 100,000; 1,000 with --sqlite)")
    parser.add_argument("--regenerate", action="store_true", help="make the data set again even if it is there")
    parser.add_argument("--pg", default=PG, help=f"PostgreSQL server URL, without a database (default {PG})")
    parser.add_argument("--cache", choices=("cold", "warm", "keep"), default="cold", help="see above")
    parser.add_argument("-d", "--duration", type=int, default=30, help="seconds of each timed wrk run (30)")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of each warm-up wrk run (5)")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (2)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (32)")
    parser.add_argument("--seed", type=int, default=api_data.SEED, help="of the data set and of wrk's user choice")
    parser.add_argument("--jobs", type=int, default=2, help="processes generating PostgreSQL data (2)")
    parser.add_argument("--profile", type=int, metavar="N", help="profile N users' status requests instead (above)")
    return parser.parse_args()


def database_url(args: argparse.Namespace, users: int) -> str:
    if args.sqlite:
        return str(RESULTS / f"api-{users}.sqlite3")
    return f"{args.pg.rstrip('/')}/headway_bench" + ("" if users == FULL_USERS else f"_{users}")


# --- the server -----------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(url: str, port: int, workers: int) -> Iterator[subprocess.Popen[bytes]]:
    """`headway serve` on the database, until the block ends (and its workers with it)."""
    headway = Path(sys.executable).parent / "headway"
    command = [str(headway), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    env = {**os.environ, **server_env(url)}
    log_path = RESULTS / "api-server.log"
    print(f"Starting {' '.join(command[1:])} on {url} (log: {log_path.relative_to(ROOT)})")
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [*command, "--no-link"], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_until_up(process, port, log_path)
        yield process
    finally:
        process.terminate()  # uvicorn's supervisor stops its workers
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # its own process group: only what this script started
            process.wait()


def server_env(url: str) -> dict[str, str]:
    return {
        "HEADWAY_DATABASE_URL": url,
        "HEADWAY_TODAY": TODAY,
        "HEADWAY_SECRET": SERVER_SECRET,
        "HEADWAY_HOME": str(RESULTS / "api-home"),  # nothing written to the user's own data folder
        "HEADWAY_DAILY_JOBS": "0",  # no background refresh of every summary while timing; --cache decides
    }


def wait_until_up(process: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"The server stopped (exit {process.returncode}):\n{log_path.read_text()[-3000:]}")
        try:
            if get(port, "/api/v1/health")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"The server did not answer /api/v1/health within 120 s; see {log_path}")


def get(port: int, path: str, token: str | None = None, conn: http.client.HTTPConnection | None = None) -> Any:
    """(status, parsed JSON body) of a GET."""
    connection = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Authorization": f"Bearer {token}"} if token else {})
        response = connection.getresponse()
        body = response.read()
        return response.status, json.loads(body) if body else None
    finally:
        if conn is None:
            connection.close()


def check_answers(port: int, users: int) -> None:
    """The status of the first, last and a random user answers with their dashboard; an unknown token with 401."""
    for n in sorted({1, users, random.Random(users).randint(1, users)}):  # noqa: S311 - not a secret
        status, body = get(port, "/api/v1/status", api_data.token(n))
        if status != 200 or body.get("kind") != "status" or len(body.get("goals", [])) != api_data.GOALS_PER_USER:
            raise SystemExit(f"GET /api/v1/status as user {n} answered {status}: {json.dumps(body)[:600]}")
        verdicts = [f["verdict"] for f in body["forecasts"]]
        print(
            f"  user {n}: {body['profile']['name']}, {len(body['goals'])} goals ({verdicts.count('on_track')} on "
            f"track), {body['next_tasks']['total']} open tasks, {body['overdue']['total']} overdue, "
            f"{len(body['warnings'])} warnings, last check-in {body['last_checkin']}"
        )
    status, _ = get(port, "/api/v1/status", "hw_bench_0_unknown")
    if status != 401:
        raise SystemExit(f"GET /api/v1/status with an unknown token answered {status}, not 401")


def keep_summaries(url: str, jobs: int) -> None:
    """Every person's status summary kept for today, as the server's daily job keeps them (the same function per
    person), in `jobs` processes: the job itself runs in one worker, which at 100,000 users takes over half an hour."""
    print(f"Keeping every person's status summary for {TODAY} in {jobs} processes (the daily job's work)")
    started = time.perf_counter()
    with Pool(jobs) as pool:
        kept = sum(pool.starmap(keep_share, [(url, share, jobs) for share in range(jobs)]))
    print(f"  {kept:,} people in {time.perf_counter() - started:.0f} s")


ANALYZE_AFTER = 2_000


def keep_share(url: str, share: int, shares: int) -> int:
    """The daily job's work for the people whose id is `share` modulo `shares`."""
    from headway.adapters.db import SqlUnitOfWork, open_database
    from headway.adapters.db.summaries import people_after
    from headway.entrypoints.api.routes_status import render
    from headway.services.status import kept_status

    db, seen, after = open_database(url, migrate=False), 0, 0
    while people := people_after(db, after, 500):
        for person in people:
            if person % shares == share:
                kept_status(SqlUnitOfWork(db, person), api_data.TODAY, render)
                seen += 1
                if seen == ANALYZE_AFTER and share == 0 and url.startswith("postgresql"):
                    # The kept tables were empty when the generator analysed the database: until autovacuum
                    # (busy with the freshly loaded tables) analyses them, the planner scans them whole.
                    db.execute("ANALYZE " + ", ".join(api_data.DERIVED_TABLES))
        after = people[-1]
    return seen


def visit_all(port: int, users: int) -> None:
    """Every user's status once (16 at a time), so that every dashboard is cached and every token marked used."""
    print(f"Visiting all {users:,} users once (--cache warm)")
    local = threading.local()
    started = time.perf_counter()

    def visit(n: int) -> int:
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        status: int = get(port, "/api/v1/status", api_data.token(n), local.conn)[0]
        return status

    with ThreadPoolExecutor(16) as pool:
        failed = sum(status != 200 for status in pool.map(visit, range(1, users + 1), chunksize=64))
    if failed:
        raise SystemExit(f"{failed} of {users:,} status requests failed while warming the caches")
    print(f"  done in {time.perf_counter() - started:.0f} s")


# --- wrk ------------------------------------------------------------------------------------------------------


def wrk(args: argparse.Namespace, url: str, seconds: int, script: Path | None = None) -> str:
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s", "--latency"]
    command += ["-s", str(script)] if script else []
    done = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    return f"$ {' '.join([*command, url])}\n{done.stdout}{done.stderr}"


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_wrk(endpoint: str, text: str) -> WrkRun:
    def latency(percent: str) -> float:
        found = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.MULTILINE)
        if found is None:
            raise SystemExit(f"No {percent}% latency in wrk's output:\n{text}")
        return float(found.group(1)) * UNITS_MS[found.group(2)]

    total = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", text)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if total is None or rps is None:
        raise SystemExit(f"Cannot read wrk's output:\n{text}")
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = (sum(int(g) for g in sockets.groups()) if sockets else 0) + (int(non_2xx.group(1)) if non_2xx else 0)
    return WrkRun(
        endpoint=endpoint,
        requests=int(total.group(1)),
        seconds=float(total.group(2)) * UNITS_MS[total.group(3)] / 1000,
        rps=float(rps.group(1)),
        p50_ms=latency("50"),
        p99_ms=latency("99"),
        errors=errors,
    )


def revision() -> str:
    """The commit the code under test is at, and whether the working tree differs from it."""
    done = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True, text=True, check=False
    )
    return done.stdout.strip() or "(no git)"


def report(
    args: argparse.Namespace,
    *,
    users: int,
    runs: tuple[WrkRun, WrkRun],
    first_visits: int,
    load: float,
    code: str,
    name: str,
) -> bool:
    """Print the table and the targets, write the summary; True when a target was missed."""
    health, status = runs
    ratio = status.rps / health.rps if health.rps else 0.0
    database = "SQLite" if args.sqlite else "PostgreSQL"
    context = (
        f"Headway {code}; {database}, {users:,} users, headway serve --workers {args.workers}, "
        f"wrk -t{args.threads} -c{args.connections} {args.duration} s each, --cache {args.cache}; "
        f"{os.cpu_count()} CPUs, load average {load:.2f} before the server started; Python {platform.python_version()}"
    )
    lines = [
        "| endpoint | requests/s | p50 | p99 | requests | errors |",
        "|---|---:|---:|---:|---:|---:|",
        *(
            f"| /api/v1/{r.endpoint} | {r.rps:,.0f} | {r.p50_ms:.1f} ms | {r.p99_ms:.1f} ms | {r.requests:,} | "
            f"{r.errors:,} |"
            for r in (health, status)
        ),
    ]
    share = first_visits / status.requests if status.requests else 0.0
    ratio_ok, p99_ok = ratio >= RATIO_TARGET, status.p99_ms <= P99_TARGET_MS
    verdicts = [
        f"status/health throughput: {ratio:.1%} (target >= {RATIO_TARGET:.0%}): {'met' if ratio_ok else 'MISSED'}",
        f"status p99: {status.p99_ms:.1f} ms (target <= {P99_TARGET_MS:.0f} ms): {'met' if p99_ok else 'MISSED'}",
        f"first status request of the day for {first_visits:,} users: {share:.0%} of the timed status requests",
    ]
    if health.errors or status.errors:
        verdicts.append(f"FAILED requests: {health.errors:,} health, {status.errors:,} status (see the raw output)")
    print("\n".join(["", context, "", *lines, "", *verdicts]))
    summary = {
        "context": context,
        "database": "sqlite" if args.sqlite else "postgresql",
        "users": users,
        "cache": args.cache,
        "runs": [asdict(health), asdict(status)],
        "ratio": round(ratio, 4),
        "first_visits": first_visits,
        "targets": {"ratio": RATIO_TARGET, "p99_ms": P99_TARGET_MS, "ratio_met": ratio_ok, "p99_met": p99_ok},
    }
    (RESULTS / f"{name}.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"\nRaw wrk output and summary: bench/results/{name}-*.txt, {name}.json")
    return not (ratio_ok and p99_ok) or bool(health.errors or status.errors)


# --- where a status request's time goes (--profile N) ---------------------------------------------------------

STATES = ("first visit", "kept summary", "day caches warm")


def profile(url: str, users: int, samples: int) -> None:
    """Time `samples` random users' status requests in this process, state by state (see the module's doc)."""
    import asyncio
    import cProfile
    from collections import defaultdict

    from headway.adapters.db.connection import Database
    from headway.entrypoints.api.routes_status import status as status_route

    def status(request: Any) -> Any:  # the route is a coroutine function: run it to its answer
        return asyncio.run(status_route(request))

    app = profile_app(url)
    statements: dict[str, dict[str, list[float]]] = {state: defaultdict(list) for state in (*STATES, "profiled")}
    current = [STATES[0]]
    plain_init = Database.__init__

    def timed_init(self: Database, connection: Any, *rest: Any, **named: Any) -> None:
        plain_init(self, TimedConnection(connection, statements, current), *rest, **named)

    Database.__init__ = timed_init  # type: ignore[method-assign]  # only in this process, only for this
    rng = random.Random(users)  # noqa: S311 - not a secret
    picked = rng.sample(range(1, users + 1), min(samples, users - 5))
    for n in rng.sample(sorted(set(range(1, users + 1)) - set(picked)), 5):
        status(asgi_request(app, n))  # the lazy imports, the pool's connections
    api_data.reset(url)
    statements[STATES[0]].clear()
    times: dict[str, list[float]] = {state: [] for state in STATES}
    profilers = {state: cProfile.Profile() for state in STATES}
    timed = picked[::2]  # times and statements from these; cProfile (which slows Python down) on the others
    for n in picked:
        for state in STATES:
            if state == "day caches warm":  # what is left when the kept summary no longer holds
                with api_data.connect(url) as con:
                    con.execute(f"DELETE FROM status_summaries WHERE person_id = {int(n)}")
            current[0] = state if n in timed else "profiled"
            started = time.perf_counter()
            with profilers[state] if current[0] == "profiled" else nullcontext():
                answer = status(asgi_request(app, n))
            if n in timed:
                times[state].append(time.perf_counter() - started)
            if answer.status_code != 200:
                raise SystemExit(f"user {n}, {state}: {answer.status_code} {bytes(answer.body)[:300]!r}")
    Database.__init__ = plain_init  # type: ignore[method-assign]
    count = len(timed)
    print(f"\n{count} random users of {users:,} ({url}, {revision()}): the status route called in this process")
    print("(no HTTP, no framework); ms per request (means but the route's median and p90); SQL: executing and fetching")
    print("(rows made into Python's included), by kind: reads, writes, BEGIN and COMMIT (b/c); Python: the rest.")
    print("state            median    p90    SQL   reads n ms  writes n ms     b/c n ms Python")
    for state in STATES:
        kinds = {"reads": [0.0, 0.0], "writes": [0.0, 0.0], "begin/commit": [0.0, 0.0]}
        for sql, spent in statements[state].items():
            verb = sql.split()[0]
            kind = "writes" if verb in ("INSERT", "UPDATE", "DELETE") else "reads"
            kinds["begin/commit" if verb in ("BEGIN", "COMMIT", "ROLLBACK") else kind][0] += len(spent) / count
            kinds["begin/commit" if verb in ("BEGIN", "COMMIT", "ROLLBACK") else kind][1] += sum(spent) / count * 1000
        sql_ms = sum(ms for _, ms in kinds.values())
        mean = sum(times[state]) / count * 1000
        print(
            f"{state:16} {percentile(times[state], 50):6.2f} {percentile(times[state], 90):6.2f} {sql_ms:6.2f} "
            + " ".join(f"{n:5.1f} {ms:6.2f}" for n, ms in kinds.values())
            + f" {mean - sql_ms:6.2f}"
        )
    for state in (STATES[0], STATES[2]):
        print(f"\n{state}: statements by time spent (per request: calls, ms; median ms of one call)")
        for sql, spent_each in sorted(statements[state].items(), key=lambda item: -sum(item[1]))[:20]:
            per, calls = sum(spent_each) / count * 1000, len(spent_each) / count
            print(f"  {calls:4.1f} {per:6.2f} {percentile(spent_each, 50):6.2f}  {sql[:110]}")
        print(f"{state}: headway's functions by cumulative time (cProfile's overhead included)")
        print_top(profilers[state], len(picked) - count)
    framework(app, picked[0], status)


class TimedConnection:
    """A driver connection that records how long each statement waits on the database, under the current state."""

    def __init__(self, connection: Any, statements: dict[str, dict[str, list[float]]], current: list[str]) -> None:
        self._connection, self._statements, self._current = connection, statements, current

    def execute(self, sql: str, *params: Any) -> Any:
        shown = re.sub(r"%\((\w+)\)s", r":\1", " ".join(sql.split()))  # PostgreSQL's placeholders as written
        spent = self._statements[self._current[0]][shown]
        started = time.perf_counter()
        try:
            return TimedCursor(self._connection.execute(sql, *params), spent)
        finally:
            spent.append(time.perf_counter() - started)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)


class TimedCursor:
    """A cursor whose fetches count with its statement: SQLite steps through the rows (an index walk) there."""

    def __init__(self, cursor: Any, spent: list[float]) -> None:
        self._cursor, self._spent = cursor, spent

    def _timed(self, fetch: Any, *args: Any) -> Any:
        started = time.perf_counter()
        try:
            return fetch(*args)
        finally:
            self._spent[-1] += time.perf_counter() - started

    def fetchone(self) -> Any:
        return self._timed(self._cursor.fetchone)

    def fetchall(self) -> Any:
        return self._timed(self._cursor.fetchall)

    def fetchmany(self, *size: int) -> Any:
        return self._timed(self._cursor.fetchmany, *size)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)


def profile_app(url: str) -> Any:
    """The server's app over the data set, as a worker builds it (without the occupation data's warm-up)."""
    import dataclasses

    from headway.entrypoints.api.app import create_app
    from headway.entrypoints.api.serve import settings_from_env

    env = {**os.environ, **server_env(url)}
    return create_app(dataclasses.replace(settings_from_env(env), warm_catalog=False))


def asgi_request(app: Any, n: int) -> Any:
    """The request for user n's status, as the server would hand it to the route."""
    from starlette.requests import Request

    token = f"Bearer {api_data.token(n)}".encode()
    headers = [(b"host", b"127.0.0.1"), (b"authorization", token)]
    path = "/api/v1/status"
    return Request(
        {"type": "http", "method": "GET", "scheme": "http", "path": path, "raw_path": path.encode(),
         "query_string": b"", "root_path": "", "headers": headers, "client": ("127.0.0.1", 50000),
         "server": ("127.0.0.1", 8000), "app": app, "http_version": "1.1", "asgi": {"version": "3.0"}}
    )  # fmt: skip


def percentile(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, len(ordered) * percent // 100)] * 1000


def print_top(profiler: Any, requests: int, lines: int = 25) -> None:
    import pstats

    stats = pstats.Stats(profiler)
    rows = [
        (cumulative / requests * 1000, calls / requests, f"{Path(file).name}:{line} {name}")
        for (file, line, name), (_, calls, _, cumulative, _) in stats.stats.items()  # type: ignore[attr-defined]
        if "/headway/" in file
    ]
    for ms, calls, where in sorted(rows, reverse=True)[:lines]:
        print(f"  {ms:7.2f} ms {calls:6.1f}x  {where}")


def framework(app: Any, n: int, status: Any) -> None:
    """The same app through ASGI in-process: health, and the kept status, against the route alone."""
    import asyncio

    import httpx

    async def through_asgi(path: str, headers: dict[str, str]) -> float:
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            for _ in range(50):
                await client.get(path, headers=headers)
            started = time.perf_counter()
            for _ in range(500):
                if (await client.get(path, headers=headers)).status_code != 200:
                    raise SystemExit(f"{path} failed through ASGI")
            return (time.perf_counter() - started) / 500 * 1000

    health = asyncio.run(through_asgi("/api/v1/health", {}))
    kept = asyncio.run(through_asgi("/api/v1/status", {"Authorization": f"Bearer {api_data.token(n)}"}))
    direct = []
    for _ in range(500):
        started = time.perf_counter()
        status(asgi_request(app, n))
        direct.append(time.perf_counter() - started)
    print(
        f"\nThrough ASGI in-process (httpx's client side included), 500 requests each: health {health:.2f} ms, "
        f"kept status {kept:.2f} ms; the kept status route alone {percentile(direct, 50):.2f} ms (median)"
    )


if __name__ == "__main__":
    main()
