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
LEFT, RIGHT, TOP, BOTTOM = 64, 20, 16, 52
CHAR = 6.6  # the width of a character of the charts' 12 px text, about, in the viewBox's units
COLOURS = ["#1f5fa8", "#a3261b", "#1c6b3a", "#8a5200", "#5b3e96", "#4d5766"]
DASHES = ["", "6 4", "2 3", "10 3 2 3", "1 0", "4 2"]
_ids = itertools.count(1)


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


@dataclass(frozen=True)
class GanttRow:
    label: str
    start: date
    finish: date
    critical: bool = False
    done: bool = False
    milestone: bool = False
    baseline: tuple[date, date] | None = None
    key: int | None = None


@dataclass
class _Frame:
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


def _svg(title: str, desc: str, body: str, width: int = WIDTH, height: int = HEIGHT) -> Markup:
    n = next(_ids)
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


def _date_ticks(x0: date, x1: date, most: int = 8) -> list[date]:
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


def _tick_room(frame: _Frame) -> int:
    """How many date ticks the plot's width holds with their labels apart ('Nov 2026' is about 55 units)."""
    return max(2, int((frame.width - frame.left - RIGHT) / 75))


def _tick_label(day: date, ticks: list[date]) -> str:
    """'Apr 2026' where the year is new (the first tick, or the first of a year), else 'Jul'; whole years as '2027'."""
    if all(t.month == 1 and t.day == 1 for t in ticks) and len(ticks) > 1:
        return str(day.year)
    at = ticks.index(day) if day in ticks else 0
    new_year = at == 0 or ticks[at - 1].year != day.year
    return day.strftime("%b %Y") if new_year else day.strftime("%b")


def _axes(frame: _Frame, x_label: str, y_label: str, y_format: str = "{:g}") -> str:
    parts = ['<g class="axis grid">']
    for value in nice_ticks(frame.y0, frame.y1):
        if frame.y0 <= value <= frame.y1:
            y = frame.y(value)
            parts.append(f'<line x1="{frame.left}" x2="{frame.width - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
            parts.append(
                f'<text x="{frame.left - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(y_format.format(value))}</text>'
            )
    ticks = _date_ticks(frame.x0, frame.x1, _tick_room(frame))
    base = frame.height - BOTTOM
    for day in ticks:
        x = frame.x(day)
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{base}" y2="{base + 5}"/>')
        parts.append(f'<text x="{x:.1f}" y="{base + 18}" text-anchor="middle">{escape(_tick_label(day, ticks))}</text>')
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
        return _svg(
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
    frame = _Frame(
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
    return _svg(title, desc, "".join(body), width=width, height=height)


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
    return _svg(title, desc, "".join(body), height=height)


def gantt(
    title: str,
    rows: Sequence[GanttRow],
    *,
    desc: str,
    today: date,
    links: Sequence[tuple[int, int]] = (),
    target: date | None = None,
    width: int = WIDTH,
) -> Markup:
    """A timeline: a bar per task (a diamond per milestone) on its dates, the baseline as a pale bar behind it,
    the critical path outlined and marked in words, dependencies as arrows between bars, today and the target
    date as rules, and a legend saying so. Narrower than NARROW, each row's name sits above its bar."""
    if not rows:
        return _svg(
            title,
            desc + " Nothing planned yet.",
            f'<text x="{width / 2}" y="40" text-anchor="middle">Nothing planned yet</text>',
            width=width,
            height=80,
        )
    stacked = width < NARROW
    labels = [_gantt_label(r) for r in rows]
    if stacked:
        row, label_width = 50, 14
    else:
        row, label_width = 34, min(GANTT_LABEL_WIDTH, 16 + math.ceil(CHAR * max(len(label) for label in labels)))
    days = [today, *(d for r in rows for d in (r.start, r.finish, *(r.baseline or ())))]
    if target is not None:
        days.append(target)
    head = TOP + 12  # room above the first row for the rules' names
    legend, legend_height = _gantt_legend(
        arrow_id := f"arrow{next(_ids)}",
        width,
        baseline=any(r.baseline for r in rows),
        critical=any(r.critical for r in rows),
    )
    base = head + row * len(rows)  # the rows' bottom: the date axis's labels go under it
    plot_height = base + 34
    first, last = min(days), max(days)
    pad = timedelta(days=max(3, (last - first).days // 40))  # a diamond on the edge is drawn whole
    x1 = max(last + pad, first + timedelta(days=14))
    frame = _Frame(first - pad, x1, 0, 1, width=width, height=plot_height, left=label_width)
    body = [_gantt_axis(frame, base, head)]
    names = []  # drawn last, over the arrows
    where: dict[int, tuple[float, float, float]] = {}
    for i, (r, label) in enumerate(zip(rows, labels, strict=True)):
        y = head + i * row
        if i % 2:
            body.append(f'<rect x="0" y="{y}" width="{width}" height="{row}" fill="#f4f6f8"/>')
        if stacked:
            text = f'<text x="{label_width - 6}" y="{y + 15}" class="halo">{escape(_fit(label, width - 12))}'
            cy = y + 33.0
        else:
            text = f'<text x="{label_width - 8}" y="{y + 21}" text-anchor="end">{escape(_fit(label, label_width))}'
            cy = y + row / 2
        names.append(f"{text}<title>{escape(label)}</title></text>")
        if r.baseline:
            body.append(_ghost(frame, r, cy, 34))
        mark, left, right = _gantt_mark(frame, r, label, cy, 34)
        body.append(mark)
        if r.key is not None:
            where[r.key] = (left, right, cy)
    body.extend(_gantt_links(where, links, arrow_id))
    body.extend(_rules(frame, [(today, "today", "1 3"), (target, "target", "6 3")], top=head - 6, base=base))
    body.extend(names)
    body.append(f'<g transform="translate(0 {plot_height})">{legend}</g>')
    arrow = (
        f'<defs><marker id="{arrow_id}" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" '
        'orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#4d5766"/></marker></defs>'
    )
    return _svg(title, desc, arrow + "".join(body), width=width, height=plot_height + legend_height)


def _gantt_links(
    where: dict[int, tuple[float, float, float]], links: Sequence[tuple[int, int]], arrow_id: str
) -> list[str]:
    """An arrow from the end of each task to the start of the one that waits for it."""
    found = []
    for before, after in links:
        if before in where and after in where:
            _, bx1, by = where[before]
            ax0, _, ay = where[after]
            bend = max(14.0, min(40.0, abs(ax0 - bx1) / 2))
            found.append(
                f'<path d="M{bx1:.1f},{by:.1f} C{bx1 + bend:.1f},{by:.1f} {ax0 - 2 - bend:.1f},{ay:.1f} '
                f'{ax0 - 2:.1f},{ay:.1f}" fill="none" stroke="#4d5766" stroke-width="1.5" '
                f'marker-end="url(#{arrow_id})"/>'
            )
    return found


def _rules(frame: _Frame, rules: Sequence[tuple[date | None, str, str]], *, top: float, base: float) -> list[str]:
    """Vertical rules across the rows (today, the target date), each named at its top."""
    found = []
    for day, name, dash in rules:
        if day is not None and frame.x0 <= day <= frame.x1:
            x = frame.x(day)
            found.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{base}" stroke="#4d5766" stroke-width="1.5" '
                f'stroke-dasharray="{dash}"/>'
            )
            anchor = "end" if x > frame.width - 60 else "start"
            found.append(
                f'<text x="{x + (-4 if anchor == "end" else 4):.1f}" y="{TOP + 4}" text-anchor="{anchor}" '
                f'class="rule">{escape(name)}</text>'
            )
    return found


def _ghost(frame: _Frame, r: GanttRow, cy: float, row: int) -> str:
    """The baseline behind a row: a pale bar, or a pale, larger diamond where a milestone was due."""
    assert r.baseline is not None
    if r.milestone:
        bx = frame.x(r.baseline[1])
        return (
            f'<polygon points="{bx:.1f},{cy - 13:.1f} {bx + 13:.1f},{cy:.1f} {bx:.1f},{cy + 13:.1f} '
            f'{bx - 13:.1f},{cy:.1f}" fill="#c9d3df"><title>baseline: due {r.baseline[1].isoformat()}</title>'
            "</polygon>"
        )
    bx0, bx1 = frame.x(r.baseline[0]), frame.x(r.baseline[1])
    return (
        f'<rect x="{bx0:.1f}" y="{cy - row / 2 + 4:.1f}" width="{max(bx1 - bx0, 6):.1f}" height="{row - 8}" '
        f'fill="#c9d3df" rx="3"><title>baseline: {escape(_span(*r.baseline))}</title></rect>'
    )


def _gantt_mark(frame: _Frame, r: GanttRow, label: str, cy: float, row: int) -> tuple[str, float, float]:
    """A row's bar (or diamond), and where its left and right ends are for the arrows."""
    x0, x1 = frame.x(r.start), frame.x(r.finish)
    fill = "#8fb3dc" if r.done else COLOURS[0]
    stroke = f' stroke="{COLOURS[1]}" stroke-width="3"' if r.critical else ""
    tip = f"<title>{escape(label)}: {escape(_span(r.start, r.finish))}</title>"
    if r.milestone:
        return (
            f'<polygon points="{x1:.1f},{cy - 9:.1f} {x1 + 9:.1f},{cy:.1f} {x1:.1f},{cy + 9:.1f} '
            f'{x1 - 9:.1f},{cy:.1f}" fill="{fill}"{stroke}>{tip}</polygon>',
            x1 - 9,
            x1 + 9,
        )
    mark = (
        f'<rect x="{x0:.1f}" y="{cy - row / 2 + 9:.1f}" width="{max(x1 - x0, 4):.1f}" height="{row - 18}" '
        f'fill="{fill}" rx="3"{stroke}>{tip}</rect>'
    )
    return mark, x0, x1


GANTT_LABEL_WIDTH = 290
NARROW = 500  # a chart narrower than this (for a phone) stacks each row's name above its bar


def _gantt_label(r: GanttRow) -> str:
    return r.label + (" (critical)" if r.critical else "") + (" (done)" if r.done else "")


def _fit(label: str, width: int) -> str:
    """A label cut to the width it has (about 7 px a character), with an ellipsis; the full one is its tooltip."""
    most = max(8, int((width - 16) / CHAR))
    if len(label) <= most:
        return label
    suffix = next((s for s in (" (critical)", " (done)") if label.endswith(s)), "")
    keep = most - len(suffix) - 1
    return label[: max(keep, 4)].rstrip() + "…" + suffix


def _span(start: date, finish: date) -> str:
    return finish.isoformat() if start == finish else f"{start.isoformat()} to {finish.isoformat()}"


def _gantt_legend(arrow_id: str, width: int, *, baseline: bool, critical: bool) -> tuple[str, int]:
    """What the marks mean, in words, in rows under the axis; and the rows' height."""
    entries: list[tuple[str, str]] = [
        ("task", f'<rect x="{{x}}" y="{{y9}}" width="18" height="10" fill="{COLOURS[0]}" rx="2"/>'),
        (
            "milestone",
            f'<polygon points="{{cx}},{{y10}} {{r}},{{y4}} {{cx}},{{y2}} {{x}},{{y4}}" fill="{COLOURS[0]}"/>',
        ),
        ("done", '<rect x="{x}" y="{y9}" width="18" height="10" fill="#8fb3dc" rx="2"/>'),
    ]
    if critical:
        entries.append(
            (
                "critical path",
                f'<rect x="{{x}}" y="{{y9}}" width="18" height="10" fill="{COLOURS[0]}" stroke="{COLOURS[1]}" '
                'stroke-width="3" rx="2"/>',
            )
        )
    if baseline:
        entries.append(("baseline", '<rect x="{x}" y="{y11}" width="18" height="14" fill="#c9d3df" rx="2"/>'))
    entries.append(
        (
            "waits for",
            '<path d="M{x},{y4} L{r},{y4}" stroke="#4d5766" stroke-width="1.5" '
            f'marker-end="url(#{arrow_id})"/>',
        )
    )
    parts, x, y = [], 14, 14
    for name, mark in entries:
        step = 34 + math.ceil(CHAR * len(name))
        if x > 14 and x + step > width - RIGHT:
            x, y = 14, y + LEGEND_ROW
        r = x + 12 if name == "milestone" else x + 18
        parts.append(mark.format(x=x, cx=x + 6, r=r, y2=y + 2, y4=y - 4, y9=y - 9, y10=y - 10, y11=y - 11))
        parts.append(f'<text x="{x + 24}" y="{y}">{escape(name)}</text>')
        x += step
    return '<g class="legend">' + "".join(parts) + "</g>", y + 12


def _gantt_axis(frame: _Frame, base: int, top: int) -> str:
    ticks = _date_ticks(frame.x0, frame.x1, _tick_room(frame))
    parts = ['<g class="axis grid">']
    for day in ticks:
        x = frame.x(day)
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{base}"/>')
        parts.append(f'<text x="{x:.1f}" y="{base + 18}" text-anchor="middle">{escape(_tick_label(day, ticks))}</text>')
    parts.append("</g>")
    return "".join(parts)
