"""The Headway server: create_app(settings) builds the FastAPI application (nothing is built at import time)."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI

from headway import __version__
from headway.entrypoints.api import errors
from headway.entrypoints.api.deps import Server
from headway.entrypoints.api.security import RequestLimits, SecurityHeaders
from headway.entrypoints.api.settings import ServerSettings

if TYPE_CHECKING:
    from headway.adapters.db.pool import DatabasePool
    from headway.services.accounts import PasswordHasher, RateLimiter

API = "/api/v1"


def create_app(
    settings: ServerSettings, *, hasher: PasswordHasher | None = None, limiter: RateLimiter | None = None
) -> FastAPI:
    """The application over the settings' database. `hasher` and `limiter` default to Argon2id with the settings'
    costs and to counters in the database (or Redis when HEADWAY_REDIS_URL is set)."""
    from headway.adapters.db.pool import DatabasePool
    from headway.adapters.passwords import Argon2Hasher

    settings.check()
    pool = DatabasePool(settings.database_url, size=settings.pool_size)
    server = Server(
        settings=settings,
        pool=pool,
        hasher=hasher or Argon2Hasher(time_cost=settings.argon2_time_cost, memory_kib=settings.argon2_memory_kib),
        limiter=limiter or _limiter(settings, pool),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if settings.warm_catalog:
            # Unpacking the occupation data and building its matcher takes a second or two: done beside the
            # first requests rather than in one of them.
            threading.Thread(target=_warm, args=(server,), name="warm-catalog", daemon=True).start()
        jobs = None
        if settings.daily_jobs:
            from headway.entrypoints.api.jobs import DailyJobs

            jobs = DailyJobs(server)
            jobs.start()
        yield
        if jobs is not None:
            jobs.stop()
        pool.close()

    app = FastAPI(
        title="Headway",
        version=__version__,
        summary="Career management you own: goals, plans, check-ins, course corrections, occupations and skills.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # the interactive docs are served by docs.py, with no inline script and no CDN
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.server = server
    errors.install(app)
    app.add_middleware(RequestLimits)
    app.add_middleware(SecurityHeaders)  # added last, so outermost: every answer has its headers
    from headway.entrypoints.api import (
        docs,
        routes_account,
        routes_auth,
        routes_data,
        routes_goals,
        routes_occupations,
        routes_status,
        routes_tasks,
        routes_tracking,
    )

    for module in (
        routes_auth,
        routes_account,
        routes_goals,
        routes_tasks,
        routes_tracking,
        routes_occupations,
        routes_data,
        routes_status,
    ):
        app.include_router(module.router, prefix=API)
    docs.install(app)
    _openapi_with_documents(app)
    from headway.entrypoints import web

    web.install(app, server)

    return app


def _openapi_with_documents(app: FastAPI) -> None:
    """The OpenAPI document, with the CLI's JSON schemas as the components the routes' answers refer to."""
    from fastapi.openapi.utils import get_openapi

    from headway.entrypoints.api.documents import components

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, summary=app.summary, routes=app.routes)
            schema.setdefault("components", {}).setdefault("schemas", {}).update(components())
            schema["components"]["securitySchemes"] = {
                "token": {"type": "http", "scheme": "bearer", "description": "a personal API token (hw_...)"},
                "session": {"type": "apiKey", "in": "cookie", "name": "headway_session"},
            }
            schema["security"] = [{"token": []}, {"session": []}]
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _warm(server: Server) -> None:
    """Build the occupation data and its matcher, then move every object made so far (the app, its imports,
    the matcher) out of the collector's reach: they live as long as the worker, and a full collection walking
    them took about 7 ms here, a pause in whichever request it fell."""
    import gc

    server.catalog.matcher  # noqa: B018 - built for its side effect, cached on the store
    gc.freeze()


def _limiter(settings: ServerSettings, pool: DatabasePool) -> RateLimiter:
    if settings.redis_url:
        from headway.adapters.redis_limits import RedisRateLimiter

        return RedisRateLimiter(settings.redis_url)
    from headway.entrypoints.api.security import PooledRateLimiter

    return PooledRateLimiter(pool)
