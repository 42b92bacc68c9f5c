"""`headway forecast GOAL` as a user types it: the verdict in words, a chart that reads in 80 plain columns, JSON.

The record: Alex's salary goal, 62,000 -> 85,000 USD from 2026-01-01 to 2028-12-31, with check-ins of
65,000 on 2026-03-01, 69,000 on 2026-07-01 and 73,000 on 2026-11-01 (about 1,000 USD a month, where some
480 a month would do), and a milestone goal "Become a sales manager" with no check-ins yet.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys

import pytest

from tests.conftest import Cli
from tests.docs.schemas import errors


@pytest.fixture
def salary(cli: Cli) -> Cli:
    cli.ok("init", "--name", "Alex Kim")
    for line in (
        'goal add "Raise my base salary" --why "A mortgage" --kind financial --start 2026-01-01 --by 2028-12-31 '
        "--metric salary --unit USD --from 62000 --to 85000",
        'goal add "Become a sales manager" --why "Grow people" --start 2026-01-01 --by 2028-12-31',
    ):
        cli.ok(*shlex.split(line))
    for day, value in (("2026-03-01", "65000"), ("2026-07-01", "69000"), ("2026-11-01", "73000")):
        cli.ok("checkin", "--date", day, "--value", f"salary={value}")
    return cli


def test_the_forecast_says_the_verdict_in_the_goals_units_with_a_plain_80_column_chart(salary: Cli) -> None:
    out = salary.ok("forecast", "salary")
    lines = out.splitlines()
    assert lines[0] == "Forecast of goal #1 Raise my base salary"
    assert lines[1] == "On track. At 991 USD a month you reach 85,000 USD around 2027-11, 14 months"
    assert lines[2] == "before your target."
    assert "  goal         salary 62,000 -> 85,000 USD, 2026-01-01 -> 2028-12-31" in lines
    assert "  latest       73,000 USD on 2026-11-01 (4 readings since 2026-01-01)" in lines
    assert any(
        line.startswith("  pace needed  ") and "USD a month from today to make 2028-12-31" in line for line in lines
    )
    assert any(line.startswith("  buffer       ") and "ahead of the straight line" in line for line in lines)
    for label in ("readings", "straight line to the target", "projection", "80% band"):
        assert label in out, f"the chart's legend names the {label}"
    assert "\x1b[" not in out, "no colour codes when the output is not a terminal"
    assert max(len(line) for line in lines) <= 80


def test_the_json_matches_its_schema(salary: Cli) -> None:
    document = json.loads(salary.ok("forecast", "1", "--json"))
    assert errors(document, "forecast.schema.json") == []
    assert (document["kind"], document["verdict"], document["as_of"]) == ("forecast", "on_track", "2026-11-25")
    assert document["readings"][0] == {"date": "2026-01-01", "value": 62000.0}
    assert len(document["readings"]) == 4
    assert document["measure"] == {
        "type": "numeric",
        "metric": "salary",
        "unit": "USD",
        "start": 62000.0,
        "target": 85000.0,
    }


def test_a_goal_without_readings_says_not_enough_data_and_still_draws_its_line(salary: Cli) -> None:
    out = salary.ok("forecast", "sales manager")
    assert "Not enough data" not in out  # the start (0%) and today's progress (0%) are two readings...
    assert out.splitlines()[1].startswith(("At risk.", "Off track."))  # ...that show no progress yet
    document = json.loads(salary.ok("forecast", "sales manager", "--json"))
    assert errors(document, "forecast.schema.json") == []
    assert document["measure"]["unit"] == "%"


def test_a_goal_started_today_has_not_enough_data(salary: Cli) -> None:
    salary.ok("goal", "add", "Run a marathon", "--why", "Health", "--kind", "life", "--by", "2027-10-01")
    out = salary.ok("forecast", "marathon")
    assert out.splitlines()[1].startswith("Not enough data. Not enough data for a forecast:")
    document = json.loads(salary.ok("forecast", "marathon", "--json"))
    assert (document["verdict"], document["projected"], document["band"]) == ("not_enough_data", None, None)
    assert errors(document, "forecast.schema.json") == []


def test_an_unknown_goal_is_refused_with_a_hint(salary: Cli) -> None:
    result = salary("forecast", "9")
    assert result.code == 1
    assert "There is no goal #9." in result.err
    assert result.out == ""


def test_no_other_command_imports_the_plotting_library() -> None:
    code = (
        "import sys; from headway.entrypoints.cli.main import build_parser; build_parser(); "
        "assert 'plotext' not in sys.modules, 'plotext imported by the parser'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
