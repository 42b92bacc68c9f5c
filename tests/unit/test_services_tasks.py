"""Task use cases on the in-memory store: plan with dates and dependencies, edit, drop, complete, list."""

from __future__ import annotations

from datetime import date

import pytest

from headway.domain.errors import Ambiguous, NotFound, PlanConflict, ReasonRequired, ValidationError
from headway.domain.goals import Change, GoalStatus
from headway.domain.tasks import TaskStatus
from headway.services.goals import set_goal_status, show_goal
from headway.services.plan import goal_history
from headway.services.tasks import complete_task, edit_task, iter_all_tasks, list_open_tasks, show_task
from tests.unit.fakes import FakeUnitOfWork
from tests.unit.helpers import NOW, goal, ref, task


@pytest.fixture
def manager(uow: FakeUnitOfWork) -> str:
    """Goal #1 'Become a sales manager', 2026-01-01 to 2028-12-31, with no plan yet."""
    return ref(goal(uow, "Become a sales manager", start=date(2026, 1, 1), target=date(2028, 12, 31)))


# --- add_task ----------------------------------------------------------------------------------------------


def test_a_task_can_wait_for_others_named_by_title(uow: FakeUnitOfWork, manager: str) -> None:
    course = task(uow, manager, "Complete the leadership course", due=date(2026, 6, 1))
    shadow = task(uow, manager, "Shadow the regional manager", due=date(2026, 9, 1))
    apply_ = task(uow, manager, "Apply for the opening", due=date(2027, 1, 15), after=["leadership", ref(shadow)])
    assert apply_.depends_on == tuple(sorted((course.id or 0, shadow.id or 0)))
    detail = show_task(uow, ref(course))
    assert [t.title for t in detail.dependants] == ["Apply for the opening"]


def test_adding_a_task_is_recorded_in_the_goals_history(uow: FakeUnitOfWork, manager: str) -> None:
    task(uow, manager, "Apply for the opening", due=date(2027, 1, 15), milestone=True)
    last = goal_history(uow, manager)[1][-1]
    assert (last.field, last.after, last.task_id) == (
        "task added",
        "milestone #1 'Apply for the opening', due 2027-01-15",
        1,
    )


def test_a_task_due_outside_its_goal_is_not_added(uow: FakeUnitOfWork, manager: str) -> None:
    with pytest.raises(ValidationError, match="its due date 2029-03-01 is outside goal #1 'Become a sales manager'"):
        task(uow, manager, "Apply for the opening", due=date(2029, 3, 1))
    assert show_goal(uow, manager).tasks == []


def test_a_task_due_before_what_it_waits_for_is_not_added(uow: FakeUnitOfWork, manager: str) -> None:
    task(uow, manager, "Complete the leadership course", due=date(2026, 6, 1))
    with pytest.raises(PlanConflict, match="is due 2026-05-01, before #1 'Complete the leadership course'"):
        task(uow, manager, "Run the pipeline review", due=date(2026, 5, 1), after=["leadership"])
    assert [t.title for t in show_goal(uow, manager).tasks] == ["Complete the leadership course"]


def test_a_task_cannot_start_after_it_is_due(uow: FakeUnitOfWork, manager: str) -> None:
    with pytest.raises(ValidationError, match="due 2026-05-01, before its planned start 2026-06-01"):
        task(uow, manager, "Run the pipeline review", start=date(2026, 6, 1), due=date(2026, 5, 1))


def test_a_new_task_cannot_wait_for_a_dropped_one(uow: FakeUnitOfWork, manager: str) -> None:
    task(uow, manager, "Complete a part-time MBA")
    edit_task(uow, "MBA", {"status": TaskStatus.DROPPED}, reason="Too many evenings", now=NOW)
    with pytest.raises(PlanConflict, match="that task was dropped"):
        task(uow, manager, "Apply for the opening", after=["MBA"])


def test_after_looks_for_titles_in_the_same_goal(uow: FakeUnitOfWork, manager: str) -> None:
    marathon = ref(goal(uow, "Run a marathon"))
    task(uow, marathon, "Apply for the race")  # #1, in another goal
    opening = task(uow, manager, "Apply for the opening")  # #2
    celebrate = task(uow, manager, "Celebrate", after=["apply"])  # 'apply' would match both across goals
    assert celebrate.depends_on == (opening.id,)


# --- edit_task ---------------------------------------------------------------------------------------------


def test_a_dependency_that_closes_a_loop_is_refused_with_the_chain(uow: FakeUnitOfWork, manager: str) -> None:
    course = task(uow, manager, "Leadership course")  # #1
    task(uow, manager, "Pipeline review", after=["Leadership course"])  # #2 waits for #1
    task(uow, manager, "Apply", after=["Pipeline review"])  # #3 waits for #2
    with pytest.raises(PlanConflict) as caught:
        edit_task(uow, "Leadership course", {"after_add": ["Apply"]}, reason="", now=NOW)
    assert caught.value.message == (
        "That would make a dependency cycle: "
        "#1 'Leadership course' -> #3 'Apply' -> #2 'Pipeline review' -> #1 'Leadership course'."
    )
    unchanged = show_task(uow, ref(course)).task
    assert (unchanged.depends_on, unchanged.version) == ((), 1)
    assert [r.field for r in goal_history(uow, manager)[1]] == ["created", "task added", "task added", "task added"]


def test_moving_a_task_past_a_task_that_waits_for_it_is_refused(uow: FakeUnitOfWork, manager: str) -> None:
    task(uow, manager, "Leadership course", due=date(2026, 6, 1))
    task(uow, manager, "Pipeline review", due=date(2026, 8, 1), after=["Leadership course"])
    with pytest.raises(PlanConflict, match="would be due 2026-09-01, after #2 'Pipeline review' which waits for it"):
        edit_task(uow, "Leadership course", {"due": date(2026, 9, 1)}, reason="", now=NOW)
    assert show_task(uow, "Leadership course").task.due == date(2026, 6, 1)


def test_a_moved_due_date_is_kept_in_the_history_with_the_reason(uow: FakeUnitOfWork, manager: str) -> None:
    task(uow, manager, "Leadership course", due=date(2026, 6, 1))
    saved, diff = edit_task(uow, "course", {"due": date(2026, 7, 1)}, reason="Next cohort starts later", now=NOW)
    assert (saved.due, saved.version) == (date(2026, 7, 1), 2)
    assert diff == [Change("due", "2026-06-01", "2026-07-01")]
    last = goal_history(uow, manager)[1][-1]
    assert (last.field, last.task_id, last.reason) == ("due", 1, "Next cohort starts later")


def test_a_dependency_can_be_taken_away(uow: FakeUnitOfWork, manager: str) -> None:
    task(uow, manager, "Leadership course")
    task(uow, manager, "Apply", after=["Leadership course"])
    saved, diff = edit_task(uow, "Apply", {"after_remove": ["course"]}, reason="", now=NOW)
    assert saved.depends_on == ()
    assert diff == [Change("depends_on", "#1", "-")]


def test_dropping_a_task_needs_a_reason(uow: FakeUnitOfWork, manager: str) -> None:
    task(uow, manager, "Complete a part-time MBA")
    with pytest.raises(ReasonRequired, match="Dropping #1 'Complete a part-time MBA' needs a reason"):
        edit_task(uow, "MBA", {"status": TaskStatus.DROPPED}, reason="", now=NOW)
    assert show_task(uow, "MBA").task.status == TaskStatus.OPEN


def test_a_dropped_task_keeps_its_reason_and_leaves_the_progress(uow: FakeUnitOfWork, manager: str) -> None:
    task(uow, manager, "Leadership course", effort=30)
    task(uow, manager, "Complete a part-time MBA", effort=600)
    complete_task(uow, "Leadership course", on=date(2026, 11, 20), now=NOW)
    assert show_goal(uow, manager).view.progress.percent == 4  # 30 of 630 hours: 4.8%, shown rounded down
    dropped, _ = edit_task(uow, "MBA", {"status": TaskStatus.DROPPED}, reason="Two years of evenings", now=NOW)
    assert (dropped.status, dropped.status_reason) == (TaskStatus.DROPPED, "Two years of evenings")
    assert show_goal(uow, manager).view.progress.percent == 100


def test_an_edit_that_changes_nothing_records_nothing(uow: FakeUnitOfWork, manager: str) -> None:
    task(uow, manager, "Leadership course", due=date(2026, 6, 1))
    saved, diff = edit_task(uow, "course", {"due": date(2026, 6, 1)}, reason="", now=NOW)
    assert (diff, saved.version) == ([], 1)


# --- complete_task -----------------------------------------------------------------------------------------


def test_a_task_is_done_once(uow: FakeUnitOfWork, manager: str) -> None:
    task(uow, manager, "Leadership course")
    done = complete_task(uow, "course", on=date(2026, 11, 20), now=NOW)
    assert (done.status, done.done_on) == (TaskStatus.DONE, date(2026, 11, 20))
    with pytest.raises(ValidationError, match="#1 'Leadership course' was already done on 2026-11-20"):
        complete_task(uow, "course", on=date(2026, 11, 25), now=NOW)
    assert show_task(uow, "course").task.done_on == date(2026, 11, 20)


def test_a_dropped_task_cannot_be_completed(uow: FakeUnitOfWork, manager: str) -> None:
    task(uow, manager, "Complete a part-time MBA")
    edit_task(uow, "MBA", {"status": TaskStatus.DROPPED}, reason="Too slow", now=NOW)
    with pytest.raises(ValidationError, match="was dropped; reopen it first"):
        complete_task(uow, "MBA", on=date(2026, 11, 20), now=NOW)


# --- list_open_tasks ---------------------------------------------------------------------------------------


def test_the_open_list_is_most_urgent_first_with_undated_tasks_last(uow: FakeUnitOfWork, manager: str) -> None:
    task(uow, manager, "Ask my VP for a conversation")
    task(uow, manager, "Shadow the regional manager", due=date(2027, 3, 1))
    task(uow, manager, "Leadership course", due=date(2026, 12, 15))
    task(uow, manager, "Finished already", due=date(2026, 1, 10))
    complete_task(uow, "Finished", on=date(2026, 1, 9), now=NOW)
    listing = list_open_tasks(uow, limit=2)
    assert [t.title for t in listing.page.tasks] == ["Leadership course", "Shadow the regional manager"]
    assert listing.page.total == 3
    assert listing.goals[1].title == "Become a sales manager"


def test_tasks_of_paused_goals_are_not_listed_to_act_on(uow: FakeUnitOfWork, manager: str) -> None:
    task(uow, manager, "Leadership course", due=date(2026, 12, 15))
    marathon = ref(goal(uow, "Run a marathon"))
    task(uow, marathon, "Buy shoes", due=date(2026, 12, 1))
    set_goal_status(uow, marathon, GoalStatus.PAUSED, reason="Knee injury", now=NOW)
    assert [t.title for t in list_open_tasks(uow).page.tasks] == ["Leadership course"]


# --- finding, moving and streaming tasks -------------------------------------------------------------------


def test_a_task_reference_that_matches_nothing_or_several_says_so(uow: FakeUnitOfWork, manager: str) -> None:
    task(uow, manager, "Leadership course")
    task(uow, manager, "Negotiation course")
    with pytest.raises(NotFound, match="There is no task #9"):
        show_task(uow, "#9")
    with pytest.raises(NotFound, match="No task matches 'mba'"):
        show_task(uow, "mba")
    with pytest.raises(Ambiguous) as caught:
        show_task(uow, "course")
    assert caught.value.message == "'course' matches 2 tasks: #1 'Leadership course', #2 'Negotiation course'."


def test_after_replaces_every_dependency_at_once(uow: FakeUnitOfWork, manager: str) -> None:
    task(uow, manager, "Leadership course")
    task(uow, manager, "Shadow the regional manager")
    task(uow, manager, "Apply", after=["Leadership course"])
    saved, _ = edit_task(uow, "Apply", {"after": ["Shadow"]}, reason="", now=NOW)
    assert saved.depends_on == (2,)


def test_a_task_can_move_to_another_goal_if_it_fits_its_dates(uow: FakeUnitOfWork, manager: str) -> None:
    task(uow, manager, "Leadership course", due=date(2027, 6, 1))
    goal(uow, "Lead a regional team", start=date(2026, 1, 1), target=date(2026, 12, 31))
    with pytest.raises(ValidationError, match="outside goal #2 'Lead a regional team'"):
        edit_task(uow, "course", {"goal": "regional"}, reason="", now=NOW)
    moved, _ = edit_task(
        uow, "course", {"goal": "regional", "due": date(2026, 12, 1)}, reason="Part of the pilot", now=NOW
    )
    assert moved.goal_id == 2
    assert [t.title for t in show_goal(uow, "regional").tasks] == ["Leadership course"]


def test_a_due_date_can_be_cleared(uow: FakeUnitOfWork, manager: str) -> None:
    task(uow, manager, "Leadership course", due=date(2026, 6, 1))
    saved, diff = edit_task(uow, "course", {"due": None}, reason="No cohort announced yet", now=NOW)
    assert saved.due is None
    assert diff == [Change("due", "2026-06-01", "-")]


def test_every_task_streams_in_goal_then_due_order(uow: FakeUnitOfWork, manager: str) -> None:
    marathon = ref(goal(uow, "Run a marathon"))
    task(uow, marathon, "Buy shoes", due=date(2026, 12, 1))
    task(uow, manager, "Undated")
    task(uow, manager, "Leadership course", due=date(2026, 12, 15))
    with uow.read():
        goals, tasks = iter_all_tasks(uow)
        streamed = [(goals[t.goal_id].title, t.title) for t in tasks]
    assert streamed == [
        ("Become a sales manager", "Leadership course"),
        ("Become a sales manager", "Undated"),
        ("Run a marathon", "Buy shoes"),
    ]
