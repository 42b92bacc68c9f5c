"""`headway`: parse the command line, run one command, and turn errors into clear messages."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from headway import __version__
from headway.domain.errors import HeadwayError, NotInitialised
from headway.entrypoints.cli.settings import Settings

if TYPE_CHECKING:
    from headway.adapters.db import SqlUnitOfWork
    from headway.adapters.occupations.store import OccupationStore

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class Context:
    """What a command needs: the settings, and the database opened on first use."""

    def __init__(self, settings: Settings, *, creating: bool = False) -> None:
        self.settings = settings
        self.creating = creating

    @cached_property
    def uow(self) -> SqlUnitOfWork:
        from headway.adapters.db import SqlUnitOfWork, open_database
        from headway.adapters.db.connection import sqlite_path

        path = sqlite_path(self.settings.database_url)
        if path is not None and not self.creating and not path.exists():
            raise NotInitialised(
                f"There is no Headway database at {path} yet.",
                hint="Run `headway init` to start your career record, or `headway demo` to explore an example.",
            )
        return SqlUnitOfWork(open_database(self.settings.database_url))

    @cached_property
    def catalog(self) -> OccupationStore:
        """The occupation data: the user's rebuilt copy (`data import-onet`) if there is one, else the bundled one."""
        from headway.adapters.occupations.store import OccupationStore, dataset_path
        from headway.entrypoints.cli.settings import data_dir

        home = data_dir()
        return OccupationStore(dataset_path(home), cache_dir=home / "cache")

    @property
    def today(self) -> date:
        return self.settings.today

    @property
    def now(self) -> datetime:
        return self.settings.now


Handler = Callable[[argparse.Namespace, Context], int]


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; with `only`, one with that command alone (the whole one if there is no such command).

    Each subcommand costs argparse a few dozen objects and translation look-ups, and a run needs just one.
    """
    from headway.entrypoints.cli import (
        commands_data,
        commands_forecast,
        commands_goal,
        commands_occupations,
        commands_record,
        commands_review,
        commands_schedule,
        commands_serve,
        commands_task,
        commands_tracking,
    )

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        metavar="PATH_OR_URL",
        help="database file or postgresql:// URL (default: HEADWAY_DATABASE_URL, else your user data folder)",
    )
    common.add_argument("--demo", action="store_true", default=argparse.SUPPRESS, help="use the demo database")
    common.add_argument(
        "--server",
        default=argparse.SUPPRESS,
        metavar="URL",
        help="work against a Headway server's API instead of a database (a token in HEADWAY_TOKEN)",
    )
    parser = argparse.ArgumentParser(
        prog="headway",
        description="Headway: career management you own. Goals with a why, a plan, regular check-ins, "
        "and every course correction kept with its reason.",
        epilog="Start with `headway init`, or `headway demo` to see a full example. Dates are YYYY-MM-DD or "
        "phrases such as 'in 6 weeks'.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"headway {__version__}")
    commands: Any = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    if only is not None:
        commands = _OnlyCommand(commands, only)
    for module in (
        commands_record,
        commands_goal,
        commands_task,
        commands_data,
        commands_tracking,
        commands_schedule,
        commands_forecast,
        commands_review,
        commands_occupations,
        commands_serve,
    ):
        module.register(commands, common)
    if isinstance(commands, _OnlyCommand) and not commands.found:
        return build_parser()
    return parser


class _OnlyCommand:
    """Stands in for the subparsers while registering: adds the one command asked for and skips the rest."""

    def __init__(self, commands: Any, name: str) -> None:
        self.commands, self.name, self.found = commands, name, False

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        if name != self.name:
            return _Skipped()
        self.found = True
        return self.commands.add_parser(name, **kwargs)


class _Skipped:
    """A command not being run: every call to build it is accepted and ignored."""

    def __getattr__(self, _name: str) -> Callable[..., _Skipped]:
        return lambda *_args, **_kwargs: self


def command_word(argv: Sequence[str]) -> str | None:
    """The command, when only --db, --server and --demo come before it; otherwise None (the whole parser decides)."""
    words = iter(argv)
    for word in words:
        if word in ("--db", "--server"):
            next(words, None)
        elif word != "--demo" and not word.startswith(("--db=", "--server=")):
            return None if word.startswith("-") else word
    return None


def plain_status(words: Sequence[str]) -> argparse.Namespace | None:
    """`headway status` (or `status --json`) as the parser reads it, without building the parser; else None.

    The dashboard is the command run most, and building even its one-command parser costs argparse several
    milliseconds (help formatters, translation look-ups, the other command modules). Anything else, an option
    or `--help` included, goes to the parser; a test checks this namespace equals the parser's.
    """
    if list(words) not in (["status"], ["status", "--json"]):
        return None
    from headway.entrypoints.cli.commands_record import cmd_status

    return argparse.Namespace(command="status", json=len(words) == 2, handler=cmd_status)


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    args = plain_status(words) or build_parser(only=command_word(words)).parse_args(words)
    handler: Handler = args.handler
    try:
        server = getattr(args, "server", None)
        if server is not None:
            import os

            from headway.entrypoints.cli import remote

            return remote.run(args, server, os.environ.get(remote.TOKEN_ENV))
        settings = Settings.load(getattr(args, "db", None), demo=getattr(args, "demo", False))
        context = Context(settings, creating=getattr(args, "creates_database", False))
        return handler(args, context)
    except HeadwayError as error:
        print(f"headway: {error.message}", file=sys.stderr)
        if error.hint:
            print(error.hint, file=sys.stderr)
        return EXIT_ERROR
    except (KeyboardInterrupt, EOFError):
        print("\nheadway: stopped; nothing was saved.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `headway task list --all | head`: the reader left, which is fine
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:
        if type(error).__module__.split(".")[0] not in ("sqlite3", "psycopg"):
            raise
        # The database itself failed (locked past the timeout, connection lost): the transaction was rolled back.
        print(f"headway: the database reported an error, and nothing was saved: {error}".rstrip(), file=sys.stderr)
        return EXIT_ERROR


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
