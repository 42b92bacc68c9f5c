"""The interactive check-in, answered prompt by prompt on a real pseudo-terminal, as a person types it."""

from __future__ import annotations

from typing import Any

import pexpect
import pytest

from tests.conftest import Cli
from tests.e2e.helpers import database_rows, json_out, seed_career, spawn

FINISHED = "  Finished any? Their numbers, comma-separated: "
CONFIDENCE = "  Confidence you will reach it on time, 1-5: "
WENT_WELL = "  What went well? "
OBSTACLES = "  What is in the way? "
NEXT_STEP = "  Next step? "


def answer(child: Any, prompt: str, reply: str) -> None:
    """Wait for `prompt` on the terminal, then type `reply` and Enter."""
    child.expect_exact(prompt)
    child.sendline(reply)


def finish(child: Any) -> tuple[str, int]:
    """Everything printed until the program ends, and its exit status."""
    child.expect(pexpect.EOF)
    output: str = child.before
    child.close()
    return output, child.exitstatus


def test_a_check_in_answered_at_the_prompts_is_saved(cli: Cli) -> None:
    seed_career(cli)  # active goals in tree order: #1, its sub-goal #3, then the salary goal #2
    child = spawn(cli, "checkin")

    child.expect_exact("Check-in for 2026-11-25: 3 active goal(s).")
    child.expect_exact("Goal 1 of 3: #1 Become a sales manager")
    child.expect_exact("Open tasks: #1 Finish the leadership course; #2 Run the pipeline review")
    answer(child, FINISHED, "7")  # not one of the listed tasks: asked again
    child.expect_exact("'7' is not one of the open tasks listed")
    answer(child, FINISHED, "#2")
    answer(child, CONFIDENCE, "9")  # out of range: asked again
    child.expect_exact("9 is outside 1-5; please type a number from 1 to 5.")
    answer(child, CONFIDENCE, "4")
    answer(child, WENT_WELL, "Closed two mid-market deals")
    answer(child, OBSTACLES, "Thin pipeline next quarter")
    answer(child, NEXT_STEP, "Book five discovery calls")

    child.expect_exact("Goal 2 of 3: #3 Lead a regional sales team")
    answer(child, FINISHED, "")  # Enter skips
    answer(child, CONFIDENCE, "")
    answer(child, WENT_WELL, "")
    answer(child, OBSTACLES, "")
    answer(child, NEXT_STEP, "Draft the pilot proposal")

    child.expect_exact("Goal 3 of 3: #2 Raise my base salary")
    answer(child, "  salary now (USD) [62,000]: ", "68,500")
    answer(child, CONFIDENCE, "3")
    answer(child, WENT_WELL, "Got the market-rate data")
    answer(child, OBSTACLES, "")
    answer(child, NEXT_STEP, "Ask for the salary review")

    child.expect_exact("How do you stand, 1-10?")
    answer(child, "  Fulfilment: ", "7")
    answer(child, "  Work/life balance: ", "eleven")
    child.expect_exact("Please type a whole number from 1 to 10, or Enter to skip.")
    answer(child, "  Work/life balance: ", "6")
    answer(child, "  Goal achievement: ", "8")
    answer(child, "  Financial security: ", "5")
    answer(child, "Anything else to note? ", "Tired but moving")
    output, status = finish(child)

    assert status == 0, output
    assert "Saved check-in #1 for 2026-11-25: 3 goal(s), 1 task(s) done; " in output
    assert "fulfilment 7, balance 6, achievement 8, financial 5." in output

    [checkin] = json_out(cli, "checkins")["checkins"]
    assert checkin["date"] == "2026-11-25"
    assert checkin["ratings"] == {"fulfilment": 7, "balance": 6, "achievement": 8, "financial": 5}
    assert checkin["note"] == "Tired but moving"
    entries = {entry["goal_id"]: entry for entry in checkin["goals"]}
    assert entries[1]["confidence"] == 4
    assert entries[1]["went_well"] == "Closed two mid-market deals"
    assert entries[1]["obstacles"] == "Thin pipeline next quarter"
    assert entries[1]["next_step"] == "Book five discovery calls"
    assert entries[3]["confidence"] is None  # skipped
    assert entries[3]["next_step"] == "Draft the pilot proposal"
    assert (entries[2]["value"], entries[2]["confidence"]) == (68500, 3)

    salary = json_out(cli, "goal", "show", "2")["goal"]
    assert salary["measure"]["current"] == 68500
    tasks = {t["id"]: t for t in json_out(cli, "goal", "show", "1")["tasks"]}
    assert (tasks[2]["status"], tasks[2]["done_on"]) == ("done", "2026-11-25")
    assert tasks[1]["status"] == "open"


@pytest.mark.parametrize("stop", ["ctrl-d", "ctrl-c"])
def test_stopping_a_check_in_midway_saves_nothing(cli: Cli, stop: str) -> None:
    seed_career(cli)
    before = database_rows(cli.database_url)
    child = spawn(cli, "checkin")

    answer(child, FINISHED, "2")  # a finished task, not yet saved
    answer(child, CONFIDENCE, "4")
    answer(child, WENT_WELL, "Closed two deals")
    child.expect_exact(OBSTACLES)
    if stop == "ctrl-d":
        child.sendeof()
    else:
        child.sendintr()
    output, status = finish(child)

    assert status != 0
    assert "nothing was saved" in output
    assert "Traceback" not in output
    assert database_rows(cli.database_url) == before
    assert cli.ok("checkins").strip() == "No check-ins yet: headway checkin"
