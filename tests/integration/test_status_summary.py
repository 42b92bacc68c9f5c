"""The kept status summary (services.status.kept_status) always equals a fresh computation: after every kind of
write a user can make, and on a new day, on SQLite and PostgreSQL, on Sam's demo career."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta

import pytest

from headway.adapters.db import SqlUnitOfWork
from headway.domain.goals import GoalStatus
from headway.domain.records import GoalEntry, InvestmentCategory, Ratings
from headway.entrypoints.api.routes_status import render
from headway.services import data, goals, record, status, tasks, tracking
from headway.services.demo import build_demo
from tests.conftest import NOW, TODAY


@pytest.fixture
def demo(uow: SqlUnitOfWork) -> SqlUnitOfWork:
    build_demo(uow, today=TODAY)
    return uow


def fresh(uow: SqlUnitOfWork, today: date) -> str:
    return render(status.dashboard(uow, today))


def kept(uow: SqlUnitOfWork, today: date) -> str | None:
    with uow.read():
        return uow.summaries.get(1, today, status.SUMMARY_FORMAT).document


def check_in(uow: SqlUnitOfWork) -> None:
    entries = [("salary", GoalEntry(0, value=71500.0, confidence=4))]
    record.record_checkin(uow, on=TODAY, ratings=Ratings(fulfilment=4), note="", entries=entries, today=TODAY, now=NOW)


def invest(uow: SqlUnitOfWork) -> None:
    reading = InvestmentCategory.READING
    record.log_investment(
        uow, on=TODAY, category=reading, hours=3, amount=0, currency=None, goal=None, note="", today=TODAY
    )


def add_task(uow: SqlUnitOfWork) -> None:
    tasks.add_task(uow, goal="regional", title="Shadow a regional manager", due=TODAY + timedelta(days=3), now=NOW)


def complete(uow: SqlUnitOfWork) -> None:
    tasks.add_task(uow, goal="regional", title="Book the course", now=NOW)
    tasks.complete_task(uow, "Book the course", on=TODAY, now=NOW)


def edit_goal(uow: SqlUnitOfWork) -> None:
    goals.edit_goal(uow, "2", {"target_date": TODAY + timedelta(days=900)}, reason="a reorganisation", now=NOW)


def pause(uow: SqlUnitOfWork) -> None:
    goals.set_goal_status(uow, "certifications", GoalStatus.PAUSED, reason="a busy quarter", now=NOW)


def cadence(uow: SqlUnitOfWork) -> None:
    tracking.set_cadence(uow, checkin="weekly", now=NOW)


def delete_goal(uow: SqlUnitOfWork) -> None:
    data.delete_goal(uow, "certifications")


WRITES: dict[str, Callable[[SqlUnitOfWork], None]] = {
    "check-in": check_in,
    "investment": invest,
    "task added": add_task,
    "task done": complete,
    "goal edited": edit_goal,
    "goal paused": pause,
    "rhythm changed": cadence,
    "goal deleted": delete_goal,
}


def test_the_summary_is_kept_and_served_until_the_data_changes(demo: SqlUnitOfWork) -> None:
    assert kept(demo, TODAY) is None
    first = status.kept_status(demo, TODAY, render)
    assert first == fresh(demo, TODAY)
    assert kept(demo, TODAY) == first  # kept: the next request is one query
    assert status.kept_status(demo, TODAY, render) == first
    assert json.loads(first)["kind"] == "status"


@pytest.mark.parametrize("write", list(WRITES), ids=list(WRITES))
def test_after_each_kind_of_write_the_summary_equals_a_fresh_computation(demo: SqlUnitOfWork, write: str) -> None:
    before = status.kept_status(demo, TODAY, render)
    WRITES[write](demo)
    assert kept(demo, TODAY) is None  # the write moved the stamp on: the old summary is not served
    after = status.kept_status(demo, TODAY, render)
    assert after == fresh(demo, TODAY)
    assert after != before
    assert status.kept_status(demo, TODAY, render) == after


def test_every_write_in_turn_and_a_new_day(demo: SqlUnitOfWork) -> None:
    for write in WRITES.values():
        status.kept_status(demo, TODAY, render)
        write(demo)
        assert status.kept_status(demo, TODAY, render) == fresh(demo, TODAY)
    tomorrow = TODAY + timedelta(days=1)
    assert kept(demo, tomorrow) is None
    assert status.kept_status(demo, tomorrow, render) == fresh(demo, tomorrow)


def test_a_failed_write_leaves_the_summary_standing(demo: SqlUnitOfWork) -> None:
    from headway.domain.errors import ReasonRequired

    kept_before = status.kept_status(demo, TODAY, render)
    with pytest.raises(ReasonRequired):
        goals.edit_goal(demo, "2", {"target_date": TODAY + timedelta(days=900)}, reason="", now=NOW)
    assert kept(demo, TODAY) == kept_before


def test_a_summary_computed_before_a_write_is_never_served_after_it(demo: SqlUnitOfWork) -> None:
    with demo.read():
        stamp = demo.summaries.get(1, TODAY, status.SUMMARY_FORMAT).stamp
    stale = fresh(demo, TODAY)
    check_in(demo)  # lands between the stamp's read and the summary's store, as a concurrent request could
    with demo.write():
        demo.summaries.put(1, stamp, TODAY, status.SUMMARY_FORMAT, stale)
    assert kept(demo, TODAY) is None
    assert status.kept_status(demo, TODAY, render) == fresh(demo, TODAY) != stale


def test_the_summary_goes_with_the_person(demo: SqlUnitOfWork) -> None:
    status.kept_status(demo, TODAY, render)
    data.delete_everything(demo)
    with demo.read():
        assert demo.db.one("SELECT COUNT(*) AS n FROM status_summaries")["n"] == 0  # type: ignore[index]
