"""The web pages: server-rendered HTML (Jinja2) with htmx for partial updates, over the same services as the
CLI and the JSON API. install(app) adds them to the server's app; nothing is built at import time."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from headway.entrypoints.api.deps import Server


def install(app: FastAPI, server: Server) -> None:
    from pathlib import Path

    from fastapi.staticfiles import StaticFiles

    from headway.entrypoints.web import (
        errors,
        routes_account,
        routes_checkin,
        routes_dashboard,
        routes_goals,
        routes_occupations,
        routes_settings,
        routes_skills,
        routes_tasks,
        routes_tracking,
    )
    from headway.entrypoints.web.render import Pages

    app.state.pages = Pages(server)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    for module in (
        routes_account,
        routes_dashboard,
        routes_goals,
        routes_tasks,
        routes_checkin,
        routes_tracking,
        routes_occupations,
        routes_skills,
        routes_settings,
    ):
        app.include_router(module.router, include_in_schema=False)
    errors.install(app)
