"""The SQL unit of work: every repository over one connection, with read and write transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from headway.adapters.db import archive
from headway.adapters.db.connection import Database
from headway.adapters.db.goal_tasks import SqlGoalRepository, SqlTaskRepository
from headway.adapters.db.records import (
    SqlBaselineRepository,
    SqlCheckinRepository,
    SqlInvestmentRepository,
    SqlProfileRepository,
    SqlReviewRepository,
    SqlRevisionRepository,
)


class SqlArchiveRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def dump(self, person_id: int, now: datetime) -> dict[str, Any]:
        return archive.dump(self.db, person_id, now=now)

    def load(self, document: Any) -> int:
        return archive.load(self.db, document)

    def delete_person(self, person_id: int) -> None:
        archive.delete_person(self.db, person_id)
        if self.db.dialect.name == "sqlite":
            # Deleted rows must not linger in the file's free pages or in the write-ahead log.
            self.db.after_commit("VACUUM")
            self.db.after_commit("PRAGMA wal_checkpoint(TRUNCATE)")


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
        self.archive = SqlArchiveRepository(db)
        self.reviews = SqlReviewRepository(db)

    @contextmanager
    def write(self) -> Iterator[None]:
        with self.db.transaction(write=True):
            yield

    @contextmanager
    def read(self) -> Iterator[None]:
        with self.db.transaction(write=False):
            yield
