"""The periodic review: what a month, quarter or year brought, what changed and why, and what to do next.

The period ends today and reaches back one calendar month, three or twelve (`--period month|quarter|year`),
so a review reads the same whenever in the month it is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from headway.domain.balance import Balance, build_balance
from headway.domain.cadence import add_months
from headway.domain.errors import ValidationError
from headway.domain.forecast import Forecast
from headway.domain.goals import Goal, GoalStatus
from headway.domain.ledger import Totals
from headway.domain.records import Profile, Review, Revision
from headway.domain.regularity import regularity, week_start
from headway.domain.warnings import EarlyWarning
from headway.services.common import current_profile
from headway.services.ports import UnitOfWork
from headway.services.status import dashboard

PERIODS = {"month": 1, "quarter": 3, "year": 12}
# Plan bookkeeping, not course corrections: these are listed only when they came with a reason.
ROUTINE = frozenset({"created", "task added", "baseline", "status"})


@dataclass(frozen=True)
class GoalChange:
    goal: Goal
    before: float | None  # progress (0-1) at the period's start; None when the goal began within it
    now: float
    forecast: Forecast | None


@dataclass(frozen=True)
class Correction:
    goal_title: str
    revision: Revision


@dataclass(frozen=True)
class InvestmentSummary:
    totals: Totals
    by_category: dict[str, float]  # hours
    weeks: int
    weeks_with_deposit: int


@dataclass(frozen=True)
class ReviewReport:
    profile: Profile
    period: str
    start: date
    end: date
    achieved: list[Goal]
    goals: list[GoalChange]
    corrections: list[Correction]
    investment: InvestmentSummary
    balance: Balance
    warnings: list[EarlyWarning]
    answers: list[Review]


def period_start(today: date, period: str) -> date:
    if period not in PERIODS:
        raise ValidationError(f"Period {period!r}: choose month, quarter or year.", field="period")
    return date.fromordinal(add_months(today, -PERIODS[period]).toordinal() + 1)


def review(uow: UnitOfWork, period: str, today: date) -> ReviewReport:
    start = period_start(today, period)
    board = dashboard(uow, today)
    with uow.read():
        profile = current_profile(uow)
        assert profile.id is not None
        person = profile.id
        goals = uow.goals.for_person(person)
        series = uow.checkins.series(person, since=add_months(start, -12))  # the last reading before the period
        revisions = uow.revisions.for_person(person, datetime.combine(start, time(0), tzinfo=UTC))
        investments = [i for i in uow.investments.all(person) if start <= i.on <= today]
        ratings = uow.checkins.ratings_history(person)
        reviews = [r for r in uow.reviews.recent(person, 50) if start <= r.on <= today]
    titles = {g.id: g.title for g in goals}
    achieved_ids = {r.goal_id for r in revisions if r.field == "status" and r.after == GoalStatus.ACHIEVED}
    progress_now = {v.goal.id: v.progress.fraction for v in board.goals}
    changes = []
    for view in board.goals:
        goal = view.goal
        assert goal.id is not None
        earlier = [p.progress for p in series.get(goal.id, []) if p.on < start and p.progress is not None]
        # Before its first reading a goal that began within the period stood at 0%; an older one is unknown.
        before = earlier[-1] if earlier else (0.0 if goal.start_date >= start else None)
        changes.append(GoalChange(goal, before, progress_now[goal.id], board.forecasts.get(goal.id)))
    corrections = [
        Correction(titles.get(r.goal_id, f"#{r.goal_id}"), r)
        for r in revisions
        if r.field not in ROUTINE or (r.reason and r.field not in ("created", "task added"))
    ]
    by_category: dict[str, float] = {}
    totals = Totals()
    for item in investments:
        totals = totals.plus(item)
        by_category[str(item.category)] = by_category.get(str(item.category), 0.0) + item.hours
    weeks = (week_start(today) - week_start(start)).days // 7 + 1
    deposits = regularity([i.on for i in investments], today)
    return ReviewReport(
        profile=profile,
        period=period,
        start=start,
        end=today,
        achieved=[g for g in goals if g.id in achieved_ids and g.status == GoalStatus.ACHIEVED],
        goals=changes,
        corrections=corrections,
        investment=InvestmentSummary(totals, by_category, weeks, deposits.weeks_with_deposit),
        balance=build_balance([(d, r) for d, r in ratings if d >= start], today=today),
        warnings=board.warnings,
        answers=sorted(reviews, key=lambda r: r.on),
    )
