"""Shared steps for the end-to-end tests: a small career record to start from, a way to check that a
refused command left the database exactly as it was, and the CLI on a real pseudo-terminal."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from headway.adapters.db import open_database
from headway.adapters.db.connection import Row
from headway.adapters.db.reset import TABLES_CHILD_FIRST
from tests.conftest import NOW, TODAY, Cli, Result

NAME = "Alex Morgan"


def seed_career(cli: Cli) -> None:
    """A person with three goals and a small plan, on the test's database.

    Goal #1 'Become a sales manager'      milestones, 2026-11-25 -> 2029-06-30
    Goal #2 'Raise my base salary'        salary 62,000 -> 85,000 USD, by 2028-12-31
    Goal #3 'Lead a regional sales team'  milestones, serves #1, by 2027-06-30
    Task #1 'Finish the leadership course'  milestone of #1, due 2027-03-31, 30 h
    Task #2 'Run the pipeline review'       task of #1, due 2027-05-01, 12 h, waits for #1
    Task #3 'Propose a pilot team'          task of #3, due 2027-01-15

    The journey tests type all of this through the `headway` command; the tests that only need it as a
    starting point write it through the same use cases in-process, which saves seven command starts each.
    """
    from headway.adapters.db import SqlUnitOfWork
    from headway.domain.goals import GoalKind, Measure, MilestoneMeasure, numeric_measure
    from headway.domain.records import Profile
    from headway.domain.tasks import TaskKind
    from headway.services.goals import add_goal
    from headway.services.record import init_profile
    from headway.services.tasks import add_task

    db = open_database(cli.database_url)
    uow = SqlUnitOfWork(db)

    def goal(title: str, why: str, measure: Measure, by: date, parent: str | None = None) -> None:
        kind = GoalKind.CAREER if isinstance(measure, MilestoneMeasure) else GoalKind.FINANCIAL
        add_goal(
            uow,
            title=title,
            why=why,
            kind=kind,
            measure=measure,
            start_date=TODAY,
            target_date=by,
            parent=parent,
            now=NOW,
        )

    def task(goal: str, title: str, due: date, **details: Any) -> None:
        add_task(uow, goal=goal, title=title, due=due, now=NOW, **details)

    try:
        init_profile(uow, Profile(NAME, "Account Executive", "Northwind", ("growth",)), now=NOW)
        goal("Become a sales manager", "I want to grow people", MilestoneMeasure(), date(2029, 6, 30))
        goal("Raise my base salary", "A base I can plan a mortgage on", numeric_measure("salary", "USD", 62000, 85000),
             date(2028, 12, 31))  # fmt: skip
        goal("Lead a regional sales team", "Proof I can lead", MilestoneMeasure(), date(2027, 6, 30), parent="1")
        task("1", "Finish the leadership course", date(2027, 3, 31), kind=TaskKind.MILESTONE, effort_hours=30)
        task("1", "Run the pipeline review", date(2027, 5, 1), effort_hours=12, after=["1"])
        task("3", "Propose a pilot team", date(2027, 1, 15))
    finally:
        db.close()


def add_tasks(cli: Cli, goal: str, titles: Sequence[str]) -> None:
    """Many tasks at once, in-process (typing hundreds of `task add` commands would take minutes)."""
    from headway.adapters.db import SqlUnitOfWork
    from headway.services.tasks import add_task

    db = open_database(cli.database_url)
    try:
        uow = SqlUnitOfWork(db)
        for title in titles:
            add_task(uow, goal=goal, title=title, now=NOW)
    finally:
        db.close()


def json_out(cli: Cli, *args: str) -> Any:
    """Run a command with --json and parse what it printed."""
    return json.loads(cli.ok(*args, "--json"))


def database_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every Headway table, to compare before and after a command that must change nothing."""
    db = open_database(url, migrate=False)
    try:
        return {table: sorted(map(_values, db.all(f"SELECT * FROM {table}")), key=repr) for table in TABLES_CHILD_FIRST}
    finally:
        db.close()


def _values(row: Row) -> tuple[Any, ...]:
    return tuple(row[key] for key in row.keys())  # noqa: SIM118 a sqlite3.Row iterates over its values


def assert_refused(cli: Cli, *args: str, says: Sequence[str], stdin: str | None = None, code: int = 1) -> Result:
    """Run a command that must fail: exit `code`, explain each of `says` on stderr, and change no row."""
    before = database_rows(cli.database_url)
    result = cli(*args, stdin=stdin)
    command = "headway " + " ".join(args)
    assert result.code == code, f"{command}: exit {result.code}, expected {code}\n{result.err}{result.out}"
    for fragment in says:
        assert fragment in result.err, f"{command}: stderr does not say {fragment!r}:\n{result.err}"
    assert "Traceback" not in result.err, f"{command} crashed:\n{result.err}"
    assert database_rows(cli.database_url) == before, f"{command} was refused but changed the database"
    return result


def spawn(cli: Cli, *args: str) -> Any:
    """The headway command on a real pseudo-terminal (a pexpect.spawn), with the test's environment."""
    import pexpect

    return pexpect.spawn(cli.executable, list(args), env=cli.env(), encoding="utf-8", timeout=20, dimensions=(50, 200))
