"""The check-in rhythm: due dates across month ends and leap days, maintenance due, streaks, reviews."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from headway.domain.cadence import add_months, cadence_state, days_in_month, next_due, next_review, streaks
from headway.domain.records import CHECKIN_CADENCES, Profile


def profile(checkin: str = "fortnightly", review: str = "quarterly", started: date = date(2026, 1, 5)) -> Profile:
    created = datetime(started.year, started.month, started.day, 9, tzinfo=UTC)
    return Profile(name="Alice", checkin_cadence=checkin, review_cadence=review, created_at=created, id=1)


# --- due dates ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "anchor", "expected"),
    [
        (date(2027, 1, 31), 1, None, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, None, date(2028, 2, 29)),  # a leap year
        (date(2027, 2, 28), 1, 31, date(2027, 3, 31)),  # back to the anchor's day once the month has it
        (date(2027, 3, 31), 1, 31, date(2027, 4, 30)),
        (date(2026, 11, 30), 3, None, date(2027, 2, 28)),
        (date(2026, 12, 15), 1, None, date(2027, 1, 15)),  # across the year
        (date(2028, 2, 29), 12, None, date(2029, 2, 28)),
    ],
)
def test_months_are_added_on_the_anchor_day_clamped_to_the_month(
    day: date, months: int, anchor: int | None, expected: date
) -> None:
    assert add_months(day, months, anchor) == expected


def test_a_monthly_rhythm_from_january_31_keeps_coming_back_to_the_31st() -> None:
    first = date(2028, 1, 31)
    dues = []
    last = first
    for _ in range(4):
        last = next_due(last, "monthly", first)  # each check-in made on its due date
        dues.append(last)
    assert dues == [date(2028, 2, 29), date(2028, 3, 31), date(2028, 4, 30), date(2028, 5, 31)]


def test_a_monthly_check_in_made_late_or_early_is_due_on_the_anchor_day_the_month_after() -> None:
    anchor = date(2026, 1, 15)
    assert next_due(date(2026, 3, 20), "monthly", anchor) == date(2026, 4, 15)  # late in March
    assert next_due(date(2026, 3, 2), "monthly", anchor) == date(2026, 4, 15)  # early in March


@pytest.mark.parametrize(("cadence", "days"), [("weekly", 7), ("fortnightly", 14)])
def test_weekly_and_fortnightly_are_due_that_many_days_after_the_latest(cadence: str, days: int) -> None:
    assert next_due(date(2026, 12, 28), cadence, date(2026, 1, 1)) == date(2026, 12, 28) + timedelta(days=days)


def test_before_any_check_in_the_first_is_due_one_rhythm_after_the_start() -> None:
    assert next_due(None, "fortnightly", date(2026, 11, 1)) == date(2026, 11, 15)
    assert next_due(None, "monthly", date(2026, 1, 31)) == date(2026, 2, 28)


def test_an_unknown_rhythm_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="daily"):
        next_due(None, "daily", date(2026, 1, 1))
    with pytest.raises(ValueError, match="weekly"):
        next_review(None, "weekly", date(2026, 1, 1))


# --- maintenance due and streaks ---------------------------------------------------------------------------


def test_on_the_due_date_the_check_in_is_on_time_and_the_day_after_maintenance_is_due() -> None:
    days = [date(2026, 11, 10)]
    alice = profile(started=date(2026, 11, 1))
    on_the_day = cadence_state(days, None, alice, today=date(2026, 11, 24))
    assert on_the_day.next_due == date(2026, 11, 24)
    assert (on_the_day.maintenance_due, on_the_day.days_overdue, on_the_day.days_until_due) == (False, 0, 0)
    assert on_the_day.current_streak == 1

    day_after = cadence_state(days, None, alice, today=date(2026, 11, 25))
    assert (day_after.maintenance_due, day_after.days_overdue, day_after.days_until_due) == (True, 1, -1)
    assert day_after.current_streak == 0, "an overdue check-in breaks the streak"
    assert day_after.longest_streak == 1


def test_with_no_check_in_yet_the_first_is_due_one_rhythm_after_the_profile_was_made() -> None:
    state = cadence_state([], None, profile("weekly", started=date(2026, 11, 20)), today=date(2026, 11, 25))
    assert state.last_checkin is None
    assert state.next_due == date(2026, 11, 27)
    assert not state.maintenance_due
    assert (state.current_streak, state.longest_streak, state.checkins) == (0, 0, 0)


def test_check_ins_on_the_same_day_count_once() -> None:
    days = [date(2026, 1, 10), date(2026, 1, 10), date(2026, 1, 20), date(2026, 1, 20)]
    counted = streaks(days, "fortnightly", date(2026, 1, 5))
    assert (counted.counted, counted.on_time, counted.current, counted.longest) == (2, 2, 2, 2)


def test_a_late_check_in_resets_the_streak_and_the_longest_is_kept() -> None:
    started = date(2026, 1, 1)
    days = [date(2026, 1, 7), date(2026, 1, 14), date(2026, 1, 21), date(2026, 2, 20), date(2026, 2, 27)]
    counted = streaks(days, "weekly", started)  # Feb 20 comes a month after Jan 21: late
    assert (counted.current, counted.longest, counted.on_time, counted.counted) == (1, 3, 4, 5)


def test_a_first_check_in_long_after_the_start_is_late() -> None:
    counted = streaks([date(2026, 6, 1)], "fortnightly", date(2026, 1, 1))
    assert (counted.current, counted.longest, counted.on_time) == (0, 0, 0)


def test_a_monthly_streak_across_february_in_a_leap_year() -> None:
    days = [date(2028, 1, 31), date(2028, 2, 29), date(2028, 3, 31)]
    state = cadence_state(days, None, profile("monthly", started=date(2028, 1, 20)), today=date(2028, 4, 30))
    assert state.next_due == date(2028, 4, 30)
    assert (state.current_streak, state.maintenance_due) == (3, False)
    later = cadence_state(days, None, profile("monthly", started=date(2028, 1, 20)), today=date(2028, 5, 1))
    assert (later.maintenance_due, later.days_overdue, later.current_streak) == (True, 1, 0)


# --- reviews -----------------------------------------------------------------------------------------------


def test_a_review_is_due_one_review_rhythm_after_the_start_and_then_after_the_last_review() -> None:
    alice = profile(review="quarterly", started=date(2026, 8, 31))
    before = cadence_state([], None, alice, today=date(2026, 11, 29))
    assert (before.next_review_due, before.review_due) == (date(2026, 11, 30), False)
    on_the_day = cadence_state([], None, alice, today=date(2026, 11, 30))
    assert on_the_day.review_due
    reviewed = cadence_state([], date(2026, 11, 30), alice, today=date(2026, 12, 1))
    assert (reviewed.last_review, reviewed.next_review_due, reviewed.review_due) == (
        date(2026, 11, 30),
        date(2027, 2, 28),
        False,
    )


@pytest.mark.parametrize(
    ("rhythm", "expected"),
    [("monthly", date(2028, 3, 29)), ("quarterly", date(2028, 5, 29)), ("yearly", date(2029, 2, 28))],
)
def test_review_rhythms_from_a_leap_day(rhythm: str, expected: date) -> None:
    assert next_review(date(2028, 2, 29), rhythm, date(2027, 1, 1)) == expected


# --- properties --------------------------------------------------------------------------------------------

days_strategy = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


@given(last=days_strategy, anchor=days_strategy)
def test_a_monthly_due_date_is_in_the_next_month_on_the_anchor_day_or_the_month_end(last: date, anchor: date) -> None:
    due = next_due(last, "monthly", anchor)
    assert due > last
    assert (due.year * 12 + due.month) - (last.year * 12 + last.month) == 1
    assert due.day == anchor.day or (due.day < anchor.day and (due + timedelta(days=1)).day == 1)


@given(
    cadence=st.sampled_from(CHECKIN_CADENCES),
    started=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
    gaps=st.lists(st.integers(min_value=0, max_value=60), max_size=30),
)
def test_streak_counts_are_consistent(cadence: str, started: date, gaps: list[int]) -> None:
    days = []
    day = started
    for gap in gaps:
        day += timedelta(days=gap)
        days.append(day)
    counted = streaks(days, cadence, started)
    assert 0 <= counted.current <= counted.longest <= counted.on_time <= counted.counted == len(set(days))


@given(cadence=st.sampled_from(CHECKIN_CADENCES), count=st.integers(min_value=1, max_value=40))
def test_checking_in_on_every_due_date_keeps_the_whole_streak(cadence: str, count: int) -> None:
    started = date(2027, 1, 31)
    days: list[date] = []
    for _ in range(count):
        days.append(next_due(days[-1] if days else None, cadence, days[0] if days else started))
    state = cadence_state(days, None, profile(cadence, started=started), today=days[-1])
    assert (state.current_streak, state.longest_streak, state.on_time) == (count, count, count)
    assert not state.maintenance_due


@given(st.integers(1, 9998), st.integers(1, 12))
def test_the_days_in_a_month_are_the_calendars(year: int, month: int) -> None:
    import calendar

    assert days_in_month(year, month) == calendar.monthrange(year, month)[1]
