"""Repositories for goals and tasks: rows become domain objects here and nowhere else."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import replace
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from headway.adapters.db.connection import Database, Row
from headway.domain.errors import Conflict
from headway.domain.goals import Direction, Goal, GoalKind, GoalStatus, MilestoneMeasure, NumericMeasure
from headway.domain.progress import PlanSummary
from headway.domain.tasks import Task, TaskKind, TaskStatus
from headway.services.ports import TaskPage, TaskWindow


def to_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def to_datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def in_params(prefix: str, values: Collection[Any]) -> tuple[str, dict[str, Any]]:
    """':p0, :p1, ...' and the matching parameters, for an IN list."""
    params = {f"{prefix}{i}": v for i, v in enumerate(values)}
    return ", ".join(f":{name}" for name in params), params


GOAL_COLUMNS = (
    "id, person_id, parent_id, title, why, kind, measure_type, metric, unit, start_value, target_value, "
    "direction, current_value, start_date, target_date, status, status_reason, weight, created_at, version"
)


# Members by value: a dict lookup, where calling the enum costs about a microsecond a row on a long listing.
_GOAL_KINDS = {k.value: k for k in GoalKind}
_GOAL_STATUSES = {s.value: s for s in GoalStatus}
_DIRECTIONS = {d.value: d for d in Direction}


def goal_from_row(row: Row) -> Goal:
    if row["measure_type"] == "numeric":
        measure: MilestoneMeasure | NumericMeasure = NumericMeasure(
            metric=row["metric"],
            unit=row["unit"] or "",
            start=row["start_value"],
            target=row["target_value"],
            direction=_DIRECTIONS.get(row["direction"]) or Direction(row["direction"]),
        )
    else:
        measure = MilestoneMeasure()
    return Goal(
        id=row["id"],
        person_id=row["person_id"],
        parent_id=row["parent_id"],
        title=row["title"],
        why=row["why"],
        kind=_GOAL_KINDS.get(row["kind"]) or GoalKind(row["kind"]),
        measure=measure,
        current_value=row["current_value"],
        start_date=date.fromisoformat(row["start_date"]),
        target_date=date.fromisoformat(row["target_date"]),
        status=_GOAL_STATUSES.get(row["status"]) or GoalStatus(row["status"]),
        status_reason=row["status_reason"],
        weight=row["weight"],
        created_at=to_datetime(row["created_at"]),
        version=row["version"],
    )


def goal_params(goal: Goal) -> dict[str, Any]:
    numeric = goal.measure if isinstance(goal.measure, NumericMeasure) else None
    return {
        "id": goal.id,
        "person_id": goal.person_id,
        "parent_id": goal.parent_id,
        "title": goal.title,
        "why": goal.why,
        "kind": str(goal.kind),
        "measure_type": "numeric" if numeric else "milestones",
        "metric": numeric.metric if numeric else None,
        "unit": numeric.unit if numeric else None,
        "start_value": numeric.start if numeric else None,
        "target_value": numeric.target if numeric else None,
        "direction": str(numeric.direction) if numeric else None,
        "current_value": goal.current_value,
        "start_date": goal.start_date.isoformat(),
        "target_date": goal.target_date.isoformat(),
        "status": str(goal.status),
        "status_reason": goal.status_reason,
        "weight": goal.weight,
        "created_at": goal.created_at.isoformat() if goal.created_at else None,
        "version": goal.version,
    }


class SqlGoalRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, goal: Goal) -> int:
        columns = GOAL_COLUMNS.replace("id, ", "", 1)
        values = ", ".join(f":{c.strip()}" for c in columns.split(","))
        return self.db.insert(f"INSERT INTO goals ({columns}) VALUES ({values})", goal_params(goal))

    def get(self, person_id: int, goal_id: int) -> Goal | None:
        row = self.db.one(
            f"SELECT {GOAL_COLUMNS} FROM goals WHERE id = :id AND person_id = :person",
            {"id": goal_id, "person": person_id},
        )
        return goal_from_row(row) if row else None

    def update(self, goal: Goal) -> Goal:
        settable = [c.strip() for c in GOAL_COLUMNS.split(",") if c.strip() not in ("id", "person_id", "version")]
        assignments = ", ".join(f"{c} = :{c}" for c in settable)
        cursor = self.db.execute(
            f"UPDATE goals SET {assignments}, version = version + 1 "
            "WHERE id = :id AND person_id = :person_id AND version = :version",
            goal_params(goal),
        )
        if cursor.rowcount != 1:
            raise Conflict(f"Goal #{goal.id} was changed by someone else since you opened it; try again.")
        return replace(goal, version=goal.version + 1)

    def for_person(self, person_id: int, statuses: Collection[GoalStatus] | None = None) -> list[Goal]:
        where = "person_id = :person"
        params: dict[str, Any] = {"person": person_id}
        if statuses:
            placeholders = ", ".join(f":s{i}" for i in range(len(statuses)))
            where += f" AND status IN ({placeholders})"
            params.update({f"s{i}": str(s) for i, s in enumerate(statuses)})
        rows = self.db.all(f"SELECT {GOAL_COLUMNS} FROM goals WHERE {where} ORDER BY id", params)
        return _parents_first([goal_from_row(r) for r in rows])

    def find(self, person_id: int, text: str) -> list[Goal]:
        rows = self.db.all(
            f"SELECT {GOAL_COLUMNS} FROM goals WHERE person_id = :person AND lower(title) LIKE :pattern ESCAPE '\\' "
            "ORDER BY id",
            {"person": person_id, "pattern": f"%{_escape_like(text)}%"},
        )
        return [goal_from_row(r) for r in rows]

    def delete(self, goal_id: int) -> None:
        self.db.execute("DELETE FROM goals WHERE id = :id", {"id": goal_id})


def _parents_first(goals: list[Goal]) -> list[Goal]:
    """Depth-first tree order: each goal followed by its sub-goals."""
    present = {g.id for g in goals}
    children: dict[int | None, list[Goal]] = {}
    for g in goals:
        key = g.parent_id if g.parent_id in present else None
        children.setdefault(key, []).append(g)
    ordered: list[Goal] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        goal = stack.pop()
        ordered.append(goal)
        stack.extend(reversed(children.get(goal.id, [])))
    return ordered


def _escape_like(text: str) -> str:
    """The text lower-cased as SQL's lower() does, with '%' and '_' escaped (ESCAPE '\\') to match themselves."""
    return text.strip().lower().replace("\\", "").replace("%", "\\%").replace("_", "\\_")


FEW_OPEN_TASKS = 2000  # open_page: up to this many open tasks, start from the person's goals and sort
TASK_COLUMNS = (
    "t.id, t.goal_id, t.title, t.kind, t.planned_start, t.due, t.effort_hours, t.status, t.done_on, "
    "t.status_reason, t.created_at, t.version"
)


_KINDS = {k.value: k for k in TaskKind}  # as _GOAL_KINDS
_STATUSES = {s.value: s for s in TaskStatus}


def task_from_row(
    row: Row, depends_on: tuple[int, ...] = (), day: Callable[[str | None], date | None] = to_date
) -> Task:
    return Task(
        id=row["id"],
        goal_id=row["goal_id"],
        title=row["title"],
        kind=_KINDS.get(row["kind"]) or TaskKind(row["kind"]),
        planned_start=day(row["planned_start"]),
        due=day(row["due"]),
        effort_hours=row["effort_hours"],
        status=_STATUSES.get(row["status"]) or TaskStatus(row["status"]),
        done_on=day(row["done_on"]),
        status_reason=row["status_reason"],
        created_at=to_datetime(row["created_at"]),
        version=row["version"],
        depends_on=depends_on,
    )


def task_params(task: Task) -> dict[str, Any]:
    return {
        "id": task.id,
        "goal_id": task.goal_id,
        "title": task.title,
        "kind": str(task.kind),
        "planned_start": task.planned_start.isoformat() if task.planned_start else None,
        "due": task.due.isoformat() if task.due else None,
        "effort_hours": task.effort_hours,
        "status": str(task.status),
        "done_on": task.done_on.isoformat() if task.done_on else None,
        "status_reason": task.status_reason,
        "created_at": task.created_at.isoformat() if task.created_at else None,
        "version": task.version,
    }


class SqlTaskRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, task: Task) -> int:
        task_id = self.db.insert(
            "INSERT INTO tasks (goal_id, title, kind, planned_start, due, effort_hours, status, done_on, "
            "status_reason, created_at, version) VALUES (:goal_id, :title, :kind, :planned_start, :due, "
            ":effort_hours, :status, :done_on, :status_reason, :created_at, :version)",
            task_params(task),
        )
        self._write_dependencies(task_id, task.depends_on)
        self.db.execute("UPDATE goals SET plan_stamp = plan_stamp + 1 WHERE id = :goal", {"goal": task.goal_id})
        return task_id

    def get(self, person_id: int, task_id: int) -> Task | None:
        found = self.get_many(person_id, [task_id])
        return found[0] if found else None

    def get_many(self, person_id: int, task_ids: Collection[int]) -> list[Task]:
        if not task_ids:
            return []
        placeholders, params = in_params("t", task_ids)
        rows = self.db.all(
            f"SELECT {TASK_COLUMNS} FROM tasks t JOIN goals g ON g.id = t.goal_id "
            f"WHERE t.id IN ({placeholders}) AND g.person_id = :person ORDER BY t.id",
            {**params, "person": person_id},
        )
        return self._with_dependencies(rows)

    def update(self, task: Task) -> Task:
        assert task.id is not None
        # The plan of the goal it belongs to, and of the one it leaves if it moves, changes (see plan_stamps).
        self.db.execute(
            "UPDATE goals SET plan_stamp = plan_stamp + 1 "
            "WHERE id = :goal OR id IN (SELECT goal_id FROM tasks WHERE id = :id)",
            {"goal": task.goal_id, "id": task.id},
        )
        cursor = self.db.execute(
            "UPDATE tasks SET goal_id = :goal_id, title = :title, kind = :kind, planned_start = :planned_start, "
            "due = :due, effort_hours = :effort_hours, status = :status, done_on = :done_on, "
            "status_reason = :status_reason, version = version + 1 WHERE id = :id AND version = :version",
            task_params(task),
        )
        if cursor.rowcount != 1:
            raise Conflict(f"Task #{task.id} was changed by someone else since you opened it; try again.")
        self.db.execute("DELETE FROM task_dependencies WHERE task_id = :id", {"id": task.id})
        self._write_dependencies(task.id, task.depends_on)
        return replace(task, version=task.version + 1)

    def for_goal(self, goal_id: int) -> list[Task]:
        rows = self.db.all(
            f"SELECT {TASK_COLUMNS} FROM tasks t WHERE t.goal_id = :goal "
            "ORDER BY t.due IS NULL, t.due, t.planned_start IS NULL, t.planned_start, t.id",  # NULLs last on both
            {"goal": goal_id},
        )
        return self._with_dependencies(rows)

    def find(self, person_id: int, text: str, goal_id: int | None = None) -> list[Task]:
        in_goal = "" if goal_id is None else " AND t.goal_id = :goal"
        rows = self.db.all(
            f"SELECT {TASK_COLUMNS} FROM tasks t JOIN goals g ON g.id = t.goal_id "
            f"WHERE g.person_id = :person AND lower(t.title) LIKE :pattern ESCAPE '\\'{in_goal} ORDER BY t.id LIMIT 50",
            {"person": person_id, "pattern": f"%{_escape_like(text)}%", "goal": goal_id},
        )
        return self._with_dependencies(rows)

    def dependants(self, task_id: int) -> list[Task]:
        rows = self.db.all(
            f"SELECT {TASK_COLUMNS} FROM tasks t JOIN task_dependencies d ON d.task_id = t.id "
            "WHERE d.depends_on_id = :id ORDER BY t.id",
            {"id": task_id},
        )
        return self._with_dependencies(rows)

    def dependencies_of(self, task_ids: list[int]) -> dict[int, list[int]]:
        if not task_ids:
            return {}
        placeholders, params = in_params("t", task_ids)
        found: dict[int, list[int]] = {}
        for row in self.db.all(
            f"SELECT task_id, depends_on_id FROM task_dependencies WHERE task_id IN ({placeholders}) "
            "ORDER BY task_id, depends_on_id",
            params,
        ):
            found.setdefault(row["task_id"], []).append(row["depends_on_id"])
        return found

    def plan_summaries(self, person_id: int, goal_ids: Collection[int] | None = None) -> dict[int, PlanSummary]:
        params: dict[str, Any] = {"person": person_id}
        mine = "t.goal_id IN (SELECT id FROM goals WHERE person_id = :person)"
        if goal_ids is not None:
            placeholders, ids = in_params("g", goal_ids)
            mine += f" AND t.goal_id IN ({placeholders})"
            params.update(ids)
        # Each (goal, status) is one run of the tasks_goal_status index: nothing is sorted, no table row read,
        # and a goal's dropped tasks are skipped over rather than read. Python adds them up.
        rows = self.db.all(
            "SELECT t.goal_id AS goal_id, t.status AS status, COUNT(*) AS tasks, "
            "COUNT(t.effort_hours) AS estimated, SUM(t.effort_hours) AS effort FROM tasks t "
            f"WHERE {mine} AND t.status IN ('done', 'open') GROUP BY t.goal_id, t.status",
            params,
        )
        parts: dict[int, dict[str, tuple[int, float, int]]] = {}  # goal -> status -> tasks, effort, unestimated
        for r in rows:
            tasks = int(r["tasks"])
            parts.setdefault(r["goal_id"], {})[r["status"]] = (
                tasks,
                float(r["effort"] or 0),
                tasks - int(r["estimated"]),
            )
        none = (0, 0.0, 0)
        summaries: dict[int, PlanSummary] = {}
        for goal_id, by_status in parts.items():
            done, still_open = by_status.get("done", none), by_status.get("open", none)
            summaries[goal_id] = PlanSummary(
                tasks=done[0] + still_open[0],
                done=done[0],
                effort=done[1] + still_open[1],
                effort_done=done[1],
                unestimated=done[2] + still_open[2],
                unestimated_done=done[2],
            )
        return summaries

    def plan_stamps(self, person_id: int) -> dict[int, int]:
        rows = self.db.all("SELECT id, plan_stamp FROM goals WHERE person_id = :person", {"person": person_id})
        return {r["id"]: int(r["plan_stamp"]) for r in rows}

    def window_counts(
        self, person_id: int, today: date, horizon: date, goal_ids: Collection[int] | None = None
    ) -> dict[int, TaskWindow]:
        """Per goal: open tasks overdue (and how many of them milestones), and open tasks due by the horizon."""
        kinds, params = in_params("kind", [k.value for k in TaskKind])
        params.update(person=person_id, today=today.isoformat(), horizon=horizon.isoformat())
        mine = "t.goal_id IN (SELECT id FROM goals WHERE person_id = :person)"
        if goal_ids is not None:
            placeholders, ids = in_params("g", goal_ids)
            mine += f" AND t.goal_id IN ({placeholders})"
            params.update(ids)
        # Naming every kind lets each count seek its range of due dates within every (goal, open, kind) run of
        # tasks_goal_status: only the tasks counted are read.
        open_tasks = f"FROM tasks t WHERE {mine} AND t.status = 'open' AND t.kind IN ({kinds})"
        rows = self.db.all(
            f"SELECT t.goal_id AS goal_id, t.kind AS kind, 'overdue' AS which, COUNT(*) AS n {open_tasks} "
            "AND t.due < :today GROUP BY t.goal_id, t.kind "
            f"UNION ALL SELECT t.goal_id, t.kind, 'due_soon', COUNT(*) {open_tasks} "
            "AND t.due >= :today AND t.due <= :horizon GROUP BY t.goal_id, t.kind",
            params,
        )
        found: dict[int, list[int]] = {}  # goal -> overdue, overdue milestones, due soon
        for r in rows:
            numbers, n = found.setdefault(r["goal_id"], [0, 0, 0]), int(r["n"])
            if r["which"] == "due_soon":
                numbers[2] += n
            else:
                numbers[0] += n
                numbers[1] += n if r["kind"] == TaskKind.MILESTONE else 0
        counts = {goal_id: TaskWindow(*numbers) for goal_id, numbers in found.items()}
        return counts

    def open_page(
        self, person_id: int, *, limit: int, overdue_before: date | None = None, total: int | None = None
    ) -> TaskPage:
        condition = "g.person_id = :person AND g.status = 'active' AND t.status = 'open'"
        params: dict[str, Any] = {"person": person_id, "limit": limit}
        if overdue_before is not None:
            condition += " AND t.due < :before"
            params["before"] = overdue_before.isoformat()
        # Two ways to the page. With many open tasks (a long career record), walk the tasks_status_order index
        # in the page's order and stop once full. With few (`total`, when the caller knows it), start from the
        # person's goals and sort their tasks: the walk would pass every other person's open tasks on a shared
        # database. CROSS JOIN keeps SQLite to that order; PostgreSQL plans either as it sees fit.
        few = total is not None and total <= FEW_OPEN_TASKS
        tables = "goals g CROSS JOIN tasks t" if few else "tasks t JOIN goals g ON TRUE"
        rows = self.db.all(
            f"SELECT {TASK_COLUMNS} FROM {tables} WHERE t.goal_id = g.id AND {condition} "
            "ORDER BY t.due IS NULL, t.due, t.id LIMIT :limit",
            params,
        )
        if total is None:
            total = self._count(condition, params, overdue_before is not None)
        return TaskPage(self._with_dependencies(rows), total)

    def _count(self, condition: str, params: dict[str, Any], overdue: bool) -> int:
        # Goal by goal through tasks_goal_status, without reading a table row: CROSS JOIN keeps SQLite to that
        # order (PostgreSQL plans it as any inner join). Naming every kind lets the overdue count seek the range
        # of due dates within each (goal, status, kind) run of that index instead of reading all of it.
        if overdue:
            kinds, kind_params = in_params("kind", [k.value for k in TaskKind])
            condition += f" AND t.kind IN ({kinds})"
            params = {**params, **kind_params}
        count = self.db.one(
            f"SELECT COUNT(*) AS n FROM goals g CROSS JOIN tasks t WHERE t.goal_id = g.id AND {condition}", params
        )
        return int(count["n"]) if count else 0

    def iter_all(self, person_id: int) -> Iterator[Task]:
        cursor = self.db.execute(  # in the order of the tasks_goal_order index: nothing to sort
            f"SELECT {TASK_COLUMNS} FROM tasks t WHERE t.goal_id IN (SELECT id FROM goals WHERE person_id = :person) "
            "ORDER BY t.goal_id, t.due IS NULL, t.due, t.id",
            {"person": person_id},
        )
        dependencies: dict[int, list[int]] = {}
        for row in self.db.all(
            "SELECT d.task_id, d.depends_on_id FROM task_dependencies d JOIN tasks t ON t.id = d.task_id "
            "JOIN goals g ON g.id = t.goal_id WHERE g.person_id = :person",
            {"person": person_id},
        ):
            dependencies.setdefault(row["task_id"], []).append(row["depends_on_id"])
        day = lru_cache(maxsize=None)(to_date)  # a long listing repeats the same few hundred dates
        while batch := cursor.fetchmany(1000):
            for row in batch:
                yield task_from_row(row, tuple(sorted(dependencies.get(row["id"], ()))), day)

    def _write_dependencies(self, task_id: int, depends_on: tuple[int, ...]) -> None:
        for dep in depends_on:
            self.db.execute(
                "INSERT INTO task_dependencies (task_id, depends_on_id) VALUES (:task, :dep)",
                {"task": task_id, "dep": dep},
            )

    def _with_dependencies(self, rows: list[Row]) -> list[Task]:
        deps = self.dependencies_of([r["id"] for r in rows])
        return [task_from_row(r, tuple(deps.get(r["id"], ()))) for r in rows]
