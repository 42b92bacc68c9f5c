"""The plan as a timeline, drawn on the server as SVG: a bar per task and a diamond per milestone on its dates, the
baseline as a pale bar behind each, the critical path outlined and named, dependencies as arrows, today and the
target date as rules. charts.py draws the frame, the ticks and the <svg> itself, as for the other charts."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from markupsafe import Markup

from headway.entrypoints.web.charts import (
    CHAR,
    COLOURS,
    LEGEND_ROW,
    NARROW,
    RIGHT,
    TOP,
    WIDTH,
    Frame,
    chart_ids,
    date_ticks,
    svg,
    tick_label,
    tick_room,
)


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
        return svg(
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
        arrow_id := f"arrow{next(chart_ids)}",
        width,
        baseline=any(r.baseline for r in rows),
        critical=any(r.critical for r in rows),
    )
    base = head + row * len(rows)  # the rows' bottom: the date axis's labels go under it
    plot_height = base + 34
    first, last = min(days), max(days)
    pad = timedelta(days=max(3, (last - first).days // 40))  # a diamond on the edge is drawn whole
    x1 = max(last + pad, first + timedelta(days=14))
    frame = Frame(first - pad, x1, 0, 1, width=width, height=plot_height, left=label_width)
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
    return svg(title, desc, arrow + "".join(body), width=width, height=plot_height + legend_height)


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


def _rules(frame: Frame, rules: Sequence[tuple[date | None, str, str]], *, top: float, base: float) -> list[str]:
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


def _ghost(frame: Frame, r: GanttRow, cy: float, row: int) -> str:
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


def _gantt_mark(frame: Frame, r: GanttRow, label: str, cy: float, row: int) -> tuple[str, float, float]:
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


def _gantt_axis(frame: Frame, base: int, top: int) -> str:
    ticks = date_ticks(frame.x0, frame.x1, tick_room(frame))
    parts = ['<g class="axis grid">']
    for day in ticks:
        x = frame.x(day)
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{base}"/>')
        parts.append(f'<text x="{x:.1f}" y="{base + 18}" text-anchor="middle">{escape(tick_label(day, ticks))}</text>')
    parts.append("</g>")
    return "".join(parts)
