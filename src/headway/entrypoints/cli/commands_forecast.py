"""`headway forecast GOAL`: when the goal gets there at the pace kept, whether that is in time, and a chart."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from headway.entrypoints.cli.options import add_json, subcommand

if TYPE_CHECKING:
    from headway.domain.forecast import Forecast, ForecastInput
    from headway.entrypoints.cli.main import Context
    from headway.services.forecast import GoalForecast

PLAIN_WIDTH = 80  # columns when the output is not a terminal
MAX_WIDTH = 110  # a wider terminal gets no wider chart: the dates would spread, not the detail grow
VERDICTS = {
    "on_track": "On track",
    "at_risk": "At risk",
    "off_track": "Off track",
    "not_enough_data": "Not enough data",
    "achieved": "Achieved",
}


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    forecast = subcommand(
        commands, common, "forecast", "when a goal gets there at the pace kept, whether that is in time, and a chart"
    )
    forecast.add_argument("goal", metavar="GOAL")
    add_json(forecast)
    forecast.set_defaults(handler=cmd_forecast)


def cmd_forecast(args: argparse.Namespace, ctx: Context) -> int:
    from headway.services.forecast import forecast_goal

    view = forecast_goal(ctx.uow, args.goal, ctx.today)
    if args.json:
        from headway.entrypoints.cli.jsonout import emit

        emit("forecast", forecast_payload(view, ctx.today))
        return 0
    terminal = sys.stdout.isatty()
    if terminal:
        import shutil

        width = min(MAX_WIDTH, max(60, shutil.get_terminal_size().columns))
    else:
        width = PLAIN_WIDTH
    for line in summary(view, ctx.today, width=width):
        print(line)
    print()
    print(_chart(view, ctx.today, width=width, terminal=terminal))
    return 0


def summary(view: GoalForecast, today: date, *, width: int = PLAIN_WIDTH) -> list[str]:
    """The verdict, its sentence and the figures behind it, as lines of text `width` columns at most."""
    import textwrap

    from headway.domain.forecast_text import Words
    from headway.domain.goals import NumericMeasure

    goal, frame, found = view.goal, view.frame, view.forecast
    words = Words(frame.start_value, frame.target_value, frame.unit, frame.target_date, today)
    status = "" if goal.status == "active" else f" [{goal.status}]"
    measure = goal.measure.describe() if isinstance(goal.measure, NumericMeasure) else "progress 0% -> 100%"
    lines = [
        *textwrap.wrap(f"Forecast of goal #{goal.id} {goal.title}{status}", width),
        *textwrap.wrap(f"{VERDICTS[found.verdict]}. {found.sentence}", width),
        "",
    ]
    rows: list[tuple[str, str]] = [("goal", f"{measure}, {goal.start_date} -> {goal.target_date}")]
    if found.current is not None:
        last = frame.points[-1][0] if frame.points else today
        rows.append(("latest", f"{words.amount(found.current)} on {last} ({_readings(found.readings, view)})"))
    if found.projected is not None or found.band is not None:
        rows.append(("projected", _projected(found)))
    if found.pace_needed is not None:
        rows.append(("pace needed", f"{words.pace(found.pace_needed)} from today to make {goal.target_date}"))
    if found.pace_kept is not None:
        rows.append(("pace kept", words.pace(found.pace_kept)))
    if found.buffer_days is not None:
        rows.append(("buffer", _buffer(found.buffer_days)))
    for name, text in rows:
        lines += textwrap.wrap(text, width, initial_indent=f"  {name:<13}", subsequent_indent=" " * 15)
    return lines


def _readings(count: int, view: GoalForecast) -> str:
    return f"{count} reading{'' if count == 1 else 's'} since {max(view.since, view.goal.start_date)}"


def _projected(found: Forecast) -> str:
    text = f"around {found.projected}" if found.projected else "not at the pace kept"
    if found.band is not None:
        early, late = found.band
        text += f"; 80% band {early} to {late or 'never (the pace could be zero)'}"
    return text


def _buffer(days: int) -> str:
    if days == 0:
        return "on the straight line from start to target"
    side = "ahead of" if days > 0 else "behind"
    return f"{abs(days)} day{'' if abs(days) == 1 else 's'} {side} the straight line from start to target"


def _chart(view: GoalForecast, today: date, *, width: int, terminal: bool) -> str:
    from headway.entrypoints.cli.forecast_chart import ascii_only, chart

    text = chart(view, today, width=width, colour=terminal)
    try:
        text.encode(sys.stdout.encoding or "ascii")
    except UnicodeEncodeError:
        return ascii_only(text)
    return text


def forecast_payload(view: GoalForecast, today: date) -> dict[str, Any]:
    """The forecast document's fields (`forecast GOAL --json`, and GET /api/v1/goals/{id}/forecast)."""
    from headway.entrypoints.cli.jsonout import iso

    goal, frame, found = view.goal, view.frame, view.forecast
    return {
        "goal": {"id": goal.id, "title": goal.title},
        "as_of": iso(today),
        "measure": _measure(view, frame),
        "start_date": iso(goal.start_date),
        "target_date": iso(goal.target_date),
        "verdict": str(found.verdict),
        "sentence": found.sentence,
        "projected": iso(found.projected),
        "band": None if found.band is None else {"early": iso(found.band[0]), "late": iso(found.band[1])},
        "pace_needed_per_day": _rounded(found.pace_needed),
        "pace_needed_per_month": _rounded(found.pace_needed_per_month),
        "pace_kept_per_day": _rounded(found.pace_kept),
        "pace_kept_per_month": _rounded(found.pace_kept_per_month),
        "buffer_days": found.buffer_days,
        "current": found.current,
        "trend_now": _rounded(found.trend_now),
        "window_start": iso(view.since),
        "readings": [{"date": iso(day), "value": value} for day, value in frame.points],
    }


def _rounded(value: float | None) -> float | None:
    """Six significant digits: a pace or a trend is an estimate, and 16 digits would claim otherwise."""
    return None if value is None else float(f"{value:.6g}")


def _measure(view: GoalForecast, frame: ForecastInput) -> dict[str, Any]:
    from headway.domain.goals import NumericMeasure

    goal = view.goal
    return {
        "type": "numeric" if isinstance(goal.measure, NumericMeasure) else "milestones",
        "metric": view.metric,
        "unit": goal.measure.unit if isinstance(goal.measure, NumericMeasure) else frame.unit,
        "start": frame.start_value,
        "target": frame.target_value,
    }
