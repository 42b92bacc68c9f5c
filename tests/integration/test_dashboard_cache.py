"""The forecast cache and the one pass over the tasks, on SQLite and PostgreSQL, on Sam's demo career."""

from __future__ import annotations

import sqlite3
import time
from datetime import date, timedelta

import pytest

from headway.adapters.db import SqlUnitOfWork
from headway.domain.goals import GoalStatus
from headway.domain.progress import PlanSummary
from headway.domain.records import GoalEntry, Ratings
from headway.domain.tasks import TaskStatus
from headway.services.data import delete_everything, delete_goal
from headway.services.demo import build_demo
from headway.services.ports import TaskWindow
from headway.services.record import record_checkin
from headway.services.status import Dashboard, dashboard
from tests.conftest import NOW, TODAY


@pytest.fixture
def demo(uow: SqlUnitOfWork) -> SqlUnitOfWork:
    build_demo(uow, today=TODAY)
    return uow


def cached_goals(uow: SqlUnitOfWork) -> set[int]:
    with uow.read():
        return {r["goal_id"] for r in uow.db.all("SELECT goal_id FROM forecast_cache")}


CACHES = ("plan_cache", "forecast_cache", "habits_cache")


def afresh(uow: SqlUnitOfWork, today: date = TODAY) -> Dashboard:
    """The dashboard computed with the caches emptied first (it stores what it computed again)."""
    with uow.write():
        for table in CACHES:
            uow.db.execute(f"DELETE FROM {table}")
    return dashboard(uow, today)


def active_goals(uow: SqlUnitOfWork) -> set[int]:
    with uow.read():
        return {g.id for g in uow.goals.for_person(1) if g.status == GoalStatus.ACTIVE and g.id is not None}


def test_stored_forecasts_come_back_as_they_were_computed(demo: SqlUnitOfWork) -> None:
    first = dashboard(demo, TODAY)
    assert cached_goals(demo) == active_goals(demo) == set(first.forecasts)
    with demo.read():
        stored = demo.forecast_cache.for_person(1)
    assert {i: entry.forecast for i, entry in stored.items()} == first.forecasts  # every field, floats exactly
    assert any(entry.readings for entry in stored.values())
    with demo.read():
        habits = demo.habits_cache.get(1)
    assert habits is not None
    assert (habits.investment, habits.regularity, habits.cadence) == (first.investment, first.regularity, first.cadence)
    assert dashboard(demo, TODAY) == first == afresh(demo)


def test_a_new_check_in_an_investment_and_a_new_day_are_seen(demo: SqlUnitOfWork) -> None:
    from headway.domain.records import InvestmentCategory
    from headway.services.record import log_investment

    dashboard(demo, TODAY)
    entries = [("salary", GoalEntry(0, value=71000.0, confidence=2))]
    record_checkin(demo, on=TODAY, ratings=Ratings(fulfilment=3), note="", entries=entries, today=TODAY, now=NOW)
    after = dashboard(demo, TODAY)
    assert after == afresh(demo)
    reading = InvestmentCategory.READING
    log_investment(demo, on=TODAY, category=reading, hours=5, amount=0, currency=None, goal=None, note="", today=TODAY)
    after = dashboard(demo, TODAY)
    assert after.investment.this_month_hours == afresh(demo).investment.this_month_hours
    assert after == afresh(demo)
    tomorrow = TODAY + timedelta(days=1)
    assert dashboard(demo, tomorrow) == afresh(demo, tomorrow)


def test_the_cache_goes_with_its_goal_and_with_everything(demo: SqlUnitOfWork) -> None:
    dashboard(demo, TODAY)
    delete_goal(demo, "certifications")
    assert cached_goals(demo) == active_goals(demo)
    delete_everything(demo)
    with demo.read():
        for table in (*CACHES, "forecast_cache_readings"):
            assert demo.db.one(f"SELECT COUNT(*) AS n FROM {table}")["n"] == 0  # type: ignore[index]


def test_a_read_only_database_still_shows_the_dashboard(demo: SqlUnitOfWork) -> None:
    expected = afresh(demo)
    with demo.write():
        for table in CACHES:
            demo.db.execute(f"DELETE FROM {table}")
    sqlite = demo.db.dialect.name == "sqlite"
    demo.db.execute("PRAGMA query_only = ON" if sqlite else "SET default_transaction_read_only = on")
    try:
        assert dashboard(demo, TODAY) == expected
        assert cached_goals(demo) == set()
    finally:
        demo.db.execute("PRAGMA query_only = OFF" if sqlite else "SET default_transaction_read_only = off")
    dashboard(demo, TODAY)
    assert cached_goals(demo) == active_goals(demo)


def test_a_busy_sqlite_file_does_not_hold_the_dashboard_up(tmp_path: object) -> None:
    from pathlib import Path

    from headway.adapters.db import open_database

    path = Path(str(tmp_path)) / "busy.sqlite3"
    uow = SqlUnitOfWork(open_database(str(path)))
    build_demo(uow, today=TODAY)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the file
    try:
        started = time.perf_counter()
        board = dashboard(uow, TODAY)
        assert time.perf_counter() - started < 5  # the connection's busy timeout is 10 s
        assert cached_goals(uow) == set()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert uow.db.one("PRAGMA busy_timeout")["timeout"] == 10_000  # type: ignore[index]
    assert dashboard(uow, TODAY) == board
    assert cached_goals(uow) == active_goals(uow)
    uow.db.close()


@pytest.mark.parametrize("today", [TODAY, TODAY + timedelta(days=250)], ids=["today", "in 250 days"])
def test_plan_summaries_and_windows_count_what_the_tasks_say(demo: SqlUnitOfWork, today: date) -> None:
    horizon = today + timedelta(days=30)
    with demo.read():
        plans = demo.tasks.plan_summaries(1)
        windows = demo.tasks.window_counts(1, today, horizon)
        some = sorted(plans)[:2]
        assert demo.tasks.plan_summaries(1, some) == {i: plans[i] for i in some}
        assert demo.tasks.window_counts(1, today, horizon, some) == {i: windows[i] for i in some if i in windows}
        tasks = list(demo.tasks.iter_all(1))
    expected_plans: dict[int, PlanSummary] = {}
    expected_windows: dict[int, TaskWindow] = {}
    for t in tasks:
        if t.status == TaskStatus.DROPPED:
            continue
        done, effort = t.status == TaskStatus.DONE, t.effort_hours or 0.0
        p = expected_plans.get(t.goal_id, PlanSummary())
        expected_plans[t.goal_id] = PlanSummary(
            p.tasks + 1,
            p.done + done,
            p.effort + effort,
            p.effort_done + (effort if done else 0.0),
            p.unestimated + (t.effort_hours is None),
            p.unestimated_done + (t.effort_hours is None and done),
        )
        late = t.due is not None and t.due < today
        soon = t.due is not None and today <= t.due <= horizon
        if not done and (late or soon):
            w = expected_windows.get(t.goal_id, TaskWindow())
            expected_windows[t.goal_id] = TaskWindow(
                w.overdue + late, w.overdue_milestones + (late and t.kind == "milestone"), w.due_soon + soon
            )
    assert plans == expected_plans
    assert windows == expected_windows
    if today > TODAY:
        assert any(w.overdue_milestones for w in windows.values())


def test_every_write_to_a_goals_tasks_moves_its_plan_stamp(demo: SqlUnitOfWork) -> None:
    from dataclasses import replace

    from headway.domain.errors import Conflict
    from headway.services.tasks import add_task, complete_task

    def stamps() -> dict[int, int]:
        with demo.read():
            return demo.tasks.plan_stamps(1)

    before = stamps()
    add_task(demo, goal="regional", title="Meet the other team leads", now=NOW)
    regional, sales = 4, 2
    assert {i: n - before[i] for i, n in stamps().items() if n != before[i]} == {regional: 1}
    before = stamps()
    done = complete_task(demo, "Meet the other team leads", on=TODAY, now=NOW)
    assert {i for i, n in stamps().items() if n != before[i]} == {regional}
    before = stamps()
    with demo.write():
        assert done.id is not None
        moved = demo.tasks.get(1, done.id)
        assert moved is not None
        demo.tasks.update(replace(moved, goal_id=sales))  # a task moved to another goal: both plans change
    assert {i for i, n in stamps().items() if n != before[i]} == {regional, sales}
    before = stamps()
    with pytest.raises(Conflict), demo.write():
        demo.tasks.update(replace(moved, title="A stale copy"))
    assert stamps() == before
    assert cached_goals(demo) == set()  # nothing stored yet: no dashboard was shown


def test_the_newest_ratings_are_the_last_of_all_of_them(demo: SqlUnitOfWork) -> None:
    since = TODAY - timedelta(days=120)
    with demo.read():
        every = demo.checkins.ratings_history(1, since=since)
        assert len(every) > 3
        assert demo.checkins.ratings_history(1, since=since, newest=3) == every[-3:]
        assert demo.checkins.ratings_history(1, since=since, newest=len(every) + 5) == every


def test_the_readings_of_some_goals_are_theirs_of_all_the_readings(demo: SqlUnitOfWork) -> None:
    since = TODAY - timedelta(days=365)
    with demo.read():
        every = demo.checkins.series(1, since=since)
        some = sorted(every)[1:3]
        assert demo.checkins.series(1, since=since, goal_ids=some) == {i: every[i] for i in some}
        assert demo.checkins.newest_entries(1).keys() == every.keys()
