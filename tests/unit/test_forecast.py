"""The forecast engine: exact on straight lines, honest with thin data, direction-aware, and said in the user's units.

Most goals here are Alice's salary, 62,000 -> 85,000 USD from 2026-01-01 to 2028-12-31, forecast on
2026-11-25 (the suite's today).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from headway.domain.forecast import (
    Forecast,
    ForecastInput,
    Reading,
    Verdict,
    as_achieved,
    by_day,
    forecast,
    forecast_many,
    with_start,
)
from headway.domain.forecast_text import DAYS_PER_MONTH, number, significant, span
from tests.unit.helpers import TODAY

START, TARGET = date(2026, 1, 1), date(2028, 12, 31)


def salary(points: Sequence[Reading], *, today: date = TODAY, target_date: date | None = TARGET) -> Forecast:
    """Alice's salary goal, 62,000 -> 85,000 USD by 2028-12-31, forecast from these readings."""
    return forecast(
        points,
        start_date=START,
        target_date=target_date,
        start_value=62000,
        target_value=85000,
        today=today,
        unit="USD",
    )


def monthly(first: float, step: float, months: int, *, since: date = START) -> list[Reading]:
    """A reading every 30 days from `since`: first, first + step, ..."""
    return [(since + timedelta(days=30 * i), first + step * i) for i in range(months)]


# --- the property: a noiseless straight line is recovered to the day ---------------------------------------


@st.composite
def straight_lines(draw: st.DrawFn) -> tuple[list[Reading], date, date, float, float, date, date]:
    """Readings on a line that reaches the target on a known day, before that day; in either direction."""
    start = date(2020, 1, 1) + timedelta(days=draw(st.integers(0, 3000)))
    finish_after = draw(st.integers(10, 3000))  # days from the start to the day the line reaches the target
    span_days = draw(st.integers(1, 3000))  # the goal's own span: the target date need not be the finish
    start_value = draw(st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False))
    # A distance at least a thousandth of the start value: a salary that moves by a cent is not a goal, and
    # below that the readings' own float rounding, extrapolated for years, is worth more than a day.
    smallest = max(0.01, abs(start_value) / 1000)
    distance = draw(st.floats(smallest, max(1e6, smallest))) * draw(st.sampled_from([-1, 1]))
    today_after = draw(st.integers(1, finish_after - 1))
    days = draw(st.lists(st.integers(0, today_after), min_size=2, max_size=30, unique=True))
    readings = [(start + timedelta(days=d), start_value + distance * d / finish_after) for d in sorted(days)]
    target_date = start + timedelta(days=span_days)
    return (
        readings,
        start,
        target_date,
        start_value,
        start_value + distance,
        start + timedelta(days=today_after),
        start + timedelta(days=finish_after),
    )


@settings(max_examples=300, deadline=None)
@given(straight_lines())
def test_a_noiseless_straight_line_gives_its_true_finish_date_to_the_day(
    line: tuple[list[Reading], date, date, float, float, date, date],
) -> None:
    readings, start, target_date, start_value, target_value, today, finish = line
    found = forecast(
        readings,
        start_date=start,
        target_date=target_date,
        start_value=start_value,
        target_value=target_value,
        today=today,
    )
    assert found.projected == finish
    assert found.verdict == (Verdict.ON_TRACK if finish <= target_date else found.verdict)
    assert found.pace_kept == pytest.approx((target_value - start_value) / (finish - start).days, rel=1e-6)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 300), st.floats(-2, 2)), min_size=2, max_size=20),
    st.integers(300, 400),
)
def test_a_decreasing_measure_is_forecast_as_its_mirror_image(raw: list[tuple[int, float]], today_offset: int) -> None:
    """Commute 90 -> 30 minutes read as progress 0 -> 1 gives the same dates and verdict as 30 -> 90."""
    today = START + timedelta(days=today_offset)
    up = [(START + timedelta(days=d), 30 + 60 * p) for d, p in raw]
    down = [(day, 120 - value) for day, value in up]  # 30 + 60p mirrored around 60: 90 - 60p
    assume(len(by_day(up, today)) >= 2)
    rising = forecast(up, start_date=START, target_date=TARGET, start_value=30, target_value=90, today=today)
    falling = forecast(down, start_date=START, target_date=TARGET, start_value=90, target_value=30, today=today)
    assert (falling.verdict, falling.projected, falling.band, falling.buffer_days) == (
        rising.verdict,
        rising.projected,
        rising.band,
        rising.buffer_days,
    )
    assert falling.pace_kept == pytest.approx(-rising.pace_kept if rising.pace_kept is not None else None)


# --- verdicts ------------------------------------------------------------------------------------------------


def test_a_steady_pace_that_gets_there_in_time_is_on_track() -> None:
    found = salary(monthly(62000, 1150, 11))
    assert found.verdict == Verdict.ON_TRACK
    assert found.projected is not None
    assert found.projected <= TARGET
    assert found.band is not None
    assert found.band[0] <= found.projected <= (found.band[1] or date.max)
    assert found.buffer_days is not None
    assert found.buffer_days > 0
    assert found.pace_kept_per_month == pytest.approx(1150 * DAYS_PER_MONTH / 30)


def test_a_pace_well_short_of_the_target_is_off_track() -> None:
    found = salary(monthly(62000, 300, 11))
    assert found.verdict == Verdict.OFF_TRACK
    assert found.projected is not None
    assert found.band is not None
    assert found.band[0] > TARGET
    assert found.buffer_days is not None
    assert found.buffer_days < 0
    assert found.pace_needed is not None
    assert found.pace_kept is not None
    assert found.pace_needed > found.pace_kept


def test_a_pace_just_short_with_noisy_readings_is_at_risk() -> None:
    wobble = [0, 900, -700, 500, -900, 700, -400, 800, -600, 300, 0]
    readings = [(day, value + w) for (day, value), w in zip(monthly(62000, 600, 11), wobble, strict=True)]
    found = salary(readings)
    assert found.verdict == Verdict.AT_RISK
    assert found.projected is not None
    assert found.projected > TARGET
    assert found.band is not None
    assert found.band[0] <= TARGET


def test_readings_at_or_past_the_target_are_achieved_on_the_first_day_they_got_there() -> None:
    found = salary([(START, 62000), (date(2026, 9, 1), 85500), (date(2026, 10, 1), 85000)])
    assert found.verdict == Verdict.ACHIEVED
    assert found.sentence == "Reached: 85,000 USD on 2026-09-01, two years before your target."
    assert found.pace_needed == 0


def test_a_goal_marked_achieved_is_achieved_whatever_its_readings() -> None:
    marked = as_achieved(salary(monthly(62000, 100, 5)), "Promoted instead.")
    assert (marked.verdict, marked.sentence) == (Verdict.ACHIEVED, "Marked achieved: Promoted instead.")
    assert as_achieved(marked, "again") is marked


def test_fewer_than_two_days_of_readings_say_not_enough_data_and_never_a_date() -> None:
    for readings in ([], [(date(2026, 11, 10), 68000)]):
        found = salary(readings)
        assert found.verdict == Verdict.NOT_ENOUGH_DATA
        assert (found.projected, found.band, found.pace_kept, found.trend_now) == (None, None, None, None)
    assert salary([]).sentence.startswith("Not enough data for a forecast: there are no readings yet")
    one = salary([(date(2026, 11, 10), 68000)])
    assert "one reading so far (2026-11-10)" in one.sentence
    assert one.current == 68000
    assert one.buffer_days is not None


def test_check_ins_on_the_same_day_count_once_as_the_last_one_given() -> None:
    corrected = [(START, 62000), (date(2026, 6, 1), 6500), (date(2026, 6, 1), 65000), (date(2026, 9, 1), 67000)]
    found = salary(corrected)
    assert found == salary([corrected[0], *corrected[2:]])
    assert found.readings == 3
    assert salary([(date(2026, 6, 1), 64000), (date(2026, 6, 1), 65000)]).verdict == Verdict.NOT_ENOUGH_DATA


def test_readings_after_today_are_left_out() -> None:
    readings = monthly(62000, 1150, 11)
    assert salary([*readings, (date(2027, 6, 1), 85000)]) == salary(readings)


def test_a_target_date_in_the_past_is_off_track_with_the_date_it_would_get_there() -> None:
    found = salary(monthly(62000, 1000, 11), target_date=date(2026, 6, 30))
    assert found.verdict == Verdict.OFF_TRACK
    assert found.pace_needed is None  # no days left to need a pace over
    assert found.projected is not None
    assert found.projected > TODAY
    assert found.sentence.startswith("The target date 2026-06-30 has passed; at 1,010 USD a month you reach 85,000")


def test_a_goal_with_no_dates_gives_its_projection_but_no_verdict() -> None:
    found = forecast(
        monthly(62000, 1150, 11), start_date=None, target_date=None, start_value=62000, target_value=85000, today=TODAY
    )
    assert found.verdict == Verdict.NOT_ENOUGH_DATA
    assert found.projected is not None
    assert (found.buffer_days, found.pace_needed) == (None, None)
    assert found.sentence.startswith("There is no target date to judge against; at 1,170 a month you reach 85,000")


def test_a_measure_whose_start_equals_its_target_has_no_distance_to_forecast() -> None:
    """numeric_measure refuses such a measure; the engine still answers without dividing by zero."""
    found = forecast(
        monthly(100, 0, 5), start_date=START, target_date=TARGET, start_value=100, target_value=100, today=TODAY
    )
    assert found.verdict == Verdict.NOT_ENOUGH_DATA
    assert found.sentence == "The start and the target are both 100: there is no distance to forecast."
    assert found.projected is None


def test_a_goal_whose_start_date_is_its_target_date_has_no_straight_line() -> None:
    found = salary(monthly(62000, 1150, 3), target_date=START)
    assert found.buffer_days is None
    assert found.verdict == Verdict.OFF_TRACK


def test_a_flat_noisy_series_leaves_the_late_end_of_the_band_open() -> None:
    wobble = [0, 300, -200, 250, -300, 150, -250, 200, -100, 300, -150]
    found = salary([(day, 70000 + w) for (day, _), w in zip(monthly(0, 0, 11), wobble, strict=True)])
    assert found.band is None or found.band[1] is None
    assert found.verdict in (Verdict.AT_RISK, Verdict.OFF_TRACK)


def test_one_typing_slip_does_not_swing_the_forecast() -> None:
    """Huber weights bound a slip's pull rather than drop it: a real raise also first shows as one odd reading."""
    readings = monthly(62000, 1150, 11)
    slipped = [*readings[:5], (readings[5][0], readings[5][1] / 10), *readings[6:]]  # 6,900 typed for 69,000
    clean, typo = salary(readings), salary(slipped)
    assert typo.verdict == clean.verdict == Verdict.ON_TRACK
    assert clean.projected is not None
    assert typo.projected is not None
    assert abs((typo.projected - clean.projected).days) <= 45  # 90% off in one reading moves it some weeks
    assert typo.pace_kept == pytest.approx(clean.pace_kept, rel=0.2)


def test_a_stall_shows_within_months_because_the_memory_adapts() -> None:
    """Six months of steady progress, then five months with no change: the recent readings win."""
    readings = monthly(62000, 2000, 6) + [(START + timedelta(days=30 * i), 72000) for i in range(6, 11)]
    found = salary(readings)
    assert found.verdict in (Verdict.AT_RISK, Verdict.OFF_TRACK)
    assert found.pace_kept is not None
    assert found.pace_kept * DAYS_PER_MONTH < 1000


# --- sentences, in the user's units ----------------------------------------------------------------------------


def test_the_sentence_says_the_pace_the_place_and_the_gap_in_the_goals_units() -> None:
    late = salary(monthly(62000, 500, 11))
    assert late.sentence == (
        "At 507 USD a month you reach 85,000 USD around 2029-10, nine months after your target; "
        "it takes 714 USD a month from now to make it by 2028-12-31."
    )
    early = salary(monthly(62000, 1150, 11))
    assert early.sentence == "At 1,170 USD a month you reach 85,000 USD around 2027-08, 16 months before your target."


def test_a_decreasing_measure_says_down() -> None:
    found = forecast(
        [(START, 90), (date(2026, 6, 1), 80), (date(2026, 11, 1), 71)],
        start_date=START,
        target_date=TARGET,
        start_value=90,
        target_value=30,
        today=TODAY,
        unit="minutes",
    )
    assert found.pace_kept is not None
    assert found.pace_kept < 0
    assert found.sentence.startswith("At 1.89 minutes a month down you reach 30 minutes around")


def test_a_milestone_goal_speaks_in_percent() -> None:
    found = forecast(
        [(START, 0), (date(2026, 6, 1), 20), (TODAY, 45)],
        start_date=START,
        target_date=TARGET,
        start_value=0,
        target_value=100,
        today=TODAY,
        unit="%",
    )
    assert found.sentence.startswith("At 4.")
    assert "% a month you reach 100% around 2027-" in found.sentence


def test_no_progress_is_said_plainly() -> None:
    found = salary([(START, 62000), (date(2026, 6, 1), 62000), (date(2026, 11, 1), 62000)])
    assert found.projected is None
    assert found.sentence.startswith("The readings show no progress towards 85,000 USD; it takes")


def test_numbers_read_the_way_people_say_them() -> None:
    assert (significant(1147.2), significant(0.083333), significant(0)) == (1150, 0.0833, 0)
    assert (number(1150), number(0.0833), number(5.2)) == ("1,150", "0.0833", "5.2")
    assert (span(3), span(1), span(20), span(213)) == ("three days", "one day", "three weeks", "seven months")
    assert (span(700), span(2600)) == ("23 months", "seven years")


# --- many goals, and the start -------------------------------------------------------------------------------


def test_forecast_many_gives_each_goal_what_forecast_gives_it() -> None:
    inputs = {
        1: ForecastInput(monthly(62000, 1150, 11), START, TARGET, 62000, 85000, "USD"),
        2: ForecastInput([], START, TARGET, 0, 100, "%"),
    }
    many = forecast_many(inputs, TODAY)
    assert many[1] == salary(monthly(62000, 1150, 11))
    assert many[2].verdict == Verdict.NOT_ENOUGH_DATA


def test_the_start_leads_the_readings_unless_something_is_recorded_on_or_before_it() -> None:
    later = [(date(2026, 3, 1), 63000)]
    assert with_start(later, START, 62000) == [(START, 62000), *later]
    assert with_start([(START, 62500), *later], START, 62000) == [(START, 62500), *later]
    assert with_start(later, None, 62000) == later


def test_the_evaluation_still_finds_the_engine_ahead_of_the_naive_baseline() -> None:
    """bench/forecast_eval.py (1,200 simulated goals) exits 1 unless the engine wins at 25%, 50% and 75%."""
    script = Path(__file__).resolve().parents[2] / "bench" / "forecast_eval.py"
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
