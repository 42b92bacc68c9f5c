"""Progress: a number between start and target, a plan weighted by effort, rolled up the goal tree."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from headway.domain.goals import Goal, GoalKind, GoalStatus, MilestoneMeasure, numeric_measure
from headway.domain.progress import PlanSummary, Progress, goal_progress, numeric_progress, plan_progress
from tests.unit.helpers import make_goal

SALARY = numeric_measure("salary", "USD", 62000, 85000)  # rising
COMMUTE = numeric_measure("commute", "hours a week", 10, 4)  # falling

# --- numeric_progress --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "fraction"),
    [(None, 0.0), (62000, 0.0), (73500, 0.5), (85000, 1.0)],
)
def test_a_rising_measure_is_the_share_of_the_way_from_start_to_target(current: float | None, fraction: float) -> None:
    assert numeric_progress(SALARY, current).fraction == fraction


@pytest.mark.parametrize(("current", "fraction"), [(10, 0.0), (7, 0.5), (4, 1.0)])
def test_a_falling_measure_progresses_as_the_number_goes_down(current: float, fraction: float) -> None:
    assert numeric_progress(COMMUTE, current).fraction == fraction


def test_overshooting_the_target_shows_100_percent_and_keeps_the_raw_figure() -> None:
    progress = numeric_progress(SALARY, 90000)
    assert progress.fraction == 1.0
    assert progress.raw == pytest.approx(28000 / 23000)  # 122%: the bar is full, the detail shows by how much
    assert numeric_progress(COMMUTE, 2).raw == pytest.approx(8 / 6)


def test_falling_back_below_the_start_shows_0_percent_and_keeps_the_raw_figure() -> None:
    progress = numeric_progress(SALARY, 60000)
    assert progress.fraction == 0.0
    assert progress.raw == pytest.approx(-2000 / 23000)


def test_percent_rounds_down_so_a_goal_shows_100_only_when_complete() -> None:
    assert Progress(0.125).percent == 12
    assert Progress(2 / 3).percent == 66
    assert Progress(0.996).percent == 99
    assert Progress(1.0).percent == 100
    assert Progress(0.29 * 100 / 100).percent == 29  # 28.999...97 in floating point is still 29


# --- plan_progress -----------------------------------------------------------------------------------------


def test_a_goal_without_tasks_has_no_plan_progress() -> None:
    assert plan_progress(PlanSummary()) is None


def test_plan_progress_weighs_tasks_by_their_effort() -> None:
    # a 2 h task open, an 8 h task done: 80%, not 50%
    summary = PlanSummary(tasks=2, done=1, effort=10.0, effort_done=8.0)
    assert plan_progress(summary) == Progress(0.8, basis="plan")


def test_an_unestimated_task_counts_as_the_average_estimated_one() -> None:
    # estimated: 4 h (open) and 6 h (open), average 5 h; one unestimated task done counts 5 of 15 h
    summary = PlanSummary(tasks=3, done=1, effort=10.0, effort_done=0.0, unestimated=1, unestimated_done=1)
    progress = plan_progress(summary)
    assert progress is not None
    assert progress.fraction == pytest.approx(1 / 3)


def test_with_no_estimates_at_all_each_task_counts_the_same() -> None:
    summary = PlanSummary(tasks=4, done=1, unestimated=4, unestimated_done=1)
    assert plan_progress(summary) == Progress(0.25, basis="plan")


def test_when_every_estimate_is_zero_tasks_are_counted_instead() -> None:
    summary = PlanSummary(tasks=4, done=1, effort=0.0, effort_done=0.0)
    assert plan_progress(summary) == Progress(0.25, basis="plan")


# --- goal_progress -----------------------------------------------------------------------------------------


def test_an_achieved_goal_is_complete_whatever_its_plan_says() -> None:
    goals = {1: make_goal(id=1, status=GoalStatus.ACHIEVED, status_reason="Promoted")}
    progress = goal_progress(goals, {1: PlanSummary(tasks=4, done=1)}, {})
    assert progress[1] == Progress(1.0, basis="achieved")


def test_a_goal_with_no_plan_and_no_sub_goals_is_at_zero() -> None:
    progress = goal_progress({1: make_goal(id=1)}, {}, {})
    assert progress[1] == Progress(0.0, basis="no plan yet")


def test_a_parent_is_the_weighted_mean_of_its_sub_goals() -> None:
    goals = {
        1: make_goal(id=1, title="Become a sales manager"),
        2: make_goal(id=2, title="Lead a regional team", parent_id=1, weight=3.0),
        3: make_goal(id=3, title="Earn a certification", parent_id=1, weight=1.0),
    }
    plans = {2: PlanSummary(tasks=1, done=1), 3: PlanSummary(tasks=1, done=0)}
    progress = goal_progress(goals, plans, {1: [2, 3]})
    assert progress[1] == Progress(0.75, basis="sub-goals")  # (3 x 100% + 1 x 0%) / 4


def test_an_abandoned_sub_goal_drops_out_of_its_parents_progress() -> None:
    goals = {
        1: make_goal(id=1, title="Become a sales manager"),
        2: make_goal(id=2, title="Lead a regional team", parent_id=1),
        3: make_goal(id=3, title="Do an MBA", parent_id=1, status=GoalStatus.ABANDONED, status_reason="Too slow"),
    }
    plans = {2: PlanSummary(tasks=2, done=2), 3: PlanSummary(tasks=5, done=0)}
    assert goal_progress(goals, plans, {1: [2, 3]})[1].fraction == 1.0


def test_a_numeric_sub_goal_counts_by_its_number_inside_a_milestone_parent() -> None:
    goals = {
        1: make_goal(id=1, title="Build financial security"),
        2: make_goal(id=2, title="Raise my base salary", parent_id=1, measure=SALARY, current_value=73500),
    }
    plans = {1: PlanSummary(tasks=1, done=1)}  # the parent's own plan: done
    progress = goal_progress(goals, plans, {1: [2]})
    assert progress[2] == Progress(0.5, raw=0.5, basis="measure")
    assert progress[1] == Progress(0.75, basis="plan and sub-goals")  # own plan (weight 1) 100%, salary 50%


def test_roll_up_reaches_through_several_levels() -> None:
    goals = {
        1: make_goal(id=1, title="Build financial security"),
        2: make_goal(id=2, title="Become a sales manager", parent_id=1),
        3: make_goal(id=3, title="Lead a regional team", parent_id=2),
    }
    progress = goal_progress(goals, {3: PlanSummary(tasks=2, done=1)}, {1: [2], 2: [3]})
    assert [progress[i].fraction for i in (1, 2, 3)] == [0.5, 0.5, 0.5]


def test_a_loop_in_the_goal_tree_does_not_hang_the_roll_up() -> None:
    goals = {1: make_goal(id=1, parent_id=2), 2: make_goal(id=2, parent_id=1)}
    progress = goal_progress(goals, {1: PlanSummary(tasks=1, done=1)}, {1: [2], 2: [1]})
    assert set(progress) == {1, 2}


# --- properties of the roll-up ------------------------------------------------------------------------


def _tree_goals(fractions: list[float], weights: list[float]) -> tuple[dict[int, Goal], dict[int, list[int]]]:
    """Goal 1 (milestones) with numeric children 2..n whose progress is the given fraction."""
    parent = Goal(1, "Parent", "", GoalKind.CAREER, MilestoneMeasure(), date(2026, 1, 1), date(2027, 1, 1), id=1)
    goals = {1: parent}
    for i, (fraction, weight) in enumerate(zip(fractions, weights, strict=True), start=2):
        goals[i] = Goal(
            1,
            f"Child {i}",
            "",
            GoalKind.CAREER,
            numeric_measure("count", "", 0, 100),
            date(2026, 1, 1),
            date(2027, 1, 1),
            parent_id=1,
            weight=weight,
            current_value=fraction * 100,
            id=i,
        )
    return goals, {1: list(range(2, len(fractions) + 2))}


fractions_st = st.lists(st.floats(min_value=-0.5, max_value=1.5), min_size=1, max_size=6)


@given(data=st.data(), fractions=fractions_st)
def test_the_roll_up_stays_within_0_and_100_and_never_falls_when_a_child_rises(
    data: st.DataObject, fractions: list[float]
) -> None:
    weights = data.draw(
        st.lists(st.floats(min_value=0.1, max_value=5), min_size=len(fractions), max_size=len(fractions))
    )
    plan = PlanSummary(
        tasks=4, done=data.draw(st.integers(0, 4)), effort=0, effort_done=0, unestimated=4, unestimated_done=0
    )
    plan = replace(plan, unestimated_done=plan.done)
    goals, children = _tree_goals(fractions, weights)
    before = goal_progress(goals, {1: plan}, children)[1].fraction
    assert 0.0 <= before <= 1.0
    child = data.draw(st.integers(2, len(fractions) + 1))
    rise = data.draw(st.floats(min_value=0, max_value=1))
    raised = replace(goals[child], current_value=(goals[child].current_value or 0) + rise * 100)
    after = goal_progress({**goals, child: raised}, {1: plan}, children)[1].fraction
    assert 0.0 <= after <= 1.0
    assert after >= before - 1e-12
