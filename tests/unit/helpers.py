"""Builders that keep a test's data short and visible: each names only what the test is about."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from headway.domain.goals import Goal, GoalKind, Measure, MilestoneMeasure
from headway.domain.tasks import Task, TaskKind
from headway.services.goals import add_goal
from headway.services.ports import UnitOfWork
from headway.services.tasks import add_task

TODAY = date(2026, 11, 25)  # the unit tests' fixed clock, the same day as the rest of the suite's
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)

GOAL = Goal(
    id=1,
    person_id=1,
    title="Become a sales manager",
    why="Grow people, not only a pipeline",
    kind=GoalKind.CAREER,
    measure=MilestoneMeasure(),
    start_date=date(2026, 1, 1),
    target_date=date(2028, 12, 31),
)


def make_goal(**changes: Any) -> Goal:
    """A goal in memory (nothing stored): Become a sales manager, 2026-01-01 to 2028-12-31."""
    return replace(GOAL, **changes)


def make_task(**changes: Any) -> Task:
    """A task in memory (nothing stored) under goal #1."""
    return replace(Task(id=10, goal_id=1, title="Complete the leadership course"), **changes)


def goal(
    uow: UnitOfWork,
    title: str,
    *,
    start: date = date(2026, 1, 1),
    target: date = date(2028, 12, 31),
    parent: str | None = None,
    measure: Measure | None = None,
    weight: float = 1.0,
) -> Goal:
    """Add a goal through the service, as `headway goal add` does."""
    return add_goal(
        uow,
        title=title,
        why=f"Why: {title}",
        kind=GoalKind.CAREER,
        measure=measure or MilestoneMeasure(),
        start_date=start,
        target_date=target,
        parent=parent,
        weight=weight,
        now=NOW,
    )


def task(
    uow: UnitOfWork,
    goal_ref: str,
    title: str,
    *,
    due: date | None = None,
    start: date | None = None,
    effort: float | None = None,
    after: list[str] | None = None,
    milestone: bool = False,
) -> Task:
    """Add a task through the service, as `headway task add` does."""
    return add_task(
        uow,
        goal=goal_ref,
        title=title,
        kind=TaskKind.MILESTONE if milestone else TaskKind.TASK,
        planned_start=start,
        due=due,
        effort_hours=effort,
        after=after,
        now=NOW,
    )


def ref(record: Goal | Task) -> str:
    """The number a user types for a stored goal or task: '#3'."""
    assert record.id is not None
    return f"#{record.id}"
