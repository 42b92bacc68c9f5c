"""The forecast as a terminal chart: readings, the straight line to the target, the projection and its band.

plotext draws it; it is imported here, inside `chart`, so no other command pays for it. Without a terminal
(a pipe, a file, a test) the chart is 80 columns and carries no colour codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from headway.domain.forecast_text import significant
from headway.domain.goals import format_number
from headway.services.forecast import GoalForecast

HEIGHT = 20
PLAIN_WIDTH = 80
_BOX = str.maketrans("┌┐└┘─│┤├┬┴┼", "++++-||++++")


@dataclass(frozen=True)
class Line:
    label: str
    days: list[date]
    values: list[float]
    marker: str
    colour: str
    joined: bool = True


def lines(view: GoalForecast, today: date) -> tuple[list[Line], date, date]:
    """What the chart shows, and the days at its left and right edges."""
    frame, found = view.frame, view.forecast
    start = frame.start_date or today
    target = frame.target_date or today
    readings = list(frame.points)
    left = min([start, *(day for day, _ in readings)])
    right = max(target, today)
    limit = right + timedelta(days=max(90, (right - left).days))  # a far projection is cut, not the whole chart
    for day in (found.projected, found.band[1] if found.band else None):
        if day is not None:
            right = max(right, min(day, limit))
    shown: list[Line] = []
    if frame.start_date and frame.target_date:
        shown.append(
            Line("straight line to the target", [start, target], [frame.start_value, frame.target_value], ".", "gray")
        )
    if readings:
        days, values = zip(*readings, strict=True)
        shown.append(Line("readings", list(days), list(values), "o", "blue", joined=False))
    if found.trend_now is not None and found.pace_kept is not None:
        end = found.projected if found.projected is not None and found.projected <= right else right
        value = found.trend_now + found.pace_kept * (end - today).days
        if found.projected is not None and end == found.projected:
            value = frame.target_value
        shown.append(Line("projection", [today, end], [found.trend_now, value], "*", "orange"))
    if found.band is not None:
        early, late = found.band
        ends = [min(early, right), min(late or right, right)]
        shown.append(Line("80% band: when it gets there", ends, [frame.target_value] * 2, "=", "red"))
    return shown, left, right


def chart(view: GoalForecast, today: date, *, width: int | None = None, colour: bool = False) -> str:
    """The chart as text, `width` columns wide (80 unless given)."""
    import plotext as plt

    shown, left, right = lines(view, today)
    plt.clear_figure()
    plt.plotsize(width or PLAIN_WIDTH, HEIGHT)
    plt.theme("clear")
    plt.date_form("Y-m-d")
    for line in shown:
        days = [d.isoformat() for d in line.days]
        draw = plt.plot if line.joined else plt.scatter
        draw(days, line.values, marker=line.marker, label=line.label, color=line.colour if colour else None)
    if left <= today <= right:
        plt.vline(today.isoformat(), color="gray" if colour else None)
    plt.xlim(left.isoformat(), right.isoformat())
    values = [v for line in shown for v in line.values]
    low, high = min(values), max(values)
    if high > low:
        ticks = [low + (high - low) * i / 4 for i in range(5)]
        plt.yticks(ticks, [_tick(t, view.frame.unit) for t in ticks])
    text: str = plt.build()
    plt.clear_figure()
    return text if colour else plt.uncolorize(text)


def _tick(value: float, unit: str) -> str:
    return f"{format_number(significant(value))}{'%' if unit == '%' else ''}"


def ascii_only(text: str) -> str:
    """The chart's frame in plain ASCII, for an output that cannot encode box-drawing characters."""
    return text.translate(_BOX)
