"""The investment ledger, the career piggy bank: time and money put in, how regularly, and what it returned.

Money is kept per currency and never added across currencies. Weeks are ISO weeks (Monday to Sunday).
Regularity counts the weeks from the first deposit's week to this week; the week in progress counts once it
has a deposit, so a Tuesday without one yet does not lower the share or break the streak. The return on a
goal is the progress it gained, in percentage points, from the last check-in reading on or before its first
investment (else its first reading) to its latest reading, divided by the hours invested in it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from headway.domain.dates import month_key
from headway.domain.records import Investment, SeriesPoint

# Weeks and regularity have a module of their own, so the dashboard's regularity costs no ledger.
from headway.domain.regularity import Regularity, regularity, week_key, week_start


@dataclass(frozen=True)
class Totals:
    """Hours, and money per currency (never added across currencies)."""

    hours: float = 0.0
    amounts: Mapping[str, float] = field(default_factory=dict)

    def plus(self, investment: Investment) -> Totals:
        amounts = dict(self.amounts)
        if investment.amount:
            amounts[investment.currency] = amounts.get(investment.currency, 0.0) + investment.amount
        return Totals(self.hours + investment.hours, amounts)

    def amount(self, currency: str) -> float:
        return self.amounts.get(currency, 0.0)


@dataclass(frozen=True)
class Period:
    key: str  # 2026-W48, 2026-11, or a category's name
    start: date | None  # the week's Monday or the month's first day; None for a category
    totals: Totals


@dataclass(frozen=True)
class MonthPoint:
    month: str
    totals: Totals
    cumulative: Totals  # everything invested up to the end of this month


@dataclass(frozen=True)
class GoalReturn:
    goal_id: int | None  # None: investments that serve no particular goal
    title: str
    totals: Totals
    first_on: date
    progress_then: float | None  # 0-1, the reading the gain is counted from
    progress_now: float | None  # 0-1, the latest reading

    @property
    def points_gained(self) -> float | None:
        if self.progress_then is None or self.progress_now is None:
            return None
        return round((self.progress_now - self.progress_then) * 100, 2)

    @property
    def points_per_hour(self) -> float | None:
        gained = self.points_gained
        if gained is None or self.totals.hours <= 0:
            return None
        return round(gained / self.totals.hours, 3)


@dataclass(frozen=True)
class MonthTarget:
    month: str
    totals: Totals
    target_hours: float | None
    target_amount: float | None  # in the profile's currency
    currency: str

    @property
    def hours_share(self) -> float | None:
        """This month's hours as a share of the target (above 1 when it is passed)."""
        return self.totals.hours / self.target_hours if self.target_hours else None

    @property
    def amount_share(self) -> float | None:
        return self.totals.amount(self.currency) / self.target_amount if self.target_amount else None


@dataclass(frozen=True)
class Ledger:
    today: date
    currency: str
    total: Totals
    this_month: MonthTarget
    by_week: list[Period]  # weeks with a deposit, oldest first
    by_month: list[MonthPoint]  # every month from the first deposit's to this one, oldest first
    by_category: list[Period]  # most hours first
    by_goal: list[GoalReturn]  # most hours first; the goal-less entry (goal_id None) last
    regularity: Regularity
    first_on: date | None


def _add(groups: dict[str, Totals], key: str, investment: Investment) -> None:
    groups[key] = groups.get(key, Totals()).plus(investment)


def _months(first: date, last: date) -> list[str]:
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _reading_then(points: Sequence[SeriesPoint], first_on: date) -> float | None:
    readings = [p for p in points if p.progress is not None]
    before = [p for p in readings if p.on <= first_on]
    chosen = before[-1] if before else (readings[0] if readings else None)
    return None if chosen is None else chosen.progress


def _reading_now(points: Sequence[SeriesPoint]) -> float | None:
    readings = [p for p in points if p.progress is not None]
    return readings[-1].progress if readings else None


def build_ledger(
    investments: Sequence[Investment],
    *,
    today: date,
    currency: str,
    target_hours: float | None = None,
    target_amount: float | None = None,
    series: Mapping[int, Sequence[SeriesPoint]] | None = None,
    goal_titles: Mapping[int, str] | None = None,
) -> Ledger:
    """The ledger of every investment; `series` are the goals' readings (oldest first) for the returns."""
    entries = sorted(investments, key=lambda i: i.on)
    series = series or {}
    titles = goal_titles or {}
    total = Totals()
    weeks: dict[str, Totals] = {}
    week_starts: dict[str, date] = {}
    months: dict[str, Totals] = {}
    categories: dict[str, Totals] = {}
    goals: dict[int | None, Totals] = {}
    goal_first: dict[int | None, date] = {}
    for i in entries:
        total = total.plus(i)
        key = week_key(i.on)
        week_starts[key] = week_start(i.on)
        _add(weeks, key, i)
        _add(months, month_key(i.on), i)
        _add(categories, str(i.category), i)
        goals[i.goal_id] = goals.get(i.goal_id, Totals()).plus(i)
        goal_first.setdefault(i.goal_id, i.on)

    by_month: list[MonthPoint] = []
    if entries:
        running = Totals()
        for month in _months(entries[0].on, max(today, entries[-1].on)):
            totals = months.get(month, Totals())
            amounts = dict(running.amounts)
            for code, amount in totals.amounts.items():
                amounts[code] = amounts.get(code, 0.0) + amount
            running = Totals(running.hours + totals.hours, amounts)
            by_month.append(MonthPoint(month, totals, running))

    returns = [
        GoalReturn(
            goal_id=goal_id,
            title=titles.get(goal_id, f"goal #{goal_id}") if goal_id is not None else "",
            totals=totals,
            first_on=goal_first[goal_id],
            progress_then=_reading_then(series.get(goal_id, []), goal_first[goal_id]) if goal_id else None,
            progress_now=_reading_now(series.get(goal_id, [])) if goal_id else None,
        )
        for goal_id, totals in goals.items()
    ]
    returns.sort(key=lambda r: (r.goal_id is None, -r.totals.hours, r.goal_id or 0))
    this_month = month_key(today)
    return Ledger(
        today=today,
        currency=currency,
        total=total,
        this_month=MonthTarget(this_month, months.get(this_month, Totals()), target_hours, target_amount, currency),
        by_week=[Period(k, week_starts[k], t) for k, t in sorted(weeks.items(), key=lambda kv: week_starts[kv[0]])],
        by_month=by_month,
        by_category=[Period(k, None, t) for k, t in sorted(categories.items(), key=lambda kv: (-kv[1].hours, kv[0]))],
        by_goal=returns,
        regularity=regularity((i.on for i in entries), today),
        first_on=entries[0].on if entries else None,
    )
