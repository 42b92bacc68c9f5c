"""Every page of the web app the browser tests visit, and how to visit one. Add a page here and the accessibility
scan, the phone-width check, the focus check and the screenshots all cover it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Page, ViewportSize

    from tests.browser.conftest import LiveServer, OpenPage, Person, Who

DEMO_GOAL = "Become a sales manager"  # the demo's main goal: a plan, a baseline, a target occupation
SCREENSHOTS = Path(__file__).parents[2] / "docs" / "screenshots"


@dataclass(frozen=True)
class Visit:
    """A page: its path ({goal} is the demo's main goal, {task} the demo's first task), who looks at it, the status
    it answers, and the name of its screenshot in docs/screenshots (None: not one of the main pages)."""

    name: str
    path: str
    who: Who = "demo"
    status: int = 200
    shot: str | None = None

    def url(self, person: Person | None) -> str:
        goals, tasks = (person.goals, person.tasks) if person else ({}, {})
        return self.path.format(goal=goals.get(DEMO_GOAL, 0), task=min(tasks.values(), default=0))


PAGES = [
    Visit("sign-in", "/sign-in", who="anyone", shot="sign-in"),
    Visit("sign-up", "/sign-up", who="anyone"),
    Visit("dashboard-empty", "/", who="newcomer", shot="dashboard-empty"),
    Visit("dashboard", "/", shot="dashboard"),
    Visit("goals", "/goals", shot="goals"),
    Visit("goal", "/goals/{goal}", shot="goal"),
    Visit("goal-edit", "/goals/{goal}/edit"),
    Visit("task-edit", "/tasks/{task}/edit", shot="task-edit"),
    Visit("checkin", "/checkin", shot="checkin"),
    Visit("investments", "/investments", shot="investments"),
    Visit("balance", "/balance", shot="balance"),
    Visit("occupations", "/occupations", shot="occupations"),
    Visit("occupation", "/occupations/11-2022.00", shot="occupation"),
    Visit("routes", "/occupations/41-4012.00?to=sales+manager", shot="routes"),
    Visit("skills", "/skills", shot="skills"),
    Visit("settings", "/settings", shot="settings"),
    Visit("about", "/about", who="anyone"),
    Visit("not-found", "/goals/999999", status=404),
]
PAGE_PARAMS = [pytest.param(visit, id=visit.name) for visit in PAGES]
# The sweeps of every page run on SQLite only: a page's markup, layout and console are the same on either database,
# and tests/web renders every page on both. (Drop this mark from a module to sweep PostgreSQL as well.)
SQLITE_ONLY = pytest.mark.parametrize(
    "live_server", [pytest.param("sqlite", id="sqlite")], indirect=True, scope="module"
)


@dataclass
class Opened:
    """A page opened as its visitor, with the console's errors as they happen."""

    page: Page
    console: list[str]


def open_as(
    visit: Visit,
    open_page: OpenPage,
    live_server: LiveServer,
    people: dict[Who, Person | None],
    *,
    viewport: ViewportSize | None = None,
) -> Opened:
    """Open the page as its visitor; fail, naming the page, when it answers another status than the one expected."""
    person = people[visit.who]
    url = visit.url(person)
    page = open_page(person, viewport=viewport) if viewport else open_page(person)
    console = watch_console(page)
    answer = page.goto(url)
    assert answer is not None
    built = "" if answer.status != 404 else ": is this page built yet?"
    if answer.status != visit.status:
        pytest.fail(f"GET {url} answered {answer.status}, not {visit.status}{built}", pytrace=False)
    if visit.who != "anyone" and page.url.startswith(f"{live_server.url}/sign-in"):
        pytest.fail(f"GET {url} sent {visit.who} to the sign-in page", pytrace=False)
    return Opened(page, console)


def watch_console(page: Page) -> list[str]:
    """The console's errors and the page's uncaught exceptions, as they happen (a CSP violation is one)."""
    found: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            found.append(f"console: {message.text} ({message.location.get('url', '')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: found.append(f"uncaught: {error}"))
    return found


def screenshot_folder(tmp_path: Path) -> Path:
    """docs/screenshots when HEADWAY_SCREENSHOTS=1 (kept, for the README); otherwise the test's own tmp folder,
    so a test run never changes the checkout."""
    if os.environ.get("HEADWAY_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        return SCREENSHOTS
    return tmp_path
