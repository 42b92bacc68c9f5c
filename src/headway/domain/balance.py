"""Balance: the four outcome ratings over time, their trends, the weakest one, and the change since a review.

- The trend of a dimension is the least-squares slope of its last `window` ratings against time, in points
  per month (30.44 days): rising at +0.25 a month or more, falling at -0.25 or less, steady between. It needs
  two ratings on different days; before that it is unknown (None).
- The weakest dimension has the lowest average over its last `window` ratings; ties go to the first in the
  usual order (fulfilment, balance, achievement, financial).
- The change since the last review is the latest rating minus the rating at the review: the latest one on
  or before the review's date.
- A rating not given at a check-in is left out of its dimension's series, not counted as zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from headway.domain.records import RATING_LABELS, RATING_NAMES, Ratings

DAYS_PER_MONTH = 30.44
TREND_WINDOW = 6
STEADY_WITHIN = 0.25  # points a month


@dataclass(frozen=True)
class Reading:
    """One rating of one dimension, on the day of its check-in."""

    on: date
    value: int


@dataclass(frozen=True)
class Fall:
    """A dimension whose latest rating is `points` below a recent one."""

    dimension: str
    label: str
    before: Reading
    latest: Reading

    @property
    def points(self) -> int:
        return self.before.value - self.latest.value


@dataclass(frozen=True)
class Dimension:
    """One of the four ratings over time: its series, trend and change since the last review."""

    name: str  # fulfilment, balance, achievement, financial
    label: str
    series: list[Reading]  # oldest first
    slope_per_month: float | None
    at_last_review: Reading | None
    window: int

    @property
    def latest(self) -> Reading | None:
        return self.series[-1] if self.series else None

    @property
    def recent_average(self) -> float | None:
        recent = self.series[-self.window :]
        return sum(r.value for r in recent) / len(recent) if recent else None

    @property
    def trend(self) -> str | None:
        """rising, steady or falling; None with fewer than two ratings on different days."""
        if self.slope_per_month is None:
            return None
        if self.slope_per_month >= STEADY_WITHIN:
            return "rising"
        if self.slope_per_month <= -STEADY_WITHIN:
            return "falling"
        return "steady"

    @property
    def change_since_review(self) -> int | None:
        if self.at_last_review is None or self.latest is None:
            return None
        return self.latest.value - self.at_last_review.value

    def fall(self, threshold: int, window: int = 2) -> Fall | None:
        """The fall to the latest rating from the highest of the `window - 1` before it, if `threshold` or more."""
        if len(self.series) < 2:
            return None
        earlier = self.series[-window:-1] if window > 1 else []
        # max() keeps the first of equal ratings; the latest of them is the one a person remembers
        peak = max(reversed(earlier), key=lambda r: r.value, default=None)
        latest = self.series[-1]
        if peak is None or peak.value - latest.value < threshold:
            return None
        return Fall(self.name, self.label, peak, latest)


@dataclass(frozen=True)
class Balance:
    """The four ratings over time, as of today."""

    today: date
    dimensions: list[Dimension]  # in the usual order
    last_review: date | None
    checkins: int  # check-ins with at least one rating
    window: int

    @property
    def weakest(self) -> Dimension | None:
        rated = [d for d in self.dimensions if d.recent_average is not None]
        return min(rated, key=lambda d: d.recent_average or 0.0, default=None)

    def dimension(self, name: str) -> Dimension:
        return next(d for d in self.dimensions if d.name == name)

    def fell_by(self, threshold: int = 3, *, window: int = 2) -> list[Fall]:
        """Dimensions whose latest rating fell by `threshold` points or more.

        With the default window, from the rating just before; with a larger one, from the highest of the
        `window - 1` ratings before the latest (window=4: a slide over the last four check-ins).
        """
        return [f for d in self.dimensions if (f := d.fall(threshold, window)) is not None]


def slope_per_month(readings: Sequence[Reading]) -> float | None:
    """Least-squares slope of the ratings against time, in points per month; None when time does not vary."""
    if len(readings) < 2:
        return None
    xs = [(r.on - readings[0].on).days / DAYS_PER_MONTH for r in readings]
    ys = [float(r.value) for r in readings]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


def build_balance(
    history: Sequence[tuple[date, Ratings]],
    *,
    today: date,
    last_review: date | None = None,
    window: int = TREND_WINDOW,
) -> Balance:
    """The balance from every check-in's ratings (date, ratings), oldest first."""
    ordered = sorted(history, key=lambda item: item[0])  # stable: same-day check-ins keep their order
    dimensions = []
    for name in RATING_NAMES:
        series = [Reading(on, value) for on, ratings in ordered if (value := getattr(ratings, name)) is not None]
        at_review = None
        if last_review is not None:
            before = [r for r in series if r.on <= last_review]
            at_review = before[-1] if before else None
        dimensions.append(
            Dimension(
                name=name,
                label=RATING_LABELS[name],
                series=series,
                slope_per_month=slope_per_month(series[-window:]),
                at_last_review=at_review,
                window=window,
            )
        )
    rated = sum(1 for _, r in ordered if any(v is not None for v in r.as_dict().values()))
    return Balance(today=today, dimensions=dimensions, last_review=last_review, checkins=rated, window=window)
