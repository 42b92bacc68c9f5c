"""The tracking reads on SQLite and PostgreSQL: the same few queries however long the record, and a check-in
with its review saved together or not at all."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from headway.adapters.db import SqlUnitOfWork
from headway.domain.errors import NotFound
from headway.domain.goals import GoalKind, MilestoneMeasure, numeric_measure
from headway.domain.records import GoalEntry, InvestmentCategory, Profile, Ratings, ReviewAnswer
from headway.services import goals as goal_service
from headway.services import record, tracking
from tests.conftest import NOW, TODAY


def add_goal(uow: SqlUnitOfWork, title: str, numeric: bool = False) -> str:
    goal = goal_service.add_goal(
        uow,
        title=title,
        why="",
        kind=GoalKind.CAREER,
        measure=numeric_measure("salary", "USD", 60000, 80000) if numeric else MilestoneMeasure(),
        start_date=date(2026, 1, 1),
        target_date=date(2028, 12, 31),
        now=NOW,
    )
    return str(goal.id)


def add_history(uow: SqlUnitOfWork, goal: str, n: int) -> None:
    """n fortnightly check-ins with ratings and a value for `goal`, each with an investment in it."""
    for i in range(n):
        on = TODAY - timedelta(days=14 * (n - i))
        entries = [(goal, GoalEntry(0, value=60000 + 1000 * i))]
        ratings = Ratings(fulfilment=5 + i % 3, balance=7)
        record.record_checkin(uow, on=on, ratings=ratings, note="", entries=entries, today=TODAY, now=NOW)
        record.log_investment(
            uow,
            on=on,
            category=InvestmentCategory.COURSE,
            hours=2,
            amount=10,
            currency=None,
            goal=goal,
            note="",
            today=TODAY,
        )


def queries(uow: SqlUnitOfWork, read: Callable[[], object]) -> int:
    calls = 0
    original = uow.db.execute

    def counting(sql: str, params: object = None) -> object:
        nonlocal calls
        calls += 1
        return original(sql, params)  # type: ignore[arg-type]

    uow.db.execute = counting  # type: ignore[method-assign,assignment]
    try:
        read()
    finally:
        uow.db.execute = original  # type: ignore[method-assign]
    return calls


def test_the_tracking_reads_cost_the_same_few_queries_however_long_the_record(uow: SqlUnitOfWork) -> None:
    record.init_profile(uow, Profile(name="Ada"), now=NOW)
    salary = add_goal(uow, "Raise my salary", numeric=True)
    add_history(uow, salary, 2)
    tracking.record_review_answers(
        uow, on=TODAY, answers=[(salary, ReviewAnswer(0, still_right=True))], note="", today=TODAY, now=NOW
    )
    reads: dict[str, Callable[[], object]] = {
        "cadence": lambda: tracking.cadence_state(uow, TODAY),
        "ledger": lambda: tracking.ledger(uow, TODAY),
        "balance": lambda: tracking.balance(uow, TODAY),
    }
    few = {name: queries(uow, read) for name, read in reads.items()}
    for n in range(10):
        add_history(uow, add_goal(uow, f"Side goal {n}", numeric=True), 3)
    assert {name: queries(uow, read) for name, read in reads.items()} == few
    assert max(few.values()) <= 5
    book = tracking.ledger(uow, TODAY)
    assert len(book.by_goal) == 11
    assert book.by_goal[0].title.startswith("Side goal")


def test_a_check_in_and_its_review_are_saved_together_or_not_at_all(uow: SqlUnitOfWork) -> None:
    record.init_profile(uow, Profile(name="Ada"), now=NOW)
    add_goal(uow, "Become a sales manager")
    bad = tracking.ReviewDraft([("1", ReviewAnswer(0, still_right=True)), ("#7", ReviewAnswer(0, still_right=False))])
    with pytest.raises(NotFound):
        record.record_checkin(
            uow, on=TODAY, ratings=Ratings(fulfilment=7), note="", entries=[], review=bad, today=TODAY, now=NOW
        )
    with uow.read():
        assert uow.checkins.recent(1, 5) == []
        assert uow.reviews.recent(1, 5) == []
    good = tracking.ReviewDraft([("sales", ReviewAnswer(0, still_realistic=False, note="Later"))], note="Q1")
    record.record_checkin(uow, on=TODAY, ratings=Ratings(), note="", entries=[], review=good, today=TODAY, now=NOW)
    with uow.read():
        [review] = uow.reviews.recent(1, 5)
    assert (review.on, review.note, review.answers) == (TODAY, "Q1", (ReviewAnswer(1, None, None, False, "Later"),))
