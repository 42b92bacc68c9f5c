"""Use cases for forecasts: one goal in full (`headway forecast GOAL`), or every goal of a dashboard at once.

Both read the same readings the same way, so the dashboard's verdict and `headway forecast`'s always agree:

- **One query.** `checkins.series` for the person since WINDOW_DAYS before today: a year of fortnightly
  check-ins is 26 readings a goal, and the query stays bounded however long the record grows.
- **The readings.** A numeric goal's recorded values (entries without a value are skipped). A milestone goal's
  recorded progress, in percent, plus today's progress: tasks are done on dated days, so today's percent is
  a reading as real as a check-in's, and it keeps the forecast in step with the dashboard's bar.
- **The start.** The goal's start date and start value (0% for a milestone goal) lead the readings when
  nothing is recorded on or before the start (`with_start`). The start value is recorded by the person when
  the goal is set, so it is data, not an assumption; with it one check-in after the start is enough for a
  first, wide-banded forecast. It is kept when the start is older than the window: its weight then depends on
  how well older readings foretold newer ones (the engine's choice of memory), so it cannot dominate a year
  of check-ins that say otherwise.
- **Status.** A goal marked achieved is `achieved`, whatever its readings say: the person decided it.

The dashboard keeps each goal's forecast between runs (services/dashboard_cache.py) and refits a goal here only
when what its forecast is computed from changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from headway.domain.goals import Goal, GoalStatus, NumericMeasure
from headway.services import common
from headway.services.goals import progress_of
from headway.services.ports import UnitOfWork

if TYPE_CHECKING:
    from headway.domain.forecast import Forecast, ForecastInput, Reading
    from headway.domain.progress import Progress
    from headway.domain.records import SeriesPoint

# The forecast engine (domain/forecast.py) is imported where a forecast is computed.

WINDOW_DAYS = 365
PERCENT = "%"


@dataclass(frozen=True)
class GoalForecast:
    """A goal, the readings its forecast used (a milestone goal's in percent), and the forecast."""

    goal: Goal
    frame: ForecastInput
    forecast: Forecast
    since: date  # the first day of the window the readings were taken from

    @property
    def metric(self) -> str:
        return self.goal.measure.metric if isinstance(self.goal.measure, NumericMeasure) else "progress"


def window_start(today: date) -> date:
    return today - timedelta(days=WINDOW_DAYS)


def forecast_goal(uow: UnitOfWork, ref: str, today: date) -> GoalForecast:
    """The forecast of one goal, with the readings it rests on."""
    with uow.read():
        person = common.person_id(uow)
        goal = common.resolve_goal(uow, person, ref)
        assert goal.id is not None
        progress = progress_of(uow, person, uow.goals.for_person(person))[goal.id]
        return forecast_of(uow, person, goal, progress, today)


def forecast_of(uow: UnitOfWork, person: int, goal: Goal, progress: Progress | None, today: date) -> GoalForecast:
    """forecast_goal for a caller that holds the goal and its progress: only the goal's own readings are read."""
    assert goal.id is not None
    since = window_start(today)
    with uow.read():
        series = uow.checkins.series(person, since=since, goal_ids=[goal.id]).get(goal.id, [])
    frame = forecast_frame(goal, series, progress, today)
    return GoalForecast(goal, frame, _forecasts([goal], {goal.id: frame}, today)[goal.id], since)


def goal_forecasts(
    uow: UnitOfWork, person_id: int, goals: Iterable[Goal], progress: Mapping[int, Progress], today: date
) -> dict[int, Forecast]:
    """The forecast of each goal given, by goal id, from one query; `progress` as progress_of gives it."""
    with uow.read():
        series = uow.checkins.series(person_id, since=window_start(today))
    return forecasts_from_series(goals, series, progress, today)


def forecasts_from_series(
    goals: Iterable[Goal], series: Mapping[int, list[SeriesPoint]], progress: Mapping[int, Progress], today: date
) -> dict[int, Forecast]:
    """goal_forecasts for a caller that already holds `checkins.series(person, since=window_start(today))`."""
    listed = {g.id: g for g in goals if g.id is not None}
    frames = {i: forecast_frame(g, series.get(i, []), progress.get(i), today) for i, g in listed.items()}
    return _forecasts(list(listed.values()), frames, today)


def forecast_frame(goal: Goal, series: list[SeriesPoint], progress: Progress | None, today: date) -> ForecastInput:
    """What the engine needs about one goal: its readings, oldest first, and its start and target."""
    from headway.domain.forecast import ForecastInput, by_day, with_start

    points: list[Reading]
    if isinstance(goal.measure, NumericMeasure):
        m = goal.measure
        points = with_start([(p.on, p.value) for p in series if p.value is not None], goal.start_date, m.start)
        points = by_day(points, today)
        # The unit is the word after each number in the sentence: a count such as certifications has no unit
        # and reads best with its metric's name ('0.5 certifications a month').
        return ForecastInput(points, goal.start_date, goal.target_date, m.start, m.target, m.unit or m.metric)
    points = with_start([(p.on, p.progress * 100) for p in series if p.progress is not None], goal.start_date, 0.0)
    if progress is not None and goal.start_date <= today:
        points.append((today, progress.fraction * 100))
    return ForecastInput(by_day(points, today), goal.start_date, goal.target_date, 0.0, 100.0, PERCENT)


def _forecasts(goals: list[Goal], frames: dict[int, ForecastInput], today: date) -> dict[int, Forecast]:
    from headway.domain.forecast import as_achieved, forecast_many

    found = forecast_many(frames, today)
    for goal in goals:
        if goal.id is not None and goal.status == GoalStatus.ACHIEVED:
            found[goal.id] = as_achieved(found[goal.id], goal.status_reason)
    return found
