"""Failures on the pages as pages: the API keeps its JSON envelope, a browser gets HTML it can read, with the
same status codes (404 for anything not the visitor's, 403 for a refused change), and a missing session sends
it to the sign-in page."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from headway.adapters.db.connection import DatabaseError
from headway.domain import errors
from headway.entrypoints.api.deps import SESSION_COOKIE, server
from headway.entrypoints.api.errors import status_of
from headway.entrypoints.api.security import plain_headers
from headway.entrypoints.web.auth import SignInNeeded, signed_in
from headway.entrypoints.web.render import page
from headway.services.accounts import Actor

log = logging.getLogger("headway.web")
Handler = Callable[[Request, Any], Awaitable[Response]]
NAV_LOOKUP_TIMEOUT_S = 1.0  # a busy pool shows the error page without navigation rather than make it wait
TITLES = {403: "Not allowed", 404: "Not found", 405: "Not allowed", 422: "That did not work", 500: "Something broke"}


def is_page(request: Request) -> bool:
    return not request.url.path.startswith(("/api/", "/static/"))


def install(app: FastAPI) -> None:
    """Wraps the API's exception handlers: on a page's path, the page's answer; elsewhere, the API's."""
    for kind in (errors.HeadwayError, RequestValidationError, StarletteHTTPException, Exception):
        api_handler = app.exception_handlers.get(kind)
        if api_handler is not None:
            app.exception_handlers[kind] = _either(api_handler)
    app.exception_handlers[SignInNeeded] = _sign_in


def _either(api_handler: Any) -> Handler:
    async def handler(request: Request, error: Any) -> Response:
        if is_page(request):  # off the event loop: the page looks up who is signed in
            return await run_in_threadpool(error_page, request, error)
        answer: Response = await api_handler(request, error)
        return answer

    return handler


async def _sign_in(request: Request, error: Any) -> Response:
    target = error.back_to if isinstance(error, SignInNeeded) else "/sign-in"
    if request.headers.get("hx-request") == "true":  # htmx follows this header with a full page load
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def error_page(request: Request, error: Exception) -> Response:
    if isinstance(error, errors.HeadwayError):
        status, _code = status_of(error)
        message, hint = error.message, error.hint
        if status == 404:  # never confirm that something exists when it is not the visitor's
            message, hint = "There is nothing here.", "It may have been deleted, or the link is wrong."
    elif isinstance(error, RequestValidationError):
        # A page's parameters come from links: a path that does not parse (/goals/abc) names nothing.
        in_path = any(e.get("loc", ("",))[0] == "path" for e in error.errors())
        status = 404 if in_path else 422
        message = "There is nothing here." if in_path else "This link's parameters are not valid."
        hint = None
    elif isinstance(error, StarletteHTTPException):
        status = error.status_code
        message, hint = ("There is nothing here.", None) if status == 404 else (str(error.detail), None)
    else:
        log.error("page failed: %s", type(error).__name__)  # the class only: values may be personal
        status, message, hint = 500, "The server failed to show this page; nothing was saved.", None
    # The navigation, for a signed-in visitor: not when the database itself is what failed.
    failing = status == 500 or isinstance(error, DatabaseError)
    who, csrf = (None, None) if failing else _signed_in(request)
    answer = page(
        request,
        "error.html",
        who=who,
        csrf=csrf,
        status_code=status,
        title=TITLES.get(status, "Error"),
        message=message,
        hint=hint,
    )
    if status == 500:  # answered outside the security headers' middleware
        answer.headers.update(plain_headers(private=True))
    return answer


def _signed_in(request: Request) -> tuple[Actor | None, str | None]:
    """Who is signed in, and their CSRF token, for the navigation and the sign-out form; (None, None) if no one."""
    if not request.cookies.get(SESSION_COOKIE):
        return None, None
    try:
        with server(request).pool.connection(timeout=NAV_LOOKUP_TIMEOUT_S) as db:
            session = signed_in(request, db)
    except Exception as failure:  # the navigation is a courtesy: the error page must not fail for it
        log.warning("error page shown without navigation: %s", type(failure).__name__)
        return None, None
    return session if session is not None else (None, None)
