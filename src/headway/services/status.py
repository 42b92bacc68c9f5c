"""The dashboard: where every active goal stands, whether it will arrive, what is drifting, what is next.

A fixed number of queries whatever the size of the record. What the dashboard computes from many rows it
keeps between runs (services/dashboard_cache.py): each goal's plan summary and task window, its forecast with
the readings the warnings look at, and the person's habits (investment pace, deposit weeks, check-in rhythm).
It reads those caches with the marks that tell whether each entry still holds (plan stamps, each goal's newest
check-in entry, counts), and computes afresh only what does not: the plans of the goals whose stamp moved on,
the readings of the goals whose forecast must be refitted, the check-in and deposit days. Besides: goals, two
task pages, the newest ratings, the last check-in's date. What was computed afresh is stored after the read, if
the database lets (uow.try_write).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import islice
from typing import TYPE_CHECKING

from headway.domain.cadence import CadenceState
from headway.domain.capacity import remaining_hours, sequential_finish
from headway.domain.goals import Goal, GoalStatus
from headway.domain.records import RATING_NAMES
from headway.domain.regularity import Regularity
from headway.domain.status import InvestmentPace, days_since
from headway.domain.warnings import (
    PLANNING_HORIZON_DAYS,
    EarlyWarning,
    GoalSignals,
    balance_warnings,
    goal_warnings,
)
from headway.services.common import current_profile
from headway.services.dashboard_cache import cached_habits, cached_plans, dashboard_forecasts
from headway.services.goals import GoalView, rolled_up
from headway.services.ports import CachedForecast, CachedHabits, CachedPlan, TaskPage, UnitOfWork

if TYPE_CHECKING:
    from headway.domain.forecast_result import Forecast
    from headway.domain.records import Profile, Ratings

NEXT_TASKS = 5
RATINGS_LOOKBACK_DAYS = 120
STREAK_LOOKBACK_DAYS = 730
RATINGS_READ = 12  # check-ins whose ratings the warnings read first: enough unless ratings were left out
FALL_WINDOW = 2  # balance_warnings compares each rating's latest value with the one before (Dimension.fall)


@dataclass(frozen=True)
class Dashboard:
    """Everything `headway status` shows, as of today."""

    today: date
    profile: Profile
    goals: list[GoalView]
    goal_titles: dict[int, str]
    next_tasks: TaskPage
    overdue: TaskPage
    last_checkin: date | None
    days_since_checkin: int | None
    investment: InvestmentPace
    forecasts: dict[int, Forecast]
    warnings: list[EarlyWarning]
    cadence: CadenceState
    regularity: Regularity


def dashboard(uow: UnitOfWork, today: date) -> Dashboard:
    board, fresh = _computed(uow, today)
    if fresh.any:  # derived data: a database that cannot take it now recomputes later
        uow.try_write(lambda: fresh.store(uow))
    return board


@dataclass(frozen=True)
class _Fresh:
    """What a dashboard computed afresh, to be kept for the next one."""

    person: int
    plans: dict[int, CachedPlan]
    forecasts: dict[int, CachedForecast]
    habits: CachedHabits | None

    @property
    def any(self) -> bool:
        return bool(self.plans or self.forecasts or self.habits)

    def store(self, uow: UnitOfWork) -> None:
        uow.plan_cache.put(self.plans)
        uow.forecast_cache.put(self.forecasts)
        if self.habits is not None:
            uow.habits_cache.put(self.person, self.habits)


def _computed(uow: UnitOfWork, today: date) -> tuple[Dashboard, _Fresh]:
    with uow.read():
        profile = current_profile(uow)
        assert profile.id is not None
        person = profile.id
        goals = uow.goals.for_person(person)
        plans, windows, fresh_plans = cached_plans(uow, person, today, today + timedelta(days=PLANNING_HORIZON_DAYS))
        progress = rolled_up(goals, plans)
        active: list[Goal] = [g for g in goals if g.status == GoalStatus.ACTIVE and g.id is not None]
        cached, fresh = dashboard_forecasts(uow, person, active, progress, today)
        # How many open and overdue tasks the active goals have is in their plans and windows already.
        counted = {g.id for g in active}
        open_total = sum(p.tasks - p.done for i, p in plans.items() if i in counted)
        overdue_total = sum(w.overdue for i, w in windows.items() if i in counted)
        next_tasks = uow.tasks.open_page(person, limit=NEXT_TASKS, total=open_total)
        overdue = uow.tasks.open_page(person, limit=NEXT_TASKS, overdue_before=today, total=overdue_total)
        ratings = recent_ratings(uow, person, today - timedelta(days=RATINGS_LOOKBACK_DAYS))
        # Streaks on the dashboard count back at most two years; `headway cadence` counts every check-in.
        habits, fresh_habits = cached_habits(uow, profile, today, today - timedelta(days=STREAK_LOOKBACK_DAYS))
        last = uow.checkins.last_date(person)
    found: list[EarlyWarning] = []
    for goal in active:
        assert goal.id is not None
        window = windows.get(goal.id)
        plan = plans.get(goal.id)
        left = remaining_hours(plan) if plan else 0.0
        found += goal_warnings(
            GoalSignals(
                goal_id=goal.id,
                title=goal.title,
                start_date=goal.start_date,
                target_date=goal.target_date,
                readings=cached[goal.id].readings,
                progress=progress[goal.id].fraction,
                open_tasks=(plan.tasks - plan.done) if plan else 0,
                overdue=window.overdue if window else 0,
                overdue_milestones=window.overdue_milestones if window else 0,
                due_soon=window.due_soon if window else 0,
                feasible_finish=sequential_finish(left, today, profile.weekly_capacity_hours) if left else None,
            ),
            today,
        )
    found += balance_warnings(rated_last(ratings), today)
    board = Dashboard(
        today=today,
        profile=profile,
        goals=[GoalView(g, progress[g.id]) for g in active if g.id is not None],
        goal_titles={g.id: g.title for g in goals if g.id is not None},
        next_tasks=next_tasks,
        overdue=overdue,
        last_checkin=last,
        days_since_checkin=days_since(last, today),
        investment=habits.investment,
        forecasts={goal_id: entry.forecast for goal_id, entry in cached.items()},
        warnings=found,
        cadence=habits.cadence,
        regularity=habits.regularity,
    )
    return board, _Fresh(person, fresh_plans, fresh, fresh_habits)


SUMMARY_FORMAT = 1  # bump when the kept document changes (a new field, another way of computing one)


def kept_status(uow: UnitOfWork, today: date, render: Callable[[Dashboard], str]) -> str:
    """The dashboard as `render` writes it (the API's status document), from the person's kept summary when it
    holds for today and their data as it is now; else computed, and kept for the next request.

    Every write transaction moves the person's data stamp on (the unit of work does it), and a summary is
    served only under the stamp it was computed at, so it always equals a fresh computation. The stamp is read
    before the dashboard: a write landing in between leaves the summary stored under a stamp already gone.
    """
    with uow.read():
        person = current_profile(uow).id
        assert person is not None
        stored = uow.summaries.get(person, today, SUMMARY_FORMAT)
    if stored.document is not None:
        return stored.document
    board, fresh = _computed(uow, today)
    text = render(board)

    def keep() -> None:  # one write transaction for the summary and the day caches beside it
        fresh.store(uow)
        uow.summaries.put(person, stored.stamp, today, SUMMARY_FORMAT, text)

    uow.try_write(keep)
    return text


def recent_ratings(uow: UnitOfWork, person_id: int, since: date) -> list[tuple[date, Ratings]]:
    """Ratings since `since` enough for rated_last: the newest RATINGS_READ check-ins' when they rate every
    dimension FALL_WINDOW times, else all of them."""
    newest = uow.checkins.ratings_history(person_id, since=since, newest=RATINGS_READ)
    if len(newest) < RATINGS_READ or all(
        sum(getattr(ratings, name) is not None for _, ratings in newest) >= FALL_WINDOW for name in RATING_NAMES
    ):
        return newest
    return uow.checkins.ratings_history(person_id, since=since)


def rated_last(history: Sequence[tuple[date, Ratings]]) -> list[tuple[date, Ratings]]:
    """The check-ins, in date order, that hold one of each rating's last FALL_WINDOW values: everything
    balance_warnings compares, so it finds the same falls in these as in the whole history."""
    ordered = sorted(history, key=lambda item: item[0])  # as build_balance orders them: same-day ones keep theirs
    keep: set[int] = set()
    for name in RATING_NAMES:
        newest_first = (i for i in reversed(range(len(ordered))) if getattr(ordered[i][1], name) is not None)
        keep.update(islice(newest_first, FALL_WINDOW))
    return [ordered[i] for i in sorted(keep)]
