"""A person's journey through Headway, typed command by command, checked on what they read back.

The clock is fixed at Wednesday 2026-11-25 (HEADWAY_TODAY), so relative dates resolve the same every run.
"""

from __future__ import annotations

import json
import subprocess

from tests.conftest import Cli
from tests.e2e.helpers import NAME, add_tasks, json_out, seed_career


def task_ids(listing: str) -> list[str]:
    """The task numbers of a `task list` table, top to bottom."""
    return [line.split()[0] for line in listing.splitlines() if line.startswith("#")]


def line_with(text: str, output: str) -> str:
    """The one line of `output` containing `text`."""
    found = [line for line in output.splitlines() if text in line]
    assert len(found) == 1, f"expected one line with {text!r}, found {len(found)} in:\n{output}"
    return found[0]


def test_a_new_user_sets_up_goals_and_plans_them(cli: Cli) -> None:
    out = cli.ok(
        "init", "--name", NAME, "--role", "Account Executive", "--employer", "Northwind", "--values", "growth, family"
    )
    assert f"Hello, {NAME}." in out
    assert json_out(cli, "profile")["profile"] == {
        "name": NAME,
        "current_role": "Account Executive",
        "employer": "Northwind",
        "values": ["growth", "family"],
        "currency": "USD",
    }

    out = cli.ok("goal", "add", "Become a sales manager", "--why", "I want to grow people", "--by", "2029-06-30")
    assert "Added goal #1 'Become a sales manager', milestones, by 2029-06-30." in out
    out = cli.ok(
        "goal", "add", "Raise my base salary", "--why", "A base I can plan a mortgage on", "--kind", "financial",
        "--by", "2028-12-31", "--metric", "salary", "--unit", "USD", "--from", "62,000", "--to", "85000",
    )  # fmt: skip
    assert "Added goal #2 'Raise my base salary', salary 62,000 -> 85,000 USD, by 2028-12-31." in out
    # A parent named by part of its title; a target date given as a phrase, six weeks from 2026-11-25.
    out = cli.ok(
        "goal", "add", "Lead a regional sales team", "--why", "Proof I can lead", "--by", "in 6 weeks",
        "--parent", "sales manager",
    )  # fmt: skip
    assert "Added goal #3 'Lead a regional sales team', milestones, by 2027-01-06." in out
    cli.ok("goal", "add", "Write a book on selling", "--why", "Someday", "--kind", "life", "--by", "2027-12-31")
    assert "is paused" in cli.ok("goal", "status", "book", "paused")

    out = cli.ok(
        "task", "add", "1", "Finish the leadership course", "--milestone", "--due", "2027-03-31", "--effort", "30"
    )
    assert "Added milestone #1 'Finish the leadership course' to goal #1, due 2027-03-31." in out
    out = cli.ok("task", "add", "1", "Ask my VP for a development talk", "--due", "next friday", "--effort", "1.5")
    assert "Added task #2 'Ask my VP for a development talk' to goal #1, due 2026-11-27." in out  # the coming Friday
    out = cli.ok(
        "task", "add", "sales manager", "Run the pipeline review", "--due", "2027-05-01", "--effort", "12",
        "--after", "leadership course",
    )  # fmt: skip
    assert "Added task #3 'Run the pipeline review' to goal #1, due 2027-05-01." in out
    cli.ok("task", "add", "regional", "Propose a pilot team", "--due", "2026-12-18")
    out = cli.ok("task", "add", "3", "Pick three reps for the pilot")
    assert out.strip() == "Added task #5 'Pick three reps for the pilot' to goal #3."
    cli.ok("task", "add", "book", "Outline the chapters", "--due", "2026-12-01")  # under the paused goal

    out = cli.ok("task", "done", "pilot team", "--on", "yesterday")
    assert "Done: #4 'Propose a pilot team' on 2026-11-24." in out

    # The goal tree: a sub-goal indented under its parent, each with a progress bar and its target.
    listing = cli.ok("goal", "list")
    lines = listing.splitlines()
    assert [line.strip() for line in lines[::2]] == [
        "#1 Become a sales manager",
        "#3 Lead a regional sales team",
        "#2 Raise my base salary",
        "#4 Write a book on selling [paused]",
    ]
    assert lines[2].startswith("  #3 ")
    assert "[##########----------]  50%  plan  target 2027-01-06 (42 days left)" in lines[3]  # 1 of 2 tasks done
    assert "[--------------------]   0%  salary 62,000 of 85,000 USD  target 2028-12-31 (767 days left)" in lines[5]

    shown = cli.ok("goal", "show", "1")
    assert "#1 Become a sales manager" in shown
    assert "why:      I want to grow people" in shown
    assert "span:     2026-11-25 -> 2029-06-30 (948 days left)" in shown
    assert "#3 Lead a regional sales team  50%  [active]" in line_with("#3 Lead", shown)
    review = line_with("Run the pipeline review", shown)
    assert all(part in review for part in ("#3", "[ ]", "2027-05-01", "12h", "after #1"))
    assert "(milestone)" in line_with("Finish the leadership course", shown)

    # The default page: open tasks of active goals, soonest first, undated last; done and paused left out.
    listing = cli.ok("task", "list")
    assert task_ids(listing) == ["#2", "#1", "#3", "#5"]
    assert "more open task" not in listing
    assert "Become a sales manager" in line_with("Ask my VP", listing)
    listing = cli.ok("task", "list", "--limit", "3")
    assert task_ids(listing) == ["#2", "#1", "#3"]
    assert "... and 1 more open task (--limit N to see more, --all for every task)" in listing

    everything = cli.ok("task", "list", "--all")
    assert "[x]" in line_with("Propose a pilot team", everything)
    assert "[Write a book on selling]" in line_with("Outline the chapters", everything)
    assert everything.splitlines()[-1] == "6 tasks"


def test_checking_in_investing_and_the_dashboard(cli: Cli) -> None:
    seed_career(cli)
    cli.ok(
        "goal", "add", "Earn a sales certification", "--why", "The panel asks for it", "--kind", "learning",
        "--start", "2026-10-01", "--by", "2027-03-31",
    )  # fmt: skip
    cli.ok("task", "add", "certification", "Book the exam", "--due", "2026-11-20")  # already late

    out = cli.ok(
        "checkin",
        "--value", "salary=68,000", "--confidence", "salary=3",
        "--confidence", "1=4", "--went-well", "1=Closed two deals", "--obstacle", "1=Thin pipeline",
        "--next-step", "1=Book five discovery calls",
        "--done", "Propose a pilot",
        "--fulfilment", "7", "--balance", "6", "--achievement", "5", "--financial", "6",
        "--note", "A good month",
    )  # fmt: skip
    assert "Saved check-in #1 for 2026-11-25: 2 goal(s), 1 task(s) done; " in out
    assert "fulfilment 7, balance 6, achievement 5, financial 6." in out

    # A back-dated check-in as a JSON document: history, so it does not move the salary back to 66,000.
    document = {
        "date": "2026-11-11",
        "ratings": {"fulfilment": 6, "balance": 5},
        "note": "A quiet fortnight",
        "goals": [
            {"goal": "salary", "value": 66000, "confidence": 2, "obstacles": "No review yet"},
            {"goal": 3, "confidence": 4, "went_well": "VP likes the pilot idea"},
        ],
        "done": ["leadership course"],
    }
    out = cli.ok("checkin", "--stdin", stdin=json.dumps(document))
    assert "Saved check-in #2 for 2026-11-11: 2 goal(s), 1 task(s) done; fulfilment 6, balance 5." in out

    salary = json_out(cli, "goal", "show", "salary")["goal"]
    assert salary["measure"]["current"] == 68000
    assert salary["progress"]["percent"] == 26
    tasks = {t["title"]: t for t in json_out(cli, "task", "list", "--all")["tasks"]}
    assert (tasks["Propose a pilot team"]["status"], tasks["Propose a pilot team"]["done_on"]) == ("done", "2026-11-25")
    assert tasks["Finish the leadership course"]["done_on"] == "2026-11-11"

    listing = cli.ok("checkins")
    assert "2026-11-25  #1  2 goal(s)  fulfilment 7, balance 6, achievement 5, financial 6" in listing
    assert "2026-11-11  #2  2 goal(s)  fulfilment 6, balance 5" in listing
    assert "A good month" in listing
    assert listing.index("#1") < listing.index("#2")  # newest first
    saved = json_out(cli, "checkins")["checkins"]
    first = {entry["goal_id"]: entry for entry in saved[0]["goals"]}
    assert first[1]["went_well"] == "Closed two deals"
    assert first[1]["obstacles"] == "Thin pipeline"
    assert first[1]["next_step"] == "Book five discovery calls"
    assert (first[2]["value"], first[2]["confidence"]) == (68000, 3)
    assert saved[1]["ratings"] == {"fulfilment": 6, "balance": 5, "achievement": None, "financial": None}

    out = cli.ok(
        "invest", "course", "--hours", "3", "--amount", "49", "--goal", "sales manager", "--note", "Negotiation"
    )
    assert "Invested 3 h and 49 USD in course on 2026-11-25 towards goal #1." in out
    out = cli.ok("invest", "reading", "--hours", "1.5", "--on", "3 days ago", "--note", "Sales leadership book")
    assert "Invested 1.5 h in reading on 2026-11-22." in out
    out = cli.ok("invest", "mentoring", "--hours", "2", "--amount", "120", "--currency", "eur", "--on", "2026-10-15")
    assert "Invested 2 h and 120 EUR in mentoring on 2026-10-15." in out
    listing = cli.ok("investments")
    rows = listing.splitlines()
    assert rows[0].split() == ["#", "date", "category", "time", "money", "goal", "note"]
    assert rows[1].split() == ["#1", "2026-11-25", "course", "3", "h", "49", "USD", "#1", "Negotiation"]
    assert rows[2].split()[:5] == ["#2", "2026-11-22", "reading", "1.5", "h"]
    assert rows[3].split()[:7] == ["#3", "2026-10-15", "mentoring", "2", "h", "120", "EUR"]

    board = cli.ok("status")
    assert board.splitlines()[0] == f"Headway - {NAME}, Account Executive - 2026-11-25"
    assert "Check-in: last on 2026-11-25; next due 2026-12-09 (fortnightly)" in board
    assert "Invested: 4.5 h this month against a monthly average of 2 h" in board
    assert "Active goals (4)" in board
    assert "[#####---------------]  26%" in line_with("Raise my base salary", board)
    assert "salary 68,000 of 85,000 USD" in line_with("Raise my base salary", board)
    next_tasks = board.split("Next tasks (2)")[1].split("Overdue")[0]
    assert task_ids(next_tasks.replace("  #", "#")) == ["#4", "#2"]  # the late one first
    assert "Overdue (1)" in board
    assert "2026-11-20 LATE" in line_with("Book the exam", board.split("Overdue")[1])


def test_course_corrections_are_kept_with_their_reasons(cli: Cli) -> None:
    seed_career(cli)

    out = cli.ok("goal", "edit", "1", "--by", "2029-12-31", "--reason", "The reorganisation delays promotions")
    assert "target_date: 2029-06-30 -> 2029-12-31" in out
    assert "reason: The reorganisation delays promotions" in out
    history = cli.ok("history", "sales manager")
    lines = history.splitlines()
    assert lines[0] == "History of goal #1 Become a sales manager"
    moved = lines.index(line_with("2029-06-30 -> 2029-12-31", history))
    assert lines[moved].startswith("2026-11-25  target")
    assert lines[moved + 1].strip() == "why: The reorganisation delays promotions"

    out = cli.ok("baseline", "1", "--label", "agreed with my manager")
    assert "Saved the plan of goal #1 (2 tasks, target 2029-12-31) as its baseline." in out
    out = cli.ok("task", "edit", "1", "--due", "2027-04-30", "--reason", "The course moved its exam")
    assert "due: 2027-03-31 -> 2027-04-30" in out
    cli.ok("task", "add", "1", "Shadow the regional manager", "--due", "2027-06-30")

    plan = cli.ok("plan", "1")
    lines = plan.splitlines()
    assert lines[0] == "Plan of goal #1 Become a sales manager: 2026-11-25 -> 2029-12-31"
    assert lines[1].startswith("Baseline 'agreed with my manager' saved 2026-11-25.")
    course = lines.index(line_with("[ ] Finish the leadership course", plan))
    assert lines[course].endswith("| 2027-04-30  (+30 days)")
    assert lines[course + 1].endswith("| 2027-03-31 (baseline)")
    assert lines[-3:] == [
        "Changes since the baseline: 1 move of task dates, 30 days in all.",
        "  milestone #1 Finish the leadership course: +30 days",
        "  why: The course moved its exam",
    ]
    assert line_with("Run the pipeline review", plan).endswith("| 2027-05-01")  # on time: no slip shown
    shadow = lines.index(line_with("Shadow the regional manager", plan))
    assert lines[shadow + 1].strip() == "(added after the baseline)"
    plan_doc = json_out(cli, "plan", "1")
    assert {t["title"]: t["slip_days"] for t in plan_doc["tasks"]} == {
        "Finish the leadership course": 30,
        "Run the pipeline review": 0,
        "Shadow the regional manager": None,
    }

    history_doc = json_out(cli, "history", "1")
    due_change = [r for r in history_doc["revisions"] if r["field"] == "due"]
    assert [(r["task_id"], r["before"], r["after"], r["reason"]) for r in due_change] == [
        (1, "2027-03-31", "2027-04-30", "The course moved its exam")
    ]

    # Re-arranging the goal tree.
    out = cli.ok("goal", "move", "regional", "--top", "--reason", "It stands on its own")
    assert "Goal #3 'Lead a regional sales team' is now a top-level goal." in out
    assert "#3 Lead a regional sales team" in cli.ok("goal", "list").splitlines()
    out = cli.ok("goal", "move", "3", "--under", "salary")
    assert "Goal #3 'Lead a regional sales team' now serves goal #2." in out
    assert "serves:   #2 Raise my base salary" in cli.ok("goal", "show", "3")
    lines = cli.ok("goal", "list").splitlines()
    assert lines.index("  #3 Lead a regional sales team") == lines.index("#2 Raise my base salary") + 2

    out = cli.ok("goal", "status", "3", "achieved", "--reason", "The VP approved the pilot")
    assert "Goal #3 'Lead a regional sales team' is achieved." in out
    assert "Lead a regional sales team" not in cli.ok("goal", "list")  # closed goals are left out...
    closed = cli.ok("goal", "list", "--all")  # ...unless asked for
    assert "#3 Lead a regional sales team [achieved]" in closed
    assert "100%  achieved" in closed
    assert "status: achieved (The VP approved the pilot)" in cli.ok("goal", "show", "3")
    assert "Propose a pilot team" not in cli.ok("task", "list")  # an achieved goal's tasks are not on the page

    history = cli.ok("history", "3")
    assert "status: active -> achieved" in history
    assert "why: It stands on its own" in history
    assert "why: The VP approved the pilot" in history
    changes = [(r["field"], r["before"], r["after"], r["reason"]) for r in json_out(cli, "history", "3")["revisions"]]
    assert changes[-3:] == [
        ("parent", "#1", "-", "It stands on its own"),
        ("parent", "-", "#2", ""),
        ("status", "active", "achieved", "The VP approved the pilot"),
    ]


def test_a_long_task_list_piped_into_head_stops_quietly(cli: Cli) -> None:
    """`headway task list --all | head -1`: the reader leaves after one line, and that is not an error."""
    seed_career(cli)
    # About 130 KB of listing: twice what a pipe holds, so Headway is still writing when the reader leaves.
    add_tasks(cli, "1", [f"Call prospect {n:03d}: " + "follow up on the proposal " * 6 for n in range(600)])
    proc = subprocess.Popen(
        [cli.executable, "task", "list", "--all"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=cli.env(),
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # what `head -1` does once it has its line
    errors = proc.stderr.read()
    assert proc.wait(timeout=60) == 0, errors
    assert first.startswith("#")
    assert errors == ""
