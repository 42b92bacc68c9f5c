"""What the dashboard keeps between runs, each entry under the key of what it was computed from.

A stored entry stands while its key matches the one its inputs give now, read from a few cheap marks; the
others are computed afresh (the same queries as without a cache, for those goals only) and handed back for
the caller to store after its read with uow.try_write: a database that cannot take the write (read-only,
busy) computes them again next time. The keys:

- **Plan summary and task window**: the goal's plan stamp, which the task repository moves on with every
  write to its tasks, and today (what is overdue or due soon depends on the day).
- **Habits** (the investment pace, the weeks with a deposit, the check-in and review rhythm): today, the
  profile's rhythms and start, and how many check-ins (in the streaks' window), investments and reviews the
  person has; they are only added, or deleted with the person (and the cache row).
- **Forecast**: today; the goal's dates, status and measure; a milestone goal's progress (one of its
  readings); and the newest check-in with an entry for it. Entries are only added, each with a new check-in,
  or deleted with their goal (and its cache rows), so with today it fixes the year of readings the forecast
  reads. The newest readings, those the early warnings look at, are kept beside the forecast, so an
  unchanged goal costs no reading at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING

from headway.domain.cadence import cadence_state
from headway.domain.goals import Goal, NumericMeasure
from headway.domain.progress import PlanSummary
from headway.domain.regularity import regularity
from headway.domain.status import investment_pace
from headway.domain.warnings import STALL_CHECKINS, STALL_WEEKS
from headway.services.ports import CachedForecast, CachedHabits, CachedPlan, TaskWindow, UnitOfWork

if TYPE_CHECKING:
    from headway.domain.progress import Progress
    from headway.domain.records import Profile, SeriesPoint

# Part of every key: bump them when what is computed changes (the forecast method, what plan_summaries
# counts, what warning_readings keeps), so entries stored by an older Headway are computed again.
CACHE_VERSION = 1
PLAN_CACHE_VERSION = 1
HABITS_CACHE_VERSION = 1
CONFIDENCE_CHECKINS = 3  # goal_warnings compares the confidence given at the last three check-ins
NO_WINDOW = TaskWindow()  # as window_counts leaves out a goal without open tasks overdue or due soon


def cached_plans(
    uow: UnitOfWork, person_id: int, today: date, horizon: date
) -> tuple[dict[int, PlanSummary], dict[int, TaskWindow], dict[int, CachedPlan]]:
    """Inside a read: plan_summaries and window_counts for the person, and the entries counted afresh.

    A goal's stored entry stands while its plan stamp has not moved and the day is the same; the others are
    counted in one query each. The stamps are read first, so a plan changed meanwhile is stored under a stamp
    it no longer has.
    """
    stamps = uow.tasks.plan_stamps(person_id)
    keys = {i: repr((PLAN_CACHE_VERSION, stamp, today.isoformat(), horizon.isoformat())) for i, stamp in stamps.items()}
    entries = {i: e for i, e in uow.plan_cache.for_person(person_id).items() if i in keys and e.key == keys[i]}
    missing = [i for i in keys if i not in entries]
    fresh: dict[int, CachedPlan] = {}
    if missing:
        some = None if len(missing) == len(keys) else missing
        plans = uow.tasks.plan_summaries(person_id, some)
        windows = uow.tasks.window_counts(person_id, today, horizon, some)
        fresh = {i: CachedPlan(keys[i], plans.get(i, PlanSummary()), windows.get(i, TaskWindow())) for i in missing}
        entries.update(fresh)
    return (
        {i: e.summary for i, e in entries.items() if e.summary.tasks},  # tasks 0: no plan
        {i: e.window for i, e in entries.items() if e.window != NO_WINDOW},
        fresh,
    )


def cached_habits(
    uow: UnitOfWork, profile: Profile, today: date, checkins_since: date
) -> tuple[CachedHabits, CachedHabits | None]:
    """Inside a read: the person's habits (streaks from check-ins on or after `checkins_since`), and the entry
    computed afresh, if the stored one no longer holds."""
    assert profile.id is not None
    person = profile.id
    started = profile.created_at.isoformat() if profile.created_at else None
    rhythms = (started, profile.checkin_cadence, profile.review_cadence, profile.weekly_capacity_hours)
    counts = (
        uow.checkins.count(person, since=checkins_since),
        # An investment can be deleted: with the count, the newest number tells a deletion and a new entry
        # apart from no change (numbers are never given twice).
        uow.investments.count(person),
        uow.investments.newest_id(person),
        uow.reviews.count(person),
    )
    key = repr((HABITS_CACHE_VERSION, today.isoformat(), checkins_since.isoformat(), rhythms, counts))
    stored = uow.habits_cache.get(person)
    if stored is not None and stored.key == key:
        return stored, None
    reviews = uow.reviews.recent(person, 1)
    hours, amounts = uow.investments.month_totals(person)
    fresh = CachedHabits(
        key,
        investment_pace(hours, amounts, today),
        regularity(uow.investments.days(person), today),
        cadence_state(
            uow.checkins.days(person, since=checkins_since), reviews[0].on if reviews else None, profile, today
        ),
    )
    return fresh, fresh


def dashboard_forecasts(
    uow: UnitOfWork, person_id: int, goals: Iterable[Goal], progress: Mapping[int, Progress], today: date
) -> tuple[dict[int, CachedForecast], dict[int, CachedForecast]]:
    """Inside a read: each goal's forecast with the readings its warnings need, and those that were not cached.

    A goal whose stored key still matches is taken from the cache; the others are computed from one series
    query, as forecasts_from_series does.
    """
    newest = uow.checkins.newest_entries(person_id)  # first: a reading added meanwhile is not stored as seen
    stored = uow.forecast_cache.for_person(person_id)
    listed = {g.id: g for g in goals if g.id is not None}
    keys = {i: forecast_key(g, progress.get(i), newest.get(i), today) for i, g in listed.items()}
    found = {i: stored[i] for i, key in keys.items() if i in stored and stored[i].key == key}
    missing = [g for i, g in listed.items() if i not in found]
    fresh: dict[int, CachedForecast] = {}
    if missing:
        from headway.services.forecast import forecasts_from_series, window_start  # the engine, only now

        ids = None if len(missing) == len(listed) else [g.id for g in missing if g.id is not None]
        series = uow.checkins.series(person_id, since=window_start(today), goal_ids=ids)
        computed = forecasts_from_series(missing, series, progress, today)
        fresh = {
            i: CachedForecast(keys[i], computed[i], warning_readings(series.get(i, []), today))
            for i in (g.id for g in missing)
            if i is not None
        }
    return {**found, **fresh}, fresh


def forecast_key(goal: Goal, progress: Progress | None, newest_entry: int | None, today: date) -> str:
    """Everything a goal's dashboard forecast and warning_readings are computed from, in one string.

    `newest_entry` is checkins.newest_entries' for the goal (None without readings): with today, it fixes the
    readings of the window. A milestone goal's progress today is one of its readings; a numeric goal's
    forecast does not depend on it.
    """
    m = goal.measure
    if isinstance(m, NumericMeasure):
        measure: tuple[object, ...] = (m.metric, m.unit, m.start, m.target)
    else:
        measure = (None if progress is None else progress.fraction,)
    frame = (goal.start_date.isoformat(), goal.target_date.isoformat(), str(goal.status), goal.status_reason)
    return repr((CACHE_VERSION, today.isoformat(), frame, measure, newest_entry))


def warning_readings(readings: list[SeriesPoint], today: date) -> list[SeriesPoint]:
    """The readings, oldest first, that goal_warnings (domain/warnings.py) looks at, so that it gives the same
    warnings from these as from all of them: the last STALL_CHECKINS with progress; of those with progress in
    the last STALL_WEEKS, the highest, and the last before them; the last CONFIDENCE_CHECKINS with a confidence.
    """
    since = today - timedelta(weeks=STALL_WEEKS)
    with_progress = [i for i, p in enumerate(readings) if p.progress is not None]
    earlier = [i for i in with_progress if readings[i].on < since]
    recent = [i for i in with_progress if readings[i].on >= since]
    keep = set(with_progress[-STALL_CHECKINS:]) | set(earlier[-1:])
    keep |= {max(recent, key=lambda i: readings[i].progress or 0.0)} if recent else set()
    keep |= set([i for i, p in enumerate(readings) if p.confidence is not None][-CONFIDENCE_CHECKINS:])
    return [readings[i] for i in sorted(keep)]
