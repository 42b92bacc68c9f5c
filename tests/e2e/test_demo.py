"""`headway demo`: an example career in its own file, explored with --demo, never written over a real record."""

from __future__ import annotations

from tests.conftest import Cli
from tests.e2e.helpers import NAME, assert_refused, json_out, seed_career


def test_the_demo_builds_an_example_career_apart_from_yours(cli: Cli) -> None:
    board = cli.ok("demo")
    assert board.startswith("Headway - Sam Rivera (demo), Account Executive - 2026-11-25")
    assert "Active goals (5)" in board
    for title in ("Build financial security", "Become a sales manager", "Raise my base salary"):
        assert title in board
    assert "Next tasks (" in board
    assert "Overdue (1)" in board
    demo_file = cli.home / "demo.sqlite3"
    assert f"This example career lives in {demo_file}, apart from your own record." in board

    # Two course corrections of the regional-team goal, each before -> after with its reason.
    history = cli.ok("--demo", "history", "4")
    assert history.splitlines()[0] == "History of goal #4 Lead a regional team"
    lines = history.splitlines()
    target = next(i for i, line in enumerate(lines) if "target" in line and "2027-11-26 -> 2028-05-26" in line)
    assert lines[target + 1].strip().startswith("why: The company froze new regional teams")
    pilot = next(i for i, line in enumerate(lines) if "task #11 due: 2027-04-26 -> 2027-07-27" in line)
    assert lines[pilot + 1].strip().startswith("why: Regional teams are frozen until the reorganisation")

    # Building it again starts the example afresh rather than piling a second one on top.
    assert "Active goals (5)" in cli.ok("demo")
    assert len(json_out(cli, "--demo", "goal", "list")["goals"]) == 5

    # Your own record was neither created nor touched.
    result = cli("goal", "list")
    assert result.code == 1
    assert "headway init" in result.err


def test_the_demo_will_not_overwrite_a_real_record(cli: Cli) -> None:
    seed_career(cli)
    refusal = f"holds {NAME}'s career record, not the demo: Headway will not overwrite it."
    assert_refused(cli, "demo", "--db", cli.database_url, says=[refusal, "Leave out --db"])
    assert "Become a sales manager" in cli.ok("goal", "list")
