"""`headway status` as a user runs it: the stored forecasts give the dashboard the first run showed, and the
plain invocation that skips building the parser reads the command line exactly as the parser does."""

from __future__ import annotations

import subprocess
import sys

import pytest

from headway.entrypoints.cli.main import build_parser, plain_status
from tests.conftest import Cli


def test_the_dashboard_reads_the_same_from_the_cache_and_as_json(cli: Cli) -> None:
    shown = cli.ok("demo")  # builds the example, then shows its dashboard, computing every forecast
    first = cli.ok("--demo", "status")
    assert shown.startswith(first)  # the demo's own lines follow the dashboard
    assert cli.ok("--demo", "status") == first  # every forecast from the cache now
    assert cli.ok("--demo", "status", "--json") == cli.ok("--demo", "status", "--json")


@pytest.mark.parametrize("argv", [["status"], ["status", "--json"]])
def test_a_plain_status_is_read_as_the_parser_reads_it(argv: list[str]) -> None:
    fast = plain_status(argv)
    assert fast is not None
    assert vars(fast) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv", [["status", "--help"], ["--demo", "status"], ["status", "--jsn"], ["status", "-h"], ["task", "list"], []]
)
def test_anything_else_goes_to_the_parser(argv: list[str]) -> None:
    assert plain_status(argv) is None


def test_the_dashboard_starts_without_what_it_does_not_show(cli: Cli) -> None:
    """Each module (and the frozen dataclasses in it) is start-up time: the dashboard loads none of these."""
    cli.ok("demo")
    show = (
        "import sys; from headway.entrypoints.cli.main import main; main(['status']); "
        "print('LOADED', *sorted(m for m in sys.modules if m.startswith('headway.')))"
    )
    env = {**cli.env(), "HEADWAY_DATABASE_URL": str(cli.home / "demo.sqlite3")}
    for _ in range(2):  # computing every forecast, then all of them from the cache
        done = subprocess.run([sys.executable, "-c", show], env=env, capture_output=True, text=True, check=True)
    loaded = set(done.stdout.split("LOADED")[-1].split())
    assert "headway.services.status" in loaded
    unused = {
        "headway.adapters.db.archive",
        "headway.adapters.db.skills",
        "headway.domain.entries",
        "headway.domain.forecast",
        "headway.domain.ledger",
        "headway.domain.schedule",
        "headway.domain.skills",
        "headway.entrypoints.cli.jsonout",
        "headway.services.forecast",
    }
    assert loaded & unused == set()


def test_check_ins_investments_and_baselines_come_from_the_record_as_before() -> None:
    from headway.domain import entries, records

    for name in records.ENTRIES:
        assert getattr(records, name) is getattr(entries, name)
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        records.Nothing  # noqa: B018 the attribute access is the test
