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


def actor(request: Request, db: Annotated[Database, Depends(database)]) -> Actor:
    """Who is asking. A token (Authorization: Bearer hw_...) or a session cookie; a state-changing request on a
    session must carry its CSRF token; a read-only token cannot change anything (403)."""
    srv = server(request)
    now = srv.now
    uow = SqlUnitOfWork(db)
    header = request.headers.get("authorization")
    found: Actor | None
    if header is not None:
        scheme, _, secret = header.partition(" ")
        found = accounts.token_actor(uow, secret.strip(), now) if scheme.lower() == "bearer" else None
        if found is None:
            raise Unauthenticated(
                "The API token is unknown or revoked.", hint="Create one with POST /api/v1/account/tokens."
            )
    else:
        cookie = request.cookies.get(SESSION_COOKIE, "")
        found = accounts.session_actor(uow, cookie, now)
        if found is None:
            raise Unauthenticated(
                "Sign in first.",
                hint="POST /api/v1/auth/sign-in opens a session; scripts send Authorization: Bearer <token>.",
            )
        if request.method not in SAFE_METHODS:
            check_csrf(request, srv, cookie)
    if request.method not in SAFE_METHODS and not found.can_write:
        raise Forbidden("This token can only read; this request would change something.", hint="Use a write token.")
    accounts.mark_use(uow, found, address=client_address(request), now=now)
    return found


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
    return SqlUnitOfWork(db)


CurrentActor = Annotated[Actor, Depends(actor)]
PersonUoW = Annotated[SqlUnitOfWork, Depends(person_uow)]
PlainUoW = Annotated[SqlUnitOfWork, Depends(plain_uow)]
CurrentServer = Annotated[Server, Depends(server)]
