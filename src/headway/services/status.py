"""The dashboard: where every active goal stands, whether it will arrive, what is drifting, what is next.

A fixed number of queries whatever the size of the record: goals, plan summaries, two task pages, task
windows per goal, a year of readings (shared by forecasts and warnings), recent ratings, check-in days,
the last review, and the investments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from headway.domain.cadence import CadenceState
from headway.domain.cadence import cadence_state as cadence_of
from headway.domain.forecast import Forecast
from headway.domain.goals import Goal, GoalStatus
from headway.domain.ledger import Regularity, regularity
from headway.domain.records import Profile
from headway.domain.schedule import remaining_hours, sequential_finish
from headway.domain.status import InvestmentPace, days_since, investment_pace
from headway.domain.warnings import (
    PLANNING_HORIZON_DAYS,
    EarlyWarning,
    GoalSignals,
    balance_warnings,
    goal_warnings,
)
from headway.services.common import current_profile
from headway.services.forecast import forecasts_from_series, window_start
from headway.services.goals import GoalView, rolled_up
from headway.services.ports import TaskPage, UnitOfWork

NEXT_TASKS = 5
RATINGS_LOOKBACK_DAYS = 120
STREAK_LOOKBACK_DAYS = 730


@dataclass(frozen=True)
class Dashboard:
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
    with uow.read():
        profile = current_profile(uow)
        assert profile.id is not None
        person = profile.id
        goals = uow.goals.for_person(person)
        plans = uow.tasks.plan_summaries(person)
        next_tasks = uow.tasks.open_page(person, limit=NEXT_TASKS)
        overdue = uow.tasks.open_page(person, limit=NEXT_TASKS, overdue_before=today)
        windows = uow.tasks.window_counts(person, today, today + timedelta(days=PLANNING_HORIZON_DAYS))
        series = uow.checkins.series(person, since=window_start(today))
        ratings = uow.checkins.ratings_history(person, since=today - timedelta(days=RATINGS_LOOKBACK_DAYS))
        # Streaks on the dashboard count back at most two years; `headway cadence` counts every check-in.
        checkin_days = uow.checkins.days(person, since=today - timedelta(days=STREAK_LOOKBACK_DAYS))
        last = uow.checkins.last_date(person)
        reviews = uow.reviews.recent(person, 1)
        hours, amounts = uow.investments.month_totals(person)
        deposit_days = uow.investments.days(person)
    progress = rolled_up(goals, plans)
    active: list[Goal] = [g for g in goals if g.status == GoalStatus.ACTIVE and g.id is not None]
    forecasts = forecasts_from_series(active, series, progress, today)
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
                readings=series.get(goal.id, []),
                progress=progress[goal.id].fraction,
                open_tasks=(plan.tasks - plan.done) if plan else 0,
                overdue=window.overdue if window else 0,
                overdue_milestones=window.overdue_milestones if window else 0,
                due_soon=window.due_soon if window else 0,
                feasible_finish=sequential_finish(left, today, profile.weekly_capacity_hours) if left else None,
            ),
            today,
        )
    found += balance_warnings(ratings, today)
    return Dashboard(
        today=today,
        profile=profile,
        goals=[GoalView(g, progress[g.id]) for g in active if g.id is not None],
        goal_titles={g.id: g.title for g in goals if g.id is not None},
        next_tasks=next_tasks,
        overdue=overdue,
        last_checkin=last,
        days_since_checkin=days_since(last, today),
        investment=investment_pace(hours, amounts, today),
        forecasts=forecasts,
        warnings=found,
        cadence=cadence_of(checkin_days, reviews[0].on if reviews else None, profile, today),
        regularity=regularity(deposit_days, today),
    )
