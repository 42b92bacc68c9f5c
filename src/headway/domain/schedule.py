"""When a goal's open work can finish: the critical path, each task's slack, replanning, and drift from a baseline.

The model, and what it assumes:

- Work is done at the person's weekly capacity (`Profile.weekly_capacity_hours`, 6 h a week unless they set
  it), spread evenly over the seven days of the week: a task takes effort / (capacity / 7) days, a fraction
  of a day included. An open task still needs its whole estimate: Headway does not track part-done tasks.
- A task without an estimate counts as the average estimate of the goal's tasks that have one (as progress
  does), or DEFAULT_EFFORT_HOURS when none has one, or every estimate is zero.
- Days are calendar days, counted from the start of today. Dates are inclusive, like due dates: a task of
  1.5 days that starts today occupies today and tomorrow, and finishes tomorrow.
- Earliest start (the forward pass): not before today, not before the task's planned start, not before the
  tasks it waits for finish. A done task is finished. A dependency on a dropped task, or on a task of a goal
  that was abandoned or achieved, is ignored with a note; an open task of another goal is taken to finish on
  its due date (with a note), since its own plan is scheduled with its own goal.
- Latest finish (the backward pass) is counted back from the end of the goal's target date; slack is latest
  finish minus earliest finish, in whole days, rounded down (negative: late for the target whatever happens).
  When the target date has already passed, every open task is at least that many days late.
- The critical path method (CPM) lets tasks that do not wait for each other run side by side, each at the
  full capacity. For one person that is optimistic, so the schedule also gives the capacity bound,
  `sequential_finish`: all the remaining hours worked one after another, ignoring dependencies. Each is a
  lower bound; the earliest feasible finish is the later of the two. Capacity is the person's whole week:
  a schedule of one goal assumes all of it goes to that goal.
- A dependency cycle cannot be stored (it is refused on write); met anyway, the dependency that closes it is
  ignored with a note, so the computation always ends.

Replanning (`replan`) moves the open dependants of a slipped task, transitively, later by just enough that
each is due no earlier than every task it waits for (the rule `check_dependencies` enforces on write),
shifting planned start and due date together. It never moves a task earlier. A task without a due date
does not move, but passes on the latest due date of what it waits for. A move past its goal's target date
is refused: the target changes first, with its reason.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from headway.domain.capacity import (
    DEFAULT_EFFORT_HOURS,
    DEFAULT_WEEKLY_CAPACITY,
    EPS,
    days_of_work,
    finish_day,
    sequential_finish,
)
from headway.domain.errors import PlanConflict, ValidationError
from headway.domain.records import Baseline, Revision
from headway.domain.tasks import Task, TaskKind, TaskStatus


def _start_day(today: date, offset: float) -> date:
    return today + timedelta(days=max(0, math.floor(offset + EPS)))


@dataclass(frozen=True)
class ScheduledTask:
    task: Task
    effort_hours: float  # the estimate used: the task's own, or the assumed one when `estimated` is False
    estimated: bool
    duration_days: float
    earliest_start: date
    earliest_finish: date
    latest_finish: date
    slack_days: int
    critical: bool  # on the critical path


@dataclass(frozen=True)
class Schedule:
    today: date
    target: date
    capacity: float  # hours a week
    tasks: list[ScheduledTask]  # the open work, by earliest start
    critical_path: list[int]  # task ids, first to last
    span_days: float  # the critical path's length from today, in days of work and waiting
    remaining_hours: float
    notes: list[str]

    @property
    def dependency_finish(self) -> date | None:
        """The critical path's finish: the open work done as early as its dependencies and starts allow."""
        return max((s.earliest_finish for s in self.tasks), default=None)

    @property
    def capacity_finish(self) -> date | None:
        return sequential_finish(self.remaining_hours, self.today, self.capacity) if self.tasks else None

    @property
    def earliest_finish(self) -> date | None:
        """The later of the two lower bounds: neither the dependencies nor the hours allow an earlier finish."""
        if self.dependency_finish is None or self.capacity_finish is None:
            return None
        return max(self.dependency_finish, self.capacity_finish)

    @property
    def bound(self) -> str | None:
        """Which bound decides the earliest finish: 'dependencies' or 'capacity'."""
        if self.dependency_finish is None or self.capacity_finish is None:
            return None
        return "capacity" if self.capacity_finish > self.dependency_finish else "dependencies"

    @property
    def buffer_days(self) -> int | None:
        """Days between the earliest feasible finish and the target date; negative when it is late."""
        return None if self.earliest_finish is None else (self.target - self.earliest_finish).days


def schedule(
    tasks: Iterable[Task],
    *,
    goal_id: int,
    target: date,
    today: date,
    capacity: float = DEFAULT_WEEKLY_CAPACITY,
    closed_goals: Mapping[int, str] | None = None,
) -> Schedule:
    """The CPM schedule of goal `goal_id`'s open tasks; `tasks` may hold tasks of other goals they wait for.

    `closed_goals` maps goals that were abandoned or achieved to that status; their tasks are not waited for.
    """
    closed = closed_goals or {}
    by_id = {t.id: t for t in tasks if t.id is not None}
    if goal_id in closed:
        note = f"Goal #{goal_id} was {closed[goal_id]}: its open tasks are not scheduled."
        return Schedule(today, target, capacity, [], [], 0.0, 0.0, [note])
    own = [t for t in by_id.values() if t.goal_id == goal_id and t.status != TaskStatus.DROPPED]
    efforts, notes = _efforts(own)
    work = {_id(t): t for t in own if t.status == TaskStatus.OPEN}
    duration = {i: days_of_work(efforts[i], capacity) for i in work}
    waits, floor = _waits(work, by_id, closed, today, notes)
    start, finish, latest = _passes(waits, floor, duration, end=float((target - today).days + 1))
    # A target already past leaves no slack: every open task is at least that many days late.
    overdue_by = min(0, (target - today).days)
    slack = {i: min(math.floor(latest[i] - finish[i] + EPS), overdue_by or math.inf) for i in work}
    path = _critical_path(waits, start, finish)
    on_path = set(path)
    finish_day = _finish_days(work, waits, finish, duration, today)
    scheduled: list[ScheduledTask] = []
    for i, t in sorted(work.items(), key=lambda item: (start[item[0]], finish[item[0]], item[0])):
        latest_day = today + timedelta(days=math.ceil(latest[i] - EPS) - 1)
        scheduled.append(
            ScheduledTask(
                task=t,
                effort_hours=efforts[i],
                estimated=t.effort_hours is not None,
                duration_days=duration[i],
                earliest_start=min(_start_day(today, start[i]), finish_day[i]),
                earliest_finish=finish_day[i],
                latest_finish=max(latest_day, finish_day[i] + timedelta(days=int(slack[i]))),
                slack_days=int(slack[i]),
                critical=i in on_path,
            )
        )
    span = max(finish.values(), default=0.0)
    hours = sum(efforts[i] for i in work)
    return Schedule(today, target, capacity, scheduled, path, span, hours, list(dict.fromkeys(notes)))


def _finish_days(
    work: Mapping[int, Task],
    waits: Mapping[int, Sequence[int]],
    finish: Mapping[int, float],
    duration: Mapping[int, float],
    today: date,
) -> dict[int, date]:
    """The day each task finishes on, in the order they wait for each other.

    Work ending at the very start of a day finished the day before. A task of no duration is the exception:
    it is reached on its planned start, not at the end of the day before, and so are the ones waiting for it.
    """
    days: dict[int, date] = {}
    for i in _topological(sorted(work), waits)[0]:
        day = finish_day(today, finish[i])
        if duration[i] <= EPS:
            planned = work[i].planned_start
            floors = [days[d] for d in waits[i]]
            if planned is not None:
                floors.append(_start_day(today, _offset(today, planned)))
            day = max([day, *floors])
        days[i] = day
    return days


def _efforts(own: Sequence[Task]) -> tuple[dict[int, float], list[str]]:
    """Each task's effort, an unestimated one taking the average estimate (or the default); and a note saying so."""
    estimates = [t.effort_hours for t in own if t.effort_hours is not None]
    average = sum(estimates) / len(estimates) if estimates else 0.0
    assumed = average if average > 0 else DEFAULT_EFFORT_HOURS
    unestimated = sum(1 for t in own if t.status == TaskStatus.OPEN and t.effort_hours is None)
    notes = []
    if unestimated:
        why = "the average of the estimated ones" if average > 0 else "the default"
        notes.append(f"{_count(unestimated, 'open task')} without an estimate: each taken as {assumed:g} h, {why}.")
    return {_id(t): t.effort_hours if t.effort_hours is not None else assumed for t in own}, notes


def _waits(
    work: Mapping[int, Task], by_id: Mapping[int, Task], closed: Mapping[int, str], today: date, notes: list[str]
) -> tuple[dict[int, list[int]], dict[int, float]]:
    """What each open task waits for among the open work, and the offset it cannot start before; notes added."""
    floor = {i: _offset(today, t.planned_start) if t.planned_start else 0.0 for i, t in work.items()}
    waits: dict[int, list[int]] = {i: [] for i in work}
    for i, t in work.items():
        for dep in (by_id.get(d) for d in t.depends_on):
            if dep is None or dep.status == TaskStatus.DONE:
                continue
            if dep.id in work:
                waits[i].append(_id(dep))
            elif dep.status == TaskStatus.DROPPED:
                notes.append(f"{t.label} waits for {dep.label}, which was dropped: that dependency is ignored.")
            elif dep.goal_id in closed:
                notes.append(
                    f"{t.label} waits for {dep.label} of goal #{dep.goal_id}, which was {closed[dep.goal_id]}: "
                    "that dependency is ignored."
                )
            elif dep.due is not None:  # an open task of another goal, scheduled with its own goal
                notes.append(f"{t.label} waits for {dep.label} of goal #{dep.goal_id}, taken to finish by {dep.due}.")
                floor[i] = max(floor[i], _offset(today, dep.due) + 1)
            else:
                notes.append(f"{t.label} waits for {dep.label} of goal #{dep.goal_id}, which has no due date.")
    for later, earlier in _topological(sorted(work), waits)[1]:
        notes.append(f"{work[later].label} and {work[earlier].label} wait for each other: one wait is ignored.")
        waits[later].remove(earlier)
    return waits, floor


def _passes(
    waits: Mapping[int, list[int]], floor: Mapping[int, float], duration: Mapping[int, float], *, end: float
) -> tuple[dict[int, float], dict[int, float], dict[int, float]]:
    """Earliest start and finish (forward pass) and latest finish before `end` (backward pass), in days."""
    order, _ = _topological(sorted(waits), waits)
    start: dict[int, float] = {}
    finish: dict[int, float] = {}
    for i in order:
        start[i] = max([floor[i], *(finish[d] for d in waits[i])])
        finish[i] = start[i] + duration[i]
    followers: dict[int, list[int]] = {i: [] for i in waits}
    for i, deps in waits.items():
        for d in deps:
            followers[d].append(i)
    latest: dict[int, float] = {}
    for i in reversed(order):
        latest[i] = min([end, *(latest[f] - duration[f] for f in followers[i])])
    return start, finish, latest


def _offset(today: date, day: date) -> float:
    return float(max(0, (day - today).days))


def _topological(ids: Sequence[int], waits: Mapping[int, Sequence[int]]) -> tuple[list[int], list[tuple[int, int]]]:
    """Ids with every task after those it waits for, and the (task, dependency) pairs that closed a cycle.

    Depth first without recursion, so a chain of thousands of tasks does not reach Python's recursion limit.
    """
    order: list[int] = []
    broken: list[tuple[int, int]] = []
    state: dict[int, bool] = {}  # False while being visited, True once placed
    for root in ids:
        if root in state:
            continue
        state[root] = False
        stack = [(root, iter(waits[root]))]
        while stack:
            node, pending = stack[-1]
            for dep in pending:
                if dep not in state:
                    state[dep] = False
                    stack.append((dep, iter(waits[dep])))
                    break
                if state[dep] is False:
                    broken.append((node, dep))
            else:
                stack.pop()
                state[node] = True
                order.append(node)
    return order, broken


def _critical_path(
    waits: Mapping[int, Sequence[int]], start: Mapping[int, float], finish: Mapping[int, float]
) -> list[int]:
    """From the task that finishes last, back through the task that holds up each one, in working order."""
    if not waits:
        return []
    waited_for = {d for deps in waits.values() for d in deps}
    # The last to finish among the tasks nothing waits for: a zero-effort milestone at the end ties with the
    # task before it, and belongs on the path.
    current = min((i for i in waits if i not in waited_for), key=lambda i: (-finish[i], i))
    path = [current]
    while True:
        drivers = [d for d in waits[current] if abs(finish[d] - start[current]) <= EPS]
        if not drivers:
            return list(reversed(path))
        current = min(drivers)
        path.append(current)


def _id(task: Task) -> int:
    assert task.id is not None
    return task.id


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


# --- replanning --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    """One task's dates before and after a replan."""

    task: Task  # as it was
    planned_start: date | None
    due: date

    @property
    def days(self) -> int | None:
        """How many days later it is due; None when it had no due date before."""
        return None if self.task.due is None else (self.due - self.task.due).days

    @property
    def moved(self) -> Task:
        return replace(self.task, planned_start=self.planned_start, due=self.due)


def replan(tasks: Iterable[Task], slipped_task_id: int, new_due: date, *, targets: Mapping[int, date]) -> list[Move]:
    """The slipped task's new due date and the moves of its dependants, in the order they wait for each other.

    `targets` holds each goal's target date; a move past it is refused with a PlanConflict naming the task.
    """
    by_id = {t.id: t for t in tasks if t.id is not None}
    slipped = by_id[slipped_task_id]
    _check_slip(slipped, new_due, by_id)
    followers: dict[int, list[int]] = {}
    for t in by_id.values():
        if t.status == TaskStatus.OPEN:
            for dep in t.depends_on:
                followers.setdefault(dep, []).append(_id(t))
    reach = {slipped_task_id}
    frontier = [slipped_task_id]
    while frontier:
        frontier = [f for i in frontier for f in followers.get(i, []) if f not in reach]
        reach.update(frontier)
    # The slipped task goes first whatever it waits for: its new date is given, not worked out.
    waits = {i: [d for d in by_id[i].depends_on if d in reach] if i != slipped_task_id else [] for i in reach}
    order, _ = _topological(sorted(reach), waits)
    passed_on: dict[int, date | None] = {}  # the date each task holds its dependants to
    moves: list[Move] = []
    for i in order:
        task = by_id[i]
        if i == slipped_task_id:
            _within_target(task, new_due, targets)
            moves.insert(0, Move(task, task.planned_start, new_due))
            passed_on[i] = new_due
            continue
        waits_until = max((d for d in (passed_on.get(dep) for dep in task.depends_on) if d), default=None)
        if task.due is None or waits_until is None or waits_until <= task.due:
            passed_on[i] = task.due or waits_until
            continue
        shift = waits_until - task.due
        _within_target(task, waits_until, targets)
        start = task.planned_start + shift if task.planned_start else None
        moves.append(Move(task, start, waits_until))
        passed_on[i] = waits_until
    return moves


def _check_slip(slipped: Task, new_due: date, by_id: Mapping[int, Task]) -> None:
    """Refuse a slip that is not one: a task not open, a date not later, or one before what the task waits for."""
    if slipped.status != TaskStatus.OPEN:
        raise ValidationError(f"{slipped.label} is {slipped.status}: only an open task can slip.", field="task")
    if slipped.due is not None and new_due <= slipped.due:
        raise ValidationError(
            f"{slipped.label} is due {slipped.due}; replanning moves a slipped task later, not to {new_due}.",
            field="due",
            hint="To bring a task forward, use `headway task edit TASK --due DATE`.",
        )
    if slipped.planned_start is not None and new_due < slipped.planned_start:
        raise ValidationError(
            f"{slipped.label} would be due {new_due}, before its planned start {slipped.planned_start}.", field="due"
        )
    for dep in (by_id.get(d) for d in slipped.depends_on):  # only possible when the task had no due date
        if dep is not None and dep.status != TaskStatus.DROPPED and dep.due is not None and dep.due > new_due:
            raise PlanConflict(
                f"{slipped.label} would be due {new_due}, before {dep.label} which it waits for is due ({dep.due}).",
                hint="Choose a later date.",
            )


def _within_target(task: Task, due: date, targets: Mapping[int, date]) -> None:
    target = targets.get(task.goal_id)
    if target is not None and due > target:
        raise PlanConflict(
            f"Replanning would move {task.label} to {due}, past goal #{task.goal_id}'s target date {target}.",
            hint=f"Change the goal's target date first, with the reason: `headway goal edit {task.goal_id} "
            f'--by DATE --reason "..."`; then replan.',
        )


# --- against the baseline ----------------------------------------------------------------------------------

DATE_FIELDS = ("planned_start", "due")


@dataclass(frozen=True)
class Slip:
    task: Task
    baseline_due: date | None

    @property
    def days(self) -> int | None:
        """Days the due date moved since the baseline (positive: later)."""
        if self.baseline_due is None or self.task.due is None:
            return None
        return (self.task.due - self.baseline_due).days


@dataclass(frozen=True)
class BaselineChanges:
    slips: list[Slip]  # each milestone of the baseline still in the plan
    changes: int  # task date moves since the baseline: one task's start and due moved in one edit count once
    days_moved: int  # the days those moves shifted due dates by, added up regardless of direction
    reasons: list[str]  # every reason given for a change since the baseline, first time each, oldest first


def compare_to_baseline(baseline: Baseline, tasks: Collection[Task], revisions: Sequence[Revision]) -> BaselineChanges:
    """How the plan drifted since `baseline`: milestones' slip, how often and how far dates moved, and why.

    `revisions` are the goal's, oldest first; those after the revision that saved this baseline count.
    """
    by_id = {t.id: t for t in tasks}
    slips = [
        Slip(by_id[item.task_id], item.due)
        for item in baseline.items
        if item.task_id in by_id
        and by_id[item.task_id].kind == TaskKind.MILESTONE
        and by_id[item.task_id].status != TaskStatus.DROPPED
    ]
    since = _since(baseline, revisions)
    moves: set[tuple[int, int]] = set()  # (task, run of consecutive revisions it was written in)
    run, days = 0, 0
    previous: Revision | None = None
    for r in since:
        if previous is None or (r.task_id, r.at, r.reason) != (previous.task_id, previous.at, previous.reason):
            run += 1
        previous = r
        if r.task_id is not None and r.field in DATE_FIELDS:
            moves.add((r.task_id, run))
            if r.field == "due":
                days += abs(_days_between(r.before, r.after))
    reasons = list(dict.fromkeys(r.reason for r in since if r.reason))
    slips.sort(key=lambda s: (s.task.due is None, s.task.due or date.min, s.task.id or 0))
    return BaselineChanges(slips, len(moves), days, reasons)


def _since(baseline: Baseline, revisions: Sequence[Revision]) -> list[Revision]:
    """The revisions after the one saving `baseline` (found by its moment), or, lacking it, after its moment."""
    marks = [i for i, r in enumerate(revisions) if r.field == "baseline" and r.at == baseline.taken_at]
    if marks:
        return [r for r in revisions[marks[-1] + 1 :] if r.field != "baseline"]
    return [r for r in revisions if r.at > baseline.taken_at and r.field != "baseline"]


def _days_between(before: str, after: str) -> int:
    """Days between two dates as a revision holds them; 0 when either is '-' (no date)."""
    try:
        return (date.fromisoformat(after) - date.fromisoformat(before)).days
    except ValueError:
        return 0
