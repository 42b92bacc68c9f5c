"""Charts as SVG drawn on the server: no script, nothing from another host, the CSP untouched.

Each chart is an <svg role="img"> with a <title> and a <desc> that says what it shows in words; axes carry
labels and ticks; lines differ by dash pattern as well as colour, so no meaning rests on colour alone. The
pages put each chart's numbers in a table beside it.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape
from math import ceil, floor, log10

from markupsafe import Markup

WIDTH, HEIGHT = 720, 300
NARROW = 500  # a chart narrower than this is for a phone: its legend starts at the edge, a Gantt stacks names
LEFT, RIGHT, TOP, BOTTOM = 64, 20, 16, 52
CHAR = 6.6  # the width of a character of the charts' 12 px text, about, in the viewBox's units
COLOURS = ["#1f5fa8", "#a3261b", "#1c6b3a", "#8a5200", "#5b3e96", "#4d5766"]
DASHES = ["", "6 4", "2 3", "10 3 2 3", "1 0", "4 2"]
chart_ids = itertools.count(1)


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[tuple[date, float]]
    dash: str | None = None  # None: by the series' place
    colour: str | None = None
    markers: bool = False


@dataclass(frozen=True)
class Band:
    """A shaded range, e.g. a projection's early and late dates: (day, low, high) points."""

    name: str
    points: Sequence[tuple[date, float, float]]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    note: str = ""  # words beside the bar ("target 8 h")
    marker: float | None = None  # a second value drawn as a tick (a target, the person's level)


@dataclass
class Frame:
    x0: date
    x1: date
    y0: float
    y1: float
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP  # the plot's top edge: lower when a legend sits above it
    parts: list[str] = field(default_factory=list)

    def x(self, day: date) -> float:
        span = max((self.x1 - self.x0).days, 1)
        return self.left + (day - self.x0).days / span * (self.width - self.left - RIGHT)

    def y(self, value: float) -> float:
        span = (self.y1 - self.y0) or 1.0
        return self.top + (1 - (value - self.y0) / span) * (self.height - self.top - BOTTOM)


def svg(title: str, desc: str, body: str, width: int = WIDTH, height: int = HEIGHT) -> Markup:
    n = next(chart_ids)
    return Markup(  # noqa: S704 - every text in a chart goes through escape(); the rest is numbers
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="c{n}t c{n}d" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="c{n}t">{escape(title)}</title>'
        f'<desc id="c{n}d">{escape(desc)}</desc>{body}</svg>'
    )


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering low..high (1, 2 or 5 times a power of ten apart)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    power = 10 ** floor(log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = floor(low / step) * step
    return [round(first + i * step, 10) for i in range(ceil((high - first) / step) + 1)]


def date_ticks(x0: date, x1: date, most: int = 8) -> list[date]:
    """Month starts (or years, over a long span), at most about `most`."""
    days = (x1 - x0).days
    months = max(1, ceil(days / 30.44 / most))
    if months > 9:
        return [date(y, 1, 1) for y in range(x0.year + 1, x1.year + 1)] or [x0]
    ticks: list[date] = []
    year, month = x0.year, x0.month
    while True:
        month += months
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        tick = date(year, month, 1)
        if tick > x1:
            return ticks or [x0]
        ticks.append(tick)


def tick_room(frame: Frame) -> int:
    """How many date ticks the plot's width holds with their labels apart ('Nov 2026' is about 55 units)."""
    return max(2, int((frame.width - frame.left - RIGHT) / 75))


def tick_label(day: date, ticks: list[date]) -> str:
    """'Apr 2026' where the year is new (the first tick, or the first of a year), else 'Jul'; whole years as '2027'."""
    if all(t.month == 1 and t.day == 1 for t in ticks) and len(ticks) > 1:
        return str(day.year)
    at = ticks.index(day) if day in ticks else 0
    new_year = at == 0 or ticks[at - 1].year != day.year
    return day.strftime("%b %Y") if new_year else day.strftime("%b")


def _axes(frame: Frame, x_label: str, y_label: str, y_format: str = "{:g}") -> str:
    parts = ['<g class="axis grid">']
    for value in nice_ticks(frame.y0, frame.y1):
        if frame.y0 <= value <= frame.y1:
            y = frame.y(value)
            parts.append(f'<line x1="{frame.left}" x2="{frame.width - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
            parts.append(
                f'<text x="{frame.left - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(y_format.format(value))}</text>'
            )
    ticks = date_ticks(frame.x0, frame.x1, tick_room(frame))
    base = frame.height - BOTTOM
    for day in ticks:
        x = frame.x(day)
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{base}" y2="{base + 5}"/>')
        parts.append(f'<text x="{x:.1f}" y="{base + 18}" text-anchor="middle">{escape(tick_label(day, ticks))}</text>')
    parts.append(f'<line x1="{frame.left}" x2="{frame.width - RIGHT}" y1="{base}" y2="{base}"/>')
    parts.append(f'<line x1="{frame.left}" x2="{frame.left}" y1="{frame.top}" y2="{base}"/>')
    parts.append("</g>")
    parts.append(
        f'<text x="{(frame.left + frame.width - RIGHT) / 2:.0f}" y="{frame.height - 8}" text-anchor="middle">'
        f"{escape(x_label)}</text>"
    )
    parts.append(
        f'<text transform="translate(14 {(frame.top + base) / 2:.0f}) rotate(-90)" text-anchor="middle">'
        f"{escape(y_label)}</text>"
    )
    return "".join(parts)


LEGEND_ROW = 20


def _legend_rows(entries: Sequence[tuple[str, str, str | None]], left: int, width: int) -> list[list[tuple[int, int]]]:
    """Where each legend entry goes: (row, x), wrapping to a new row at the chart's right edge."""
    rows: list[list[tuple[int, int]]] = [[]]
    x = left
    for name, _colour, _dash in entries:
        step = 34 + math.ceil(CHAR * len(name))
        if rows[-1] and x + step > width - RIGHT:
            rows.append([])
            x = left
        rows[-1].append((len(rows) - 1, x))
        x += step + 12
    return rows


def _legend(entries: Sequence[tuple[str, str, str | None]], left: int, width: int = WIDTH) -> tuple[str, int]:
    """Legend entries (name, colour, dash; dash None: a shaded band) in rows above the plot, and their height."""
    places = [place for row in _legend_rows(entries, left, width) for place in row]
    parts = []
    for (name, colour, dash), (row, x) in zip(entries, places, strict=True):
        y = TOP + row * LEGEND_ROW
        if dash is None:
            parts.append(f'<rect x="{x}" y="{y - 6}" width="24" height="12" fill="{colour}" fill-opacity="0.25"/>')
        else:
            dashes = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(f'<line x1="{x}" x2="{x + 24}" y1="{y}" y2="{y}" stroke="{colour}" stroke-width="3"{dashes}/>')
        parts.append(f'<text x="{x + 30}" y="{y + 4}">{escape(name)}</text>')
    rows = max((row for row, _ in places), default=-1) + 1
    return '<g class="legend">' + "".join(parts) + "</g>", rows * LEGEND_ROW


def line_chart(
    title: str,
    series: Sequence[Series],
    *,
    x_label: str,
    y_label: str,
    desc: str,
    bands: Sequence[Band] = (),
    today: date | None = None,
    y_range: tuple[float, float] | None = None,
    y_format: str = "{:g}",
    width: int = WIDTH,
) -> Markup:
    """Lines over time, with shaded bands behind them and a 'today' rule; `width` in the viewBox's units."""
    days = [d for s in series for d, _ in s.points] + [d for b in bands for d, _, _ in b.points]
    values = [v for s in series for _, v in s.points] + [v for b in bands for _, lo, hi in b.points for v in (lo, hi)]
    if not days:
        return svg(
            title,
            desc + " No data yet.",
            f'<text x="{width / 2}" y="{HEIGHT / 2}" text-anchor="middle">No data yet</text>',
            width=width,
        )
    x0, x1 = min(days), max(days)
    if x1 == x0:
        x1 = x0 + timedelta(days=1)
    styles = [
        (s.colour or COLOURS[i % len(COLOURS)], s.dash if s.dash is not None else DASHES[i % len(DASHES)])
        for i, s in enumerate(series)
    ]
    entries: list[tuple[str, str, str | None]] = [(s.name, c, d) for s, (c, d) in zip(series, styles, strict=True)]
    entries += [(b.name, COLOURS[0], None) for b in bands]
    legend, legend_height = _legend(entries, LEFT if width >= NARROW else 8, width)
    height = HEIGHT + legend_height
    low, high = y_range if y_range else (min(0.0, *values), max(values))
    ticks = nice_ticks(low, high)
    frame = Frame(
        x0,
        x1,
        min(low, ticks[0]),
        max(high, ticks[-1]) + (0 if y_range else (ticks[-1] - ticks[0]) * 0.08),
        width=width,
        height=height,
        top=TOP + legend_height,
    )
    body = [legend, _axes(frame, x_label, y_label, y_format)]
    for band in bands:
        upper = " ".join(f"{frame.x(d):.1f},{frame.y(hi):.1f}" for d, _, hi in band.points)
        lower = " ".join(f"{frame.x(d):.1f},{frame.y(lo):.1f}" for d, lo, _ in reversed(band.points))
        body.append(
            f'<polygon points="{upper} {lower}" fill="{COLOURS[0]}" fill-opacity="0.14" stroke="none">'
            f"<title>{escape(band.name)}</title></polygon>"
        )
    base = height - BOTTOM
    if today is not None and x0 <= today <= x1:
        x = frame.x(today)
        body.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{frame.top}" y2="{base}" stroke="#4d5766" stroke-dasharray="1 3"/>'
        )
        anchor = "end" if x > width - RIGHT - 50 else "start"
        body.append(
            f'<text x="{x + (-4 if anchor == "end" else 4):.1f}" y="{base - 6}" text-anchor="{anchor}">today</text>'
        )
    for s, (colour, dash) in zip(series, styles, strict=True):
        if not s.points:
            continue
        path = " ".join(
            f"{'M' if j == 0 else 'L'}{frame.x(d):.1f},{frame.y(v):.1f}" for j, (d, v) in enumerate(s.points)
        )
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
        if s.markers or len(s.points) == 1:
            body.extend(
                f'<circle cx="{frame.x(d):.1f}" cy="{frame.y(v):.1f}" r="3.5" fill="{colour}"/>' for d, v in s.points
            )
    return svg(title, desc, "".join(body), width=width, height=height)


def bar_chart(
    title: str, bars: Sequence[Bar], *, desc: str, unit: str = "", maximum: float | None = None, marker_name: str = ""
) -> Markup:
    """Horizontal bars with their values written beside them; an optional tick per bar (a target, a level)."""
    row, label_width = 30, min(260, 16 + 7 * max((len(b.label) for b in bars), default=4))
    height = TOP + row * max(len(bars), 1) + 34
    top = max([b.value for b in bars] + [b.marker or 0 for b in bars] + [maximum or 0]) or 1
    scale = (WIDTH - label_width - 130) / top
    body = []
    for i, b in enumerate(bars):
        y = TOP + i * row
        w = max(b.value, 0) * scale
        value = f"{b.value:,.1f}".rstrip("0").rstrip(".") + (f" {unit}" if unit else "")
        body.append(f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end">{escape(b.label)}</text>')
        body.append(
            f'<rect x="{label_width}" y="{y + 5}" width="{w:.1f}" height="{row - 12}" fill="{COLOURS[0]}" rx="2"/>'
        )
        body.append(
            f'<text x="{label_width + w + 6:.1f}" y="{y + 17}">{escape(value)}'
            f"{escape(' · ' + b.note if b.note else '')}</text>"
        )
        if b.marker is not None:
            mx = label_width + b.marker * scale
            body.append(
                f'<line x1="{mx:.1f}" x2="{mx:.1f}" y1="{y + 1}" y2="{y + row - 3}" stroke="{COLOURS[1]}" '
                'stroke-width="3"/>'
            )
    if marker_name and any(b.marker is not None for b in bars):
        y = TOP + len(bars) * row + 14
        body.append(
            f'<line x1="{label_width}" x2="{label_width}" y1="{y - 10}" y2="{y + 4}" stroke="{COLOURS[1]}" '
            'stroke-width="3"/>'
        )
        body.append(f'<text x="{label_width + 8}" y="{y + 2}">{escape(marker_name)}</text>')
    return svg(title, desc, "".join(body), height=height)
