"""The whole record of one person as a JSON-ready document, and back: lossless export and import.

Rows are exported as they are stored (same column names, ids kept), so an import into an empty
database gives back exactly what was exported, references and history included.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from headway.adapters.db.connection import Database
from headway.adapters.db.migrations import current_version
from headway.domain.errors import ValidationError

FORMAT = "headway-export"
VERSION = 1

INT, FLOAT, TEXT = "int", "float", "text"
# table -> column -> (type, nullable), in the order rows are written (parents first)
TABLES: dict[str, dict[str, tuple[str, bool]]] = {
    "goals": {
        "id": (INT, False),
        "parent_id": (INT, True),
        "title": (TEXT, False),
        "why": (TEXT, False),
        "kind": (TEXT, False),
        "measure_type": (TEXT, False),
        "metric": (TEXT, True),
        "unit": (TEXT, True),
        "start_value": (FLOAT, True),
        "target_value": (FLOAT, True),
        "direction": (TEXT, True),
        "current_value": (FLOAT, True),
        "start_date": (TEXT, False),
        "target_date": (TEXT, False),
        "status": (TEXT, False),
        "status_reason": (TEXT, False),
        "weight": (FLOAT, False),
        "created_at": (TEXT, False),
        "version": (INT, False),
    },
    "tasks": {
        "id": (INT, False),
        "goal_id": (INT, False),
        "title": (TEXT, False),
        "kind": (TEXT, False),
        "planned_start": (TEXT, True),
        "due": (TEXT, True),
        "effort_hours": (FLOAT, True),
        "status": (TEXT, False),
        "done_on": (TEXT, True),
        "status_reason": (TEXT, False),
        "created_at": (TEXT, False),
        "version": (INT, False),
    },
    "task_dependencies": {"task_id": (INT, False), "depends_on_id": (INT, False)},
    "checkins": {
        "id": (INT, False),
        "on_date": (TEXT, False),
        "fulfilment": (INT, True),
        "balance": (INT, True),
        "achievement": (INT, True),
        "financial": (INT, True),
        "note": (TEXT, False),
        "created_at": (TEXT, False),
    },
    "checkin_entries": {
        "checkin_id": (INT, False),
        "goal_id": (INT, False),
        "value": (FLOAT, True),
        "progress": (FLOAT, True),
        "confidence": (INT, True),
        "went_well": (TEXT, False),
        "obstacles": (TEXT, False),
        "next_step": (TEXT, False),
    },
    "investments": {
        "id": (INT, False),
        "on_date": (TEXT, False),
        "category": (TEXT, False),
        "hours": (FLOAT, False),
        "amount": (FLOAT, False),
        "currency": (TEXT, False),
        "goal_id": (INT, True),
        "note": (TEXT, False),
    },
    "revisions": {
        "id": (INT, False),
        "goal_id": (INT, False),
        "task_id": (INT, True),
        "changed_at": (TEXT, False),
        "field_name": (TEXT, False),
        "before_value": (TEXT, False),
        "after_value": (TEXT, False),
        "reason": (TEXT, False),
    },
    "baselines": {
        "id": (INT, False),
        "goal_id": (INT, False),
        "taken_at": (TEXT, False),
        "label": (TEXT, False),
        "target_date": (TEXT, True),
    },
    "reviews": {"id": (INT, False), "on_date": (TEXT, False), "note": (TEXT, False), "created_at": (TEXT, False)},
    "review_answers": {
        "review_id": (INT, False),
        "goal_id": (INT, False),
        "still_right": (INT, True),
        "still_aligned": (INT, True),
        "still_realistic": (INT, True),
        "note": (TEXT, False),
    },
    "baseline_items": {
        "baseline_id": (INT, False),
        "task_id": (INT, False),
        "title": (TEXT, False),
        "planned_start": (TEXT, True),
        "due": (TEXT, True),
        "effort_hours": (FLOAT, True),
    },
    "skill_levels": {
        "id": (INT, False),
        "element_id": (TEXT, False),
        "level": (FLOAT, False),
        "evidence": (TEXT, False),
        "source": (TEXT, False),
        "note": (TEXT, False),
        "on_date": (TEXT, False),
        "created_at": (TEXT, False),
    },
    "goal_occupations": {"goal_id": (INT, False), "code": (TEXT, False)},
    "gap_milestones": {
        "task_id": (INT, False),
        "element_id": (TEXT, False),
        "level": (FLOAT, False),
        "code": (TEXT, False),
    },
}
PROFILE: dict[str, tuple[str, bool]] = {
    "id": (INT, False),
    "name": (TEXT, False),
    "job_title": (TEXT, False),
    "employer": (TEXT, False),
    "priorities": (TEXT, False),
    "currency": (TEXT, False),
    "created_at": (TEXT, False),
    "checkin_cadence": (TEXT, False),
    "review_cadence": (TEXT, False),
    "monthly_target_hours": (FLOAT, True),
    "monthly_target_amount": (FLOAT, True),
    "weekly_capacity_hours": (FLOAT, False),
}
# Columns added after the first release: an export written before them gets the schema's default.
ADDED_LATER: dict[str, Any] = {
    "checkin_cadence": "fortnightly",
    "review_cadence": "quarterly",
    "monthly_target_hours": None,
    "monthly_target_amount": None,
    "weekly_capacity_hours": 6.0,
}
# How each table's rows belong to the person, for the export's WHERE clause.
OWNED_BY = {
    "goals": "person_id = :person",
    "tasks": "goal_id IN (SELECT id FROM goals WHERE person_id = :person)",
    "task_dependencies": "task_id IN (SELECT t.id FROM tasks t JOIN goals g ON g.id = t.goal_id "
    "WHERE g.person_id = :person)",
    "checkins": "person_id = :person",
    "checkin_entries": "checkin_id IN (SELECT id FROM checkins WHERE person_id = :person)",
    "investments": "person_id = :person",
    "revisions": "goal_id IN (SELECT id FROM goals WHERE person_id = :person)",
    "baselines": "goal_id IN (SELECT id FROM goals WHERE person_id = :person)",
    "baseline_items": "baseline_id IN (SELECT b.id FROM baselines b JOIN goals g ON g.id = b.goal_id "
    "WHERE g.person_id = :person)",
    "reviews": "person_id = :person",
    "review_answers": "review_id IN (SELECT id FROM reviews WHERE person_id = :person)",
    "skill_levels": "person_id = :person",
    "goal_occupations": "goal_id IN (SELECT id FROM goals WHERE person_id = :person)",
    "gap_milestones": "task_id IN (SELECT t.id FROM tasks t JOIN goals g ON g.id = t.goal_id "
    "WHERE g.person_id = :person)",
}
PRIMARY_KEYS = {
    "task_dependencies": "task_id, depends_on_id",
    "checkin_entries": "checkin_id, goal_id",
    "baseline_items": "baseline_id, task_id",
    "review_answers": "review_id, goal_id",
    "goal_occupations": "goal_id",
    "gap_milestones": "task_id",
}
WITH_PERSON = {"goals", "checkins", "investments", "reviews", "skill_levels"}


def dump(db: Database, person_id: int, *, now: datetime | None = None) -> dict[str, Any]:
    profile = db.one(f"SELECT {', '.join(PROFILE)} FROM people WHERE id = :person", {"person": person_id})
    assert profile is not None
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "schema_version": current_version(db),
        "exported_at": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
        "profile": dict(profile),
    }
    for table, columns in TABLES.items():
        key = PRIMARY_KEYS.get(table, "id")
        rows = db.all(
            f"SELECT {', '.join(columns)} FROM {table} WHERE {OWNED_BY[table]} ORDER BY {key}", {"person": person_id}
        )
        document[table] = [dict(r) for r in rows]
    return document


def load(db: Database, document: Any) -> int:
    """Write an exported document into a database that holds no profile yet; return the person's id."""
    _check_envelope(document)
    profile = _checked_row(document["profile"], PROFILE, "profile")
    rows = {
        table: [_checked_row(r, cols, f"{table}[{i}]") for i, r in enumerate(_list(document, table))]
        for table, cols in TABLES.items()
    }
    rows["goals"] = _parents_first(rows["goals"])  # a goal moved under a newer one comes after it in id order
    person_id = profile["id"]
    try:
        _insert(db, "people", profile)
        for table, table_rows in rows.items():
            for row in table_rows:
                _insert(db, table, {**row, "person_id": person_id} if table in WITH_PERSON else row)
    except Exception as exc:  # a constraint the rows break (an unknown status, a reference to nothing)
        if type(exc).__module__.split(".")[0] not in ("sqlite3", "psycopg"):
            raise
        raise ValidationError(
            f"The export is not consistent, so nothing was imported: {str(exc).strip().splitlines()[0]}."
        ) from None
    if db.dialect.name == "postgresql":  # ids were given explicitly: move each sequence past them
        serial = ("people", "goals", "tasks", "checkins", "investments", "revisions", "baselines", "reviews")
        for table in (*serial, "skill_levels"):
            next_id = f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1"
            db.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {next_id}, false)")
    return int(person_id)


def _parents_first(goals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Goal rows in an order that inserts each parent before its sub-goals, as the foreign key needs."""
    ids = {g["id"] for g in goals}
    ordered: list[dict[str, Any]] = []
    placed: set[Any] = set()
    pending = goals
    while pending:
        ready = [g for g in pending if g["parent_id"] not in ids or g["parent_id"] in placed]
        if not ready:  # a cycle: insert the rows as given and let the foreign key refuse them
            ready = pending
        ordered += ready
        placed |= {g["id"] for g in ready}
        pending = [g for g in pending if g["id"] not in placed]
    return ordered


def _insert(db: Database, table: str, row: dict[str, Any]) -> None:
    columns = list(row)
    db.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})", row)


def _check_envelope(document: Any) -> None:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError(
            'This file is not a Headway export (its "format" is not "headway-export").',
            hint="Export one with `headway export > my-career.json`.",
        )
    if document.get("version") != VERSION:
        raise ValidationError(
            f"This export has version {document.get('version')!r}; this Headway reads version {VERSION}.",
            hint="Import it with the Headway version that wrote it, or a newer one.",
        )
    if not isinstance(document.get("profile"), dict):
        raise ValidationError('The export has no "profile" object.')


def _list(document: dict[str, Any], table: str) -> list[Any]:
    value = document.get(table, [])
    if not isinstance(value, list):
        raise ValidationError(f'"{table}" in the export should be a list.')
    return value


def _checked_row(row: Any, columns: dict[str, tuple[str, bool]], where: str) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise ValidationError(f"{where} should be an object.")
    unknown = set(row) - set(columns)
    if unknown:
        raise ValidationError(f"{where} has unknown field(s): {', '.join(sorted(unknown))}.")
    checked: dict[str, Any] = {}
    for column, (kind, nullable) in columns.items():
        if column not in row and where == "profile" and column in ADDED_LATER:
            row = {**row, column: ADDED_LATER[column]}
        if column not in row:
            raise ValidationError(f'{where} is missing "{column}".')
        value = row[column]
        if value is None:
            if not nullable:
                raise ValidationError(f"{where}.{column} cannot be empty.")
        elif kind == INT and (isinstance(value, bool) or not isinstance(value, int)):
            raise ValidationError(f"{where}.{column} should be a whole number, not {value!r}.")
        elif kind == FLOAT and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise ValidationError(f"{where}.{column} should be a number, not {value!r}.")
        elif kind == TEXT and not isinstance(value, str):
            raise ValidationError(f"{where}.{column} should be text, not {value!r}.")
        if isinstance(value, str) and column in DATE_COLUMNS:
            _parse(date.fromisoformat, value, f"{where}.{column}", "a date (YYYY-MM-DD)")
        if isinstance(value, str) and column in TIME_COLUMNS:
            _parse(datetime.fromisoformat, value, f"{where}.{column}", "a date and time (ISO 8601)")
        checked[column] = float(value) if kind == FLOAT and value is not None else value
    return checked


DATE_COLUMNS = frozenset({"start_date", "target_date", "planned_start", "due", "done_on", "on_date"})
TIME_COLUMNS = frozenset({"created_at", "changed_at", "taken_at"})


def _parse(parse: Any, value: str, where: str, expected: str) -> None:
    try:
        parse(value)
    except ValueError:
        raise ValidationError(f"{where} should be {expected}, not {value!r}.") from None


def delete_person(db: Database, person_id: int) -> None:
    """Delete the person and, by the schema's cascades, every row that is theirs."""
    db.execute("DELETE FROM people WHERE id = :person", {"person": person_id})
