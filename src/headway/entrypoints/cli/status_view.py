"""The dashboard as text and as JSON."""

from __future__ import annotations

from headway.domain.goals import format_number
from headway.entrypoints.cli.jsonout import emit, goal_json, iso, profile_json, task_json
from headway.entrypoints.cli.render import bar, days, progress_text, shorten, table, task_row
from headway.services.status import Dashboard


def print_dashboard(board: Dashboard) -> None:
    today = board.today
    who = board.profile.name + (f", {board.profile.current_role}" if board.profile.current_role else "")
    print(f"Headway - {who} - {today.isoformat()}")
    print()
    if board.days_since_checkin is None:
        print("Check-in: none yet. Start the habit: headway checkin")
    else:
        late = "  (maintenance due: run headway checkin)" if board.days_since_checkin > 14 else ""
        print(f"Check-in: last on {board.last_checkin}, {board.days_since_checkin} days ago{late}")
    pace = board.investment
    average = (
        f" against a monthly average of {format_number(round(pace.monthly_average_hours, 1))} h"
        if pace.monthly_average_hours is not None
        else ""
    )
    print(f"Invested: {format_number(round(pace.this_month_hours, 1))} h this month{average}")
    print()
    print(f"Active goals ({len(board.goals)})" if board.goals else "No active goals. Add one: headway goal add")
    rows = []
    depth: dict[int | None, int] = {}
    for view in board.goals:
        g = view.goal
        depth[g.id] = depth[g.parent_id] + 1 if g.parent_id in depth else 0
        rows.append(
            [
                f"#{g.id}",
                shorten("  " * depth[g.id] + g.title, 40),
                f"[{bar(view.progress.fraction)}] {view.progress.percent:3d}%",
                str(g.target_date),
                days(g.days_left(today)),
                progress_text(g, view.progress) if view.progress.basis == "measure" else "",
            ]
        )
    for line in table(rows, indent="  "):
        print(line)
    for title, page in (("Next tasks", board.next_tasks), ("Overdue", board.overdue)):
        print()
        if not page.tasks:
            print(f"{title}: none")
            continue
        print(f"{title} ({page.total})")
        task_rows = [task_row(t, today, shorten(board.goal_titles.get(t.goal_id, ""), 30)) for t in page.tasks]
        for line in table(task_rows, indent="  "):
            print(line)
        if page.total > len(page.tasks):
            print(f"  ... and {page.total - len(page.tasks)} more: headway task list")


def dashboard_json(board: Dashboard) -> None:
    today = board.today
    pace = board.investment
    emit(
        "status",
        {
            "today": iso(today),
            "profile": profile_json(board.profile),
            "goals": [goal_json(v.goal, v.progress, today) for v in board.goals],
            "next_tasks": {
                "tasks": [task_json(t, today) for t in board.next_tasks.tasks],
                "total": board.next_tasks.total,
            },
            "overdue": {
                "tasks": [task_json(t, today) for t in board.overdue.tasks],
                "total": board.overdue.total,
            },
            "last_checkin": iso(board.last_checkin),
            "days_since_checkin": board.days_since_checkin,
            "investment": {
                "this_month_hours": pace.this_month_hours,
                "this_month_amount": pace.this_month_amount,
                "monthly_average_hours": pace.monthly_average_hours,
                "months_counted": pace.months_counted,
            },
        },
    )
