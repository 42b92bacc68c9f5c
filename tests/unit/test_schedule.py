"""The schedule engine (domain/schedule.py): critical path, slack, replanning and drift from the baseline.

Most tests read a small plan written out in the test; the properties at the end run over plans Hypothesis
makes up: chains, and random dependency graphs (each task may wait only for tasks with a lower number, so
every generated plan is a DAG, as the write path guarantees).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from headway.domain.capacity import DEFAULT_EFFORT_HOURS, days_of_work, remaining_hours, sequential_finish
from headway.domain.errors import PlanConflict, ValidationError
from headway.domain.progress import PlanSummary
from headway.domain.records import Baseline, BaselineItem, Revision
from headway.domain.schedule import Schedule, ScheduledTask, compare_to_baseline, replan, schedule
from headway.domain.tasks import Task, TaskKind, TaskStatus

TODAY = date(2026, 11, 25)
TARGET = date(2027, 12, 31)
GOAL = 1


def t(task_id: int, effort: float | None = 6.0, *, after: tuple[int, ...] = (), **changes: Any) -> Task:
    """Task #task_id of goal #1: 6 h (a week of work at the default 6 h a week) unless told otherwise."""
    return replace(
        Task(id=task_id, goal_id=GOAL, title=f"Task {task_id}", effort_hours=effort, depends_on=after), **changes
    )


def plan(
    *tasks: Task, target: date = TARGET, capacity: float = 6.0, closed_goals: dict[int, str] | None = None
) -> Schedule:
    """The schedule of goal #1, today 2026-11-25, target 2027-12-31, at 6 h a week unless told otherwise."""
    return schedule(tasks, goal_id=GOAL, target=target, today=TODAY, capacity=capacity, closed_goals=closed_goals)


def by_id(result: Schedule) -> dict[int | None, ScheduledTask]:
    return {s.task.id: s for s in result.tasks}


# --- the forward and backward passes -----------------------------------------------------------------------


def test_a_chain_runs_one_task_after_another_and_is_the_critical_path() -> None:
    """#1 (6 h) -> #2 (12 h) -> #3 (6 h) at 6 h a week: 7, 14 and 7 days; #4 (6 h) runs beside them."""
    result = schedule([t(1), t(2, 12, after=(1,)), t(3, after=(2,)), t(4)], goal_id=GOAL, target=TARGET, today=TODAY)
    rows = {s.task.id: s for s in result.tasks}
    assert result.critical_path == [1, 2, 3]
    assert result.span_days == pytest.approx(28)
    assert (rows[1].earliest_start, rows[1].earliest_finish) == (TODAY, TODAY + timedelta(days=6))
    assert (rows[2].earliest_start, rows[2].earliest_finish) == (date(2026, 12, 2), date(2026, 12, 15))
    assert rows[3].earliest_finish == date(2026, 12, 22) == result.dependency_finish
    assert rows[3].latest_finish == TARGET
    assert rows[4].latest_finish == TARGET
    assert [rows[i].critical for i in (1, 2, 3, 4)] == [True, True, True, False]
    slack = (TARGET - date(2026, 12, 22)).days
    assert [rows[i].slack_days for i in (1, 2, 3)] == [slack] * 3
    assert rows[4].slack_days == slack + 21  # it may finish as late as the target itself
    # 30 hours at 6 h a week, one after another: 35 days, later than the critical path's 28.
    assert result.remaining_hours == 30
    assert result.capacity_finish == TODAY + timedelta(days=34)
    assert (result.earliest_finish, result.bound) == (result.capacity_finish, "capacity")
    assert result.buffer_days == (TARGET - result.capacity_finish).days


def test_work_waits_for_its_planned_start_and_the_dependencies_can_decide_the_finish() -> None:
    late_start = TODAY + timedelta(days=100)
    result = plan(t(1), t(2, after=(1,), planned_start=late_start))
    rows = by_id(result)
    assert rows[2].earliest_start == late_start
    assert result.critical_path == [2]
    assert result.bound == "dependencies"
    assert result.earliest_finish == late_start + timedelta(days=6)


def test_done_tasks_are_finished_and_a_planned_start_in_the_past_means_today() -> None:
    result = plan(t(1, status=TaskStatus.DONE), t(2, after=(1,), planned_start=date(2026, 1, 1)))
    rows = by_id(result)
    assert list(rows) == [2]
    assert rows[2].earliest_start == TODAY


def test_a_plan_late_for_its_target_has_negative_slack_on_the_critical_path() -> None:
    """Two 6-week tasks in a row (84 days, so finishing on day 83) against a target on day 59: 24 days late."""
    result = plan(t(1, 36), t(2, 36, after=(1,)), target=TODAY + timedelta(days=59))
    assert [s.slack_days for s in result.tasks] == [-24, -24]
    assert result.buffer_days == -24


def test_a_target_already_past_leaves_every_open_task_late() -> None:
    result = plan(t(1, 0), target=TODAY - timedelta(days=3))
    assert [s.slack_days for s in result.tasks] == [-3]
    assert result.buffer_days == -3


def test_a_task_without_an_estimate_takes_the_average_estimate() -> None:
    result = plan(t(1, 4), t(2, 10), t(3, None), t(4, None, status=TaskStatus.DROPPED))
    rows = by_id(result)
    assert (rows[3].effort_hours, rows[3].estimated) == (7, False)
    assert result.remaining_hours == 21
    assert result.notes == ["1 open task without an estimate: each taken as 7 h, the average of the estimated ones."]


def test_without_any_estimate_each_task_takes_the_default() -> None:
    result = plan(t(1, None), t(2, None))
    assert result.remaining_hours == 2 * DEFAULT_EFFORT_HOURS
    assert "the default" in result.notes[0]


def test_the_schedule_works_at_the_persons_capacity() -> None:
    assert plan(t(1, 12), capacity=12).span_days == pytest.approx(7)
    with pytest.raises(ValidationError, match="not a capacity"):
        days_of_work(5, 0)


def test_no_open_work_has_no_finish() -> None:
    result = plan(t(1, status=TaskStatus.DONE))
    assert (result.tasks, result.critical_path, result.earliest_finish, result.bound, result.buffer_days) == (
        [],
        [],
        None,
        None,
        None,
    )


# --- dependencies that do not hold the plan up ---------------------------------------------------------------


def test_a_dependency_on_a_dropped_task_is_ignored_with_a_note() -> None:
    result = plan(t(1, 60, status=TaskStatus.DROPPED, status_reason="Not needed"), t(2, after=(1,)))
    assert by_id(result)[2].earliest_start == TODAY
    assert result.notes == ["#2 'Task 2' waits for #1 'Task 1', which was dropped: that dependency is ignored."]


def test_a_dependency_on_a_task_of_an_abandoned_goal_is_ignored_with_a_note() -> None:
    other = replace(t(9, 60, due=TODAY + timedelta(days=300)), goal_id=2)
    result = plan(t(2, after=(9,)), other, closed_goals={2: "abandoned"})
    assert by_id(result)[2].earliest_start == TODAY
    assert result.notes == [
        "#2 'Task 2' waits for #9 'Task 9' of goal #2, which was abandoned: that dependency is ignored."
    ]


def test_an_open_task_of_another_goal_is_waited_for_until_its_due_date() -> None:
    other = replace(t(9, 60, due=TODAY + timedelta(days=10)), goal_id=2)
    result = plan(t(2, after=(9,)), other)
    assert by_id(result)[2].earliest_start == TODAY + timedelta(days=11)
    assert result.remaining_hours == 6  # the other goal's hours are its own
    assert "taken to finish by 2026-12-05" in result.notes[0]


def test_an_open_task_of_another_goal_without_a_due_date_holds_nothing_up() -> None:
    other = replace(t(9, 60), goal_id=2)
    result = plan(t(2, after=(9,)), other)
    assert by_id(result)[2].earliest_start == TODAY
    assert result.notes == ["#2 'Task 2' waits for #9 'Task 9' of goal #2, which has no due date."]


def test_an_abandoned_goal_has_nothing_to_schedule() -> None:
    result = plan(t(1), closed_goals={GOAL: "abandoned"})
    assert result.tasks == []
    assert result.notes == ["Goal #1 was abandoned: its open tasks are not scheduled."]


def test_a_cycle_cannot_be_stored_but_does_not_hang_the_schedule_or_a_replan() -> None:
    one, two = t(1, after=(2,), due=date(2027, 1, 1)), t(2, after=(1,), due=date(2027, 1, 1))
    result = plan(one, two, t(3, after=(2,)))
    assert len(result.tasks) == 3
    assert any("wait for each other" in note for note in result.notes)
    moves = replan([one, two], 1, date(2027, 2, 1), targets={GOAL: TARGET})
    assert [(m.task.id, m.due) for m in moves] == [(1, date(2027, 2, 1)), (2, date(2027, 2, 1))]


# --- the capacity bound, for the dashboard ------------------------------------------------------------------


def test_sequential_finish_works_the_hours_one_after_another_from_today() -> None:
    assert sequential_finish(6, TODAY) == TODAY + timedelta(days=6)  # a week of work: today and 6 more days
    assert sequential_finish(0, TODAY) == TODAY
    assert sequential_finish(1, TODAY, capacity=40) == TODAY
    assert sequential_finish(80, TODAY, capacity=6) == TODAY + timedelta(days=93)


def test_remaining_hours_from_a_plan_summary_count_unestimated_tasks_as_the_schedule_does() -> None:
    tasks = [t(1, 4), t(2, 10, status=TaskStatus.DONE), t(3, None), t(4, None, status=TaskStatus.DONE)]
    summary = PlanSummary(tasks=4, done=2, effort=14, effort_done=10, unestimated=2, unestimated_done=1)
    assert remaining_hours(summary) == plan(*tasks).remaining_hours == 11
    assert remaining_hours(PlanSummary(tasks=2, unestimated=2)) == 2 * DEFAULT_EFFORT_HOURS


# --- replan --------------------------------------------------------------------------------------------------


def test_a_replan_moves_the_dependants_just_enough_start_and_due_together() -> None:
    """#1 slips to March; #2 waits for it and moves with its start; #3 already has room; #4 waits for #2."""
    tasks = [
        t(1, due=date(2027, 1, 31)),
        t(2, after=(1,), planned_start=date(2027, 2, 1), due=date(2027, 2, 20)),
        t(3, after=(1,), due=date(2027, 6, 1)),
        t(4, after=(2,), due=date(2027, 2, 28)),
        t(5, due=date(2027, 1, 1)),
    ]
    moves = replan(tasks, 1, date(2027, 3, 10), targets={GOAL: TARGET})
    assert [(m.task.id, m.planned_start, m.due, m.days) for m in moves] == [
        (1, None, date(2027, 3, 10), 38),
        (2, date(2027, 2, 19), date(2027, 3, 10), 18),
        (4, None, date(2027, 3, 10), 10),
    ]


def test_a_task_without_a_due_date_does_not_move_but_passes_the_wait_on() -> None:
    tasks = [t(1, due=date(2027, 1, 31)), t(2, after=(1,)), t(3, after=(2,), due=date(2027, 2, 10))]
    moves = replan(tasks, 1, date(2027, 3, 1), targets={GOAL: TARGET})
    assert [(m.task.id, m.due) for m in moves] == [(1, date(2027, 3, 1)), (3, date(2027, 3, 1))]


def test_done_and_dropped_dependants_stay_where_they_are() -> None:
    tasks = [
        t(1, due=date(2027, 1, 31)),
        t(2, after=(1,), due=date(2027, 2, 1), status=TaskStatus.DONE),
        t(3, after=(1,), due=date(2027, 2, 1), status=TaskStatus.DROPPED, status_reason="No"),
    ]
    assert [m.task.id for m in replan(tasks, 1, date(2027, 3, 1), targets={})] == [1]


def test_a_move_past_the_target_date_is_refused_naming_the_task() -> None:
    """A dependant moves no later than the slipped task; only a task of a goal with an earlier target can pass it."""
    tasks = [t(1, due=date(2027, 11, 30)), replace(t(2, after=(1,), due=date(2027, 12, 1)), goal_id=2)]
    targets = {GOAL: TARGET, 2: date(2027, 12, 20)}
    with pytest.raises(PlanConflict, match=r"move #2 'Task 2' to 2027-12-24, past goal #2's target date 2027-12-20"):
        replan(tasks, 1, date(2027, 12, 24), targets=targets)
    with pytest.raises(PlanConflict, match=r"move #1 'Task 1' to 2028-01-10, past goal #1's target date 2027-12-31"):
        replan(tasks, 1, date(2028, 1, 10), targets=targets)
    with pytest.raises(PlanConflict, match=r"Change the goal's target date first, with the reason"):
        replan(tasks, 1, date(2028, 1, 10), targets={GOAL: TARGET})


def test_a_replan_only_moves_an_open_task_later() -> None:
    tasks = [t(1, due=date(2027, 1, 31)), t(2, due=date(2027, 1, 31), status=TaskStatus.DONE)]
    with pytest.raises(ValidationError, match="moves a slipped task later"):
        replan(tasks, 1, date(2027, 1, 31), targets={})
    with pytest.raises(ValidationError, match="only an open task can slip"):
        replan(tasks, 2, date(2027, 3, 1), targets={})
    with pytest.raises(ValidationError, match="before its planned start"):
        replan([t(3, planned_start=date(2027, 5, 1))], 3, date(2027, 4, 1), targets={})
    undated = [t(1, due=date(2027, 5, 1)), t(2, after=(1,))]
    with pytest.raises(PlanConflict, match=r"#2 'Task 2' would be due 2027-04-01, before #1 'Task 1' which it waits"):
        replan(undated, 2, date(2027, 4, 1), targets={})
    assert [(m.task.id, m.days) for m in replan(undated, 2, date(2027, 5, 1), targets={})] == [(2, None)]


# --- against the baseline ------------------------------------------------------------------------------------

TAKEN = datetime(2026, 1, 1, 12, tzinfo=UTC)
LATER = datetime(2026, 7, 7, 12, tzinfo=UTC)


def revision(field: str, before: str, after: str, reason: str = "", task_id: int | None = None) -> Revision:
    return Revision(GOAL, LATER, field, before, after, reason, task_id)


def test_the_drift_since_the_baseline_counts_moves_days_and_reasons() -> None:
    pilot = t(11, kind=TaskKind.MILESTONE, due=date(2027, 7, 27), planned_start=date(2026, 10, 25))
    talk = t(13, due=date(2027, 9, 26))
    summary = t(12, kind=TaskKind.MILESTONE, due=date(2026, 11, 20))
    baseline = Baseline(
        GOAL,
        TAKEN,
        "first plan",
        date(2027, 11, 26),
        (
            BaselineItem(11, pilot.title, date(2026, 9, 25), date(2027, 4, 26), 80),
            BaselineItem(12, summary.title, None, date(2026, 11, 20), 4),
            BaselineItem(13, talk.title, None, date(2027, 6, 26), 3),
        ),
    )
    frozen = "Regional teams are frozen."
    revisions = [
        revision("due", "2027-01-01", "2027-02-01", "Before the baseline: not counted", 11),
        Revision(GOAL, TAKEN, "baseline", "-", "saved with 3 tasks", reason="first plan"),
        revision("planned_start", "2026-09-25", "2026-10-25", frozen, 11),
        revision("due", "2027-04-26", "2027-07-27", frozen, 11),  # with its start: one move
        revision("due", "2027-06-26", "2027-09-26", frozen, 13),
        revision("target_date", "2027-11-26", "2028-05-26", "The reorganisation."),
        revision("status", "open", "done", "", 10),
        revision("due", "2027-09-26", "2027-09-20", frozen, 13),  # earlier counts too
    ]
    drift = compare_to_baseline(baseline, [pilot, talk, summary], revisions)
    assert drift.changes == 3
    assert drift.days_moved == 92 + 92 + 6
    assert drift.reasons == [frozen, "The reorganisation."]
    assert [(s.task.id, s.days) for s in drift.slips] == [(12, 0), (11, 92)]


def test_without_the_baseline_revision_the_drift_counts_from_the_baseline_moment() -> None:
    baseline = Baseline(GOAL, TAKEN, "", None, (BaselineItem(1, "Task 1", None, None, None),))
    milestone = t(1, kind=TaskKind.MILESTONE, due=date(2027, 1, 1))
    drift = compare_to_baseline(baseline, [milestone], [revision("due", "-", "2027-01-01", "Dated it", 1)])
    assert (drift.changes, drift.days_moved, drift.reasons) == (1, 0, ["Dated it"])
    assert [(s.task.id, s.days) for s in drift.slips] == [(1, None)]  # no date in the baseline to compare with


# --- properties ----------------------------------------------------------------------------------------------

efforts = st.floats(min_value=0, max_value=200, allow_nan=False, allow_infinity=False)
capacities = st.floats(min_value=0.5, max_value=80, allow_nan=False, allow_infinity=False)


@given(st.lists(efforts, min_size=1, max_size=25), capacities)
def test_the_critical_path_of_a_chain_is_the_sum_of_its_efforts(chain: list[float], capacity: float) -> None:
    tasks = [t(i + 1, effort, after=(i,) if i else ()) for i, effort in enumerate(chain)]
    result = schedule(tasks, goal_id=GOAL, target=TARGET, today=TODAY, capacity=capacity)
    assert result.span_days == pytest.approx(sum(chain) / (capacity / 7), rel=1e-9, abs=1e-6)
    assert result.critical_path == [t.id for t in tasks]
    assert sum(s.duration_days for s in result.tasks) == pytest.approx(result.span_days)


@st.composite
def plans(draw: st.DrawFn) -> tuple[list[Task], date]:
    """A DAG of up to 15 tasks: efforts (some missing), planned starts, done ones, and a target around today."""
    count = draw(st.integers(min_value=1, max_value=15))
    target = draw(st.integers(min_value=-20, max_value=700))
    tasks = []
    for i in range(1, count + 1):
        after = draw(st.sets(st.integers(min_value=1, max_value=i - 1), max_size=3)) if i > 1 else set()
        # A planned start lies within the goal's span, so not after its target (the write path checks).
        start = draw(st.none() | st.integers(min_value=-30, max_value=max(-30, min(200, target))))
        tasks.append(
            t(
                i,
                draw(st.none() | efforts),
                after=tuple(sorted(after)),
                planned_start=None if start is None else TODAY + timedelta(days=start),
                status=draw(st.sampled_from([TaskStatus.OPEN] * 4 + [TaskStatus.DONE])),
            )
        )
    return tasks, TODAY + timedelta(days=target)


@settings(max_examples=200, deadline=None)
@given(plans(), capacities)
def test_slack_and_the_critical_path_agree_with_the_finish(drawn: tuple[list[Task], date], capacity: float) -> None:
    tasks, target = drawn
    result = schedule(tasks, goal_id=GOAL, target=target, today=TODAY, capacity=capacity)
    if not result.tasks:
        return
    least = min(s.slack_days for s in result.tasks)
    assert result.dependency_finish is not None
    # Slack is never negative exactly when the critical path ends by the target date.
    assert (least >= 0) == (result.dependency_finish <= target)
    rows = {s.task.id: s for s in result.tasks}
    # The critical path's tasks have the least slack, and each waits for the one before it.
    assert result.critical_path
    assert all(rows[i].slack_days == least for i in result.critical_path)
    assert all(
        a in rows[b].task.depends_on for a, b in zip(result.critical_path, result.critical_path[1:], strict=False)
    )
    assert max(rows[i].earliest_finish for i in result.critical_path) == result.dependency_finish
    for s in result.tasks:  # nothing starts before today, its planned start, or what it waits for
        assert s.earliest_start >= TODAY
        assert s.earliest_start <= s.earliest_finish <= s.latest_finish or s.slack_days < 0
        if s.task.planned_start and s.task.planned_start >= TODAY:
            assert s.earliest_start >= s.task.planned_start
        for dep in s.task.depends_on:
            if dep in rows:
                assert s.earliest_start >= rows[dep].earliest_finish


@st.composite
def dated_plans(draw: st.DrawFn) -> tuple[list[Task], int, date]:
    """A DAG whose due dates respect its dependencies, as the write path keeps them; one open task slips."""
    count = draw(st.integers(min_value=1, max_value=15))
    tasks: list[Task] = []
    for i in range(1, count + 1):
        after = draw(st.sets(st.integers(min_value=1, max_value=i - 1), max_size=3)) if i > 1 else set()
        floor = max((tasks[d - 1].due or TODAY for d in after), default=TODAY)
        due = None if draw(st.integers(0, 5)) == 0 else floor + timedelta(days=draw(st.integers(0, 60)))
        window = draw(st.none() | st.integers(0, 30))
        start = due - timedelta(days=window) if due and window is not None else None
        status = draw(st.sampled_from([TaskStatus.OPEN] * 5 + [TaskStatus.DONE]))
        tasks.append(t(i, after=tuple(sorted(after)), due=due, planned_start=start, status=status))
    slipped = draw(st.sampled_from([x for x in tasks if x.status == TaskStatus.OPEN] or tasks))
    # Not before what it waits for: a new date before theirs is refused (see the test above).
    base = slipped.due or max([TODAY, *(tasks[d - 1].due or TODAY for d in slipped.depends_on)])
    new_due = base + timedelta(days=draw(st.integers(1, 120)))
    assert slipped.id is not None
    return tasks, slipped.id, new_due


@settings(max_examples=200, deadline=None)
@given(dated_plans(), st.integers(min_value=0, max_value=400))
def test_a_replan_never_moves_a_task_earlier_and_keeps_every_wait_in_order(
    drawn: tuple[list[Task], int, date], room: int
) -> None:
    tasks, slipped, new_due = drawn
    target = TODAY + timedelta(days=room)
    try:
        moves = replan(tasks, slipped, new_due, targets={GOAL: target})
    except ValidationError:  # the slipped task is done, or would end before its planned start
        return
    except PlanConflict:  # some move would pass the target: then one really would
        moves = replan(tasks, slipped, new_due, targets={})
        assert max(m.due for m in moves) > target
        return
    after = {x.id: x for x in tasks} | {m.task.id: m.moved for m in moves}
    assert moves[0].task.id == slipped
    for m in moves:
        assert m.task.due is None or m.due > m.task.due  # never earlier, and only moved when it must
        assert m.due <= target
        if m.task.id != slipped and m.task.planned_start:  # a dependant's start moves with its due date
            assert m.planned_start == m.task.planned_start + (m.due - (m.task.due or m.due))
    open_dated = {i: x for i, x in after.items() if x.status == TaskStatus.OPEN and x.due}
    for x in open_dated.values():  # each open task is due no earlier than the open tasks it waits for
        assert all(open_dated[d].due <= x.due for d in x.depends_on if d in open_dated)  # type: ignore[operator]
    # Whatever waits for the slipped task, directly or through open tasks, is due no earlier than its new date.
    reached: set[int | None] = set()
    frontier: set[int | None] = {slipped}
    while frontier:
        frontier = {i for i, x in after.items() if x.status == TaskStatus.OPEN and set(x.depends_on) & frontier}
        frontier -= reached
        reached |= frontier
    assert all(after[i].due is None or after[i].due >= new_due for i in reached)  # type: ignore[operator]
