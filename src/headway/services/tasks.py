"""Use cases for the plan under a goal: milestones and tasks with dates, effort and dependencies."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from headway.domain.errors import PlanConflict, ValidationError
from headway.domain.goals import Goal
from headway.domain.records import Revision
from headway.domain.tasks import (
    Task,
    TaskKind,
    TaskStatus,
    check_dependencies,
    describe_cycle,
    find_cycle,
    task_changes,
    validate_task,
)
from headway.services.common import check_version, person_id, record_changes, resolve_goal, resolve_task
from headway.services.ports import TaskPage, UnitOfWork

DEFAULT_PAGE = 20


def add_task(
    uow: UnitOfWork,
    *,
    goal: str,
    title: str,
    kind: TaskKind = TaskKind.TASK,
    planned_start: date | None = None,
    due: date | None = None,
    effort_hours: float | None = None,
    after: list[str] | None = None,
    now: datetime,
) -> Task:
    with uow.write():
        person = person_id(uow)
        owner = resolve_goal(uow, person, goal)
        assert owner.id is not None
        deps = _resolve_all(uow, person, after or [], owner.id)
        task = Task(
            goal_id=owner.id,
            title=title,
            kind=kind,
            planned_start=planned_start,
            due=due,
            effort_hours=effort_hours,
            depends_on=tuple(sorted({d.id for d in deps if d.id is not None})),
            created_at=now,
        )
        task = validate_task(task, owner)
        check_dependencies(task, deps, [])
        task = replace(task, id=uow.tasks.add(task))
        uow.revisions.add(Revision(owner.id, now, "task added", "-", _summary(task), task_id=task.id))
        return task


def edit_task(
    uow: UnitOfWork,
    ref: str,
    changes: dict[str, Any],
    *,
    reason: str,
    now: datetime,
    expected_version: int | None = None,
) -> tuple[Task, list[Any]]:
    """Change a task's fields or dependencies ('after' replaces them; 'after_add'/'after_remove' adjust). With
    `expected_version`, a task changed since that version was read is refused (StaleVersion), not overwritten."""
    with uow.write():
        person = person_id(uow)
        before = resolve_task(uow, person, ref)
        check_version(f"Task #{before.id}", before.version, expected_version)
        goal = _goal_of(uow, person, before)
        fields = dict(changes)
        deps_ids = set(before.depends_on)
        if "after" in fields:
            deps_ids = {_id(t) for t in _resolve_all(uow, person, fields.pop("after"), goal.id)}
        for t in _resolve_all(uow, person, fields.pop("after_add", []), goal.id):
            deps_ids.add(_id(t))
        for t in _resolve_all(uow, person, fields.pop("after_remove", []), goal.id):
            deps_ids.discard(_id(t))
        if "goal" in fields:
            goal = resolve_goal(uow, person, fields.pop("goal"))
            fields["goal_id"] = goal.id
        if fields.get("status") == TaskStatus.DROPPED and before.status != TaskStatus.DROPPED:
            fields["status_reason"] = reason
        after = validate_task(replace(before, depends_on=tuple(sorted(deps_ids)), **fields), goal)
        new_deps = set(after.depends_on) - set(before.depends_on)
        assert before.id is not None
        if new_deps:
            cycle = find_cycle(before.id, new_deps, uow.tasks.dependencies_of)
            if cycle:
                titles = {t.id: t.title for t in uow.tasks.get_many(person, cycle) if t.id is not None}
                raise PlanConflict(
                    f"That would make a dependency cycle: {describe_cycle(cycle, titles)}.",
                    hint="A task cannot wait, directly or through others, for itself.",
                )
        dependencies = uow.tasks.get_many(person, after.depends_on)
        check_dependencies(after, dependencies, uow.tasks.dependants(before.id))
        diff = task_changes(before, after)
        if not diff:
            return before, []
        saved = uow.tasks.update(after)
        record_changes(uow, saved.goal_id, diff, reason=reason, now=now, task_id=saved.id)
        if before.status == TaskStatus.DONE and saved.status != TaskStatus.DONE:
            from headway.services.skills import revoke_from_milestone

            revoke_from_milestone(uow, person, saved, now, now.date())
        return saved, diff


def complete_task(
    uow: UnitOfWork,
    ref: str,
    *,
    on: date,
    now: datetime,
    today: date | None = None,
    expected_version: int | None = None,
) -> Task:
    """Mark a task done on a day; with `today` given, a day in the future is refused; with `expected_version`,
    a task changed since that version was read is refused (StaleVersion)."""
    if today is not None and on > today:
        raise ValidationError(f"A task cannot be marked done in the future ({on}).", field="on")
    with uow.write():
        return complete_in_transaction(uow, person_id(uow), ref, on=on, now=now, expected_version=expected_version)


def complete_in_transaction(
    uow: UnitOfWork, person: int, ref: str, *, on: date, now: datetime, expected_version: int | None = None
) -> Task:
    """Mark a task done inside the caller's write transaction (a check-in can complete tasks too)."""
    task = resolve_task(uow, person, ref)
    check_version(f"Task #{task.id}", task.version, expected_version)
    if task.status == TaskStatus.DONE:
        raise ValidationError(f"{task.label} was already done on {task.done_on}.", field="task")
    if task.status == TaskStatus.DROPPED:
        raise ValidationError(f"{task.label} was dropped; reopen it first (task edit --reopen).", field="task")
    done = replace(task, status=TaskStatus.DONE, done_on=on)
    saved = uow.tasks.update(done)
    record_changes(uow, saved.goal_id, task_changes(task, done), reason="", now=now, task_id=saved.id)
    # Imported here: the skills and occupations domain would cost `task add` and `task list` their start-up.
    from headway.services.skills import earn_from_milestone

    earn_from_milestone(uow, person, saved, now)
    return saved


@dataclass(frozen=True)
class TaskListing:
    page: TaskPage
    goals: dict[int, Goal]


def list_open_tasks(uow: UnitOfWork, *, limit: int = DEFAULT_PAGE) -> TaskListing:
    """What a person can act on: open tasks of active goals, most urgent first, one page of them."""
    with uow.read():
        person = person_id(uow)
        page = uow.tasks.open_page(person, limit=limit)
        goals = {g.id: g for g in uow.goals.for_person(person) if g.id is not None}
    return TaskListing(page, goals)


def iter_all_tasks(uow: UnitOfWork) -> tuple[dict[int, Goal], Iterator[Task]]:
    """Every task of every goal, streamed in goal and due-date order."""
    person = person_id(uow)
    goals = {g.id: g for g in uow.goals.for_person(person) if g.id is not None}
    return goals, uow.tasks.iter_all(person)


@dataclass(frozen=True)
class TaskDetail:
    task: Task
    goal: Goal
    depends_on: list[Task]
    dependants: list[Task]


def show_task(uow: UnitOfWork, ref: str) -> TaskDetail:
    with uow.read():
        person = person_id(uow)
        task = resolve_task(uow, person, ref)
        assert task.id is not None
        return TaskDetail(
            task,
            _goal_of(uow, person, task),
            uow.tasks.get_many(person, task.depends_on),
            uow.tasks.dependants(task.id),
        )


def _goal_of(uow: UnitOfWork, person: int, task: Task) -> Goal:
    goal = uow.goals.get(person, task.goal_id)
    assert goal is not None  # a task's goal is its owner's: the foreign key keeps it so
    return goal


def _resolve_all(uow: UnitOfWork, person: int, refs: list[str], goal_id: int | None) -> list[Task]:
    return [resolve_task(uow, person, ref, goal_id) for ref in refs]


def _id(task: Task) -> int:
    assert task.id is not None
    return task.id


def _summary(task: Task) -> str:
    due = f", due {task.due}" if task.due else ""
    return f"{task.kind} #{task.id} '{task.title}'{due}"
