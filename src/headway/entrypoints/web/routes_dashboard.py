"""The dashboard: the person's kept status summary (the same document GET /api/v1/status sends) and their
balance, as one calm page."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import Response

from headway.entrypoints.api.deps import CurrentServer
from headway.entrypoints.web.auth import CurrentVisitor
from headway.entrypoints.web.goal_views import tree_depths
from headway.entrypoints.web.render import page

router = APIRouter()


@router.get("/")
def dashboard(request: Request, visitor: CurrentVisitor, srv: CurrentServer) -> Response:
    from headway.entrypoints.api.routes_status import render
    from headway.services.status import kept_status
    from headway.services.tracking import ratings_now

    today = srv.today
    status = json.loads(kept_status(visitor.uow, today, render))
    ratings = ratings_now(visitor.uow) if status["last_checkin"] else []
    titles = {g["id"]: g["title"] for g in status["goals"]}
    return page(
        request,
        "dashboard.html",
        who=visitor.who,
        csrf=visitor.csrf,
        title="Dashboard",
        status=status,
        forecasts={f["goal_id"]: f for f in status["forecasts"]},
        titles=titles,
        depth=tree_depths((g["id"], g["parent_id"]) for g in status["goals"]),
        ratings=ratings,
    )
