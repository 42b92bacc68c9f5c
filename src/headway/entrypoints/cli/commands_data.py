"""`headway export|import|delete`: the person's data, whole, in and out; and delete means delete."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from headway.domain.errors import ValidationError
from headway.entrypoints.cli.options import subcommand

if TYPE_CHECKING:
    from headway.entrypoints.cli.main import Context


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    export = subcommand(commands, common, "export", "write your whole career record as one JSON file")
    export.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    export.set_defaults(handler=cmd_export)

    load = subcommand(commands, common, "import", "load an export into an empty database (all of it or nothing)")
    load.add_argument("file", metavar="FILE", help="an export written by `headway export`, or - for standard input")
    load.set_defaults(handler=cmd_import, creates_database=True)

    delete = subcommand(commands, common, "delete", "delete one goal, or your whole record, for good")
    what = delete.add_mutually_exclusive_group(required=True)
    what.add_argument("--goal", metavar="GOAL", help="a goal with its plan, check-in entries and history")
    what.add_argument("--everything", action="store_true", help="your profile and every record in this database")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    delete.set_defaults(handler=cmd_delete)


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    import json
    from pathlib import Path

    from headway.services.data import export_record

    document = export_record(ctx.uow, now=ctx.now)
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        counts = ", ".join(f"{len(document[k])} {k}" for k in ("goals", "tasks", "checkins", "investments"))
        print(f"Exported {document['profile']['name']}'s record ({counts}) to {args.output}.")
    else:
        sys.stdout.write(text)
    return 0


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    import json
    from pathlib import Path

    from headway.services.data import import_record

    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except OSError as exc:
        raise ValidationError(f"Cannot read {args.file}: {exc.strerror}.") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"{args.file} is not JSON ({exc}); nothing was imported.") from None
    import_record(ctx.uow, document)
    goals = len(document.get("goals", []))
    print(f"Imported {document['profile']['name']}'s record: {goals} goal(s) and everything with them.")
    return 0


def cmd_delete(args: argparse.Namespace, ctx: Context) -> int:
    from headway.services.data import delete_everything, delete_goal

    what = f"goal {args.goal} with its plan and history" if args.goal else "your whole career record"
    if not args.yes:
        if not sys.stdin.isatty():
            raise ValidationError(f"Deleting {what} cannot be undone.", hint="Add --yes to confirm.")
        if input(f"Delete {what}? This cannot be undone. Type 'delete' to confirm: ").strip() != "delete":
            print("Nothing was deleted.")
            return 1
    if args.goal:
        title, orphans = delete_goal(ctx.uow, args.goal)
        moved = f"; its {orphans} sub-goal(s) are now top-level goals" if orphans else ""
        print(f"Deleted goal '{title}' with its plan and history{moved}.")
    else:
        name = delete_everything(ctx.uow)
        print(f"Deleted {name}'s career record. Nothing of it is left in {ctx.settings.database_url}.")
    return 0
