"""Progress: where a goal stands between its start and its target, rolled up the goal tree."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from headway.domain.goals import Goal, GoalStatus, MilestoneMeasure, NumericMeasure


@dataclass(frozen=True)
class PlanSummary:
    """Counts and effort of a goal's open and done tasks (dropped ones left out)."""

    tasks: int = 0
    done: int = 0
    effort: float = 0.0  # hours over the tasks that have an estimate
    effort_done: float = 0.0
    unestimated: int = 0  # tasks without an estimate
    unestimated_done: int = 0


@dataclass(frozen=True)
class Progress:
    """Where a goal stands between its start and its target, and how that was worked out."""

    fraction: float  # 0.0-1.0, what bars and roll-ups use
    raw: float | None = None  # unclamped, for a numeric measure that over- or undershoots
    basis: str = ""  # how it was worked out, in words

    @property
    def percent(self) -> int:
        """Whole percent, rounded down: 99.6% is not yet 100%."""
        return math.floor(self.fraction * 100 + 1e-9)


def numeric_progress(measure: NumericMeasure, current: float | None) -> Progress:
    """Position between start and target, direction-aware, clamped to 0-1 with the raw value kept."""
    value = measure.start if current is None else current
    raw = (value - measure.start) / (measure.target - measure.start)
    return Progress(fraction=min(1.0, max(0.0, raw)), raw=raw, basis="measure")


def plan_progress(summary: PlanSummary) -> Progress | None:
    """Effort-weighted completion; a task without an estimate counts as the average estimated one."""
    if summary.tasks == 0:
        return None
    estimated = summary.tasks - summary.unestimated
    unit = summary.effort / estimated if estimated and summary.effort > 0 else 1.0
    total = summary.effort + summary.unestimated * unit
    done = summary.effort_done + summary.unestimated_done * unit
    if estimated and summary.effort == 0:  # every estimate is zero: count tasks instead
        total, done = float(summary.tasks), float(summary.done)
    return Progress(fraction=done / total if total else 0.0, basis="plan")


def goal_progress(
    goals: Mapping[int, Goal], plans: Mapping[int, PlanSummary], children: Mapping[int, list[int]]
) -> dict[int, Progress]:
    """Progress of every goal given, rolling milestone goals up from their plan and their children.

    An achieved goal is complete; an abandoned child drops out of its parent's roll-up. A numeric goal
    is measured by its own number. A milestone goal is the weighted mean of its own plan (weight 1)
    and each remaining child (the child's weight).
    """
    result: dict[int, Progress] = {}

    def visit(goal_id: int, path: frozenset[int]) -> Progress:
        if goal_id in result:
            return result[goal_id]
        goal = goals[goal_id]
        if goal.status == GoalStatus.ACHIEVED:
            progress = Progress(1.0, basis="achieved")
        elif isinstance(goal.measure, NumericMeasure):
            progress = numeric_progress(goal.measure, goal.current_value)
        else:
            assert isinstance(goal.measure, MilestoneMeasure)
            parts: list[tuple[float, float]] = []
            own = plan_progress(plans.get(goal_id, PlanSummary()))
            if own is not None:
                parts.append((1.0, own.fraction))
            for child_id in children.get(goal_id, []):
                child = goals.get(child_id)
                if child is None or child.status == GoalStatus.ABANDONED or child_id in path:
                    continue
                parts.append((child.weight, visit(child_id, path | {child_id}).fraction))
            total_weight = sum(w for w, _ in parts)
            if total_weight:
                fraction = sum(w * f for w, f in parts) / total_weight
                basis = "plan and sub-goals" if own and len(parts) > 1 else ("plan" if own else "sub-goals")
                progress = Progress(fraction, basis=basis)
            else:
                progress = Progress(0.0, basis="no plan yet")
        result[goal_id] = progress
        return progress

    for goal_id in goals:
        visit(goal_id, frozenset({goal_id}))
    return result
