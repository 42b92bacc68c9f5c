"""Scheduled work, run once a day however many workers serve the database.

Each worker keeps a small thread that wakes every minute; on a new day (and at start-up) it tries to claim the
day's run of each job in the database (adapters/db/summaries.claim_day): one worker wins, on any machine, and
the others go back to sleep. The one job so far keeps every person's status summary for the new day, so the
first dashboard of the day is served as kept rather than computed while its owner waits.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from headway.adapters.db import SqlUnitOfWork
from headway.adapters.db.summaries import claim_day, finish_day, people_after

if TYPE_CHECKING:
    from datetime import date

    from headway.entrypoints.api.deps import Server

log = logging.getLogger("headway.jobs")
SUMMARIES = "status-summaries"
BATCH = 100  # people a pooled connection is borrowed for at a time
WAKE_EVERY_S = 60.0


def refresh_summaries(server: Server, stop: threading.Event | None = None) -> int | None:
    """Claim today's refresh and, if this worker won it, keep each person's status summary for today (computed
    only where the kept one no longer holds). How many people were seen to; None when another worker has it.
    `stop` ends it between batches (the worker is shutting down; the rest are computed on demand)."""
    from headway.entrypoints.api.routes_status import render
    from headway.services.status import kept_status

    today, now = server.today, server.now
    with server.pool.connection() as db:
        if not claim_day(db, SUMMARIES, today, now):
            return None
    seen, after = 0, 0
    while True:
        with server.pool.connection() as db:
            people = people_after(db, after, BATCH)
            for person in people:
                kept_status(SqlUnitOfWork(db, person), today, render)
        if not people or (stop is not None and stop.is_set()):
            break
        seen += len(people)
        after = people[-1]
    with server.pool.connection() as db:
        finish_day(db, SUMMARIES, server.now)
    log.info("kept %d status summaries for %s", seen, today)
    return seen


class DailyJobs:
    """The worker's scheduler thread: the daily jobs at start-up and on each new day, until stopped."""

    def __init__(self, server: Server, *, wake_every: float = WAKE_EVERY_S) -> None:
        self.server = server
        self.wake_every = wake_every
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="headway-daily-jobs", daemon=True)
        self.last_day: date | None = None

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=10)

    def _loop(self) -> None:
        while not self.stopping.is_set():
            day = self.server.today
            if day != self.last_day:
                try:
                    refresh_summaries(self.server, self.stopping)
                except Exception as error:  # a failed run leaves the summaries to be computed on demand
                    log.error("the daily refresh of status summaries failed: %s", type(error).__name__)
                self.last_day = day
            self.stopping.wait(self.wake_every)
