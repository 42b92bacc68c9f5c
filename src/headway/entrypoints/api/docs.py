"""The interactive API docs at /api/docs: Swagger UI served from this server (vendored under static/)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).with_name("static")

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Headway API</title>
<link rel="stylesheet" href="/api/static/swagger-ui/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api/static/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/api/static/docs.js"></script>
</body>
</html>
"""


def install(app: FastAPI) -> None:
    app.mount("/api/static", StaticFiles(directory=STATIC), name="api-static")

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return HTMLResponse(PAGE)
