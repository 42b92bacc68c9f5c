"""The SQL unit of work: every repository over one connection, with read and write transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from headway.adapters.db.connection import Database
from headway.adapters.db.goal_tasks import SqlGoalRepository, SqlTaskRepository
from headway.adapters.db.records import (
    SqlBaselineRepository,
    SqlCheckinRepository,
    SqlInvestmentRepository,
    SqlProfileRepository,
    SqlRevisionRepository,
)


class SqlUnitOfWork:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.profiles = SqlProfileRepository(db)
        self.goals = SqlGoalRepository(db)
        self.tasks = SqlTaskRepository(db)
        self.checkins = SqlCheckinRepository(db)
        self.investments = SqlInvestmentRepository(db)
        self.revisions = SqlRevisionRepository(db)
        self.baselines = SqlBaselineRepository(db)

    @contextmanager
    def write(self) -> Iterator[None]:
        with self.db.transaction(write=True):
            yield

    @contextmanager
    def read(self) -> Iterator[None]:
        with self.db.transaction(write=False):
            yield
