"""The SQL unit of work: every repository over one connection, with read and write transactions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from headway.adapters.db.accounts import SqlAccountRepository
    from headway.adapters.db.dashboard_cache import (
        SqlForecastCacheRepository,
        SqlHabitsCacheRepository,
        SqlPlanCacheRepository,
    )
    from headway.adapters.db.drafts import SqlDraftRepository
    from headway.adapters.db.skills import SqlSkillRepository
    from headway.adapters.db.summaries import SqlSummaryRepository

SKIP_WRITE_AFTER_MS = 200  # how long try_write waits for another writer before it lets the write go
BUSY_TIMEOUT_MS = 10_000  # connection.py's busy_timeout, which try_write puts back


class SqlArchiveRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # The archive module is imported where it is used: the everyday commands never need it.
    def dump(self, person_id: int, now: datetime) -> dict[str, Any]:
        from headway.adapters.db import archive

        return archive.dump(self.db, person_id, now=now)

    def load(self, document: Any) -> int:
        from headway.adapters.db import archive

        return archive.load(self.db, document)

    def load_into(self, person_id: int, document: Any) -> None:
        from headway.adapters.db import archive

        archive.load_into(self.db, person_id, document)

    def delete_person(self, person_id: int) -> None:
        from headway.adapters.db import archive

        archive.delete_person(self.db, person_id)
        if self.db.dialect.name == "sqlite":
            # Deleted rows must not linger in the file's free pages or in the write-ahead log.
            self.db.after_commit("VACUUM")
            self.db.after_commit("PRAGMA wal_checkpoint(TRUNCATE)")


class SqlUnitOfWork:
    """Every repository over one database. `person_id` scopes it to one person (the server's signed-in account);
    without it, the CLI's person is the database's first."""

    def __init__(self, db: Database, person_id: int | None = None, *, stamps: bool = True) -> None:
        self.db = db
        self.stamps = stamps  # False: writes that change no person's record (accounts, sessions, tokens)
        self.profiles = SqlProfileRepository(db, person_id)
        self.goals = SqlGoalRepository(db)
        self.tasks = SqlTaskRepository(db)
        self.checkins = SqlCheckinRepository(db)
        self.investments = SqlInvestmentRepository(db)
        self.revisions = SqlRevisionRepository(db)
        self.baselines = SqlBaselineRepository(db)
        self.archive = SqlArchiveRepository(db)
        self.reviews = SqlReviewRepository(db)

    # Repositories made on first use: what their modules import (the occupations and skills domain, the
    # forecast's result) would cost the start-up of every command that does not use them.
    @cached_property
    def skills(self) -> SqlSkillRepository:
        from headway.adapters.db.skills import SqlSkillRepository

        return SqlSkillRepository(self.db)

    @cached_property
    def accounts(self) -> SqlAccountRepository:
        from headway.adapters.db.accounts import SqlAccountRepository

        return SqlAccountRepository(self.db)

    @cached_property
    def forecast_cache(self) -> SqlForecastCacheRepository:
        from headway.adapters.db.dashboard_cache import SqlForecastCacheRepository

        return SqlForecastCacheRepository(self.db)

    @cached_property
    def plan_cache(self) -> SqlPlanCacheRepository:
        from headway.adapters.db.dashboard_cache import SqlPlanCacheRepository

        return SqlPlanCacheRepository(self.db)

    @cached_property
    def habits_cache(self) -> SqlHabitsCacheRepository:
        from headway.adapters.db.dashboard_cache import SqlHabitsCacheRepository

        return SqlHabitsCacheRepository(self.db)

    @cached_property
    def summaries(self) -> SqlSummaryRepository:
        from headway.adapters.db.summaries import SqlSummaryRepository

        return SqlSummaryRepository(self.db)

    @cached_property
    def drafts(self) -> SqlDraftRepository:
        from headway.adapters.db.drafts import SqlDraftRepository

        return SqlDraftRepository(self.db)

    @contextmanager
    def write(self) -> Iterator[None]:
        """A write transaction; the outermost one moves the person's data stamp on as it commits, so a kept
        status summary (migration 0006) computed before it is never served."""
        outermost = not self.db.in_transaction
        with self.db.transaction(write=True):
            yield
            if outermost and self.stamps:
                self._touch()

    def _touch(self) -> None:
        person = self.profiles.person_id
        self.db.execute(
            "UPDATE people SET data_stamp = data_stamp + 1 WHERE id = "
            + (":person" if person is not None else "(SELECT MIN(id) FROM people)"),
            {"person": person},
        )

    def try_write(self, action: Callable[[], None]) -> bool:
        """Run `action` in a write transaction if the database takes it: read-only, or still busy after a
        moment, it is rolled back and False returned. For derived data (the dashboard's caches), outside any
        other transaction."""
        sqlite = self.db.dialect.name == "sqlite"
        if sqlite:
            self.db.execute(f"PRAGMA busy_timeout = {SKIP_WRITE_AFTER_MS}")
        try:
            with self.db.transaction(write=True):
                action()
        except Exception as error:
            if type(error).__module__.split(".")[0] not in ("sqlite3", "psycopg"):
                raise
            return False
        finally:
            if sqlite:
                self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return True

    @contextmanager
    def read(self) -> Iterator[None]:
        with self.db.transaction(write=False):
            yield
