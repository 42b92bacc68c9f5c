"""The web app in a real browser: Debian's Chromium driven by Playwright for Python, against the real app served
by uvicorn on a free port of 127.0.0.1, over a fresh database (SQLite, and PostgreSQL when HEADWAY_TEST_DATABASE_URL
is set), with the tests' fixed clock.

Fixtures:
- `browser` (session): one headless Chromium for the whole run (per xdist worker). `axe` (session): axe-core's
  script, for tests/browser/test_accessibility.py.
- `live_server` (module, once per backend): the running app; `.url` (pages also take paths: the contexts' base
  URL is set), `.load_demo(person)` (returns the person with the demo's goal ids), `.uow_of(person_id)`.
- `open_page(person=None, viewport=DESKTOP)` (function): a page in a new browser context of its own (its own
  cookies), signed in as `person` when given; every context is closed after the test. `read_page` is the same for
  tests that only look: one context per person and size, shared by the module's tests.
- `page` (function): an anonymous desktop page. `person` (function): someone new, signed up through the sign-up
  page in `page`, which is then signed in as them.
- `newcomer` and `demo_person` (module): signed up once per module through the sign-up page; the newcomer has
  nothing yet, the demo person has Sam's year (services/demo.py). Open pages as them with `open_page(demo_person)`;
  do not sign them out (the module's other tests share their session). `people` maps tests/browser/pages.py's
  visitors ("anyone", "newcomer", "demo") to them.

Without Chromium (or without axe-core, for the accessibility scan) the tests are skipped with the way to install
it; under CI (CI=true, which .ci/run sets) they fail instead: CI must never pass by skipping them.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NoReturn, Protocol

import pytest

from tests.api.conftest import PASSWORD, settings_for
from tests.conftest import BACKENDS, TODAY, fresh_database

if TYPE_CHECKING:
    from fastapi import FastAPI
    from playwright.sync_api import Browser, BrowserContext, Page, StorageState, ViewportSize

    from headway.adapters.db import SqlUnitOfWork
    from headway.entrypoints.api.settings import ServerSettings

CHROMIUM = Path(os.environ.get("HEADWAY_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",  # the CI container runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",  # no request leaves the machine: nothing but the test server is reached
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
Who = Literal["anyone", "newcomer", "demo"]  # who looks at a page: signed out, someone new, or the demo person
INSTALL_CHROMIUM = "install it with `sudo apt-get install chromium` (or `make browser-deps`)"
INSTALL_AXE = "install it with `make browser-deps` (runs `npm ci --prefix tests/browser`; needs npm)"


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().casefold() in {"1", "true", "yes"}


def unavailable(reason: str) -> NoReturn:
    """Skip on a developer's machine, saying how to install what is missing; under CI, fail with the same words."""
    if under_ci():
        pytest.fail(f"{reason} — CI=true, so the browser tests must run, not be skipped.", pytrace=False)
    pytest.skip(reason)


def chromium_missing(path: Path) -> str | None:
    """Why Chromium at `path` cannot be started, or None when it can be tried."""
    if not path.is_file():
        return f"Chromium is not installed at {path}: {INSTALL_CHROMIUM}, or set HEADWAY_CHROMIUM to its path."
    if not os.access(path, os.X_OK):
        return f"{path} is not executable, so Chromium cannot start: {INSTALL_CHROMIUM}."
    return None


def axe_source() -> str:
    """axe-core's script, from tests/browser/node_modules (pinned by package-lock.json)."""
    if not AXE.is_file():
        unavailable(f"axe-core is not installed in tests/browser/node_modules: {INSTALL_AXE}.")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def axe() -> str:
    """axe-core's script (session-scoped, so a missing one is reported before any server starts)."""
    return axe_source()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    problem = chromium_missing(CHROMIUM)
    if problem:
        unavailable(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # executable_path: Debian's Chromium, never a browser Playwright would download.
        found = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield found
        finally:
            found.close()


@dataclass(frozen=True)
class Person:
    """Someone with an account, and the cookies of their signed-in session (a new context opens signed in)."""

    name: str
    email: str
    person_id: int
    state: StorageState
    password: str = PASSWORD
    goals: dict[str, int] = field(default_factory=dict)  # the demo's goal ids by title, once it is loaded
    tasks: dict[str, int] = field(default_factory=dict)  # and its tasks' ids


@dataclass
class LiveServer:
    """The app running on a free port of 127.0.0.1, over a database of its own."""

    url: str
    app: FastAPI
    settings: ServerSettings

    @property
    def backend(self) -> str:
        return "postgres" if self.settings.database_url.startswith("postgresql") else "sqlite"

    @contextmanager
    def uow_of(self, person_id: int | None = None) -> Iterator[SqlUnitOfWork]:
        """A unit of work on the server's database, scoped to one person's record when `person_id` is given."""
        from headway.adapters.db import SqlUnitOfWork, open_database

        db = open_database(self.settings.database_url)
        try:
            yield SqlUnitOfWork(db, person_id=person_id)
        finally:
            db.close()

    def person_id_of(self, email: str) -> int:
        with self.uow_of() as uow:
            row = uow.db.one("SELECT person_id FROM accounts WHERE email = :email", {"email": email})
        assert row is not None, f"no account for {email}"
        return int(row["person_id"])

    def load_demo(self, person: Person) -> Person:
        """Sam's year (services/demo.py, with the occupation data) built into `person`'s record, as of TODAY."""
        from headway.services.demo import build_demo

        with self.uow_of(person.person_id) as uow:
            build_demo(uow, today=TODAY, catalog=self.app.state.server.catalog)
            goals = {goal.title: goal.id for goal in uow.goals.for_person(person.person_id) if goal.id is not None}
            tasks = {task.title: task.id for goal in goals.values() for task in uow.tasks.for_goal(goal)}
        return replace(person, goals=goals, tasks={title: i for title, i in tasks.items() if i is not None})


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Run `app` with uvicorn in a background thread on a free port; yield its base URL, then stop it."""
    import uvicorn

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))  # port 0: the system picks a free one, so xdist's workers never collide
    port = listener.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on", ws="none")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    # uvicorn offers no start-up callback: poll its flag (it is set once the lifespan has run and it listens).
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            listener.close()
            pytest.fail("the test server did not start (see the log above)", pytrace=False)
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listener.close()


@pytest.fixture(scope="session")
def occupation_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One data folder for every live server of this worker: the occupation data is unpacked into it once."""
    return tmp_path_factory.mktemp("occupations")


@contextmanager
def running_server(backend: str, folder: Path, occupation_home: Path) -> Iterator[LiveServer]:
    """The app with the tests' settings (fixed clock, cheap Argon2id) over a fresh database, served live."""
    from headway.entrypoints.api.app import create_app

    with fresh_database(backend, folder) as database_url:
        settings = settings_for(database_url, folder, data_dir=occupation_home)
        app = create_app(settings)
        with serving(app) as url:
            yield LiveServer(url=url, app=app, settings=settings)


@pytest.fixture(scope="module", params=BACKENDS)
def live_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, occupation_home: Path
) -> Iterator[LiveServer]:
    with running_server(request.param, tmp_path_factory.mktemp("live"), occupation_home) as found:
        yield found


class OpenPage(Protocol):
    def __call__(self, person: Person | None = None, *, viewport: ViewportSize = DESKTOP) -> Page: ...


def new_context(
    browser: Browser, live_server: LiveServer, person: Person | None, viewport: ViewportSize
) -> BrowserContext:
    """A browser context (cookies, storage) of its own, on the live server, signed in as `person` when given."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport=viewport,
        storage_state=person.state if person else None,
        locale="en-GB",
        timezone_id="UTC",
    )
    context.set_default_timeout(10_000)  # a page that has not answered in 10 s is a failure, not a wait
    return context


@contextmanager
def contexts(browser: Browser, live_server: LiveServer) -> Iterator[OpenPage]:
    """A way to open pages, each in a context of its own; every context is closed on the way out."""
    opened: list[BrowserContext] = []

    def open_page(person: Person | None = None, *, viewport: ViewportSize = DESKTOP) -> Page:
        opened.append(new_context(browser, live_server, person, viewport))
        return opened[-1].new_page()

    try:
        yield open_page
    finally:
        for context in opened:
            context.close()


@pytest.fixture
def open_page(browser: Browser, live_server: LiveServer) -> Iterator[OpenPage]:
    with contexts(browser, live_server) as opener:
        yield opener


@pytest.fixture
def page(open_page: OpenPage) -> Page:
    return open_page()


@pytest.fixture(scope="module")
def shared_contexts(browser: Browser, live_server: LiveServer) -> Iterator[dict[tuple[str, int, int], BrowserContext]]:
    found: dict[tuple[str, int, int], BrowserContext] = {}
    yield found
    for context in found.values():
        context.close()


@pytest.fixture
def read_page(
    browser: Browser, live_server: LiveServer, shared_contexts: dict[tuple[str, int, int], BrowserContext]
) -> Iterator[OpenPage]:
    """Like `open_page`, for tests that only look: a module's pages for one person at one size share a context
    (starting one per test cost more than the test), so never sign out or change anything through them."""
    pages: list[Page] = []

    def open_page(person: Person | None = None, *, viewport: ViewportSize = DESKTOP) -> Page:
        key = (person.email if person else "", viewport["width"], viewport["height"])
        if key not in shared_contexts:
            shared_contexts[key] = new_context(browser, live_server, person, viewport)
        pages.append(shared_contexts[key].new_page())
        return pages[-1]

    yield open_page
    for page in pages:
        page.close()


def sign_up(page: Page, live_server: LiveServer, name: str) -> Person:
    """Open an account through the sign-up page as a person types it; the page ends signed in, on the dashboard."""
    email = f"{name.partition(' ')[0].casefold()}-{uuid.uuid4().hex[:8]}@example.com"
    page.goto("/sign-up")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation(url=f"{live_server.url}/"):
        page.get_by_role("button", name="Create account").click()
    return Person(name=name, email=email, person_id=live_server.person_id_of(email), state=page.context.storage_state())


@pytest.fixture
def person(page: Page, live_server: LiveServer) -> Person:
    return sign_up(page, live_server, "Alice Example")


def _module_person(browser: Browser, live_server: LiveServer, name: str, prepare: Callable[[Person], Person]) -> Person:
    with contexts(browser, live_server) as opener:
        return prepare(sign_up(opener(), live_server, name))


@pytest.fixture(scope="module")
def newcomer(browser: Browser, live_server: LiveServer) -> Person:
    return _module_person(browser, live_server, "Nora Newcomer", lambda found: found)


@pytest.fixture(scope="module")
def demo_person(browser: Browser, live_server: LiveServer) -> Person:
    return _module_person(browser, live_server, "Sam Demo", live_server.load_demo)


@pytest.fixture
def people(newcomer: Person, demo_person: Person) -> dict[Who, Person | None]:
    """Who looks at a page in tests/browser/pages.py: anyone (signed out), the newcomer, or the demo person."""
    return {"anyone": None, "newcomer": newcomer, "demo": demo_person}
