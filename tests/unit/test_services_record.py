"""Profile, check-in and investment use cases on the in-memory store."""

from __future__ import annotations

from datetime import date

import pytest

from headway.domain.errors import NotFound, ValidationError
from headway.domain.goals import numeric_measure
from headway.domain.records import GoalEntry, InvestmentCategory, Profile, Ratings
from headway.domain.tasks import TaskStatus
from headway.services.goals import show_goal
from headway.services.record import (
    delete_investment,
    get_profile,
    goals_to_check_in,
    init_profile,
    log_investment,
    recent_checkins,
    recent_investments,
    record_checkin,
)
from headway.services.tasks import show_task
from tests.unit.fakes import FakeUnitOfWork
from tests.unit.helpers import NOW, TODAY, goal, ref, task

# --- profile -----------------------------------------------------------------------------------------------


def test_init_run_again_updates_the_profile_it_made(uow: FakeUnitOfWork) -> None:
    first = get_profile(uow)
    later = NOW.replace(year=2027)
    init_profile(uow, Profile(name="Alice Martin", current_role="Sales Manager", currency="usd"), now=later)
    again = get_profile(uow)
    assert (again.id, again.created_at) == (first.id, first.created_at)
    assert (again.name, again.current_role, again.currency) == ("Alice Martin", "Sales Manager", "USD")


# --- check-ins ---------------------------------------------------------------------------------------------


@pytest.fixture
def career(uow: FakeUnitOfWork) -> FakeUnitOfWork:
    """#1 'Become a sales manager' (milestones) with a task 'Book five discovery calls';
    #2 'Raise my base salary' (62,000 -> 85,000 USD) under it."""
    manager = ref(goal(uow, "Become a sales manager"))
    task(uow, manager, "Book five discovery calls", effort=2)
    goal(uow, "Raise my base salary", parent=manager, measure=numeric_measure("salary", "USD", 62000, 85000))
    return uow


def test_a_check_in_moves_a_numeric_goal_to_its_new_value(career: FakeUnitOfWork) -> None:
    saved = record_checkin(
        career,
        on=TODAY,
        ratings=Ratings(fulfilment=7, balance=6),
        note=" Good week ",
        entries=[("salary", GoalEntry(0, value=73500, confidence=4, went_well="Raise agreed"))],
        today=TODAY,
        now=NOW,
    )
    assert show_goal(career, "salary").view.goal.current_value == 73500
    assert saved.note == "Good week"
    assert [(e.goal_id, e.value, e.progress, e.went_well) for e in saved.entries] == [(2, 73500, 0.5, "Raise agreed")]
    assert recent_checkins(career, 5) == [saved]


def test_a_milestone_goal_takes_no_value(career: FakeUnitOfWork) -> None:
    with pytest.raises(ValidationError) as caught:
        record_checkin(
            career,
            on=TODAY,
            ratings=Ratings(),
            note="",
            entries=[("sales manager", GoalEntry(0, value=3))],
            today=TODAY,
            now=NOW,
        )
    assert (
        caught.value.message == "Goal #1 'Become a sales manager' is measured by its milestones, so it takes no value."
    )


def test_tasks_named_as_completed_are_done_on_the_check_ins_date(career: FakeUnitOfWork) -> None:
    saved = record_checkin(
        career,
        on=date(2026, 11, 20),
        ratings=Ratings(achievement=8),
        note="",
        entries=[("sales manager", GoalEntry(0, confidence=4))],
        completed=["discovery calls"],
        today=TODAY,
        now=NOW,
    )
    done = show_task(career, "discovery calls").task
    assert (done.status, done.done_on) == (TaskStatus.DONE, date(2026, 11, 20))
    # the entry records the progress as it stood after the completion: the goal's own plan 100%, salary 0%
    assert [(e.goal_id, e.progress) for e in saved.entries] == [(1, 0.5)]


@pytest.mark.parametrize(
    ("entries", "error"),
    [
        ([("salary", GoalEntry(0, value=73500)), ("sales manager", GoalEntry(0, value=3))], ValidationError),
        ([("salary", GoalEntry(0, value=73500)), ("astronaut", GoalEntry(0))], NotFound),
        ([("salary", GoalEntry(0, value=73500, confidence=9))], ValidationError),
    ],
    ids=["value-for-a-milestone-goal", "unknown-goal", "confidence-out-of-range"],
)
def test_a_check_in_with_any_bad_entry_saves_nothing(
    career: FakeUnitOfWork, entries: list[tuple[str, GoalEntry]], error: type[Exception]
) -> None:
    with pytest.raises(error):
        record_checkin(
            career,
            on=TODAY,
            ratings=Ratings(fulfilment=7),
            note="",
            entries=entries,
            completed=["discovery calls"],
            today=TODAY,
            now=NOW,
        )
    assert recent_checkins(career, 5) == []
    assert show_goal(career, "salary").view.goal.current_value is None
    assert show_task(career, "discovery calls").task.status == TaskStatus.OPEN


def test_a_back_dated_check_in_does_not_overwrite_a_newer_value(career: FakeUnitOfWork) -> None:
    for on, salary in ((date(2026, 11, 20), 70000.0), (date(2026, 10, 1), 66000.0)):
        record_checkin(
            career,
            on=on,
            ratings=Ratings(),
            note="",
            entries=[("salary", GoalEntry(0, value=salary))],
            today=TODAY,
            now=NOW,
        )
    assert show_goal(career, "salary").view.goal.current_value == 70000
    assert [c.on for c in recent_checkins(career, 5)] == [date(2026, 11, 20), date(2026, 10, 1)]


def test_a_check_in_cannot_be_dated_tomorrow(career: FakeUnitOfWork) -> None:
    with pytest.raises(ValidationError, match="future"):
        record_checkin(career, on=date(2026, 11, 26), ratings=Ratings(), note="", entries=[], today=TODAY, now=NOW)


def test_a_check_in_walks_through_active_goals_parents_first(career: FakeUnitOfWork) -> None:
    goal(career, "Run a marathon")
    assert [g.title for g in goals_to_check_in(career)] == [
        "Become a sales manager",
        "Raise my base salary",
        "Run a marathon",
    ]


# --- investments -------------------------------------------------------------------------------------------


def test_an_investment_is_in_the_profiles_currency_unless_another_is_given(uow: FakeUnitOfWork) -> None:
    manager = goal(uow, "Become a sales manager")
    course = log_investment(
        uow,
        on=date(2026, 11, 2),
        category=InvestmentCategory.COURSE,
        hours=3,
        amount=1200,
        currency=None,
        goal="sales manager",
        note=" Leadership course ",
        today=TODAY,
    )
    book = log_investment(
        uow,
        on=date(2026, 11, 20),
        category=InvestmentCategory.READING,
        hours=0,
        amount=30,
        currency="gbp",
        goal=None,
        note="",
        today=TODAY,
    )
    assert (course.currency, course.goal_id, course.note) == ("EUR", manager.id, "Leadership course")
    assert book.currency == "GBP"
    assert recent_investments(uow, 10) == [book, course]


def test_an_empty_investment_saves_nothing(uow: FakeUnitOfWork) -> None:
    with pytest.raises(ValidationError, match="needs time, money or both"):
        log_investment(
            uow,
            on=TODAY,
            category=InvestmentCategory.PRACTICE,
            hours=0,
            amount=0,
            currency=None,
            goal=None,
            note="",
            today=TODAY,
        )
    assert recent_investments(uow, 10) == []


def invest(uow: FakeUnitOfWork, hours: float, on: date = TODAY) -> int:
    saved = log_investment(
        uow, on=on, category=InvestmentCategory.COURSE, hours=hours, amount=0, currency=None, goal=None, note="",
        today=TODAY,
    )  # fmt: skip
    assert saved.id is not None
    return saved.id


def test_a_deleted_investment_leaves_the_ledger_and_the_dashboard_counts_it_no_more(uow: FakeUnitOfWork) -> None:
    from headway.services.status import dashboard

    invest(uow, 2, on=date(2026, 11, 3))
    typo = invest(uow, 15)
    assert dashboard(uow, TODAY).investment.this_month_hours == 17  # kept in the habits cache
    deleted = delete_investment(uow, typo)
    assert deleted.hours == 15
    invest(uow, 1.5)  # the entry typed again: as many entries as the cache last counted
    assert [i.hours for i in recent_investments(uow, 10)] == [1.5, 2]
    assert dashboard(uow, TODAY).investment.this_month_hours == 3.5


def test_deleting_an_investment_that_is_not_there_changes_nothing(uow: FakeUnitOfWork) -> None:
    mine = invest(uow, 2)
    with pytest.raises(NotFound, match="There is no investment #999"):
        delete_investment(uow, 999)
    assert [i.id for i in recent_investments(uow, 10)] == [mine]


def test_habits_computed_before_a_deletion_and_stored_after_it_are_not_served(uow: FakeUnitOfWork) -> None:
    """A dashboard reads, a deletion lands, the dashboard stores what it read, the entry is typed again: the
    same number of entries as the stored habits counted, but not the same entries."""
    from datetime import timedelta

    from headway.services.common import current_profile
    from headway.services.dashboard_cache import cached_habits
    from headway.services.status import dashboard

    invest(uow, 2, on=date(2026, 11, 3))
    typo = invest(uow, 15)
    with uow.read():
        profile = current_profile(uow)
        computed, _ = cached_habits(uow, profile, TODAY, TODAY - timedelta(days=730))
    delete_investment(uow, typo)
    assert profile.id is not None
    with uow.write():
        uow.habits_cache.put(profile.id, computed)  # stored late, under the key it was computed with
    invest(uow, 1.5)
    assert dashboard(uow, TODAY).investment.this_month_hours == 3.5
