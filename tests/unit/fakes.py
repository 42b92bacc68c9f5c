"""In-memory repositories and unit of work that behave like the SQL ones (adapters/db), for fast service tests.

They follow the SQL repositories' observable behaviour: ordering, scoping to a person, version checks, what
each query leaves out, the schema's ON DELETE actions. Where the database would refuse something (a reference
to a row that does not exist, a repository used outside a transaction, a write inside a read-only one), the
fake refuses too, so a service that only works by accident fails here first.

Every protocol's fake sits in this one module, longer than the house's ~400 lines, so that a reader can hold
it side by side with adapters/db; only the export document's shape lives apart, in fake_archive.py.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from headway.domain.dates import month_key
from headway.domain.errors import Conflict, ValidationError
from headway.domain.goals import Goal, GoalStatus, check_parent
from headway.domain.progress import PlanSummary
from headway.domain.records import Baseline, CheckIn, Investment, Profile, Ratings, Review, Revision, SeriesPoint
from headway.domain.skills import Evidence, SkillLevel, check_level
from headway.domain.tasks import Task, TaskStatus
from headway.services.ports import CachedForecast, CachedHabits, CachedPlan, StoredSummary, TaskPage, TaskWindow
from tests.unit.fake_archive import PersonRecord, from_document, to_document

if TYPE_CHECKING:
    from headway.services.checkin_drafts import CheckinDraft
    from headway.services.ports import UnitOfWork

FIND_LIMIT = 50  # tasks.find returns at most this many, as the SQL does


class IntegrityError(Exception):
    """What the schema would refuse: a dangling reference, a duplicate key, a missing value."""


class TransactionError(Exception):
    """A repository used outside a transaction, or a write where the transaction is read-only."""


class Mode(Enum):
    READ = "read"
    WRITE = "write"


@dataclass
class Tables:
    """Every stored row by id, and the last id each table handed out."""

    profiles: dict[int, Profile] = field(default_factory=dict)
    goals: dict[int, Goal] = field(default_factory=dict)
    tasks: dict[int, Task] = field(default_factory=dict)
    checkins: dict[int, CheckIn] = field(default_factory=dict)
    investments: dict[int, Investment] = field(default_factory=dict)
    revisions: dict[int, Revision] = field(default_factory=dict)
    baselines: dict[int, Baseline] = field(default_factory=dict)
    reviews: dict[int, Review] = field(default_factory=dict)
    skill_levels: dict[int, SkillLevel] = field(default_factory=dict)
    goal_occupations: dict[int, str] = field(default_factory=dict)  # goal id -> occupation code
    gap_milestones: dict[int, tuple[str, float, str]] = field(default_factory=dict)  # task id -> element, level, code
    plan_stamps: dict[int, int] = field(default_factory=dict)  # goal id -> writes to its tasks (goals.plan_stamp)
    plan_cache: dict[int, CachedPlan] = field(default_factory=dict)  # goal id -> entry
    forecast_cache: dict[int, CachedForecast] = field(default_factory=dict)  # goal id -> entry
    habits_cache: dict[int, CachedHabits] = field(default_factory=dict)  # person id -> entry
    data_stamps: dict[int, int] = field(default_factory=dict)  # person id -> writes (people.data_stamp)
    summaries: dict[int, tuple[int, str, int, str]] = field(default_factory=dict)  # person -> stamp, day, format, doc
    checkin_drafts: dict[int, CheckinDraft] = field(default_factory=dict)  # person id -> their check-in in progress
    last_id: dict[str, int] = field(default_factory=dict)

    def snapshot(self) -> Tables:
        """A copy to restore on rollback. The rows are frozen dataclasses, so copying the dicts is enough."""
        return Tables(**{f.name: dict(getattr(self, f.name)) for f in fields(self)})

    def next_id(self, table: str) -> int:
        self.last_id[table] = self.last_id.get(table, 0) + 1
        return self.last_id[table]


class FakeUnitOfWork:
    """Every repository over one set of in-memory tables, with read and write transactions."""

    def __init__(self) -> None:
        self.tables = Tables()
        self.mode: Mode | None = None
        self.profiles = FakeProfileRepository(self)
        self.goals = FakeGoalRepository(self)
        self.tasks = FakeTaskRepository(self)
        self.checkins = FakeCheckinRepository(self)
        self.investments = FakeInvestmentRepository(self)
        self.revisions = FakeRevisionRepository(self)
        self.baselines = FakeBaselineRepository(self)
        self.archive = FakeArchiveRepository(self)
        self.reviews = FakeReviewRepository(self)
        self.skills = FakeSkillRepository(self)
        self.forecast_cache = FakeForecastCacheRepository(self)
        self.plan_cache = FakePlanCacheRepository(self)
        self.habits_cache = FakeHabitsCacheRepository(self)
        self.summaries = FakeSummaryRepository(self)
        self.drafts = FakeDraftRepository(self)
        self.stamping = True  # writes move the data stamp on, as SqlUnitOfWork.write does; try_write's do not
        self.refuse_writes = False  # try_write's database is read-only or busy: it writes nothing

    @contextmanager
    def write(self) -> Iterator[None]:
        """All or nothing: if the block raises, the tables go back to the snapshot taken on entry."""
        if self.mode is Mode.READ:
            # Nested transactions join the outer one; on PostgreSQL that is READ ONLY and refuses the write.
            raise TransactionError("write() inside read(): the outer read-only transaction would refuse it.")
        if self.mode is Mode.WRITE:  # nested: joins the outer transaction, as Database.transaction does
            yield
            return
        snapshot = self.tables.snapshot()
        self.mode = Mode.WRITE
        try:
            yield
            if self.stamping and self.tables.profiles:
                person = min(self.tables.profiles)
                self.tables.data_stamps[person] = self.tables.data_stamps.get(person, 0) + 1
        except BaseException:
            self.tables = snapshot
            raise
        finally:
            self.mode = None

    def try_write(self, action: Callable[[], None]) -> bool:
        """As the SQL one: `action` in a write transaction unless the database refuses it (refuse_writes)."""
        if self.mode is not None:
            raise TransactionError("try_write() inside a transaction: a refused write would break the outer one.")
        if self.refuse_writes:
            return False
        self.stamping = False
        try:
            with self.write():
                action()
        finally:
            self.stamping = True
        return True

    @contextmanager
    def read(self) -> Iterator[None]:
        if self.mode is not None:  # nested: joins the outer transaction
            yield
            return
        self.mode = Mode.READ
        try:
            yield
        finally:
            self.mode = None

    def require(self, mode: Mode) -> Tables:
        """The tables, provided the caller is inside a transaction that allows `mode`."""
        if self.mode is None:
            raise TransactionError("A repository was used outside uow.read() or uow.write().")
        if mode is Mode.WRITE and self.mode is not Mode.WRITE:
            raise TransactionError("A repository wrote inside uow.read(), a read-only transaction.")
        return self.tables


class _Repository:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def _read(self) -> Tables:
        return self._uow.require(Mode.READ)

    def _write(self) -> Tables:
        return self._uow.require(Mode.WRITE)


def _seconds(moment: datetime) -> datetime:
    """Revision and baseline times are stored as ISO text to the second."""
    return moment.replace(microsecond=0)


def _not_null(value: object, column: str) -> None:
    if value is None:
        raise IntegrityError(f"{column} is NOT NULL.")


def _title_search(text: str) -> str:
    """What a title must contain, as the SQL's LIKE sees it: lower-cased, with '%' and backslashes dropped."""
    return text.strip().lower().replace("\\", "").replace("%", "")


def _due_order(task: Task) -> tuple[bool, date, int]:
    """ORDER BY due IS NULL, due, id: undated tasks last."""
    return (task.due is None, task.due or date.min, task.id or 0)


class FakeProfileRepository(_Repository):
    def get_default(self) -> Profile | None:
        profiles = self._read().profiles
        return profiles[min(profiles)] if profiles else None

    def add(self, profile: Profile) -> int:
        tables = self._write()
        _not_null(profile.created_at, "people.created_at")
        profile_id = tables.next_id("people")
        tables.profiles[profile_id] = replace(profile, id=profile_id)
        return profile_id

    def update(self, profile: Profile) -> None:
        tables = self._write()
        if profile.id is None or profile.id not in tables.profiles:  # an UPDATE matching no row changes nothing
            return
        tables.profiles[profile.id] = replace(profile, created_at=tables.profiles[profile.id].created_at)


class FakeGoalRepository(_Repository):
    def add(self, goal: Goal) -> int:
        tables = self._write()
        self.check_references(tables, goal)
        goal_id = tables.next_id("goals")
        tables.goals[goal_id] = replace(goal, id=goal_id)
        return goal_id

    def get(self, person_id: int, goal_id: int) -> Goal | None:
        goal = self._read().goals.get(goal_id)
        return goal if goal is not None and goal.person_id == person_id else None

    def update(self, goal: Goal) -> Goal:
        tables = self._write()
        stored = tables.goals.get(goal.id) if goal.id is not None else None
        # UPDATE ... WHERE id AND person_id AND version: a stale version (or another person's goal) matches no row.
        if goal.id is None or stored is None or (stored.person_id, stored.version) != (goal.person_id, goal.version):
            raise Conflict(f"Goal #{goal.id} was changed by someone else since you opened it; try again.")
        self.check_references(tables, goal)
        saved = replace(goal, version=goal.version + 1)
        tables.goals[goal.id] = saved
        return saved

    def for_person(self, person_id: int, statuses: Collection[GoalStatus] | None = None) -> list[Goal]:
        goals = [
            g
            for _, g in sorted(self._read().goals.items())
            if g.person_id == person_id and (not statuses or g.status in statuses)
        ]
        return _parents_first(goals)

    def find(self, person_id: int, text: str) -> list[Goal]:
        needle = _title_search(text)
        goals = sorted(self._read().goals.items())
        return [g for _, g in goals if g.person_id == person_id and needle in g.title.lower()]

    def delete(self, goal_id: int) -> None:
        _delete_goal(self._write(), goal_id)

    @staticmethod
    def check_references(tables: Tables, goal: Goal) -> None:
        _not_null(goal.created_at, "goals.created_at")
        if goal.person_id not in tables.profiles:
            raise IntegrityError(f"goals.person_id {goal.person_id} refers to no person.")
        if goal.parent_id is not None and goal.parent_id not in tables.goals:
            raise IntegrityError(f"goals.parent_id {goal.parent_id} refers to no goal.")


def _parents_first(goals: list[Goal]) -> list[Goal]:
    """Each goal followed by its sub-goals, depth first; a goal whose parent is not in the list is a root."""
    present = {g.id for g in goals}
    ordered: list[Goal] = []

    def visit(goal: Goal) -> None:
        ordered.append(goal)
        for child in goals:
            if child.parent_id is not None and child.parent_id == goal.id:
                visit(child)

    for goal in goals:
        if goal.parent_id not in present:
            visit(goal)
    return ordered


class FakeTaskRepository(_Repository):
    def add(self, task: Task) -> int:
        tables = self._write()
        self.check_references(tables, task)
        task_id = tables.next_id("tasks")
        tables.tasks[task_id] = replace(task, id=task_id, depends_on=tuple(sorted(task.depends_on)))
        _stamp_plans(tables, task.goal_id)
        return task_id

    def get(self, person_id: int, task_id: int) -> Task | None:
        found = self.get_many(person_id, [task_id])
        return found[0] if found else None

    def get_many(self, person_id: int, task_ids: Collection[int]) -> list[Task]:
        wanted = set(task_ids)
        return [t for t in self._of_person(self._read(), person_id) if t.id in wanted]

    def update(self, task: Task) -> Task:
        tables = self._write()
        stored = tables.tasks.get(task.id) if task.id is not None else None
        if task.id is None or stored is None or stored.version != task.version:
            raise Conflict(f"Task #{task.id} was changed by someone else since you opened it; try again.")
        self.check_references(tables, task)
        _stamp_plans(tables, task.goal_id, stored.goal_id)
        # created_at is not among the columns the UPDATE sets
        tables.tasks[task.id] = replace(
            task, version=task.version + 1, depends_on=tuple(sorted(task.depends_on)), created_at=stored.created_at
        )
        return replace(task, version=task.version + 1)

    def for_goal(self, goal_id: int) -> list[Task]:
        tasks = [t for t in self._read().tasks.values() if t.goal_id == goal_id]

        def order(t: Task) -> tuple[bool, date, bool, date, int]:
            # ORDER BY due IS NULL, due, planned_start IS NULL, planned_start, id: undated last, on both counts
            return (t.due is None, t.due or date.min, t.planned_start is None, t.planned_start or date.min, t.id or 0)

        return sorted(tasks, key=order)

    def find(self, person_id: int, text: str, goal_id: int | None = None) -> list[Task]:
        needle = _title_search(text)
        matches = [
            t
            for t in self._of_person(self._read(), person_id)
            if needle in t.title.lower() and (goal_id is None or t.goal_id == goal_id)
        ]
        return matches[:FIND_LIMIT]

    def dependants(self, task_id: int) -> list[Task]:
        return [t for _, t in sorted(self._read().tasks.items()) if task_id in t.depends_on]

    def dependencies_of(self, task_ids: list[int]) -> dict[int, list[int]]:
        tasks = self._read().tasks
        return {i: sorted(tasks[i].depends_on) for i in sorted(set(task_ids)) if i in tasks and tasks[i].depends_on}

    def plan_summaries(self, person_id: int, goal_ids: Collection[int] | None = None) -> dict[int, PlanSummary]:
        summaries: dict[int, PlanSummary] = {}
        for task in self._of_person(self._read(), person_id):
            if task.status == TaskStatus.DROPPED or (goal_ids is not None and task.goal_id not in goal_ids):
                continue
            done = task.status == TaskStatus.DONE
            effort = task.effort_hours or 0.0
            unestimated = task.effort_hours is None
            s = summaries.get(task.goal_id, PlanSummary())
            summaries[task.goal_id] = PlanSummary(
                tasks=s.tasks + 1,
                done=s.done + int(done),
                effort=s.effort + effort,
                effort_done=s.effort_done + (effort if done else 0.0),
                unestimated=s.unestimated + int(unestimated),
                unestimated_done=s.unestimated_done + int(unestimated and done),
            )
        return summaries

    def plan_stamps(self, person_id: int) -> dict[int, int]:
        tables = self._read()
        return {i: tables.plan_stamps.get(i, 0) for i, g in tables.goals.items() if g.person_id == person_id}

    def open_page(
        self, person_id: int, *, limit: int, overdue_before: date | None = None, total: int | None = None
    ) -> TaskPage:
        """Open tasks of active goals, most urgent first; `total` counts every match, not only the page."""
        tables = self._read()
        matching = sorted(
            (
                t
                for t in self._of_person(tables, person_id)
                if tables.goals[t.goal_id].status == GoalStatus.ACTIVE
                and t.status == TaskStatus.OPEN
                and (overdue_before is None or (t.due is not None and t.due < overdue_before))
            ),
            key=_due_order,
        )
        return TaskPage(matching[:limit], len(matching) if total is None else total)

    def window_counts(
        self, person_id: int, today: date, horizon: date, goal_ids: Collection[int] | None = None
    ) -> dict[int, TaskWindow]:
        counts: dict[int, TaskWindow] = {}
        for t in self._of_person(self._read(), person_id):
            late = t.due is not None and t.due < today
            soon = t.due is not None and today <= t.due <= horizon
            if (
                t.status != TaskStatus.OPEN
                or not (late or soon)
                or (goal_ids is not None and t.goal_id not in goal_ids)
            ):
                continue
            before = counts.get(t.goal_id, TaskWindow())
            counts[t.goal_id] = TaskWindow(
                overdue=before.overdue + late,
                overdue_milestones=before.overdue_milestones + (late and t.kind == "milestone"),
                due_soon=before.due_soon + soon,
            )
        return counts

    def iter_all(self, person_id: int) -> Iterator[Task]:
        # Read now, not when the caller iterates: the SQL runs its query when called, inside the transaction.
        tasks = sorted(self._of_person(self._read(), person_id), key=lambda t: (t.goal_id, *_due_order(t)))
        return iter(tasks)

    @staticmethod
    def _of_person(tables: Tables, person_id: int) -> list[Task]:
        """The person's tasks in id order (a task belongs to a person through its goal)."""
        return [t for _, t in sorted(tables.tasks.items()) if tables.goals[t.goal_id].person_id == person_id]

    @staticmethod
    def check_references(tables: Tables, task: Task) -> None:
        _not_null(task.created_at, "tasks.created_at")
        if task.goal_id not in tables.goals:
            raise IntegrityError(f"tasks.goal_id {task.goal_id} refers to no goal.")
        if len(set(task.depends_on)) != len(task.depends_on):
            raise IntegrityError(f"task_dependencies: {task.label} lists a dependency twice: {task.depends_on}.")
        missing = [d for d in task.depends_on if d not in tables.tasks]
        if missing:
            raise IntegrityError(f"task_dependencies.depends_on_id refers to no task: {missing}.")


class FakeCheckinRepository(_Repository):
    def add(self, checkin: CheckIn) -> int:
        tables = self._write()
        self.check_references(tables, checkin)
        checkin_id = tables.next_id("checkins")
        entries = tuple(sorted(checkin.entries, key=lambda e: e.goal_id))
        tables.checkins[checkin_id] = replace(checkin, id=checkin_id, entries=entries)
        return checkin_id

    def days(self, person_id: int, since: date | None = None) -> list[date]:
        mine = self._read().checkins.values()
        return sorted({c.on for c in mine if c.person_id == person_id and (since is None or c.on >= since)})

    def last_date(self, person_id: int) -> date | None:
        return max((c.on for c in self._read().checkins.values() if c.person_id == person_id), default=None)

    def count(self, person_id: int, since: date | None = None) -> int:
        return len(self._since(person_id, since))

    def recent(self, person_id: int, limit: int) -> list[CheckIn]:
        mine = [c for c in self._read().checkins.values() if c.person_id == person_id]
        return sorted(mine, key=lambda c: (c.on, c.id or 0), reverse=True)[:limit]

    def _since(self, person_id: int, since: date | None) -> list[CheckIn]:
        mine = [
            c for c in self._read().checkins.values() if c.person_id == person_id and (since is None or c.on >= since)
        ]
        return sorted(mine, key=lambda c: (c.on, c.id or 0))

    def series(
        self, person_id: int, since: date | None = None, goal_ids: Collection[int] | None = None
    ) -> dict[int, list[SeriesPoint]]:
        found: dict[int, list[SeriesPoint]] = {}
        for c in self._since(person_id, since):
            for e in c.entries:
                if goal_ids is None or e.goal_id in goal_ids:
                    found.setdefault(e.goal_id, []).append(SeriesPoint(c.on, e.value, e.progress, e.confidence))
        return found

    def newest_entries(self, person_id: int) -> dict[int, int]:
        newest: dict[int, int] = {}
        for c in self._since(person_id, None):
            for e in c.entries:
                newest[e.goal_id] = max(newest.get(e.goal_id, 0), c.id or 0)
        return newest

    def ratings_history(
        self, person_id: int, since: date | None = None, newest: int | None = None, until: date | None = None
    ) -> list[tuple[date, Ratings]]:
        checkins = [c for c in self._since(person_id, since) if until is None or c.on <= until]
        return [(c.on, c.ratings) for c in (checkins if newest is None else checkins[-newest:] if newest else [])]

    @staticmethod
    def check_references(tables: Tables, checkin: CheckIn) -> None:
        _not_null(checkin.created_at, "checkins.created_at")
        if checkin.person_id not in tables.profiles:
            raise IntegrityError(f"checkins.person_id {checkin.person_id} refers to no person.")
        goal_ids = [e.goal_id for e in checkin.entries]
        if len(set(goal_ids)) != len(goal_ids):
            raise IntegrityError("checkin_entries: one entry per goal (primary key checkin_id, goal_id).")
        if any(g not in tables.goals for g in goal_ids):
            raise IntegrityError(f"checkin_entries.goal_id refers to no goal: {goal_ids}.")


def _stamp_plans(tables: Tables, *goal_ids: int) -> None:
    """What the SQL task repository does with every write: move the plan stamp of each goal involved."""
    for goal_id in set(goal_ids):
        tables.plan_stamps[goal_id] = tables.plan_stamps.get(goal_id, 0) + 1


class FakeSummaryRepository(_Repository):
    def get(self, person_id: int, today: date, form: int) -> StoredSummary:
        tables = self._read()
        stamp = tables.data_stamps.get(person_id, 0)
        kept = tables.summaries.get(person_id)
        holds = kept is not None and kept[:3] == (stamp, today.isoformat(), form)
        return StoredSummary(stamp, kept[3] if kept is not None and holds else None)

    def put(self, person_id: int, stamp: int, today: date, form: int, document: str) -> None:
        tables = self._write()
        if person_id not in tables.profiles:
            raise IntegrityError(f"status_summaries.person_id {person_id} refers to no person.")
        tables.summaries[person_id] = (stamp, today.isoformat(), form, document)


class FakeDraftRepository(_Repository):
    def get(self, person_id: int, *, lock: bool = False) -> CheckinDraft | None:
        return self._read().checkin_drafts.get(person_id)

    def put(self, person_id: int, draft: CheckinDraft, now: datetime) -> None:
        tables = self._write()
        if person_id not in tables.profiles:
            raise IntegrityError(f"checkin_drafts.person_id {person_id} refers to no person.")
        tables.checkin_drafts[person_id] = replace(draft, updated_at=_seconds(now))

    def delete(self, person_id: int) -> None:
        self._write().checkin_drafts.pop(person_id, None)


class FakeHabitsCacheRepository(_Repository):
    def get(self, person_id: int) -> CachedHabits | None:
        return self._read().habits_cache.get(person_id)

    def put(self, person_id: int, entry: CachedHabits) -> None:
        tables = self._write()
        if person_id not in tables.profiles:
            raise IntegrityError(f"habits_cache.person_id {person_id} refers to no person.")
        tables.habits_cache[person_id] = entry


class FakePlanCacheRepository(_Repository):
    def for_person(self, person_id: int) -> dict[int, CachedPlan]:
        tables = self._read()
        return {i: e for i, e in tables.plan_cache.items() if tables.goals[i].person_id == person_id}

    def put(self, entries: Mapping[int, CachedPlan]) -> None:
        tables = self._write()
        missing = [i for i in entries if i not in tables.goals]
        if missing:
            raise IntegrityError(f"plan_cache.goal_id refers to no goal: {missing}.")
        tables.plan_cache.update(entries)


class FakeForecastCacheRepository(_Repository):
    def for_person(self, person_id: int) -> dict[int, CachedForecast]:
        tables = self._read()
        return {i: e for i, e in tables.forecast_cache.items() if tables.goals[i].person_id == person_id}

    def put(self, entries: Mapping[int, CachedForecast]) -> None:
        tables = self._write()
        missing = [i for i in entries if i not in tables.goals]
        if missing:
            raise IntegrityError(f"forecast_cache.goal_id refers to no goal: {missing}.")
        tables.forecast_cache.update({i: e._replace(readings=list(e.readings)) for i, e in entries.items()})


class FakeInvestmentRepository(_Repository):
    def add(self, investment: Investment) -> int:
        tables = self._write()
        self.check_references(tables, investment)
        investment_id = tables.next_id("investments")
        tables.investments[investment_id] = replace(investment, id=investment_id)
        return investment_id

    def month_totals(self, person_id: int) -> tuple[dict[str, float], dict[str, float]]:
        hours: dict[str, float] = {}
        amounts: dict[str, float] = {}
        for i in self._read().investments.values():
            if i.person_id == person_id:
                month = month_key(i.on)
                hours[month] = hours.get(month, 0.0) + i.hours
                amounts[month] = amounts.get(month, 0.0) + i.amount
        return hours, amounts

    def recent(self, person_id: int, limit: int) -> list[Investment]:
        mine = [i for i in self._read().investments.values() if i.person_id == person_id]
        return sorted(mine, key=lambda i: (i.on, i.id or 0), reverse=True)[:limit]

    def days(self, person_id: int) -> list[date]:
        return sorted({i.on for i in self._read().investments.values() if i.person_id == person_id})

    def count(self, person_id: int) -> int:
        return sum(i.person_id == person_id for i in self._read().investments.values())

    def newest_id(self, person_id: int) -> int:
        return max((i for i, inv in self._read().investments.items() if inv.person_id == person_id), default=0)

    def get(self, person_id: int, investment_id: int) -> Investment | None:
        found = self._read().investments.get(investment_id)
        return found if found is not None and found.person_id == person_id else None

    def delete(self, person_id: int, investment_id: int) -> None:
        tables = self._write()
        if investment_id in tables.investments and tables.investments[investment_id].person_id == person_id:
            del tables.investments[investment_id]

    def all(self, person_id: int) -> list[Investment]:
        mine = [i for i in self._read().investments.values() if i.person_id == person_id]
        return sorted(mine, key=lambda i: (i.on, i.id or 0))

    @staticmethod
    def check_references(tables: Tables, investment: Investment) -> None:
        if investment.person_id not in tables.profiles:
            raise IntegrityError(f"investments.person_id {investment.person_id} refers to no person.")
        if investment.goal_id is not None and investment.goal_id not in tables.goals:
            raise IntegrityError(f"investments.goal_id {investment.goal_id} refers to no goal.")


class FakeRevisionRepository(_Repository):
    def add(self, revision: Revision) -> None:
        tables = self._write()
        self.check_references(tables, revision)
        revision_id = tables.next_id("revisions")
        tables.revisions[revision_id] = replace(revision, id=revision_id, at=_seconds(revision.at))

    def for_person(self, person_id: int, since: datetime) -> list[Revision]:
        tables = self._read()
        mine = {i for i, g in tables.goals.items() if g.person_id == person_id}
        found = [r for r in tables.revisions.values() if r.goal_id in mine and _seconds(r.at) >= _seconds(since)]
        return sorted(found, key=lambda r: (_seconds(r.at), r.id or 0))

    def for_goal(self, goal_id: int) -> list[Revision]:
        mine = [r for r in self._read().revisions.values() if r.goal_id == goal_id]
        # ORDER BY changed_at, id: the column is ISO text, so the order is the text's.
        return sorted(mine, key=lambda r: (r.at.isoformat(), r.id or 0))

    @staticmethod
    def check_references(tables: Tables, revision: Revision) -> None:
        if revision.goal_id not in tables.goals:
            raise IntegrityError(f"revisions.goal_id {revision.goal_id} refers to no goal.")
        if revision.task_id is not None and revision.task_id not in tables.tasks:
            raise IntegrityError(f"revisions.task_id {revision.task_id} refers to no task.")


class FakeBaselineRepository(_Repository):
    def add(self, baseline: Baseline) -> int:
        tables = self._write()
        self.check_references(tables, baseline)
        baseline_id = tables.next_id("baselines")
        tables.baselines[baseline_id] = replace(
            baseline,
            id=baseline_id,
            taken_at=_seconds(baseline.taken_at),
            items=tuple(sorted(baseline.items, key=lambda item: item.task_id)),
        )
        return baseline_id

    def latest(self, goal_id: int) -> Baseline | None:
        mine = [b for b in self._read().baselines.values() if b.goal_id == goal_id]
        return max(mine, key=lambda b: (b.taken_at.isoformat(), b.id or 0), default=None)

    @staticmethod
    def check_references(tables: Tables, baseline: Baseline) -> None:
        if baseline.goal_id not in tables.goals:
            raise IntegrityError(f"baselines.goal_id {baseline.goal_id} refers to no goal.")
        task_ids = [item.task_id for item in baseline.items]
        if len(set(task_ids)) != len(task_ids):
            raise IntegrityError("baseline_items: one item per task (primary key baseline_id, task_id).")


class FakeArchiveRepository(_Repository):
    """Export, import and delete of one person's whole record, in the SQL archive's document shape."""

    def dump(self, person_id: int, now: datetime) -> dict[str, Any]:
        tables = self._read()
        goals = [g for _, g in sorted(tables.goals.items()) if g.person_id == person_id]
        goal_ids = {g.id for g in goals}
        record = PersonRecord(
            profile=tables.profiles[person_id],
            goals=goals,
            tasks=[t for _, t in sorted(tables.tasks.items()) if t.goal_id in goal_ids],
            checkins=[c for _, c in sorted(tables.checkins.items()) if c.person_id == person_id],
            investments=[i for _, i in sorted(tables.investments.items()) if i.person_id == person_id],
            revisions=[r for _, r in sorted(tables.revisions.items()) if r.goal_id in goal_ids],
            baselines=[b for _, b in sorted(tables.baselines.items()) if b.goal_id in goal_ids],
            reviews=[r for _, r in sorted(tables.reviews.items()) if r.person_id == person_id],
        )
        document = to_document(record, now)
        tasks = {t.id for t in record.tasks}
        document["skill_levels"] = [
            {
                "id": s.id,
                "element_id": s.element_id,
                "level": s.level,
                "evidence": s.evidence.value,
                "source": s.source,
                "note": s.note,
                "on_date": s.on_date.isoformat(),
                "created_at": getattr(s, "created_at", ""),
            }
            for _, s in sorted(tables.skill_levels.items())
            if s.person_id == person_id
        ]
        document["goal_occupations"] = [
            {"goal_id": g, "code": c} for g, c in sorted(tables.goal_occupations.items()) if g in goal_ids
        ]
        document["gap_milestones"] = [
            {"task_id": t, "element_id": e, "level": v, "code": c}
            for t, (e, v, c) in sorted(tables.gap_milestones.items())
            if t in tasks
        ]
        return document

    def load_into(self, person_id: int, document: Any) -> None:
        """Renumbering every row into an existing person is the SQL archive's (tests/api/test_data.py)."""
        raise NotImplementedError("the fake archive loads whole exports only")

    def load(self, document: Any) -> int:
        """Insert an export's rows with their ids; a row that breaks a constraint refuses the whole import."""
        tables = self._write()
        record = from_document(document)
        person = record.profile.id
        assert person is not None
        try:
            _insert(tables, "people", tables.profiles, person, record.profile)
            for goal in record.goals:
                _insert(tables, "goals", tables.goals, goal.id, goal)
            for task in record.tasks:
                _insert(tables, "tasks", tables.tasks, task.id, task)
            for checkin in record.checkins:
                _insert(tables, "checkins", tables.checkins, checkin.id, checkin)
            for investment in record.investments:
                _insert(tables, "investments", tables.investments, investment.id, investment)
            for revision in record.revisions:
                _insert(tables, "revisions", tables.revisions, revision.id, revision)
            for baseline in record.baselines:
                _insert(tables, "baselines", tables.baselines, baseline.id, baseline)
            for review in record.reviews:
                _insert(tables, "reviews", tables.reviews, review.id, review)
            for row in document.get("skill_levels", []):
                entry = FakeSkillLevel(
                    element_id=row["element_id"],
                    level=row["level"],
                    evidence=Evidence(row["evidence"]),
                    on_date=date.fromisoformat(row["on_date"]),
                    source=row["source"],
                    note=row["note"],
                    person_id=person,
                    id=row["id"],
                    created_at=row["created_at"],
                )
                _insert(tables, "skill_levels", tables.skill_levels, entry.id, entry)
            for row in document.get("goal_occupations", []):
                tables.goal_occupations[row["goal_id"]] = row["code"]
            for row in document.get("gap_milestones", []):
                tables.gap_milestones[row["task_id"]] = (row["element_id"], row["level"], row["code"])
            _check_all_references(tables)
        except IntegrityError as exc:
            raise ValidationError(f"The export is not consistent, so nothing was imported: {exc}") from None
        return person

    def delete_person(self, person_id: int) -> None:
        """Delete the person and, as the schema's cascades do, every row that is theirs."""
        tables = self._write()
        for goal_id in [i for i, g in tables.goals.items() if g.person_id == person_id]:
            _delete_goal(tables, goal_id)
        tables.checkins = {i: c for i, c in tables.checkins.items() if c.person_id != person_id}
        tables.investments = {i: v for i, v in tables.investments.items() if v.person_id != person_id}
        tables.reviews = {i: r for i, r in tables.reviews.items() if r.person_id != person_id}
        tables.skill_levels = {i: s for i, s in tables.skill_levels.items() if s.person_id != person_id}
        tables.habits_cache.pop(person_id, None)
        tables.summaries.pop(person_id, None)
        tables.checkin_drafts.pop(person_id, None)
        tables.data_stamps.pop(person_id, None)
        tables.profiles.pop(person_id, None)


def _insert(tables: Tables, table: str, rows: dict[int, Any], row_id: int | None, row: object) -> None:
    """Insert with an explicit id and move the table's id sequence past it."""
    if row_id is None or row_id in rows:
        raise IntegrityError(f"{table}.id {row_id} is missing or already taken.")
    rows[row_id] = row
    tables.last_id[table] = max(tables.last_id.get(table, 0), row_id)


def _check_all_references(tables: Tables) -> None:
    """Every reference the schema's foreign keys hold, checked once all rows are in."""
    parent_of = {i: g.parent_id for i, g in tables.goals.items()}
    for goal_id, goal in tables.goals.items():
        FakeGoalRepository.check_references(tables, goal)
        try:  # the SQL inserts parents first, so goals whose parents go round in a loop never get in
            check_parent(goal_id, goal.parent_id, parent_of)
        except ValidationError as exc:
            raise IntegrityError(f"goals.parent_id: {exc.message}") from None
    for task in tables.tasks.values():
        FakeTaskRepository.check_references(tables, task)
    for checkin in tables.checkins.values():
        FakeCheckinRepository.check_references(tables, checkin)
    for investment in tables.investments.values():
        FakeInvestmentRepository.check_references(tables, investment)
    for revision in tables.revisions.values():
        FakeRevisionRepository.check_references(tables, revision)
    for baseline in tables.baselines.values():
        FakeBaselineRepository.check_references(tables, baseline)


def _delete_goal(tables: Tables, goal_id: int) -> None:
    """DELETE FROM goals with the schema's ON DELETE actions: plan, entries and history go; links are cleared."""
    if tables.goals.pop(goal_id, None) is None:
        return
    gone = {i for i, t in tables.tasks.items() if t.goal_id == goal_id}
    tables.tasks = {
        i: replace(t, depends_on=tuple(d for d in t.depends_on if d not in gone))
        for i, t in tables.tasks.items()
        if i not in gone
    }
    tables.goals = {i: replace(g, parent_id=None) if g.parent_id == goal_id else g for i, g in tables.goals.items()}
    tables.reviews = {
        i: replace(r, answers=tuple(a for a in r.answers if a.goal_id != goal_id)) for i, r in tables.reviews.items()
    }
    tables.checkins = {
        i: replace(c, entries=tuple(e for e in c.entries if e.goal_id != goal_id)) for i, c in tables.checkins.items()
    }
    tables.investments = {
        i: replace(v, goal_id=None) if v.goal_id == goal_id else v for i, v in tables.investments.items()
    }
    tables.revisions = {
        i: replace(r, task_id=None) if r.task_id in gone else r
        for i, r in tables.revisions.items()
        if r.goal_id != goal_id
    }
    tables.baselines = {i: b for i, b in tables.baselines.items() if b.goal_id != goal_id}
    tables.goal_occupations.pop(goal_id, None)
    tables.forecast_cache.pop(goal_id, None)
    tables.plan_cache.pop(goal_id, None)
    tables.plan_stamps.pop(goal_id, None)
    tables.gap_milestones = {t: v for t, v in tables.gap_milestones.items() if t not in gone}


if TYPE_CHECKING:
    # mypy checks here that the fake offers everything the services may ask of a unit of work.
    _conforms: UnitOfWork = FakeUnitOfWork()


class FakeReviewRepository(_Repository):
    def add(self, review: Review) -> int:
        tables = self._write()
        if review.person_id not in tables.profiles:
            raise IntegrityError(f"reviews.person_id {review.person_id} refers to no person.")
        if any(a.goal_id not in tables.goals for a in review.answers):
            raise IntegrityError("review_answers.goal_id refers to no goal.")
        _not_null(review.created_at, "reviews.created_at")
        review_id = tables.next_id("reviews")
        tables.reviews[review_id] = replace(
            review, id=review_id, answers=tuple(sorted(review.answers, key=lambda a: a.goal_id))
        )
        return review_id

    def recent(self, person_id: int, limit: int) -> list[Review]:
        mine = [r for r in self._read().reviews.values() if r.person_id == person_id]
        return sorted(mine, key=lambda r: (r.on, r.id or 0), reverse=True)[:limit]

    def count(self, person_id: int) -> int:
        return sum(r.person_id == person_id for r in self._read().reviews.values())


@dataclass(frozen=True)
class FakeSkillLevel(SkillLevel):
    created_at: str = ""  # stored beside the row, as the SQL table's created_at column


class FakeSkillRepository(_Repository):
    def add(self, entry: SkillLevel, now: datetime) -> int:
        tables = self._write()
        if entry.person_id not in tables.profiles:
            raise IntegrityError(f"skill_levels.person_id {entry.person_id} refers to no person.")
        check_level(entry.level)
        entry_id = tables.next_id("skill_levels")
        tables.skill_levels[entry_id] = FakeSkillLevel(
            **{f.name: getattr(entry, f.name) for f in fields(SkillLevel)} | {"id": entry_id},
            created_at=now.isoformat(),
        )
        return entry_id

    def history(self, person_id: int, element_id: str | None = None) -> list[SkillLevel]:
        rows = [
            SkillLevel(**{f.name: getattr(s, f.name) for f in fields(SkillLevel)})
            for s in self._read().skill_levels.values()
            if s.person_id == person_id and element_id in (None, s.element_id)
        ]
        return sorted(rows, key=lambda s: (s.on_date, s.id or 0))

    def target_occupation(self, goal_id: int) -> str | None:
        return self._read().goal_occupations.get(goal_id)

    def set_target_occupation(self, goal_id: int, code: str | None) -> None:
        tables = self._write()
        if goal_id not in tables.goals:
            raise IntegrityError(f"goal_occupations.goal_id {goal_id} refers to no goal.")
        tables.goal_occupations.pop(goal_id, None)
        if code is not None:
            tables.goal_occupations[goal_id] = code

    def add_gap_milestone(self, task_id: int, element_id: str, level: float, code: str) -> None:
        tables = self._write()
        if task_id not in tables.tasks or task_id in tables.gap_milestones:
            raise IntegrityError(f"gap_milestones.task_id {task_id}: no such task, or already one.")
        tables.gap_milestones[task_id] = (element_id, check_level(level), code)

    def gap_milestones(self, task_ids: Collection[int]) -> dict[int, tuple[str, float, str]]:
        stored = self._read().gap_milestones
        return {t: stored[t] for t in task_ids if t in stored}
