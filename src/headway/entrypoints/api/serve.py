"""Running the server: the app factory uvicorn's workers call, an access log with no secrets in it, and the
one-time sign-in link of a local server."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from headway.entrypoints.api.settings import ServerSettings

if TYPE_CHECKING:
    from fastapi import FastAPI
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

ENV_URL, ENV_HOME = "HEADWAY_DATABASE_URL", "HEADWAY_HOME"
ENV_HOST, ENV_PORT = "HEADWAY_SERVE_HOST", "HEADWAY_SERVE_PORT"
access = logging.getLogger("headway.access")


def settings_from_env(env: dict[str, str] | None = None) -> ServerSettings:
    env = dict(os.environ if env is None else env)
    from headway.entrypoints.cli.settings import DB_FILE, data_dir

    home = data_dir()
    return ServerSettings.from_env(
        env,
        database_url=env.get(ENV_URL) or str(home / DB_FILE),
        host=env.get(ENV_HOST, "127.0.0.1"),
        port=int(env.get(ENV_PORT, "8000")),
        data_dir=Path(env[ENV_HOME]) if env.get(ENV_HOME) else home,
    )


def app_from_env() -> FastAPI:
    """What each worker runs (`uvicorn --factory headway.entrypoints.api.serve:app_from_env`)."""
    from headway.entrypoints.api.app import create_app

    configure_logging()  # in each worker process: the parent's set-up does not reach them

    app = create_app(settings_from_env())
    app.add_middleware(AccessLog)
    return app


def configure_logging() -> None:
    """Headway's log lines (the access log, the scheduler) on standard error, unless logging is set up already."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")


class AccessLog:
    """One line per request: method, path (never the query string, which may hold a sign-in code), status and
    time. Headers (tokens, cookies) are never logged."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def record(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record)
        finally:
            ms = (time.perf_counter() - started) * 1000
            access.info("%s %s %d %.1fms", scope["method"], scope["path"], status, ms)


def sign_in_link(settings: ServerSettings) -> str:
    """A one-time link signing in the local account (created, for the database's person, when missing)."""
    from headway.adapters.db import SqlUnitOfWork, open_database
    from headway.services import accounts

    db = open_database(settings.database_url)
    try:
        uow = SqlUnitOfWork(db)
        now = settings.clock()
        account = accounts.local_account(uow, name="Me", now=now)
        code = accounts.create_sign_in_link(uow, account, now)
    finally:
        db.close()
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    return f"http://{host}:{settings.port}/api/v1/auth/link?code={code}"
