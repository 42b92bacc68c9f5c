"""Versioned SQL migrations: numbered files applied in order, each in a transaction, recorded in a table."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from headway.adapters.db.connection import Database, DatabaseError, redact

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
MIGRATION_LOCK = 4826170  # the advisory lock key migrations take on PostgreSQL
# 0001_initial.sql serves both databases; 0009_x.sqlite.sql and 0009_x.postgresql.sql are one migration
# written twice, where the two cannot share a script (a table rebuilt on SQLite alone, say).
_FILE = re.compile(r"(\d{4})_([a-z0-9_]+?)(?:\.(sqlite|postgresql))?\.sql")


def available(dialect: str = "sqlite") -> list[tuple[int, str, Path]]:
    """The migrations, oldest first, each as the script `dialect` runs. A misnamed file, or two scripts for one
    version and database, is a packaging mistake that would skip a migration: it stops everything instead."""
    found: dict[int, tuple[int, str, Path]] = {}
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        match = _FILE.fullmatch(path.name)
        if match is None:
            raise DatabaseError(f"Migration file {path.name} is not named NNNN_name[.sqlite|.postgresql].sql.")
        version = int(match.group(1))
        if match.group(3) not in (None, dialect):
            continue
        held = found.get(version)
        if held is not None:
            raise DatabaseError(f"Migration {version:04d} has two scripts for {dialect}: {held[2].name}, {path.name}.")
        found[version] = (version, match.group(2), path)
    return [found[version] for version in sorted(found)]


def current_version(db: Database) -> int:
    """The newest applied migration, 0 for an empty database."""
    table = db.one(
        "SELECT 1 AS present FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
        if db.dialect.name == "sqlite"
        else "SELECT 1 AS present FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_name = 'schema_migrations'"
    )
    if table is None:
        return 0
    row = db.one("SELECT MAX(version) AS version FROM schema_migrations")
    return int(row["version"]) if row and row["version"] is not None else 0


def foreign_tables(db: Database) -> list[str]:
    """Tables in a database Headway has never migrated: another application's."""
    rows = db.all(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        if db.dialect.name == "sqlite"
        else "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() "
        "ORDER BY table_name"
    )
    return [r["name"] for r in rows if r["name"] != "schema_migrations"]


def migrate(db: Database) -> list[int]:
    """Apply every migration newer than the database; return the versions applied."""
    migrations = available(db.dialect.name)
    latest = migrations[-1][0] if migrations else 0
    version = current_version(db)
    if version >= latest:
        return []
    if version == 0 and foreign_tables(db):
        raise DatabaseError(
            f"{redact(db.url)} already holds tables that are not Headway's ({', '.join(foreign_tables(db)[:5])}); "
            "Headway will not write into another application's database.",
            hint="Give Headway a file or database of its own (--db PATH or HEADWAY_DATABASE_URL).",
        )
    applied: list[int] = []
    with db.transaction(write=True):
        if db.dialect.transaction_lock:  # several workers starting at once migrate once
            db.execute(db.dialect.transaction_lock, {"key": MIGRATION_LOCK})
        db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        done = current_version(db)
        for version, name, path in migrations:
            if version <= done:
                continue
            script = path.read_text(encoding="utf-8").replace("$ID", db.dialect.identity)
            try:
                db.executescript(script)
            except Exception as exc:
                raise DatabaseError(f"Migration {version:04d}_{name} failed: {exc}") from exc
            db.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:version, :name, :at)",
                {"version": version, "name": name, "at": datetime.now(UTC).isoformat(timespec="seconds")},
            )
            applied.append(version)
    if latest < current_version(db):
        raise DatabaseError("This database was written by a newer Headway.", hint="Upgrade Headway to open it.")
    return applied
