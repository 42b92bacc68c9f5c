"""/api/v1/account: password, sessions, personal API tokens, invitations and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, Field

from headway.entrypoints.api.deps import (
    MAX_ID,
    SESSION_COOKIE,
    CurrentActor,
    CurrentServer,
    PlainUoW,
    SessionActor,
    client_address,
)
from headway.entrypoints.api.errors import error_responses
from headway.entrypoints.api.pages import Page, page_of
from headway.services import accounts

router = APIRouter(prefix="/account", tags=["account"])


class PasswordChange(BaseModel):
    current_password: str = Field(max_length=accounts.MAX_PASSWORD)
    new_password: str = Field(max_length=accounts.MAX_PASSWORD, description="at least 10 characters")


class TokenIn(BaseModel):
    name: str = Field(max_length=100, description="what the token is for, e.g. 'laptop CLI'")
    scope: Literal["read", "write"] = "read"


class TokenOut(BaseModel):
    id: int
    name: str
    scope: Literal["read", "write"]
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class NewToken(BaseModel):
    token: TokenOut
    secret: str = Field(description="shown this once; Headway keeps only its hash")


class SessionItem(BaseModel):
    created_at: datetime
    seen_at: datetime
    expires_at: datetime
    user_agent: str
    current: bool


class AuditItem(BaseModel):
    id: int
    at: datetime
    event: str
    detail: str
    address: str


class InvitationIn(BaseModel):
    email: str = Field(max_length=254)


class InvitationOut(BaseModel):
    email: str
    code: str = Field(description="give it to the person; sign-up asks for it")


def _token_out(token: accounts.Token) -> TokenOut:
    return TokenOut(**token.__dict__)


@router.post(
    "/password",
    status_code=204,
    summary="Change the password; ends every other session",
    responses=error_responses(401, 403, 422),
)
def change_password(
    body: PasswordChange, request: Request, who: SessionActor, srv: CurrentServer, uow: PlainUoW
) -> Response:
    accounts.change_password(
        uow,
        srv.hasher,
        who,
        current=body.current_password,
        new=body.new_password,
        address=client_address(request),
        now=srv.now,
    )
    return Response(status_code=204)


@router.post(
    "/sign-out-everywhere",
    status_code=204,
    summary="End every session of this account, this one too",
    responses=error_responses(401, 403),
)
def sign_out_everywhere(request: Request, who: CurrentActor, srv: CurrentServer, uow: PlainUoW) -> Response:
    accounts.sign_out_everywhere(uow, who, address=client_address(request), now=srv.now)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/sessions", summary="The account's open sessions", responses=error_responses(401))
def sessions(who: CurrentActor, srv: CurrentServer, uow: PlainUoW) -> list[SessionItem]:
    return [
        SessionItem(
            created_at=s.created_at,
            seen_at=s.seen_at,
            expires_at=s.expires_at,
            user_agent=s.user_agent,
            current=s.id_hash == who.session_hash,
        )
        for s in accounts.list_sessions(uow, who, srv.now)
    ]


@router.get(
    "/tokens", summary="The account's personal API tokens (never their secrets)", responses=error_responses(401)
)
def tokens(who: CurrentActor, uow: PlainUoW) -> list[TokenOut]:
    return [_token_out(t) for t in accounts.list_tokens(uow, who)]


@router.post(
    "/tokens",
    status_code=201,
    summary="Create a personal API token; its secret is shown once",
    responses=error_responses(401, 403, 422),
)
def create_token(body: TokenIn, request: Request, who: SessionActor, srv: CurrentServer, uow: PlainUoW) -> NewToken:
    token, secret = accounts.create_token(
        uow, who, name=body.name, scope=body.scope, address=client_address(request), now=srv.now
    )
    return NewToken(token=_token_out(token), secret=secret)


@router.delete(
    "/tokens/{token_id}", status_code=204, summary="Revoke a token", responses=error_responses(401, 403, 404, 422)
)
def revoke_token(
    token_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    request: Request,
    who: SessionActor,
    srv: CurrentServer,
    uow: PlainUoW,
) -> Response:
    accounts.revoke_token(uow, who, token_id, address=client_address(request), now=srv.now)
    return Response(status_code=204)


@router.get(
    "/audit",
    summary="The account's audit log: sign-ins, token use, sharing and account changes",
    responses=error_responses(401, 422),
)
def audit(
    who: CurrentActor,
    uow: PlainUoW,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    before: Annotated[int | None, Query(ge=1, le=MAX_ID, description="the id of the oldest entry already seen")] = None,
) -> Page[AuditItem]:
    entries = accounts.audit_log(uow, who, limit=limit + 1, before=before)
    items = [AuditItem(id=e.id, at=e.at, event=e.event, detail=e.detail, address=e.address) for e in entries]
    return page_of(items, limit, cursor=lambda item: item.id)


@router.post(
    "/invitations",
    status_code=201,
    summary="Invite someone by email (administrators)",
    responses=error_responses(401, 403, 422),
)
def invite(body: InvitationIn, request: Request, who: SessionActor, srv: CurrentServer, uow: PlainUoW) -> InvitationOut:
    code = accounts.invite(uow, who, email=body.email, address=client_address(request), now=srv.now)
    return InvitationOut(email=accounts.normalise_email(body.email), code=code)
