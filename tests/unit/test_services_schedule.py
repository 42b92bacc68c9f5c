"""The schedule use cases on the in-memory store: a goal's schedule, replanning a slip, drift from the baseline."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from headway.domain.capacity import remaining_hours
from headway.domain.errors import PlanConflict, ReasonRequired, ValidationError
from headway.domain.goals import GoalStatus
from headway.domain.tasks import TaskStatus
from headway.services.goals import set_goal_status
from headway.services.plan import goal_history, plan_view, save_baseline
from headway.services.schedule import goal_schedule, plan_changes, replan_goal
from headway.services.tasks import edit_task
from tests.unit.fakes import FakeUnitOfWork
from tests.unit.helpers import NOW, TODAY, goal, ref, task

SLIPPED = "The regional manager is away until March."


@pytest.fixture
def regional(uow: FakeUnitOfWork) -> str:
    """Goal #1 'Lead a regional team' to 2027-12-31, with a plan:

    #1 Propose a pilot team       milestone, due 2027-01-31, 12 h
    #2 Lead the pilot             milestone, 2027-02-01 -> 2027-03-31, 60 h, after #1
    #3 Write the results summary  due 2027-04-15, 4 h, after #2
    #4 Present the results        due 2027-06-30, 3 h, after #2 and #3
    #5 Read 'The Coaching Habit'  no date, no estimate
    """
    regional = ref(goal(uow, "Lead a regional team", start=date(2026, 1, 1), target=date(2027, 12, 31)))
    task(uow, regional, "Propose a pilot team", due=date(2027, 1, 31), effort=12, milestone=True)
    task(
        uow,
        regional,
        "Lead the pilot",
        start=date(2027, 2, 1),
        due=date(2027, 3, 31),
        effort=60,
        after=["#1"],
        milestone=True,
    )
    task(uow, regional, "Write the results summary", due=date(2027, 4, 15), effort=4, after=["#2"])
    task(uow, regional, "Present the results", due=date(2027, 6, 30), effort=3, after=["#2", "#3"])
    task(uow, regional, "Read 'The Coaching Habit'")
    return regional


# --- goal_schedule -----------------------------------------------------------------------------------------


def test_the_schedule_of_a_goal_follows_its_dependencies_at_the_persons_capacity(
    uow: FakeUnitOfWork, regional: str
) -> None:
    view = goal_schedule(uow, regional, TODAY)
    plan = view.schedule
    assert view.goal.title == "Lead a regional team"
    assert plan.capacity == 6.0
    assert plan.critical_path == [2, 3, 4]  # the pilot starts on its planned start, 2027-02-01
    assert plan.bound == "dependencies"
    assert plan.remaining_hours == pytest.approx(12 + 60 + 4 + 3 + 79 / 4)  # #5 counts as the average, 19.75 h
    with uow.read():
        summary = uow.tasks.plan_summaries(1)[1]
    assert remaining_hours(summary) == pytest.approx(plan.remaining_hours)  # the dashboard's figure agrees

    with uow.write():  # twice the hours a week: the pilot takes half the days
        profile = uow.profiles.get_default()
        assert profile is not None
        uow.profiles.update(replace(profile, weekly_capacity_hours=12.0))
    faster = goal_schedule(uow, regional, TODAY).schedule
    assert faster.capacity == 12.0
    assert faster.dependency_finish is not None
    assert plan.dependency_finish is not None
    assert faster.dependency_finish < plan.dependency_finish


def test_the_schedule_ignores_a_wait_for_a_task_of_an_abandoned_goal(uow: FakeUnitOfWork, regional: str) -> None:
    mba = ref(goal(uow, "Complete an MBA", target=date(2028, 6, 30)))
    task(uow, mba, "Finish the finance module", due=date(2027, 9, 1), effort=40)
    edit_task(uow, "#5", {"after_add": ["#6"]}, reason="", now=NOW)
    waiting = goal_schedule(uow, regional, TODAY).schedule
    assert "#5 'Read 'The Coaching Habit'' waits for #6 'Finish the finance module' of goal #2, taken to finish by " \
        "2027-09-01." in waiting.notes  # fmt: skip
    set_goal_status(uow, mba, GoalStatus.ABANDONED, reason="The company stopped paying for it", now=NOW)
    freed = goal_schedule(uow, regional, TODAY).schedule
    assert {s.task.id: s.earliest_start for s in freed.tasks}[5] == TODAY
    assert any("which was abandoned: that dependency is ignored" in note for note in freed.notes)
    assert goal_schedule(uow, mba, TODAY).schedule.tasks == []


# --- replan_goal -------------------------------------------------------------------------------------------


def test_a_replan_moves_the_slipped_task_and_its_dependants_and_keeps_the_reason(
    uow: FakeUnitOfWork, regional: str
) -> None:
    result = replan_goal(uow, regional, "pilot team", date(2027, 3, 1), SLIPPED, now=NOW, today=TODAY)
    # The pilot waits for #1 but is due 2027-03-31, after #1's new date: it has room, and stays.
    assert [(m.task.id, m.due, m.days) for m in result.moves] == [(1, date(2027, 3, 1), 29)]
    result = replan_goal(uow, regional, "#2", date(2027, 5, 15), SLIPPED, now=NOW, today=TODAY)
    assert [(m.task.id, m.planned_start, m.due, m.days) for m in result.moves] == [
        (2, date(2027, 2, 1), date(2027, 5, 15), 45),  # the slipped task keeps its start
        (3, None, date(2027, 5, 15), 30),  # just enough; #4, due 2027-06-30, has room
    ]
    history = goal_history(uow, regional)[1]
    moved = [(r.task_id, r.field, r.before, r.after, r.reason) for r in history[-3:]]
    assert moved == [
        (1, "due", "2027-01-31", "2027-03-01", SLIPPED),
        (2, "due", "2027-03-31", "2027-05-15", SLIPPED),
        (3, "due", "2027-04-15", "2027-05-15", SLIPPED),
    ]


def test_a_replan_moves_a_planned_start_with_its_due_date(uow: FakeUnitOfWork, regional: str) -> None:
    result = replan_goal(uow, regional, "#1", date(2027, 4, 10), SLIPPED, now=NOW, today=TODAY)
    assert [(m.task.id, m.planned_start, m.due) for m in result.moves] == [
        (1, None, date(2027, 4, 10)),
        (2, date(2027, 2, 11), date(2027, 4, 10)),  # ten days later, start and due
    ]
    fields = [(r.task_id, r.field) for r in goal_history(uow, regional)[1][-3:]]
    assert fields == [(1, "due"), (2, "planned_start"), (2, "due")]  # one revision per moved field


def test_a_replan_without_a_reason_is_refused_and_changes_nothing(uow: FakeUnitOfWork, regional: str) -> None:
    before = uow.tables.snapshot()
    with pytest.raises(ReasonRequired, match="Moving a task's due date later needs a reason") as refused:
        replan_goal(uow, regional, "#1", date(2027, 3, 1), "  ", now=NOW, today=TODAY)
    assert refused.value.hint is not None
    assert "--reason" in refused.value.hint
    assert uow.tables == before


def test_a_replan_past_the_target_date_is_refused_and_changes_nothing(uow: FakeUnitOfWork, regional: str) -> None:
    team = ref(goal(uow, "Hire my first report", target=date(2027, 6, 30)))
    task(uow, team, "Interview candidates", due=date(2027, 5, 1), after=["#2"])
    before = uow.tables.snapshot()
    with pytest.raises(PlanConflict, match=r"move #6 'Interview candidates' to 2027-07-15, past goal #2's target"):
        replan_goal(uow, regional, "#2", date(2027, 7, 15), SLIPPED, now=NOW, today=TODAY)
    with pytest.raises(PlanConflict, match=r"move #1 'Propose a pilot team' to 2028-01-15") as refused:
        replan_goal(uow, regional, "#1", date(2028, 1, 15), SLIPPED, now=NOW, today=TODAY)
    assert refused.value.hint is not None
    assert "Change the goal's target date first" in refused.value.hint
    assert uow.tables == before


def test_a_replan_moves_a_waiting_task_of_another_goal_but_not_of_an_abandoned_one(
    uow: FakeUnitOfWork, regional: str
) -> None:
    team = ref(goal(uow, "Hire my first report", target=date(2027, 12, 31)))
    task(uow, team, "Interview candidates", due=date(2027, 5, 1), after=["#2"])
    side = ref(goal(uow, "Write about the pilot", target=date(2027, 12, 31)))
    task(uow, side, "Draft the article", due=date(2027, 4, 1), after=["#2"])
    set_goal_status(uow, side, GoalStatus.ABANDONED, reason="No time", now=NOW)
    result = replan_goal(uow, regional, "#2", date(2027, 6, 1), SLIPPED, now=NOW, today=TODAY)
    assert [(m.task.id, m.task.goal_id, m.due) for m in result.moves] == [
        (2, 1, date(2027, 6, 1)),
        (3, 1, date(2027, 6, 1)),
        (6, 2, date(2027, 6, 1)),  # #7 waits for #2 too, but its goal was abandoned
    ]
    assert [r.reason for r in goal_history(uow, team)[1] if r.field == "due"] == [SLIPPED]


def test_what_a_replan_refuses(uow: FakeUnitOfWork, regional: str) -> None:
    other = ref(goal(uow, "Run a marathon"))
    task(uow, other, "Run a 10k", due=date(2027, 3, 1))
    with pytest.raises(ValidationError, match="in the past"):
        replan_goal(uow, regional, "#1", date(2026, 11, 1), SLIPPED, now=NOW, today=TODAY)
    with pytest.raises(ValidationError, match="belongs to goal #2, not to goal #1"):
        replan_goal(uow, regional, "#6", date(2027, 4, 1), SLIPPED, now=NOW, today=TODAY)
    with pytest.raises(ValidationError, match="moves a slipped task later"):
        replan_goal(uow, regional, "#2", date(2027, 3, 1), SLIPPED, now=NOW, today=TODAY)
    edit_task(uow, "#5", {"status": TaskStatus.DROPPED}, reason="Read it already", now=NOW)
    with pytest.raises(ValidationError, match="is dropped: only an open task can slip"):
        replan_goal(uow, regional, "#5", date(2027, 3, 1), SLIPPED, now=NOW, today=TODAY)
    set_goal_status(uow, regional, GoalStatus.ABANDONED, reason="The pilot was cancelled", now=NOW)
    with pytest.raises(ValidationError, match="was abandoned: its plan is closed"):
        replan_goal(uow, regional, "#1", date(2027, 3, 1), SLIPPED, now=NOW, today=TODAY)


# --- plan_changes and the plan against its baseline --------------------------------------------------------


def test_the_changes_since_the_baseline_count_the_moves_and_keep_the_reasons(
    uow: FakeUnitOfWork, regional: str
) -> None:
    assert plan_changes(uow, regional)[1] is None
    save_baseline(uow, regional, label="agreed with my manager", now=NOW)
    replan_goal(uow, regional, "#2", date(2027, 5, 15), SLIPPED, now=NOW, today=TODAY)
    edit_task(uow, "#4", {"due": date(2027, 7, 31)}, reason="The leadership offsite moved", now=NOW)
    replan_goal(uow, regional, "#1", date(2027, 3, 1), SLIPPED, now=NOW, today=TODAY)
    goal_, changes = plan_changes(uow, regional)
    assert goal_.title == "Lead a regional team"
    assert changes is not None
    assert changes.changes == 4  # #2 and #3 in the first replan, #4, then #1
    assert changes.days_moved == 45 + 30 + 31 + 29
    assert changes.reasons == [SLIPPED, "The leadership offsite moved"]
    assert [(s.task.id, s.days) for s in changes.slips] == [(1, 29), (2, 45)]
    assert plan_view(uow, regional).changes == changes
