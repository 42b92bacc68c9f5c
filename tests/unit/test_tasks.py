"""The plan's rules: task dates inside the goal, dependencies in order, and no dependency cycles."""

from __future__ import annotations

from datetime import date

import pytest

from headway.domain.errors import PlanConflict, ReasonRequired, ValidationError
from headway.domain.goals import Change
from headway.domain.tasks import TaskStatus, check_dependencies, describe_cycle, find_cycle, task_changes, validate_task
from tests.unit.helpers import make_goal, make_task

# Goal #7 runs through 2026; every task below belongs to it.
REGIONAL = make_goal(id=7, title="Lead a regional team", start_date=date(2026, 1, 1), target_date=date(2026, 12, 31))

# --- validate_task -----------------------------------------------------------------------------------------


def test_a_task_inside_its_goal_comes_back_trimmed() -> None:
    task = validate_task(make_task(title=" Propose a pilot ", due=date(2026, 12, 31)), REGIONAL)
    assert task.title == "Propose a pilot"


def test_a_due_date_after_the_goal_names_the_goal_and_its_span() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_task(make_task(title="Propose a pilot", due=date(2027, 2, 1)), REGIONAL)
    assert caught.value.message == (
        "Task 'Propose a pilot': its due date 2027-02-01 is outside goal #7 'Lead a regional team', "
        "which runs from 2026-01-01 to 2026-12-31."
    )
    assert caught.value.field == "due"


def test_a_planned_start_before_the_goal_is_refused() -> None:
    with pytest.raises(ValidationError, match="its planned start 2025-12-01 is outside goal #7") as caught:
        validate_task(make_task(planned_start=date(2025, 12, 1), due=date(2026, 2, 1)), REGIONAL)
    assert caught.value.field == "start"


def test_a_task_cannot_be_due_before_its_planned_start() -> None:
    with pytest.raises(ValidationError, match="is due 2026-03-01, before its planned start 2026-04-01"):
        validate_task(make_task(planned_start=date(2026, 4, 1), due=date(2026, 3, 1)), REGIONAL)


def test_an_undated_task_fits_any_goal() -> None:
    assert validate_task(make_task(), REGIONAL).due is None


def test_dropping_a_task_needs_a_reason() -> None:
    with pytest.raises(ReasonRequired, match="Dropping #10 'Complete the leadership course' needs a reason"):
        validate_task(make_task(status=TaskStatus.DROPPED, status_reason=" "), REGIONAL)
    dropped = validate_task(make_task(status=TaskStatus.DROPPED, status_reason=" The MBA covers it "), REGIONAL)
    assert dropped.status_reason == "The MBA covers it"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "  "}, "A task needs a title"),
        ({"title": "x" * 201}, "201 characters"),
        ({"effort_hours": -2.0}, "cannot be negative"),
    ],
)
def test_a_task_needs_a_title_and_no_negative_effort(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        validate_task(make_task(**changes), REGIONAL)


def test_an_open_task_past_its_due_date_is_overdue() -> None:
    task = make_task(due=date(2026, 11, 24))
    assert task.is_overdue(date(2026, 11, 25))
    assert not task.is_overdue(date(2026, 11, 24))
    assert not make_task(due=date(2026, 11, 24), status=TaskStatus.DONE).is_overdue(date(2026, 11, 25))


# --- check_dependencies ------------------------------------------------------------------------------------

COURSE = make_task(id=1, title="Leadership course", due=date(2026, 5, 1))
REVIEW = make_task(id=2, title="Pipeline review", due=date(2026, 8, 1), depends_on=(1,))


def test_a_task_cannot_be_due_before_a_task_it_waits_for() -> None:
    early_review = make_task(id=2, title="Pipeline review", due=date(2026, 4, 1))
    with pytest.raises(PlanConflict) as caught:
        check_dependencies(early_review, [COURSE], [])
    assert caught.value.message == (
        "#2 'Pipeline review' is due 2026-04-01, before #1 'Leadership course' which it waits for is due (2026-05-01)."
    )


def test_a_task_may_be_due_the_same_day_as_what_it_waits_for_or_have_no_date() -> None:
    check_dependencies(make_task(id=2, due=date(2026, 5, 1)), [COURSE], [])
    check_dependencies(make_task(id=2, due=None), [COURSE], [])


def test_a_task_cannot_wait_for_a_dropped_task() -> None:
    dropped = make_task(id=1, title="MBA", status=TaskStatus.DROPPED)
    with pytest.raises(PlanConflict, match="cannot wait for #1 'MBA': that task was dropped"):
        check_dependencies(REVIEW, [dropped], [])


def test_moving_a_task_after_an_open_task_that_waits_for_it_is_refused() -> None:
    late_course = make_task(id=1, title="Leadership course", due=date(2026, 9, 1))
    with pytest.raises(PlanConflict, match="would be due 2026-09-01, after #2 'Pipeline review' which waits for it"):
        check_dependencies(late_course, [], [REVIEW])


def test_a_finished_dependant_does_not_hold_a_task_back() -> None:
    late_course = make_task(id=1, title="Leadership course", due=date(2026, 9, 1))
    check_dependencies(late_course, [], [make_task(id=2, due=date(2026, 8, 1), status=TaskStatus.DONE)])


# --- find_cycle --------------------------------------------------------------------------------------------


class Graph:
    """Existing dependencies (task -> what it waits for), answering one layer per call like the repository."""

    def __init__(self, edges: dict[int, list[int]]) -> None:
        self.edges = edges
        self.calls: list[list[int]] = []

    def __call__(self, task_ids: list[int]) -> dict[int, list[int]]:
        self.calls.append(sorted(task_ids))
        return {t: self.edges[t] for t in task_ids if t in self.edges}


def test_waiting_for_a_task_that_waits_for_this_one_is_a_cycle() -> None:
    graph = Graph({2: [1]})  # 2 waits for 1
    assert find_cycle(1, [2], graph) == [1, 2, 1]  # 1 would wait for 2, which waits for 1


def test_a_cycle_through_several_layers_is_found_with_one_query_per_layer() -> None:
    graph = Graph({4: [3], 3: [2, 5], 2: [1]})  # 4 -> 3 -> 2 -> 1, and 3 -> 5
    assert find_cycle(1, [4], graph) == [1, 4, 3, 2, 1]
    assert graph.calls == [[4], [3], [2, 5]]


def test_a_task_waiting_for_itself_is_a_cycle() -> None:
    assert find_cycle(3, [3], Graph({})) == [3, 3]


def test_dependencies_that_close_no_loop_are_fine() -> None:
    graph = Graph({4: [3], 3: [2], 5: [2]})  # a diamond leading away from 1
    assert find_cycle(1, [4, 5], graph) is None


def test_describe_cycle_reads_as_the_chain_of_tasks() -> None:
    titles = {4: "Apply", 2: "Train"}
    assert describe_cycle([4, 2, 4], titles) == "#4 'Apply' -> #2 'Train' -> #4 'Apply'"
    assert describe_cycle([4, 9, 4], titles) == "#4 'Apply' -> #9 '?' -> #4 'Apply'"


# --- task_changes ------------------------------------------------------------------------------------------


def test_task_changes_shows_dates_effort_and_dependencies_as_text() -> None:
    before = make_task(due=date(2026, 5, 1), effort_hours=30.0)
    after = make_task(due=date(2026, 6, 1), effort_hours=12.5, depends_on=(3, 2))
    assert task_changes(before, after) == [
        Change("due", "2026-05-01", "2026-06-01"),
        Change("effort_hours", "30", "12.5"),
        Change("depends_on", "-", "#2, #3"),
    ]
