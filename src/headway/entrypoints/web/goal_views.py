"""What the goal pages show, worked out from the services' results: the forecast chart, the plan as a Gantt
chart and as a table, the goal tree around a goal, and the history in words (goal_forms.py reads the forms)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from markupsafe import Markup

from headway.domain.goals import Goal, NumericMeasure
from headway.domain.tasks import Task, TaskStatus
from headway.entrypoints.web import charts, gantt
from headway.entrypoints.web.filters import day, number

if TYPE_CHECKING:
    from headway.domain.records import Revision
    from headway.services.forecast import GoalForecast
    from headway.services.plan import PlanView
    from headway.services.schedule import GoalSchedule

FIELD_NAMES = {
    "target_date": "target date",
    "start_date": "start date",
    "target_occupation": "target occupation",
    "planned_start": "planned start",
    "effort_hours": "effort",
    "depends_on": "depends on",
    "done_on": "done on",
    "status_reason": "status reason",
}
NONE = "\u2013"  # an en dash: no value
SHOWN_DONE = 10  # done tasks drawn in the timeline and listed, the latest first; the plan's table has them all
PHONE_WIDTH = 360  # the charts drawn for a phone's width as well: shown instead of the wide ones by CSS
PROJECTION_REACH = 90  # days: the least the chart reaches past the target date or today for a late projection
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def measure_words(goal: Goal) -> str:
    """'by milestones', or 'salary 62,000 → 85,000 USD'."""
    text = goal.measure.describe()
    return "by milestones" if text == "milestones" else text.replace(" -> ", " → ")


def tree_depths(links: Iterable[tuple[int, int | None]]) -> dict[int, int]:
    """How deep each goal sits in the tree, from (goal, parent) pairs listed parents first (as list_goals and the
    status document list them); a goal whose parent is not listed is at the top."""
    depth: dict[int, int] = {}
    for goal, parent in links:
        depth[goal] = depth[parent] + 1 if parent in depth else 0
    return depth


def ancestors(goal: Goal, goals: list[Goal]) -> list[Goal]:
    """The goals above this one, the top-level one first."""
    by_id = {g.id: g for g in goals}
    chain: list[Goal] = []
    current = by_id.get(goal.parent_id) if goal.parent_id is not None else None
    while current is not None and current not in chain:
        chain.insert(0, current)
        current = by_id.get(current.parent_id) if current.parent_id is not None else None
    return chain


# -- the measure over time ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ForecastChart:
    svg: Markup  # for a screen: WIDTH wide
    narrow: Markup  # for a phone
    rows: list[list[str]]  # date, reading, on the straight line
    unit: str
    headers: list[str]


def forecast_chart(view: GoalForecast, today: date) -> ForecastChart:
    """The readings, the straight line from start to target, and the projection with its 80% band."""
    frame, found = view.frame, view.forecast
    start = frame.start_date or today
    target_day = frame.target_date or today
    sv, tv = frame.start_value, frame.target_value
    readings = list(frame.points)
    percent = frame.unit == "%"
    left = min([start, *(d for d, _ in readings)])
    right = max(target_day, today)
    limit = right + timedelta(days=max(PROJECTION_REACH, (right - left).days // 2))
    series = [
        charts.Series("Straight line to the target", [(start, sv), (target_day, tv)], dash="6 4", colour="#4d5766"),
        charts.Series("Readings", readings, dash="", colour=charts.COLOURS[0], markers=True),
    ]
    bands: list[charts.Band] = []
    if found.trend_now is not None and found.pace_kept is not None and found.projected is not None:
        now_value = found.trend_now
        end = min(found.projected, limit)
        series.append(
            charts.Series(
                "Projection at the pace kept",
                [(today, now_value), (end, _towards(now_value, tv, today, found.projected, end))],
                dash="2 3",
                colour="#8a5200",
            )
        )
        if found.band is not None:
            early, late = found.band
            days = sorted({today, min(early, limit), min(late or limit, limit)})
            points = []
            for d in days:
                fast = _towards(now_value, tv, today, early, d)
                slow = _towards(now_value, tv, today, late, d) if late is not None else now_value
                points.append((d, min(fast, slow), max(fast, slow)))
            bands.append(charts.Band("80% band: when it gets there", points))
    metric = view.metric
    unit = "%" if percent else (frame.unit if isinstance(view.goal.measure, NumericMeasure) else "")
    y_label = "Progress (%)" if percent else f"{metric.capitalize()}{f' ({unit})' if unit and unit != metric else ''}"
    values = [v for _, v in readings] + [sv, tv] + [v for b in bands for _, lo, hi in b.points for v in (lo, hi)]
    low, high = min(values), max(values)
    pad = (high - low) * 0.06 or 1.0
    floor_value = low - pad if low < 0 or low - pad >= 0 else 0.0  # never below zero for a measure that is not
    y_range = (0.0, max(100.0, high)) if percent else (floor_value, high + pad)
    svg, narrow = (
        charts.line_chart(
            f"{metric.capitalize()} over time: {view.goal.title}",
            series,
            x_label="Date",
            y_label=y_label,
            desc=_forecast_desc(view, today),
            bands=bands,
            today=today,
            y_range=y_range,
            y_format="{:g}%" if percent else "{:,g}",
            width=width,
        )
        for width in (charts.WIDTH, PHONE_WIDTH)
    )
    span = max((target_day - start).days, 1)
    rows = [
        [day(d), _value(v, percent), _value(sv + (tv - sv) * min(max((d - start).days / span, 0), 1), percent)]
        for d, v in readings
    ]
    headers = ["Date", f"Reading{f' ({unit})' if unit and not percent else ''}", "On the straight line"]
    return ForecastChart(svg, narrow, rows, unit, headers)


def _towards(now_value: float, target: float, today: date, reach: date | None, on: date) -> float:
    """The value on the straight line from today's trend value to the target at `reach`, on a day."""
    if reach is None:
        return now_value
    total = (reach - today).days
    if total <= 0:
        return target
    share = min(1.0, max(0.0, (on - today).days / total))
    return now_value + (target - now_value) * share


def _value(value: float, percent: bool) -> str:
    return f"{number(value)}%" if percent else number(value, 2)


def _forecast_desc(view: GoalForecast, today: date) -> str:
    frame, found = view.frame, view.forecast
    percent = frame.unit == "%"
    start, target = _value(frame.start_value, percent), _value(frame.target_value, percent)
    parts = [
        f"{view.metric.capitalize()} from {start} on {day(frame.start_date)} to {target} by {day(frame.target_date)},"
        f" with {len(frame.points)} reading{'s' if len(frame.points) != 1 else ''} since {day(view.since)}."
    ]
    if frame.points:
        last_day, last = frame.points[-1]
        parts.append(f"The latest is {_value(last, percent)} on {day(last_day)}.")
    if found.projected is not None:
        band = ""
        if found.band is not None:
            early, late = found.band
            band = f" (80% band {day(early)} to {day(late) if late else 'no end in sight'})"
        parts.append(f"At the pace kept it reaches the target around {day(found.projected)}{band}.")
    parts.append(found.sentence)
    return " ".join(parts)


# -- the plan ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanLine:
    """One milestone or task of the plan as the page shows it."""

    task: Task
    depends_on: list[Task]
    critical: bool
    slack_days: int | None
    earliest_finish: date | None
    baseline_due: date | None
    slip_days: int | None
    overdue: bool


@dataclass(frozen=True)
class PlanChart:
    svg: Markup
    narrow: Markup
    lines: list[PlanLine]
    critical_path: list[Task]
    rows: list[list[str]]  # the chart's tasks, for the plan's table
    earlier_done: int = 0  # done tasks left out of the chart, the table and the list (?all=1 shows them)


def plan_chart(
    plan: PlanView, sched: GoalSchedule, tasks: list[Task], today: date, *, everything: bool = False
) -> PlanChart:
    """The plan as a Gantt chart: a bar per task, a diamond per milestone, the baseline as a ghost bar behind,
    the critical path outlined, dependencies as arrows; and the same plan as lines for the table and the list."""
    from headway.domain.capacity import DEFAULT_EFFORT_HOURS, days_of_work

    by_id = {t.id: t for t in tasks if t.id is not None}
    scheduled = {s.task.id: s for s in sched.schedule.tasks}
    capacity = sched.schedule.capacity
    rows: list[gantt.GanttRow] = []
    lines: list[PlanLine] = []
    for row in plan.rows:
        t, s = row.task, scheduled.get(row.task.id)
        effort = s.effort_hours if s is not None else (t.effort_hours or DEFAULT_EFFORT_HOURS)
        length = timedelta(days=max(1, math.ceil(days_of_work(effort, capacity))))
        finish = t.due or (s.earliest_finish if s else None) or t.done_on or today
        start = t.planned_start or (s.earliest_start if s and not t.due else finish - length)
        if t.kind == "milestone":
            start = finish
        baseline = None
        was_due = row.baseline.due if row.baseline is not None else None
        if row.baseline is not None and was_due is not None:
            baseline = (row.baseline.planned_start or was_due - (finish - start), was_due)
        critical = bool(s and s.critical)
        rows.append(
            gantt.GanttRow(
                t.title,
                min(start, finish),
                finish,
                critical=critical,
                done=t.status == TaskStatus.DONE,
                milestone=t.kind == "milestone",
                baseline=baseline,
                key=t.id,
            )
        )
        lines.append(
            PlanLine(
                t,
                [by_id[d] for d in t.depends_on if d in by_id],
                critical,
                s.slack_days if s else None,
                s.earliest_finish if s else None,
                row.baseline.due if row.baseline else None,
                row.slip_days,
                t.is_overdue(today),
            )
        )
    done = sorted((r for r in rows if r.done), key=lambda r: r.finish, reverse=True)
    if len(done) > SHOWN_DONE and not everything:  # a long plan: its open work and the latest done
        hidden = {r.key for r in done[SHOWN_DONE:]}
        rows = [r for r in rows if r.key not in hidden]
        lines = [line for line in lines if line.task.id not in hidden]
    shown = {r.key for r in rows}
    links = [(d, t.id) for t in (r.task for r in plan.rows) for d in t.depends_on if d in shown and t.id is not None]
    path = [by_id[i] for i in sched.schedule.critical_path if i in by_id]
    svg, narrow = (
        gantt.gantt(
            f"The plan of {plan.goal.title} as a timeline",
            rows,
            desc=_plan_desc(plan, sched, lines, path, len(links)),
            today=today,
            links=links,
            target=plan.goal.target_date,
            width=width,
        )
        for width in (charts.WIDTH, PHONE_WIDTH)
    )
    earlier = 0 if everything else max(0, len(done) - SHOWN_DONE)
    return PlanChart(svg, narrow, lines, path, [_plan_row(line) for line in lines], earlier)


def _plan_desc(plan: PlanView, sched: GoalSchedule, lines: list[PlanLine], path: list[Task], links: int) -> str:
    if not lines:
        return "No milestones or tasks yet."
    milestones = sum(1 for line in lines if line.task.kind == "milestone")
    done = sum(1 for line in lines if line.task.status == TaskStatus.DONE)
    parts = [
        f"{milestones} milestone{'s' if milestones != 1 else ''} (diamonds) and {len(lines) - milestones} "
        f"task{'s' if len(lines) - milestones != 1 else ''} (bars), {done} done, each ending on its due date; "
        f"{links} dependenc{'ies' if links != 1 else 'y'} drawn as arrows."
    ]
    parts.append(critical_words(sched, path))
    if plan.baseline is not None:
        parts.append(f"Pale bars behind show the baseline saved {day(plan.baseline.taken_at.date())}.")
    return " ".join(parts)


def critical_words(sched: GoalSchedule, path: list[Task]) -> str:
    """The critical path and the earliest feasible finish in a sentence."""
    plan = sched.schedule
    if not path:
        return "No open work is scheduled, so there is no critical path."
    chain = " → ".join(t.title for t in path)
    finish = plan.earliest_finish
    margin = plan.buffer_days
    if finish is None or margin is None:
        return f"Critical path: {chain}."
    when = f"{margin} day{'s' if abs(margin) != 1 else ''} {'before' if margin >= 0 else 'after'} the target"
    return (
        f"Critical path: {chain}. At {number(plan.capacity)} h a week the open work can be done by {day(finish)}, "
        f"{when}."
    )


def _plan_row(line: PlanLine) -> list[str]:
    t = line.task
    status = f"done {day(t.done_on)}" if t.status == TaskStatus.DONE else ("late" if line.overdue else "open")
    if line.critical:
        status += ", critical"
    slip = NONE if line.slip_days is None else ("no slip" if line.slip_days == 0 else f"{line.slip_days:+d} days")
    return [
        t.title,
        str(t.kind),
        day(t.due) or NONE,
        f"{number(t.effort_hours)} h" if t.effort_hours is not None else NONE,
        ", ".join(d.title for d in line.depends_on) or NONE,
        status,
        day(line.baseline_due) or NONE,
        slip,
    ]


def task_options(tasks: list[Task]) -> list[tuple[str, str]]:
    """The tasks a new one can wait for: the goal's milestones and tasks not dropped."""
    return [
        (str(t.id), f"{t.title}{f' (due {day(t.due)})' if t.due else ''}")
        for t in tasks
        if t.id is not None and t.status != TaskStatus.DROPPED
    ]


# -- the history -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryLine:
    on: date
    what: str
    change: str  # before -> after, or ""
    why: str


def history_lines(revisions: list[Revision], tasks: list[Task]) -> list[HistoryLine]:
    """Every change to the goal and its plan, newest first, in words."""
    titles = {t.id: t.title for t in tasks}
    found = []
    for r in reversed(revisions):
        name = FIELD_NAMES.get(r.field, r.field.replace("_", " "))
        before, after = _shown(r.before), _shown(r.after)
        if r.field == "created":
            what, change = "Goal created", after
        elif r.field == "task added":
            what, change = "Added to the plan", after
        elif r.field == "baseline":
            what, change = "Baseline saved", after
        else:
            owner = f"{titles.get(r.task_id, f'task #{r.task_id}')}: " if r.task_id is not None else ""
            what, change = f"{owner}{name}", f"{before} → {after}"
        found.append(HistoryLine(r.at.date(), what[:1].upper() + what[1:], change, r.reason))
    return found


def _shown(text: str) -> str:
    """A stored value as words: ISO dates as '27 May 2028', '-' as 'none'."""
    if text in ("", "-"):
        return "none"
    return _ISO_DAY.sub(lambda m: day(m.group(0)), text)
