"""docs/cli.md and docs/json.md cover what the code has: every command and option, every kind and schema.

The parser is walked as argparse builds it, and the source is read for the kinds it prints, so a command,
option, environment variable or --json shape added without its documentation fails here.
"""

from __future__ import annotations

import argparse
import re
from functools import cache

import pytest

from headway.entrypoints.cli.main import build_parser
from tests.docs.schemas import CLI_SOURCE, DOCS, documented_kinds, schema_files

Command = tuple[str, ...]
COMMON = {"--db", "--demo", "--server"}  # on every command; documented once, under Global options
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def walk(parser: argparse.ArgumentParser, path: Command = ()) -> list[tuple[Command, argparse.ArgumentParser]]:
    """Every command and subcommand under `parser`, depth first, as (("goal", "add"), its parser)."""
    found: list[tuple[Command, argparse.ArgumentParser]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append(((*path, name), sub))
                found.extend(walk(sub, (*path, name)))
    return found


COMMANDS = walk(build_parser())


def long_options(parser: argparse.ArgumentParser) -> set[str]:
    return {o for a in parser._actions for o in a.option_strings if o.startswith("--") and o != "--help"}


def positionals(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions if not a.option_strings and not isinstance(a, argparse._SubParsersAction)]


def text(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


@cache
def sections(name: str) -> dict[str, str]:
    """Each heading of a Markdown file (without its #s) and the text up to the next heading."""
    parts = re.split(r"^#{1,6} (.+)$", text(name), flags=re.MULTILINE)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


def section(command: Command) -> str:
    heading = "headway " + " ".join(command)
    found = sections("cli.md").get(heading)
    assert found is not None, f"docs/cli.md has no '### {heading}' section"
    return found


def mentions(body: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", body) is not None


def test_the_parser_has_the_commands_this_test_expects() -> None:
    names = {" ".join(c) for c, _ in COMMANDS}
    assert {"init", "status", "checkin", "goal", "goal add", "task", "task list", "task done"} <= names


@pytest.mark.parametrize(("command", "parser"), COMMANDS, ids=[" ".join(c) for c, _ in COMMANDS])
def test_every_command_is_documented_with_each_of_its_options(
    command: Command, parser: argparse.ArgumentParser
) -> None:
    body = section(command)
    assert "```console\n$ headway " in body, f"docs/cli.md, headway {' '.join(command)}: an example"
    missing = [o for o in sorted(long_options(parser) - COMMON) if not mentions(body, o)]
    assert not missing, f"docs/cli.md, headway {' '.join(command)}: options not described: {missing}"
    for action in positionals(parser):
        name = action.metavar if isinstance(action.metavar, str) else action.dest
        if action.choices:
            absent = [str(c) for c in action.choices if not mentions(body, str(c))]
            assert not absent, f"headway {' '.join(command)}: {name} values not described: {absent}"
        else:
            assert mentions(body, name), f"headway {' '.join(command)}: argument {name} not described"
    stale = sorted(set(OPTION.findall(body)) - long_options(parser) - COMMON - {"--version", "--help"})
    assert not stale, f"docs/cli.md, headway {' '.join(command)}: options the command does not have: {stale}"


def test_every_documented_command_exists() -> None:
    documented = {h for h in sections("cli.md") if h.startswith("headway ")}
    assert documented == {"headway " + " ".join(c) for c, _ in COMMANDS}


def test_the_global_options_are_documented() -> None:
    body = sections("cli.md")["Global options"]
    for option in [*sorted(long_options(build_parser())), "--help", "-h"]:
        assert mentions(body, option), option
    for _, parser in COMMANDS:
        assert long_options(parser) >= COMMON, "every command takes the common options"


def test_every_environment_variable_the_code_reads_is_documented() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in (CLI_SOURCE.parents[1]).rglob("*.py"))
    read = set(re.findall(r"environ(?:\.get)?[\[(]\s*\"(HEADWAY_[A-Z_]+)\"", source))
    assert read >= {"HEADWAY_DATABASE_URL", "HEADWAY_HOME", "HEADWAY_TODAY"}
    body = sections("cli.md")["Environment variables"]
    assert [v for v in sorted(read) if not mentions(body, v)] == []


def test_the_exit_codes_are_documented() -> None:
    body = sections("cli.md")["Exit codes"]
    documented = {int(code) for code in re.findall(r"^\| `(\d+)` \|", body, flags=re.MULTILINE)}
    returned = {int(c) for c in re.findall(r"return (\d+)\b", (CLI_SOURCE / "main.py").read_text(encoding="utf-8"))}
    assert documented == {0, 1, 2, 130}
    assert returned <= documented


def emitted_kinds() -> dict[str, set[str]]:
    """The kinds the CLI source prints, by file: emit("kind", ...) and the streamed '{"kind": "...", ...'."""
    kinds: dict[str, set[str]] = {}
    for path in sorted(CLI_SOURCE.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        calls = re.findall(r"(?<!def )\bemit\(\s*(\S)", source)
        assert all(c == '"' for c in calls), f"{path.name}: every emit(...) names its kind as a literal"
        found = set(re.findall(r"\bemit\(\s*\"(\w+)\"", source)) | set(re.findall(r"\"kind\": \"(\w+)\"", source))
        if found:
            kinds[path.name] = found
    return kinds


def test_every_kind_the_cli_prints_has_a_schema_and_no_schema_is_stale() -> None:
    kinds = emitted_kinds()
    assert "task_list" in kinds["commands_task.py"], "the streamed task list is found"
    printed = set().union(*kinds.values())
    assert printed - documented_kinds() == set(), "kinds printed without docs/json/<kind>.schema.json"
    assert documented_kinds() - printed == set(), "schemas for kinds the CLI no longer prints"


def test_json_md_covers_every_schema_kind_and_json_command() -> None:
    body = text("json.md")
    unreferenced = [p.name for p in schema_files() if f"(json/{p.name})" not in body]
    assert unreferenced == [], "schema files docs/json.md does not link to"
    table = sections("json.md")["Commands, kinds and schemas"]
    for kind in sorted(documented_kinds()):
        assert f"`{kind}`" in table, kind
        assert kind in sections("json.md"), f"docs/json.md has no '### {kind}' section"
    with_json = [c for c, p in COMMANDS if "--json" in long_options(p)]
    assert len(with_json) >= 12
    missing = [" ".join(c) for c in with_json if f"`headway {' '.join(c)} " not in table]
    assert missing == [], "commands with --json missing from docs/json.md's table"


def test_cli_md_names_the_kind_of_each_json_option() -> None:
    """Each command's --json row in docs/cli.md says which kind it prints, and it is a documented kind."""
    for command, parser in COMMANDS:
        if "--json" not in long_options(parser):
            continue
        row = next(line for line in section(command).splitlines() if line.startswith("| `--json`"))
        kinds = re.findall(r"kind `(\w+)`", row)
        assert len(kinds) == 1, row
        assert kinds[0] in documented_kinds(), row
