"""Use cases for a goal's schedule: when its open work can finish, replanning a slip, drift from the baseline."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from headway.domain.errors import ReasonRequired, ValidationError
from headway.domain.goals import Goal, GoalStatus
from headway.domain.schedule import BaselineChanges, Move, Schedule, compare_to_baseline, replan, schedule
from headway.domain.tasks import Task, TaskStatus, check_dependencies, task_changes, validate_task
from headway.services.common import (
    check_version,
    current_profile,
    person_id,
    record_changes,
    resolve_goal,
    resolve_task,
)
from headway.services.ports import UnitOfWork

CLOSED = (GoalStatus.ABANDONED, GoalStatus.ACHIEVED)


@dataclass(frozen=True)
class GoalSchedule:
    goal: Goal
    schedule: Schedule


def goal_schedule(uow: UnitOfWork, ref: str, today: date, *, tasks: list[Task] | None = None) -> GoalSchedule:
    """The CPM schedule of a goal's open work at the person's weekly capacity (`tasks`: as plan_view takes them)."""
    with uow.read():
        profile = current_profile(uow)
        assert profile.id is not None
        goal = resolve_goal(uow, profile.id, ref)
        assert goal.id is not None
        tasks = uow.tasks.for_goal(goal.id) if tasks is None else tasks
        own = {t.id for t in tasks}
        outside = uow.tasks.get_many(profile.id, {d for t in tasks for d in t.depends_on if d not in own})
        closed = _closed_goals([goal, *_goals_of(uow, profile.id, outside)])
    plan = schedule(
        [*tasks, *outside],
        goal_id=goal.id,
        target=goal.target_date,
        today=today,
        capacity=profile.weekly_capacity_hours,
        closed_goals=closed,
    )
    return GoalSchedule(goal, plan)


@dataclass(frozen=True)
class Replan:
    goal: Goal
    slipped: Task
    reason: str
    moves: list[Move]  # the slipped task first, then its dependants in the order they wait for each other


def replan_goal(
    uow: UnitOfWork,
    ref: str,
    task_ref: str,
    new_due: date,
    reason: str,
    *,
    now: datetime,
    today: date,
    expected_version: int | None = None,
) -> Replan:
    """Move a slipped task to its new due date and its dependants after it, each change kept with the reason.
    With `expected_version`, a slipped task changed since that version was read is refused (StaleVersion)."""
    if not reason.strip():
        raise ReasonRequired(
            "Moving a task's due date later needs a reason.",
            field="reason",
            hint='Add --reason "...": why the plan slipped is what you will want to read at your next review.',
        )
    if new_due < today:
        raise ValidationError(f"The new due date {new_due} is in the past.", field="due")
    with uow.write():
        person = person_id(uow)
        goal = resolve_goal(uow, person, ref)
        assert goal.id is not None
        if goal.status in CLOSED:
            raise ValidationError(
                f"Goal #{goal.id} '{goal.title}' was {goal.status}: its plan is closed.",
                hint=f'Reopen it first: `headway goal status {goal.id} active --reason "..."`.',
            )
        slipped = resolve_task(uow, person, task_ref, goal.id)
        if slipped.goal_id != goal.id:
            raise ValidationError(
                f"{slipped.label} belongs to goal #{slipped.goal_id}, not to goal #{goal.id}.", field="task"
            )
        assert slipped.id is not None
        check_version(f"Task #{slipped.id}", slipped.version, expected_version)
        tasks = _with_dependants(uow, uow.tasks.for_goal(goal.id), slipped.id)
        goals = {g.id: g for g in _goals_of(uow, person, tasks.values()) if g.id is not None}
        closed = _closed_goals(goals.values())
        live = [t for t in tasks.values() if t.goal_id not in closed]
        moves = replan(live, slipped.id, new_due, targets={i: g.target_date for i, g in goals.items()})
        for move in moves:
            after = validate_task(move.moved, goals[move.task.goal_id])
            saved = uow.tasks.update(after)
            record_changes(uow, saved.goal_id, task_changes(move.task, after), reason=reason, now=now, task_id=saved.id)
        for move in moves:  # the rule the write path enforces, checked again on what was written
            moved = move.moved
            assert moved.id is not None
            waits_for = [t for t in uow.tasks.get_many(person, moved.depends_on) if t.status != TaskStatus.DROPPED]
            waiting = [t for t in uow.tasks.dependants(moved.id) if t.goal_id not in closed]
            check_dependencies(moved, waits_for, waiting)
        return Replan(goal, slipped, reason.strip(), moves)


def plan_changes(uow: UnitOfWork, ref: str) -> tuple[Goal, BaselineChanges | None]:
    """How the goal's plan drifted since its latest baseline; None when no baseline was saved."""
    with uow.read():
        goal = resolve_goal(uow, person_id(uow), ref)
        assert goal.id is not None
        baseline = uow.baselines.latest(goal.id)
        if baseline is None:
            return goal, None
        return goal, compare_to_baseline(baseline, uow.tasks.for_goal(goal.id), uow.revisions.for_goal(goal.id))


def _with_dependants(uow: UnitOfWork, tasks: list[Task], slipped_id: int) -> dict[int, Task]:
    """The goal's tasks and every task, of any goal, that waits for the slipped one, directly or not."""
    found = {t.id: t for t in tasks if t.id is not None}
    seen = {slipped_id}
    frontier = [slipped_id]
    while frontier:  # one query per task reached: a replan touches a chain, not the whole record
        reached = [d for task_id in frontier for d in uow.tasks.dependants(task_id) if d.id not in seen]
        found.update({d.id: d for d in reached if d.id is not None})
        frontier = list(dict.fromkeys(d.id for d in reached if d.id is not None))
        seen.update(frontier)
    return found


def _goals_of(uow: UnitOfWork, person: int, tasks: Iterable[Task]) -> list[Goal]:
    goals = [uow.goals.get(person, goal_id) for goal_id in sorted({t.goal_id for t in tasks})]
    return [g for g in goals if g is not None]


def _closed_goals(goals: Iterable[Goal]) -> dict[int, str]:
    return {g.id: str(g.status) for g in goals if g.id is not None and g.status in CLOSED}
