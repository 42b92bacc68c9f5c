"""A goal's plan as a terminal timeline, with its baseline beside it."""

from __future__ import annotations

from datetime import date
from typing import Any

from headway.entrypoints.cli.jsonout import emit, iso, task_json
from headway.services.plan import PlanView

WIDTH = 48


def print_plan(view: PlanView, today: date) -> None:
    goal = view.goal
    print(f"Plan of goal #{goal.id} {goal.title}: {goal.start_date} -> {goal.target_date}")
    if view.baseline:
        label = f" '{view.baseline.label}'" if view.baseline.label else ""
        moved = ""
        if view.baseline.target_date and view.baseline.target_date != goal.target_date:
            moved = f"; target then {view.baseline.target_date}"
        print(
            f"Baseline{label} saved {view.baseline.taken_at.date()}{moved}. '=' current plan, '.' baseline, ':' today."
        )
    else:
        print("No baseline yet: `headway baseline GOAL` saves this plan to compare against later.")
    if not view.rows:
        print("No milestones or tasks yet.")
        return
    days_span = max(1, (goal.target_date - goal.start_date).days)

    def col(day: date) -> int:
        return max(0, min(WIDTH - 1, round((day - goal.start_date).days / days_span * (WIDTH - 1))))

    today_col = col(today) if goal.contains(today) else None
    name_width = min(44, max(len(r.task.title) for r in view.rows) + 5)
    for row in view.rows:
        t = row.task
        mark = "x" if t.status == "done" else " "
        name = f"[{mark}] {t.title}"[:name_width].ljust(name_width)
        print(f"{name} |{_bar(t.planned_start, t.due, col, '=', today_col)}| {t.due or '-'}{_slip(row.slip_days)}")
        if row.baseline is not None:
            ghost = _bar(row.baseline.planned_start, row.baseline.due, col, ".", None)
            print(f"{'':{name_width}} |{ghost}| {row.baseline.due or '-'} (baseline)")
        elif view.baseline is not None:
            print(f"{'':{name_width}}  (added after the baseline)")
    for item in view.dropped_since_baseline:
        print(f"dropped since the baseline: #{item.task_id} {item.title} (was due {item.due or '-'})")
    if view.changes is not None:
        from headway.entrypoints.cli.schedule_view import print_baseline_changes

        print_baseline_changes(view.changes)


def _bar(start: date | None, end: date | None, col: object, fill: str, today_col: int | None) -> str:
    cells = [" "] * WIDTH
    if today_col is not None:
        cells[today_col] = ":"
    if end is not None:
        assert callable(col)
        last = col(end)
        first = col(start) if start is not None else last
        for i in range(first, last + 1):
            cells[i] = fill
        cells[last] = "*" if start is None else fill
    return "".join(cells)


def _slip(slip: int | None) -> str:
    if not slip:
        return ""
    return f"  (+{slip} days)" if slip > 0 else f"  ({slip} days)"


def plan_json(view: PlanView, today: date) -> None:
    """Print `plan GOAL --json`."""
    emit("plan", plan_payload(view, today))


def plan_payload(view: PlanView, today: date) -> dict[str, Any]:
    """The plan document's fields (the CLI's `plan GOAL --json` and the API's GET /goals/{id}/plan)."""
    from headway.entrypoints.cli.schedule_view import baseline_changes_json

    return {
        "goal": {
            "id": view.goal.id,
            "title": view.goal.title,
            "start_date": iso(view.goal.start_date),
            "target_date": iso(view.goal.target_date),
        },
        "baseline": None
        if view.baseline is None
        else {
            "taken_at": view.baseline.taken_at.isoformat(timespec="seconds"),
            "label": view.baseline.label,
            "target_date": iso(view.baseline.target_date),
        },
        "tasks": [
            {
                **task_json(r.task, today),
                "baseline_start": iso(r.baseline.planned_start) if r.baseline else None,
                "baseline_due": iso(r.baseline.due) if r.baseline else None,
                "slip_days": r.slip_days,
            }
            for r in view.rows
        ],
        "dropped_since_baseline": [
            {"task_id": i.task_id, "title": i.title, "due": iso(i.due)} for i in view.dropped_since_baseline
        ],
        "changes_since_baseline": baseline_changes_json(view.changes),
    }
