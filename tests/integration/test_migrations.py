"""Migrations build the same schema on both databases, once, and record what they applied."""

from __future__ import annotations

from headway.adapters.db import open_database
from headway.adapters.db.connection import Database
from headway.adapters.db.migrations import available, current_version, migrate


def columns(db: Database) -> dict[str, list[str]]:
    if db.dialect.name == "sqlite":
        tables = [r["name"] for r in db.all("SELECT name FROM sqlite_master WHERE type = 'table'")]
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
