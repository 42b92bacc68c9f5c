"""The tracking use cases on the in-memory store: rhythm, targets, ledger, balance and the review answers.

Alice's profile is made on 2026-11-25 (the unit tests' NOW), fortnightly check-ins and quarterly reviews.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from headway.domain.errors import NotFound, ValidationError
from headway.domain.records import GoalEntry, InvestmentCategory, Profile, Ratings, ReviewAnswer
from headway.services.record import get_profile, init_profile, log_investment, record_checkin
from headway.services.tracking import (
    ReviewDraft,
    balance,
    cadence_state,
    ledger,
    record_review_answers,
    set_cadence,
)
from tests.unit.fakes import FakeUnitOfWork
from tests.unit.helpers import NOW, TODAY, goal, ref

LATER = TODAY + timedelta(days=100)


def checkin(
    uow: FakeUnitOfWork,
    on: date,
    ratings: Ratings | None = None,
    *,
    entries: list[tuple[str, GoalEntry]] | None = None,
    review: ReviewDraft | None = None,
    today: date = LATER,
) -> None:
    record_checkin(
        uow, on=on, ratings=ratings or Ratings(), note="", entries=entries or [], review=review, today=today, now=NOW
    )


def spend(
    uow: FakeUnitOfWork,
    on: date,
    hours: float,
    amount: float = 0,
    *,
    currency: str | None = None,
    goal_ref: str | None = None,
) -> None:
    log_investment(
        uow,
        on=on,
        category=InvestmentCategory.COURSE,
        hours=hours,
        amount=amount,
        currency=currency,
        goal=goal_ref,
        note="",
        today=LATER,
    )


# --- the rhythm --------------------------------------------------------------------------------------------


def test_a_new_record_is_due_its_first_check_in_one_rhythm_after_init(uow: FakeUnitOfWork) -> None:
    state = cadence_state(uow, TODAY)
    assert (state.checkin_cadence, state.review_cadence) == ("fortnightly", "quarterly")
    assert state.next_due == TODAY + timedelta(days=14)
    assert state.next_review_due == date(2027, 2, 25)
    assert not state.maintenance_due
    assert not state.review_due


def test_maintenance_is_due_once_the_rhythm_is_missed_and_a_check_in_clears_it(uow: FakeUnitOfWork) -> None:
    checkin(uow, TODAY + timedelta(days=3))
    checkin(uow, TODAY + timedelta(days=3))  # twice on one day: one check-in day
    late = cadence_state(uow, TODAY + timedelta(days=20))
    assert (late.maintenance_due, late.days_overdue, late.current_streak, late.checkins) == (True, 3, 0, 1)
    checkin(uow, TODAY + timedelta(days=20))
    now = cadence_state(uow, TODAY + timedelta(days=20))
    assert (now.maintenance_due, now.current_streak, now.longest_streak) == (False, 0, 1)


def test_changing_the_rhythm_moves_the_due_date(uow: FakeUnitOfWork) -> None:
    checkin(uow, TODAY)
    profile = set_cadence(uow, checkin="weekly", review="monthly", capacity=4.5, now=NOW)
    assert (profile.checkin_cadence, profile.review_cadence, profile.weekly_capacity_hours) == (
        "weekly",
        "monthly",
        4.5,
    )
    state = cadence_state(uow, TODAY)
    assert (state.next_due, state.next_review_due) == (TODAY + timedelta(days=7), date(2026, 12, 25))
    assert get_profile(uow) == profile


def test_init_run_again_keeps_the_rhythm_when_asked_to(uow: FakeUnitOfWork) -> None:
    set_cadence(uow, checkin="monthly", capacity=3, target_hours=5, now=NOW)
    kept = init_profile(uow, Profile(name="Alice Martin"), now=NOW, keep_rhythms=True)
    assert (kept.name, kept.checkin_cadence, kept.weekly_capacity_hours, kept.monthly_target_hours) == (
        "Alice Martin",
        "monthly",
        3,
        5,
    )
    reset = init_profile(uow, Profile(name="Alice Martin"), now=NOW)
    assert (reset.checkin_cadence, reset.monthly_target_hours) == ("fortnightly", None), "the profile as given"


def test_a_rhythm_headway_does_not_know_is_refused_and_nothing_changes(uow: FakeUnitOfWork) -> None:
    before = get_profile(uow)
    with pytest.raises(ValidationError, match="daily"):
        set_cadence(uow, checkin="daily", now=NOW)
    with pytest.raises(ValidationError, match="capacity"):
        set_cadence(uow, review="yearly", capacity=0, now=NOW)
    assert get_profile(uow) == before


def test_targets_are_set_one_at_a_time_and_zero_removes_one(uow: FakeUnitOfWork) -> None:
    set_cadence(uow, target_hours=8, target_amount=100, now=NOW)
    profile = set_cadence(uow, target_hours=10, now=NOW)
    assert (profile.monthly_target_hours, profile.monthly_target_amount) == (10, 100)
    profile = set_cadence(uow, target_amount=0, now=NOW)
    assert (profile.monthly_target_hours, profile.monthly_target_amount) == (10, None)
    with pytest.raises(ValidationError, match="negative"):
        set_cadence(uow, target_hours=-1, now=NOW)


# --- the ledger and the balance ----------------------------------------------------------------------------


def test_the_ledger_brings_together_investments_targets_titles_and_progress(uow: FakeUnitOfWork) -> None:
    manager = ref(goal(uow, "Become a sales manager", start=date(2026, 1, 1)))
    goal(uow, "Unrelated goal")
    from headway.domain.goals import numeric_measure

    salary = ref(goal(uow, "Raise my base salary", measure=numeric_measure("salary", "EUR", 60000, 80000)))
    set_cadence(uow, target_hours=8, now=NOW)
    checkin(uow, TODAY, entries=[(salary, GoalEntry(0, value=62000))])
    spend(uow, TODAY + timedelta(days=1), 4, 100, goal_ref=salary)
    spend(uow, TODAY + timedelta(days=2), 2, 30, currency="usd", goal_ref=manager)
    checkin(uow, TODAY + timedelta(days=4), entries=[(salary, GoalEntry(0, value=66000))])

    book = ledger(uow, TODAY + timedelta(days=5))
    assert book.currency == "EUR"
    assert dict(book.total.amounts) == {"EUR": 100, "USD": 30}
    assert (book.this_month.month, book.this_month.totals.hours, book.this_month.target_hours) == ("2026-11", 6, 8)
    returns = {r.title: r for r in book.by_goal}
    assert set(returns) == {"Raise my base salary", "Become a sales manager"}
    assert returns["Raise my base salary"].points_gained == pytest.approx(20)  # 10% -> 30% of 60,000 -> 80,000
    assert returns["Raise my base salary"].points_per_hour == pytest.approx(5)
    assert returns["Become a sales manager"].points_gained is None, "no check-in reading for it"


def test_the_balance_counts_changes_from_the_last_review(uow: FakeUnitOfWork) -> None:
    target = ref(goal(uow, "Become a sales manager"))
    checkin(uow, TODAY, Ratings(balance=8, fulfilment=6))
    record_review_answers(
        uow,
        on=TODAY + timedelta(days=1),
        answers=[(target, ReviewAnswer(0, still_right=True))],
        note="",
        today=LATER,
        now=NOW,
    )
    checkin(uow, TODAY + timedelta(days=14), Ratings(balance=4, fulfilment=7))
    result = balance(uow, LATER)
    assert result.last_review == TODAY + timedelta(days=1)
    assert result.dimension("balance").change_since_review == -4
    assert [f.dimension for f in result.fell_by(3)] == ["balance"]
    assert cadence_state(uow, LATER).last_review == TODAY + timedelta(days=1)


# --- the review answers ------------------------------------------------------------------------------------


@pytest.fixture
def goals(uow: FakeUnitOfWork) -> FakeUnitOfWork:
    """#1 'Become a sales manager', #2 'Run a marathon'."""
    goal(uow, "Become a sales manager")
    goal(uow, "Run a marathon")
    return uow


def test_a_check_in_records_its_review_in_the_same_save(goals: FakeUnitOfWork) -> None:
    draft = ReviewDraft(
        [
            ("sales", ReviewAnswer(0, still_right=True, still_aligned=True, still_realistic=False, note=" Later ")),
            ("2", ReviewAnswer(0)),  # every question skipped: not kept
        ],
        note=" Quarter one ",
    )
    checkin(goals, TODAY, review=draft)
    with goals.read():
        [review] = goals.reviews.recent(1, 5)
    assert (review.on, review.note) == (TODAY, "Quarter one")
    assert review.answers == (ReviewAnswer(1, True, True, False, "Later"),)
    assert not cadence_state(goals, date(2027, 2, 24)).review_due
    assert cadence_state(goals, date(2027, 2, 25)).review_due


def test_a_review_with_nothing_answered_is_not_recorded_and_stays_due(goals: FakeUnitOfWork) -> None:
    checkin(goals, TODAY, review=ReviewDraft([("1", ReviewAnswer(0))]))
    with goals.read():
        assert goals.reviews.recent(1, 5) == []
        assert len(goals.checkins.recent(1, 5)) == 1


def test_a_bad_review_answer_saves_neither_the_review_nor_the_check_in(goals: FakeUnitOfWork) -> None:
    with pytest.raises(NotFound):
        checkin(goals, TODAY, Ratings(fulfilment=7), review=ReviewDraft([("#9", ReviewAnswer(0, still_right=True))]))
    twice = ReviewDraft([("1", ReviewAnswer(0, still_right=True)), ("#1", ReviewAnswer(0, still_realistic=False))])
    with pytest.raises(ValidationError, match="twice"):
        checkin(goals, TODAY, review=twice)
    with goals.read():
        assert goals.reviews.recent(1, 5) == []
        assert goals.checkins.recent(1, 5) == []


def test_a_review_on_its_own_needs_an_answer_and_a_date_not_in_the_future(goals: FakeUnitOfWork) -> None:
    answer = [("1", ReviewAnswer(0, still_aligned=False))]
    with pytest.raises(ValidationError, match="future"):
        record_review_answers(goals, on=TODAY + timedelta(days=1), answers=answer, note="", today=TODAY, now=NOW)
    with pytest.raises(ValidationError, match="at least one answer"):
        record_review_answers(goals, on=TODAY, answers=[("1", ReviewAnswer(0))], note=" ", today=TODAY, now=NOW)
    review = record_review_answers(goals, on=TODAY, answers=answer, note="", today=TODAY, now=NOW)
    assert review.id is not None
    assert review.answers == (ReviewAnswer(1, None, False, None, ""),)
