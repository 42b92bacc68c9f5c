"""Pages as HTML: the Jinja2 environment (autoescaped, built once per app) and the page response."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from fastapi import Request
from fastapi.responses import HTMLResponse

if TYPE_CHECKING:
    from jinja2 import Environment

    from headway.entrypoints.api.deps import Server
    from headway.services.accounts import Actor

HTMX = "htmx-2.0.11.min.js"  # vendored from the npm registry (htmx.org 2.0.11, Zero-Clause BSD)
NAV = [
    ("/", "Dashboard"),
    ("/goals", "Goals"),
    ("/checkin", "Check in"),
    ("/investments", "Investments"),
    ("/balance", "Balance"),
    ("/occupations", "Occupations"),
    ("/skills", "Skills"),
    ("/settings", "Settings"),
]


@dataclass
class Pages:
    """The templates of one app: made by web.install, kept on app.state."""

    server: Server

    @cached_property
    def attributions(self) -> list[str]:
        """The occupation data's attributions, owed wherever the data is shown: every page's footer."""
        return list(self.server.catalog.attributions())

    @cached_property
    def environment(self) -> Environment:
        from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

        from headway.entrypoints.web import filters

        env = Environment(
            loader=PackageLoader("headway.entrypoints.web", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,  # a misspelt name in a template fails its test, not silently renders ""
            trim_blocks=True,
            lstrip_blocks=True,
            # The templates ship in the package: no file-change check (a stat() per template and include on
            # every page, hundreds on a long plan's page).
            auto_reload=False,
        )
        env.filters.update(filters.FILTERS)
        env.globals.update(nav=NAV, htmx=HTMX)
        return env


def pages(request: Request) -> Pages:
    found: Pages = request.app.state.pages
    return found


def page(
    request: Request,
    template: str,
    *,
    who: Actor | None = None,
    csrf: str | None = None,
    status_code: int = 200,
    title: str = "",
    **context: Any,
) -> HTMLResponse:
    """The template rendered for this request: the layout needs who is signed in, their CSRF token (every form
    and htmx request sends it), the current path (the navigation marks it) and the data's attributions."""
    found = pages(request)
    html = found.environment.get_template(template).render(
        request_path=request.url.path,
        who=who,
        csrf=csrf,
        title=title,
        attributions=found.attributions,
        partial=request.headers.get("hx-request") == "true" and request.headers.get("hx-boosted") != "true",
        **context,
    )
    return HTMLResponse(html, status_code=status_code, headers={"Cache-Control": "no-store", "Vary": "HX-Request"})
