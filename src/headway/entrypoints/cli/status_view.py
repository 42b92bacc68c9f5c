"""The dashboard as text and as JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from headway.domain.goals import format_number
from headway.entrypoints.cli.render import bar, progress_text, shorten, table, task_row

if TYPE_CHECKING:
    from headway.domain.forecast_result import Forecast
    from headway.services.status import Dashboard

VERDICT_WORDS = {
    "on_track": "on track",
    "at_risk": "AT RISK",
    "off_track": "OFF TRACK",
    "not_enough_data": "too early to tell",
    "achieved": "achieved",
}


def verdict_text(forecast: Forecast | None) -> str:
    """'on track, 12 days ahead': the verdict in words (never colour alone) and the buffer."""
    if forecast is None:
        return ""
    words = VERDICT_WORDS.get(str(forecast.verdict), str(forecast.verdict))
    buffer = forecast.buffer_days
    if buffer is None or str(forecast.verdict) in ("not_enough_data", "achieved"):
        return words
    side = "ahead" if buffer >= 0 else "behind"
    return f"{words}, {abs(buffer)} d {side}"


def print_dashboard(board: Dashboard) -> None:
    today = board.today
    who = board.profile.name + (f", {board.profile.current_role}" if board.profile.current_role else "")
    print(f"Headway - {who} - {today.isoformat()}")
    print()
    _print_habits(board)
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
                verdict_text(board.forecasts.get(g.id) if g.id is not None else None),
                progress_text(g, view.progress) if view.progress.basis == "measure" else "",
            ]
        )
    for line in table(rows, indent="  "):
        print(line)
    if board.warnings:
        print()
        print(f"Warnings ({len(board.warnings)})")
        for warning in board.warnings:
            print(f"  ! {warning.why}")
            print(f"    next: {warning.next_step}")
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


def _print_habits(board: Dashboard) -> None:
    cadence = board.cadence
    if board.last_checkin is None:
        print("Check-in: none yet. Start the habit: headway checkin")
    elif cadence.maintenance_due:
        print(
            f"Check-in: MAINTENANCE DUE - last on {board.last_checkin}, {cadence.days_overdue} days past its "
            f"{cadence.checkin_cadence} rhythm. Run: headway checkin"
        )
    else:
        streak = f"; {cadence.current_streak} on time in a row" if cadence.current_streak else ""
        print(
            f"Check-in: last on {board.last_checkin}; next due {cadence.next_due} ({cadence.checkin_cadence}){streak}"
        )
    if cadence.review_due:
        print(f"Review:   due ({cadence.review_cadence}); the next check-in asks the course-correction questions")
    pace = board.investment
    target = board.profile.monthly_target_hours
    against = (
        f" of a {format_number(target)} h target"
        if target
        else (
            f" against a monthly average of {format_number(round(pace.monthly_average_hours, 1))} h"
            if pace.monthly_average_hours is not None
            else ""
        )
    )
    regular = board.regularity
    weeks = (
        f"; deposits in {regular.weeks_with_deposit} of {regular.weeks} weeks, {regular.current_streak} in a row"
        if regular.weeks
        else ""
    )
    print(f"Invested: {format_number(round(pace.this_month_hours, 1))} h this month{against}{weeks}")


def forecast_summary(forecast: Forecast) -> dict[str, Any]:
    from headway.entrypoints.cli.jsonout import iso

    band = forecast.band
    return {
        "verdict": str(forecast.verdict),
        "sentence": forecast.sentence,
        "projected": iso(forecast.projected),
        "band": None if band is None else {"early": iso(band[0]), "late": iso(band[1])},
        "buffer_days": forecast.buffer_days,
    }


def dashboard_json(board: Dashboard) -> None:
    # Imported here: JSON output (and the json module) is no cost of the text dashboard's start-up.
    from headway.entrypoints.cli.jsonout import emit

    emit("status", dashboard_payload(board))


def dashboard_payload(board: Dashboard) -> dict[str, Any]:
    """The status document's fields (docs/json/status.schema.json), for the CLI and the API."""
    from headway.entrypoints.cli.jsonout import goal_json, iso, profile_json, task_json

    today = board.today
    pace = board.investment
    cadence = board.cadence
    regular = board.regularity
    return {
        "today": iso(today),
        "profile": profile_json(board.profile),
        "goals": [goal_json(v.goal, v.progress, today) for v in board.goals],
        "forecasts": [
            {"goal_id": v.goal.id, **forecast_summary(board.forecasts[v.goal.id])}
            for v in board.goals
            if v.goal.id in board.forecasts
        ],
        "next_tasks": {
            "tasks": [task_json(t, today) for t in board.next_tasks.tasks],
            "total": board.next_tasks.total,
        },
        "overdue": {"tasks": [task_json(t, today) for t in board.overdue.tasks], "total": board.overdue.total},
        "last_checkin": iso(board.last_checkin),
        "days_since_checkin": board.days_since_checkin,
        "investment": {
            "this_month_hours": pace.this_month_hours,
            "this_month_amount": pace.this_month_amount,
            "monthly_average_hours": pace.monthly_average_hours,
            "months_counted": pace.months_counted,
            "monthly_target_hours": board.profile.monthly_target_hours,
            "weeks": regular.weeks,
            "weeks_with_deposit": regular.weeks_with_deposit,
            "current_streak_weeks": regular.current_streak,
            "longest_streak_weeks": regular.longest_streak,
        },
        "cadence": {
            "checkin": cadence.checkin_cadence,
            "next_due": iso(cadence.next_due),
            "maintenance_due": cadence.maintenance_due,
            "days_overdue": cadence.days_overdue,
            "current_streak": cadence.current_streak,
            "review": cadence.review_cadence,
            "review_due": cadence.review_due,
            "next_review_due": iso(cadence.next_review_due),
        },
        "warnings": [
            {"kind": w.kind, "goal_id": w.goal_id, "why": w.why, "next_step": w.next_step} for w in board.warnings
        ],
    }
