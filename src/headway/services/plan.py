"""Use cases for course correction: history, baselines and the plan against its baseline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from headway.domain.goals import Goal
from headway.domain.records import Baseline, BaselineItem, Revision
from headway.domain.schedule import BaselineChanges, compare_to_baseline
from headway.domain.tasks import Task, TaskStatus
from headway.services.common import person_id, resolve_goal
from headway.services.ports import UnitOfWork


def goal_history(uow: UnitOfWork, ref: str) -> tuple[Goal, list[Revision]]:
    with uow.read():
        goal = resolve_goal(uow, person_id(uow), ref)
        assert goal.id is not None
        return goal, uow.revisions.for_goal(goal.id)


def save_baseline(uow: UnitOfWork, ref: str, *, label: str, now: datetime) -> Baseline:
    """Keep the goal's current plan (every task not dropped) as the baseline to compare against."""
    with uow.write():
        goal = resolve_goal(uow, person_id(uow), ref)
        assert goal.id is not None
        items = tuple(
            BaselineItem(t.id, t.title, t.planned_start, t.due, t.effort_hours)
            for t in uow.tasks.for_goal(goal.id)
            if t.id is not None and t.status != TaskStatus.DROPPED
        )
        baseline = Baseline(goal.id, now, label.strip(), goal.target_date, items)
        baseline_id = uow.baselines.add(baseline)
        uow.revisions.add(
            Revision(goal.id, now, "baseline", "-", f"saved with {len(items)} tasks", reason=label.strip())
        )
        return Baseline(goal.id, now, label.strip(), goal.target_date, items, id=baseline_id)


@dataclass(frozen=True)
class PlanRow:
    task: Task
    baseline: BaselineItem | None

    @property
    def slip_days(self) -> int | None:
        """Days the due date moved since the baseline (positive: later)."""
        if self.baseline is None or self.baseline.due is None or self.task.due is None:
            return None
        return (self.task.due - self.baseline.due).days


@dataclass(frozen=True)
class PlanView:
    goal: Goal
    rows: list[PlanRow]
    baseline: Baseline | None
    dropped_since_baseline: list[BaselineItem]
    changes: BaselineChanges | None = None  # how often, how far and why the plan moved since the baseline


def plan_view(uow: UnitOfWork, ref: str, *, tasks: list[Task] | None = None) -> PlanView:
    """The goal's plan against its latest baseline. `tasks`: the goal's tasks, when the caller has just read
    them in the same transaction (the goal's page reads them once for all its parts)."""
    with uow.read():
        goal = resolve_goal(uow, person_id(uow), ref)
        assert goal.id is not None
        tasks = uow.tasks.for_goal(goal.id) if tasks is None else tasks
        baseline = uow.baselines.latest(goal.id)
        revisions = uow.revisions.for_goal(goal.id) if baseline else []
    in_baseline = {item.task_id: item for item in baseline.items} if baseline else {}
    rows = [PlanRow(t, in_baseline.get(t.id) if t.id is not None else None) for t in tasks]
    live = {t.id for t in tasks if t.status != TaskStatus.DROPPED}
    dropped = [item for tid, item in in_baseline.items() if tid not in live]
    changes = compare_to_baseline(baseline, tasks, revisions) if baseline else None
    return PlanView(goal, [r for r in rows if r.task.status != TaskStatus.DROPPED], baseline, dropped, changes)
