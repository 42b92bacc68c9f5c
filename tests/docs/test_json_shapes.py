"""Every --json document the CLI prints matches its schema in docs/json/, on SQLite and on PostgreSQL.

A small but complete record is built through the CLI (goals numeric and by milestones, a sub-goal, tasks
with dependencies, done and dropped tasks, a baseline, check-ins, investments, edits with reasons), then every
read command runs with --json and its output is validated with jsonschema, formats checked. The demo and the
examples in docs/json.md are validated too, and the check-in example is fed to `headway checkin --stdin`.
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
"""


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


def test_every_json_output_of_a_full_record_matches_its_schema(cli: Cli) -> None:
    assert errors(CHECKIN, "checkin-input.schema.json") == []
    checked = Checked()
    build_record(cli, checked)
    seen = dict(read_everything(cli, checked))
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
    assert [t["id"] for t in json.loads(streamed)["tasks"]] == [1, 2, 3, 5, 4]  # by goal, by due date, undated last
    for out in (streamed, checked.printed["task", "list", "--goal", "1", "--json"]):
        assert_one_task_per_line(out)


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
    for args in [("cadence",), ("invest", "report"), ("balance",), ("review",)]:
        checked.check(cli, *args, "--json")
    stream = checked.check(cli, "task", "list", "--all", "--json")
    checked.assert_clean()
    assert_one_task_per_line(checked.printed["task", "list", "--all", "--json"])
    assert status["last_checkin"] is None
    assert status["days_since_checkin"] is None
    assert status["investment"]["monthly_average_hours"] is None
    assert stream["tasks"] == []
    assert stream["total"] == 0


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
    assert errors({k: v for k, v in shown.items() if k != "tasks"}, "goal.schema.json"), "all three or none"

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
