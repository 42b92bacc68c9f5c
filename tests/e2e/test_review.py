"""The dashboard's verdicts and warnings, and the periodic review, as a user types them."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Cli
from tests.e2e.helpers import seed_career


def test_status_says_maintenance_is_due_and_why_a_goal_is_flagged(cli: Cli) -> None:
    seed_career(cli)
    cli.ok("checkin", "--date", "2026-11-01", "--value", "salary=64000", "--fulfilment", "8", "--balance", "8")
    cli.ok("checkin", "--date", "2026-11-08", "--value", "salary=64000", "--fulfilment", "7", "--balance", "4")
    out = cli.ok("status")
    assert "MAINTENANCE DUE - last on 2026-11-08, 3 days past its fortnightly rhythm" in out
    assert "Warnings (" in out
    assert "! Work/life balance fell from 8 to 4 at your check-in of 2026-11-08." in out
    assert "    next: " in out
    salary_row = next(line for line in out.splitlines() if "Raise my base salary" in line)
    assert any(word in salary_row for word in ("on track", "AT RISK", "OFF TRACK", "too early to tell"))


def test_the_review_writes_markdown_to_a_file(cli: Cli, tmp_path: Path) -> None:
    seed_career(cli)
    cli.ok("goal", "edit", "1", "--by", "2029-12-31", "--reason", "The reorganisation froze manager roles")
    target = tmp_path / "review.md"
    said = cli.ok("review", "--period", "month", "--output", str(target))
    assert f"Wrote the month's review (2026-10-26 to 2026-11-25) to {target}." in said
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Career review: month, 2026-10-26 to 2026-11-25")
    assert "target date 2029-06-30 -> 2029-12-31. Why: The reorganisation froze manager roles" in text
    assert "| Become a sales manager | 0% | 0% | +0 pts |" in text  # began within the month, at 0%

    refused = cli("review", "--period", "decade")
    assert refused.code == 2
    assert "invalid choice" in refused.err
