"""Forecast use cases on the in-memory store: the readings each goal's forecast rests on, from one query."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from headway.domain.errors import NotFound
from headway.domain.forecast import Verdict
from headway.domain.goals import GoalStatus, numeric_measure
from headway.domain.records import GoalEntry, Ratings
from headway.services.forecast import WINDOW_DAYS, forecast_goal, goal_forecasts
from headway.services.goals import progress_of, set_goal_status
from headway.services.record import record_checkin
from headway.services.tasks import complete_task
from tests.unit.fakes import FakeUnitOfWork
from tests.unit.helpers import NOW, TODAY, goal, ref, task

SALARY = numeric_measure("salary", "USD", 62000, 85000)


def check_in(uow: FakeUnitOfWork, on: date, **values: float) -> None:
    """A check-in on `on` giving each named goal its value (goal=value), or just touching it (goal=-1)."""
    entries = [(name, GoalEntry(0, value=None if value < 0 else value)) for name, value in values.items()]
    record_checkin(uow, on=on, ratings=Ratings(), note="", entries=entries, today=TODAY, now=NOW)


@pytest.fixture
def career(uow: FakeUnitOfWork) -> FakeUnitOfWork:
    """#1 'Raise my base salary' 62,000 -> 85,000 USD from 2026-01-01 to 2028-12-31, +1,000 USD a month
    since February (eleven check-ins); #2 'Become a sales manager' (milestones) with four one-hour tasks,
    one done on 2026-06-01."""
    goal(uow, "Raise my base salary", measure=SALARY)
    manager = ref(goal(uow, "Become a sales manager"))
    for title in ("Read the book", "Shadow a manager", "Lead a pilot", "Apply"):
        task(uow, manager, title, effort=1)
    for month in range(2, 12):
        check_in(uow, date(2026, month, 1), salary=62000 + 1000 * (month - 1))
    complete_task(uow, "Read the book", on=date(2026, 6, 1), now=NOW)
    check_in(uow, date(2026, 6, 2), manager=-1)
    return uow


def test_a_numeric_goal_is_forecast_from_its_values_led_by_its_start(career: FakeUnitOfWork) -> None:
    view = forecast_goal(career, "salary", TODAY)
    assert view.frame.points[0] == (date(2026, 1, 1), 62000)  # the start value, on the start date
    assert view.frame.points[1:] == [(date(2026, m, 1), 62000 + 1000 * (m - 1)) for m in range(2, 12)]
    assert (view.frame.unit, view.metric, view.since) == ("USD", "salary", TODAY - timedelta(days=WINDOW_DAYS))
    assert view.forecast.verdict == Verdict.ON_TRACK
    assert view.forecast.sentence.startswith("At 994 USD a month you reach 85,000 USD around 2027-12")


def test_a_milestone_goal_is_forecast_on_its_percent_with_todays_progress(career: FakeUnitOfWork) -> None:
    view = forecast_goal(career, "sales manager", TODAY)
    assert view.frame.points == [(date(2026, 1, 1), 0.0), (date(2026, 6, 2), 25.0), (TODAY, 25.0)]
    assert (view.frame.start_value, view.frame.target_value, view.frame.unit) == (0.0, 100.0, "%")
    assert view.metric == "progress"


def test_a_count_without_a_unit_is_said_with_its_metrics_name(uow: FakeUnitOfWork) -> None:
    goal(uow, "Earn two certifications", measure=numeric_measure("certifications", "", 0, 2))
    check_in(uow, date(2026, 6, 1), certifications=1)
    view = forecast_goal(uow, "certifications", TODAY)
    assert view.frame.unit == "certifications"
    assert "certifications a month" in view.forecast.sentence


def test_the_dashboard_gets_every_goals_forecast_from_one_query(
    career: FakeUnitOfWork, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []
    series = career.checkins.series

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return series(*args, **kwargs)

    monkeypatch.setattr(career.checkins, "series", counted)
    with career.read():
        goals = career.goals.for_person(1)
        progress = progress_of(career, 1, goals)
        found = goal_forecasts(career, 1, goals, progress, TODAY)
    assert calls == [{"since": TODAY - timedelta(days=WINDOW_DAYS)}]
    assert set(found) == {1, 2}
    assert found[1] == forecast_goal(career, "salary", TODAY).forecast  # the dashboard and the command agree
    assert found[2] == forecast_goal(career, "sales manager", TODAY).forecast


def test_check_ins_older_than_the_window_are_not_read(uow: FakeUnitOfWork) -> None:
    goal(uow, "Raise my base salary", measure=SALARY, start=date(2024, 1, 1))
    check_in(uow, date(2025, 1, 1), salary=70000)  # 328 days before the window opens
    check_in(uow, date(2026, 6, 1), salary=72000)
    points = forecast_goal(uow, "salary", TODAY).frame.points
    assert points == [(date(2024, 1, 1), 62000), (date(2026, 6, 1), 72000)]


def test_a_goal_with_one_check_in_since_its_start_gets_a_first_forecast(uow: FakeUnitOfWork) -> None:
    goal(uow, "Raise my base salary", measure=SALARY)
    assert forecast_goal(uow, "salary", TODAY).forecast.verdict == Verdict.NOT_ENOUGH_DATA  # the start alone
    check_in(uow, date(2026, 11, 1), salary=72000)
    assert forecast_goal(uow, "salary", TODAY).forecast.verdict == Verdict.ON_TRACK


def test_a_goal_started_today_has_not_enough_data(uow: FakeUnitOfWork) -> None:
    goal(uow, "Lead a team", start=TODAY)
    assert forecast_goal(uow, "lead", TODAY).forecast.verdict == Verdict.NOT_ENOUGH_DATA


def test_a_goal_marked_achieved_is_achieved(career: FakeUnitOfWork) -> None:
    set_goal_status(career, "salary", GoalStatus.ACHIEVED, reason="Promoted with a new salary band", now=NOW)
    found = forecast_goal(career, "salary", TODAY).forecast
    assert (found.verdict, found.sentence) == (Verdict.ACHIEVED, "Marked achieved: Promoted with a new salary band.")


def test_an_unknown_goal_is_not_found(career: FakeUnitOfWork) -> None:
    with pytest.raises(NotFound):
        forecast_goal(career, "astronaut", TODAY)
