"""Early warnings: what is drifting, stalled or no longer fits, each with why and a suggested next step.

Every rule is plain and explained, so a person can see why Headway raised it and disagree with it:

- stalled: no progress across the last 3 check-ins that mention the goal, or none in the last 6 weeks;
- confidence falling: the confidence given in the last three check-ins fell each time;
- overdue milestones: open milestones past their due date;
- plan too long: at the person's weekly hours the remaining plan ends after the target date;
- nothing planned: an active goal with open work but no task due in the next 30 days;
- balance fell: one of the four ratings fell by 3 or more points since the check-in before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from headway.domain.balance import build_balance
from headway.domain.records import Ratings, SeriesPoint

STALL_CHECKINS = 3
STALL_WEEKS = 6
NO_PROGRESS = 0.005  # a change in progress below half a percentage point counts as none
PLANNING_HORIZON_DAYS = 30
BALANCE_DROP = 3


@dataclass(frozen=True)
class GoalSignals:
    """What the rules look at for one active goal."""

    goal_id: int
    title: str
    start_date: date
    target_date: date
    readings: Sequence[SeriesPoint] = ()  # oldest first
    progress: float = 0.0
    open_tasks: int = 0
    overdue: int = 0  # open tasks past their due date, milestones included
    overdue_milestones: int = 0
    due_soon: int = 0  # open tasks due from today up to the planning horizon
    feasible_finish: date | None = None  # the remaining plan's end at the person's weekly hours


@dataclass(frozen=True)
class EarlyWarning:
    """Something drifting, with why it was raised and a next step."""

    kind: str  # stalled, confidence_falling, overdue_milestones, plan_too_long, nothing_planned, balance_fell
    why: str
    next_step: str
    goal_id: int | None = None


def goal_warnings(goal: GoalSignals, today: date) -> list[EarlyWarning]:
    found: list[EarlyWarning] = []
    ref = f"#{goal.goal_id}"
    if goal.progress < 1.0 and goal.start_date <= today - timedelta(weeks=STALL_WEEKS):
        stalled = _stalled(goal.readings, today)
        if stalled:
            found.append(
                EarlyWarning(
                    "stalled",
                    f"'{goal.title}' has not moved {stalled}.",
                    "Pick one small task you can finish before the next check-in (`headway task list`), "
                    f"or pause the goal if it no longer fits (`headway goal status {ref} paused`).",
                    goal.goal_id,
                )
            )
    confidences = [p.confidence for p in goal.readings if p.confidence is not None][-3:]
    if len(confidences) == 3 and confidences[0] > confidences[1] > confidences[2]:
        found.append(
            EarlyWarning(
                "confidence_falling",
                f"Your confidence in '{goal.title}' fell at each of the last three check-ins "
                f"({confidences[0]} -> {confidences[1]} -> {confidences[2]} of 5).",
                "Write down what is in the way at the next check-in and ask whether the goal is still realistic; "
                f"a change of target date or scope is fine with a reason (`headway goal edit {ref} ... --reason`).",
                goal.goal_id,
            )
        )
    if goal.overdue_milestones:
        plural = "s are" if goal.overdue_milestones != 1 else " is"
        found.append(
            EarlyWarning(
                "overdue_milestones",
                f"{goal.overdue_milestones} milestone{plural} overdue in '{goal.title}'.",
                f"Finish it, or move the plan with a reason: `headway replan {ref} --task N --due DATE`.",
                goal.goal_id,
            )
        )
    if goal.feasible_finish is not None and goal.feasible_finish > goal.target_date:
        late = (goal.feasible_finish - goal.target_date).days
        found.append(
            EarlyWarning(
                "plan_too_long",
                f"At your weekly hours the remaining plan of '{goal.title}' ends around {goal.feasible_finish}, "
                f"{late} days after its target {goal.target_date}.",
                "Give it more hours a week (`headway cadence --capacity HOURS`), cut a milestone (with a reason), "
                "or move the target date with a reason.",
                goal.goal_id,
            )
        )
    if goal.open_tasks and not goal.due_soon and not goal.overdue:
        found.append(
            EarlyWarning(
                "nothing_planned",
                f"No task of '{goal.title}' is due in the next {PLANNING_HORIZON_DAYS} days.",
                f'Plan the next step: `headway task add {ref} "..." --due "in 2 weeks"`.',
                goal.goal_id,
            )
        )
    return found


def _stalled(readings: Sequence[SeriesPoint], today: date) -> str | None:
    """How the goal has stalled, in words, or None if it moved."""
    progress = [p for p in readings if p.progress is not None]
    if len(progress) >= STALL_CHECKINS:
        last = progress[-STALL_CHECKINS:]
        values = [p.progress for p in last if p.progress is not None]
        if max(values) - min(values) < NO_PROGRESS:
            return f"across your last {STALL_CHECKINS} check-ins (since {last[0].on})"
    since = today - timedelta(weeks=STALL_WEEKS)
    recent = [p.progress for p in progress if p.on >= since and p.progress is not None]
    before = [p.progress for p in progress if p.on < since and p.progress is not None]
    if before and recent and max(recent) - before[-1] < NO_PROGRESS:
        return f"in the last {STALL_WEEKS} weeks"
    return None


def balance_warnings(history: Sequence[tuple[date, Ratings]], today: date) -> list[EarlyWarning]:
    """A rating that fell by 3 or more points between the last two check-ins that rated it."""
    found: list[EarlyWarning] = []
    for dimension in build_balance(history, today=today).dimensions:
        fall = dimension.fall(BALANCE_DROP)
        if fall is None:
            continue
        found.append(
            EarlyWarning(
                "balance_fell",
                f"{fall.label} fell from {fall.before.value} to {fall.latest.value} at your check-in of "
                f"{fall.latest.on}.",
                f"Look at what changed; if a goal is costing your {fall.label.lower()}, say so at the next check-in "
                "and consider pausing or re-scoping it.",
            )
        )
    return found
