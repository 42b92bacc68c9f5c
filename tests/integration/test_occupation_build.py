"""Building the occupation dataset: the committed file is what the sources give, and `headway data import-onet`
replaces it only with a release it can read whole.

The raw sources are ../shared/data beside the checkout; without them these tests skip and say why, except on
CI (the CI variable set), where they must fail rather than pass unnoticed. Each build takes about two seconds.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from headway.adapters.occupations.build import BLS_META, build, read_oews, read_projections
from headway.adapters.occupations.store import OVERRIDE_NAME, bundled_path
from tests.conftest import Cli

DATA = Path(__file__).parents[2].parent / "shared" / "data"
ONET = DATA / "onet-29.2"
OEWS = DATA / "bls" / "oews_2025_national_all_industries.csv"
PROJECTIONS = DATA / "bls" / "table_1_2_occupational_projections_2024-34.csv"


@pytest.fixture(autouse=True)
def raw_data() -> None:
    """Skip (or, on CI, fail) when the raw sources are not beside the checkout."""
    missing = [p for p in (ONET / "Occupation Data.tsv", ONET / "Skills.tsv", OEWS, PROJECTIONS) if not p.is_file()]
    if not missing:
        return
    reason = f"the raw O*NET/BLS files are not at {DATA} (missing {missing[0].name})"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; on CI these tests must run, not skip.", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """The command on SQLite only: import-onet and about read the occupation data, never the career database,
    so running them on PostgreSQL as well would only repeat the same two-second builds."""
    return Cli(database_url=str(tmp_path / "headway.sqlite3"), home=tmp_path / "home")


def contents(path: Path) -> dict[str, Any]:
    """Every table's schema and rows (in a fixed order), to compare two datasets."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        schema = db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        tables = [name for kind, name, _ in schema if kind == "table"]
        rows = {table: sorted(db.execute(f"SELECT * FROM {table}").fetchall(), key=repr) for table in tables}
    finally:
        db.close()
    return {"schema": schema, **rows}


def release(tmp_path: Path, suffix: str = ".txt", version: str = "29.2") -> Path:
    """A copy of the O*NET text release as O*NET ships it (.txt files), its 'Read Me.txt' naming `version`."""
    folder = tmp_path / "db_text"
    folder.mkdir()
    for source in ONET.glob("*.tsv"):
        shutil.copyfile(source, folder / f"{source.stem}{suffix}")
    readme = (ONET / "Read Me.txt").read_text(encoding="utf-8")
    (folder / "Read Me.txt").write_text(readme.replace("O*NET 29.2", f"O*NET {version}"), encoding="utf-8")
    return folder


def drop_column(path: Path, column: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    index = lines[0].split("\t").index(column)
    kept = ["\t".join(cell for i, cell in enumerate(line.split("\t")) if i != index) for line in lines]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")


def occupation_files(home: Path) -> list[str]:
    """The dataset and any half-written temporary copy (.occupations-*.sqlite) in the user's data folder."""
    return sorted(p.name for p in home.iterdir() if "occupations" in p.name) if home.is_dir() else []


def test_rebuilding_from_the_sources_gives_the_committed_dataset(tmp_path: Path) -> None:
    out = tmp_path / "occupations.sqlite"
    counts = build(ONET, out, wages=read_oews(OEWS), projections=read_projections(PROJECTIONS), bls_meta=BLS_META)
    assert (counts["occupation"], counts["wage"], counts["projection"]) == (1016, 1104, 832)
    rebuilt, committed = contents(out), contents(bundled_path())
    assert list(rebuilt) == list(committed)
    for table in committed:
        assert rebuilt[table] == committed[table], (
            f"{table}: the committed dataset differs from a rebuild ({len(committed[table])} rows committed, "
            f"{len(rebuilt[table])} rebuilt); run scripts/build_occupations.py and commit the result"
        )


def test_a_release_with_a_renamed_table_is_refused_naming_the_file_it_needs(cli: Cli, tmp_path: Path) -> None:
    folder = release(tmp_path, ".tsv")
    (folder / "Skills.tsv").rename(folder / "Skills 30.txt")  # as O*NET 30.x renames tables
    result = cli("data", "import-onet", str(folder))
    assert result.code == 1, result.err
    assert f"{folder} has no 'Skills.txt' (or .tsv), which Headway needs." in result.err
    assert "Skills 30.txt" in result.err  # what it found instead, so the user sees the rename
    assert "The current data is kept." in result.err
    assert "Traceback" not in result.err
    assert occupation_files(cli.home) == []  # no dataset written, no temporary file left
    assert "O*NET 29.2" in cli.ok("about")  # still the bundled data

    not_a_folder = cli("data", "import-onet", str(tmp_path / "nowhere"))
    assert not_a_folder.code == 1
    assert "is not a folder" in not_a_folder.err


def test_a_release_missing_a_column_is_refused_and_the_current_data_kept(cli: Cli, tmp_path: Path) -> None:
    cli.home.mkdir()
    shutil.copyfile(bundled_path(), cli.home / OVERRIDE_NAME)  # a dataset the user imported before
    before = (cli.home / OVERRIDE_NAME).read_bytes()
    folder = release(tmp_path)
    drop_column(folder / "Technology Skills.txt", "Hot Technology")  # read late: the other tables were fine
    result = cli("data", "import-onet", str(folder))
    assert result.code == 1, result.err
    assert "Technology Skills.txt lacks the column(s) 'Hot Technology'." in result.err
    assert "The current occupation data is kept." in result.err
    assert "Traceback" not in result.err
    assert (cli.home / OVERRIDE_NAME).read_bytes() == before
    assert occupation_files(cli.home) == [OVERRIDE_NAME]
    assert "11-2022.00 Sales Managers" in cli.ok("occupations", "show", "11-2022")


def test_a_good_release_replaces_the_data_and_a_broken_one_then_changes_nothing(cli: Cli, tmp_path: Path) -> None:
    # A newer release with the same tables: the 29.2 files as O*NET ships them (.txt), its Read Me saying 29.3,
    # so what `about` reports can only come from the imported copy.
    good = release(tmp_path, version="29.3")
    out = cli.ok("data", "import-onet", str(good))
    assert f"Rebuilt the occupation data from O*NET 29.3 in {cli.home / OVERRIDE_NAME}:" in out
    assert "1,016 occupations" in out
    assert "BLS wages and projections kept" in out

    about = cli.ok("about")
    assert "Occupation data: O*NET 29.3, BLS OEWS May 2025, BLS Employment Projections 2024\u201334." in about
    assert "information from the O*NET 29.3 Database" in about
    document = json.loads(cli.ok("about", "--json"))
    assert (document["onet_version"], document["oews_release"]) == ("29.3", "May 2025")

    imported, bundled = contents(cli.home / OVERRIDE_NAME), contents(bundled_path())
    assert {k: v for k, v in imported.items() if k != "meta"} == {k: v for k, v in bundled.items() if k != "meta"}
    changed = sorted(set(imported["meta"]) ^ set(bundled["meta"]))
    assert [key for key, _ in changed] == ["onet_attribution", "onet_attribution", "onet_version", "onet_version"]

    before = (cli.home / OVERRIDE_NAME).read_bytes()
    broken = tmp_path / "broken"
    good.rename(broken)
    (broken / "Skills.txt").rename(broken / "Skills 30.txt")
    result = cli("data", "import-onet", str(broken))
    assert result.code == 1
    assert "has no 'Skills.txt' (or .tsv)" in result.err
    assert (cli.home / OVERRIDE_NAME).read_bytes() == before
    assert occupation_files(cli.home) == [OVERRIDE_NAME]
    assert "O*NET 29.3" in cli.ok("about")


def keep_rows(path: Path, keep: Any) -> None:
    """Rewrite a table keeping its header and the rows for which `keep(cells)` is true."""
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    kept = [row for row in rows if keep(row.split("\t"))]
    path.write_text("\n".join([header, *kept]) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("table", "keep", "message"),
    [
        ("Skills.txt", lambda cells: False, "Skills.txt has 0 complete ratings"),
        ("Knowledge.txt", lambda cells: cells[4] != "LV", "with an importance (IM) or level (LV) row missing"),
        ("Task Statements.txt", lambda cells: False, "gave no rows for: task"),
    ],
)
def test_a_release_cut_short_is_refused_not_half_imported(
    cli: Cli, tmp_path: Path, table: str, keep: Any, message: str
) -> None:
    folder = release(tmp_path)
    keep_rows(folder / table, keep)
    result = cli("data", "import-onet", str(folder))
    assert result.code == 1, result.out
    assert message in result.err
    assert "the current occupation data is kept" in result.err.lower()
    assert occupation_files(cli.home) == []


def test_a_damaged_earlier_import_can_be_replaced_and_says_how_to_go_back(cli: Cli, tmp_path: Path) -> None:
    cli.home.mkdir()
    (cli.home / OVERRIDE_NAME).write_text("not a database", encoding="utf-8")
    refused = cli("about")
    assert refused.code == 1
    assert f"delete {cli.home / OVERRIDE_NAME} to go back to the bundled data" in refused.err
    assert cli("data", "import-onet", str(release(tmp_path))).code == 0  # the BLS tables come from the bundled copy
    assert "O*NET 29.2" in cli.ok("about")


def test_a_damaged_line_is_named_with_its_file_and_line(cli: Cli, tmp_path: Path) -> None:
    folder = release(tmp_path)
    with (folder / "Occupation Data.txt").open("a", encoding="utf-8") as handle:
        handle.write("99-9999.00\tOnly two columns\n")
    result = cli("data", "import-onet", str(folder))
    assert result.code == 1
    assert "Occupation Data.txt, line 1018: expected 3 tab-separated columns." in result.err
