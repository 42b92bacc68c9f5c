"""The rhythm, the ledger, the balance and the review questions, through the `headway` command.

The record is tests/e2e/helpers.py's seed_career: Alex Morgan, whose profile is made on 2026-11-25 (the
suite's today) with the defaults, fortnightly check-ins and quarterly reviews, and whose values are 'growth';
goals #1 'Become a sales manager', #3 'Lead a regional sales team' under it, #2 'Raise my base salary'.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

from headway.domain.records import Review
from tests.conftest import Cli
from tests.e2e.helpers import assert_refused, json_out, seed_career, spawn
from tests.e2e.test_interactive_checkin import CONFIDENCE, FINISHED, NEXT_STEP, OBSTACLES, WENT_WELL, answer, finish


def reviews(cli: Cli) -> list[Review]:
    """The reviews stored, newest first, read in-process (no command lists them)."""
    from headway.adapters.db import SqlUnitOfWork, open_database

    db = open_database(cli.database_url)
    try:
        uow = SqlUnitOfWork(db)
        with uow.read():
            person = uow.profiles.get_default()
            assert person is not None
            assert person.id is not None
            return uow.reviews.recent(person.id, 10)
    finally:
        db.close()


# --- cadence -----------------------------------------------------------------------------------------------


def test_the_rhythm_is_shown_changed_and_kept_when_init_runs_again(cli: Cli) -> None:
    seed_career(cli)
    shown = cli.ok("cadence")
    assert "Check-ins: fortnightly" in shown
    assert "no check-in yet; the first is due 2026-12-09 (in 14 days)" in shown
    assert "Reviews: quarterly" in shown
    assert "the next is due 2027-02-25" in shown

    changed = cli.ok("cadence", "--checkin", "weekly", "--review", "monthly", "--capacity", "4.5")
    assert changed.startswith("Saved your rhythm.")
    assert "Check-ins: weekly" in changed
    assert "the first is due 2026-12-02 (in 7 days)" in changed
    assert "Capacity: 4.5 h a week" in changed

    cli.ok("init", "--name", "Alex Morgan", "--values", "growth, family")  # says nothing of the rhythm
    state = json_out(cli, "cadence")
    assert state["checkin"]["rhythm"] == "weekly"
    assert state["review"] == {"rhythm": "monthly", "last": None, "next_due": "2026-12-25", "due": False}
    assert state["weekly_capacity_hours"] == 4.5


def test_a_rhythm_that_makes_no_sense_is_refused(cli: Cli) -> None:
    seed_career(cli)
    assert_refused(cli, "cadence", "--capacity", "0", says=["0.0 hours a week is not a capacity"])
    assert_refused(cli, "cadence", "--checkin", "daily", says=["invalid choice: 'daily'"], code=2)


def test_maintenance_is_due_once_the_check_in_is_overdue(cli: Cli) -> None:
    seed_career(cli)
    cli.ok("checkin", "--date", "2026-11-01", "--fulfilment", "7")
    cli.ok("checkin", "--date", "2026-11-01", "--note", "Same day, counted once")
    shown = cli.ok("cadence")
    assert "last on 2026-11-01; the next was due 2026-11-15: maintenance due, 10 days overdue" in shown
    assert "on-time streak: 0 (longest 1); 1 of 1 check-in on time" in shown
    state = json_out(cli, "cadence")["checkin"]
    assert (state["maintenance_due"], state["days_overdue"], state["days_until_due"]) == (True, 10, -10)

    cli.ok("checkin", "--fulfilment", "8")
    state = json_out(cli, "cadence")["checkin"]
    assert (state["maintenance_due"], state["last"], state["next_due"]) == (False, "2026-11-25", "2026-12-09")
    assert (state["current_streak"], state["longest_streak"], state["checkins"]) == (0, 1, 2)


# --- the ledger --------------------------------------------------------------------------------------------


def test_invest_report_and_target_sit_beside_logging_an_investment(cli: Cli) -> None:
    seed_career(cli)
    assert "No investments yet" in cli.ok("invest", "report")
    cli.ok("invest", "course", "--hours", "2", "--amount", "49", "--goal", "1", "--note", "Negotiation, module 1")
    cli.ok("invest", "reading", "--hours", "1", "--amount", "20", "--currency", "eur", "--on", "2026-11-02")
    cli.ok("invest", "mentoring", "--hours", "1.5", "--on", "2026-10-20")

    set_target = cli.ok("invest", "target", "--hours", "8")
    assert set_target == "Your monthly target: 8 h. This month so far: 3 h (38% of the hours).\n"
    report = cli.ok("invest", "report")
    assert "This month (2026-11): 3 h; 20 EUR, 49 USD" in report
    assert "target 8 h  [########------------] 38%" in report
    assert "Total since 2026-10-20: 4.5 h; 20 EUR, 49 USD" in report
    assert "Regularity: a deposit in 3 of 6 weeks (50%); 1 week in a row now, longest 1" in report
    assert "#1 Become a sales manager" in report
    assert "(no particular goal)" in report

    book = json_out(cli, "invest", "target", "--amount", "100")
    assert book["kind"] == "ledger"
    assert book["this_month"]["target_hours"] == 8
    assert book["this_month"]["target_amount"] == 100
    assert book["this_month"]["amount_share"] == 0.49
    assert book["total"] == {"hours": 4.5, "amounts": {"EUR": 20.0, "USD": 49.0}}
    assert [m["month"] for m in book["by_month"]] == ["2026-10", "2026-11"]
    assert [g["goal"] and g["goal"]["id"] for g in book["by_goal"]] == [1, None]
    assert json_out(cli, "invest", "target", "--hours", "0")["this_month"]["target_hours"] is None

    assert len(json_out(cli, "investments")["investments"]) == 3, "report and target log nothing"


def test_invest_refuses_options_that_do_not_go_with_report_or_target(cli: Cli) -> None:
    seed_career(cli)
    assert_refused(cli, "invest", "report", "--hours", "2", says=["headway invest report does not take --hours"])
    assert_refused(cli, "invest", "target", "--goal", "1", "--hours", "8", says=["does not take --goal"])
    assert_refused(cli, "invest", "target", says=["needs --hours, --amount or both"])
    assert_refused(cli, "invest", "target", "--hours", "-1", says=["cannot be negative"])
    assert_refused(cli, "invest", "course", "--hours", "2", "--json", says=["--json goes with"])
    assert_refused(cli, "invest", "course", says=["An investment needs time, money or both."])
    assert_refused(cli, "invest", "holiday", "--hours", "2", says=["invalid choice: 'holiday'"], code=2)


# --- balance -----------------------------------------------------------------------------------------------


def test_a_mistyped_investment_is_deleted_by_its_number_and_counts_no_more(cli: Cli) -> None:
    seed_career(cli)
    cli.ok("invest", "course", "--hours", "2", "--note", "Negotiation")
    cli.ok("invest", "reading", "--hours", "15", "--note", "Sales book")  # meant 1.5
    listing = cli.ok("investments").splitlines()
    assert listing[1].split()[:5] == ["#2", "2026-11-25", "reading", "15", "h"]
    out = cli.ok("investments", "delete", "2")
    assert out.strip() == "Deleted investment #2: 15 h in reading on 2026-11-25 (Sales book)."
    cli.ok("invest", "reading", "--hours", "1.5", "--note", "Sales book")
    assert [i["hours"] for i in json_out(cli, "investments")["investments"]] == [1.5, 2]
    assert "This month (2026-11): 3.5 h" in cli.ok("invest", "report")
    assert_refused(cli, "investments", "delete", "2", says=["There is no investment #2."])  # run again: nothing
    assert_refused(cli, "investments", "delete", says=["Say which investment to delete"])
    assert len(json_out(cli, "investments")["investments"]) == 2


def test_balance_shows_each_rating_its_trend_the_weakest_and_a_fall(cli: Cli) -> None:
    seed_career(cli)
    assert "No ratings yet" in cli.ok("balance")
    for day, fulfilment, balance in [("2026-10-14", 5, 8), ("2026-10-28", 6, 8), ("2026-11-11", 7, 8)]:
        cli.ok("checkin", "--date", day, "--fulfilment", str(fulfilment), "--balance", str(balance))
    cli.ok("checkin", "--fulfilment", "8", "--balance", "4", "--achievement", "6")

    shown = cli.ok("balance")
    assert "Balance: 4 rated check-ins, 2026-10-14 to 2026-11-25; trends over the last 6" in shown
    assert "Fulfilment          [########--]  8  rising (+2.2/month)" in shown
    assert "5 6 7 8" in shown
    assert "Work/life balance   [####------]  4  falling" in shown
    assert "Financial security  not rated yet" in shown
    assert "Goal achievement    [######----]  6  trend: not yet  <- weakest" in shown
    assert "Work/life balance fell by 4 points, from 8 on 2026-11-11 to 4." in shown

    result = json_out(cli, "balance")
    assert result["weakest"] == "achievement"
    assert [d["trend"] for d in result["dimensions"]] == ["rising", "falling", None, None]
    assert result["falls"] == [
        {
            "dimension": "balance",
            "before": 8,
            "before_date": "2026-11-11",
            "latest": 4,
            "latest_date": "2026-11-25",
            "points": 4,
        }
    ]


# --- the review questions ----------------------------------------------------------------------------------


def test_the_interactive_check_in_asks_the_review_questions_when_a_review_is_due(cli: Cli) -> None:
    seed_career(cli)
    later = replace(cli, today=date(2027, 2, 25))  # a quarter after the profile was made: a review is due
    assert json_out(later, "cadence")["review"]["due"] is True
    child = spawn(later, "checkin")
    # The three goals as the check-in walks them, every question skipped: #1 and #3 have open tasks, #2 a salary.
    for first in (FINISHED, FINISHED, "  salary now (USD) [62,000]: "):
        for prompt in (first, CONFIDENCE, WENT_WELL, OBSTACLES, NEXT_STEP):
            answer(child, prompt, "")
    child.expect_exact("Review time (quarterly; the first one): is each goal still the one to pursue?")
    child.expect_exact("What matters to you: growth")
    child.expect_exact("#1 Become a sales manager")
    answer(child, "  Still the right goal? (y/n) ", "y")
    answer(child, "  Still aligned with what matters to you? (y/n) ", "perhaps")
    child.expect_exact("Please type y or n, or Enter to skip.")
    answer(child, "  Still aligned with what matters to you? (y/n) ", "yes")
    answer(child, "  Still realistic? (y/n) ", "n")
    answer(child, "  What would you change? ", "Move the target date a year out")
    child.expect_exact("#3 Lead a regional sales team")
    for prompt in ("  Still the right goal? (y/n) ", "  Still aligned with what matters to you? (y/n) "):
        answer(child, prompt, "")
    answer(child, "  Still realistic? (y/n) ", "")
    answer(child, "  What would you change? ", "")
    child.expect_exact("#2 Raise my base salary")
    answer(child, "  Still the right goal? (y/n) ", "N")
    for prompt in ("  Still aligned with what matters to you? (y/n) ", "  Still realistic? (y/n) "):
        answer(child, prompt, "")
    answer(child, "  What would you change? ", "")
    child.expect_exact("How do you stand, 1-10?")
    for label in ("Fulfilment", "Work/life balance", "Goal achievement", "Financial security"):
        answer(child, f"  {label}: ", "7")
    answer(child, "Anything else to note? ", "")
    output, status = finish(child)

    assert status == 0, output
    assert "Recorded the review with it: 3 goal(s) reconsidered." in output
    [review] = reviews(cli)
    assert review.on == date(2027, 2, 25)
    assert [(a.goal_id, a.still_right, a.still_aligned, a.still_realistic, a.note) for a in review.answers] == [
        (1, True, True, False, "Move the target date a year out"),
        (2, False, None, None, ""),
    ]
    state = json_out(later, "cadence")["review"]
    assert (state["last"], state["next_due"], state["due"]) == ("2027-02-25", "2027-05-25", False)


def test_review_answers_by_flags_and_by_json_are_saved_with_the_check_in_or_not_at_all(cli: Cli) -> None:
    seed_career(cli)
    out = cli.ok(
        "checkin", "--still-right", "1=y", "--still-realistic", "salary=no", "--review-note", "salary=Ask in spring"
    )
    assert "Recorded the review with it: 2 goal(s) reconsidered." in out
    [review] = reviews(cli)
    assert [(a.goal_id, a.still_right, a.still_realistic, a.note) for a in review.answers] == [
        (1, True, None, ""),
        (2, None, False, "Ask in spring"),
    ]

    document: dict[str, Any] = {
        "date": "2026-11-24",
        "review": {"note": "Mid-quarter", "goals": [{"goal": "regional", "still_aligned": False}]},
    }
    cli.ok("checkin", "--stdin", "--json", stdin=json.dumps(document))
    assert [(r.on, r.note, r.answers[0].goal_id) for r in reviews(cli)][1] == (date(2026, 11, 24), "Mid-quarter", 3)

    assert_refused(cli, "checkin", "--still-right", "1=maybe", "--fulfilment", "7", says=["answer y or n"])
    assert_refused(cli, "checkin", "--still-right", "9=y", "--fulfilment", "7", says=["There is no goal #9."])
    bad: list[tuple[dict[str, Any], str]] = [
        ({"review": {"goals": [{"goal": 1, "still_right": "yes"}]}}, "should be true, false or null"),
        ({"review": {"goals": [{"goal": 1, "mood": 3}]}}, "unknown field(s) mood"),
        ({"review": {"goals": [{"still_right": True}]}}, "says nothing of which goal"),
        ({"review": []}, "review should be an object"),
        ({"review": {"goals": [{"goal": 1, "still_right": True}, {"goal": "#1", "still_realistic": True}]}}, "twice"),
    ]
    for doc, says in bad:
        assert_refused(cli, "checkin", "--stdin", stdin=json.dumps({"ratings": {"fulfilment": 7}, **doc}), says=[says])
