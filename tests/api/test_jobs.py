"""The daily jobs run once a day however many workers serve the database, and keep every status summary."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from headway.entrypoints.api.app import create_app
from headway.entrypoints.api.jobs import SUMMARIES, DailyJobs, refresh_summaries
from headway.entrypoints.api.routes_status import render
from headway.services.status import SUMMARY_FORMAT, dashboard
from tests.api.conftest import Server, settings_for
from tests.conftest import NOW

GOAL = {"title": "Become a sales manager", "why": "lead a team", "target_date": "2028-11-25"}


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


def workers(database_url: str, tmp_path: Path, clock: Clock, count: int = 2) -> list[Server]:
    """`count` apps over one database, as several worker processes or machines would be."""
    made = []
    for _ in range(count):
        settings = settings_for(database_url, tmp_path, clock=clock)
        made.append(Server(create_app(settings), settings))
    return made


def kept_and_fresh(server: Server, person: int) -> tuple[str | None, str]:
    from headway.adapters.db import SqlUnitOfWork

    srv = server.app.state.server
    with srv.pool.connection() as db:
        uow = SqlUnitOfWork(db, person)
        with uow.read():
            kept = uow.summaries.get(person, srv.today, SUMMARY_FORMAT).document
        return kept, render(dashboard(uow, srv.today))


def test_of_two_workers_one_runs_the_days_refresh_and_every_summary_is_kept(database_url: str, tmp_path: Path) -> None:
    clock = Clock()
    first, second = workers(database_url, tmp_path, clock)
    for name in ("alice", "bob", "carol"):
        first.sign_up(name).post("/api/v1/goals", json=GOAL)
    results: list[int | None] = []
    runs = [
        threading.Thread(target=lambda s=s: results.append(refresh_summaries(s.app.state.server)))
        for s in (first, second)
    ]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    assert sorted(results, key=str) == [3, None]  # one worker saw to the three people; the other found it claimed
    for person in (1, 2, 3):
        kept, fresh = kept_and_fresh(first, person)
        assert kept == fresh
    assert refresh_summaries(second.app.state.server) is None  # the same day again: nobody runs it
    clock.now += timedelta(days=1)
    assert refresh_summaries(second.app.state.server) == 3  # a new day: claimed afresh
    kept, fresh = kept_and_fresh(second, 2)
    assert kept == fresh
    for server in (first, second):
        server.close()


def test_the_scheduler_thread_runs_at_start_and_on_each_new_day(database_url: str, tmp_path: Path) -> None:
    clock = Clock()
    (server,) = workers(database_url, tmp_path, clock, count=1)
    server.sign_up("alice")
    srv = server.app.state.server
    jobs = DailyJobs(srv, wake_every=0.01)

    def finished() -> list[tuple[str, str | None]]:
        with srv.pool.connection() as db:
            rows = db.all("SELECT last_day, finished_at FROM scheduled_runs WHERE name = :job", {"job": SUMMARIES})
        return [(r["last_day"], r["finished_at"]) for r in rows]

    jobs.start()
    try:
        wait_for(lambda: finished() and finished()[0][1] is not None)
        assert finished()[0][0] == NOW.date().isoformat()
        clock.now = datetime(2026, 11, 26, 12, tzinfo=UTC)
        wait_for(lambda: finished()[0][0] == "2026-11-26" and finished()[0][1] is not None)
    finally:
        jobs.stop()
        server.close()
    assert not jobs.thread.is_alive()


def wait_for(condition: object, seconds: float = 10.0) -> None:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.02)
    raise AssertionError("the scheduler did not run in time")
