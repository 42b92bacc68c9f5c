"""Migrations build the same schema on both databases, once, and record what they applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from headway.adapters.db import open_database
from headway.adapters.db.connection import Database
from headway.adapters.db.migrations import available, current_version, migrate


def columns(db: Database) -> dict[str, list[str]]:
    if db.dialect.name == "sqlite":
        # sqlite_sequence is SQLite's own (the AUTOINCREMENT counters), not a Headway table
        query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        tables = [r["name"] for r in db.all(query)]
        return {t: sorted(r["name"] for r in db.all(f"PRAGMA table_info({t})")) for t in tables}
    rows = db.all(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()"
    )
    found: dict[str, list[str]] = {}
    for row in rows:
        found.setdefault(row["table_name"], []).append(row["column_name"])
    return {t: sorted(c) for t, c in found.items()}


EXPECTED_TABLES = {
    "schema_migrations",
    "people",
    "goals",
    "tasks",
    "task_dependencies",
    "checkins",
    "checkin_entries",
    "investments",
    "revisions",
    "baselines",
    "baseline_items",
    "reviews",
    "review_answers",
    "forecast_cache",
    "forecast_cache_readings",
    "plan_cache",
    "habits_cache",
    "skill_levels",
    "goal_occupations",
    "gap_milestones",
    "accounts",
    "sessions",
    "api_tokens",
    "sign_in_links",
    "invitations",
    "rate_limits",
    "audit_log",
    "status_summaries",
    "checkin_drafts",
    "scheduled_runs",
}


def test_a_new_database_gets_every_table_and_its_version(database_url: str) -> None:
    db = open_database(database_url)
    assert set(columns(db)) == EXPECTED_TABLES
    assert current_version(db) == available()[-1][0]
    assert "target_date" in columns(db)["goals"]


def test_migrating_again_applies_nothing(database_url: str) -> None:
    open_database(database_url).close()
    db = open_database(database_url, migrate=False)
    assert migrate(db) == []
    rows = db.all("SELECT version FROM schema_migrations")
    assert [r["version"] for r in rows] == [v for v, _, _ in available()]


def test_sqlite_and_postgres_schemas_match(database_url: str, tmp_path_factory: object) -> None:
    """Both dialects end with the same tables and columns (compared against the SQLite reference)."""
    import tempfile
    from pathlib import Path

    db = open_database(database_url)
    with tempfile.TemporaryDirectory() as folder:
        reference = open_database(str(Path(folder) / "reference.sqlite3"))
        assert columns(db) == columns(reference)
        reference.close()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: object) -> None:
    from pathlib import Path

    db = open_database(str(Path(str(tmp_path)) / "wal.sqlite3"))
    assert db.one("PRAGMA journal_mode")["journal_mode"] == "wal"  # type: ignore[index]
    assert db.one("PRAGMA foreign_keys")["foreign_keys"] == 1  # type: ignore[index]


def test_another_applications_database_is_left_alone(database_url: str) -> None:
    import pytest

    from headway.adapters.db.connection import DatabaseError

    other = open_database(database_url, migrate=False)
    other.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)")
    with pytest.raises(DatabaseError, match="not Headway's \\(invoices\\)"):
        migrate(other)
    assert set(columns(other)) == {"invoices"}


def test_an_investments_number_is_never_given_again_and_the_upgrade_keeps_every_row(
    database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from headway.adapters.db import migrations

    every = migrations.available
    monkeypatch.setattr(migrations, "available", lambda dialect="sqlite": [m for m in every(dialect) if m[0] < 9])
    db = open_database(database_url)  # a database as Headway left it before migration 9, with investments in it
    assert current_version(db) == 8
    with db.transaction(write=True):
        db.execute("INSERT INTO people (name, created_at) VALUES ('Ada', '2026-01-01T09:00:00+00:00')")
        person = db.one("SELECT id FROM people")
        assert person is not None
        for day, hours in (("2026-11-01", 2.0), ("2026-11-20", 15.0)):
            db.execute(
                "INSERT INTO investments (person_id, on_date, category, hours, amount, currency, note) "
                "VALUES (:p, :on, 'course', :h, 49.5, 'USD', 'Negotiation')",
                {"p": person["id"], "on": day, "h": hours},
            )
    before = db.all("SELECT * FROM investments ORDER BY id")
    monkeypatch.setattr(migrations, "available", every)
    assert migrate(db) == [9]
    assert db.all("SELECT * FROM investments ORDER BY id") == before
    if db.dialect.name == "sqlite":  # the rebuilt table keeps its index and its references, as a new one has them
        fresh = open_database(str(tmp_path / "fresh.sqlite3"))
        for pragma in ("index_list", "foreign_key_list", "table_info"):
            shape = f"PRAGMA {pragma}(investments)"
            assert [tuple(r) for r in db.all(shape)] == [tuple(r) for r in fresh.all(shape)], pragma
        fresh.close()
    newest = before[-1]["id"]
    with db.transaction(write=True):
        db.execute("DELETE FROM investments WHERE id = :id", {"id": newest})
        db.execute(
            "INSERT INTO investments (person_id, on_date, category, hours, currency) "
            "VALUES (:p, '2026-11-20', 'course', 1.5, 'USD')",
            {"p": person["id"]},
        )
    retyped = db.one("SELECT MAX(id) AS id FROM investments")
    assert retyped is not None
    assert retyped["id"] > newest  # the deleted entry's number stays unused
    db.close()


def test_every_migration_has_one_script_for_each_database() -> None:
    for_sqlite, for_postgres = available("sqlite"), available("postgresql")
    assert [v for v, _, _ in for_sqlite] == [v for v, _, _ in for_postgres] == list(range(1, len(for_sqlite) + 1))
    assert [n for _, n, _ in for_sqlite] == [n for _, n, _ in for_postgres]


def test_a_misnamed_or_doubled_migration_stops_the_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from headway.adapters.db import migrations
    from headway.adapters.db.connection import DatabaseError

    for script in migrations.MIGRATIONS_DIR.glob("*.sql"):
        (tmp_path / script.name).write_text(script.read_text())
    monkeypatch.setattr(migrations, "MIGRATIONS_DIR", tmp_path)
    (tmp_path / "0010_extra.postgres.sql").write_text("SELECT 1;")
    with pytest.raises(DatabaseError, match=r"0010_extra.postgres.sql is not named"):
        available("postgresql")
    (tmp_path / "0010_extra.postgres.sql").rename(tmp_path / "0010_extra.sql")
    (tmp_path / "0010_other.sql").write_text("SELECT 1;")
    with pytest.raises(DatabaseError, match="Migration 0010 has two scripts"):
        available("sqlite")
