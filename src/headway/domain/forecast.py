"""Forecast: when a goal reaches its target at the pace kept, and whether that is in time.

The method, in the order it runs:

1. **Readings.** Each reading is a (day, value). Readings after today are left out. Readings on the same day
   count once, as the last one given: a check-in records a state, so a second one that day is an update or a
   correction, not a second sample. Fewer than two days of readings give `not_enough_data`, never a date.
   The goal's declared start (start date, start value) is a recorded value too: `with_start` adds it as a
   reading when nothing is recorded on or before the start, and the services and the evaluation do so.
2. **Progress space.** Values become progress, 0 at the start value and 1 at the target value, so a
   decreasing measure counts down like an increasing one counts up, and one set of constants fits every unit.
3. **The trend.** A straight line fitted by weighted least squares, each reading weighted by its recency.
   The half-life is chosen per goal from 1/32, 1/16, 1/8, 1/4 and 1/2 of the goal's span (at least a week)
   and "no decay", as the one whose line best foretold each reading from the readings before it, the way
   exponential smoothing fits its smoothing constant: clean readings whose pace changed get a short
   memory, steady noisy ones a long one. Huber re-weighting then down-weights a reading far from the line (a
   typing slip). The line's value today is where the projection starts and its slope is the pace kept.
   On readings that lie on a line every step is exact, so such a series' finish date is recovered to the day.
   The plan's pace is deliberately not a prior on the slope: the sentence reports the pace kept, and it
   must be the person's own; thin data shows instead in a wider band (below) and so in "at risk".
4. **Uncertainty.** The readings' scatter around the line, pooled with a prior scatter of 3% of the distance
   worth two readings (so two or three readings cannot look certain) and widened when the residuals run in
   streaks (lag-1 autocorrelation, as a measure that moves in steps does), gives the variance of the level
   today and of the slope. The band is where the trend reaches the target with a z-score within +-1.28 (Fieller's
   interval, about 80%): its early end is the first day the optimistic line gets there, its late end the
   first day the pessimistic one does, or None when a pace of zero cannot be ruled out.
5. **Verdict.** `achieved` when the latest reading is at or past the target; `on_track` when the projected
   finish is on or before the target date (better than even odds); `off_track` when even the band's early end
   is after it (odds under 10%); `at_risk` in between. With no target date there is nothing to judge against:
   `not_enough_data`, with the projection still given.

The buffer is Beeminder's "bright line": how many days ahead of (+) or behind (-) the straight line from
(start date, start value) to (target date, target value) the latest reading stands today.

bench/forecast_eval.py measures the verdicts on simulated goals against the naive extrapolation of the last two
readings; its docstring says how, and why the constants above are not fitted to it.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, TypeVar

from headway.domain.forecast_result import Forecast as Forecast  # noqa: PLC0414 re-exported: the engine's result
from headway.domain.forecast_result import Verdict as Verdict  # noqa: PLC0414 re-exported, as Forecast
from headway.domain.forecast_text import Words, marked_achieved, no_distance

K = TypeVar("K")

Z_BAND = 1.2816  # the 10th and 90th percentiles: an 80% band
MIN_HALF_LIFE = 7.0  # days
HALF_LIFE_SHARES = (1 / 32, 1 / 16, 1 / 8, 1 / 4, 1 / 2, math.inf)  # of the goal's span: the recencies tried
DEFAULT_SCALE = 365.0  # days, the span to scale by when the goal has none
PRIOR_SCATTER = 0.03  # a reading's typical error before the data shows its own, as a share of the distance
PRIOR_WEIGHT = 2.0  # how many readings' worth of evidence that prior scatter carries
MAX_AUTOCORRELATION = 0.9  # streaky residuals widen the band at most (1 + 0.9) / (1 - 0.9) = 19-fold in variance
MIN_WEIGHT = 1e-12  # an old reading's least weight: tiny, but the arithmetic never meets a zero
HUBER_K = 2.5  # residuals beyond this many (robust) scatters are down-weighted
HUBER_ROUNDS = 5  # re-weighting rounds: a slip far off the line pulls the first fit, so one round is too few
HORIZON_DAYS = 100 * 365  # a projection further out than this is "not at this pace"

Reading = tuple[date, float]


@dataclass(frozen=True)
class ForecastInput:
    """One goal's readings and frame, for forecasting many goals at once."""

    points: Sequence[Reading]
    start_date: date | None
    target_date: date | None
    start_value: float
    target_value: float
    unit: str = ""


def with_start(points: Iterable[Reading], start_date: date | None, start_value: float) -> list[Reading]:
    """The readings, led by the goal's declared start when nothing is recorded on or before that day."""
    readings = list(points)
    if start_date is None or any(day <= start_date for day, _ in readings):
        return readings
    return [(start_date, start_value), *readings]


def as_achieved(found: Forecast, reason: str = "") -> Forecast:
    """A goal the person marked achieved: that is the verdict, whatever the readings say."""
    if found.verdict == Verdict.ACHIEVED:
        return found
    return replace(found, verdict=Verdict.ACHIEVED, sentence=marked_achieved(reason), pace_needed=0.0)


def forecast_many(inputs: Mapping[K, ForecastInput], today: date) -> dict[K, Forecast]:
    """Forecasts for many goals at once: each is one pass over its readings, so 200 goals take milliseconds."""
    return {
        key: forecast(
            i.points,
            start_date=i.start_date,
            target_date=i.target_date,
            start_value=i.start_value,
            target_value=i.target_value,
            today=today,
            unit=i.unit,
        )
        for key, i in inputs.items()
    }


def forecast(
    points: Iterable[Reading],
    *,
    start_date: date | None,
    target_date: date | None,
    start_value: float,
    target_value: float,
    today: date,
    unit: str = "",
) -> Forecast:
    """Forecast a goal from its (day, value) readings; the module docstring describes the method."""
    days = by_day(points, today)
    current = days[-1][1] if days else None
    distance = target_value - start_value
    if distance == 0:  # numeric_measure refuses this; without a distance there is no progress to measure
        return Forecast(Verdict.NOT_ENOUGH_DATA, no_distance(target_value, unit), current=current, readings=len(days))
    span = (target_date - start_date).days if start_date and target_date else None
    progress = [(day, (value - start_value) / distance) for day, value in days]
    days_left = (target_date - today).days if target_date else None
    needed = None
    if current is not None and days_left is not None and days_left > 0:
        needed = (target_value - current) / days_left
    known = Forecast(
        Verdict.NOT_ENOUGH_DATA,
        "",
        pace_needed=needed,
        buffer_days=_buffer(progress[-1][1], start_date, span, today) if progress else None,
        current=current,
        readings=len(days),
    )
    words = Words(start_value, target_value, unit, target_date, today)
    if progress and progress[-1][1] >= 1:
        reached = next(day for day, p in progress if p >= 1)
        return _as(known, Verdict.ACHIEVED, words.achieved(days[-1][1], reached), pace_needed=0.0)
    if len(days) < 2:
        return _as(known, Verdict.NOT_ENOUGH_DATA, words.too_few(len(days), days[0][0] if days else None))

    scale = span if span and span > 0 else DEFAULT_SCALE
    ts, ps = [float((day - today).days) for day, _ in progress], [p for _, p in progress]
    half_life = choose_half_life(ts, ps, [max(MIN_HALF_LIFE, scale * share) for share in HALF_LIFE_SHARES])
    trend = fit_trend(ts, ps, half_life)
    projected = None
    if trend.slope > 0 and (1 - trend.level) / trend.slope <= HORIZON_DAYS:
        projected = today + timedelta(days=_whole_days((1 - trend.level) / trend.slope))
    early, late = trend.band(Z_BAND)
    band = None
    if early is not None:
        band = (today + timedelta(days=early), None if late is None else today + timedelta(days=late))
    fitted = replace(
        known,
        projected=projected,
        band=band,
        pace_kept=trend.slope * distance,
        trend_now=start_value + trend.level * distance,
    )
    pace_kept = trend.slope * distance
    if target_date is None:
        return _as(fitted, Verdict.NOT_ENOUGH_DATA, words.no_target(pace_kept, projected))
    if projected is not None and projected <= target_date:
        verdict = Verdict.ON_TRACK
    elif band is not None and band[0] <= target_date and today <= target_date:
        verdict = Verdict.AT_RISK
    else:
        verdict = Verdict.OFF_TRACK
    sentence = words.judged(verdict, pace_kept=pace_kept, projected=projected, pace_needed=needed)
    return _as(fitted, verdict, sentence)


def _as(forecast: Forecast, verdict: Verdict, sentence: str, **changes: Any) -> Forecast:
    return replace(forecast, verdict=verdict, sentence=sentence, **changes)


def _whole_days(days: float) -> int:
    """The first whole day on or after `days` (float error of a few seconds is not a day)."""
    return max(0, math.ceil(days - 1e-4))


def by_day(points: Iterable[Reading], today: date) -> list[Reading]:
    """One reading a day, the last given standing, oldest first; none after today."""
    last: dict[date, float] = {}
    for day, value in points:
        if day <= today and math.isfinite(value):
            last[day] = value
    return sorted(last.items())


def _buffer(position: float, start_date: date | None, span: int | None, today: date) -> int | None:
    """Days from today to the day the straight line reaches `position` (0-1), negated: + ahead, - behind."""
    if start_date is None or span is None or span <= 0:
        return None
    return round(position * span - (today - start_date).days)


@dataclass(frozen=True)
class Trend:
    """A line in progress space, t in days from today (progress = level + slope * t), and its uncertainty."""

    level: float
    slope: float
    var_level: float
    var_slope: float
    cov: float

    def sd(self, t: float) -> float:
        return math.sqrt(max(0.0, self.var_level + t * t * self.var_slope + 2 * t * self.cov))

    def band(self, z: float) -> tuple[int | None, int | None]:
        """Whole days from today when the line reaches progress 1 at z-score +z (early) and -z (late).

        The day t where (level + slope * t - 1) / sd(t) = +-z solves one quadratic (Fieller's interval).
        Early is None when even the optimistic line never gets there; late is None when the pessimistic one
        never does, which is when a pace of zero cannot be ruled out.
        """
        remaining = 1 - self.level
        early: float | None = 0.0 if remaining <= z * self.sd(0) else None
        late: float | None = 0.0 if remaining <= -z * self.sd(0) else None
        a = self.slope**2 - z * z * self.var_slope
        b = self.slope * remaining + z * z * self.cov
        c = remaining**2 - z * z * self.var_level
        roots: list[float] = []
        if abs(a) > 1e-18 and b * b - a * c >= 0:
            root = math.sqrt(b * b - a * c)
            roots = [(b - root) / a, (b + root) / a]
        elif abs(a) <= 1e-18 and abs(b) > 1e-18:
            roots = [c / (2 * b)]
        for t in sorted(r for r in roots if 0 <= r <= HORIZON_DAYS):
            if self.slope * t < remaining:  # the central line is short of the target: the optimistic bound
                early = t if early is None else early
            elif late is None:
                late = t
        if early is None:
            return None, None
        return _whole_days(early), None if late is None else max(_whole_days(late), _whole_days(early))


def choose_half_life(ts: Sequence[float], ps: Sequence[float], candidates: Sequence[float]) -> float:
    """The recency whose line best foretold each reading from the ones before it (least absolute error).

    Exponential smoothing chooses its smoothing constant the same way (by one-step-ahead error): steady,
    noisy readings favour a long memory, clean readings whose pace changed favour a short one. With too few
    readings to judge, the middle candidate stands; on a tie the longer memory wins.
    """
    middle = candidates[len(candidates) // 2]
    if len(ts) < 4:
        return middle
    best, best_error = middle, math.inf
    for half_life in sorted(candidates, reverse=True):
        # The line through the readings so far, updated one reading at a time (West's weighted update, which
        # keeps its precision where sums of t and t*t would cancel), foretells the next reading.
        total = t_mean = p_mean = stt = stp = error = 0.0
        for w, t, p in zip(_recency(ts, half_life), ts, ps, strict=True):
            if stt > 0:
                error += abs(p - (p_mean + stp / stt * (t - t_mean)))
            total += w
            dt, dp = t - t_mean, p - p_mean
            t_mean += w / total * dt
            p_mean += w / total * dp
            stt += w * dt * (t - t_mean)
            stp += w * dt * (p - p_mean)
        if error < best_error - 1e-12:
            best, best_error = half_life, error
    return best


def fit_trend(ts: Sequence[float], ps: Sequence[float], half_life: float) -> Trend:
    """Recency-weighted least squares with Huber re-weighting; t in days from today (<= 0), p in progress.

    A reading's weight halves with each half-life of age and is read as inverse variance: older readings
    say less about the line today. The scatter is pooled with the prior scatter, so two readings are never
    taken as certain.
    """
    recency = _recency(ts, half_life)
    weights = recency
    level, slope = _weighted_line(ts, ps, weights)[:2]
    residuals = [p - level - slope * t for t, p in zip(ts, ps, strict=True)]
    for _ in range(HUBER_ROUNDS):
        scale = 1.4826 * _median([abs(r) for r in residuals])  # a robust scatter: one slip does not inflate it
        if scale <= 1e-12:
            break
        weights = [w * min(1.0, HUBER_K * scale / abs(r)) if r else w for w, r in zip(recency, residuals, strict=True)]
        before = (level, slope)
        level, slope = _weighted_line(ts, ps, weights)[:2]
        residuals = [p - level - slope * t for t, p in zip(ts, ps, strict=True)]
        if abs(level - before[0]) < 1e-9 and abs(slope - before[1]) < 1e-12:
            break  # settled
    _, _, t_mean, stt, total = _weighted_line(ts, ps, weights)
    squares = sum(w * r * r for w, r in zip(weights, residuals, strict=True))
    variance = (squares + PRIOR_WEIGHT * PRIOR_SCATTER**2) / (len(ts) - 2 + PRIOR_WEIGHT)
    variance *= _autocorrelation_factor(residuals)
    return Trend(
        level=level,
        slope=slope,
        var_level=variance * (1 / total + t_mean * t_mean / stt),
        var_slope=variance / stt,
        cov=-variance * t_mean / stt,
    )


def _recency(ts: Sequence[float], half_life: float) -> list[float]:
    """Each reading's weight, 1 for the newest (only ratios matter), and never under a trillionth."""
    newest = max(ts)
    return [1.0 if math.isinf(half_life) else max(MIN_WEIGHT, 0.5 ** ((newest - t) / half_life)) for t in ts]


def _autocorrelation_factor(residuals: Sequence[float]) -> float:
    """How much residuals that run in streaks understate the uncertainty: (1 + rho) / (1 - rho), rho lag-1.

    Readings of a measure that moves in steps (a raise, a certification) sit on one side of the line for
    months; independent scatter would make the line look far surer than it is.
    """
    squares = sum(r * r for r in residuals)
    if squares <= 1e-18:
        return 1.0
    rho = sum(a * b for a, b in itertools.pairwise(residuals)) / squares
    rho = min(MAX_AUTOCORRELATION, max(0.0, rho))
    return (1 + rho) / (1 - rho)


def _weighted_line(
    ts: Sequence[float], ps: Sequence[float], ws: Sequence[float]
) -> tuple[float, float, float, float, float]:
    """(level at t=0, slope, weighted mean t, weighted sum of squares of t, total weight)."""
    total = sum(ws)
    t_mean = sum(w * t for w, t in zip(ws, ts, strict=True)) / total
    p_mean = sum(w * p for w, p in zip(ws, ps, strict=True)) / total
    stt = sum(w * (t - t_mean) ** 2 for w, t in zip(ws, ts, strict=True))
    stp = sum(w * (t - t_mean) * (p - p_mean) for w, t, p in zip(ws, ts, ps, strict=True))
    slope = stp / stt
    return p_mean - slope * t_mean, slope, t_mean, stt, total


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
