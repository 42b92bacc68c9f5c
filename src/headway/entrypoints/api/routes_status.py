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

from headway.adapters.db import SqlUnitOfWork
from headway.entrypoints.api.deps import admit, client_address, credentials, server
from headway.entrypoints.api.documents import SCHEMA_VERSION, responses
from headway.services import accounts

router = APIRouter(tags=["status"])


def render(board: Any) -> str:
    from headway.entrypoints.cli.status_view import dashboard_payload

    return json.dumps({"kind": "status", "version": SCHEMA_VERSION, **dashboard_payload(board)}, ensure_ascii=False)


@router.get("/status", responses=responses("status"), summary="The dashboard: goals, forecasts, tasks, habits")
def status(request: Request) -> Response:
    from headway.adapters.db.summaries import session_and_summary, token_and_summary
    from headway.services.status import SUMMARY_FORMAT, kept_status

    srv = server(request)
    now, today = srv.now, srv.today
    kind, secret = credentials(request)
    with srv.pool.connection() as db:
        if kind == "token":
            found = token_and_summary(db, accounts.digest(secret), today, SUMMARY_FORMAT)
        else:
            oldest = now - accounts.SESSION_MAX
            found = session_and_summary(
                db, accounts.digest(secret), now=now, oldest=oldest, today=today, form=SUMMARY_FORMAT
            )
        who = admit(request, srv, found[0] if found else None, kind, secret)
        text = found[1] if found else None
        accounts.mark_use(SqlUnitOfWork(db, stamps=False), who, address=client_address(request), now=now)
        if text is None:
            text = kept_status(SqlUnitOfWork(db, who.person_id), today, render)
    return Response(text, media_type="application/json")


@router.get("/health", tags=["server"], summary="Whether the server answers (no sign-in, no database)")
async def health() -> dict[str, str]:
    return {"status": "ok"}
