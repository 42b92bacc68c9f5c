"""Accounts, sessions, API tokens, one-time links, invitations, rate-limit counters and the audit log, in SQL."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from headway.adapters.db.connection import Database, Row
from headway.adapters.db.goal_tasks import to_datetime
from headway.services.accounts import Account, Actor, AuditEntry, Role, Scope, SessionInfo, Token


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _account(row: Row) -> Account:
    return Account(
        id=row["id"],
        person_id=row["person_id"],
        email=row["email"],
        role=cast(Role, row["role"]),
        password_hash=row["password_hash"],
        failed_sign_ins=row["failed_sign_ins"],
        locked_until=to_datetime(row["locked_until"]),
        created_at=datetime.fromisoformat(row["created_at"]),
    )


def session_actor_of(row: Row, id_hash: str) -> Actor:
    """The actor of a session row joined with its account (columns id, person_id, role, seen_at)."""
    return Actor(
        account_id=row["id"],
        person_id=row["person_id"],
        role=cast(Role, row["role"]),
        scope="write",
        session_hash=id_hash,
        last_seen=to_datetime(row["seen_at"]),
    )


def token_actor_of(row: Row) -> Actor:
    """The actor of a token row joined with its account (columns id, person_id, role, token_id, scope,
    last_used_at)."""
    return Actor(
        account_id=row["id"],
        person_id=row["person_id"],
        role=cast(Role, row["role"]),
        scope=cast(Scope, row["scope"]),
        token_id=row["token_id"],
        last_seen=to_datetime(row["last_used_at"]),
    )


# The advisory lock key that makes simultaneous sign-ups count the accounts one after the other.
SIGN_UP_LOCK = 4826171
_ACCOUNT = "SELECT id, person_id, email, role, password_hash, failed_sign_ins, locked_until, created_at FROM accounts"


class SqlAccountRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def count(self, *, lock: bool = False) -> int:
        if lock and self.db.dialect.transaction_lock:
            self.db.one(self.db.dialect.transaction_lock, {"key": SIGN_UP_LOCK})
        row = self.db.one("SELECT COUNT(*) AS n FROM accounts")
        return int(row["n"]) if row else 0

    def add(self, person_id: int, email: str, password_hash: str | None, role: Role, now: datetime) -> int:
        return self.db.insert(
            "INSERT INTO accounts (person_id, email, password_hash, role, created_at) "
            "VALUES (:person, :email, :hash, :role, :now)",
            {"person": person_id, "email": email, "hash": password_hash, "role": role, "now": _iso(now)},
        )

    def by_email(self, email: str) -> Account | None:
        row = self.db.one(_ACCOUNT + " WHERE email = :email", {"email": email})
        return _account(row) if row else None

    def by_id(self, account_id: int) -> Account | None:
        row = self.db.one(_ACCOUNT + " WHERE id = :id", {"id": account_id})
        return _account(row) if row else None

    def by_person(self, person_id: int) -> Account | None:
        row = self.db.one(_ACCOUNT + " WHERE person_id = :person", {"person": person_id})
        return _account(row) if row else None

    def set_password(self, account_id: int, password_hash: str) -> None:
        self.db.execute(
            "UPDATE accounts SET password_hash = :hash WHERE id = :id", {"hash": password_hash, "id": account_id}
        )

    def add_failure(self, account_id: int) -> int:
        """Count one failed sign-in in the row itself, so failures at once are each counted; the new count."""
        row = self.db.one(
            "UPDATE accounts SET failed_sign_ins = failed_sign_ins + 1 WHERE id = :id RETURNING failed_sign_ins",
            {"id": account_id},
        )
        return int(row["failed_sign_ins"]) if row else 0

    def lock(self, account_id: int, until: datetime) -> None:
        self.db.execute(
            "UPDATE accounts SET locked_until = :until WHERE id = :id", {"until": _iso(until), "id": account_id}
        )

    def clear_failures(self, account_id: int) -> None:
        self.db.execute(
            "UPDATE accounts SET failed_sign_ins = 0, locked_until = NULL WHERE id = :id", {"id": account_id}
        )

    # Sessions
    def add_session(self, id_hash: str, account_id: int, now: datetime, expires: datetime, agent: str) -> None:
        self.db.execute(
            "INSERT INTO sessions (id_hash, account_id, created_at, seen_at, expires_at, user_agent) "
            "VALUES (:hash, :account, :now, :now, :expires, :agent)",
            {"hash": id_hash, "account": account_id, "now": _iso(now), "expires": _iso(expires), "agent": agent},
        )

    def session_actor(self, id_hash: str, now: datetime, oldest: datetime) -> Actor | None:
        row = self.db.one(
            "SELECT a.id, a.person_id, a.role, s.seen_at FROM sessions s JOIN accounts a ON a.id = s.account_id "
            "WHERE s.id_hash = :hash AND s.expires_at > :now AND s.created_at > :oldest",
            {"hash": id_hash, "now": _iso(now), "oldest": _iso(oldest)},
        )
        return None if row is None else session_actor_of(row, id_hash)

    def touch_session(self, id_hash: str, now: datetime, expires: datetime) -> None:
        self.db.execute(
            "UPDATE sessions SET seen_at = :now, expires_at = :expires WHERE id_hash = :hash",
            {"now": _iso(now), "expires": _iso(expires), "hash": id_hash},
        )

    def sessions(self, account_id: int, now: datetime) -> list[SessionInfo]:
        rows = self.db.all(
            "SELECT id_hash, created_at, seen_at, expires_at, user_agent FROM sessions "
            "WHERE account_id = :account AND expires_at > :now ORDER BY seen_at DESC",
            {"account": account_id, "now": _iso(now)},
        )
        return [
            SessionInfo(
                id_hash=r["id_hash"],
                created_at=datetime.fromisoformat(r["created_at"]),
                seen_at=datetime.fromisoformat(r["seen_at"]),
                expires_at=datetime.fromisoformat(r["expires_at"]),
                user_agent=r["user_agent"],
            )
            for r in rows
        ]

    def delete_session(self, id_hash: str) -> None:
        self.db.execute("DELETE FROM sessions WHERE id_hash = :hash", {"hash": id_hash})

    def delete_sessions(self, account_id: int, keep: str | None = None) -> int:
        cursor = self.db.execute(
            "DELETE FROM sessions WHERE account_id = :account AND id_hash <> :keep",
            {"account": account_id, "keep": keep or ""},
        )
        return max(cursor.rowcount, 0)

    # Personal API tokens
    def add_token(self, account_id: int, name: str, token_hash: str, scope: Scope, now: datetime) -> int:
        return self.db.insert(
            "INSERT INTO api_tokens (account_id, name, token_hash, scope, created_at) "
            "VALUES (:account, :name, :hash, :scope, :now)",
            {"account": account_id, "name": name, "hash": token_hash, "scope": scope, "now": _iso(now)},
        )

    def token_actor(self, token_hash: str) -> Actor | None:
        row = self.db.one(
            "SELECT a.id, a.person_id, a.role, t.id AS token_id, t.scope, t.last_used_at "
            "FROM api_tokens t JOIN accounts a ON a.id = t.account_id "
            "WHERE t.token_hash = :hash AND t.revoked_at IS NULL",
            {"hash": token_hash},
        )
        return None if row is None else token_actor_of(row)

    def token_used(self, token_id: int, now: datetime) -> None:
        self.db.execute("UPDATE api_tokens SET last_used_at = :now WHERE id = :id", {"now": _iso(now), "id": token_id})

    def tokens(self, account_id: int) -> list[Token]:
        rows = self.db.all(
            "SELECT id, name, scope, created_at, last_used_at, revoked_at FROM api_tokens "
            "WHERE account_id = :account ORDER BY id",
            {"account": account_id},
        )
        return [
            Token(
                id=r["id"],
                name=r["name"],
                scope=cast(Scope, r["scope"]),
                created_at=datetime.fromisoformat(r["created_at"]),
                last_used_at=to_datetime(r["last_used_at"]),
                revoked_at=to_datetime(r["revoked_at"]),
            )
            for r in rows
        ]

    def revoke_token(self, account_id: int, token_id: int, now: datetime) -> bool:
        cursor = self.db.execute(
            "UPDATE api_tokens SET revoked_at = :now WHERE id = :id AND account_id = :account AND revoked_at IS NULL",
            {"now": _iso(now), "id": token_id, "account": account_id},
        )
        return cursor.rowcount > 0

    # One-time sign-in links and invitations
    def add_link(self, code_hash: str, account_id: int, expires: datetime) -> None:
        self.db.execute(
            "INSERT INTO sign_in_links (code_hash, account_id, expires_at) VALUES (:hash, :account, :expires)",
            {"hash": code_hash, "account": account_id, "expires": _iso(expires)},
        )

    def take_link(self, code_hash: str, now: datetime) -> int | None:
        row = self.db.one(
            "DELETE FROM sign_in_links WHERE code_hash = :hash RETURNING account_id, expires_at", {"hash": code_hash}
        )
        if row is None or row["expires_at"] <= _iso(now):
            return None
        return int(row["account_id"])

    def add_invitation(self, code_hash: str, email: str, by: int, now: datetime, expires: datetime) -> None:
        self.db.execute(
            "INSERT INTO invitations (code_hash, email, invited_by, created_at, expires_at) "
            "VALUES (:hash, :email, :by, :now, :expires)",
            {"hash": code_hash, "email": email, "by": by, "now": _iso(now), "expires": _iso(expires)},
        )

    def take_invitation(self, code_hash: str, email: str, now: datetime) -> bool:
        cursor = self.db.execute(
            "UPDATE invitations SET used_at = :now WHERE code_hash = :hash AND email = :email "
            "AND used_at IS NULL AND expires_at > :now",
            {"now": _iso(now), "hash": code_hash, "email": email},
        )
        return cursor.rowcount > 0

    # The audit log
    def audit(self, account_id: int, at: datetime, event: str, detail: str, address: str) -> None:
        self.db.execute(
            "INSERT INTO audit_log (account_id, at, event, detail, address) "
            "VALUES (:account, :at, :event, :detail, :address)",
            {"account": account_id, "at": _iso(at), "event": event, "detail": detail, "address": address},
        )

    def audit_log(self, account_id: int, limit: int, before: int | None = None) -> list[AuditEntry]:
        rows = self.db.all(
            "SELECT id, at, event, detail, address FROM audit_log WHERE account_id = :account "
            + ("AND id < :before " if before is not None else "")
            + "ORDER BY id DESC LIMIT :limit",
            {"account": account_id, "before": before, "limit": limit},
        )
        return [
            AuditEntry(r["id"], datetime.fromisoformat(r["at"]), r["event"], r["detail"], r["address"]) for r in rows
        ]


class SqlRateLimiter:
    """Fixed-window counters in the database, shared by every worker and machine on it."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def hit(self, key: str, *, limit: int, window: timedelta, now: datetime) -> int | None:
        # One statement: hits at once on the same key (a burst of guesses) are each counted, and the first ones
        # cannot both insert the row (which on PostgreSQL failed one of them with a unique violation).
        with self.db.transaction(write=True):
            row = self.db.one(
                "INSERT INTO rate_limits (key, hits, window_start) VALUES (:key, 1, :now) "
                "ON CONFLICT (key) DO UPDATE SET "
                "hits = CASE WHEN rate_limits.window_start <= :over THEN 1 ELSE rate_limits.hits + 1 END, "
                "window_start = CASE WHEN rate_limits.window_start <= :over THEN :now "
                "ELSE rate_limits.window_start END "
                "RETURNING hits, window_start",
                {"key": key, "now": _iso(now), "over": _iso(now - window)},
            )
        assert row is not None
        start = datetime.fromisoformat(row["window_start"])
        return None if int(row["hits"]) <= limit else _remaining(start, window, now)

    def blocked(self, key: str, *, limit: int, window: timedelta, now: datetime) -> int | None:
        row = self.db.one("SELECT hits, window_start FROM rate_limits WHERE key = :key", {"key": key})
        if row is None:
            return None
        start = datetime.fromisoformat(row["window_start"])
        if now - start >= window or int(row["hits"]) < limit:
            return None
        return _remaining(start, window, now)


def _remaining(start: datetime, window: timedelta, now: datetime) -> int:
    return max(1, int((start + window - now).total_seconds()))
