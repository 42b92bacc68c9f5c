"""Goals: their own rules, numeric measures, course corrections and the goal tree."""

from __future__ import annotations

from datetime import date

import pytest

from headway.domain.errors import ReasonRequired, ValidationError
from headway.domain.goals import (
    Change,
    Direction,
    GoalStatus,
    MilestoneMeasure,
    build_tree,
    check_parent,
    format_number,
    goal_changes,
    numeric_measure,
    require_reason,
    validate_goal,
)
from tests.unit.helpers import make_goal

# --- validate_goal -----------------------------------------------------------------------------------------


def test_a_valid_goal_comes_back_with_its_text_trimmed() -> None:
    goal = validate_goal(make_goal(title="  Become a sales manager ", why=" Grow people  "))
    assert (goal.title, goal.why) == ("Become a sales manager", "Grow people")


@pytest.mark.parametrize("title", ["", "   "])
def test_a_goal_needs_a_title(title: str) -> None:
    with pytest.raises(ValidationError, match="A goal needs a title") as caught:
        validate_goal(make_goal(title=title))
    assert caught.value.field == "title"


def test_a_title_over_200_characters_is_refused() -> None:
    with pytest.raises(ValidationError, match="201 characters"):
        validate_goal(make_goal(title="x" * 201))


def test_the_target_date_cannot_be_before_the_start() -> None:
    with pytest.raises(ValidationError, match="target date 2025-12-31 is before the start date 2026-01-01"):
        validate_goal(make_goal(start_date=date(2026, 1, 1), target_date=date(2025, 12, 31)))


def test_a_one_day_goal_is_allowed() -> None:
    goal = validate_goal(make_goal(start_date=date(2026, 3, 1), target_date=date(2026, 3, 1)))
    assert goal.contains(date(2026, 3, 1))


@pytest.mark.parametrize("status", [GoalStatus.ACHIEVED, GoalStatus.ABANDONED])
def test_achieving_or_abandoning_a_goal_needs_a_reason(status: GoalStatus) -> None:
    with pytest.raises(ReasonRequired, match=f"Marking a goal {status} needs a reason"):
        validate_goal(make_goal(status=status, status_reason="  "))
    kept = validate_goal(make_goal(status=status, status_reason=" Promoted in March "))
    assert kept.status_reason == "Promoted in March"


def test_pausing_a_goal_needs_no_reason() -> None:
    assert validate_goal(make_goal(status=GoalStatus.PAUSED)).status == GoalStatus.PAUSED


def test_a_weight_must_be_above_zero() -> None:
    with pytest.raises(ValidationError, match="weight"):
        validate_goal(make_goal(weight=0))


def test_a_milestone_goal_keeps_no_current_value() -> None:
    assert validate_goal(make_goal(measure=MilestoneMeasure(), current_value=70000)).current_value is None


# --- numeric measures -----------------------------------------------------------------------------------------


def test_a_measure_rising_from_start_to_target_increases() -> None:
    measure = numeric_measure(" salary ", " USD ", 62000, 85000)
    assert (measure.metric, measure.unit, measure.direction) == ("salary", "USD", Direction.INCREASE)
    assert measure.describe() == "salary 62,000 -> 85,000 USD"


def test_a_measure_falling_from_start_to_target_decreases() -> None:
    assert numeric_measure("commute", "hours a week", 10, 4).direction == Direction.DECREASE


def test_an_explicit_direction_that_agrees_is_kept() -> None:
    assert numeric_measure("commute", "h", 10, 4, Direction.DECREASE).direction == Direction.DECREASE


def test_an_explicit_direction_that_contradicts_start_and_target_is_refused() -> None:
    with pytest.raises(ValidationError, match="direction is 'increase' but the target 4 is below the start 10"):
        numeric_measure("commute", "h", 10, 4, Direction.INCREASE)
    with pytest.raises(ValidationError, match="direction is 'decrease' but the target 85,000 is above the start"):
        numeric_measure("salary", "USD", 62000, 85000, Direction.DECREASE)


def test_a_measure_whose_start_is_its_target_is_refused() -> None:
    with pytest.raises(ValidationError, match="start and target are both 2: there is nothing to progress"):
        numeric_measure("certifications", "", 2, 2)


def test_a_measure_needs_a_name() -> None:
    with pytest.raises(ValidationError, match="needs a name"):
        numeric_measure("  ", "USD", 1, 2)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (62000.0, "62,000"),
        (0, "0"),
        (-3.0, "-3"),
        (2.5, "2.5"),
        (1234.5, "1,234.5"),
        (1.239, "1.24"),
        (1 / 3, "0.33"),
        (99.999, "100"),
    ],
)
def test_format_number(value: float, shown: str) -> None:
    assert format_number(value) == shown


# --- course corrections -----------------------------------------------------------------------------------


def test_goal_changes_lists_each_changed_field_before_and_after() -> None:
    before = make_goal()
    after = make_goal(title="Become a regional sales manager", why="Lead leaders", target_date=date(2029, 6, 30))
    assert goal_changes(before, after) == [
        Change("title", "Become a sales manager", "Become a regional sales manager"),
        Change("why", "Grow people, not only a pipeline", "Lead leaders"),
        Change("target_date", "2028-12-31", "2029-06-30"),
    ]


def test_goal_changes_shows_measures_parents_and_weights_as_text() -> None:
    after = make_goal(measure=numeric_measure("salary", "USD", 62000, 85000), parent_id=4, weight=2.5)
    assert goal_changes(make_goal(), after) == [
        Change("measure", "milestones", "salary 62,000 -> 85,000 USD"),
        Change("parent", "-", "#4"),
        Change("weight", "1", "2.5"),
    ]


def test_an_unchanged_goal_has_no_changes() -> None:
    assert goal_changes(make_goal(), make_goal()) == []


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"title": "Become a director"}, "title"),
        ({"target_date": date(2029, 12, 31)}, "target date"),
        ({"measure": numeric_measure("team size", "people", 0, 6)}, "measure"),
    ],
)
def test_a_course_correction_needs_a_reason(changes: dict[str, object], named: str) -> None:
    diff = goal_changes(make_goal(), make_goal(**changes))
    with pytest.raises(ReasonRequired, match=f"Changing a goal's {named} needs a reason"):
        require_reason(diff, reason="   ")
    require_reason(diff, reason="The company froze new manager roles until 2029")


def test_the_reason_message_names_every_correction_at_once() -> None:
    diff = goal_changes(make_goal(), make_goal(title="Become a director", target_date=date(2029, 12, 31)))
    with pytest.raises(ReasonRequired, match="Changing a goal's title, target date needs a reason"):
        require_reason(diff, reason="")


def test_rewording_why_needs_no_reason() -> None:
    require_reason(goal_changes(make_goal(), make_goal(why="Lead people well")), reason="")


# --- the goal tree -----------------------------------------------------------------------------------------


# 1 Build financial security
# +-- 2 Become a sales manager
# |   +-- 3 Lead a regional team
# +-- 4 Raise my base salary
PARENT_OF: dict[int, int | None] = {1: None, 2: 1, 3: 2, 4: 1}


@pytest.mark.parametrize(("goal_id", "new_parent"), [(1, 3), (1, 2), (2, 3), (2, 2)])
def test_a_goal_cannot_move_under_itself_or_its_own_subtree(goal_id: int, new_parent: int) -> None:
    with pytest.raises(ValidationError, match=f"Goal #{goal_id} cannot sit under goal #{new_parent}"):
        check_parent(goal_id, new_parent, PARENT_OF)


@pytest.mark.parametrize(("goal_id", "new_parent"), [(3, 1), (3, 4), (4, 3), (2, None)])
def test_a_goal_can_move_anywhere_outside_its_subtree(goal_id: int, new_parent: int | None) -> None:
    check_parent(goal_id, new_parent, PARENT_OF)


def test_check_parent_stops_on_a_loop_already_in_the_data() -> None:
    check_parent(1, 5, {1: None, 5: 6, 6: 5})  # returns instead of walking 5 -> 6 -> 5 for ever


def test_build_tree_nests_sub_goals_under_their_parents() -> None:
    goals = [
        make_goal(id=1, title="Build financial security"),
        make_goal(id=2, title="Become a sales manager", parent_id=1),
        make_goal(id=3, title="Lead a regional team", parent_id=2),
        make_goal(id=4, title="Raise my base salary", parent_id=1),
        make_goal(id=5, title="Run a marathon"),
    ]
    tree = build_tree(goals)
    assert [(n.goal.id, [c.goal.id for c in n.children]) for n in tree] == [(1, [2, 4]), (5, [])]
    assert [c.goal.id for c in tree[0].children[0].children] == [3]


def test_a_goal_whose_parent_is_not_listed_becomes_a_root() -> None:
    # e.g. `goal list` without closed goals: the achieved parent is left out, its child still shows
    tree = build_tree([make_goal(id=3, title="Lead a regional team", parent_id=2)])
    assert [n.goal.id for n in tree] == [3]


def test_days_left_counts_to_the_target_date() -> None:
    goal = make_goal(target_date=date(2026, 12, 25))
    assert goal.days_left(date(2026, 11, 25)) == 30
    assert goal.days_left(date(2027, 1, 1)) == -7  # past the target
