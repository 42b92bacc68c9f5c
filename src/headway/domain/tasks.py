"""Milestones and tasks: the plan under a goal, with dates, effort and dependencies."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from headway.domain.errors import PlanConflict, ReasonRequired, ValidationError
from headway.domain.goals import MAX_TITLE, Change, Goal, format_number


class TaskKind(StrEnum):
    MILESTONE = "milestone"
    TASK = "task"


class TaskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


@dataclass(frozen=True)
class Task:
    """A step of a goal's plan: a task or a milestone, with its dates, effort and dependencies."""

    goal_id: int
    title: str
    kind: TaskKind = TaskKind.TASK
    planned_start: date | None = None
    due: date | None = None
    effort_hours: float | None = None
    status: TaskStatus = TaskStatus.OPEN
    done_on: date | None = None
    status_reason: str = ""
    depends_on: tuple[int, ...] = ()
    created_at: datetime | None = None
    id: int | None = None
    version: int = 1

    @property
    def label(self) -> str:
        """'#4 'Apply'' for a stored task; a task not yet added has no number to show."""
        return f"#{self.id} '{self.title}'" if self.id is not None else f"'{self.title}'"

    def is_overdue(self, today: date) -> bool:
        return self.status == TaskStatus.OPEN and self.due is not None and self.due < today


def validate_task(task: Task, goal: Goal) -> Task:
    """Check a task's own fields and its dates against its goal's span."""
    title = task.title.strip()
    if not title:
        raise ValidationError("A task needs a title.", field="title")
    if len(title) > MAX_TITLE:
        raise ValidationError(f"The title is {len(title)} characters; keep it under {MAX_TITLE}.", field="title")
    if task.effort_hours is not None and task.effort_hours < 0:
        raise ValidationError("Effort is hours of work and cannot be negative.", field="effort")
    if task.planned_start and task.due and task.due < task.planned_start:
        raise ValidationError(
            f"Task '{title}' is due {task.due}, before its planned start {task.planned_start}.", field="due"
        )
    for name, day in (("planned start", task.planned_start), ("due date", task.due)):
        if day is not None and not goal.contains(day):
            raise ValidationError(
                f"Task '{title}': its {name} {day} is outside goal #{goal.id} '{goal.title}', "
                f"which runs from {goal.start_date} to {goal.target_date}.",
                field="due" if name == "due date" else "start",
                hint="Pick a date inside the goal's span, or change the goal's dates first (with a reason).",
            )
    if task.status == TaskStatus.DROPPED and not task.status_reason.strip():
        raise ReasonRequired(
            f"Dropping {task.label} needs a reason.",
            field="reason",
            hint='Add --reason "...": a dropped milestone is a course correction worth remembering.',
        )
    return replace(task, title=title, status_reason=task.status_reason.strip())


def check_dependencies(task: Task, dependencies: Iterable[Task], dependants: Iterable[Task]) -> None:
    """Refuse a task due before a task it waits for, or a dependant now due before this task."""
    for dep in dependencies:
        if dep.status == TaskStatus.DROPPED:
            raise PlanConflict(
                f"{task.label} cannot wait for {dep.label}: that task was dropped.",
                hint=f"Take the dependency away with `headway task edit {task.id} --not-after {dep.id}`."
                if task.id is not None
                else "Leave that task out of --after.",
            )
        if task.due and dep.due and task.due < dep.due:
            raise PlanConflict(
                f"{task.label} is due {task.due}, before {dep.label} which it waits for is due ({dep.due}).",
                hint="Move the due date, or take away the dependency.",
            )
    for later in dependants:
        if task.due and later.due and later.due < task.due and later.status == TaskStatus.OPEN:
            raise PlanConflict(
                f"{task.label} would be due {task.due}, after {later.label} which waits for it is due ({later.due}).",
                hint=f"Move {later.label} first, or choose an earlier date.",
            )


def find_cycle(
    task_id: int,
    new_dependencies: Iterable[int],
    dependencies_of: Callable[[list[int]], dict[int, list[int]]],
) -> list[int] | None:
    """Return the chain task -> ... -> task that the new dependencies would close, or None.

    Walks breadth-first through the dependency graph, asking for one layer at a time so a large plan
    costs one query per layer rather than one per task.
    """
    came_from: dict[int, int] = {}
    frontier: list[int] = []
    for dep in new_dependencies:
        if dep == task_id:
            return [task_id, task_id]
        if dep not in came_from:
            came_from[dep] = task_id
            frontier.append(dep)
    while frontier:
        layer = dependencies_of(frontier)
        next_frontier: list[int] = []
        for node in frontier:
            for dep in layer.get(node, []):
                if dep == task_id:
                    chain = [task_id, node]
                    while chain[-1] != task_id:
                        chain.append(came_from[chain[-1]])
                    return list(reversed(chain))
                if dep not in came_from:
                    came_from[dep] = node
                    next_frontier.append(dep)
        frontier = next_frontier
    return None


def describe_cycle(chain: list[int], titles: dict[int, str]) -> str:
    """'#4 'Apply' -> #2 'Train' -> #4 'Apply'' for an error message."""
    return " -> ".join(f"#{tid} '{titles.get(tid, '?')}'" for tid in chain)


def task_changes(before: Task, after: Task) -> list[Change]:
    """The fields an edit of a task changed, as text."""

    def show(value: object) -> str:
        if value is None:
            return "-"
        if isinstance(value, float):
            return format_number(value)
        if isinstance(value, tuple):
            return ", ".join(f"#{v}" for v in value) or "-"
        return str(value)

    pairs = [
        ("title", before.title, after.title),
        ("kind", before.kind, after.kind),
        ("planned_start", before.planned_start, after.planned_start),
        ("due", before.due, after.due),
        ("effort_hours", before.effort_hours, after.effort_hours),
        ("status", before.status, after.status),
        ("depends_on", tuple(sorted(before.depends_on)), tuple(sorted(after.depends_on))),
    ]
    return [Change(name, show(old), show(new)) for name, old, new in pairs if old != new]
