"""The export document of adapters/db/archive.py, written from and read back into domain objects for the fake.

The SQL archive exports rows as they are stored (same column names, ids kept); this module writes the same
shape from the fake's domain objects, so the export services can be tested without a database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from headway.adapters.db.goal_tasks import goal_params, task_params
from headway.domain.errors import ValidationError
from headway.domain.goals import Direction, Goal, GoalKind, GoalStatus, MilestoneMeasure, NumericMeasure
from headway.domain.records import (
    Baseline,
    BaselineItem,
    CheckIn,
    GoalEntry,
    Investment,
    InvestmentCategory,
    Profile,
    Ratings,
    Review,
    ReviewAnswer,
    Revision,
)
from headway.domain.tasks import Task, TaskKind, TaskStatus

FORMAT = "headway-export"
VERSION = 1
SCHEMA_VERSION = 1  # the fake has no migrations; this is the newest migration the SQL export would report

Row = dict[str, Any]


@dataclass
class PersonRecord:
    """Everything that belongs to one person, in id order."""

    profile: Profile
    goals: list[Goal] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    checkins: list[CheckIn] = field(default_factory=list)
    investments: list[Investment] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)
    baselines: list[Baseline] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _to_day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def to_document(record: PersonRecord, now: datetime) -> dict[str, Any]:
    p = record.profile
    return {
        "format": FORMAT,
        "version": VERSION,
        "schema_version": SCHEMA_VERSION,
        "exported_at": now.isoformat(timespec="seconds"),
        "profile": {
            "id": p.id,
            "name": p.name,
            "job_title": p.current_role,
            "employer": p.employer,
            "priorities": json.dumps(list(p.values)),
            "currency": p.currency,
            "created_at": _time(p.created_at),
            "checkin_cadence": p.checkin_cadence,
            "review_cadence": p.review_cadence,
            "monthly_target_hours": p.monthly_target_hours,
            "monthly_target_amount": p.monthly_target_amount,
            "weekly_capacity_hours": p.weekly_capacity_hours,
        },
        "goals": [_goal_row(g) for g in record.goals],
        "tasks": [_task_row(t) for t in record.tasks],
        "task_dependencies": [
            {"task_id": t.id, "depends_on_id": d} for t in record.tasks for d in sorted(t.depends_on)
        ],
        "checkins": [
            {
                "id": c.id,
                "on_date": c.on.isoformat(),
                **c.ratings.as_dict(),
                "note": c.note,
                "created_at": _time(c.created_at),
            }
            for c in record.checkins
        ],
        "checkin_entries": [
            {
                "checkin_id": c.id,
                "goal_id": e.goal_id,
                "value": e.value,
                "progress": e.progress,
                "confidence": e.confidence,
                "went_well": e.went_well,
                "obstacles": e.obstacles,
                "next_step": e.next_step,
            }
            for c in record.checkins
            for e in sorted(c.entries, key=lambda e: e.goal_id)
        ],
        "investments": [
            {
                "id": i.id,
                "on_date": i.on.isoformat(),
                "category": str(i.category),
                "hours": i.hours,
                "amount": i.amount,
                "currency": i.currency,
                "goal_id": i.goal_id,
                "note": i.note,
            }
            for i in record.investments
        ],
        "revisions": [
            {
                "id": r.id,
                "goal_id": r.goal_id,
                "task_id": r.task_id,
                "changed_at": r.at.isoformat(timespec="seconds"),
                "field_name": r.field,
                "before_value": r.before,
                "after_value": r.after,
                "reason": r.reason,
            }
            for r in record.revisions
        ],
        "baselines": [
            {
                "id": b.id,
                "goal_id": b.goal_id,
                "taken_at": b.taken_at.isoformat(timespec="seconds"),
                "label": b.label,
                "target_date": _day(b.target_date),
            }
            for b in record.baselines
        ],
        "baseline_items": [
            {
                "baseline_id": b.id,
                "task_id": item.task_id,
                "title": item.title,
                "planned_start": _day(item.planned_start),
                "due": _day(item.due),
                "effort_hours": item.effort_hours,
            }
            for b in record.baselines
            for item in b.items
        ],
        "reviews": [
            {"id": r.id, "on_date": r.on.isoformat(), "note": r.note, "created_at": _time(r.created_at)}
            for r in record.reviews
        ],
        "review_answers": [
            {
                "review_id": r.id,
                "goal_id": a.goal_id,
                "still_right": _flag(a.still_right),
                "still_aligned": _flag(a.still_aligned),
                "still_realistic": _flag(a.still_realistic),
                "note": a.note,
            }
            for r in record.reviews
            for a in sorted(r.answers, key=lambda a: a.goal_id)
        ],
    }


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _bool(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _goal_row(goal: Goal) -> Row:
    """A goal's row as the SQL repository writes it, less the person (the export leaves that out)."""
    row = goal_params(goal)
    del row["person_id"]
    return row


def _task_row(task: Task) -> Row:
    return task_params(task)


def from_document(document: Any) -> PersonRecord:
    """Read an export back; a document that is not one, or rows that do not parse, raise ValidationError."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError('This file is not a Headway export (its "format" is not "headway-export").')
    if document.get("version") != VERSION:
        raise ValidationError(f"This export has version {document.get('version')!r}; this Headway reads version 1.")
    try:
        return _read_rows(document)
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationError(f"The export is not consistent, so nothing was imported: {exc!r}.") from None


def _read_rows(document: dict[str, Any]) -> PersonRecord:
    p = document["profile"]
    person = int(p["id"])
    profile = Profile(
        id=person,
        name=p["name"],
        current_role=p["job_title"],
        employer=p["employer"],
        values=tuple(json.loads(p["priorities"])),
        currency=p["currency"],
        created_at=datetime.fromisoformat(p["created_at"]),
        checkin_cadence=p.get("checkin_cadence", "fortnightly"),
        review_cadence=p.get("review_cadence", "quarterly"),
        monthly_target_hours=p.get("monthly_target_hours"),
        monthly_target_amount=p.get("monthly_target_amount"),
        weekly_capacity_hours=p.get("weekly_capacity_hours", 6.0),
    )
    answers: dict[int, list[ReviewAnswer]] = {}
    for a in document.get("review_answers", []):
        answers.setdefault(a["review_id"], []).append(
            ReviewAnswer(
                a["goal_id"], _bool(a["still_right"]), _bool(a["still_aligned"]), _bool(a["still_realistic"]), a["note"]
            )
        )
    depends: dict[int, list[int]] = {}
    for d in document["task_dependencies"]:
        depends.setdefault(d["task_id"], []).append(d["depends_on_id"])
    entries: dict[int, list[GoalEntry]] = {}
    for e in document["checkin_entries"]:
        entries.setdefault(e["checkin_id"], []).append(
            GoalEntry(
                e["goal_id"], e["value"], e["progress"], e["confidence"], e["went_well"], e["obstacles"], e["next_step"]
            )
        )
    items: dict[int, list[BaselineItem]] = {}
    for i in document["baseline_items"]:
        items.setdefault(i["baseline_id"], []).append(
            BaselineItem(i["task_id"], i["title"], _to_day(i["planned_start"]), _to_day(i["due"]), i["effort_hours"])
        )
    reviews = [
        Review(
            id=r["id"],
            person_id=person,
            on=date.fromisoformat(r["on_date"]),
            note=r["note"],
            created_at=datetime.fromisoformat(r["created_at"]),
            answers=tuple(answers.get(r["id"], [])),
        )
        for r in document.get("reviews", [])
    ]
    return PersonRecord(
        reviews=reviews,
        profile=profile,
        goals=[_goal(person, g) for g in document["goals"]],
        tasks=[_task(t, tuple(sorted(depends.get(t["id"], [])))) for t in document["tasks"]],
        checkins=[
            CheckIn(
                id=c["id"],
                person_id=person,
                on=date.fromisoformat(c["on_date"]),
                ratings=Ratings(c["fulfilment"], c["balance"], c["achievement"], c["financial"]),
                note=c["note"],
                entries=tuple(entries.get(c["id"], [])),
                created_at=datetime.fromisoformat(c["created_at"]),
            )
            for c in document["checkins"]
        ],
        investments=[
            Investment(
                id=i["id"],
                person_id=person,
                on=date.fromisoformat(i["on_date"]),
                category=InvestmentCategory(i["category"]),
                hours=i["hours"],
                amount=i["amount"],
                currency=i["currency"],
                goal_id=i["goal_id"],
                note=i["note"],
            )
            for i in document["investments"]
        ],
        revisions=[
            Revision(
                id=r["id"],
                goal_id=r["goal_id"],
                task_id=r["task_id"],
                at=datetime.fromisoformat(r["changed_at"]),
                field=r["field_name"],
                before=r["before_value"],
                after=r["after_value"],
                reason=r["reason"],
            )
            for r in document["revisions"]
        ],
        baselines=[
            Baseline(
                id=b["id"],
                goal_id=b["goal_id"],
                taken_at=datetime.fromisoformat(b["taken_at"]),
                label=b["label"],
                target_date=_to_day(b["target_date"]),
                items=tuple(items.get(b["id"], [])),
            )
            for b in document["baselines"]
        ],
    )


def _goal(person: int, row: Row) -> Goal:
    measure: MilestoneMeasure | NumericMeasure = MilestoneMeasure()
    if row["measure_type"] == "numeric":
        measure = NumericMeasure(
            row["metric"], row["unit"] or "", row["start_value"], row["target_value"], Direction(row["direction"])
        )
    return Goal(
        id=row["id"],
        person_id=person,
        parent_id=row["parent_id"],
        title=row["title"],
        why=row["why"],
        kind=GoalKind(row["kind"]),
        measure=measure,
        current_value=row["current_value"],
        start_date=date.fromisoformat(row["start_date"]),
        target_date=date.fromisoformat(row["target_date"]),
        status=GoalStatus(row["status"]),
        status_reason=row["status_reason"],
        weight=row["weight"],
        created_at=datetime.fromisoformat(row["created_at"]),
        version=row["version"],
    )


def _task(row: Row, depends_on: tuple[int, ...]) -> Task:
    return Task(
        id=row["id"],
        goal_id=row["goal_id"],
        title=row["title"],
        kind=TaskKind(row["kind"]),
        planned_start=_to_day(row["planned_start"]),
        due=_to_day(row["due"]),
        effort_hours=row["effort_hours"],
        status=TaskStatus(row["status"]),
        done_on=_to_day(row["done_on"]),
        status_reason=row["status_reason"],
        created_at=datetime.fromisoformat(row["created_at"]),
        version=row["version"],
        depends_on=depends_on,
    )
