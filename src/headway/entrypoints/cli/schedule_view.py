"""A goal's schedule and a replan, as text and as the documented JSON (docs/json.md: schedule, replan)."""

from __future__ import annotations

from typing import Any

from headway.domain.goals import format_number
from headway.domain.schedule import BaselineChanges, Move, ScheduledTask
from headway.entrypoints.cli.jsonout import iso
from headway.entrypoints.cli.render import shorten, table
from headway.services.schedule import GoalSchedule, Replan


def print_schedule(view: GoalSchedule) -> None:
    goal, plan = view.goal, view.schedule
    print(
        f"Schedule of goal #{goal.id} {goal.title}: target {goal.target_date}, "
        f"at {format_number(plan.capacity)} h a week from {plan.today}"
    )
    if not plan.tasks:
        print("No open work to schedule.")
    else:
        rows = [_row(s) for s in plan.tasks]
        for line in table(rows, header=["", "id", "hours", "start", "finish", "latest", "slack", "task"]):
            print(line)
        chain = " -> ".join(f"#{i}" for i in plan.critical_path)
        print(f"'*' marks the critical path: {chain}. Slack is in days; '~' marks an assumed estimate.")
        assert plan.buffer_days is not None
        margin = plan.buffer_days
        verdict = f"{margin} days to spare" if margin >= 0 else f"late by {-margin} days"
        print(f"Earliest feasible finish: {plan.earliest_finish}, against the target {goal.target_date}: {verdict}.")
        hours = f"the {format_number(round(plan.remaining_hours, 1))} h left at {format_number(plan.capacity)} h a week"
        if plan.bound == "capacity":
            print(f"  {hours[0].upper()}{hours[1:]}, one task after another, end then; the critical path alone "
                  f"ends {plan.dependency_finish}.")  # fmt: skip
        else:
            print(f"  The critical path ends then; {hours}, one after another, would end {plan.capacity_finish}.")
    for note in plan.notes:
        print(f"Note: {note}")


def _row(s: ScheduledTask) -> list[str]:
    hours = format_number(round(s.effort_hours, 1))
    return [
        "*" if s.critical else "",
        f"#{s.task.id}",
        hours if s.estimated else f"~{hours}",
        s.earliest_start.isoformat(),
        s.earliest_finish.isoformat(),
        s.latest_finish.isoformat(),
        str(s.slack_days),
        shorten(s.task.title, 50),
    ]


def schedule_payload(view: GoalSchedule) -> dict[str, Any]:
    """The schedule document's fields (`schedule GOAL --json`, and GET /api/v1/goals/{id}/schedule)."""
    goal, plan = view.goal, view.schedule
    return {
        "goal": {"id": goal.id, "title": goal.title, "target_date": iso(goal.target_date)},
        "today": iso(plan.today),
        "weekly_capacity_hours": plan.capacity,
        "tasks": [
            {
                "id": s.task.id,
                "title": s.task.title,
                "kind": str(s.task.kind),
                "due": iso(s.task.due),
                "depends_on": list(s.task.depends_on),
                "effort_hours": round(s.effort_hours, 4),
                "estimated": s.estimated,
                "duration_days": round(s.duration_days, 4),
                "earliest_start": iso(s.earliest_start),
                "earliest_finish": iso(s.earliest_finish),
                "latest_finish": iso(s.latest_finish),
                "slack_days": s.slack_days,
                "critical": s.critical,
            }
            for s in plan.tasks
        ],
        "critical_path": plan.critical_path,
        "remaining_hours": round(plan.remaining_hours, 4),
        "dependency_finish": iso(plan.dependency_finish),
        "capacity_finish": iso(plan.capacity_finish),
        "earliest_finish": iso(plan.earliest_finish),
        "bound": plan.bound,
        "buffer_days": plan.buffer_days,
        "notes": plan.notes,
    }


def print_replan(result: Replan) -> None:
    goal, moves = result.goal, result.moves
    dependants = len(moves) - 1
    also = f" and {dependants} task{'s' if dependants != 1 else ''} waiting for it" if dependants else ""
    print(f"Moved {result.slipped.label}{also}, in goal #{goal.id} {goal.title}:")
    rows = [_move_row(m, goal.id) for m in moves]
    for line in table(rows, indent="  "):
        print(line)
    print(f"why: {result.reason}")
    print(f"`headway history {goal.id}` keeps the change; `headway schedule {goal.id}` shows the new finish.")


def _move_row(move: Move, goal_id: int | None) -> list[str]:
    goal = f"(goal #{move.task.goal_id}) " if move.task.goal_id != goal_id else ""
    before = move.task.due.isoformat() if move.task.due else "-"
    shift = f"+{move.days} days" if move.days is not None else "dated"
    return [f"#{move.task.id}", f"{before} -> {move.due}", shift, goal + shorten(move.task.title, 50)]


def replan_payload(result: Replan) -> dict[str, Any]:
    """The replan document's fields (`replan GOAL --json`, and POST /api/v1/goals/{id}/replan)."""
    return {
        "goal": {"id": result.goal.id, "title": result.goal.title},
        "task": {"id": result.slipped.id, "title": result.slipped.title},
        "reason": result.reason,
        "moves": [
            {
                "task_id": m.task.id,
                "goal_id": m.task.goal_id,
                "title": m.task.title,
                "start_before": iso(m.task.planned_start),
                "start_after": iso(m.planned_start),
                "due_before": iso(m.task.due),
                "due_after": iso(m.due),
                "days": m.days,
            }
            for m in result.moves
        ],
    }


def print_baseline_changes(changes: BaselineChanges) -> None:
    """The short summary under `headway plan`: how often and how far the plan moved, and why."""
    moved = f"{changes.changes} move{'s' if changes.changes != 1 else ''} of task dates"
    print(f"Changes since the baseline: {moved}, {changes.days_moved} days in all.")
    for slip in changes.slips:
        days = slip.days
        shift = "-" if days is None else (f"+{days} days" if days > 0 else ("no slip" if days == 0 else f"{days} days"))
        print(f"  milestone #{slip.task.id} {shorten(slip.task.title, 50)}: {shift}")
    for reason in changes.reasons:
        print(f"  why: {reason}")


def baseline_changes_json(changes: BaselineChanges | None) -> dict[str, Any] | None:
    if changes is None:
        return None
    return {
        "changes": changes.changes,
        "days_moved": changes.days_moved,
        "reasons": changes.reasons,
        "milestones": [
            {
                "task_id": s.task.id,
                "title": s.task.title,
                "baseline_due": iso(s.baseline_due),
                "due": iso(s.task.due),
                "slip_days": s.days,
            }
            for s in changes.slips
        ],
    }
