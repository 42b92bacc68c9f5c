"""Use cases for goals: add, edit, move, change status, list and show."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from headway.domain.errors import ValidationError
from headway.domain.goals import (
    Change,
    Goal,
    GoalKind,
    GoalStatus,
    Measure,
    check_parent,
    goal_changes,
    require_reason,
    validate_goal,
)
from headway.domain.progress import PlanSummary, Progress, goal_progress
from headway.domain.records import Revision
from headway.domain.tasks import Task
from headway.services.common import check_version, person_id, record_changes, resolve_goal
from headway.services.ports import UnitOfWork


@dataclass(frozen=True)
class GoalView:
    goal: Goal
    progress: Progress


def add_goal(
    uow: UnitOfWork,
    *,
    title: str,
    why: str,
    kind: GoalKind,
    measure: Measure,
    start_date: date,
    target_date: date,
    parent: str | None = None,
    weight: float = 1.0,
    target_occupation: str | None = None,
    now: datetime,
) -> Goal:
    """Add a goal; `target_occupation` is an O*NET-SOC code the caller has checked against the catalogue."""
    with uow.write():
        person = person_id(uow)
        parent_id = resolve_goal(uow, person, parent).id if parent else None
        goal = validate_goal(
            Goal(
                person_id=person,
                title=title,
                why=why,
                kind=kind,
                measure=measure,
                start_date=start_date,
                target_date=target_date,
                parent_id=parent_id,
                weight=weight,
                created_at=now,
            )
        )
        goal = replace(goal, id=uow.goals.add(goal))
        assert goal.id is not None
        uow.revisions.add(Revision(goal.id, now, "created", "-", goal.title, reason=goal.why))
        if target_occupation is not None:
            uow.skills.set_target_occupation(goal.id, target_occupation)
        return goal


def edit_goal(
    uow: UnitOfWork,
    ref: str,
    changes: dict[str, Any],
    *,
    reason: str,
    now: datetime,
    expected_version: int | None = None,
) -> tuple[Goal, list[Change]]:
    """Apply field changes; a course correction (title, target date, measure) needs a reason. With
    `expected_version`, a goal changed since that version was read is refused (StaleVersion), not overwritten."""
    allowed = {"title", "why", "kind", "measure", "start_date", "target_date", "weight"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(f"Cannot edit {', '.join(sorted(unknown))} here.", field=sorted(unknown)[0])
    with uow.write():
        person = person_id(uow)
        before = resolve_goal(uow, person, ref)
        check_version(f"Goal #{before.id}", before.version, expected_version)
        after = validate_goal(replace(before, **changes))
        diff = goal_changes(before, after)
        require_reason(diff, reason)
        if not diff:
            return before, []
        _check_tasks_fit(uow, after)
        saved = uow.goals.update(after)
        assert saved.id is not None
        record_changes(uow, saved.id, diff, reason=reason, now=now)
        return saved, diff


def move_goal(
    uow: UnitOfWork,
    ref: str,
    new_parent: str | None,
    *,
    reason: str,
    now: datetime,
    expected_version: int | None = None,
) -> Goal:
    """Put a goal under another one, or make it a top-level goal when new_parent is None."""
    with uow.write():
        person = person_id(uow)
        goal = resolve_goal(uow, person, ref)
        check_version(f"Goal #{goal.id}", goal.version, expected_version)
        assert goal.id is not None
        parent_id = resolve_goal(uow, person, new_parent).id if new_parent else None
        parents = {g.id: g.parent_id for g in uow.goals.for_person(person) if g.id is not None}
        check_parent(goal.id, parent_id, parents)
        after = replace(goal, parent_id=parent_id)
        diff = goal_changes(goal, after)
        if not diff:
            return goal
        saved = uow.goals.update(after)
        record_changes(uow, goal.id, diff, reason=reason, now=now)
        return saved


def set_goal_status(
    uow: UnitOfWork,
    ref: str,
    status: GoalStatus,
    *,
    reason: str,
    now: datetime,
    expected_version: int | None = None,
) -> Goal:
    with uow.write():
        person = person_id(uow)
        goal = resolve_goal(uow, person, ref)
        check_version(f"Goal #{goal.id}", goal.version, expected_version)
        after = validate_goal(replace(goal, status=status, status_reason=reason))
        diff = goal_changes(goal, after)
        if not diff:
            return goal
        saved = uow.goals.update(after)
        assert saved.id is not None
        record_changes(uow, saved.id, diff, reason=reason, now=now)
        if goal.parent_id is not None and status == GoalStatus.ABANDONED:
            uow.revisions.add(
                Revision(
                    goal.parent_id,
                    now,
                    "sub-goal",
                    f"#{goal.id} '{goal.title}'",
                    "abandoned: no longer counts towards this goal's progress",
                    reason=reason,
                )
            )
        return saved


def list_goals(uow: UnitOfWork, *, include_closed: bool = False) -> list[GoalView]:
    """Goals with their progress, parents before children, in the order they were created."""
    with uow.read():
        person = person_id(uow)
        goals = uow.goals.for_person(person)
        progress = progress_of(uow, person, goals)
    shown = [g for g in goals if include_closed or g.is_open]
    return [GoalView(g, progress[g.id]) for g in shown if g.id is not None]


@dataclass(frozen=True)
class GoalDetail:
    view: GoalView
    parent: Goal | None
    children: list[GoalView]
    tasks: list[Task]
    tree: list[Goal]  # every goal of the person, closed ones included (the tree's navigation)


def show_goal(uow: UnitOfWork, ref: str) -> GoalDetail:
    with uow.read():
        person = person_id(uow)
        goal = resolve_goal(uow, person, ref)
        goals = uow.goals.for_person(person)
        assert goal.id is not None
        # Progress rolls up from the goal's sub-goals, so the goal and those below it are all it needs: with
        # hundreds of goals, counting every plan costs many times more.
        subtree = _subtree(goal.id, goals)
        progress = rolled_up(subtree, uow.tasks.plan_summaries(person, [g.id for g in subtree if g.id is not None]))
        tasks = uow.tasks.for_goal(goal.id)
    by_id = {g.id: g for g in goals}
    children = [GoalView(g, progress[g.id]) for g in goals if g.parent_id == goal.id and g.id is not None]
    parent = by_id.get(goal.parent_id) if goal.parent_id is not None else None
    return GoalDetail(GoalView(goal, progress[goal.id]), parent, children, tasks, goals)


def _subtree(root: int, goals: list[Goal]) -> list[Goal]:
    """The goal `root` and every goal below it."""
    below: dict[int | None, list[Goal]] = {}
    for g in goals:
        below.setdefault(g.parent_id, []).append(g)
    found, queue = [], [g for g in goals if g.id == root]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(g for g in below.get(current.id, []) if g not in found)
    return found


def progress_of(uow: UnitOfWork, person: int, goals: list[Goal]) -> dict[int, Progress]:
    """Progress of each goal, rolled up from plans and sub-goals (one query, whatever the size)."""
    return rolled_up(goals, uow.tasks.plan_summaries(person))


def rolled_up(goals: list[Goal], plans: dict[int, PlanSummary]) -> dict[int, Progress]:
    children: dict[int, list[int]] = {}
    for g in goals:
        if g.parent_id is not None and g.id is not None:
            children.setdefault(g.parent_id, []).append(g.id)
    return goal_progress({g.id: g for g in goals if g.id is not None}, plans, children)


def _check_tasks_fit(uow: UnitOfWork, goal: Goal) -> None:
    """Refuse new goal dates that would leave planned tasks outside the goal's span."""
    assert goal.id is not None
    outside = [
        t
        for t in uow.tasks.for_goal(goal.id)
        if t.status != "dropped" and any(d is not None and not goal.contains(d) for d in (t.planned_start, t.due))
    ]
    if outside:
        names = ", ".join(f"{t.label} (due {t.due})" for t in outside[:5])
        raise ValidationError(
            f"The new dates {goal.start_date} to {goal.target_date} would leave tasks outside the goal: {names}.",
            field="target_date",
            hint="Move those tasks first (`headway task edit N --due DATE`), then change the goal.",
        )
