"""Goal use cases on the in-memory store: add, find, edit with reasons, move, change status."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from headway.domain.errors import Ambiguous, Conflict, NotFound, NotInitialised, ReasonRequired, ValidationError
from headway.domain.goals import Change, GoalKind, GoalStatus, MilestoneMeasure, numeric_measure
from headway.domain.records import Profile
from headway.services.common import resolve_goal
from headway.services.goals import add_goal, edit_goal, list_goals, move_goal, set_goal_status, show_goal
from headway.services.plan import goal_history
from headway.services.tasks import complete_task, edit_task
from tests.unit.fakes import FakeUnitOfWork
from tests.unit.helpers import NOW, goal, ref, task

# --- add_goal ----------------------------------------------------------------------------------------------


def test_a_sub_goal_can_name_its_parent_by_part_of_the_title(uow: FakeUnitOfWork) -> None:
    security = goal(uow, "Build financial security")
    salary = add_goal(
        uow,
        title="Raise my base salary",
        why="A base I can plan a mortgage on",
        kind=GoalKind.FINANCIAL,
        measure=numeric_measure("salary", "USD", 62000, 85000),
        start_date=date(2026, 1, 1),
        target_date=date(2028, 12, 31),
        parent="financial SECURITY",
        now=NOW,
    )
    assert salary.parent_id == security.id
    assert show_goal(uow, ref(salary)).view.goal == salary


def test_a_new_goal_starts_its_history_with_why_it_exists(uow: FakeUnitOfWork) -> None:
    added = goal(uow, "Become a sales manager")
    _, history = goal_history(uow, ref(added))
    assert [(r.field, r.after, r.reason) for r in history] == [
        ("created", "Become a sales manager", "Why: Become a sales manager")
    ]


def test_an_unknown_parent_adds_nothing(uow: FakeUnitOfWork) -> None:
    with pytest.raises(NotFound, match="No goal matches 'astronaut'"):
        goal(uow, "Walk on the moon", parent="astronaut")
    assert list_goals(uow) == []


def test_nothing_can_be_added_before_init(empty_uow: FakeUnitOfWork) -> None:
    with pytest.raises(NotInitialised, match="no Headway profile"):
        goal(empty_uow, "Become a sales manager")


# --- resolve_goal ------------------------------------------------------------------------------------------


@pytest.fixture
def three_goals(uow: FakeUnitOfWork) -> FakeUnitOfWork:
    goal(uow, "Become a sales manager")  # #1
    goal(uow, "Lead a regional team")  # #2
    goal(uow, "Lead the pilot")  # #3
    return uow


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("1", "Become a sales manager"),
        ("#2", "Lead a regional team"),
        (" #3 ", "Lead the pilot"),
        ("sales", "Become a sales manager"),
        ("REGIONAL", "Lead a regional team"),
    ],
)
def test_a_goal_is_found_by_number_or_a_unique_part_of_its_title(
    three_goals: FakeUnitOfWork, typed: str, title: str
) -> None:
    with three_goals.read():
        assert resolve_goal(three_goals, 1, typed).title == title


def test_a_title_part_matching_several_goals_names_them(three_goals: FakeUnitOfWork) -> None:
    with three_goals.read(), pytest.raises(Ambiguous) as caught:
        resolve_goal(three_goals, 1, "lead")
    assert caught.value.message == "'lead' matches 2 goals: #2 'Lead a regional team', #3 'Lead the pilot'."
    assert caught.value.hint == "Use the goal's number."


def test_an_exact_title_wins_over_longer_titles_containing_it(uow: FakeUnitOfWork) -> None:
    goal(uow, "Sales manager in Lyon")
    exact = goal(uow, "Sales manager")
    with uow.read():
        assert resolve_goal(uow, 1, "sales manager").id == exact.id


@pytest.mark.parametrize(
    ("typed", "message"), [("#9", "There is no goal #9."), ("astronaut", "No goal matches 'astronaut'.")]
)
def test_a_missing_goal_says_what_was_looked_for(three_goals: FakeUnitOfWork, typed: str, message: str) -> None:
    with three_goals.read(), pytest.raises(NotFound) as caught:
        resolve_goal(three_goals, 1, typed)
    assert caught.value.message == message


def test_another_persons_goal_cannot_be_reached(uow: FakeUnitOfWork) -> None:
    mine = goal(uow, "Become a sales manager")
    with uow.write():
        bob = uow.profiles.add(Profile(name="Bob", created_at=NOW))
        bobs = uow.goals.add(replace(mine, person_id=bob, title="Bob's secret plan", id=None))
    with uow.read():
        with pytest.raises(NotFound):
            resolve_goal(uow, 1, f"#{bobs}")
        with pytest.raises(NotFound):
            resolve_goal(uow, 1, "secret")


# --- edit_goal ---------------------------------------------------------------------------------------------


def test_each_changed_field_is_kept_in_the_history_with_the_reason(uow: FakeUnitOfWork) -> None:
    manager = goal(uow, "Become a sales manager", target=date(2028, 12, 31))
    saved, diff = edit_goal(
        uow,
        "sales manager",
        {"title": "Become a regional sales manager", "target_date": date(2029, 6, 30)},
        reason="The reorganisation moved every promotion by six months",
        now=NOW,
    )
    assert diff == [
        Change("title", "Become a sales manager", "Become a regional sales manager"),
        Change("target_date", "2028-12-31", "2029-06-30"),
    ]
    assert (saved.title, saved.target_date, saved.version) == ("Become a regional sales manager", date(2029, 6, 30), 2)
    _, history = goal_history(uow, ref(manager))
    reason = "The reorganisation moved every promotion by six months"
    assert [(r.field, r.before, r.after, r.reason) for r in history] == [
        ("created", "-", "Become a sales manager", "Why: Become a sales manager"),
        ("title", "Become a sales manager", "Become a regional sales manager", reason),
        ("target_date", "2028-12-31", "2029-06-30", reason),
    ]


def test_moving_the_target_date_without_a_reason_changes_nothing(uow: FakeUnitOfWork) -> None:
    manager = goal(uow, "Become a sales manager", target=date(2028, 12, 31))
    with pytest.raises(ReasonRequired, match="Changing a goal's target date needs a reason"):
        edit_goal(uow, ref(manager), {"target_date": date(2029, 6, 30)}, reason=" ", now=NOW)
    unchanged, history = goal_history(uow, ref(manager))
    assert unchanged == manager
    assert [r.field for r in history] == ["created"]


def test_rewording_why_needs_no_reason(uow: FakeUnitOfWork) -> None:
    manager = goal(uow, "Become a sales manager")
    saved, diff = edit_goal(uow, ref(manager), {"why": "Lead people well"}, reason="", now=NOW)
    assert saved.why == "Lead people well"
    assert [c.field for c in diff] == ["why"]


def test_an_edit_that_changes_nothing_records_nothing(uow: FakeUnitOfWork) -> None:
    manager = goal(uow, "Become a sales manager")
    saved, diff = edit_goal(uow, ref(manager), {"title": "Become a sales manager"}, reason="", now=NOW)
    assert (saved, diff) == (manager, [])
    assert len(goal_history(uow, ref(manager))[1]) == 1


def test_status_and_parent_are_not_edited_here(uow: FakeUnitOfWork) -> None:
    manager = goal(uow, "Become a sales manager")
    with pytest.raises(ValidationError, match="Cannot edit parent_id, status here"):
        edit_goal(uow, ref(manager), {"status": GoalStatus.ACHIEVED, "parent_id": 3}, reason="x", now=NOW)


def test_new_dates_that_would_leave_tasks_outside_the_goal_are_refused(uow: FakeUnitOfWork) -> None:
    manager = goal(uow, "Become a sales manager", start=date(2026, 1, 1), target=date(2028, 12, 31))
    task(uow, ref(manager), "Complete a part-time MBA", due=date(2028, 9, 1))
    with pytest.raises(ValidationError) as caught:
        edit_goal(uow, ref(manager), {"target_date": date(2027, 12, 31)}, reason="Sooner", now=NOW)
    assert caught.value.message == (
        "The new dates 2026-01-01 to 2027-12-31 would leave tasks outside the goal: "
        "#1 'Complete a part-time MBA' (due 2028-09-01)."
    )
    assert goal_history(uow, ref(manager))[0].target_date == date(2028, 12, 31)


def test_a_dropped_task_does_not_hold_the_goals_dates(uow: FakeUnitOfWork) -> None:
    manager = goal(uow, "Become a sales manager", target=date(2028, 12, 31))
    task(uow, ref(manager), "Complete a part-time MBA", due=date(2028, 9, 1))
    edit_task(uow, "MBA", {"status": "dropped"}, reason="Too many evenings", now=NOW)
    saved, _ = edit_goal(uow, ref(manager), {"target_date": date(2027, 12, 31)}, reason="Sooner", now=NOW)
    assert saved.target_date == date(2027, 12, 31)


def test_a_stale_copy_of_a_goal_cannot_overwrite_a_newer_one(uow: FakeUnitOfWork) -> None:
    manager = goal(uow, "Become a sales manager")
    edit_goal(uow, ref(manager), {"why": "Lead people well"}, reason="", now=NOW)
    with uow.write(), pytest.raises(Conflict, match="changed by someone else"):
        uow.goals.update(replace(manager, title="Stale"))


# --- move_goal and set_goal_status ---------------------------------------------------------------------------


def test_a_goal_cannot_move_under_its_own_sub_goal(uow: FakeUnitOfWork) -> None:
    security = goal(uow, "Build financial security")
    manager = goal(uow, "Become a sales manager", parent=ref(security))
    with pytest.raises(ValidationError, match=f"Goal {ref(security)} cannot sit under goal {ref(manager)}"):
        move_goal(uow, ref(security), ref(manager), reason="", now=NOW)
    assert show_goal(uow, ref(security)).parent is None


def test_moving_a_goal_to_the_top_level_is_recorded(uow: FakeUnitOfWork) -> None:
    security = goal(uow, "Build financial security")
    manager = goal(uow, "Become a sales manager", parent=ref(security))
    moved = move_goal(uow, ref(manager), None, reason="It stands on its own", now=NOW)
    assert moved.parent_id is None
    last = goal_history(uow, ref(manager))[1][-1]
    assert (last.field, last.before, last.after, last.reason) == ("parent", ref(security), "-", "It stands on its own")


def test_abandoning_a_sub_goal_is_told_in_the_parents_history(uow: FakeUnitOfWork) -> None:
    manager = goal(uow, "Become a sales manager")
    mba = goal(uow, "Complete an MBA", parent=ref(manager))
    set_goal_status(uow, ref(mba), GoalStatus.ABANDONED, reason="The leadership course covers it", now=NOW)
    last = goal_history(uow, ref(manager))[1][-1]
    assert (last.field, last.before, last.after, last.reason) == (
        "sub-goal",
        f"{ref(mba)} 'Complete an MBA'",
        "abandoned: no longer counts towards this goal's progress",
        "The leadership course covers it",
    )
    own = goal_history(uow, ref(mba))[1][-1]
    assert (own.field, own.before, own.after) == ("status", "active", "abandoned")


def test_abandoning_needs_a_reason_and_changes_nothing_without_one(uow: FakeUnitOfWork) -> None:
    mba = goal(uow, "Complete an MBA")
    with pytest.raises(ReasonRequired):
        set_goal_status(uow, ref(mba), GoalStatus.ABANDONED, reason="", now=NOW)
    assert show_goal(uow, ref(mba)).view.goal.status == GoalStatus.ACTIVE


def test_an_abandoned_sub_goal_stops_counting_in_the_parents_progress(uow: FakeUnitOfWork) -> None:
    manager = goal(uow, "Become a sales manager")
    course = goal(uow, "Earn a certification", parent=ref(manager))
    mba = goal(uow, "Complete an MBA", parent=ref(manager))
    task(uow, ref(course), "Pass the exam")
    task(uow, ref(mba), "Enrol")
    complete_task(uow, "Pass the exam", on=date(2026, 11, 20), now=NOW)
    assert show_goal(uow, ref(manager)).view.progress.percent == 50
    set_goal_status(uow, ref(mba), GoalStatus.ABANDONED, reason="Too slow", now=NOW)
    assert show_goal(uow, ref(manager)).view.progress.percent == 100


def test_goal_list_shows_open_goals_parents_first_and_closed_ones_on_request(uow: FakeUnitOfWork) -> None:
    security = goal(uow, "Build financial security")
    goal(uow, "Run a marathon")
    goal(uow, "Become a sales manager", parent=ref(security))
    set_goal_status(uow, "marathon", GoalStatus.ACHIEVED, reason="Finished in 4:05", now=NOW)
    assert [v.goal.title for v in list_goals(uow)] == ["Build financial security", "Become a sales manager"]
    everything = list_goals(uow, include_closed=True)
    assert [(v.goal.title, v.progress.percent) for v in everything] == [
        ("Build financial security", 0),
        ("Become a sales manager", 0),
        ("Run a marathon", 100),
    ]


def test_show_goal_gives_parent_sub_goals_and_plan(uow: FakeUnitOfWork) -> None:
    security = goal(uow, "Build financial security")
    manager = goal(uow, "Become a sales manager", parent=ref(security))
    goal(uow, "Lead a regional team", parent=ref(manager))
    task(uow, ref(manager), "Shadow the regional manager", due=date(2027, 3, 1))
    task(uow, ref(manager), "Leadership course", due=date(2026, 12, 15))
    detail = show_goal(uow, "sales manager")
    assert detail.parent == security
    assert [c.goal.title for c in detail.children] == ["Lead a regional team"]
    assert [t.title for t in detail.tasks] == ["Leadership course", "Shadow the regional manager"]
    assert isinstance(detail.view.goal.measure, MilestoneMeasure)


def test_moving_a_goal_where_it_already_is_records_nothing(uow: FakeUnitOfWork) -> None:
    security = goal(uow, "Build financial security")
    manager = goal(uow, "Become a sales manager", parent=ref(security))
    assert move_goal(uow, ref(manager), ref(security), reason="", now=NOW) == manager
    assert [r.field for r in goal_history(uow, ref(manager))[1]] == ["created"]


def test_setting_the_status_a_goal_already_has_records_nothing(uow: FakeUnitOfWork) -> None:
    manager = goal(uow, "Become a sales manager")
    assert set_goal_status(uow, ref(manager), GoalStatus.ACTIVE, reason="", now=NOW) == manager
    assert [r.field for r in goal_history(uow, ref(manager))[1]] == ["created"]


@pytest.mark.parametrize(
    ("title", "typed"),
    [("Learn C_sharp", "c_sharp"), ("Élever mon salaire", "ÉLEVER"), ("Straße planen", "straße")],
)
def test_titles_with_underscores_or_accents_are_found_as_typed(uow: FakeUnitOfWork, title: str, typed: str) -> None:
    goal(uow, "Learn C sharp basics")  # '_' must not stand for any character
    wanted = goal(uow, title)
    with uow.read():
        assert resolve_goal(uow, 1, typed) == wanted
