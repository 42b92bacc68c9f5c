"""The record around the goals: profile, check-ins, investments, the dashboard's pace, and dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from headway.domain.dates import month_key, months_between, parse_iso_date
from headway.domain.errors import ValidationError
from headway.domain.records import (
    CheckIn,
    GoalEntry,
    Investment,
    InvestmentCategory,
    Profile,
    Ratings,
    validate_checkin,
    validate_investment,
    validate_profile,
)
from headway.domain.status import days_since, investment_pace

TODAY = date(2026, 11, 25)

# --- check-ins ---------------------------------------------------------------------------------------------


def checkin(**changes: Any) -> CheckIn:
    return replace(CheckIn(person_id=1, on=TODAY), **changes)


def test_a_check_in_rated_from_1_to_10_is_accepted() -> None:
    ratings = Ratings(fulfilment=1, balance=10, achievement=5, financial=None)
    assert validate_checkin(checkin(ratings=ratings), TODAY).ratings == ratings


@pytest.mark.parametrize(("rating", "label"), [("balance", "Work/life balance"), ("fulfilment", "Fulfilment")])
@pytest.mark.parametrize("value", [0, 11])
def test_a_rating_outside_1_to_10_is_refused_by_its_name(rating: str, label: str, value: int) -> None:
    with pytest.raises(ValidationError, match=f"{label} is rated {value}; ratings go from 1 to 10") as caught:
        validate_checkin(checkin(ratings=Ratings(**{rating: value})), TODAY)
    assert caught.value.field == rating


@pytest.mark.parametrize("confidence", [0, 6])
def test_confidence_goes_from_1_to_5(confidence: int) -> None:
    entries = (GoalEntry(3, confidence=confidence),)
    with pytest.raises(ValidationError, match=f"Confidence for goal #3 is {confidence}; it goes from 1 to 5"):
        validate_checkin(checkin(entries=entries), TODAY)
    validate_checkin(checkin(entries=(GoalEntry(3, confidence=1), GoalEntry(4, confidence=5))), TODAY)


def test_a_check_in_cannot_be_dated_in_the_future() -> None:
    with pytest.raises(ValidationError, match=r"cannot be dated in the future \(2026-11-26\)"):
        validate_checkin(checkin(on=date(2026, 11, 26)), TODAY)


def test_a_goal_appears_once_per_check_in() -> None:
    with pytest.raises(ValidationError, match="Goal #3 appears twice in one check-in"):
        validate_checkin(checkin(entries=(GoalEntry(3, value=70000), GoalEntry(3, value=71000))), TODAY)


# --- investments -------------------------------------------------------------------------------------------


def investment(**changes: Any) -> Investment:
    return replace(Investment(person_id=1, on=TODAY, category=InvestmentCategory.COURSE, hours=1.0), **changes)


@pytest.mark.parametrize(("hours", "amount"), [(2.0, 0.0), (0.0, 49.0), (1.5, 25.0)])
def test_an_investment_of_time_money_or_both_is_accepted(hours: float, amount: float) -> None:
    validate_investment(investment(hours=hours, amount=amount), TODAY)


def test_an_investment_needs_time_or_money() -> None:
    with pytest.raises(ValidationError, match="needs time, money or both"):
        validate_investment(investment(hours=0, amount=0), TODAY)


@pytest.mark.parametrize(("hours", "amount"), [(-1.0, 0.0), (0.0, -49.0)])
def test_an_investment_cannot_be_negative(hours: float, amount: float) -> None:
    with pytest.raises(ValidationError, match="cannot be negative"):
        validate_investment(investment(hours=hours, amount=amount), TODAY)


def test_an_investment_cannot_be_dated_in_the_future() -> None:
    with pytest.raises(ValidationError, match=r"cannot be dated in the future \(2026-12-01\)"):
        validate_investment(investment(hours=1, on=date(2026, 12, 1)), TODAY)


def test_more_hours_than_a_month_holds_is_refused() -> None:
    with pytest.raises(ValidationError, match="more than a month holds"):
        validate_investment(investment(hours=745), TODAY)


# --- profile -----------------------------------------------------------------------------------------------


def test_a_profile_comes_back_trimmed_with_its_currency_in_capitals() -> None:
    profile = validate_profile(Profile(name=" Alice ", currency=" eur ", values=(" growth ", " ", "family")))
    assert (profile.name, profile.currency, profile.values) == ("Alice", "EUR", ("growth", "family"))


@pytest.mark.parametrize("currency", ["EURO", "US", "U$D", ""])
def test_the_currency_must_be_a_three_letter_code(currency: str) -> None:
    with pytest.raises(ValidationError, match="is not a three-letter code such as USD or EUR"):
        validate_profile(Profile(name="Alice", currency=currency))


def test_a_profile_needs_a_name() -> None:
    with pytest.raises(ValidationError, match="needs a name"):
        validate_profile(Profile(name="  "))


# --- investment pace ---------------------------------------------------------------------------------------


def test_the_average_covers_every_full_month_since_the_first_deposit_counting_empty_ones_as_zero() -> None:
    hours = {"2026-08": 6.0, "2026-10": 3.0, "2026-11": 2.0}  # nothing in September
    pace = investment_pace(hours, {"2026-11": 49.0}, TODAY)
    assert pace.months_counted == 3  # August, September, October; November is not over
    assert pace.monthly_average_hours == 3.0  # (6 + 0 + 3) / 3
    assert (pace.this_month_hours, pace.this_month_amount) == (2.0, 49.0)


def test_the_average_counts_months_across_a_new_year() -> None:
    pace = investment_pace({"2025-12": 4.0}, {}, date(2026, 2, 10))
    assert (pace.months_counted, pace.monthly_average_hours) == (2, 2.0)  # December and January


def test_with_no_history_there_is_no_average() -> None:
    pace = investment_pace({}, {}, TODAY)
    assert (pace.monthly_average_hours, pace.months_counted, pace.this_month_hours) == (None, 0, 0.0)


def test_deposits_only_this_month_give_no_average_yet() -> None:
    pace = investment_pace({"2026-11": 5.0}, {}, TODAY)
    assert (pace.monthly_average_hours, pace.this_month_hours) == (None, 5.0)


def test_days_since_the_last_check_in() -> None:
    assert days_since(date(2026, 11, 11), TODAY) == 14
    assert days_since(None, TODAY) is None


# --- dates -------------------------------------------------------------------------------------------------


def test_an_iso_date_parses_and_anything_else_names_the_field() -> None:
    assert parse_iso_date(" 2027-06-30 ", field="due") == date(2027, 6, 30)
    with pytest.raises(ValidationError, match="due: '30/06/2027' is not a date") as caught:
        parse_iso_date("30/06/2027", field="due")
    assert caught.value.field == "due"


def test_month_helpers() -> None:
    assert month_key(date(2026, 3, 9)) == "2026-03"
    assert months_between(date(2025, 11, 30), date(2026, 2, 1)) == 4  # Nov, Dec, Jan, Feb
    assert months_between(date(2026, 2, 1), date(2026, 2, 28)) == 1
