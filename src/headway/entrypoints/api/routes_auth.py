"""/api/v1/auth: sign up, sign in, sign out, the current session, and one-time sign-in links."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from headway.entrypoints.api.deps import (
    SESSION_COOKIE,
    CurrentActor,
    CurrentServer,
    PlainUoW,
    RequestLimiter,
    Server,
    actor,
    client_address,
)
from headway.entrypoints.api.errors import error_responses
from headway.services import accounts
from headway.services.accounts import Account, NewSession

router = APIRouter(prefix="/auth", tags=["sign-in"])
NO_CREDENTIALS: dict[str, Any] = {"security": []}  # these routes are how one gets a session


class SignUp(BaseModel):
    email: str = Field(max_length=254, examples=["alice@example.com"])
    password: str = Field(max_length=accounts.MAX_PASSWORD, description="at least 10 characters")
    name: str = Field(max_length=200, description="your name, as your career record shows it")
    invitation: str | None = Field(default=None, max_length=200, description="needed when sign-up is by invitation")


class SignIn(BaseModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=accounts.MAX_PASSWORD)


class AccountOut(BaseModel):
    id: int
    email: str
    role: Literal["admin", "member"]


class SessionOut(BaseModel):
    account: AccountOut
    via: Literal["session", "token"]
    scope: Literal["read", "write"]
    csrf_token: str | None = Field(description="send it as X-CSRF-Token with every change made on this session")


def _account_out(account: Account) -> AccountOut:
    return AccountOut(id=account.id, email=account.email, role=account.role)


def set_session(response: Response, srv: Server, session: NewSession) -> SessionOut:
    response.set_cookie(
        SESSION_COOKIE,
        session.secret,
        max_age=int(accounts.SESSION_IDLE.total_seconds()),
        httponly=True,
        secure=srv.settings.secure_cookies,
        samesite="lax",
        path="/",
    )
    return SessionOut(
        account=_account_out(session.account), via="session", scope="write", csrf_token=srv.csrf_token(session.secret)
    )


@router.post(
    "/sign-up",
    status_code=201,
    summary="Create an account (the first one administers the server)",
    responses=error_responses(403, 422),
    openapi_extra=NO_CREDENTIALS,
)
def sign_up(
    body: SignUp, request: Request, response: Response, *, srv: CurrentServer, uow: PlainUoW, limiter: RequestLimiter
) -> SessionOut:
    now = srv.now
    account = accounts.sign_up(
        uow,
        srv.hasher,
        email=body.email,
        password=body.password,
        name=body.name,
        policy=srv.settings.signup,
        invitation=body.invitation,
        address=client_address(request),
        limiter=limiter,
        now=now,
    )
    session = accounts.open_session(
        uow, account, address=client_address(request), agent=request.headers.get("user-agent", ""), now=now
    )
    return set_session(response, srv, session)


@router.post(
    "/sign-in",
    summary="Sign in with email and password; opens a session (a cookie)",
    responses=error_responses(401, 422, 429),
    openapi_extra=NO_CREDENTIALS,
)
def sign_in(
    body: SignIn, request: Request, response: Response, *, srv: CurrentServer, uow: PlainUoW, limiter: RequestLimiter
) -> SessionOut:
    session = accounts.sign_in(
        uow,
        srv.hasher,
        limiter,
        email=body.email,
        password=body.password,
        address=client_address(request),
        agent=request.headers.get("user-agent", ""),
        now=srv.now,
    )
    return set_session(response, srv, session)


@router.post("/sign-out", status_code=204, summary="End this session", responses=error_responses(401, 403))
def sign_out(request: Request, who: CurrentActor, srv: CurrentServer, uow: PlainUoW) -> Response:
    accounts.sign_out(uow, who, address=client_address(request), now=srv.now)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/session", summary="Who is signed in, and the session's CSRF token", responses=error_responses(401))
def current_session(
    request: Request, who: Annotated[accounts.Actor, Depends(actor)], srv: CurrentServer, uow: PlainUoW
) -> SessionOut:
    with uow.read():
        account = uow.accounts.by_id(who.account_id)
    assert account is not None
    secret = request.cookies.get(SESSION_COOKIE, "") if who.session_hash else ""
    return SessionOut(
        account=_account_out(account),
        via="session" if who.session_hash else "token",
        scope=who.scope,
        csrf_token=srv.csrf_token(secret) if secret else None,
    )


@router.get(
    "/link",
    summary="Redeem a one-time sign-in link (printed by `headway serve`)",
    status_code=303,
    responses=error_responses(401, 422),
    openapi_extra=NO_CREDENTIALS,
)
def redeem_link(
    request: Request, srv: CurrentServer, uow: PlainUoW, code: Annotated[str, Query(max_length=200)]
) -> RedirectResponse:
    session = accounts.redeem_sign_in_link(
        uow, code, address=client_address(request), agent=request.headers.get("user-agent", ""), now=srv.now
    )
    response = RedirectResponse("/", status_code=303)
    set_session(response, srv, session)
    return response
