"""The documented --json shapes (docs/json.md). Change them only by adding fields."""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from headway.domain.goals import Goal, NumericMeasure
from headway.domain.progress import Progress
from headway.domain.records import CheckIn, Investment, Profile, Revision
from headway.domain.tasks import Task

if TYPE_CHECKING:
    from headway.services.goals import GoalDetail
    from headway.services.skills import WagePosition

SCHEMA_VERSION = 1


def document(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """{"kind": ..., "version": 1, ...payload}: the envelope of every JSON document the CLI prints."""
    return {"kind": kind, "version": SCHEMA_VERSION, **payload}


def emit(kind: str, payload: dict[str, Any]) -> None:
    """Print one JSON document, indented."""
    sys.stdout.write(json.dumps(document(kind, payload), ensure_ascii=False, indent=2) + "\n")


def emit_line(kind: str, payload: dict[str, Any]) -> None:
    """Print one JSON document on one line (a stream of them, for batch use)."""
    sys.stdout.write(json.dumps(document(kind, payload), ensure_ascii=False) + "\n")


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def profile_json(profile: Profile) -> dict[str, Any]:
    return {
        "name": profile.name,
        "current_role": profile.current_role,
        "employer": profile.employer,
        "values": list(profile.values),
        "currency": profile.currency,
    }


def goal_json(goal: Goal, progress: Progress, today: date) -> dict[str, Any]:
    measure: dict[str, Any]
    if isinstance(goal.measure, NumericMeasure):
        m = goal.measure
        measure = {
            "type": "numeric",
            "metric": m.metric,
            "unit": m.unit,
            "start": m.start,
            "target": m.target,
            "direction": str(m.direction),
            "current": goal.current_value if goal.current_value is not None else m.start,
        }
    else:
        measure = {"type": "milestones"}
    return {
        "id": goal.id,
        "record_version": goal.version,
        "title": goal.title,
        "why": goal.why,
        "kind": str(goal.kind),
        "status": str(goal.status),
        "status_reason": goal.status_reason,
        "parent_id": goal.parent_id,
        "weight": goal.weight,
        "measure": measure,
        "start_date": iso(goal.start_date),
        "target_date": iso(goal.target_date),
        "days_left": goal.days_left(today),
        "progress": {
            "percent": progress.percent,
            "fraction": round(progress.fraction, 4),
            "raw": None if progress.raw is None else round(progress.raw, 4),
            "basis": progress.basis,
        },
    }


def task_json(task: Task, today: date) -> dict[str, Any]:
    return {
        "id": task.id,
        "record_version": task.version,
        "goal_id": task.goal_id,
        "title": task.title,
        "kind": str(task.kind),
        "status": str(task.status),
        "status_reason": task.status_reason,
        "planned_start": iso(task.planned_start),
        "due": iso(task.due),
        "effort_hours": task.effort_hours,
        "done_on": iso(task.done_on),
        "depends_on": list(task.depends_on),
        "overdue": task.is_overdue(today),
    }


def revision_json(revision: Revision) -> dict[str, Any]:
    return {
        "at": revision.at.isoformat(timespec="seconds"),
        "field": revision.field,
        "before": revision.before,
        "after": revision.after,
        "reason": revision.reason,
        "task_id": revision.task_id,
    }


def checkin_json(checkin: CheckIn) -> dict[str, Any]:
    return {
        "id": checkin.id,
        "date": iso(checkin.on),
        "ratings": checkin.ratings.as_dict(),
        "note": checkin.note,
        "goals": [
            {
                "goal_id": e.goal_id,
                "value": e.value,
                "progress": e.progress,
                "confidence": e.confidence,
                "went_well": e.went_well,
                "obstacles": e.obstacles,
                "next_step": e.next_step,
            }
            for e in checkin.entries
        ],
    }


def investment_json(investment: Investment) -> dict[str, Any]:
    return {
        "id": investment.id,
        "date": iso(investment.on),
        "category": str(investment.category),
        "hours": investment.hours,
        "amount": investment.amount,
        "currency": investment.currency,
        "goal_id": investment.goal_id,
        "note": investment.note,
    }


def goal_detail_json(
    detail: GoalDetail, code: str | None, title: str | None, position: WagePosition | None, today: date
) -> dict[str, Any]:
    """`goal show --json` (and the API's goal): the goal with its parent, sub-goals, plan and target occupation."""
    g, p = detail.view.goal, detail.view.progress
    return {
        "goal": goal_json(g, p, today),
        "parent": None if detail.parent is None else {"id": detail.parent.id, "title": detail.parent.title},
        "children": [goal_json(c.goal, c.progress, today) for c in detail.children],
        "tasks": [task_json(t, today) for t in detail.tasks],
        "target_occupation": None if code is None else {"code": code, "title": title},
        "wage_position": None
        if position is None
        else {"amount": position.amount, "percentile": position.percentile, "text": position.phrase},
    }
