"""Mistakes a person makes at the command line: each is refused with a message on stderr that names the
problem, a non-zero exit code, and not a single row of the database changed."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Cli
from tests.e2e.helpers import assert_refused, database_rows, seed_career

DATE_HINT = "Use YYYY-MM-DD (for example 2027-06-30) or a phrase such as 'in 6 weeks' or 'next friday'."


def test_unknown_and_ambiguous_goals_and_tasks(cli: Cli) -> None:
    seed_career(cli)
    assert_refused(cli, "goal", "show", "99", says=["There is no goal #99.", "headway goal list"])
    assert_refused(cli, "history", "#42", says=["There is no goal #42."])
    assert_refused(
        cli, "goal", "edit", "Become an astronaut", "--why", "Space", says=["No goal matches 'Become an astronaut'."]
    )
    assert_refused(cli, "invest", "course", "--hours", "2", "--goal", "astronaut", says=["No goal matches 'astronaut'"])
    assert_refused(
        cli,
        "task", "add", "sales", "Write a 30-60-90 day plan",
        says=[
            "'sales' matches 2 goals: #1 'Become a sales manager', #3 'Lead a regional sales team'.",
            "Use the goal's number.",
        ],
    )  # fmt: skip
    assert_refused(cli, "task", "done", "99", says=["There is no task #99."])
    assert_refused(cli, "task", "edit", "the", "--due", "2027-02-01", says=["'the' matches 2 tasks"])
    # A check-in naming an unknown goal saves nothing else it was given either.
    assert_refused(cli, "checkin", "--value", "astronaut=5", "--done", "1", says=["No goal matches 'astronaut'."])


def test_malformed_dates(cli: Cli) -> None:
    seed_career(cli)
    assert_refused(
        cli, "goal", "edit", "1", "--by", "2027-13-45", "--reason", "Reorganisation",
        says=["'2027-13-45' is not a date.", DATE_HINT],
    )  # fmt: skip
    assert_refused(
        cli, "goal", "add", "Speak at a conference", "--why", "Visibility", "--by", "2027-02-30",
        says=["'2027-02-30' is not a date."],
    )  # fmt: skip
    assert_refused(
        cli, "task", "add", "1", "Book the exam", "--due", "not a date",
        says=["due: 'not a date' is not a date Headway understands.", DATE_HINT],
    )  # fmt: skip
    assert_refused(cli, "task", "edit", "1", "--start", "whenever", says=["start: 'whenever' is not a date"])
    assert_refused(
        cli, "checkin", "--date", "the day after", "--fulfilment", "7", says=["'the day after' is not a date"]
    )
    assert_refused(cli, "invest", "course", "--hours", "1", "--on", "tomorrow", says=["cannot be dated in the future"])


def test_plans_that_cannot_work(cli: Cli) -> None:
    seed_career(cli)  # task #2 'Run the pipeline review' (due 2027-05-01) waits for #1 (due 2027-03-31)
    cli.ok("task", "add", "1", "Present the review to the VP", "--due", "2027-06-01", "--after", "2")  # task #4

    assert_refused(
        cli, "task", "edit", "1", "--after", "4",
        says=[
            "That would make a dependency cycle: #1 'Finish the leadership course' -> "
            "#4 'Present the review to the VP' -> #2 'Run the pipeline review' -> #1 'Finish the leadership course'.",
        ],
    )  # fmt: skip
    result = assert_refused(
        cli, "task", "add", "1", "Book a meeting room", "--due", "2027-03-01", "--after", "leadership course",
        says=[
            "'Book a meeting room' is due 2027-03-01, before #1 'Finish the leadership course' which it waits for "
            "is due (2027-03-31).",
            "Move the due date, or take away the dependency.",
        ],
    )  # fmt: skip
    assert "#None" not in result.err  # a task being added has no number yet
    assert_refused(
        cli, "task", "edit", "2", "--due", "2027-03-15",
        says=["#2 'Run the pipeline review' is due 2027-03-15, before #1 'Finish the leadership course'"],
    )  # fmt: skip
    assert_refused(
        cli, "task", "edit", "1", "--due", "2027-05-15",
        says=["#1 'Finish the leadership course' would be due 2027-05-15, after #2 'Run the pipeline review'"],
    )  # fmt: skip
    assert_refused(
        cli, "task", "add", "regional", "Celebrate the pilot", "--due", "2027-09-01",
        says=[
            "its due date 2027-09-01 is outside goal #3 'Lead a regional sales team', "
            "which runs from 2026-11-25 to 2027-06-30.",
        ],
    )  # fmt: skip
    assert_refused(cli, "task", "edit", "3", "--start", "2026-10-01", says=["its planned start 2026-10-01 is outside"])
    assert_refused(
        cli, "goal", "edit", "3", "--by", "2027-01-01", "--reason", "Sooner",
        says=["would leave tasks outside the goal: #3 'Propose a pilot team' (due 2027-01-15)"],
    )  # fmt: skip
    assert_refused(cli, "goal", "move", "1", "--under", "3", says=["Goal #1 cannot sit under goal #3"])


def test_course_corrections_without_a_reason(cli: Cli) -> None:
    seed_career(cli)
    assert_refused(
        cli, "goal", "edit", "1", "--by", "2030-06-30",
        says=["Changing a goal's target date needs a reason.", "--reason"],
    )  # fmt: skip
    assert_refused(cli, "goal", "edit", "1", "--title", "Become a sales director", says=["goal's title needs a reason"])
    assert_refused(
        cli, "task", "edit", "1", "--drop",
        says=["Dropping #1 'Finish the leadership course' needs a reason.", "--reason"],
    )  # fmt: skip
    assert_refused(cli, "goal", "status", "3", "abandoned", says=["Marking a goal abandoned needs a reason."])
    assert_refused(cli, "goal", "status", "3", "achieved", "--reason", "  ", says=["needs a reason"])


def test_bad_check_ins_by_flags(cli: Cli) -> None:
    seed_career(cli)
    # The finished task rides along in each: a refused check-in must not mark it done either.
    assert_refused(
        cli, "checkin", "--done", "1", "--fulfilment", "11", says=["Fulfilment is rated 11; ratings go from 1 to 10."]
    )
    assert_refused(cli, "checkin", "--done", "1", "--balance", "0", says=["Work/life balance is rated 0"])
    assert_refused(
        cli, "checkin", "--done", "1", "--confidence", "1=9", says=["Confidence for goal #1 is 9; it goes from 1 to 5."]
    )
    assert_refused(
        cli, "checkin", "--done", "1", "--value", "salary=lots", says=["--value salary: 'lots' is not a number"]
    )
    assert_refused(
        cli, "checkin", "--done", "1", "--value", "1=5",
        says=["Goal #1 'Become a sales manager' is measured by its milestones, so it takes no value."],
    )  # fmt: skip
    assert_refused(cli, "checkin", "--done", "1", "--confidence", "4", says=["expected GOAL=VALUE"])
    assert_refused(cli, "checkin", "--date", "tomorrow", "--note", "Hi", says=["cannot be dated in the future"])


def test_bad_check_ins_on_standard_input(cli: Cli) -> None:
    seed_career(cli)
    documents = [
        ('{"ratings": {"fulfilment": 7}', "The check-in on standard input is not JSON"),
        ("[7, 6]", "The check-in must be a JSON object."),
        ('{"mood": "great", "note": "Hi"}', "Unknown field(s) in the check-in: mood."),
        ('{"ratings": {"happiness": 7}}', "Unknown rating(s): happiness"),
        ('{"ratings": {"fulfilment": "high"}}', 'ratings.fulfilment should be a whole number, not "high".'),
        ('{"ratings": {"fulfilment": 11}}', "Fulfilment is rated 11"),
        ('{"goals": {"salary": 68000}}', "goals should be a list"),
        ('{"goals": [{"goal": "salary", "value": "68k"}]}', 'goals[0].value should be a number, not "68k".'),
        ('{"goals": [{"goal": 2, "feeling": "ok"}]}', "goals[0]: unknown field(s) feeling."),
        ('{"goals": [{"confidence": 3}]}', "goals[0]: says nothing of which goal"),
        ('{"done": [1], "goals": [{"goal": 1, "confidence": 6}]}', "Confidence for goal #1 is 6"),
    ]
    for document, problem in documents:
        assert_refused(cli, "checkin", "--stdin", stdin=document, says=[problem])


def test_an_investment_needs_time_or_money(cli: Cli) -> None:
    seed_career(cli)
    assert_refused(
        cli, "invest", "course", "--note", "Thinking about a course",
        says=["An investment needs time, money or both.", "--hours", "--amount"],
    )  # fmt: skip
    assert_refused(cli, "invest", "course", "--hours", "-2", says=["cannot be negative"])


def test_every_command_before_init_points_to_init(cli: Cli) -> None:
    commands = [
        ("status",),
        ("goal", "list"),
        ("goal", "add", "Become a sales manager", "--why", "Grow people", "--by", "2029-06-30"),
        ("task", "add", "1", "Finish the leadership course"),
        ("checkin", "--fulfilment", "7"),
        ("checkin",),
        ("invest", "course", "--hours", "2"),
        ("history", "1"),
    ]
    for args in commands:
        result = cli(*args)
        assert result.code == 1, f"headway {' '.join(args)}: exit {result.code}\n{result.err}"
        assert "headway init" in result.err, f"headway {' '.join(args)}:\n{result.err}"
        assert "Traceback" not in result.err
    if "://" not in cli.database_url:
        assert not Path(cli.database_url).exists(), "a command before init created the database file"
    else:
        assert all(rows == [] for rows in database_rows(cli.database_url).values())


def test_a_file_that_is_not_a_headway_database(cli: Cli, tmp_path: Path) -> None:
    seed_career(cli)
    notes = tmp_path / "notes.txt"
    notes.write_text("Quarterly goals: close more deals.\n" * 200)
    content = notes.read_bytes()
    for args in (
        ("--db", str(notes), "goal", "list"),
        ("goal", "list", "--db", str(notes)),
        ("init", "--name", "X", "--db", str(notes)),
    ):
        assert_refused(cli, *args, says=[f"{notes} is not a Headway database", "Point --db at another file"])
    assert notes.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("notes")) == ["notes.txt"]


def test_usage_errors_exit_2(cli: Cli) -> None:
    seed_career(cli)
    mistakes = [
        ((), "the following arguments are required: COMMAND"),
        (("goals", "list"), "invalid choice: 'goals'"),
        (("goal", "show"), "the following arguments are required: GOAL"),
        (("goal", "add", "Become a CTO", "--by", "2030-01-01"), "the following arguments are required: --why"),
        (("goal", "status", "1", "finished"), "invalid choice: 'finished'"),
        (("goal", "move", "3", "--top", "--under", "2"), "not allowed with argument"),
        (("task", "list", "--limit", "0"), "argument --limit: 0 is below 1"),
        (("invest", "course", "--hours", "lots"), "argument --hours: 'lots' is not a number"),
        (("checkin", "--fulfilment", "high"), "argument --fulfilment: invalid int value: 'high'"),
    ]
    for args, problem in mistakes:
        result = assert_refused(cli, *args, code=2, says=[problem])
        assert result.err.startswith("usage: headway")
