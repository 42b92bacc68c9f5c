"""Server time of the web app's dashboard and goal page (HTML), p50 and p99 over 1,000 requests each.

Issue 7's target: p99 at most 50 ms for both pages, with the demo data and with the largest database of the
foundation's benchmark (bench/run.py's 50,000 tasks: 200 goals, 100,000 check-in entries, one person).

    .venv/bin/python bench/web.py                  # both data sets, 1,000 requests per page
    .venv/bin/python bench/web.py --requests 200   # a quick look
    .venv/bin/python bench/web.py --data demo      # one data set

The app is the one `headway serve` runs (create_app over a SQLite file, the clock fixed at 2026-11-25, its
start-up warm-up done: the occupation data built, then gc.freeze), called in this process through ASGI
(httpx's ASGITransport): the time is the server's own, from the request reaching the app to the last byte of
the answer, with no network and no client parsing. A signed-in session (a one-time
sign-in link of the local account, as `headway serve` prints) makes the requests, one at a time. The first
request of each page is reported apart: the dashboard's first of the day computes and keeps the day's summary.
The goal page is goal #1's (the demo's is a goal of sub-goals; the large set's has 250 tasks: its plan, Gantt
and history are the page's largest). Results go to bench/results/web-<stamp>.json (ignored by git).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
RESULTS = ROOT / "bench" / "results"
NOW = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
P99_TARGET_MS = 50.0
LARGE_TASKS = 50_000
WARM_UP_S = 5.0


def demo_database(path: Path) -> None:
    from headway.adapters.db import SqlUnitOfWork, open_database
    from headway.adapters.occupations.store import OccupationStore
    from headway.services.demo import build_demo

    path.unlink(missing_ok=True)
    db = open_database(str(path))
    build_demo(SqlUnitOfWork(db), today=NOW.date(), catalog=OccupationStore())
    db.close()


def large_database(path: Path) -> None:
    import run  # bench/run.py: the foundation benchmark's data builder

    rng = random.Random(7)  # noqa: S311 - not a secret
    goals, tasks = run.make_plan(LARGE_TASKS, rng)
    run.build_headway(path, Path(sys.executable), goals, tasks, rng)


def app_and_cookie(path: Path) -> tuple[Any, str]:
    """The app over the database, and a session cookie of its person (the local account's sign-in link)."""
    from headway.adapters.db import SqlUnitOfWork, open_database
    from headway.entrypoints.api.app import create_app
    from headway.entrypoints.api.settings import ServerSettings
    from headway.services import accounts

    settings = ServerSettings(
        database_url=str(path), secret="web-benchmark-" + "s" * 40, data_dir=RESULTS / "web-home",
        clock=lambda: NOW, daily_jobs=False,
    )  # fmt: skip
    db = open_database(str(path))
    uow = SqlUnitOfWork(db, stamps=False)
    account = accounts.local_account(uow, name="Bench", now=NOW)
    code = accounts.create_sign_in_link(uow, account, NOW)
    session = accounts.redeem_sign_in_link(uow, code, address="127.0.0.1", now=NOW)
    db.close()
    return create_app(settings), session.secret


async def time_pages(app: Any, cookie: str, pages: dict[str, str], requests: int) -> dict[str, dict[str, float]]:
    import httpx

    results: dict[str, dict[str, float]] = {}
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=transport, base_url="http://127.0.0.1", cookies={"headway_session": cookie}
        ) as client,
    ):
        await asyncio.sleep(WARM_UP_S)  # the worker's warm-up (the occupation data, then gc.freeze) ends first
        for name, path in pages.items():
            started = time.perf_counter()
            first = await client.get(path)
            first_ms = (time.perf_counter() - started) * 1000
            if first.status_code != 200:
                raise SystemExit(f"{name} ({path}) answered {first.status_code}: {first.text[:300]}")
            times = []
            for _ in range(requests):
                started = time.perf_counter()
                answer = await client.get(path)
                times.append((time.perf_counter() - started) * 1000)
                if answer.status_code != 200:
                    raise SystemExit(f"{name} ({path}) answered {answer.status_code}")
            times.sort()
            results[name] = {
                "first_ms": round(first_ms, 2),
                "p50_ms": round(statistics.median(times), 2),
                "p99_ms": round(times[max(0, round(len(times) * 0.99) - 1)], 2),
                "max_ms": round(times[-1], 2),
                "bytes": len(answer.content),
                "requests": requests,
            }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=1_000, help="timed requests per page (1,000)")
    parser.add_argument("--data", choices=("demo", "large", "both"), default="both")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    sets = {"demo": demo_database, "large": large_database}
    chosen = list(sets) if args.data == "both" else [args.data]
    report: dict[str, Any] = {"machine": platform.platform(), "python": platform.python_version(), "sets": {}}
    missed = False
    for name in chosen:
        path = RESULTS / f"web-{name}.sqlite3"
        print(f"Building the {name} data set in {path}")
        sets[name](path)
        app, cookie = app_and_cookie(path)
        pages = {"dashboard": "/", "goal page": "/goals/1"}
        found = asyncio.run(time_pages(app, cookie, pages, args.requests))
        report["sets"][name] = found
        for page_name, figures in found.items():
            ok = figures["p99_ms"] <= P99_TARGET_MS
            missed |= not ok
            print(
                f"  {page_name:10} first {figures['first_ms']:7.1f} ms  p50 {figures['p50_ms']:6.1f} ms  "
                f"p99 {figures['p99_ms']:6.1f} ms  max {figures['max_ms']:6.1f} ms  {figures['bytes']:,} bytes  "
                f"{'met' if ok else 'MISSED'} (p99 <= {P99_TARGET_MS:g} ms)"
            )
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    (RESULTS / f"web-{stamp}.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
