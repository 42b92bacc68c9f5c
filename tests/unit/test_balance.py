"""Balance: the four ratings over time, their trend, the weakest, the change since a review, and falls."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from headway.domain.balance import DAYS_PER_MONTH, Reading, build_balance, slope_per_month
from headway.domain.records import Ratings

TODAY = date(2026, 11, 25)
START = date(2026, 1, 1)


def fortnightly(*ratings: Ratings) -> list[tuple[date, Ratings]]:
    """Check-ins every 14 days from 2026-01-01, with these ratings."""
    return [(START + timedelta(days=14 * n), r) for n, r in enumerate(ratings)]


def test_before_any_rating_nothing_is_known() -> None:
    result = build_balance([(START, Ratings())], today=TODAY)
    assert result.weakest is None
    assert result.checkins == 0
    assert all(d.latest is None and d.trend is None and d.recent_average is None for d in result.dimensions)
    assert [d.name for d in result.dimensions] == ["fulfilment", "balance", "achievement", "financial"]
    assert result.fell_by(3) == []


def test_the_trend_of_each_dimension_over_the_last_ratings() -> None:
    history = fortnightly(
        *(Ratings(fulfilment=f, balance=b, achievement=7) for f, b in [(3, 9), (4, 9), (5, 8), (6, 8), (7, 7)])
    )
    result = build_balance(history, today=TODAY)
    fulfilment, balance, achievement, financial = result.dimensions
    assert fulfilment.trend == "rising"
    assert fulfilment.slope_per_month == pytest.approx(DAYS_PER_MONTH / 14)  # a point every fortnight
    assert balance.trend == "falling"
    assert achievement.trend == "steady"
    assert achievement.slope_per_month == 0
    assert financial.trend is None, "never rated"
    assert fulfilment.latest == Reading(START + timedelta(days=56), 7)


def test_only_the_last_window_ratings_make_the_trend() -> None:
    falling_then_flat = [9, 8, 7, 6, 5, 5, 5, 5, 5, 5, 5]
    result = build_balance(fortnightly(*(Ratings(balance=v) for v in falling_then_flat)), today=TODAY, window=6)
    assert result.dimension("balance").trend == "steady"
    whole = build_balance(fortnightly(*(Ratings(balance=v) for v in falling_then_flat)), today=TODAY, window=11)
    assert whole.dimension("balance").trend == "falling"


def test_a_slow_drift_is_steady() -> None:
    # Down a point over five months: 0.2 a month is within the steady band.
    history = [(START, Ratings(financial=6)), (START + timedelta(days=152), Ratings(financial=5))]
    assert build_balance(history, today=TODAY).dimension("financial").trend == "steady"


def test_ratings_on_one_day_only_have_no_trend() -> None:
    history = [(START, Ratings(fulfilment=5)), (START, Ratings(fulfilment=8))]
    fulfilment = build_balance(history, today=TODAY).dimension("fulfilment")
    assert fulfilment.slope_per_month is None
    assert fulfilment.trend is None
    assert fulfilment.latest == Reading(START, 8), "the later check-in of the day is the latest"


def test_unrated_check_ins_are_left_out_not_counted_as_zero() -> None:
    history = fortnightly(Ratings(fulfilment=6), Ratings(), Ratings(balance=4), Ratings(fulfilment=6))
    result = build_balance(history, today=TODAY)
    assert [r.value for r in result.dimension("fulfilment").series] == [6, 6]
    assert result.dimension("fulfilment").trend == "steady"
    assert result.checkins == 3


def test_the_weakest_has_the_lowest_recent_average_and_ties_go_to_the_usual_order() -> None:
    history = fortnightly(
        Ratings(fulfilment=9, balance=2, achievement=5, financial=9),
        Ratings(fulfilment=9, balance=8, achievement=5, financial=9),
    )
    result = build_balance(history, today=TODAY)
    assert [d.recent_average for d in result.dimensions] == [9, 5, 5, 9]
    assert result.weakest == result.dimension("balance"), "balance and achievement tie at 5: the first in order"
    dip = build_balance([*history, (TODAY, Ratings(financial=1))], today=TODAY)
    assert dip.weakest == dip.dimension("balance"), "financial averages (9 + 9 + 1) / 3, still above 5"
    alone = build_balance([(TODAY, Ratings(financial=1))], today=TODAY)
    assert alone.weakest == alone.dimension("financial"), "the only dimension rated"


def test_the_change_since_the_last_review_is_from_the_rating_at_the_review() -> None:
    history = [
        (date(2026, 8, 1), Ratings(balance=6, fulfilment=5)),
        (date(2026, 8, 20), Ratings(balance=8)),  # the review is on Aug 25: this is the rating at it
        (date(2026, 9, 10), Ratings(balance=5, fulfilment=7)),
        (date(2026, 11, 10), Ratings(balance=4)),
    ]
    result = build_balance(history, today=TODAY, last_review=date(2026, 8, 25))
    balance, fulfilment = result.dimension("balance"), result.dimension("fulfilment")
    assert balance.at_last_review == Reading(date(2026, 8, 20), 8)
    assert balance.change_since_review == -4
    assert fulfilment.at_last_review == Reading(date(2026, 8, 1), 5)
    assert fulfilment.change_since_review == 2
    assert result.dimension("financial").change_since_review is None
    assert build_balance(history, today=TODAY).dimension("balance").change_since_review is None, "no review yet"
    early = build_balance(history, today=TODAY, last_review=date(2026, 7, 1))
    assert early.dimension("balance").change_since_review is None, "nothing rated by the review"


def test_a_rating_that_fell_by_three_or_more_since_the_one_before() -> None:
    history = fortnightly(Ratings(balance=8, fulfilment=7), Ratings(balance=5, fulfilment=5))
    result = build_balance(history, today=TODAY)
    [fall] = result.fell_by(3)
    assert (fall.dimension, fall.label, fall.points) == ("balance", "Work/life balance", 3)
    assert (fall.before.value, fall.latest.value) == (8, 5)
    assert [f.dimension for f in result.fell_by(2)] == ["fulfilment", "balance"]
    assert result.fell_by(4) == []


def test_a_slide_over_several_check_ins_is_seen_with_a_wider_window() -> None:
    history = fortnightly(*(Ratings(balance=v) for v in (8, 8, 7, 6, 5)))
    result = build_balance(history, today=TODAY)
    assert result.fell_by(3) == [], "a point at a time"
    [fall] = result.fell_by(3, window=4)
    assert (fall.before, fall.latest.value, fall.points) == (Reading(START + timedelta(days=14), 8), 5, 3)
    assert result.fell_by(3, window=1) == []


# --- properties --------------------------------------------------------------------------------------------


@given(
    value=st.integers(min_value=1, max_value=10),
    gaps=st.lists(st.integers(min_value=1, max_value=60), min_size=1, max_size=12),
)
def test_constant_ratings_are_steady(value: int, gaps: list[int]) -> None:
    readings = [Reading(START, value)]
    for gap in gaps:
        readings.append(Reading(readings[-1].on + timedelta(days=gap), value))
    assert slope_per_month(readings) == pytest.approx(0)


@given(
    ratings=st.lists(st.integers(min_value=1, max_value=10), min_size=2, max_size=20),
    step=st.integers(min_value=1, max_value=45),
)
def test_the_slope_of_ratings_is_bounded_by_their_steepest_change(ratings: list[int], step: int) -> None:
    readings = [Reading(START + timedelta(days=step * n), v) for n, v in enumerate(ratings)]
    slope = slope_per_month(readings)
    assert slope is not None
    steepest = max(abs(b.value - a.value) for a, b in pairwise(readings))
    assert abs(slope) <= steepest * DAYS_PER_MONTH / step + 1e-9
