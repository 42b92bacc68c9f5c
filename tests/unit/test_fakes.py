"""The in-memory store keeps the SQL repositories' promises, so service tests on it mean something.

Each behaviour here is one the SQL repositories have (adapters/db/goal_tasks.py and records.py) and that
a service relies on: all-or-nothing writes, stale versions refused, one person never sees another's rows,
the orders pages are shown in.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from headway.domain.errors import Conflict
from headway.domain.goals import GoalStatus
from headway.domain.records import Profile, Revision
from headway.domain.tasks import Task
from headway.services.goals import move_goal, set_goal_status
from tests.unit.fakes import FakeUnitOfWork, IntegrityError, TransactionError
from tests.unit.helpers import NOW, TODAY, goal, ref, task


def test_a_write_that_raises_leaves_nothing_behind(uow: FakeUnitOfWork) -> None:
    goal(uow, "Become a sales manager")

    def add_then_fail() -> None:
        with uow.write():
            marathon = goal(uow, "Run a marathon")  # add_goal's own write joins this one
            uow.goals.update(replace(marathon, title="Run an ultra"))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        add_then_fail()
    with uow.read():
        assert [g.title for g in uow.goals.for_person(1)] == ["Become a sales manager"]


def test_repositories_are_used_inside_a_transaction_and_read_only_means_read_only(uow: FakeUnitOfWork) -> None:
    with pytest.raises(TransactionError, match="outside"):
        uow.goals.for_person(1)
    with uow.read(), pytest.raises(TransactionError, match="read-only"):
        uow.profiles.add(Profile(name="Bob", created_at=NOW))
    with uow.read(), pytest.raises(TransactionError, match="write\\(\\) inside read\\(\\)"), uow.write():
        pass


def test_a_stale_task_cannot_overwrite_a_newer_one(uow: FakeUnitOfWork) -> None:
    course = task(uow, ref(goal(uow, "Become a sales manager")), "Leadership course")
    with uow.write():
        saved = uow.tasks.update(replace(course, title="Leadership course, part 1"))
    assert saved.version == 2
    with uow.write(), pytest.raises(Conflict, match="Task #1 was changed by someone else"):
        uow.tasks.update(replace(course, title="Stale"))


def test_references_to_missing_rows_are_refused_as_the_foreign_keys_would(uow: FakeUnitOfWork) -> None:
    with uow.write(), pytest.raises(IntegrityError, match="refers to no goal"):
        uow.tasks.add(Task(goal_id=99, title="Orphan", created_at=NOW))
    with uow.write(), pytest.raises(IntegrityError, match="refers to no goal"):
        uow.revisions.add(Revision(goal_id=99, at=NOW, field="title", before="a", after="b"))


def test_one_person_never_sees_anothers_goals_or_tasks(uow: FakeUnitOfWork) -> None:
    alices = goal(uow, "Become a sales manager")
    task(uow, ref(alices), "Leadership course", due=date(2026, 12, 1))
    with uow.write():
        bob = uow.profiles.add(Profile(name="Bob", created_at=NOW))
        bobs_goal = uow.goals.add(replace(alices, id=None, person_id=bob, title="Bob's sales plan"))
        bobs_task = uow.tasks.add(Task(goal_id=bobs_goal, title="Bob's course", due=date(2026, 11, 1), created_at=NOW))
    with uow.read():
        assert [g.title for g in uow.goals.for_person(1)] == ["Become a sales manager"]
        assert [g.title for g in uow.goals.find(1, "sales")] == ["Become a sales manager"]
        assert uow.goals.get(1, bobs_goal) is None
        assert uow.tasks.get(1, bobs_task) is None
        assert [t.title for t in uow.tasks.find(1, "course")] == ["Leadership course"]
        assert [t.title for t in uow.tasks.open_page(1, limit=10).tasks] == ["Leadership course"]
        assert set(uow.tasks.plan_summaries(1)) == {alices.id}
        assert [t.title for t in uow.tasks.iter_all(bob)] == ["Bob's course"]
    with uow.write(), pytest.raises(Conflict):
        uow.goals.update(replace(alices, person_id=bob))  # Bob cannot take Alice's goal by updating it


def test_goals_come_parents_first_even_when_a_parent_is_newer(uow: FakeUnitOfWork) -> None:
    goal(uow, "Lead a regional team")  # #1
    goal(uow, "Run a marathon")  # #2
    goal(uow, "Become a sales manager")  # #3
    move_goal(uow, "regional", "sales manager", reason="", now=NOW)
    set_goal_status(uow, "sales manager", GoalStatus.PAUSED, reason="", now=NOW)
    with uow.read():
        assert [g.id for g in uow.goals.for_person(1)] == [2, 3, 1]
        # with its parent filtered out, a sub-goal takes its place among the top-level goals, by id
        assert [g.id for g in uow.goals.for_person(1, statuses=[GoalStatus.ACTIVE])] == [1, 2]


def test_a_goals_tasks_come_by_due_date_then_planned_start_with_missing_dates_last(uow: FakeUnitOfWork) -> None:
    manager = ref(goal(uow, "Become a sales manager"))
    task(uow, manager, "Undated")
    task(uow, manager, "Due later", due=date(2027, 3, 1))
    task(uow, manager, "Due soon, no planned start", due=date(2026, 12, 1))
    task(uow, manager, "Due soon, starts later", start=date(2026, 11, 1), due=date(2026, 12, 1))
    task(uow, manager, "Due soon, starts first", start=date(2026, 10, 1), due=date(2026, 12, 1))
    with uow.read():
        assert [t.title for t in uow.tasks.for_goal(1)] == [
            "Due soon, starts first",
            "Due soon, starts later",
            "Due soon, no planned start",
            "Due later",
            "Undated",
        ]


def test_the_open_page_counts_every_match_and_filters_overdue_ones(uow: FakeUnitOfWork) -> None:
    manager = ref(goal(uow, "Become a sales manager"))
    for title, due in [("Undated", None), ("Late", date(2026, 11, 1)), ("Today", TODAY), ("Soon", date(2026, 12, 1))]:
        task(uow, manager, title, due=due)
    with uow.read():
        page = uow.tasks.open_page(1, limit=2)
        overdue = uow.tasks.open_page(1, limit=10, overdue_before=TODAY)
    assert ([t.title for t in page.tasks], page.total) == (["Late", "Today"], 4)
    assert ([t.title for t in overdue.tasks], overdue.total) == (["Late"], 1)


def test_find_is_a_case_insensitive_substring_match(uow: FakeUnitOfWork) -> None:
    goal(uow, "Become a Sales Manager")
    goal(uow, "Raise my salary")
    with uow.read():
        assert [g.title for g in uow.goals.find(1, "SALES")] == ["Become a Sales Manager"]
        assert [g.title for g in uow.goals.find(1, "sal")] == ["Become a Sales Manager", "Raise my salary"]
        assert uow.goals.find(1, "marathon") == []


def test_history_times_are_kept_to_the_second(uow: FakeUnitOfWork) -> None:
    manager = goal(uow, "Become a sales manager")
    assert manager.id is not None
    with uow.write():
        uow.revisions.add(Revision(manager.id, NOW.replace(microsecond=987654), "why", "a", "b"))
    with uow.read():
        assert uow.revisions.for_goal(manager.id)[-1].at == NOW
