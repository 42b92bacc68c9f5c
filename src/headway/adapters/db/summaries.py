"""The kept status summaries (migration 0006), and the one query that serves one: who is asking and their
summary together."""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from headway.adapters.db.accounts import session_actor_of, token_actor_of
from headway.adapters.db.connection import Database, Row
from headway.services.accounts import Actor
from headway.services.ports import StoredSummary


def _holds(row: Row, today: date, form: int) -> str | None:
    held = row["stamp"] == row["data_stamp"] and row["on_day"] == today.isoformat() and row["format"] == form
    return cast(str, row["document"]) if held else None


class SqlSummaryRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, person_id: int, today: date, form: int) -> StoredSummary:
        row = self.db.one(
            "SELECT p.data_stamp, s.stamp, s.on_day, s.format, s.document FROM people p "
            "LEFT JOIN status_summaries s ON s.person_id = p.id WHERE p.id = :person",
            {"person": person_id},
        )
        if row is None:
            return StoredSummary(0, None)
        return StoredSummary(int(row["data_stamp"]), _holds(row, today, form))

    def put(self, person_id: int, stamp: int, today: date, form: int, document: str) -> None:
        self.db.execute(
            "INSERT INTO status_summaries (person_id, stamp, on_day, format, document) "
            "VALUES (:person, :stamp, :day, :format, :document) "
            "ON CONFLICT (person_id) DO UPDATE SET stamp = excluded.stamp, on_day = excluded.on_day, "
            "format = excluded.format, document = excluded.document",
            {"person": person_id, "stamp": stamp, "day": today.isoformat(), "format": form, "document": document},
        )


_SUMMARY = (
    "p.data_stamp, s.stamp, s.on_day, s.format, s.document FROM people p "
    "LEFT JOIN status_summaries s ON s.person_id = p.id "
)


def token_and_summary(db: Database, token_hash: str, today: date, form: int) -> tuple[Actor, str | None] | None:
    """In one statement (autocommit: one snapshot, no transaction to open): the actor of an API token and the
    person's kept summary, if it holds; None for an unknown or revoked token."""
    row = db.one(
        "SELECT a.id, a.person_id, a.role, t.id AS token_id, t.scope, t.last_used_at, "
        + _SUMMARY
        + "JOIN accounts a ON a.person_id = p.id JOIN api_tokens t ON t.account_id = a.id "
        "WHERE t.token_hash = :hash AND t.revoked_at IS NULL",
        {"hash": token_hash},
    )
    return None if row is None else (token_actor_of(row), _holds(row, today, form))


def session_and_summary(
    db: Database, id_hash: str, *, now: datetime, oldest: datetime, today: date, form: int
) -> tuple[Actor, str | None] | None:
    """The same for a browser session."""
    row = db.one(
        "SELECT a.id, a.person_id, a.role, x.seen_at, "
        + _SUMMARY
        + "JOIN accounts a ON a.person_id = p.id JOIN sessions x ON x.account_id = a.id "
        "WHERE x.id_hash = :hash AND x.expires_at > :now AND x.created_at > :oldest",
        {"hash": id_hash, "now": now.isoformat(timespec="seconds"), "oldest": oldest.isoformat(timespec="seconds")},
    )
    return None if row is None else (session_actor_of(row, id_hash), _holds(row, today, form))


def claim_day(db: Database, job: str, today: date, now: datetime) -> bool:
    """Claim today's run of `job` for this worker: True for exactly one caller a day, across every worker and
    machine (one statement: an insert for the first day ever, else an update only while the day is not yet
    claimed; both databases serialise the two)."""
    params = {"job": job, "day": today.isoformat(), "now": now.isoformat(timespec="seconds")}
    with db.transaction(write=True):
        cursor = db.execute(
            "INSERT INTO scheduled_runs (name, last_day, claimed_at) VALUES (:job, :day, :now) "
            "ON CONFLICT (name) DO UPDATE SET last_day = excluded.last_day, claimed_at = excluded.claimed_at, "
            "finished_at = NULL "
            "WHERE scheduled_runs.last_day < excluded.last_day",
            params,
        )
        return cursor.rowcount == 1


def people_after(db: Database, after: int, limit: int) -> list[int]:
    """People by id, a page at a time (keyset: the next page starts after the last id seen)."""
    rows = db.all("SELECT id FROM people WHERE id > :after ORDER BY id LIMIT :limit", {"after": after, "limit": limit})
    return [int(r["id"]) for r in rows]


def finish_day(db: Database, job: str, now: datetime) -> None:
    with db.transaction(write=True):
        db.execute(
            "UPDATE scheduled_runs SET finished_at = :now WHERE name = :job",
            {"job": job, "now": now.isoformat(timespec="seconds")},
        )
