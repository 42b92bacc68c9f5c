"""The dashboard's caches (migration 0003): each goal's plan summary, and its forecast with the readings kept beside.

Rows are replaced whole under a new key; whether a key still holds is the services' decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from headway.adapters.db.connection import Database
from headway.adapters.db.goal_tasks import in_params, to_date
from headway.domain.forecast_result import Forecast, Verdict
from headway.domain.progress import PlanSummary
from headway.domain.records import SeriesPoint
from headway.services.ports import CachedForecast, CachedPlan

COLUMNS = (
    "goal_id, cache_key, verdict, sentence, projected, band_early, band_late, pace_needed, pace_kept, "
    "buffer_days, current_value, trend_now, readings"
)
READING_COLUMNS = "goal_id, seq, on_date, value, progress, confidence"
PLAN_COLUMNS = "goal_id, cache_key, tasks, done, effort, effort_done, unestimated, unestimated_done"
ROWS_A_STATEMENT = 100  # at most 13 parameters a row: well inside both databases' limits on parameters
MINE = "goal_id IN (SELECT id FROM goals WHERE person_id = :person)"


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
            )
            for r in rows
        }

    def put(self, entries: Mapping[int, CachedPlan]) -> None:
        """Store these goals' entries in place of any they had."""
        goal_ids = list(entries)
        for start in range(0, len(goal_ids), ROWS_A_STATEMENT):
            chunk = goal_ids[start : start + ROWS_A_STATEMENT]
            placeholders, params = in_params("g", chunk)
            self.db.execute(f"DELETE FROM plan_cache WHERE goal_id IN ({placeholders})", params)
            rows = []
            for goal_id in chunk:
                key, p = entries[goal_id]
                rows.append((goal_id, key, p.tasks, p.done, p.effort, p.effort_done, p.unestimated, p.unestimated_done))
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
        """Store these goals' entries in place of any they had."""
        goal_ids = list(entries)
        for start in range(0, len(goal_ids), ROWS_A_STATEMENT):
            chunk = goal_ids[start : start + ROWS_A_STATEMENT]
            placeholders, params = in_params("g", chunk)
            # Their old readings go with them (ON DELETE CASCADE).
            self.db.execute(f"DELETE FROM forecast_cache WHERE goal_id IN ({placeholders})", params)
            insert_rows(self.db, "forecast_cache", COLUMNS, [_row(goal_id, entries[goal_id]) for goal_id in chunk])
            points = [
                (goal_id, seq, p.on.isoformat(), p.value, p.progress, p.confidence)
                for goal_id in chunk
                for seq, p in enumerate(entries[goal_id].readings)
            ]
            for at in range(0, len(points), ROWS_A_STATEMENT):
                insert_rows(self.db, "forecast_cache_readings", READING_COLUMNS, points[at : at + ROWS_A_STATEMENT])


def insert_rows(db: Database, table: str, columns: str, rows: list[tuple[Any, ...]]) -> None:
    """One INSERT of many rows, every value a named parameter."""
    if not rows:
        return
    params: dict[str, Any] = {}
    values = []
    for i, row in enumerate(rows):
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
