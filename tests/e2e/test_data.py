"""Export, import and delete as a user types them: the record moves whole, and delete means delete."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli
from tests.e2e.helpers import NAME, seed_career


def test_export_then_import_elsewhere_gives_back_the_same_record(cli: Cli, tmp_path: Path) -> None:
    seed_career(cli)
    cli.ok("goal", "edit", "1", "--by", "2029-12-31", "--reason", "Reorganisation")
    target = tmp_path / "career.json"
    assert f"Exported {NAME}'s record (3 goals, 3 tasks" in cli.ok("export", "--output", str(target))
    elsewhere = Cli(database_url=str(tmp_path / "elsewhere.sqlite3"), home=tmp_path / "home2")
    assert "Imported" in elsewhere.ok("import", str(target))
    original, copied = json.loads(cli.ok("export")), json.loads(elsewhere.ok("export"))
    original.pop("exported_at")
    copied.pop("exported_at")
    assert copied == original
    assert "Reorganisation" in elsewhere.ok("history", "1")

    again = elsewhere("import", str(target))
    assert again.code == 1
    assert "already holds" in again.err


def test_a_broken_export_is_refused_and_imports_nothing(cli: Cli, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "headway-export", "version": 1, "profile": ', encoding="utf-8")
    result = cli("import", str(broken))
    assert result.code == 1
    assert "is not JSON" in result.err
    missing = cli("import", str(tmp_path / "nowhere.json"))
    assert missing.code == 1
    assert "Cannot read" in missing.err
    assert "no Headway profile" in cli("status").err or "no Headway database" in cli("status").err


def test_delete_asks_for_yes_then_leaves_nothing(cli: Cli) -> None:
    seed_career(cli)
    refused = cli("delete", "--everything")
    assert refused.code == 1
    assert "--yes" in refused.err
    assert "Lead a regional sales team" in cli.ok("goal", "list")

    assert "Deleted goal 'Lead a regional sales team'" in cli.ok("delete", "--goal", "3", "--yes")
    assert "Lead a regional sales team" not in cli.ok("goal", "list", "--all")
    assert f"Deleted {NAME}'s career record" in cli.ok("delete", "--everything", "--yes")
    after = cli("status")
    assert after.code == 1
    assert "headway init" in after.err
