"""`headway schedule` and `headway replan`, typed as a person would, on SQLite and PostgreSQL.

The record is tests/e2e/helpers.py's seed_career: goal #1 'Become a sales manager' (to 2029-06-30) with
#1 'Finish the leadership course' (milestone, due 2027-03-31, 30 h) and #2 'Run the pipeline review'
(due 2027-05-01, 12 h, after #1); goal #3 'Lead a regional sales team' (to 2027-06-30) with #3.
"""

from __future__ import annotations

from tests.conftest import Cli
from tests.docs.schemas import errors
from tests.e2e.helpers import assert_refused, json_out, seed_career, spawn

WHY = "The course's spring cohort was cancelled."


def test_a_replan_moves_the_dependants_shows_them_and_keeps_the_reason(cli: Cli) -> None:
    seed_career(cli)
    cli.ok("task", "add", "1", "Write a 30-60-90 day plan", "--start", "2027-04-01", "--due", "2027-04-20",
           "--effort", "8", "--after", "1")  # fmt: skip
    out = cli.ok("replan", "1", "--task", "leadership course", "--due", "2027-05-15", "--reason", WHY)
    assert "Moved #1 'Finish the leadership course' and 2 tasks waiting for it" in out
    assert "#1  2027-03-31 -> 2027-05-15  +45 days  Finish the leadership course" in out
    assert "#4  2027-04-20 -> 2027-05-15  +25 days  Write a 30-60-90 day plan" in out
    assert "#2  2027-05-01 -> 2027-05-15  +14 days  Run the pipeline review" in out
    assert f"why: {WHY}" in out

    shown = json_out(cli, "task", "show", "4")["task"]
    assert (shown["planned_start"], shown["due"]) == ("2027-04-26", "2027-05-15")  # start moved with it
    history = cli.ok("history", "1")
    for line in (
        "task #1 due: 2027-03-31 -> 2027-05-15",
        "task #4 planned start: 2027-04-01 -> 2027-04-26",
        "task #4 due: 2027-04-20 -> 2027-05-15",
        "task #2 due: 2027-05-01 -> 2027-05-15",
    ):
        assert line in history
    assert history.count(f"why: {WHY}") == 4


def test_a_replan_without_a_reason_is_refused_and_changes_nothing(cli: Cli) -> None:
    seed_career(cli)
    needs = ["Moving a task's due date later needs a reason", "--reason"]
    assert_refused(cli, "replan", "1", "--task", "1", "--due", "2027-05-15", says=needs)
    assert_refused(cli, "replan", "1", "--task", "1", "--due", "2027-05-15", "--reason", "  ", says=["needs a reason"])


def test_a_replan_past_the_target_date_is_refused_naming_the_task(cli: Cli) -> None:
    seed_career(cli)
    assert_refused(
        cli, "replan", "3", "--task", "pilot", "--due", "2027-08-01", "--reason", WHY,
        says=["move #3 'Propose a pilot team' to 2027-08-01, past goal #3's target date 2027-06-30",
              "Change the goal's target date first"],
    )  # fmt: skip
    assert_refused(cli, "replan", "1", "--task", "1", "--due", "2027-01-01", "--reason", WHY, says=["later"])


def test_the_reason_is_asked_for_at_a_terminal(cli: Cli) -> None:
    seed_career(cli)
    child = spawn(cli, "replan", "1", "--task", "1", "--due", "2027-05-15")
    child.expect_exact("Why did it slip?")
    child.sendline(WHY)
    child.expect_exact("Moved #1 'Finish the leadership course'")
    child.expect_exact(f"why: {WHY}")
    child.wait()
    assert f"why: {WHY}" in cli.ok("history", "1")


def test_replan_and_schedule_print_json_that_matches_their_schemas(cli: Cli) -> None:
    seed_career(cli)
    before = json_out(cli, "schedule", "1")
    assert errors(before, "schedule.schema.json") == []
    assert before["critical_path"] == [1, 2]
    assert [t["id"] for t in before["tasks"] if t["critical"]] == [1, 2]
    cli.ok("baseline", "1", "--label", "first plan")

    moved = json_out(cli, "replan", "1", "--task", "1", "--due", "2027-05-15", "--reason", WHY)
    assert errors(moved, "replan.schema.json") == []
    assert [(m["task_id"], m["due_before"], m["due_after"], m["days"]) for m in moved["moves"]] == [
        (1, "2027-03-31", "2027-05-15", 45),
        (2, "2027-05-01", "2027-05-15", 14),
    ]
    assert moved["reason"] == WHY

    plan = json_out(cli, "plan", "1")
    assert errors(plan, "plan.schema.json") == []
    assert plan["changes_since_baseline"] == {
        "changes": 2,
        "days_moved": 59,
        "reasons": [WHY],
        "milestones": [
            {
                "task_id": 1,
                "title": "Finish the leadership course",
                "baseline_due": "2027-03-31",
                "due": "2027-05-15",
                "slip_days": 45,
            }
        ],
    }
    text = cli.ok("plan", "1")
    assert "Changes since the baseline: 2 moves of task dates, 59 days in all." in text
    assert "milestone #1 Finish the leadership course: +45 days" in text
    assert f"why: {WHY}" in text


def test_the_schedule_of_a_goal_in_the_terminal(cli: Cli) -> None:
    seed_career(cli)
    cli.ok("task", "add", "3", "Write the pilot proposal", "--effort", "6")
    out = cli.ok("schedule", "3")
    assert (
        out.splitlines()[0]
        == "Schedule of goal #3 Lead a regional sales team: target 2027-06-30, at 6 h a week from 2026-11-25"
    )
    assert "1 open task without an estimate: each taken as 6 h, the average of the estimated ones." in out
    assert "Earliest feasible finish: 2026-12-08, against the target 2027-06-30: 204 days to spare." in out
    assert "No open work to schedule." in cli.ok("schedule", "2")


def test_a_schedule_that_cannot_make_the_target_says_how_late(cli: Cli) -> None:
    seed_career(cli)
    cli.ok("task", "add", "3", "Run the pilot", "--effort", "200")
    out = cli.ok("schedule", "3")
    finish = json_out(cli, "schedule", "3")
    assert finish["bound"] == "capacity"
    assert finish["buffer_days"] < 0
    late = f"Earliest feasible finish: {finish['earliest_finish']}, against the target 2027-06-30: late by "
    assert f"{late}{-finish['buffer_days']} days." in out
