"""Every --json document the CLI prints matches its schema in docs/json/, on SQLite and on PostgreSQL.

A small but complete record is built through the CLI (goals numeric and by milestones, a sub-goal, tasks
with dependencies, done and dropped tasks, a baseline, check-ins, investments, edits with reasons, a skills
profile, goals aiming at an occupation, generated milestones), then every read command runs with --json and its
output is validated with jsonschema, formats checked, as are the occupation data's commands on occupations
chosen for the null branches. The demo and the examples in docs/json.md are validated too, and the check-in
example is fed to `headway checkin --stdin`.
"""

from __future__ import annotations

import copy
import json
import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli
from tests.docs.schemas import DOCS, SCHEMAS, documented_kinds, errors, load, schema_files, schema_for, validator

JSON_BLOCK = re.compile(r"^```json\n(.*?)^```$", re.MULTILINE | re.DOTALL)


class Checked:
    """The documents validated so far: every failure with its command, and the kinds seen."""

    def __init__(self) -> None:
        self.failures: list[str] = []
        self.kinds: set[str] = set()
        self.printed: dict[tuple[str, ...], str] = {}  # each command's standard output, as printed

    def check(self, cli: Cli, *args: str, stdin: str | None = None) -> dict[str, Any]:
        out = cli.ok(*args, stdin=stdin)
        self.printed[args] = out
        try:
            document = json.loads(out)
        except json.JSONDecodeError as exc:
            self.failures.append(f"headway {' '.join(args)}: not JSON ({exc}):\n{out[:500]}")
            return {}
        return self.document(document, f"headway {' '.join(args)}")

    def document(self, document: Any, where: str) -> dict[str, Any]:
        kind = document.get("kind") if isinstance(document, dict) else None
        if kind not in documented_kinds():
            self.failures.append(f"{where}: kind {kind!r} has no schema in docs/json/")
            return {}
        self.kinds.add(kind)
        self.failures.extend(f"{where} ({kind}): {e}" for e in errors(document, schema_for(kind)))
        assert isinstance(document, dict)
        return document

    def assert_clean(self) -> None:
        assert not self.failures, "output that breaks its documented schema:\n" + "\n".join(self.failures)


def json_blocks() -> list[Any]:
    """The ```json examples of docs/json.md, parsed."""
    text = (DOCS / "json.md").read_text(encoding="utf-8")
    return [json.loads(block) for block in JSON_BLOCK.findall(text)]


def checkin_input_examples() -> list[dict[str, Any]]:
    """The examples of the check-in document: the JSON blocks with no `kind`."""
    return [b for b in json_blocks() if isinstance(b, dict) and "kind" not in b]


CHECKIN = {
    "date": "2026-11-20",
    "ratings": {"fulfilment": 7, "balance": 6, "achievement": 8, "financial": None},
    "note": "A good fortnight.",
    "goals": [
        {"goal": 2, "value": 68000, "confidence": 4, "went_well": "Raise agreed in principle."},
        {"goal": "sales manager", "confidence": 3, "obstacles": "Quarter-end crunch.", "next_step": "Book the VP."},
    ],
    "done": ["Pass the exam"],
    "review": {"note": "A year in.", "goals": [{"goal": 1, "still_right": True, "still_realistic": False}]},
}


# The record, as a person would type it; the --json ones are validated as they go.
RECORD = r"""
init --name "Alex Kim" --role "Account Executive" --employer Northwind
init --name "Alex Kim" --values "growing people, family" --currency eur
goal add "Become a sales manager" --why "Grow people." --start 2026-01-01 --by 2028-12-31 --json
goal add "Raise my base salary" --why "A mortgage." --kind financial --start 2026-01-01 --by 2028-06-30 \
    --metric salary --unit EUR --from 62,000 --to 85000 --parent 1 --weight 2 --json
goal add "Earn a certification" --why "" --kind learning --start 2026-01-01 --by 2027-06-30 --parent 1 --json
goal add "Run a marathon" --why Health. --kind life --start 2026-01-01 --by 2027-10-01 --json
goal add "Cut my commute" --why Time. --kind life --by 2027-12-31 --metric minutes --from 90 --to 30 --json
task add 1 "Complete the leadership course" --milestone --start 2026-02-01 --due 2026-06-30 --effort 30 --json
task add 1 "Mentor two juniors" --due 2026-11-01 --effort 20 --after 1 --json
task add 1 "Apply for the opening" --milestone --due 2027-06-30 --after 1 --after 2 --effort 10 --json
task add 3 "Pass the exam" --due 2027-03-01 --json
task add 1 "Read a leadership book" --json
baseline 1 --label "first plan"
task done 1 --on 2026-06-15
replan 1 --task 3 --due 2027-07-31 --reason "The opening moved a month." --json
task edit 3 --due 2027-09-30 --reason "The opening moved a quarter."
task edit 5 --drop --reason "The course covers it."
goal edit 1 --by 2029-03-31 --why "Grow people, and a team." --reason Reorganisation. --json
goal edit 4 --json
checkin --stdin --json
checkin --fulfilment 8 --note "Quick one." --json
invest course --hours 2 --amount 49 --goal 1 --note "Leadership module"
invest reading --hours 1.5 --on 2026-10-10
invest target --hours 8 --amount 100 --json
cadence --checkin weekly --review monthly --json
goal status 3 achieved --reason Passed.
goal status 4 paused --reason "An injury."
goal status 5 abandoned --reason "Moved closer to work."
skills from-occupation 41-4012 --json
skills from-occupation 41-4012.00 --json
skills set Negotiation 5 --evidence credential --source "Negotiation certificate" --json
skills set "Sales and Marketing" 6.5 --note "Top seller." --on 2026-11-20 --json
goal add "Manage a sales team" --why "Grow people." --by 2028-12-31 --target-occupation 11-2022 --json
goal add "Earn a sales manager's pay" --why "A mortgage." --kind financial --by 2029-06-30 \
    --metric salary --unit USD --from 72000 --to 120000 --target-occupation 11-2022.00 --json
goal add "Earn a top sales manager's pay" --why "Why not." --kind financial --by 2031-06-30 \
    --metric salary --unit USD --from 72000 --to 400000 --target-occupation 112022 --json
goal edit 1 --target-occupation 11-2021 --reason "Marketing, perhaps." --json
goal edit 2 --target-occupation 11-2022 --json
goal edit 1 --target-occupation none --reason "Sales after all." --json
plan generate 6 --json
plan generate 6 --top 2 --json
plan generate 6 --top 2 --accept 1,2 --json
plan generate 6 --top 2 --accept 1,3 --json
plan generate 7 --top 1 --accept all --json
task done 7
"""
# The occupation data's read commands, on occupations chosen for the branches of their shapes.
OCCUPATION_READS: list[tuple[str, ...]] = [
    ("about",),
    ("occupations", "match", "I want to become a sales manager"),
    ("occupations", "match", "sales mgr", "--limit", "1"),
    ("occupations", "match", "xyzzy qwv"),  # nothing fits: no matches, and no error
    ("occupations", "show", "11-2022"),
    ("occupations", "show", "55-1011.00"),  # no job zone, ratings, tasks, wages or outlook
    ("occupations", "show", "13-1021", "--all"),  # wages and outlook of the broader group 13-1020
    ("occupations", "show", "27-2011"),  # wages without percentiles, no median in the outlook
    ("occupations", "show", "29-1022"),  # the outlook's median wage is top-coded
    ("paths", "--from", "41-4012", "--to", "11-2022"),
    ("paths", "--from", "41-4012", "--sort", "growth"),
    ("paths", "--from", "55-1011", "--to", "11-2022"),  # unrated origin: no transfer, no routes
    ("gap", "--target", "11-2022"),
    ("gap", "--target", "11-2022", "--top", "1", "--all"),
    ("gap", "--target", "55-1011"),  # O*NET rates nothing for it
    ("skills", "history", "Negotiation"),
]
MATCH_BATCH = "sales director\n\n  account executive  \n???\n"  # a blank line, spaces, a line with no words


def build_record(cli: Cli, checked: Checked) -> None:
    """A record that reaches every branch of the shapes: each nullable field both null and set, every enum."""
    for line in RECORD.replace("\\\n", " ").strip().splitlines():
        args = shlex.split(line)
        stdin = json.dumps(CHECKIN) if "--stdin" in args else None
        if "--json" in args:
            checked.check(cli, *args, stdin=stdin)
        else:
            cli.ok(*args, stdin=stdin)


def read_everything(cli: Cli, checked: Checked) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    """Every read command with --json, on whatever record the database holds."""
    goals = checked.check(cli, "goal", "list", "--all", "--json").get("goals", [])
    commands: list[tuple[str, ...]] = [
        ("profile",),
        ("status",),
        ("goal", "list"),
        ("task", "list"),
        ("task", "list", "--limit", "1"),
        ("checkins",),
        ("investments",),
        ("investments", "--limit", "1"),
        ("cadence",),
        ("invest", "report"),
        ("balance",),
        ("review",),
        ("review", "--period", "year"),
        ("skills", "list"),
        ("skills", "history"),
    ]
    for goal in goals:
        commands += [("goal", "show", str(goal["id"])), ("history", str(goal["id"])), ("plan", str(goal["id"]))]
        commands += [("schedule", str(goal["id"]))]
        commands += [("forecast", str(goal["id"]))]
    tasks = checked.check(cli, "task", "list", "--all", "--json").get("tasks", [])
    commands += [("task", "show", str(t["id"])) for t in tasks]
    commands += [("task", "list", "--goal", str(g["id"])) for g in goals]
    for command in commands:
        yield command, checked.check(cli, *command, "--json")


def match_batch(cli: Cli, checked: Checked, stdin: str) -> tuple[int, list[dict[str, Any]]]:
    """`occupations match --stdin`: one compact document per line, each validated on its own."""
    result = cli("occupations", "match", "--stdin", stdin=stdin)
    assert "Traceback" not in result.err, result.err
    documents = []
    for number, line in enumerate(result.out.splitlines(), 1):
        document = checked.document(json.loads(line), f"headway occupations match --stdin, line {number}")
        assert line == json.dumps(document, ensure_ascii=False), "one compact object per line"
        documents.append(document)
    return result.code, documents


def test_every_json_output_of_a_full_record_matches_its_schema(cli: Cli) -> None:
    assert errors(CHECKIN, "checkin-input.schema.json") == []
    checked = Checked()
    build_record(cli, checked)
    seen = dict(read_everything(cli, checked))
    seen |= {command: checked.check(cli, *command, "--json") for command in OCCUPATION_READS}
    batch_code, batch = match_batch(cli, checked, MATCH_BATCH)
    checked.assert_clean()
    assert checked.kinds == documented_kinds(), "every documented kind is printed by some command"

    # The record reaches the branches the schemas describe, so the validation above means something.
    plan = seen["plan", "1"]
    assert plan["baseline"] is not None
    assert {r["slip_days"] for r in plan["tasks"]} >= {0, 92}
    assert [d["title"] for d in plan["dropped_since_baseline"]] == ["Read a leadership book"]
    assert plan["changes_since_baseline"]["changes"] == 2
    assert seen["plan", "2"]["changes_since_baseline"] is None
    assert seen["schedule", "1"]["critical_path"] == [2, 3]
    assert seen["schedule", "3"]["bound"] is None  # achieved: nothing left to schedule
    assert seen["forecast", "3"]["verdict"] == "achieved"  # marked achieved, whatever its readings say
    assert seen["plan", "2"]["baseline"] is None
    assert seen["goal", "show", "1"]["parent"] is None
    assert [c["id"] for c in seen["goal", "show", "1"]["children"]] == [2, 3]
    numeric = seen["goal", "show", "2"]["goal"]
    assert numeric["measure"]["current"] == 68000
    assert numeric["progress"]["basis"] == "measure"
    assert seen["goal", "show", "5"]["goal"]["measure"]["direction"] == "decrease"
    assert seen["goal", "show", "3"]["goal"]["progress"]["basis"] == "achieved"
    assert seen["task", "show", "1"]["dependants"] == [2, 3]
    assert {t["status"] for t in seen["goal", "show", "1"]["tasks"]} == {"open", "done", "dropped"}
    assert seen["task", "list"]["total"] > len(seen["task", "list", "--limit", "1"]["tasks"]) == 1
    status = seen["status",]
    assert status["overdue"]["total"] == 1
    assert status["last_checkin"] == "2026-11-25"
    assert status["investment"]["monthly_average_hours"] is not None
    assert {e["goal_id"] for e in seen["checkins",]["checkins"][1]["goals"]} == {1, 2}
    assert {i["goal_id"] for i in seen["investments",]["investments"]} == {1, None}
    assert seen["profile",]["profile"]["currency"] == "EUR"
    assert seen["balance",]["last_review"] == "2026-11-20"
    assert seen["cadence",]["checkin"]["rhythm"] == "weekly"
    assert seen["invest", "report"]["this_month"]["target_hours"] == 8

    streamed = checked.printed["task", "list", "--all", "--json"]
    listed = [(t["goal_id"], t["id"]) for t in json.loads(streamed)["tasks"]]
    assert [i for g, i in listed if g <= 5] == [1, 2, 3, 5, 4]  # by goal, by due date, undated last
    assert [g for g, _ in listed] == sorted(g for g, _ in listed)
    for out in (streamed, checked.printed["task", "list", "--goal", "1", "--json"]):
        assert_one_task_per_line(out)

    assert_occupation_branches(seen, checked)
    assert batch_code == 1, "a line that cannot be matched makes the batch exit 1"
    assert [(d["query"], "error" in d, len(d["matches"]) > 0) for d in batch] == [
        ("sales director", False, True),
        ("account executive", False, True),
        ("???", True, False),
    ]


def printed(checked: Checked, *command: str) -> dict[str, Any]:
    """The document a RECORD line printed."""
    document: dict[str, Any] = json.loads(checked.printed[command])
    return document


def assert_occupation_branches(seen: dict[tuple[str, ...], dict[str, Any]], checked: Checked) -> None:
    """The skills, occupation and plan-generation outputs reach both sides of their nullable fields."""
    started = printed(checked, "skills", "from-occupation", "41-4012", "--json")["entries"]
    assert started
    assert {(e["evidence"], e["source"], e["date"]) for e in started} == {("occupation", "41-4012.00", "2026-11-25")}
    assert all(e["level"] >= 0 for e in started)
    again = printed(checked, "skills", "from-occupation", "41-4012.00", "--json")["entries"]
    assert again == [], "levels already held are not added again"
    current = {s["name"]: s for s in seen["skills", "list"]["skills"]}
    assert (current["Negotiation"]["evidence"], current["Negotiation"]["level"]) == ("credential", 5)
    assert current["Sales and Marketing"]["evidence"] == "occupation", "a level dated earlier is history only"
    assert current["Education and Training"]["evidence"] == "milestone", "earned by finishing task 7"
    history = seen["skills", "history"]["entries"]
    assert {e["evidence"] for e in history} == {"self", "occupation", "credential", "milestone"}
    assert [e["date"] for e in history] == sorted(e["date"] for e in history)
    assert {e["name"] for e in seen["skills", "history", "Negotiation"]["entries"]} == {"Negotiation"}

    added = [json.loads(out) for c, out in checked.printed.items() if c[:2] == ("goal", "add")]
    assert added
    assert all("target_occupation" not in d and "wage_position" not in d for d in added)
    sales = {"code": "11-2022.00", "title": "Sales Managers"}
    assert (seen["goal", "show", "6"]["target_occupation"], seen["goal", "show", "6"]["wage_position"]) == (sales, None)
    pay = seen["goal", "show", "7"]["wage_position"]
    assert pay["amount"] == 120000
    assert 25 < pay["percentile"] < 50
    top = seen["goal", "show", "8"]["wage_position"]
    assert (top["percentile"], top["text"].startswith("above the 90th")) == (None, True)
    assert seen["goal", "show", "1"]["target_occupation"] is None
    euros = seen["goal", "show", "2"]
    assert (euros["target_occupation"], euros["wage_position"]) == (sales, None), "pay in EUR is not placed"
    edits = [
        printed(checked, "goal", "edit", "1", "--target-occupation", c, "--reason", r, "--json")
        for c, r in (
            ("11-2021", "Marketing, perhaps."),
            ("none", "Sales after all."),
        )
    ]
    assert [(e["changes"][0]["field"], e["changes"][0]["after"]) for e in edits] == [
        ("target_occupation", "11-2021.00 Marketing Managers"),
        ("target_occupation", "-"),
    ]

    whole = printed(checked, "plan", "generate", "6", "--json")
    assert (whole["fits"], whole["added_task_ids"], whole["already_in_plan"]) == (False, [], [])
    assert whole["needed_until"] > seen["goal", "show", "6"]["goal"]["target_date"]
    proposal = printed(checked, "plan", "generate", "6", "--top", "2", "--json")
    accepted = printed(checked, "plan", "generate", "6", "--top", "2", "--accept", "1,2", "--json")
    assert proposal["fits"] is True
    assert accepted["milestones"] == proposal["milestones"]
    assert (proposal["added_task_ids"], accepted["added_task_ids"]) == ([], [6, 7])
    again = printed(checked, "plan", "generate", "6", "--top", "2", "--accept", "1,3", "--json")
    assert (again["added_task_ids"], again["already_in_plan"]) == ([8], [1, 2]), "never added twice"
    assert seen["task", "show", "8"]["task"]["depends_on"] == [6], "waits for the milestone already in the plan"
    assert [m["earns_level"] is None for m in accepted["milestones"][:3]] == [True, False, True]
    assert [m["after"] for m in accepted["milestones"][:3]] == [[], [1], [1]]
    assert {m["kind"] for m in accepted["milestones"]} >= {"course", "project", "credential"}
    assert [t["id"] for t in seen["goal", "show", "6"]["tasks"]] == [6, 7, 8]
    assert seen["task", "show", "7"]["task"]["depends_on"] == [6]
    everything = printed(checked, "plan", "generate", "7", "--top", "1", "--accept", "all", "--json")
    assert len(everything["added_task_ids"]) == len(everything["milestones"]) == 3

    gap = seen["gap", "--target", "11-2022"]
    assert (gap["rated"], gap["unrated_elements"]) == (True, 0)
    assert 0 < gap["readiness"] < 1
    assert len(gap["elements"]) == len(seen["gap", "--target", "11-2022", "--top", "1", "--all"]["elements"])
    assert {e["evidence"] for e in gap["elements"]} >= {"occupation", "credential", "milestone"}
    assert any(e["gap"] == 0 for e in gap["elements"])
    assert any(e["gap"] > 0 for e in gap["elements"])
    assert len({a["element_id"] for a in gap["activities"]}) == 5  # --top defaults to 5
    assert {a["element_id"] for a in seen["gap", "--target", "11-2022", "--top", "1", "--all"]["activities"]} == {
        gap["elements"][0]["element_id"]
    }
    unrated = seen["gap", "--target", "55-1011"]
    assert (unrated["rated"], unrated["readiness"], unrated["elements"]) == (False, None, [])

    full, empty = seen["occupations", "show", "11-2022"], seen["occupations", "show", "55-1011.00"]
    assert all(full[key] for key in ("job_zone", "ratings", "education", "tasks", "technologies", "wages", "outlook"))
    assert (empty["job_zone"], empty["ratings"], empty["wages"], empty["outlook"]) == (None, [], None, None)
    broader = seen["occupations", "show", "13-1021", "--all"]
    assert (broader["wages"]["broader_group"], broader["outlook"]["broader_group"]) == (True, True)
    assert (full["wages"]["broader_group"], full["outlook"]["broader_group"]) == (False, False)
    assert seen["occupations", "show", "27-2011"]["wages"]["annual"]["median"] is None
    assert seen["occupations", "show", "29-1022"]["outlook"]["median_wage_top_coded"] is True
    routes = seen["paths", "--from", "41-4012", "--to", "11-2022"]
    assert routes["routes"]
    assert routes["direct"]["tier"] is None
    assert routes["related"][0]["tier"] is not None
    assert all(r["largest_gap"] < routes["direct"]["gap"] for r in routes["routes"])
    assert all(r["moves"][-1]["code"] == "11-2022.00" for r in routes["routes"])
    alone = seen["paths", "--from", "41-4012", "--sort", "growth"]
    assert (alone["to"], alone["direct"], alone["routes"]) == (None, None, [])
    assert seen["paths", "--from", "55-1011", "--to", "11-2022"]["direct"]["transferability"] is None
    assert seen["occupations", "match", "I want to become a sales manager"]["matches"][0]["code"] == "11-2022.00"
    assert len(seen["occupations", "match", "sales mgr", "--limit", "1"]["matches"]) == 1
    assert seen["occupations", "match", "xyzzy qwv"]["matches"] == []
    assert len(seen["about",]["attributions"]) == 3


def assert_one_task_per_line(out: str) -> None:
    """`task list --all/--goal --json` is written as it is read: a scripted reader can take it line by line."""
    whole = json.loads(out)
    lines = out.rstrip("\n").split("\n")
    assert lines[0] == '{"kind": "task_list", "version": 1, "tasks": ['
    assert lines[-1] == f'], "total": {whole["total"]}}}'
    tasks = [json.loads(line.strip().removesuffix(",")) for line in lines[1:-1]]
    assert tasks == whole["tasks"]
    assert whole["total"] == len(tasks)


def test_an_empty_record_matches_the_schemas(cli: Cli) -> None:
    """Before any goal, check-in or investment: the empty lists and the nulls."""
    checked = Checked()
    cli.ok("init", "--name", "Alex Kim", "--role", "", "--employer", "", "--values", "")
    status = checked.check(cli, "status", "--json")
    for args in [("profile",), ("goal", "list", "--all"), ("task", "list"), ("checkins",), ("investments",)]:
        checked.check(cli, *args, "--json")
    for args in [("cadence",), ("invest", "report"), ("balance",), ("review",), ("skills", "list")]:
        checked.check(cli, *args, "--json")
    gap = checked.check(cli, "gap", "--target", "11-2022", "--json")
    stream = checked.check(cli, "task", "list", "--all", "--json")
    checked.assert_clean()
    assert_one_task_per_line(checked.printed["task", "list", "--all", "--json"])
    assert status["last_checkin"] is None
    assert status["days_since_checkin"] is None
    assert status["investment"]["monthly_average_hours"] is None
    assert stream["tasks"] == []
    assert stream["total"] == 0
    assert gap["unrated_elements"] == len(gap["elements"]) > 0, "no skills yet: every element counts as level 0"
    assert {(e["your_level"], e["evidence"]) for e in gap["elements"]} == {(None, None)}
    assert gap["readiness"] == 0


def test_the_demo_and_the_documented_checkin_example(cli: Cli) -> None:
    """The demo's richer record validates too, and docs/json.md's check-in document is what the CLI accepts."""
    cli.ok("--db", cli.database_url, "demo")
    checked = Checked()
    list(read_everything(cli, checked))
    examples = checkin_input_examples()
    assert examples, "docs/json.md shows an example check-in document"
    for example in examples:
        assert not errors(example, "checkin-input.schema.json")
        saved = checked.check(cli, "checkin", "--stdin", "--json", stdin=json.dumps(example))
        assert saved["checkin"]["date"] == example.get("date", saved["checkin"]["date"])
        assert len(saved["checkin"]["goals"]) == len(example.get("goals", []))
    checked.assert_clean()


def test_non_finite_numbers_are_refused_so_json_output_stays_json(cli: Cli) -> None:
    """Python reads 'nan' and 'inf' as floats; the CLI refuses them rather than print NaN, which is not JSON."""
    cli.ok("init", "--name", "Alex Kim", "--role", "", "--employer", "", "--values", "")
    goal = ("goal", "add", "Raise my base salary", "--why", "w", "--by", "2028-01-01", "--metric", "salary")
    assert cli(*goal, "--from", "0", "--to", "inf", "--json").code == 2
    assert cli(*goal, "--from", "nan", "--to", "10", "--json").code == 2
    cli.ok(*goal, "--from", "0", "--to", "10")
    assert cli("task", "add", "1", "Read", "--effort", "nan", "--json").code == 2
    assert cli("checkin", "--value", "1=inf").code == 1
    for constant in ("NaN", "Infinity", "-Infinity", "1e400"):
        refused = cli("checkin", "--stdin", "--json", stdin=f'{{"goals": [{{"goal": 1, "value": {constant}}}]}}')
        assert refused.code == 1, constant
        assert "not a finite number" in refused.err
        assert refused.out == ""
    assert json.loads(cli.ok("checkins", "--json"))["checkins"] == []


# The schemas themselves and the examples in docs/json.md: no database needed.


@pytest.mark.parametrize("path", schema_files(), ids=lambda p: p.name)
def test_each_schema_is_a_valid_2020_12_schema_named_for_its_kind(path: Path) -> None:
    schema = load(path.name)
    validator(path.name)  # checks the schema against the draft 2020-12 meta-schema
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == path.name
    kind = path.name.removesuffix(".schema.json")
    if kind in documented_kinds():
        assert schema["properties"]["kind"] == {"const": kind}
        assert schema["properties"]["version"] == {"$ref": "defs.schema.json#/$defs/version"}
        assert schema["required"][:2] == ["kind", "version"]
        assert schema["additionalProperties"] is False


def _open_objects(node: Any, where: str) -> Iterator[str]:
    """Paths of object schemas that list properties but let others through (a new field slipping in unseen)."""
    if isinstance(node, dict):
        closed = node.get("additionalProperties") is False or node.get("unevaluatedProperties") is False
        if "properties" in node and not closed:
            yield where
        for key, value in node.items():
            if key in ("if", "then", "else") or where + "/" + key == "defs.schema.json/$defs/task_fields":
                continue  # conditions only narrow; task_fields is closed where it is used
            yield from _open_objects(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _open_objects(value, f"{where}/{i}")


def test_every_object_in_the_schemas_is_closed() -> None:
    open_objects = [p for path in schema_files() for p in _open_objects(load(path.name), path.name)]
    assert open_objects == []


def test_the_examples_in_json_md_match_their_schemas() -> None:
    blocks = json_blocks()
    kinds = {b["kind"] for b in blocks if isinstance(b, dict) and "kind" in b}
    assert kinds == documented_kinds(), "docs/json.md shows an example of every kind"
    for block in blocks:
        name = schema_for(block["kind"]) if "kind" in block else "checkin-input.schema.json"
        assert errors(block, name) == [], json.dumps(block)[:200]


def test_the_schemas_refuse_what_they_do_not_document() -> None:
    """Strict schemas: an unknown field, a missing one, a wrong null, a bad date or enum value all fail."""
    blocks = [b for b in json_blocks() if isinstance(b, dict)]
    examples = {b["kind"]: b for b in blocks if "kind" in b}
    status = examples["status"]
    assert errors(status, "status.schema.json") == []

    def broken(change: Any) -> list[str]:
        document = copy.deepcopy(status)
        change(document)
        return errors(document, "status.schema.json")

    assert broken(lambda d: d.update(extra=1))
    assert broken(lambda d: d["goals"][0].update(colour="red"))
    assert broken(lambda d: d["next_tasks"]["tasks"][0].pop("overdue"))
    assert broken(lambda d: d["goals"][0].update(title=None))
    assert broken(lambda d: d["goals"][0].update(status="done"))
    assert broken(lambda d: d["goals"][0].update(target_date="31/12/2028"))
    assert broken(lambda d: d["goals"][0].update(target_date="2028-13-45"))
    assert broken(lambda d: d["goals"][0]["progress"].update(raw=None))  # a numeric goal's raw is a number
    assert broken(lambda d: d["goals"][0]["measure"].pop("current"))
    assert broken(lambda d: d.update(version=2))
    assert broken(lambda d: d.update(kind="goal"))

    shown, added = (
        next(b for b in blocks if b.get("kind") == "goal" and ("children" in b) is with_plan)
        for with_plan in (True, False)
    )
    assert errors(shown, "goal.schema.json") == errors(added, "goal.schema.json") == []
    assert errors({k: v for k, v in shown.items() if k != "tasks"}, "goal.schema.json"), "all five or none"
    assert errors({k: v for k, v in shown.items() if k != "wage_position"}, "goal.schema.json"), "all five or none"
    paid = next(b for b in blocks if b.get("kind") == "goal" and b.get("wage_position"))
    assert errors(paid, "goal.schema.json") == []
    assert errors({**paid, "target_occupation": None}, "goal.schema.json"), "a wage position needs an occupation"
    assert errors({**shown, "wage_position": paid["wage_position"]}, "goal.schema.json"), "only a financial goal"
    assert errors({**paid, "target_occupation": {"code": "11-2022", "title": "Sales Managers"}}, "goal.schema.json")

    found, failed = (b for b in blocks if b.get("kind") == "occupation_matches")
    assert errors({**failed, "matches": found["matches"]}, "occupation_matches.schema.json"), "an error matches nothing"
    gap = copy.deepcopy(examples["gap"])
    assert errors({**gap, "rated": False}, "gap.schema.json"), "unrated: no readiness, no elements"
    gap["elements"][0]["evidence"] = None
    assert errors(gap, "gap.schema.json"), "a level comes with its evidence"
    paths = examples["paths"]
    assert errors({**paths, "to": None}, "paths.schema.json"), "no --to, no direct move"
    short = {"largest_gap": 0.4, "moves": paths["routes"][0]["moves"][:1]}
    assert errors({**paths, "routes": [short]}, "paths.schema.json"), "a route has two or three moves"
    occupation = copy.deepcopy(examples["occupation"])
    occupation["outlook"].pop("broader_group")
    assert errors(occupation, "occupation.schema.json")

    plan = copy.deepcopy(examples["plan"])
    plan["tasks"][0]["colour"] = "red"
    assert errors(plan, "plan.schema.json"), "a plan row is closed like a task"
    revision = copy.deepcopy(examples["history"])
    revision["revisions"][0]["at"] = "2026-07-07T19:30:00"  # no UTC offset
    assert errors(revision, "history.schema.json")

    checkin = checkin_input_examples()[0]
    assert errors({**checkin, "mood": 3}, "checkin-input.schema.json")
    assert errors({**checkin, "ratings": {"happiness": 5}}, "checkin-input.schema.json")
    assert errors({**checkin, "goals": [{"value": 3}]}, "checkin-input.schema.json")
    assert errors({**checkin, "goals": [{"goal": 1, "confidence": 6}]}, "checkin-input.schema.json")


def test_the_schema_folder_holds_only_schemas() -> None:
    assert sorted(p.name for p in SCHEMAS.iterdir()) == sorted(p.name for p in schema_files())
