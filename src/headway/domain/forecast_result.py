"""What a forecast says about a goal: its verdict and the figures behind it (domain/forecast.py computes it).

Apart from the engine so that a forecast read back from the dashboard's cache costs no engine to load.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Verdict(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NOT_ENOUGH_DATA = "not_enough_data"
    ACHIEVED = "achieved"


@dataclass(frozen=True)
class Forecast:
    """Where a goal is heading; values and paces are in the measure's units (per day unless named so)."""

    verdict: Verdict
    sentence: str
    projected: date | None = None  # when the trend reaches the target; None without a positive pace
    band: tuple[date, date | None] | None = None  # (early, late); late None when the pace could be zero
    pace_needed: float | None = None  # from the latest reading to the target by the target date
    pace_kept: float | None = None  # the trend's slope
    buffer_days: int | None = None  # + ahead of the straight line from start to target, - behind
    current: float | None = None  # the latest reading
    trend_now: float | None = None  # the trend's value today, where the projection starts
    readings: int = 0  # days with a reading that the forecast used

    @property
    def pace_needed_per_month(self) -> float | None:
        from headway.domain.forecast_text import DAYS_PER_MONTH

        return None if self.pace_needed is None else self.pace_needed * DAYS_PER_MONTH

    @property
    def pace_kept_per_month(self) -> float | None:
        from headway.domain.forecast_text import DAYS_PER_MONTH

        return None if self.pace_kept is None else self.pace_kept * DAYS_PER_MONTH
