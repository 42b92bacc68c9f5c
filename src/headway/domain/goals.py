"""Goals: what a person wants, why, how it is measured and by when."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from headway.domain.errors import ReasonRequired, ValidationError

MAX_TITLE = 200


class GoalKind(StrEnum):
    CAREER = "career"
    LEARNING = "learning"
    FINANCIAL = "financial"
    LIFE = "life"


class GoalStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    ACHIEVED = "achieved"
    ABANDONED = "abandoned"


STATUSES_NEEDING_REASON = frozenset({GoalStatus.ACHIEVED, GoalStatus.ABANDONED})


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"


@dataclass(frozen=True)
class MilestoneMeasure:
    """Progress is the completion of the goal's milestones and tasks."""

    def describe(self) -> str:
        return "milestones"


@dataclass(frozen=True)
class NumericMeasure:
    """Progress is a number moving from a start value to a target value, e.g. salary 62,000 -> 85,000 USD."""

    metric: str
    unit: str
    start: float
    target: float
    direction: Direction

    def describe(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.metric} {format_number(self.start)} -> {format_number(self.target)}{unit}"


Measure = MilestoneMeasure | NumericMeasure


def numeric_measure(
    metric: str, unit: str, start: float, target: float, direction: Direction | None = None
) -> NumericMeasure:
    """Build a numeric measure, inferring the direction from start and target when it is not given."""
    metric = metric.strip()
    if not metric:
        raise ValidationError("The measure needs a name, such as 'salary' or 'certifications'.", field="metric")
    if start == target:
        raise ValidationError(
            f"The measure's start and target are both {format_number(start)}: there is nothing to progress.",
            field="target",
        )
    inferred = Direction.INCREASE if target > start else Direction.DECREASE
    if direction is not None and direction != inferred:
        raise ValidationError(
            f"The direction is '{direction}' but the target {format_number(target)} is "
            f"{'below' if inferred == Direction.DECREASE else 'above'} the start {format_number(start)}.",
            field="direction",
            hint="Swap the start and target, or leave the direction out and Headway will infer it.",
        )
    return NumericMeasure(metric=metric, unit=unit.strip(), start=start, target=target, direction=inferred)


def format_number(value: float) -> str:
    """62000.0 -> '62,000'; 2.5 -> '2.5'."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Goal:
    """A career goal: why it matters, how it is measured, its span, and where it sits in the tree."""

    person_id: int
    title: str
    why: str
    kind: GoalKind
    measure: Measure
    start_date: date
    target_date: date
    status: GoalStatus = GoalStatus.ACTIVE
    status_reason: str = ""
    parent_id: int | None = None
    weight: float = 1.0
    current_value: float | None = None
    created_at: datetime | None = None
    id: int | None = None
    version: int = 1

    @property
    def is_open(self) -> bool:
        """Active or paused: the goal is still being pursued."""
        return self.status in (GoalStatus.ACTIVE, GoalStatus.PAUSED)

    def days_left(self, today: date) -> int:
        return (self.target_date - today).days

    def contains(self, day: date) -> bool:
        return self.start_date <= day <= self.target_date


def validate_goal(goal: Goal) -> Goal:
    """Check a goal's own rules and return it with its text trimmed."""
    title = goal.title.strip()
    if not title:
        raise ValidationError("A goal needs a title.", field="title")
    if len(title) > MAX_TITLE:
        raise ValidationError(f"The title is {len(title)} characters; keep it under {MAX_TITLE}.", field="title")
    if goal.target_date < goal.start_date:
        raise ValidationError(
            f"The target date {goal.target_date} is before the start date {goal.start_date}.",
            field="target_date",
        )
    if goal.weight <= 0:
        raise ValidationError("A goal's weight in its parent's progress must be above 0.", field="weight")
    if goal.status in STATUSES_NEEDING_REASON and not goal.status_reason.strip():
        raise ReasonRequired(
            f"Marking a goal {goal.status} needs a reason.",
            field="reason",
            hint='Add --reason "...": what happened is what you will want to read later.',
        )
    if isinstance(goal.measure, MilestoneMeasure) and goal.current_value is not None:
        goal = replace(goal, current_value=None)
    return replace(goal, title=title, why=goal.why.strip(), status_reason=goal.status_reason.strip())


@dataclass(frozen=True)
class Change:
    """One field of a goal or task before and after an edit."""

    field: str
    before: str
    after: str


# Changing these is course correction: Headway keeps the change and insists on the reason for it.
COURSE_CORRECTION_FIELDS = frozenset({"title", "target_date", "measure"})


def goal_changes(before: Goal, after: Goal) -> list[Change]:
    """The fields an edit changed, as text, in a stable order."""
    pairs: list[tuple[str, str, str]] = [
        ("title", before.title, after.title),
        ("why", before.why, after.why),
        ("kind", before.kind, after.kind),
        ("measure", before.measure.describe(), after.measure.describe()),
        ("start_date", before.start_date.isoformat(), after.start_date.isoformat()),
        ("target_date", before.target_date.isoformat(), after.target_date.isoformat()),
        ("status", before.status, after.status),
        ("parent", _ref(before.parent_id), _ref(after.parent_id)),
        ("weight", format_number(before.weight), format_number(after.weight)),
    ]
    return [Change(name, str(old), str(new)) for name, old, new in pairs if old != new]


def require_reason(changes: list[Change], reason: str) -> None:
    """Refuse a course correction that comes without a reason."""
    corrections = [c.field for c in changes if c.field in COURSE_CORRECTION_FIELDS]
    if corrections and not reason.strip():
        raise ReasonRequired(
            f"Changing a goal's {', '.join(f.replace('_', ' ') for f in corrections)} needs a reason.",
            field="reason",
            hint='Add --reason "...": why the plan changed is what you will want to read at your next review.',
        )


def check_parent(goal_id: int, new_parent_id: int | None, parent_of: dict[int, int | None]) -> None:
    """Refuse a parent that would put the goal inside its own subtree."""
    seen: set[int] = set()
    current = new_parent_id
    while current is not None and current not in seen:
        if current == goal_id:
            raise ValidationError(
                f"Goal #{goal_id} cannot sit under goal #{new_parent_id}: that goal is part of #{goal_id}'s own tree.",
                field="parent",
            )
        seen.add(current)
        current = parent_of.get(current)


def _ref(goal_id: int | None) -> str:
    return "-" if goal_id is None else f"#{goal_id}"


@dataclass(frozen=True)
class GoalTreeNode:
    """A goal with its sub-goals, for showing the tree."""

    goal: Goal
    children: list[GoalTreeNode] = field(default_factory=list)


def build_tree(goals: list[Goal]) -> list[GoalTreeNode]:
    """Arrange goals into a forest; a goal whose parent is not in the list becomes a root."""
    nodes = {g.id: GoalTreeNode(g) for g in goals if g.id is not None}
    roots: list[GoalTreeNode] = []
    for goal in goals:
        if goal.id is None:
            continue
        node = nodes[goal.id]
        parent = nodes.get(goal.parent_id) if goal.parent_id is not None else None
        (parent.children if parent else roots).append(node)
    return roots
