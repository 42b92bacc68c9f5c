"""The dashboard's caches (migration 0003): each goal's plan summary and task window, its forecast with the
readings kept beside, and the person's habits.

Rows are replaced whole under a new key; whether a key still holds is the services' decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from headway.adapters.db.connection import Database
from headway.adapters.db.goal_tasks import in_params, to_date
from headway.domain.cadence import CadenceState
from headway.domain.forecast_result import Forecast, Verdict
from headway.domain.progress import PlanSummary
from headway.domain.records import SeriesPoint
from headway.domain.regularity import Regularity
from headway.domain.status import InvestmentPace
from headway.services.ports import CachedForecast, CachedHabits, CachedPlan, TaskWindow

COLUMNS = (
    "goal_id, cache_key, verdict, sentence, projected, band_early, band_late, pace_needed, pace_kept, "
    "buffer_days, current_value, trend_now, readings"
)
READING_COLUMNS = "goal_id, seq, on_date, value, progress, confidence"
PLAN_COLUMNS = (
    "goal_id, cache_key, tasks, done, effort, effort_done, unestimated, unestimated_done, overdue, "
    "overdue_milestones, due_soon"
)
ROWS_A_STATEMENT = 100  # at most 13 parameters a row: well inside both databases' limits on parameters
MINE = "goal_id IN (SELECT id FROM goals WHERE person_id = :person)"
HABITS_COLUMNS = (
    "person_id, cache_key, this_month_hours, this_month_amount, monthly_average_hours, months_counted, "
    "deposit_weeks, weeks_with_deposit, deposit_streak, longest_deposit_streak, on_day, checkin_cadence, "
    "review_cadence, weekly_capacity_hours, last_checkin, next_due, maintenance_due, days_overdue, "
    "current_streak, longest_streak, on_time, checkins, last_review, next_review_due, review_due"
)


class SqlHabitsCacheRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, person_id: int) -> CachedHabits | None:
        r = self.db.one(f"SELECT {HABITS_COLUMNS} FROM habits_cache WHERE person_id = :p", {"p": person_id})
        if r is None:
            return None
        return CachedHabits(
            r["cache_key"],
            InvestmentPace(
                r["this_month_hours"], r["this_month_amount"], r["monthly_average_hours"], r["months_counted"]
            ),
            Regularity(r["deposit_weeks"], r["weeks_with_deposit"], r["deposit_streak"], r["longest_deposit_streak"]),
            CadenceState(
                today=date.fromisoformat(r["on_day"]),
                checkin_cadence=r["checkin_cadence"],
                review_cadence=r["review_cadence"],
                last_checkin=to_date(r["last_checkin"]),
                next_due=date.fromisoformat(r["next_due"]),
                maintenance_due=bool(r["maintenance_due"]),
                days_overdue=r["days_overdue"],
                current_streak=r["current_streak"],
                longest_streak=r["longest_streak"],
                on_time=r["on_time"],
                checkins=r["checkins"],
                last_review=to_date(r["last_review"]),
                next_review_due=date.fromisoformat(r["next_review_due"]),
                review_due=bool(r["review_due"]),
                weekly_capacity_hours=r["weekly_capacity_hours"],
            ),
        )

    def put(self, person_id: int, entry: CachedHabits) -> None:
        """Store the person's entry in place of any they had."""
        pace, weeks, c = entry.investment, entry.regularity, entry.cadence
        self.db.execute("DELETE FROM habits_cache WHERE person_id = :p", {"p": person_id})
        row = (
            person_id,
            entry.key,
            pace.this_month_hours,
            pace.this_month_amount,
            pace.monthly_average_hours,
            pace.months_counted,
            weeks.weeks,
            weeks.weeks_with_deposit,
            weeks.current_streak,
            weeks.longest_streak,
            c.today.isoformat(),
            c.checkin_cadence,
            c.review_cadence,
            c.weekly_capacity_hours,
            _iso(c.last_checkin),
            c.next_due.isoformat(),
            int(c.maintenance_due),
            c.days_overdue,
            c.current_streak,
            c.longest_streak,
            c.on_time,
            c.checkins,
            _iso(c.last_review),
            c.next_review_due.isoformat(),
            int(c.review_due),
        )
        insert_rows(self.db, "habits_cache", HABITS_COLUMNS, [row])


class SqlPlanCacheRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def for_person(self, person_id: int) -> dict[int, CachedPlan]:
        rows = self.db.all(f"SELECT {PLAN_COLUMNS} FROM plan_cache WHERE {MINE}", {"person": person_id})
        return {
            r["goal_id"]: CachedPlan(
                r["cache_key"],
                PlanSummary(
                    tasks=r["tasks"],
                    done=r["done"],
                    effort=r["effort"],
                    effort_done=r["effort_done"],
                    unestimated=r["unestimated"],
                    unestimated_done=r["unestimated_done"],
                ),
                TaskWindow(r["overdue"], r["overdue_milestones"], r["due_soon"]),
            )
            for r in rows
        }

    def put(self, entries: Mapping[int, CachedPlan]) -> None:
        """Store these goals' entries in place of any they had."""
        delete_goals(self.db, "plan_cache", list(entries))
        rows = []
        for goal_id, (key, p, w) in entries.items():
            plan = (p.tasks, p.done, p.effort, p.effort_done, p.unestimated, p.unestimated_done)
            rows.append((goal_id, key, *plan, w.overdue, w.overdue_milestones, w.due_soon))
        insert_rows(self.db, "plan_cache", PLAN_COLUMNS, rows)


class SqlForecastCacheRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def for_person(self, person_id: int) -> dict[int, CachedForecast]:
        readings: dict[int, list[SeriesPoint]] = {}
        for r in self.db.all(
            f"SELECT {READING_COLUMNS} FROM forecast_cache_readings WHERE {MINE} ORDER BY goal_id, seq",
            {"person": person_id},
        ):
            point = SeriesPoint(date.fromisoformat(r["on_date"]), r["value"], r["progress"], r["confidence"])
            readings.setdefault(r["goal_id"], []).append(point)
        found: dict[int, CachedForecast] = {}
        for r in self.db.all(f"SELECT {COLUMNS} FROM forecast_cache WHERE {MINE}", {"person": person_id}):
            early = to_date(r["band_early"])
            forecast = Forecast(
                verdict=Verdict(r["verdict"]),
                sentence=r["sentence"],
                projected=to_date(r["projected"]),
                band=None if early is None else (early, to_date(r["band_late"])),
                pace_needed=r["pace_needed"],
                pace_kept=r["pace_kept"],
                buffer_days=r["buffer_days"],
                current=r["current_value"],
                trend_now=r["trend_now"],
                readings=r["readings"],
            )
            found[r["goal_id"]] = CachedForecast(r["cache_key"], forecast, readings.get(r["goal_id"], []))
        return found

    def put(self, entries: Mapping[int, CachedForecast]) -> None:
        """Store these goals' entries in place of any they had; their old readings go with them (ON DELETE CASCADE)."""
        delete_goals(self.db, "forecast_cache", list(entries))
        insert_rows(self.db, "forecast_cache", COLUMNS, [_row(goal_id, entry) for goal_id, entry in entries.items()])
        points = [
            (goal_id, seq, p.on.isoformat(), p.value, p.progress, p.confidence)
            for goal_id, entry in entries.items()
            for seq, p in enumerate(entry.readings)
        ]
        insert_rows(self.db, "forecast_cache_readings", READING_COLUMNS, points)


def delete_goals(db: Database, table: str, goal_ids: list[int]) -> None:
    """DELETE the rows of these goals, ROWS_A_STATEMENT ids a statement."""
    for start in range(0, len(goal_ids), ROWS_A_STATEMENT):
        placeholders, params = in_params("g", goal_ids[start : start + ROWS_A_STATEMENT])
        db.execute(f"DELETE FROM {table} WHERE goal_id IN ({placeholders})", params)


def insert_rows(db: Database, table: str, columns: str, rows: list[tuple[Any, ...]]) -> None:
    """INSERT many rows, ROWS_A_STATEMENT a statement, every value a named parameter."""
    for start in range(0, len(rows), ROWS_A_STATEMENT):
        params: dict[str, Any] = {}
        values = []
        for i, row in enumerate(rows[start : start + ROWS_A_STATEMENT]):
            names = [f"r{i}_{j}" for j in range(len(row))]
            params.update(zip(names, row, strict=True))
            values.append(f"({', '.join(':' + n for n in names)})")
        db.execute(f"INSERT INTO {table} ({columns}) VALUES {', '.join(values)}", params)


def _row(goal_id: int, entry: CachedForecast) -> tuple[Any, ...]:
    f = entry.forecast
    early, late = f.band if f.band is not None else (None, None)
    return (
        goal_id,
        entry.key,
        str(f.verdict),
        f.sentence,
        _iso(f.projected),
        _iso(early),
        _iso(late),
        f.pace_needed,
        f.pace_kept,
        f.buffer_days,
        f.current,
        f.trend_now,
        f.readings,
    )


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
