"""The whole record of one person as a JSON-ready document, and back: lossless export and import.

Rows are exported as they are stored (same column names, ids kept), so an import into an empty
database gives back exactly what was exported, references and history included.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
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
    profile, rows = _checked_document(document)
    rows["goals"] = _parents_first(rows["goals"])  # a goal moved under a newer one comes after it in id order
    person_id = profile["id"]
    with _consistent():
        _insert(db, "people", profile)
        for table, table_rows in rows.items():
            for row in table_rows:
                _insert(db, table, {**row, "person_id": person_id} if table in WITH_PERSON else row)
    if db.dialect.name == "postgresql":  # ids were given explicitly: move each sequence past them, never back
        serial = ("people", "goals", "tasks", "checkins", "investments", "revisions", "baselines", "reviews")
        for table in (*serial, "skill_levels"):
            sequence = f"pg_get_serial_sequence('{table}', 'id')"
            next_id = (
                f"GREATEST(COALESCE((SELECT MAX(id) FROM {table}), 0), "
                f"COALESCE(pg_sequence_last_value({sequence}), 0)) + 1"
            )
            db.execute(f"SELECT setval({sequence}, {next_id}, false)")
    return int(person_id)


def load_into(db: Database, person_id: int, document: Any) -> None:
    """Write an exported document into an existing person's empty record (a server account's), inside the
    caller's transaction: the export's profile replaces the person's, and every row gets a new id.

    On a server the export's ids are taken by other people's rows, so each row is inserted without its id, in
    the order of the old ones (an export read back lists them as before), and every reference follows its row.
    A reference to a row the export does not hold is refused: it could otherwise reach another person's record.
    """
    profile, rows = _checked_document(document)
    new_ids: dict[str, dict[int, int]] = {table: {} for table in TABLES if "id" in TABLES[table]}
    with _consistent():
        columns = [c for c in PROFILE if c != "id"]
        db.execute(
            f"UPDATE people SET {', '.join(f'{c} = :{c}' for c in columns)} WHERE id = :person",
            {**{c: profile[c] for c in columns}, "person": person_id},
        )
        parents: list[tuple[int, int, str]] = []  # (the goal's new id, its old parent's id, where)
        for table, table_rows in rows.items():
            keyed = table in new_ids
            ordered = sorted(enumerate(table_rows), key=lambda p: p[1]["id"]) if keyed else enumerate(table_rows)
            for index, row in ordered:
                where = f"{table}[{index}]"
                values = {c: v for c, v in row.items() if c != "id"}
                for column, target in REFERENCES.get(table, {}).items():
                    values[column] = _new_id(new_ids[target], row[column], target, f"{where}.{column}")
                if table == "goals":  # a parent may come later in id order: set once every goal is in
                    values["parent_id"] = None
                if table == "revisions":
                    values.update(_renumbered_texts(row, new_ids))
                if table in WITH_PERSON:
                    values["person_id"] = person_id
                if not keyed:
                    _insert(db, table, values)
                    continue
                if row["id"] in new_ids[table]:
                    raise ValidationError(f"{where}.id {row['id']} appears twice in the export.", field=f"{where}.id")
                listed = ", ".join(values)
                new_ids[table][row["id"]] = db.insert(
                    f"INSERT INTO {table} ({listed}) VALUES ({', '.join(':' + c for c in values)})", values
                )
                if table == "goals" and row["parent_id"] is not None:
                    parents.append((new_ids[table][row["id"]], row["parent_id"], f"{where}.parent_id"))
        for goal_id, old_parent, where in parents:
            parent = _new_id(new_ids["goals"], old_parent, "goals", where)
            db.execute("UPDATE goals SET parent_id = :parent WHERE id = :id", {"parent": parent, "id": goal_id})


# The references between an export's rows, table -> column -> the table referred to (goals' parent_id is set
# after all goals are in).
REFERENCES: dict[str, dict[str, str]] = {
    "tasks": {"goal_id": "goals"},
    "task_dependencies": {"task_id": "tasks", "depends_on_id": "tasks"},
    "checkin_entries": {"checkin_id": "checkins", "goal_id": "goals"},
    "investments": {"goal_id": "goals"},
    "revisions": {"goal_id": "goals", "task_id": "tasks"},
    "baselines": {"goal_id": "goals"},
    "review_answers": {"review_id": "reviews", "goal_id": "goals"},
    "baseline_items": {"baseline_id": "baselines", "task_id": "tasks"},
    "goal_occupations": {"goal_id": "goals"},
    "gap_milestones": {"task_id": "tasks"},
}


# Revisions whose text names goals or tasks by number, as the domain writes them: a goal's "parent" ("#3",
# or "-") and a task's "depends_on" ("#4, #7"), wholly; "task added" names its own task first
# ("milestone #7 'Title', due ...").
NUMBERED = {"parent": "goals", "depends_on": "tasks"}
NUMBER = re.compile(r"#(\d+)")


def _renumbered_texts(row: dict[str, Any], new_ids: dict[str, dict[int, int]]) -> dict[str, str]:
    """A revision's before and after with the goals and tasks it names renumbered as their rows were (a number
    the export does not hold, a goal deleted since, is left as it was)."""
    field = row["field_name"]
    if field in NUMBERED:
        ids = new_ids[NUMBERED[field]]

        def renumber(match: re.Match[str]) -> str:
            old = int(match.group(1))
            return f"#{ids.get(old, old)}"

        return {column: NUMBER.sub(renumber, row[column]) for column in ("before_value", "after_value")}
    old_task = row["task_id"]
    if field == "task added" and old_task in new_ids["tasks"]:
        for kind in ("milestone", "task"):
            prefix = f"{kind} #{old_task} '"
            if row["after_value"].startswith(prefix):
                rest = row["after_value"].removeprefix(prefix)
                return {"after_value": f"{kind} #{new_ids['tasks'][old_task]} '{rest}"}
    return {}


def _new_id(ids: dict[int, int], old: int | None, table: str, where: str) -> int | None:
    if old is None:
        return None
    if old not in ids:
        raise ValidationError(
            f"The export is not consistent, so nothing was imported: {where} refers to {table} {old}, "
            "which the export does not hold.",
            field=where,
        )
    return ids[old]


def _checked_document(document: Any) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The export's profile and rows, each checked against its columns; ValidationError at the first fault."""
    _check_envelope(document)
    profile = _checked_row(document["profile"], PROFILE, "profile")
    rows = {
        table: [_checked_row(r, cols, f"{table}[{i}]") for i, r in enumerate(_list(document, table))]
        for table, cols in TABLES.items()
    }
    _check_readable(profile, rows)
    return profile, rows


def _check_readable(profile: dict[str, Any], rows: dict[str, list[dict[str, Any]]]) -> None:
    """What the columns' types and the schema's constraints let through but no record can be read back with: the
    values as a JSON list of text, a numeric goal without its measure, a weight of 0, an empty title."""
    try:
        values = json.loads(profile["priorities"])
    except ValueError:
        values = None
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValidationError(
            "profile.priorities should be a JSON list of text, such as '[\"growth\"]'.", field="profile.priorities"
        )
    for i, goal in enumerate(rows["goals"]):
        measure = [goal[c] for c in ("metric", "start_value", "target_value", "direction")]
        if goal["measure_type"] == "numeric" and (None in measure or goal["start_value"] == goal["target_value"]):
            raise ValidationError(
                f"goals[{i}] is measured by a number, but its metric, start_value, target_value and direction "
                "are not all given (or its start is its target).",
                field=f"goals[{i}].measure_type",
            )
        if goal["weight"] <= 0:
            raise ValidationError(
                f"goals[{i}].weight should be above 0, not {goal['weight']}.", field=f"goals[{i}].weight"
            )
    parents = {g["id"]: [g["parent_id"]] for g in rows["goals"] if g["parent_id"] is not None}
    waits_for: dict[int, list[int]] = {}
    for dependency in rows["task_dependencies"]:
        waits_for.setdefault(dependency["task_id"], []).append(dependency["depends_on_id"])
    for table, edges, what in (("goals", parents, "its own parent"), ("tasks", waits_for, "waiting for itself")):
        looped = _in_a_cycle(edges)
        if looped is not None:
            raise ValidationError(f"{table} {looped} is {what}, through the others.", field=table)
    for table in ("goals", "tasks"):
        for i, row in enumerate(rows[table]):
            if not row["title"].strip():
                raise ValidationError(f"{table}[{i}].title cannot be empty.", field=f"{table}[{i}].title")


def _in_a_cycle(edges: dict[int, list[int]]) -> int | None:
    """A node that leads back to itself along `edges` (a goal its own ancestor, a task waiting for itself), or
    None. Iterative, so a long chain cannot exhaust the stack; each node is walked once."""
    done: set[int] = set()
    for start in edges:
        if start in done:
            continue
        on_path: set[int] = set()
        stack: list[tuple[int, int]] = [(start, 0)]  # (node, index of its next edge)
        on_path.add(start)
        while stack:
            node, index = stack[-1]
            following = edges.get(node, [])
            if index == len(following):
                stack.pop()
                on_path.discard(node)
                done.add(node)
                continue
            stack[-1] = (node, index + 1)
            after = following[index]
            if after in on_path:
                return after
            if after not in done:
                on_path.add(after)
                stack.append((after, 0))
    return None


@contextmanager
def _consistent() -> Iterator[None]:
    """A constraint the rows break (an unknown status, a reference to nothing) as a ValidationError."""
    try:
        yield
    except Exception as exc:
        if type(exc).__module__.split(".")[0] not in ("sqlite3", "psycopg"):
            raise
        raise ValidationError(
            f"The export is not consistent, so nothing was imported: {str(exc).strip().splitlines()[0]}."
        ) from None


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
            field="format",
            hint="Export one with `headway export > my-career.json`.",
        )
    if document.get("version") != VERSION:
        raise ValidationError(
            f"This export has version {document.get('version')!r}; this Headway reads version {VERSION}.",
            field="version",
            hint="Import it with the Headway version that wrote it, or a newer one.",
        )
    if not isinstance(document.get("profile"), dict):
        raise ValidationError('The export has no "profile" object.', field="profile")


def _list(document: dict[str, Any], table: str) -> list[Any]:
    value = document.get(table, [])
    if not isinstance(value, list):
        raise ValidationError(f'"{table}" in the export should be a list.', field=table)
    return value


def _checked_row(row: Any, columns: dict[str, tuple[str, bool]], where: str) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise ValidationError(f"{where} should be an object.", field=where)
    unknown = set(row) - set(columns)
    if unknown:
        raise ValidationError(f"{where} has unknown field(s): {', '.join(sorted(unknown))}.", field=where)
    checked: dict[str, Any] = {}
    for column, (kind, nullable) in columns.items():
        if column not in row and where == "profile" and column in ADDED_LATER:
            row = {**row, column: ADDED_LATER[column]}
        if column not in row:
            raise ValidationError(f'{where} is missing "{column}".', field=f"{where}.{column}")
        value = row[column]
        if value is None and not nullable:
            raise ValidationError(f"{where}.{column} cannot be empty.", field=f"{where}.{column}")
        checked[column] = None if value is None else _checked_value(value, kind, f"{where}.{column}")
        if isinstance(value, str) and column in DATE_COLUMNS:
            _parse(date.fromisoformat, value, f"{where}.{column}", "a date (YYYY-MM-DD)")
        if isinstance(value, str) and column in TIME_COLUMNS:
            _parse(datetime.fromisoformat, value, f"{where}.{column}", "a date and time (ISO 8601)")
    return checked


def _checked_value(value: Any, kind: str, where: str) -> Any:
    """A value of a column's kind, as the databases store it (a FLOAT column's whole number as a float)."""
    if kind == TEXT:
        if not isinstance(value, str):
            raise ValidationError(f"{where} should be text, not {value!r}.", field=where)
        return value
    if isinstance(value, bool) or not isinstance(value, int | float) or (kind == INT and isinstance(value, float)):
        expected = "a whole number" if kind == INT else "a number"
        raise ValidationError(f"{where} should be {expected}, not {value!r}.", field=where)
    if kind == INT:
        if not -BIGGEST_INT <= value < BIGGEST_INT:  # the databases' 64-bit integers
            raise ValidationError(f"{where} is too large a number ({value}).", field=where)
        return value
    try:
        number = float(value)
    except OverflowError:
        raise ValidationError(f"{where} is too large a number.", field=where) from None
    if not math.isfinite(number):  # Python's json reads NaN and Infinity, which no export holds
        raise ValidationError(f"{where} should be a finite number, not {value!r}.", field=where)
    return number


BIGGEST_INT = 2**63
DATE_COLUMNS = frozenset({"start_date", "target_date", "planned_start", "due", "done_on", "on_date"})
TIME_COLUMNS = frozenset({"created_at", "changed_at", "taken_at"})


def _parse(parse: Any, value: str, where: str, expected: str) -> None:
    try:
        parse(value)
    except ValueError:
        raise ValidationError(f"{where} should be {expected}, not {value!r}.", field=where) from None


def delete_person(db: Database, person_id: int) -> None:
    """Delete the person and, by the schema's cascades, every row that is theirs."""
    db.execute("DELETE FROM people WHERE id = :person", {"person": person_id})
