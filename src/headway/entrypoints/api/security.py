"""Security headers on every response, and the database-backed rate limiter."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from headway.adapters.db.connection import Database
    from headway.adapters.db.pool import DatabasePool
    from headway.services.accounts import RateLimiter

# No inline script anywhere; styles may be inline (Swagger UI sets them), frames are refused.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]

NO_STORE = (b"cache-control", b"no-store")


def plain_headers(*, private: bool) -> dict[str, str]:
    """The headers above as a dict, for an answer made outside this middleware (see errors.unexpected)."""
    pairs = [*HEADERS, NO_STORE] if private else HEADERS
    return {name.decode(): value.decode() for name, value in pairs}


class SecurityHeaders:
    """A plain ASGI middleware (no per-request task, unlike BaseHTTPMiddleware): adds the headers above, and
    no-store to API answers, which carry personal data."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        private = scope["path"].startswith("/api/v1")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[Any] = list(message.get("headers", []))
                headers.extend(HEADERS)
                if private:
                    headers.append(NO_STORE)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class PooledRateLimiter:
    """The SQL rate limiter. Within a request it must run `on` the request's own connection: borrowing a second
    one from the pool would let requests that hold every connection wait on each other until the pool times out
    (a few sign-ins at once stopped a PostgreSQL server). Outside a request it borrows one for each call."""

    def __init__(self, pool: DatabasePool) -> None:
        self.pool = pool

    def on(self, db: Database) -> RateLimiter:
        from headway.adapters.db.accounts import SqlRateLimiter

        return SqlRateLimiter(db)

    def hit(self, key: str, *, limit: int, window: timedelta, now: datetime) -> int | None:
        with self.pool.connection() as db:
            return self.on(db).hit(key, limit=limit, window=window, now=now)

    def blocked(self, key: str, *, limit: int, window: timedelta, now: datetime) -> int | None:
        with self.pool.connection() as db:
            return self.on(db).blocked(key, limit=limit, window=window, now=now)


MAX_BODY = 20 * 1024 * 1024  # the largest request body (an import of a long career record is a few MB)


class RequestLimits:
    """Refuses, before any route sees it, a body larger than MAX_BODY (413) and text holding the NUL character
    in the body or the query (422): PostgreSQL cannot store it, and no field has a use for it, so both
    databases refuse it alike. Inside SecurityHeaders, so its answers carry the headers too."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if b"%00" in scope.get("query_string", b""):
            await _refuse(send, 422, "The query holds the NUL character (%00), which no field accepts.")
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client left: let the app see it
                await self.app(scope, _replay([message], receive), send)
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY:
                await _refuse(send, 413, f"The request body is larger than {MAX_BODY // (1024 * 1024)} MB.")
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if b"\\u0000" in body or b"\x00" in body:
            await _refuse(send, 422, "The request holds the NUL character (\\u0000), which no field accepts.")
            return
        await self.app(scope, _replay([{"type": "http.request", "body": body, "more_body": False}], receive), send)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """The messages already read, then the connection's own (a streaming answer listens there for the client
    leaving: answering that it left at once would cut the answer short)."""
    pending = list(messages)

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay


async def _refuse(send: Send, status: int, message: str) -> None:
    import json

    body = json.dumps({"error": {"code": "invalid", "message": message, "field": None, "hint": None}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
