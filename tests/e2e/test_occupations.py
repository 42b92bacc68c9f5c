"""Occupations and skills as a user types them: from today's job to a plan for the next one, and the mistakes
a person makes on the way. The clock is fixed at 2026-11-25 (HEADWAY_TODAY)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from headway.adapters.occupations.store import OccupationStore
from headway.domain.skills import transfer
from tests.conftest import Cli
from tests.e2e.helpers import NAME, assert_refused, json_out, seed_career

SALES_REP, SALES_MANAGER = "41-4012.00", "11-2022.00"


@pytest.fixture
def reader(tmp_path: Path) -> Cli:
    """The command for reading the occupation data only: no career database is touched, so SQLite alone."""
    return Cli(database_url=str(tmp_path / "unused.sqlite3"), home=tmp_path / "home")


def expected_readiness() -> float:
    """A sales rep's readiness for sales manager: the transfer between the two occupations' typical levels."""
    store = OccupationStore()
    try:
        moved = transfer(store.ratings(SALES_REP), store.ratings(SALES_MANAGER))
    finally:
        store.close()
    assert moved is not None
    return moved.transferability


def test_a_sales_rep_plans_the_move_to_sales_manager_and_earns_a_skill(cli: Cli) -> None:
    cli.ok("init", "--name", NAME, "--role", "Sales Representative")
    out = cli.ok("skills", "from-occupation", "41-4012")
    assert f"Started from {SALES_REP} Sales Representatives, Wholesale and Manufacturing" in out
    assert "68 levels set (evidence: occupation)." in out

    out = cli.ok(
        "goal", "add", "Become a sales manager", "--why", "Grow people", "--by", "2029-06-30",
        "--target-occupation", "11-2022",
    )  # fmt: skip
    assert "Added goal #1 'Become a sales manager', milestones, by 2029-06-30." in out
    assert f"aims at:  {SALES_MANAGER} Sales Managers" in cli.ok("goal", "show", "1")

    readiness = expected_readiness()
    out = cli.ok("gap", "--target", "11-2022")
    assert f"Your skills against {SALES_MANAGER} Sales Managers" in out
    assert f"Readiness: {100 * readiness:.0f}%" in out
    gap = json_out(cli, "gap", "--target", "11-2022")
    assert gap["readiness"] == round(readiness, 4)
    assert gap["unrated_elements"] == 0

    proposal = json_out(cli, "plan", "generate", "1")
    assert proposal["added_task_ids"] == []
    assert "Nothing added yet" in cli.ok("plan", "generate", "1")
    assert json_out(cli, "goal", "show", "1")["tasks"] == []

    out = cli.ok("plan", "generate", "1", "--accept", "all")
    count = len(proposal["milestones"])
    assert f"Added {count} milestones to the plan (each kept in `headway history 1` with its reason)." in out
    assert "generated from the skill gap to 11-2022.00 Sales Managers" in cli.ok("history", "1")
    tasks = json_out(cli, "goal", "show", "1")["tasks"]
    assert [t["title"] for t in tasks] == [m["title"] for m in proposal["milestones"]]

    closing = next(m for m in proposal["milestones"] if m["earns_level"] is not None)
    task = next(t for t in tasks if t["title"] == closing["title"])
    assert f"Done: #{task['id']} '{closing['title']}' on 2026-11-25." in cli.ok("task", "done", str(task["id"]))

    out = cli.ok("skills", "history", closing["element"])
    last = out.strip().splitlines()[-1]  # oldest first: the level just earned is the last line
    assert last.startswith("2026-11-25 ")
    assert f" {closing['earns_level']:g} " in last
    assert " milestone " in last
    assert last.endswith(closing["title"])
    entries = json_out(cli, "skills", "history")["entries"]
    earned = [e for e in entries if e["evidence"] == "milestone"]
    assert [(e["element_id"], e["level"], e["source"]) for e in earned] == [
        (closing["element_id"], closing["earns_level"], closing["title"])
    ]
    assert json_out(cli, "gap", "--target", "11-2022")["readiness"] > gap["readiness"]


def test_an_occupation_o_net_has_not_rated_says_so_plainly(reader: Cli) -> None:
    out = reader.ok("occupations", "show", "11-2032")
    assert "11-2032.00 Public Relations Managers" in out
    assert "Skills and knowledge: O*NET has no importance or level ratings for this occupation." in out
    assert "importance 1-5" not in out
    assert json_out(reader, "occupations", "show", "11-2032")["ratings"] == []

    military = reader.ok("occupations", "show", "55-1011")
    assert "Job zone: O*NET gives no job zone for this occupation." in military
    assert "Wages: BLS publishes no national wage figures for this occupation." in military
    assert "Outlook: BLS publishes no 2024-34 projection for this occupation." in military


def test_the_gap_to_an_unrated_occupation_computes_nothing(cli: Cli) -> None:
    seed_career(cli)
    out = cli.ok("gap", "--target", "11-2032")
    assert "O*NET has no skill or knowledge ratings for this occupation, so there is no gap to compute." in out
    assert "Readiness" not in out
    assert json_out(cli, "gap", "--target", "11-2032")["readiness"] is None


def test_bad_codes_levels_and_plans_are_refused_and_change_nothing(cli: Cli) -> None:
    seed_career(cli)  # three goals, none with a target occupation
    cli.ok("skills", "set", "Negotiation", "4")
    code_hint = "Codes look like 11-2022.00 (or 11-2022)"
    assert_refused(cli, "occupations", "show", "abc", says=["'abc' is not an O*NET-SOC code.", code_hint])
    assert_refused(
        cli, "occupations", "show", "99-9999",
        says=["There is no occupation 99-9999.00 in O*NET 29.2.", "headway occupations match"],
    )  # fmt: skip
    assert_refused(cli, "skills", "from-occupation", "99-9999", says=["There is no occupation 99-9999.00"])
    assert_refused(cli, "gap", "--target", "abc", says=["'abc' is not an O*NET-SOC code."])
    assert_refused(
        cli, "goal", "add", "Become a buyer", "--why", "Curious", "--by", "2028-01-01", "--target-occupation", "12345",
        says=["'12345' is not an O*NET-SOC code."],
    )  # fmt: skip
    assert_refused(
        cli, "skills", "set", "Negotiation", "9",
        says=["A level of 9 is outside O*NET's scale of 0 to 7.", "4 is proficient"],
    )  # fmt: skip
    assert_refused(
        cli, "skills", "set", "Juggling", "3",
        says=["'Juggling' is not an O*NET skill or knowledge element.", "headway skills list --all"],
    )  # fmt: skip
    assert_refused(
        cli, "plan", "generate", "1",
        says=[
            "Goal 1 'Become a sales manager' names no target occupation to plan towards.",
            "headway goal edit 1 --target-occupation CODE",
        ],
    )  # fmt: skip
    cli.ok("goal", "edit", "1", "--target-occupation", "11-2022", "--reason", "Aim named")
    assert_refused(cli, "plan", "generate", "1", "--accept", "1,99", says=["There is no proposed milestone 99"])
    assert_refused(cli, "plan", "generate", "1", "--accept", "first", says=["expected 'all' or numbers like 1,2,5"])
    assert_refused(cli, "gap", "--target", "11-2022", "--top", "16", says=["--top 16: choose between 1 and 15."])
    assert [e["level"] for e in json_out(cli, "skills", "history")["entries"]] == [4.0]


def test_match_reads_one_query_a_line_and_prints_one_json_object_each(reader: Cli) -> None:
    queries = "Sales Managers\nRegistered Nurses\n\n  Software Developers  \n"
    result = reader("occupations", "match", "--stdin", "--limit", "3", stdin=queries)
    assert result.code == 0, result.err
    documents = [json.loads(line) for line in result.out.splitlines()]
    assert [d["query"] for d in documents] == ["Sales Managers", "Registered Nurses", "Software Developers"]
    for document in documents:
        assert (document["kind"], document["version"]) == ("occupation_matches", 1)
        assert 1 <= len(document["matches"]) <= 3
        assert all(set(m) == {"code", "title", "score", "why"} for m in document["matches"])
    # An occupation's own official title finds it first.
    assert [d["matches"][0]["code"] for d in documents] == ["11-2022.00", "29-1141.00", "15-1252.00"]


def test_match_needs_words_or_stdin_not_both(reader: Cli) -> None:
    both = reader("occupations", "match", "nurse", "--stdin", stdin="nurse\n")
    assert both.code == 1
    assert "Give the words to match, or --stdin to read one query per line (not both)." in both.err
