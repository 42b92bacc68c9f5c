"""/api/v1/status: the dashboard, as `headway status --json` gives it, from the person's kept summary.

The route is the one every client polls, so it does not go through the dependency chain: one statement finds
who is asking and their kept summary together (adapters/db/summaries.py), and the stored JSON is sent as it
is. Only when the summary no longer holds (their data changed, a new day) is the dashboard computed, by
services.status.kept_status, and kept for the next request.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from headway.adapters.db import SqlUnitOfWork
from headway.adapters.db.pool import PoolBusy
from headway.entrypoints.api.deps import Server, admit, client_address, credentials, server
from headway.entrypoints.api.documents import SCHEMA_VERSION, responses
from headway.services import accounts

router = APIRouter(tags=["status"])
NO_WAIT_S = 0.001  # on the event loop, a connection is taken only if one is free almost at once


def render(board: Any) -> str:
    from headway.entrypoints.cli.status_view import dashboard_payload

    return json.dumps({"kind": "status", "version": SCHEMA_VERSION, **dashboard_payload(board)}, ensure_ascii=False)


@router.get("/status", responses=responses("status"), summary="The dashboard: goals, forecasts, tasks, habits")
async def status(request: Request) -> Response:
    # Asynchronous on purpose: the usual answer is one statement of a few tenths of a millisecond, cheaper run
    # here than handed to the thread pool. Computing a dashboard (its owner's first request since a change or
    # a new day) and marking a token's use (hourly) are blocking work, and go to the thread pool.
    srv = server(request)
    kind, secret = credentials(request)
    try:
        who, text = _lookup(request, srv, kind, secret, wait=NO_WAIT_S)
    except PoolBusy:  # every connection is busy computing: wait for one in the thread pool, not here
        who, text = await run_in_threadpool(_lookup, request, srv, kind, secret)
    if text is None or accounts.use_to_mark(who, srv.now):
        text = await run_in_threadpool(_computed, request, srv, who, text)
    return Response(text, media_type="application/json")


def _lookup(
    request: Request, srv: Server, kind: str, secret: str, wait: float | None = None
) -> tuple[accounts.Actor, str | None]:
    """Who is asking and their kept summary, if it holds: one statement. With `wait`, PoolBusy when no
    connection is free by then (the event loop must not block waiting for one)."""
    from headway.adapters.db.summaries import session_and_summary, token_and_summary
    from headway.services.status import SUMMARY_FORMAT

    now, today = srv.now, srv.today
    with srv.pool.connection(timeout=wait) as db:
        if kind == "token":
            found = token_and_summary(db, accounts.digest(secret), today, SUMMARY_FORMAT)
        else:
            oldest = now - accounts.SESSION_MAX
            found = session_and_summary(
                db, accounts.digest(secret), now=now, oldest=oldest, today=today, form=SUMMARY_FORMAT
            )
    who = admit(request, srv, found[0] if found else None, kind, secret)
    return who, found[1] if found else None


def _computed(request: Request, srv: Server, who: accounts.Actor, text: str | None) -> str:
    """The blocking part: the token's or session's use marked, and the dashboard computed and kept if need be."""
    from headway.services.status import kept_status

    with srv.pool.connection() as db:
        accounts.mark_use(SqlUnitOfWork(db, stamps=False), who, address=client_address(request), now=srv.now)
        if text is None:
            text = kept_status(SqlUnitOfWork(db, who.person_id), srv.today, render)
    return text


@router.get("/health", tags=["server"], summary="Whether the server answers (no sign-in, no database)")
async def health() -> dict[str, str]:
    return {"status": "ok"}
