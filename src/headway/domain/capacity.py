"""A plan's hours against the person's weekly capacity: how long the work takes, and the capacity bound.

Part of the scheduling model (domain/schedule.py says what it assumes), kept apart so the dashboard can bound
each goal's remaining plan from one query's totals without the scheduler.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import TYPE_CHECKING

from headway.domain.errors import ValidationError

if TYPE_CHECKING:
    from headway.domain.progress import PlanSummary

DEFAULT_WEEKLY_CAPACITY = 6.0  # hours a week, as Profile.weekly_capacity_hours defaults
DEFAULT_EFFORT_HOURS = 4.0  # a task's effort when no task of its goal has an estimate to average
EPS = 1e-9  # float tolerance on day offsets: sums of fractional durations are not exact


def days_of_work(hours: float, capacity: float = DEFAULT_WEEKLY_CAPACITY) -> float:
    """Calendar days `hours` of work take at `capacity` hours a week."""
    if capacity <= 0:
        raise ValidationError(f"{capacity} hours a week is not a capacity to plan with.", field="capacity")
    return max(0.0, hours) / (capacity / 7)


def sequential_finish(remaining_hours: float, today: date, capacity: float = DEFAULT_WEEKLY_CAPACITY) -> date:
    """The capacity bound: the day `remaining_hours` worked one after another from today would finish."""
    return finish_day(today, days_of_work(remaining_hours, capacity))


def remaining_hours(summary: PlanSummary) -> float:
    """A goal's open hours from its plan summary, an unestimated task counted as `schedule` counts it.

    With `sequential_finish`, the capacity bound of every goal from one query's totals (the dashboard's way).
    """
    estimated = summary.tasks - summary.unestimated
    unit = summary.effort / estimated if estimated and summary.effort > 0 else DEFAULT_EFFORT_HOURS
    return (summary.effort - summary.effort_done) + (summary.unestimated - summary.unestimated_done) * unit


def finish_day(today: date, offset: float) -> date:
    """The day work ending `offset` days after the start of today finishes on (inclusive)."""
    return today + timedelta(days=max(0, math.ceil(offset - EPS) - 1))
