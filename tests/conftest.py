"""Shared fixtures: a real database on each backend, and the CLI as a user runs it.

Every test that takes `database_url` (or `uow`) runs twice: on SQLite and on PostgreSQL. PostgreSQL is
reached through HEADWAY_TEST_DATABASE_URL; each test gets its own schema, dropped afterwards. Without
the variable the PostgreSQL runs are skipped with the reason shown; with it, an unreachable server fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import settings

from headway.adapters.db import SqlUnitOfWork, open_database

# Property tests judge behaviour, not speed: no per-example deadline, so a loaded CI machine cannot fail them.
settings.register_profile("headway", deadline=None)
settings.load_profile("headway")

PG_ENV = "HEADWAY_TEST_DATABASE_URL"
TODAY = date(2026, 11, 25)  # the tests' fixed clock: a Wednesday
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


def _postgres_url(base: str, schema: str) -> str:
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with fresh_database(request.param, tmp_path) as url:
        yield url


@contextmanager
def fresh_database(backend: str, folder: Path) -> Iterator[str]:
    """A new, empty database: an SQLite file in `folder`, or a PostgreSQL schema of its own, dropped afterwards."""
    if backend == "sqlite":
        yield str(folder / "headway.sqlite3")
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"PostgreSQL not configured: set {PG_ENV}=postgresql://postgres@127.0.0.1:5432/test")
    import psycopg

    schema = f"test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield _postgres_url(base, schema)
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def uow(database_url: str) -> Iterator[SqlUnitOfWork]:
    db = open_database(database_url)
    try:
        yield SqlUnitOfWork(db)
    finally:
        db.close()


@dataclass
class Result:
    code: int
    out: str
    err: str


@dataclass
class Cli:
    """The installed `headway` command, run as a user types it, on one database with a fixed clock."""

    database_url: str
    home: Path
    today: date = TODAY

    @property
    def executable(self) -> str:
        beside = Path(sys.executable).with_name("headway")
        found = str(beside) if beside.exists() else shutil.which("headway")
        assert found, "the headway command is not installed: pip install -e '.[dev]'"
        return found

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("HEADWAY_")}
        env.update(
            HEADWAY_HOME=str(self.home),
            HEADWAY_DATABASE_URL=self.database_url,
            HEADWAY_TODAY=self.today.isoformat(),
        )
        return env

    def __call__(self, *args: str, stdin: str | None = None) -> Result:
        proc = subprocess.run(
            [self.executable, *args],
            input=stdin if stdin is not None else "",
            capture_output=True,
            text=True,
            env=self.env(),
            timeout=60,
            check=False,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    def ok(self, *args: str, stdin: str | None = None) -> str:
        result = self(*args, stdin=stdin)
        assert result.code == 0, f"headway {' '.join(args)} failed ({result.code}):\n{result.err}{result.out}"
        return result.out


@pytest.fixture
def cli(database_url: str, tmp_path: Path) -> Cli:
    return Cli(database_url=database_url, home=tmp_path / "home")
