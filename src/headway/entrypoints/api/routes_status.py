"""/api/v1/status: the dashboard, as `headway status --json` gives it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from headway.entrypoints.api.deps import CurrentServer, PersonUoW
from headway.entrypoints.api.documents import document, responses

router = APIRouter(tags=["status"])


@router.get("/status", responses=responses("status"), summary="The dashboard: goals, forecasts, tasks, habits")
def status(srv: CurrentServer, uow: PersonUoW) -> Any:
    from headway.entrypoints.cli.status_view import dashboard_payload
    from headway.services.status import dashboard

    return document("status", dashboard_payload(dashboard(uow, srv.today)))


@router.get("/health", tags=["server"], summary="Whether the server answers (no sign-in, no database)")
def health() -> dict[str, str]:
    return {"status": "ok"}
