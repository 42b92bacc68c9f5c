"""Security headers on every response, and the database-backed rate limiter borrowing from the pool."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from headway.adapters.db.pool import DatabasePool

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
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class PooledRateLimiter:
    """The SQL rate limiter on a connection borrowed for each call, in its own transaction."""

    def __init__(self, pool: DatabasePool) -> None:
        self.pool = pool

    def hit(self, key: str, *, limit: int, window: timedelta, now: datetime) -> int | None:
        from headway.adapters.db.accounts import SqlRateLimiter

        with self.pool.connection() as db:
            return SqlRateLimiter(db).hit(key, limit=limit, window=window, now=now)

    def blocked(self, key: str, *, limit: int, window: timedelta, now: datetime) -> int | None:
        from headway.adapters.db.accounts import SqlRateLimiter

        with self.pool.connection() as db:
            return SqlRateLimiter(db).blocked(key, limit=limit, window=window, now=now)
