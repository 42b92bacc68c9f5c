"""What every request needs, as FastAPI dependencies: a pooled connection, who is asking (a session cookie with
its CSRF token, or a personal API token), and a unit of work scoped to that person's data."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request

from headway.adapters.db import SqlUnitOfWork
from headway.adapters.db.connection import Database
from headway.domain.errors import Forbidden, Unauthenticated
from headway.entrypoints.api.settings import ServerSettings
from headway.services import accounts
from headway.services.accounts import Actor

if TYPE_CHECKING:
    from headway.adapters.db.pool import DatabasePool
    from headway.adapters.occupations.store import OccupationStore
    from headway.services.accounts import PasswordHasher, RateLimiter

SESSION_COOKIE = "headway_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# The largest id either database stores (BIGINT). Bound id parameters by it (Path(ge=1, le=MAX_ID)): the document
# then says so, and a larger one is refused by validation before SQLite's driver fails to convert it.
MAX_ID = 2**63 - 1


@dataclass
class Server:
    """The app's parts, made once by create_app and shared by every request (none holds per-user state)."""

    settings: ServerSettings
    pool: DatabasePool
    hasher: PasswordHasher
    limiter: RateLimiter

    @cached_property
    def catalog(self) -> OccupationStore:
        from headway.adapters.occupations.store import OccupationStore, dataset_path

        home = self.settings.data_dir
        if home is None:
            return OccupationStore()
        return OccupationStore(dataset_path(home), cache_dir=home / "cache")

    def csrf_token(self, session_secret: str) -> str:
        """The CSRF token of a session: an HMAC of its id under the server's secret (nothing to store)."""
        key = self.settings.secret.encode()
        return hmac.new(key, b"csrf:" + session_secret.encode(), hashlib.sha256).hexdigest()

    @property
    def now(self) -> datetime:
        return self.settings.clock()

    @property
    def today(self) -> date:
        return self.settings.clock().date()


def server(request: Request) -> Server:
    found: Server = request.app.state.server
    return found


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def database(request: Request) -> Iterator[Database]:
    with server(request).pool.connection() as db:
        yield db


def limiter(request: Request, db: Annotated[Database, Depends(database)]) -> RateLimiter:
    """The server's rate limiter, on the request's own connection when it keeps its counters in the database."""
    from headway.entrypoints.api.security import PooledRateLimiter

    found = server(request).limiter
    return found.on(db) if isinstance(found, PooledRateLimiter) else found


def credentials(request: Request) -> tuple[str, str]:
    """("token", secret) from Authorization: Bearer, else ("session", the cookie's id); 401 when neither."""
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip().startswith(accounts.TOKEN_PREFIX):
            raise unknown_token()
        return "token", secret.strip()
    cookie = request.cookies.get(SESSION_COOKIE, "")
    if not cookie:
        raise no_session()
    return "session", cookie


def unknown_token() -> Unauthenticated:
    return Unauthenticated("The API token is unknown or revoked.", hint="Create one with POST /api/v1/account/tokens.")


def no_session() -> Unauthenticated:
    return Unauthenticated(
        "Sign in first.",
        hint="POST /api/v1/auth/sign-in opens a session; scripts send Authorization: Bearer <token>.",
    )


def admit(request: Request, srv: Server, found: Actor | None, kind: str, secret: str) -> Actor:
    """The checks after the lookup: a known credential; a session's change carries its CSRF token; a read-only
    token changes nothing."""
    if found is None:
        raise unknown_token() if kind == "token" else no_session()
    if request.method not in SAFE_METHODS:
        if kind == "session":
            check_csrf(request, srv, secret)
        if not found.can_write:
            raise Forbidden("This token can only read; this request would change something.", hint="Use a write token.")
    return found


def actor(request: Request, db: Annotated[Database, Depends(database)]) -> Actor:
    """Who is asking: a token (Authorization: Bearer hw_...) or a session cookie (see admit)."""
    srv = server(request)
    now = srv.now
    uow = SqlUnitOfWork(db, stamps=False)
    kind, secret = credentials(request)
    lookup = accounts.token_actor if kind == "token" else accounts.session_actor
    who = admit(request, srv, lookup(uow, secret, now), kind, secret)
    accounts.mark_use(uow, who, address=client_address(request), now=now)
    return who


def check_csrf(request: Request, srv: Server, session_secret: str) -> None:
    origin = request.headers.get("origin")
    if origin is not None and origin.rstrip("/") != str(request.base_url).rstrip("/"):
        raise Forbidden("This request comes from another site.", hint="Changes are accepted from this site only.")
    sent = request.headers.get(CSRF_HEADER, "")
    if not hmac.compare_digest(sent, srv.csrf_token(session_secret)):
        raise Forbidden(
            "The request's CSRF token is missing or wrong.",
            hint=f"Send the token from GET /api/v1/auth/session in the {CSRF_HEADER} header.",
        )


def person_uow(who: Annotated[Actor, Depends(actor)], db: Annotated[Database, Depends(database)]) -> SqlUnitOfWork:
    """The unit of work of the person asking: every service reaches their data, and nobody else's."""
    return SqlUnitOfWork(db, person_id=who.person_id)


def plain_uow(db: Annotated[Database, Depends(database)]) -> SqlUnitOfWork:
    """A unit of work for the accounts' own records (sessions, tokens): its writes change nobody's career record."""
    return SqlUnitOfWork(db, stamps=False)


def in_session(who: Annotated[Actor, Depends(actor)]) -> Actor:
    """The actor, signed in through a browser session: managing tokens, the password and invitations is not for
    a token (a leaked one could otherwise mint others, and outlive its own revocation)."""
    if who.session_hash is None:
        raise Forbidden(
            "Tokens, the password and invitations are managed from a signed-in session, not with a token.",
            hint="Sign in (POST /api/v1/auth/sign-in) and use that session.",
        )
    return who


CurrentActor = Annotated[Actor, Depends(actor)]
SessionActor = Annotated[Actor, Depends(in_session)]
PersonUoW = Annotated[SqlUnitOfWork, Depends(person_uow)]
PlainUoW = Annotated[SqlUnitOfWork, Depends(plain_uow)]
CurrentServer = Annotated[Server, Depends(server)]
RequestLimiter = Annotated[accounts.RateLimiter, Depends(limiter)]
