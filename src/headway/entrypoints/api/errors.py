"""One error envelope for every failure: {"error": {"code", "message", "field", "hint"}}, with the HTTP status
that says what kind of failure it is."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from headway.domain import errors
from headway.entrypoints.api.security import plain_headers
from headway.entrypoints.api.versions import VersionRequired

log = logging.getLogger("headway.api")

# The most specific class first: StaleVersion is a Conflict, TooManyAttempts a HeadwayError.
STATUS: list[tuple[type[errors.HeadwayError], int, str]] = [
    (errors.StaleVersion, 409, "stale_version"),
    (errors.Conflict, 409, "conflict"),
    (errors.Unauthenticated, 401, "unauthenticated"),
    (errors.Forbidden, 403, "forbidden"),
    (errors.TooManyAttempts, 429, "too_many_attempts"),
    (errors.NotFound, 404, "not_found"),
    (errors.NotInitialised, 404, "no_profile"),
    (errors.PlanConflict, 422, "plan_conflict"),
    (errors.ReasonRequired, 422, "reason_required"),
    (errors.Ambiguous, 422, "ambiguous"),
    (VersionRequired, 428, "version_required"),
    (errors.ValidationError, 422, "invalid"),
    (errors.HeadwayError, 422, "invalid"),
]
BODY_UNREADABLE = "There was an error parsing the body"  # FastAPI's words for a body it could not decode
HTTP_CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found", 405: "method_not_allowed"}

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "field": {"type": ["string", "null"]},
                "hint": {"type": ["string", "null"]},
                "current_version": {"type": "integer"},
            },
        }
    },
}


ERROR_DESCRIPTIONS = {
    401: "not signed in, or the session or token is unknown, expired or revoked",
    403: "not allowed: a read-only token, a missing CSRF token, another site, or a role without the right",
    404: "not found, or not the caller's",
    409: "changed since it was read",
    422: "invalid input, naming the field",
    428: "a change that does not say which version it was based on",
    429: "too many attempts: wait Retry-After seconds",
}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` entries of a route's failures, each answered with the one error envelope."""
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    return {code: {"description": ERROR_DESCRIPTIONS[code], "content": error} for code in codes}


def envelope(code: str, message: str, *, field: str | None = None, hint: str | None = None, **extra: Any) -> Any:
    return {"error": {"code": code, "message": message, "field": field, "hint": hint, **extra}}


def status_of(error: errors.HeadwayError) -> tuple[int, str]:
    for kind, status, code in STATUS:
        if isinstance(error, kind):
            return status, code
    return 422, "invalid"  # pragma: no cover - HeadwayError is the last row


def install(app: FastAPI) -> None:
    @app.exception_handler(errors.HeadwayError)
    async def headway_error(_request: Request, error: errors.HeadwayError) -> JSONResponse:
        status, code = status_of(error)
        extra: dict[str, Any] = {}
        headers: dict[str, str] = {}
        if isinstance(error, errors.StaleVersion):
            extra["current_version"] = error.current
            headers["ETag"] = f'"{error.current}"'
        if isinstance(error, errors.TooManyAttempts):
            headers["Retry-After"] = str(error.retry_after)
        if isinstance(error, errors.Unauthenticated):
            headers["WWW-Authenticate"] = 'Bearer realm="headway"'
        body = envelope(code, error.message, field=error.field, hint=error.hint, **extra)
        return JSONResponse(body, status_code=status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0] if error.errors() else {}
        where = [str(part) for part in first.get("loc", ()) if part not in ("body", "query", "path", "header")]
        field = ".".join(where) or None
        message = str(first.get("msg", "The request is not valid."))
        text = f"{field}: {message}" if field else message
        return JSONResponse(
            envelope("invalid", text, field=field, hint="The API's schema is at /api/openapi.json."), status_code=422
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        if error.status_code == 400 and error.detail == BODY_UNREADABLE:
            # FastAPI answers 422 for a body that is not JSON, but 400 for one it cannot even decode (bytes that
            # are not UTF-8); both are invalid input, which every route documents as 422.
            return JSONResponse(
                envelope("invalid", "The request body is not JSON text (UTF-8).", hint="Send a JSON object."),
                status_code=422,
            )
        code = HTTP_CODES.get(error.status_code, "error")
        message = "There is nothing here." if error.status_code == 404 else str(error.detail)
        return JSONResponse(envelope(code, message), status_code=error.status_code, headers=error.headers)

    async def number_out_of_range(_request: Request, error: Exception) -> JSONResponse:
        log.warning("request refused: %s (a number out of range)", type(error).__name__)
        body = envelope("invalid", "A number in the request is out of range.", hint=f"Ids go up to {2**63 - 1}.")
        return JSONResponse(body, status_code=422)

    # A number too large for the database: SQLite's driver cannot convert it (OverflowError), PostgreSQL refuses it
    # (numeric value out of range). It came from the request (an id past BIGINT, say) through a route that did not
    # bound it: the caller's invalid input, not the server's failure. Routes should still bound their ids (MAX_ID).
    app.add_exception_handler(OverflowError, number_out_of_range)
    try:
        from psycopg.errors import NumericValueOutOfRange
    except ImportError:  # pragma: no cover - installed without PostgreSQL support
        pass
    else:
        app.add_exception_handler(NumericValueOutOfRange, number_out_of_range)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        # Database failures roll the transaction back; say so, and log the error class only (never the values).
        log.error("request failed: %s", type(error).__name__)
        # Starlette answers this from its outermost middleware, outside SecurityHeaders: add them here.
        return JSONResponse(
            envelope("server_error", "The server failed to answer this request; nothing was saved."),
            status_code=500,
            headers=plain_headers(private=request.url.path.startswith("/api/v1")),
        )
