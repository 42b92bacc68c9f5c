"""Accounts on a Headway server: sign-up, sign-in with throttling and lockout, sessions, API tokens, one-time
sign-in links, invitations and the audit log.

Every secret handed out (a session id, a token, a link or invitation code) is random and stored only as its
SHA-256 hash, so a copy of the database lets no one in. Passwords are hashed by the `PasswordHasher` given
(Argon2id in the server). The clock is passed in.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import secrets
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, Protocol

from headway.domain.errors import Forbidden, NotFound, TooManyAttempts, Unauthenticated, ValidationError
from headway.domain.records import Profile, validate_profile

Role = Literal["admin", "member"]
Scope = Literal["read", "write"]
SignUpPolicy = Literal["open", "invite"]

SESSION_IDLE = timedelta(days=14)  # a session unused this long ends
SESSION_MAX = timedelta(days=30)  # and none outlives this
MARK_USE_EVERY = timedelta(hours=1)  # a session's expiry, a token's last use: written at most this often
LINK_LIFETIME = timedelta(hours=24)
INVITATION_LIFETIME = timedelta(days=14)
MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # Argon2 takes any length; this keeps a request from making it hash megabytes
# Failed sign-ins on one account: the first few cost nothing; from SLOW_AFTER on each one makes the account wait
# (30 s, doubling); from LOCK_AFTER on it is locked for LOCK_FOR. A successful sign-in resets the count.
SLOW_AFTER, LOCK_AFTER = 5, 10
LOCK_FOR = timedelta(hours=1)
# Failed sign-ins from one address, across accounts, within a window.
ADDRESS_LIMIT, ADDRESS_WINDOW = 30, timedelta(minutes=15)
# Sign-ups from one address (each costs an Argon2 hash and makes a record): a household's worth an hour.
SIGN_UP_LIMIT, SIGN_UP_WINDOW = 10, timedelta(hours=1)
TOKEN_PREFIX = "hw_"  # noqa: S105 - the marker of a token, not a secret
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class Account:
    id: int
    person_id: int
    email: str
    role: Role
    password_hash: str | None
    failed_sign_ins: int
    locked_until: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class Actor:
    """Who is asking: the account, the person whose data it reaches, and what it may do."""

    account_id: int
    person_id: int
    role: Role
    scope: Scope
    session_hash: str | None = None  # signed in through a browser session
    token_id: int | None = None  # or through a personal API token
    last_seen: datetime | None = None  # when the session or token was last marked as used

    @property
    def can_write(self) -> bool:
        return self.scope == "write"


@dataclass(frozen=True)
class Token:
    id: int
    name: str
    scope: Scope
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True)
class SessionInfo:
    id_hash: str
    created_at: datetime
    seen_at: datetime
    expires_at: datetime
    user_agent: str


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    event: str
    detail: str
    address: str


@dataclass(frozen=True)
class NewSession:
    """A session just opened: `secret` goes in the cookie, and is never stored."""

    secret: str
    account: Account
    expires_at: datetime


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...
    def verify(self, password_hash: str, password: str) -> bool: ...
    def needs_rehash(self, password_hash: str) -> bool: ...


class RateLimiter(Protocol):
    def hit(self, key: str, *, limit: int, window: timedelta, now: datetime) -> int | None:
        """Count one event under `key`; None if within `limit` for the window, else seconds until it resets."""
        ...

    def blocked(self, key: str, *, limit: int, window: timedelta, now: datetime) -> int | None:
        """Seconds until `key` may try again, without counting; None when it may now."""
        ...


class AccountRepository(Protocol):
    def count(self, *, lock: bool = False) -> int:
        """How many accounts there are; with `lock`, a concurrent writer asking the same waits for this
        transaction to end, so two first sign-ups at once cannot both see none."""
        ...

    def add(self, person_id: int, email: str, password_hash: str | None, role: Role, now: datetime) -> int: ...
    def by_email(self, email: str) -> Account | None: ...
    def by_id(self, account_id: int) -> Account | None: ...
    def by_person(self, person_id: int) -> Account | None: ...
    def set_password(self, account_id: int, password_hash: str) -> None: ...
    def add_failure(self, account_id: int) -> int: ...
    def lock(self, account_id: int, until: datetime) -> None: ...
    def clear_failures(self, account_id: int) -> None: ...
    def add_session(self, id_hash: str, account_id: int, now: datetime, expires: datetime, agent: str) -> None: ...
    def session_actor(self, id_hash: str, now: datetime, oldest: datetime) -> Actor | None: ...
    def touch_session(self, id_hash: str, now: datetime, expires: datetime) -> None: ...
    def sessions(self, account_id: int, now: datetime) -> list[SessionInfo]: ...
    def delete_session(self, id_hash: str) -> None: ...
    def delete_sessions(self, account_id: int, keep: str | None = None) -> int: ...
    def add_token(self, account_id: int, name: str, token_hash: str, scope: Scope, now: datetime) -> int: ...
    def token_actor(self, token_hash: str) -> Actor | None: ...
    def token_used(self, token_id: int, now: datetime) -> None: ...
    def tokens(self, account_id: int) -> list[Token]: ...
    def revoke_token(self, account_id: int, token_id: int, now: datetime) -> bool: ...
    def add_link(self, code_hash: str, account_id: int, expires: datetime) -> None: ...
    def take_link(self, code_hash: str, now: datetime) -> int | None: ...
    def add_invitation(self, code_hash: str, email: str, by: int, now: datetime, expires: datetime) -> None: ...
    def take_invitation(self, code_hash: str, email: str, now: datetime) -> bool: ...
    def audit(self, account_id: int, at: datetime, event: str, detail: str, address: str) -> None: ...
    def audit_log(self, account_id: int, limit: int, before: int | None = None) -> list[AuditEntry]: ...


class ProfileWriter(Protocol):
    def get_default(self) -> Profile | None: ...
    def add(self, profile: Profile) -> int: ...


class AccountsUnitOfWork(Protocol):
    @property
    def accounts(self) -> AccountRepository: ...
    @property
    def profiles(self) -> ProfileWriter: ...
    def write(self) -> AbstractContextManager[None]: ...
    def read(self) -> AbstractContextManager[None]: ...


def digest(secret: str) -> str:
    """The stored form of a random secret (a session id, a token, a code)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_email(email: str) -> str:
    value = email.strip().casefold()
    if not _EMAIL.fullmatch(value) or len(value) > 254:
        raise ValidationError(f"{email.strip()!r} is not an email address.", field="email")
    return value


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError(
            f"The password is too short: use at least {MIN_PASSWORD} characters.",
            field="password",
            hint="A few unrelated words make a long password that is easy to remember.",
        )
    if len(password) > MAX_PASSWORD:
        raise ValidationError(f"The password is longer than {MAX_PASSWORD} characters.", field="password")


def sign_up(
    uow: AccountsUnitOfWork,
    hasher: PasswordHasher,
    *,
    email: str,
    password: str,
    name: str,
    policy: SignUpPolicy,
    invitation: str | None = None,
    address: str = "",
    limiter: RateLimiter | None = None,
    now: datetime,
) -> Account:
    """Create a person and their account. The first account administers the server; after it, sign-up is open
    or needs an invitation, as the server is set. With `limiter`, sign-ups from one address are throttled."""
    email = normalise_email(email)
    check_password(password)
    profile = validate_profile(Profile(name=name, created_at=now))
    if limiter is not None:
        key = f"sign-up:{throttled_network(address)}"
        wait = limiter.hit(key, limit=SIGN_UP_LIMIT, window=SIGN_UP_WINDOW, now=now)
        if wait is not None:
            raise TooManyAttempts(
                "Too many accounts were opened from this address lately.", retry_after=wait, hint=f"Try in {wait} s."
            )
    password_hash = hasher.hash(password)  # slow by design: outside the transaction
    with uow.write():
        first = uow.accounts.count(lock=True) == 0
        invited = bool(invitation) and uow.accounts.take_invitation(digest(invitation or ""), email, now)
        if not first and policy == "invite" and not invited:
            raise Forbidden(
                "Sign-up on this server needs an invitation, and this one is missing, used or expired.",
                field="invitation",
                hint="Ask the server's administrator for an invitation to this email address.",
            )
        if uow.accounts.by_email(email) is not None:
            raise ValidationError(
                "There is already an account with this email address.",
                field="email",
                hint="Sign in instead, or use another address.",
            )
        person = uow.profiles.add(profile)
        account_id = uow.accounts.add(person, email, password_hash, "admin" if first else "member", now)
        uow.accounts.audit(account_id, now, "sign-up", "administrator" if first else "", address)
        account = uow.accounts.by_id(account_id)
    assert account is not None
    return account


def throttled_network(address: str) -> str:
    """What the per-address throttle counts: an IPv4 address, or the /64 an IPv6 one is in (one subscriber is
    usually given a whole /64, so counting single IPv6 addresses would give an attacker 2**64 fresh starts)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address  # not an IP address (a test client's name, a Unix socket): counted as it is
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is None:
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) else ip)


def _wrong() -> Unauthenticated:
    return Unauthenticated("The email address or password is wrong.", hint="Check both, and try again.")


def sign_in(
    uow: AccountsUnitOfWork,
    hasher: PasswordHasher,
    limiter: RateLimiter,
    *,
    email: str,
    password: str,
    address: str,
    agent: str = "",
    now: datetime,
) -> NewSession:
    """Check the password and open a session. Failures are throttled per address and per account; the answer
    never says whether the address has an account."""
    address_key = f"sign-in:{throttled_network(address)}"
    wait = limiter.blocked(address_key, limit=ADDRESS_LIMIT, window=ADDRESS_WINDOW, now=now)
    if wait is not None:
        raise TooManyAttempts(
            "Too many failed sign-ins from this address.", retry_after=wait, hint=f"Try again in {wait} s."
        )
    try:
        folded = normalise_email(email)
    except ValidationError:
        folded = ""
    with uow.read():
        account = uow.accounts.by_email(folded) if folded else None
    if account is not None and account.locked_until is not None and account.locked_until > now:
        wait = max(1, int((account.locked_until - now).total_seconds()))
        raise TooManyAttempts(
            "This account is locked for a while after repeated failed sign-ins.",
            retry_after=wait,
            hint=f"Try again in {wait} s, or ask the administrator.",
        )
    stored = account.password_hash if account is not None else None
    # With no account (or no password), check against a decoy all the same: the answer then takes as long as
    # for a wrong password, and its time does not tell which addresses have accounts.
    matches = hasher.verify(stored or _decoy(hasher), password) and stored is not None
    if account is None or stored is None or not matches:
        limiter.hit(address_key, limit=ADDRESS_LIMIT, window=ADDRESS_WINDOW, now=now)
        if account is not None:
            _count_failure(uow, account, address, now)
        raise _wrong()
    with uow.write():
        uow.accounts.clear_failures(account.id)
        if hasher.needs_rehash(stored):
            uow.accounts.set_password(account.id, hasher.hash(password))
        session = _open_session(uow, account, agent, now)
        uow.accounts.audit(account.id, now, "sign-in", "password", address)
    return session


_decoy_of: tuple[PasswordHasher, str] | None = None  # the server's hasher, and its decoy hash


def _decoy(hasher: PasswordHasher) -> str:
    """The hash of a random password nobody has, made with this hasher (so with its costs) once per hasher."""
    global _decoy_of  # noqa: PLW0603 - a cache: a server has one hasher, and two threads making it is harmless
    if _decoy_of is None or _decoy_of[0] is not hasher:
        _decoy_of = (hasher, hasher.hash(secrets.token_urlsafe(32)))
    return _decoy_of[1]


def _count_failure(uow: AccountsUnitOfWork, account: Account, address: str, now: datetime) -> None:
    # The count is incremented in the database, not from the one read before the password was checked: guesses
    # sent at once would otherwise each write the same count, and never reach the lock.
    with uow.write():
        failures = uow.accounts.add_failure(account.id)
        if failures >= LOCK_AFTER:
            uow.accounts.lock(account.id, now + LOCK_FOR)
        elif failures >= SLOW_AFTER:
            uow.accounts.lock(account.id, now + timedelta(seconds=30 * 2 ** (failures - SLOW_AFTER)))
        uow.accounts.audit(account.id, now, "sign-in failed", "locked" if failures >= LOCK_AFTER else "", address)


def open_session(
    uow: AccountsUnitOfWork, account: Account, *, address: str, agent: str = "", now: datetime
) -> NewSession:
    """The first session of an account just signed up: its password was just set, so it is not checked again
    (one Argon2 hash per sign-up, not two), and failed sign-ins elsewhere from the address do not refuse it."""
    with uow.write():
        session = _open_session(uow, account, agent, now)
        uow.accounts.audit(account.id, now, "sign-in", "new account", address)
    return session


def _open_session(uow: AccountsUnitOfWork, account: Account, agent: str, now: datetime) -> NewSession:
    secret = secrets.token_urlsafe(32)
    expires = now + SESSION_IDLE
    uow.accounts.add_session(digest(secret), account.id, now, expires, agent[:200])
    return NewSession(secret=secret, account=account, expires_at=expires)


def session_actor(uow: AccountsUnitOfWork, secret: str, now: datetime) -> Actor | None:
    """The actor a session cookie stands for, or None when it is unknown, expired or revoked."""
    if not secret:
        return None
    id_hash = digest(secret)
    with uow.read():
        return uow.accounts.session_actor(id_hash, now, now - SESSION_MAX)


def use_to_mark(actor: Actor, now: datetime) -> bool:
    """Whether mark_use would write: the session or token was not marked within MARK_USE_EVERY."""
    return actor.last_seen is None or now - actor.last_seen >= MARK_USE_EVERY


def mark_use(uow: AccountsUnitOfWork, actor: Actor, *, address: str, now: datetime) -> None:
    """Extend a session in use (sliding expiry, never past SESSION_MAX from its start), or record a token's use
    with an audit entry; written at most once per MARK_USE_EVERY, so reading costs no write."""
    if not use_to_mark(actor, now):
        return
    with uow.write():
        if actor.session_hash is not None:
            uow.accounts.touch_session(actor.session_hash, now, now + SESSION_IDLE)
        elif actor.token_id is not None:
            uow.accounts.token_used(actor.token_id, now)
            uow.accounts.audit(actor.account_id, now, "token used", f"#{actor.token_id}", address)


def token_actor(uow: AccountsUnitOfWork, secret: str, now: datetime) -> Actor | None:
    if not secret.startswith(TOKEN_PREFIX):
        return None
    with uow.read():
        return uow.accounts.token_actor(digest(secret))


def sign_out(uow: AccountsUnitOfWork, actor: Actor, *, address: str, now: datetime) -> None:
    if actor.session_hash is None:
        return
    with uow.write():
        uow.accounts.delete_session(actor.session_hash)
        uow.accounts.audit(actor.account_id, now, "sign-out", "", address)


def sign_out_everywhere(uow: AccountsUnitOfWork, actor: Actor, *, address: str, now: datetime) -> int:
    """End every session of the account, this one included; returns how many ended."""
    with uow.write():
        ended = uow.accounts.delete_sessions(actor.account_id)
        uow.accounts.audit(actor.account_id, now, "signed out everywhere", f"{ended} sessions", address)
    return ended


def list_sessions(uow: AccountsUnitOfWork, actor: Actor, now: datetime) -> list[SessionInfo]:
    with uow.read():
        return uow.accounts.sessions(actor.account_id, now)


def change_password(
    uow: AccountsUnitOfWork,
    hasher: PasswordHasher,
    actor: Actor,
    *,
    current: str,
    new: str,
    address: str,
    now: datetime,
) -> None:
    """Change the password (the current one is asked for) and end every other session."""
    with uow.read():
        account = uow.accounts.by_id(actor.account_id)
    assert account is not None
    if account.password_hash is not None and not hasher.verify(account.password_hash, current):
        raise ValidationError("The current password is wrong.", field="current_password")
    check_password(new)
    new_hash = hasher.hash(new)
    with uow.write():
        uow.accounts.set_password(account.id, new_hash)
        ended = uow.accounts.delete_sessions(account.id, keep=actor.session_hash)
        uow.accounts.audit(account.id, now, "password changed", f"{ended} other sessions ended", address)


def create_token(
    uow: AccountsUnitOfWork, actor: Actor, *, name: str, scope: Scope, address: str, now: datetime
) -> tuple[Token, str]:
    """A personal API token; the secret is returned once and stored only hashed."""
    name = name.strip()
    if not name or len(name) > 100:
        raise ValidationError("Give the token a name of 1 to 100 characters (what it is for).", field="name")
    if scope not in ("read", "write"):
        raise ValidationError("A token's scope is read or write.", field="scope")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with uow.write():
        token_id = uow.accounts.add_token(actor.account_id, name, digest(secret), scope, now)
        uow.accounts.audit(actor.account_id, now, "token created", f"{name} ({scope})", address)
    return Token(token_id, name, scope, now, None, None), secret


def list_tokens(uow: AccountsUnitOfWork, actor: Actor) -> list[Token]:
    with uow.read():
        return uow.accounts.tokens(actor.account_id)


def revoke_token(uow: AccountsUnitOfWork, actor: Actor, token_id: int, *, address: str, now: datetime) -> None:
    with uow.write():
        if not uow.accounts.revoke_token(actor.account_id, token_id, now):
            raise NotFound(f"There is no token #{token_id}.")
        uow.accounts.audit(actor.account_id, now, "token revoked", f"#{token_id}", address)


def local_account(uow: AccountsUnitOfWork, *, name: str, now: datetime) -> int:
    """The account of a single-user local server: the database's first person's, created (without a password,
    as administrator) when missing. With no person yet, one is created with `name`."""
    with uow.write():
        existing = uow.profiles.get_default()
        if existing is not None and existing.id is not None:
            person = existing.id
        else:
            person = uow.profiles.add(validate_profile(Profile(name=name, created_at=now)))
        account = uow.accounts.by_person(person)
        if account is not None:
            return account.id
        return uow.accounts.add(person, f"local-{person}@localhost.invalid", None, "admin", now)


def create_sign_in_link(uow: AccountsUnitOfWork, account_id: int, now: datetime) -> str:
    """A one-time code that signs the account in (the local server prints it as a link)."""
    code = secrets.token_urlsafe(32)
    with uow.write():
        uow.accounts.add_link(digest(code), account_id, now + LINK_LIFETIME)
    return code


def redeem_sign_in_link(
    uow: AccountsUnitOfWork, code: str, *, address: str, agent: str = "", now: datetime
) -> NewSession:
    with uow.write():
        account_id = uow.accounts.take_link(digest(code), now)
        account = uow.accounts.by_id(account_id) if account_id is not None else None
        if account is None:
            raise Unauthenticated(
                "This sign-in link is used or expired.", hint="Restart `headway serve` for a new one."
            )
        session = _open_session(uow, account, agent, now)
        uow.accounts.audit(account.id, now, "sign-in", "one-time link", address)
    return session


def invite(uow: AccountsUnitOfWork, actor: Actor, *, email: str, address: str, now: datetime) -> str:
    """An invitation code for one email address (administrators only)."""
    if actor.role != "admin":
        raise Forbidden("Only an administrator can invite people.")
    email = normalise_email(email)
    code = secrets.token_urlsafe(24)
    with uow.write():
        uow.accounts.add_invitation(digest(code), email, actor.account_id, now, now + INVITATION_LIFETIME)
        uow.accounts.audit(actor.account_id, now, "invitation", email, address)
    return code


def audit_log(uow: AccountsUnitOfWork, actor: Actor, *, limit: int, before: int | None = None) -> list[AuditEntry]:
    with uow.read():
        return uow.accounts.audit_log(actor.account_id, limit, before)
