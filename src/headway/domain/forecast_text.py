"""The forecast's one sentence, in the user's units: 'at 1,150 USD a month you reach 85,000 USD around 2029-03'."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from headway.domain.dates import month_key
from headway.domain.goals import format_number

DAYS_PER_MONTH = 365.25 / 12
_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def significant(value: float, digits: int = 3) -> float:
    """1147.2 -> 1150.0; 0.08333 -> 0.0833: a pace to the precision its data has."""
    if value == 0 or not math.isfinite(value):
        return 0.0
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def number(value: float) -> str:
    """A figure as it is read: 1,150; 5.2; 0.0167 (format_number keeps two decimals, too few under 1)."""
    if value != 0 and abs(value) < 1:
        return f"{value:.3g}"
    return format_number(value)


def count(n: int, noun: str) -> str:
    """3 -> 'three months', 1 -> 'one week', 14 -> '14 days'."""
    number = _WORDS[n] if 0 <= n < len(_WORDS) else format_number(n)
    return f"{number} {noun}{'' if n == 1 else 's'}"


def span(days: int) -> str:
    """A distance in time as people say it: days under two weeks, weeks under two months, months under two
    years, then years."""
    days = abs(days)
    if days >= 730:
        return count(round(days / 365.25), "year")
    if days >= 61:
        return count(round(days / DAYS_PER_MONTH), "month")
    if days >= 14:
        return count(round(days / 7), "week")
    return count(days, "day")


def no_distance(target: float, unit: str) -> str:
    amount = _amount(target, unit)
    return f"The start and the target are both {amount}: there is no distance to forecast."


def marked_achieved(reason: str) -> str:
    return f"Marked achieved: {reason.rstrip('.')}." if reason.strip() else "Marked achieved."


def _amount(value: float, unit: str) -> str:
    if unit == "%":
        return f"{format_number(round(value))}%"
    return f"{format_number(value)}{' ' + unit if unit else ''}"


@dataclass(frozen=True)
class Words:
    """Sentences about one goal: its target in its units, and today."""

    start_value: float
    target_value: float
    unit: str
    target_date: date | None
    today: date

    @property
    def target(self) -> str:
        return self.amount(self.target_value)

    def amount(self, value: float) -> str:
        return _amount(value, self.unit)

    def pace(self, per_day: float) -> str:
        """A pace per day as a monthly amount: '1,150 USD a month'; 'down' or 'up' when it is not plain growth."""
        amount = significant(per_day * DAYS_PER_MONTH)
        decreasing = self.target_value < self.start_value
        direction = " down" if amount < 0 else (" up" if decreasing and amount > 0 else "")
        unit = "%" if self.unit == "%" else (" " + self.unit if self.unit else "")
        return f"{number(abs(amount))}{unit} a month{direction}"

    def relative(self, day: date) -> str:
        """'five months before your target', 'on your target date'."""
        if self.target_date is None:
            return ""
        gap = (day - self.target_date).days
        if gap == 0:
            return "on your target date"
        return f"{span(gap)} {'after' if gap > 0 else 'before'} your target"

    def achieved(self, current: float, on: date) -> str:
        when = f", {self.relative(on)}" if self.target_date else ""
        return f"Reached: {self.amount(current)} on {on.isoformat()}{when}."

    def too_few(self, days: int, first: date | None) -> str:
        if days == 0:
            return "Not enough data for a forecast: there are no readings yet, and it takes readings on two days."
        return (
            f"Not enough data for a forecast: one reading so far ({first}), and it takes readings on two days."
            if first
            else "Not enough data for a forecast."
        )

    def reach(self, pace_kept: float, projected: date | None) -> str:
        """'at 1,150 USD a month you reach 85,000 USD around 2029-03' or why the pace kept does not get there."""
        if projected is not None:
            return f"at {self.pace(pace_kept)} you reach {self.target} around {month_key(projected)}"
        if significant(pace_kept * DAYS_PER_MONTH) == 0:
            return f"the readings show no progress towards {self.target}"
        if (pace_kept > 0) == (self.target_value > self.start_value):
            return f"at {self.pace(pace_kept)} {self.target} is more than a century away"
        return f"the readings are moving away from {self.target} ({self.pace(pace_kept)})"

    def no_target(self, pace_kept: float, projected: date | None) -> str:
        return f"There is no target date to judge against; {self.reach(pace_kept, projected)}."

    def judged(self, verdict: str, *, pace_kept: float, projected: date | None, pace_needed: float | None) -> str:
        """The sentence for on_track, at_risk and off_track."""
        assert self.target_date is not None
        reach = self.reach(pace_kept, projected)
        if self.target_date < self.today or pace_needed is None:
            return f"The target date {self.target_date} has passed; {reach}."
        when = f", {self.relative(projected)}" if projected is not None else ""
        sentence = f"{reach[0].upper()}{reach[1:]}{when}"
        if verdict == "on_track":
            return sentence + "."
        return f"{sentence}; it takes {self.pace(pace_needed)} from now to make it by {self.target_date}."
