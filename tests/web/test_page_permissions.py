"""Who may do what, page by page, as tests/api/test_permissions.py does for the API: alice owns a career record,
bob is another user, charlie has no account. Every page route has a case below, and a route without one fails
the suite (test_every_page_route_has_a_case). For each case:
- charlie, without a session, is sent to the sign-in page (303), the public pages excepted;
- bob, on a page naming one of alice's records (`owned`), gets 404, never 403 and never her data;
- bob, on a page about his own record (`mine`), sees nothing of alice's;
- and whatever bob did, alice's record is exactly as it was (her export before and after).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import pytest

from headway.adapters.occupations.store import OccupationStore
from headway.entrypoints.api.app import create_app
from tests.api.conftest import settings_for
from tests.api.test_permissions import MARK, World, alice_record
from tests.api.test_permissions import world as api_world
from tests.web.conftest import PASSWORD, Server, User

Kind = Literal["owned", "mine", "public"]


@dataclass(frozen=True)
class Case:
    kind: Kind
    form: dict[str, str] | None = None  # a form as a browser posts it; "{goal}" and the like are alice's ids
    ends_session: bool = False


CASES: dict[tuple[str, str], Case] = {
    ("GET", "/sign-in"): Case("public"),
    ("POST", "/sign-in"): Case("public", {"email": "alice@example.com", "password": "wrong password"}),
    ("GET", "/sign-up"): Case("public"),
    ("POST", "/sign-up"): Case("public", {"email": "dora@example.com", "password": PASSWORD, "name": "Dora"}),
    ("GET", "/about"): Case("public"),
    ("POST", "/sign-out"): Case("mine", {}, ends_session=True),
    ("GET", "/"): Case("mine"),
    # Goals and their plans.
    ("GET", "/goals"): Case("mine"),
    ("GET", "/goals/new"): Case("mine"),
    ("POST", "/goals/new"): Case("mine", {"title": "Mine", "target_date": "2028-01-31", "parent": "{goal}"}),
    ("GET", "/goals/{goal}"): Case("owned"),
    ("GET", "/goals/{goal}/edit"): Case("owned"),
    ("POST", "/goals/{goal}/edit"): Case("owned", {"title": "Mine now", "version": "1", "reason": "taken"}),
    ("POST", "/goals/{goal}/tasks"): Case("owned", {"title": "Mine", "kind": "task"}),
    ("POST", "/goals/{goal}/baseline"): Case("owned", {"label": "mine"}),
    ("POST", "/tasks/{task}/done"): Case("owned", {}),
    ("GET", "/tasks/{task}/edit"): Case("owned"),
    ("POST", "/tasks/{task}/edit"): Case("owned", {"title": "Mine", "due": "", "status": "dropped", "reason": "mine"}),
    # Check-ins, investments and balance.
    ("GET", "/checkin"): Case("mine"),
    ("GET", "/checkin/step/{step}"): Case("mine"),
    ("POST", "/checkin/step/{step}"): Case("mine", {"go": "next", "fulfilment": "7"}),
    ("POST", "/checkin/step/{step}/keep"): Case("mine", {"fulfilment": "7"}),
    ("POST", "/checkin/discard"): Case("mine", {}),
    ("GET", "/checkin/saved/{checkin}"): Case("owned"),
    ("GET", "/investments"): Case("mine"),
    ("POST", "/investments"): Case("mine", {"what": "read a book", "hours": "2", "goal": "{goal}"}),
    ("POST", "/investments/{investment}/delete"): Case("owned", {}),
    ("GET", "/balance"): Case("mine"),
    # Occupations (shared reference data), skills and settings (each person's own).
    ("GET", "/occupations"): Case("mine"),
    ("GET", "/occupations/search"): Case("mine"),
    ("GET", "/occupations/{code}"): Case("mine"),
    ("GET", "/occupations/{code}/goal"): Case("mine"),
    ("POST", "/occupations/{code}/goal"): Case("mine", {"title": "Become one", "target_date": "2029-01-31"}),
    ("GET", "/occupations/{code}/plan/{goal}"): Case("owned"),
    ("POST", "/occupations/{code}/plan/{goal}"): Case("owned", {"accept": "1"}),
    ("GET", "/skills"): Case("mine"),
    ("POST", "/skills"): Case("mine", {"element": "2.B.1.d", "level": "4"}),
    ("POST", "/skills/from-occupation"): Case("mine", {"code": "41-4012.00"}),
    ("GET", "/skills/history"): Case("mine"),
    ("GET", "/settings"): Case("mine"),
    ("POST", "/settings/profile"): Case("mine", {"name": "Bob B"}),
    ("POST", "/settings/cadence"): Case("mine", {"checkin": "weekly"}),
    ("POST", "/settings/target"): Case("mine", {"hours": "6"}),
    ("POST", "/settings/password"): Case("mine", {"current_password": "wrong password", "new_password": PASSWORD}),
    ("POST", "/settings/sign-out-everywhere"): Case("mine", {}, ends_session=True),
    ("POST", "/settings/tokens"): Case("mine", {"name": "bob's script", "scope": "read"}),
    ("POST", "/settings/tokens/{token}/revoke"): Case("owned", {}),
    ("GET", "/settings/export"): Case("mine"),
    ("POST", "/settings/import"): Case("mine", {}),
    ("POST", "/settings/delete"): Case("mine", {"confirm": "delete"}, ends_session=True),
}
PARAMETERS = {
    "goal_id": "{goal}",
    "task_id": "{task}",
    "token_id": "{token}",
    "checkin_id": "{checkin}",
    "number": "{step}",
    "investment_id": "{investment}",
}


def page_routes(app: Any) -> set[tuple[str, str]]:
    """Every (method, path) of the pages (not the API's, not static files), parameters named as the cases do."""
    found = set()
    for included in app.routes:
        context = getattr(included, "include_context", None)
        router = getattr(included, "original_router", None)
        if router is None:
            continue
        prefix = getattr(context, "prefix", "") or ""
        for route in router.routes:
            path = prefix + route.path
            if path.startswith("/api/"):
                continue
            for name, placeholder in PARAMETERS.items():
                path = path.replace("{" + name + "}", placeholder)
            found |= {(method, path) for method in route.methods - {"HEAD"}}
    return found


@pytest.fixture(scope="module")
def routes(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str]]:
    tmp = tmp_path_factory.mktemp("routes")
    return page_routes(create_app(settings_for(str(tmp / "routes.sqlite3"), tmp)))


def test_every_page_route_has_a_case(routes: set[tuple[str, str]]) -> None:
    assert routes, "no page routes found: the app's routing changed shape"
    missing = sorted(routes - set(CASES))
    assert not missing, f"page routes without a permission case in tests/web/test_page_permissions.py: {missing}"
    assert not sorted(set(CASES) - routes), "cases for page routes that no longer exist"


@pytest.fixture
def world(server: Server, alice: User, catalog: OccupationStore) -> World:
    server.app.state.server.__dict__["catalog"] = catalog  # one catalog for the module, as a worker keeps one
    found: World = api_world.__wrapped__(server, alice)  # type: ignore[attr-defined]
    checkins = alice.get("/api/v1/checkins").json()
    found.ids.update({"checkin": checkins["checkins"][0]["id"], "step": 1})
    return found


def call(user: User, route: tuple[str, str], case: Case, ids: dict[str, Any]) -> Any:
    method, path = route
    for name, value in ids.items():
        path = path.replace("{" + name + "}", str(value))
    form = {k: str(ids[v[1:-1]]) if v.startswith("{") else v for k, v in (case.form or {}).items()}
    if method == "GET":
        return user.get(path, follow_redirects=False)
    return user.post(path, data=form, follow_redirects=False)


@pytest.mark.parametrize("route", sorted(CASES), ids=[f"{m} {p}" for m, p in sorted(CASES)])
def test_bob_cannot_reach_alices_pages_and_charlie_nothing(
    server: Server, world: World, route: tuple[str, str]
) -> None:
    case = CASES[route]
    before = alice_record(world.alice)
    if case.kind != "public":
        sent = call(server.anonymous(), route, case, world.ids)
        assert sent.status_code == 303, sent.text[:300]
        assert sent.headers["location"].startswith("/sign-in")
    bob = server.sign_up("bob")
    answer = call(bob, route, case, world.ids)
    assert answer.status_code < 500, answer.text[:500]
    assert MARK not in answer.text, f"bob saw alice's record: {answer.text[:300]}"
    if case.kind == "owned":
        assert answer.status_code == 404, answer.text[:300]
    if not case.ends_session:
        assert bob.get("/", follow_redirects=False).status_code == 200
    assert alice_record(world.alice) == before  # nothing of hers changed
