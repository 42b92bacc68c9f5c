"""Who is asking, for the pages: a browser session only (a token is for scripts), and the CSRF check of every
form and htmx request. A page asked for without a session sends the browser to sign in, and back afterwards."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request

from headway.adapters.db import SqlUnitOfWork
from headway.adapters.db.connection import Database
from headway.domain.errors import Forbidden
from headway.entrypoints.api.deps import CSRF_HEADER, SESSION_COOKIE, client_address, database, server
from headway.services import accounts
from headway.services.accounts import Actor


class SignInNeeded(Exception):
    """No session, or an expired or revoked one: the page handler redirects to the sign-in page."""

    def __init__(self, back_to: str) -> None:
        super().__init__(back_to)
        self.back_to = back_to


@dataclass(frozen=True)
class Visitor:
    """A signed-in person on a page: who they are, their session's CSRF token, and their data's unit of work."""

    who: Actor
    csrf: str
    uow: SqlUnitOfWork


def sign_in_path(request: Request) -> str:
    back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/sign-in" if back == "/" else f"/sign-in?next={quote(back, safe='')}"


async def sent_csrf(request: Request) -> str:
    """The CSRF token a change sends: htmx as a header (hx-headers on <body>), a plain form as its csrf_token
    field. Starlette keeps the parsed form, so the route reads it again for free."""
    if request.method in ("GET", "HEAD"):
        return ""
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    if request.headers.get("content-type", "").startswith(("application/x-www-form-urlencoded", "multipart/")):
        value = (await request.form()).get("csrf_token", "")
        return value if isinstance(value, str) else ""
    return ""


def signed_in(request: Request, db: Database) -> tuple[Actor, str] | None:
    """Who the session cookie stands for, and the session's CSRF token; None without a live session."""
    srv = server(request)
    secret = request.cookies.get(SESSION_COOKIE, "")
    found = accounts.session_actor(SqlUnitOfWork(db, stamps=False), secret, srv.now) if secret else None
    return None if found is None else (found, srv.csrf_token(secret))


def visitor(
    request: Request, db: Annotated[Database, Depends(database)], sent: Annotated[str, Depends(sent_csrf)]
) -> Visitor:
    session = signed_in(request, db)
    if session is None:
        raise SignInNeeded(sign_in_path(request))
    found, csrf = session
    if request.method not in ("GET", "HEAD"):
        check_form_csrf(request, sent, csrf)
    accounts.mark_use(SqlUnitOfWork(db, stamps=False), found, address=client_address(request), now=server(request).now)
    return Visitor(found, csrf, SqlUnitOfWork(db, person_id=found.person_id))


def check_form_csrf(request: Request, sent: str, expected: str) -> None:
    """A change must come from this site (Origin, when the browser sends it) and carry the session's CSRF token."""
    origin = request.headers.get("origin")
    if origin is not None and origin.rstrip("/") != str(request.base_url).rstrip("/"):
        raise Forbidden("This request comes from another site.", hint="Changes are accepted from this site only.")
    if not hmac.compare_digest(sent, expected):
        raise Forbidden(
            "This form has expired or did not come from Headway.", hint="Reload the page and send it again."
        )


async def form_fields(request: Request) -> dict[str, str]:
    """The posted form as text fields (the last value of a repeated name wins; lists use form_lists)."""
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str) and key != "csrf_token"}


CurrentVisitor = Annotated[Visitor, Depends(visitor)]
Form = Annotated[dict[str, str], Depends(form_fields)]
