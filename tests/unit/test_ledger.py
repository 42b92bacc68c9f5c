"""The investment ledger: totals per currency, weeks and months, the target, regularity, and the return."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from headway.domain.ledger import build_ledger
from headway.domain.records import Investment, InvestmentCategory, SeriesPoint
from headway.domain.regularity import regularity, week_key, week_start

TODAY = date(2026, 11, 25)  # a Wednesday, in ISO week 2026-W48


def invest(
    on: date,
    hours: float = 0.0,
    amount: float = 0.0,
    currency: str = "USD",
    *,
    goal: int | None = None,
    category: InvestmentCategory = InvestmentCategory.COURSE,
) -> Investment:
    return Investment(1, on, category, hours, amount, currency, goal)


def point(on: date, progress: float | None) -> SeriesPoint:
    return SeriesPoint(on, None, progress, None)


def test_an_empty_ledger() -> None:
    book = build_ledger([], today=TODAY, currency="USD", target_hours=8)
    assert book.first_on is None
    assert (book.total.hours, dict(book.total.amounts)) == (0.0, {})
    assert [book.by_week, book.by_month, book.by_category, book.by_goal] == [[], [], [], []]
    assert book.regularity.share is None
    assert book.this_month.hours_share == 0.0


def test_money_in_different_currencies_is_never_added_together() -> None:
    book = build_ledger(
        [invest(date(2026, 11, 2), 2, 49), invest(date(2026, 11, 3), 1, 30, "EUR"), invest(date(2026, 11, 4), 1, 1)],
        today=TODAY,
        currency="USD",
        target_amount=100,
    )
    assert dict(book.total.amounts) == {"USD": 50, "EUR": 30}
    assert book.total.hours == 4
    assert book.this_month.amount_share == 0.5, "only the profile's currency counts towards the target"


def test_weeks_are_iso_weeks_and_one_can_span_the_new_year() -> None:
    assert week_key(date(2026, 12, 31)) == week_key(date(2027, 1, 3)) == "2026-W53"
    assert week_start(date(2027, 1, 3)) == date(2026, 12, 28)
    book = build_ledger(
        [invest(date(2026, 12, 31), 1), invest(date(2027, 1, 2), 2), invest(date(2027, 1, 4), 3)],
        today=date(2027, 1, 5),
        currency="USD",
    )
    assert [(w.key, w.start, w.totals.hours) for w in book.by_week] == [
        ("2026-W53", date(2026, 12, 28), 3),
        ("2027-W01", date(2027, 1, 4), 3),
    ]
    assert [(m.month, m.totals.hours) for m in book.by_month] == [("2026-12", 1), ("2027-01", 5)]


def test_every_month_from_the_first_to_this_one_with_the_running_total() -> None:
    book = build_ledger(
        [invest(date(2026, 8, 20), 2, 10), invest(date(2026, 10, 1), 3, 5, "EUR")], today=TODAY, currency="USD"
    )
    rows = [(m.month, m.totals.hours, m.cumulative.hours, dict(m.cumulative.amounts)) for m in book.by_month]
    assert rows == [
        ("2026-08", 2, 2, {"USD": 10}),
        ("2026-09", 0, 2, {"USD": 10}),
        ("2026-10", 3, 5, {"USD": 10, "EUR": 5}),
        ("2026-11", 0, 5, {"USD": 10, "EUR": 5}),
    ]


def test_this_month_against_the_target() -> None:
    book = build_ledger(
        [invest(date(2026, 10, 30), 10), invest(date(2026, 11, 1), 3), invest(date(2026, 11, 20), 3)],
        today=TODAY,
        currency="USD",
        target_hours=8,
    )
    month = book.this_month
    assert (month.month, month.totals.hours, month.target_hours, month.hours_share) == ("2026-11", 6, 8, 0.75)
    assert month.amount_share is None, "no money target"
    assert build_ledger([], today=TODAY, currency="USD").this_month.hours_share is None


def test_totals_by_category_and_goal_most_hours_first_and_no_goal_last() -> None:
    book = build_ledger(
        [
            invest(date(2026, 11, 2), 1, goal=None, category=InvestmentCategory.READING),
            invest(date(2026, 11, 3), 5, goal=2, category=InvestmentCategory.COURSE),
            invest(date(2026, 11, 4), 2, goal=3, category=InvestmentCategory.READING),
            invest(date(2026, 11, 5), 9, goal=None, category=InvestmentCategory.MENTORING),
        ],
        today=TODAY,
        currency="USD",
        goal_titles={2: "Become a sales manager", 3: "Raise my base salary"},
    )
    assert [(p.key, p.totals.hours) for p in book.by_category] == [("mentoring", 9), ("course", 5), ("reading", 3)]
    assert [(g.goal_id, g.title, g.totals.hours) for g in book.by_goal] == [
        (2, "Become a sales manager", 5),
        (3, "Raise my base salary", 2),
        (None, "", 10),
    ]


# --- regularity --------------------------------------------------------------------------------------------


def test_regularity_counts_weeks_since_the_first_deposit_and_this_week_once_it_has_one() -> None:
    # Deposits in the weeks of Oct 26, Nov 2 and Nov 16; none yet this week (Nov 23) and none the week of Nov 9.
    days = [date(2026, 10, 27), date(2026, 11, 4), date(2026, 11, 5), date(2026, 11, 17)]
    r = regularity(days, TODAY)
    assert (r.weeks, r.weeks_with_deposit, r.current_streak, r.longest_streak) == (4, 3, 1, 2)
    assert r.share == 0.75
    r = regularity([*days, date(2026, 11, 23)], TODAY)
    assert (r.weeks, r.weeks_with_deposit, r.current_streak, r.longest_streak) == (5, 4, 2, 2)


def test_a_missed_week_before_this_one_ends_the_current_streak() -> None:
    r = regularity([date(2026, 11, 2), date(2026, 11, 10)], TODAY)  # nothing in the week of Nov 16
    assert (r.weeks, r.current_streak, r.longest_streak) == (3, 0, 2)


# --- the return per goal -----------------------------------------------------------------------------------


def test_the_return_is_progress_points_gained_since_the_first_investment_per_hour() -> None:
    series = {
        2: [point(date(2026, 9, 1), 0.10), point(date(2026, 9, 15), 0.20), point(date(2026, 11, 10), 0.50)],
    }
    book = build_ledger(
        [invest(date(2026, 9, 20), 10, goal=2), invest(date(2026, 10, 20), 5, goal=2)],
        today=TODAY,
        currency="USD",
        series=series,
    )
    [ret] = book.by_goal
    assert (ret.first_on, ret.progress_then, ret.progress_now) == (date(2026, 9, 20), 0.20, 0.50)
    assert ret.points_gained == pytest.approx(30)
    assert ret.points_per_hour == pytest.approx(2.0)


def test_with_no_reading_before_the_first_investment_the_gain_counts_from_the_first_reading() -> None:
    series = {2: [point(date(2026, 10, 1), None), point(date(2026, 10, 5), 0.25), point(date(2026, 11, 1), 0.40)]}
    [ret] = build_ledger([invest(date(2026, 9, 1), 5, goal=2)], today=TODAY, currency="USD", series=series).by_goal
    assert (ret.progress_then, ret.progress_now, ret.points_gained, ret.points_per_hour) == (0.25, 0.40, 15.0, 3.0)


def test_no_readings_or_no_hours_give_no_return() -> None:
    book = build_ledger(
        [invest(date(2026, 9, 1), 5, goal=2), invest(date(2026, 9, 1), 0, 100, goal=3)],
        today=TODAY,
        currency="USD",
        series={3: [point(date(2026, 8, 1), 0.1), point(date(2026, 11, 1), 0.3)]},
    )
    returns = {r.goal_id: r for r in book.by_goal}
    assert returns[2].points_gained is None
    assert returns[2].points_per_hour is None
    assert returns[3].points_gained == pytest.approx(20)
    assert returns[3].points_per_hour is None, "money alone: no hours to divide by"
    assert returns[2].title == "goal #2", "a goal with no title given is named by its number"


# --- properties --------------------------------------------------------------------------------------------

investments = st.lists(
    st.builds(
        invest,
        on=st.dates(min_value=date(2024, 1, 1), max_value=TODAY),
        hours=st.integers(min_value=0, max_value=40).map(float),
        amount=st.integers(min_value=0, max_value=500).map(float),
        currency=st.sampled_from(["USD", "EUR"]),
        goal=st.sampled_from([None, 1, 2]),
    ),
    max_size=40,
)


@given(entries=investments)
def test_every_view_of_the_ledger_adds_up_to_the_total(entries: list[Investment]) -> None:
    book = build_ledger(entries, today=TODAY, currency="USD")
    total_hours = sum(i.hours for i in entries)
    assert book.total.hours == total_hours
    for view in (book.by_week, book.by_category):
        assert sum(p.totals.hours for p in view) == total_hours
    assert sum(g.totals.hours for g in book.by_goal) == total_hours
    for code in ("USD", "EUR"):
        assert book.total.amount(code) == sum(i.amount for i in entries if i.currency == code)
    if entries:
        assert book.by_month[-1].month == "2026-11"
        assert book.by_month[-1].cumulative == book.total
    r = book.regularity
    assert 0 <= r.current_streak <= r.longest_streak <= r.weeks_with_deposit <= r.weeks
    assert r.weeks_with_deposit == len({week_start(i.on) for i in entries})


@given(weeks=st.integers(min_value=1, max_value=120), gap=st.integers(min_value=0, max_value=6))
def test_a_deposit_every_week_up_to_now_is_a_full_streak(weeks: int, gap: int) -> None:
    """`gap` days before today's weekday: this week's deposit may be any day of it so far, or last week's."""
    last = TODAY - timedelta(days=gap)
    days = [last - timedelta(weeks=n) for n in range(weeks)]
    r = regularity(days, TODAY)
    assert r.share == 1.0
    assert r.current_streak == r.longest_streak == r.weeks == weeks
