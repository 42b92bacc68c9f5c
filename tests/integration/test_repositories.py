"""The SQL repositories on SQLite and PostgreSQL: what goes in comes back, in the order a page needs."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest

from headway.adapters.db import SqlUnitOfWork, open_database
from headway.domain.errors import Conflict, ValidationError
from headway.domain.goals import GoalKind, GoalStatus, MilestoneMeasure, NumericMeasure, numeric_measure
from headway.domain.records import GoalEntry, InvestmentCategory, Profile, Ratings
from headway.domain.tasks import TaskKind
from headway.services import goals as goal_service
from headway.services import plan as plan_service
from headway.services import record, status
from headway.services import tasks as task_service
from tests.conftest import NOW, TODAY


def setup_career(uow: SqlUnitOfWork) -> dict[str, int]:
    """Ada's record: a milestone goal with a numeric sub-goal, and a three-step plan."""
    record.init_profile(uow, Profile(name="Ada", current_role="Analyst", values=("growth",)), now=NOW)
    manager = goal_service.add_goal(
        uow,
        title="Become a sales manager",
        why="Lead people",
        kind=GoalKind.CAREER,
        measure=MilestoneMeasure(),
        start_date=date(2026, 1, 1),
        target_date=date(2028, 12, 31),
        now=NOW,
    )
    salary = goal_service.add_goal(
        uow,
        title="Raise my salary",
        why="Security",
        kind=GoalKind.FINANCIAL,
        measure=numeric_measure("salary", "USD", 62000, 85000),
        start_date=date(2026, 1, 1),
        target_date=date(2028, 12, 31),
        parent="sales manager",
        now=NOW,
    )
    course = task_service.add_task(
        uow,
        goal="1",
        title="Leadership course",
        kind=TaskKind.MILESTONE,
        due=date(2026, 10, 1),
        effort_hours=30,
        now=NOW,
    )
    pilot = task_service.add_task(
        uow, goal="1", title="Lead the pilot", due=date(2027, 6, 1), effort_hours=90, after=[str(course.id)], now=NOW
    )
    apply_ = task_service.add_task(uow, goal="1", title="Apply for the role", after=["pilot"], now=NOW)
    assert manager.id
    assert salary.id
    assert course.id
    assert pilot.id
    assert apply_.id
    return {"manager": manager.id, "salary": salary.id, "course": course.id, "pilot": pilot.id, "apply": apply_.id}


def test_a_goal_and_its_measure_come_back_as_saved(uow: SqlUnitOfWork) -> None:
    ids = setup_career(uow)
    with uow.read():
        salary = uow.goals.get(1, ids["salary"])
    assert salary is not None
    assert salary.measure == NumericMeasure("salary", "USD", 62000.0, 85000.0, salary.measure.direction)  # type: ignore[union-attr]
    assert (salary.parent_id, salary.kind, salary.status, salary.version) == (
        ids["manager"],
        GoalKind.FINANCIAL,
        GoalStatus.ACTIVE,
        1,
    )
    assert salary.start_date == date(2026, 1, 1)


def test_the_open_page_is_most_urgent_first_with_undated_tasks_last(uow: SqlUnitOfWork) -> None:
    ids = setup_career(uow)
    with uow.read():
        page = uow.tasks.open_page(1, limit=2)
        overdue = uow.tasks.open_page(1, limit=10, overdue_before=TODAY)
    assert [t.id for t in page.tasks] == [ids["course"], ids["pilot"]]
    assert page.total == 3
    assert page.tasks[1].depends_on == (ids["course"],)
    assert [t.id for t in overdue.tasks] == [ids["course"]]  # due 2026-10-01, before 2026-11-25


def test_plan_summaries_weigh_effort_and_leave_dropped_tasks_out(uow: SqlUnitOfWork) -> None:
    ids = setup_career(uow)
    task_service.complete_task(uow, str(ids["course"]), on=TODAY, now=NOW)
    task_service.add_task(uow, goal="1", title="An MBA", effort_hours=600, now=NOW)
    task_service.edit_task(uow, "MBA", {"status": "dropped"}, reason="Too slow", now=NOW)
    with uow.read():
        summary = uow.tasks.plan_summaries(1)[ids["manager"]]
    assert (summary.tasks, summary.done, summary.effort, summary.effort_done) == (3, 1, 120.0, 30.0)
    assert (summary.unestimated, summary.unestimated_done) == (1, 0)


def test_a_failed_check_in_writes_nothing(uow: SqlUnitOfWork) -> None:
    ids = setup_career(uow)
    with pytest.raises(ValidationError):
        record.record_checkin(
            uow,
            on=TODAY,
            ratings=Ratings(fulfilment=7),
            note="",
            entries=[("salary", GoalEntry(0, value=70000)), ("manager", GoalEntry(0, value=3))],
            completed=[str(ids["course"])],
            today=TODAY,
            now=NOW,
        )
    with uow.read():
        assert uow.checkins.last_date(1) is None
        assert uow.goals.get(1, ids["salary"]).current_value is None  # type: ignore[union-attr]
        assert uow.tasks.get(1, ids["course"]).status == "open"  # type: ignore[union-attr]


def test_a_check_in_keeps_entries_and_moves_the_numeric_goal(uow: SqlUnitOfWork) -> None:
    ids = setup_career(uow)
    saved = record.record_checkin(
        uow,
        on=TODAY,
        ratings=Ratings(7, 6, 5, 4),
        note="Good fortnight",
        entries=[("salary", GoalEntry(0, value=70000, confidence=4, went_well="Raise agreed"))],
        today=TODAY,
        now=NOW,
    )
    with uow.read():
        [back] = uow.checkins.recent(1, 5)
        salary = uow.goals.get(1, ids["salary"])
    assert back.id == saved.id
    assert back.ratings == Ratings(7, 6, 5, 4)
    assert back.entries[0].went_well == "Raise agreed"
    assert back.entries[0].progress == pytest.approx(8000 / 23000, abs=1e-4)
    assert salary is not None
    assert salary.current_value == 70000


def test_a_stale_edit_is_refused_as_a_conflict(database_url: str) -> None:
    first = SqlUnitOfWork(open_database(database_url))
    setup_career(first)
    second = SqlUnitOfWork(open_database(database_url))
    with second.read():
        stale = second.goals.get(1, 1)
    goal_service.edit_goal(first, "1", {"why": "Grow people"}, reason="", now=NOW)
    assert stale is not None
    with pytest.raises(Conflict), second.write():
        second.goals.update(stale)


def test_the_dashboard_costs_the_same_few_queries_however_many_goals(uow: SqlUnitOfWork) -> None:
    setup_career(uow)
    record.log_investment(
        uow,
        on=TODAY,
        category=InvestmentCategory.READING,
        hours=2,
        amount=0,
        currency=None,
        goal=None,
        note="",
        today=TODAY,
    )

    def count_queries(*, cached: bool) -> int:
        if not cached:  # what the dashboard keeps between runs, gone: it computes and stores all of it
            with uow.write():
                for table in ("plan_cache", "forecast_cache", "habits_cache"):
                    uow.db.execute(f"DELETE FROM {table}")
        calls = 0
        original = uow.db.execute

        def counting(sql: str, params: object = None) -> object:
            nonlocal calls
            calls += 1
            return original(sql, params)  # type: ignore[arg-type]

        uow.db.execute = counting  # type: ignore[method-assign,assignment]
        try:
            board = status.dashboard(uow, TODAY)
        finally:
            uow.db.execute = original  # type: ignore[method-assign]
        assert board.investment.this_month_hours == 2
        return calls

    few = count_queries(cached=False)
    warm = count_queries(cached=True)  # all of it from the caches: no plan counted, no reading read, nothing stored
    assert warm < few
    for n in range(20):
        goal_service.add_goal(
            uow,
            title=f"Side goal {n}",
            why="",
            kind=GoalKind.LIFE,
            measure=MilestoneMeasure(),
            start_date=date(2026, 1, 1),
            target_date=date(2027, 1, 1),
            now=NOW,
        )
        task_service.add_task(uow, goal=f"Side goal {n}", title="Step", due=date(2026, 12, 1), now=NOW)
    assert count_queries(cached=False) == few
    assert count_queries(cached=True) == warm


def test_baselines_keep_the_plan_as_it_was(uow: SqlUnitOfWork) -> None:
    ids = setup_career(uow)
    plan_service.save_baseline(uow, "1", label="agreed", now=NOW)
    task_service.edit_task(uow, str(ids["pilot"]), {"due": date(2027, 9, 1)}, reason="Reorg", now=NOW)
    view = plan_service.plan_view(uow, "1")
    slips = {row.task.id: row.slip_days for row in view.rows}
    assert slips[ids["pilot"]] == 92
    assert view.baseline is not None
    assert view.baseline.label == "agreed"
    _, revisions = plan_service.goal_history(uow, "1")
    assert [(r.field, r.before, r.after, r.reason) for r in revisions][-1] == (
        "due",
        "2027-06-01",
        "2027-09-01",
        "Reorg",
    )


def test_title_search_treats_wildcards_as_text(uow: SqlUnitOfWork) -> None:
    setup_career(uow)
    with uow.read():
        assert [g.title for g in uow.goals.find(1, "SALES")] == ["Become a sales manager"]
        assert uow.goals.find(1, "%") == []  # '%' and '_' are text, not wildcards
        assert uow.tasks.find(1, "pilot", goal_id=2) == []


def test_two_sign_ups_at_once_count_the_accounts_one_after_the_other(uow: SqlUnitOfWork, database_url: str) -> None:
    """Else two first sign-ups at once on PostgreSQL would each see no account and both become administrator."""
    counted: list[int] = []

    def second_sign_up() -> None:
        db = open_database(database_url)
        try:
            other = SqlUnitOfWork(db)
            with other.write():
                counted.append(other.accounts.count(lock=True))
        finally:
            db.close()

    with uow.write():
        assert uow.accounts.count(lock=True) == 0
        second = threading.Thread(target=second_sign_up)
        second.start()
        second.join(0.5)
        assert second.is_alive(), "the second sign-up counted while the first one's transaction was open"
        person = uow.profiles.add(Profile(name="Ada", created_at=NOW))
        uow.accounts.add(person, "ada@example.org", None, "admin", NOW)
    second.join(10)
    assert counted == [1]


def test_two_first_sign_ups_at_once_make_one_administrator(database_url: str) -> None:
    """Each sign-up pauses after counting the accounts, so without the lock both would count none."""
    from headway.adapters.passwords import Argon2Hasher
    from headway.services import accounts

    hasher = Argon2Hasher(time_cost=1, memory_kib=8192)
    roles: list[str] = []

    def sign_up(email: str) -> None:
        db = open_database(database_url)
        try:
            uow = SqlUnitOfWork(db)
            count = uow.accounts.count

            def slow_count(*, lock: bool = False) -> int:
                counted = count(lock=lock)
                time.sleep(0.3)  # long enough for the other sign-up to count too, were it not made to wait
                return counted

            uow.accounts.count = slow_count  # type: ignore[method-assign]
            account = accounts.sign_up(
                uow, hasher, email=email, password="correct horse battery", name=email[:3], policy="open", now=NOW
            )
            roles.append(account.role)
        finally:
            db.close()

    threads = [threading.Thread(target=sign_up, args=(f"{name}@example.org",)) for name in ("ada", "bob")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(roles) == ["admin", "member"]
