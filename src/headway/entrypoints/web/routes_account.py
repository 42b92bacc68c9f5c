"""Sign in, sign up and sign out, as pages. The form's values stay in it on an error, the password excepted."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from headway.domain.errors import HeadwayError
from headway.entrypoints.api.deps import (
    SESSION_COOKIE,
    CurrentServer,
    PlainUoW,
    RequestLimiter,
    client_address,
)
from headway.entrypoints.api.routes_auth import set_session
from headway.entrypoints.web.auth import CurrentVisitor, Form, form_fields
from headway.entrypoints.web.render import page
from headway.services import accounts

router = APIRouter()


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only (never //elsewhere or a full URL)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def field_errors(error: HeadwayError, default: str = "") -> dict[str, str]:
    """An error beside its field: the service names the field; otherwise it heads the form."""
    text = error.message + (f" {error.hint}" if error.hint and error.field is None else "")
    return {error.field or default: text}


@router.get("/sign-in")
def sign_in_page(request: Request, next: str = "/") -> Response:
    return page(request, "sign_in.html", title="Sign in", values={"email": ""}, errors={}, next=safe_next(next))


@router.post("/sign-in")
def sign_in(
    request: Request,
    form: Annotated[dict[str, str], Depends(form_fields)],
    srv: CurrentServer,
    uow: PlainUoW,
    limiter: RequestLimiter,
) -> Response:
    target = safe_next(form.get("next"))
    try:
        session = accounts.sign_in(
            uow,
            srv.hasher,
            limiter,
            email=form.get("email", ""),
            password=form.get("password", ""),
            address=client_address(request),
            agent=request.headers.get("user-agent", ""),
            now=srv.now,
        )
    except HeadwayError as error:
        values = {"email": form.get("email", "")}
        status = 429 if type(error).__name__ == "TooManyAttempts" else 401 if error.field is None else 422
        return page(
            request, "sign_in.html", title="Sign in", values=values, errors=field_errors(error), next=target,
            status_code=status,
        )  # fmt: skip
    answer = RedirectResponse(target, status_code=303)
    set_session(answer, srv, session)
    return answer


@router.get("/sign-up")
def sign_up_page(request: Request, srv: CurrentServer) -> Response:
    values = {"name": "", "email": "", "invitation": request.query_params.get("invitation", "")}
    policy = srv.settings.signup
    return page(request, "sign_up.html", title="Create your account", values=values, errors={}, policy=policy)


@router.post("/sign-up")
def sign_up(request: Request, form: Form, srv: CurrentServer, uow: PlainUoW, limiter: RequestLimiter) -> Response:
    now = srv.now
    try:
        account = accounts.sign_up(
            uow,
            srv.hasher,
            email=form.get("email", ""),
            password=form.get("password", ""),
            name=form.get("name", ""),
            policy=srv.settings.signup,
            invitation=form.get("invitation") or None,
            address=client_address(request),
            limiter=limiter,
            now=now,
        )
    except HeadwayError as error:
        values = {key: form.get(key, "") for key in ("name", "email", "invitation")}
        return page(
            request, "sign_up.html", title="Create your account", values=values, errors=field_errors(error),
            policy=srv.settings.signup, status_code=422,
        )  # fmt: skip
    session = accounts.open_session(
        uow, account, address=client_address(request), agent=request.headers.get("user-agent", ""), now=now
    )
    answer = RedirectResponse("/", status_code=303)
    set_session(answer, srv, session)
    return answer


@router.post("/sign-out")
def sign_out(request: Request, visitor: CurrentVisitor, srv: CurrentServer, uow: PlainUoW) -> Response:
    accounts.sign_out(uow, visitor.who, address=client_address(request), now=srv.now)
    answer = RedirectResponse("/sign-in", status_code=303)
    answer.delete_cookie(SESSION_COOKIE, path="/")
    return answer
