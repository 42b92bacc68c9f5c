"""Who may do what, route by route: alice owns a career record, bob is another user, charlie has no account.

For every route of the OpenAPI document there is a case below, and a route without one fails the suite
(test_every_route_has_a_permission_case): a new endpoint comes with its permission test. For each case:
- charlie, without credentials, gets 401 (the public routes excepted);
- bob, on a route naming one of alice's records (`owned`), gets 404, never 403 and never her data;
- bob, on a route about his own record (`mine`), gets an answer about his record only: nothing of alice's in it;
- and whatever bob did, alice's record is exactly as it was (her export before and after).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import pytest

from headway.entrypoints.api.app import create_app
from tests.api.conftest import PASSWORD, Server, User, settings_for

MARK = "Zanzibar"  # in alice's goal and task titles: it must never appear in an answer to bob
Kind = Literal["owned", "mine", "public"]


@dataclass(frozen=True)
class Case:
    kind: Kind
    body: dict[str, Any] | None = None  # a valid body; "{goal}" and the like stand for alice's ids
    query: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    ends_session: bool = False  # bob's session is gone afterwards (sign-out, delete, password change)


V = {"version": 1}
CASES: dict[tuple[str, str], Case] = {
    # Signing in: public by nature; they answer about the asker only.
    ("POST", "/api/v1/auth/sign-up"): Case("public", {"email": "dora@example.com", "password": PASSWORD, "name": "D"}),
    ("POST", "/api/v1/auth/sign-in"): Case("public", {"email": "alice@example.com", "password": "wrong password"}),
    ("GET", "/api/v1/auth/link"): Case("public", query={"code": "not-a-code"}),
    ("POST", "/api/v1/auth/sign-out"): Case("mine", ends_session=True),
    ("GET", "/api/v1/auth/session"): Case("mine"),
    # The account's own records; alice's token, by its number, is hers alone.
    ("POST", "/api/v1/account/password"): Case(
        "mine", {"current_password": PASSWORD, "new_password": "another long password"}, ends_session=True
    ),
    ("POST", "/api/v1/account/sign-out-everywhere"): Case("mine", ends_session=True),
    ("GET", "/api/v1/account/sessions"): Case("mine"),
    ("GET", "/api/v1/account/tokens"): Case("mine"),
    ("POST", "/api/v1/account/tokens"): Case("mine", {"name": "bob's script", "scope": "read"}),
    ("DELETE", "/api/v1/account/tokens/{token}"): Case("owned"),
    ("GET", "/api/v1/account/audit"): Case("mine"),
    ("POST", "/api/v1/account/invitations"): Case("mine", {"email": "eve@example.com"}),  # bob is no admin: 403
    # Goals and their plans.
    ("GET", "/api/v1/goals"): Case("mine"),
    ("POST", "/api/v1/goals"): Case(
        "owned", {"title": "x", "why": "y", "target_date": "2028-01-31", "parent_id": "{goal}"}
    ),
    ("GET", "/api/v1/goals/{goal}"): Case("owned"),
    ("PATCH", "/api/v1/goals/{goal}"): Case("owned", {"why": "mine now", **V}),
    ("DELETE", "/api/v1/goals/{goal}"): Case("owned"),
    ("POST", "/api/v1/goals/{goal}/status"): Case("owned", {"status": "paused", "reason": "r", **V}),
    ("POST", "/api/v1/goals/{goal}/move"): Case("owned", {"parent_id": None, "reason": "r", **V}),
    ("GET", "/api/v1/goals/{goal}/history"): Case("owned"),
    ("GET", "/api/v1/goals/{goal}/plan"): Case("owned"),
    ("POST", "/api/v1/goals/{goal}/baseline"): Case("owned", {}),
    ("GET", "/api/v1/goals/{goal}/schedule"): Case("owned"),
    ("POST", "/api/v1/goals/{goal}/replan"): Case(
        "owned", {"task_id": "{task}", "due": "2027-06-30", "reason": "r", **V}
    ),
    ("GET", "/api/v1/goals/{goal}/forecast"): Case("owned"),
    ("POST", "/api/v1/goals/{goal}/plan/generate"): Case("owned", {}),
    # Tasks.
    ("GET", "/api/v1/tasks"): Case("mine", query={"all": "true"}),
    ("POST", "/api/v1/tasks"): Case("owned", {"goal_id": "{goal}", "title": "x"}),
    ("GET", "/api/v1/tasks/{task}"): Case("owned"),
    ("PATCH", "/api/v1/tasks/{task}"): Case("owned", {"title": "mine now", "reason": "r", **V}),
    ("POST", "/api/v1/tasks/{task}/done"): Case("owned", {**V}),
    ("POST", "/api/v1/tasks/{task}/drop"): Case("owned", {"reason": "r", **V}),
    ("POST", "/api/v1/tasks/{task}/reopen"): Case("owned", {"reason": "r", **V}),
    ("POST", "/api/v1/tasks/{task}/dependencies"): Case("owned", {"task_id": "{other_task}", "reason": "r", **V}),
    ("DELETE", "/api/v1/tasks/{task}/dependencies/{other_task}"): Case(
        "owned", query={"reason": "r"}, headers={"If-Match": '"1"'}
    ),
    # Tracking.
    ("GET", "/api/v1/profile"): Case("mine"),
    ("PUT", "/api/v1/profile"): Case("mine", {"name": "Bob B."}),
    ("PATCH", "/api/v1/profile"): Case("mine", {"employer": "Acme"}),
    ("GET", "/api/v1/cadence"): Case("mine"),
    ("PUT", "/api/v1/cadence"): Case("mine", {"checkin": "weekly"}),
    ("PUT", "/api/v1/investments/target"): Case("mine", {"hours": 6}),
    ("POST", "/api/v1/checkins"): Case("owned", {"goals": [{"goal": "{goal}", "confidence": 3}]}),
    ("GET", "/api/v1/checkins"): Case("mine"),
    ("GET", "/api/v1/checkins/due"): Case("mine"),
    ("POST", "/api/v1/investments"): Case("owned", {"category": "course", "hours": 2, "goal_id": "{goal}"}),
    ("GET", "/api/v1/investments"): Case("mine"),
    ("DELETE", "/api/v1/investments/{investment}"): Case("owned"),
    ("GET", "/api/v1/ledger"): Case("mine"),
    ("GET", "/api/v1/balance"): Case("mine"),
    ("GET", "/api/v1/review"): Case("mine"),
    ("POST", "/api/v1/reviews"): Case("mine", {}),
    # Occupations (shared reference data) and skills (each person's own).
    ("GET", "/api/v1/about"): Case("public"),
    ("GET", "/api/v1/occupations/match"): Case("mine", query={"q": "sales manager"}),
    ("GET", "/api/v1/occupations/{code}"): Case("mine"),
    ("GET", "/api/v1/paths"): Case("mine", query={"from": "41-4012.00"}),
    ("GET", "/api/v1/skills"): Case("mine"),
    ("POST", "/api/v1/skills"): Case("mine", {"element": "2.B.1.d", "level": 4}),
    ("GET", "/api/v1/skills/history"): Case("mine"),
    ("POST", "/api/v1/skills/from-occupation"): Case("mine", {"code": "41-4012.00"}),
    ("GET", "/api/v1/gap"): Case("mine", query={"target": "11-2022.00"}),
    # The whole record.
    ("GET", "/api/v1/export"): Case("mine"),
    ("POST", "/api/v1/import"): Case("mine", {}),
    ("DELETE", "/api/v1/data"): Case("mine", ends_session=True),
    ("GET", "/api/v1/status"): Case("mine"),
    ("GET", "/api/v1/health"): Case("public"),
}
PARAMETERS = {
    "goal_id": "{goal}",
    "task_id": "{task}",
    "token_id": "{token}",
    "depends_on_id": "{other_task}",
    "investment_id": "{investment}",
}


def routes_of(server: Server) -> set[tuple[str, str]]:
    """Every (method, path) of the OpenAPI document, its path parameters named as the cases name them."""
    found = set()
    for path, operations in server.app.openapi()["paths"].items():
        named = path
        for name, placeholder in PARAMETERS.items():
            named = named.replace("{" + name + "}", placeholder)
        found |= {(method.upper(), named) for method in operations}
    return found


@pytest.fixture(scope="module")
def openapi_routes(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str]]:
    tmp = tmp_path_factory.mktemp("routes")
    settings = settings_for(str(tmp / "routes.sqlite3"), tmp)
    return routes_of(Server(create_app(settings), settings))


def test_every_route_has_a_permission_case(openapi_routes: set[tuple[str, str]]) -> None:
    missing = sorted(openapi_routes - set(CASES))
    assert not missing, f"routes without a permission case in tests/api/test_permissions.py: {missing}"
    assert not sorted(set(CASES) - openapi_routes), "cases for routes that no longer exist"


@dataclass
class World:
    alice: User
    ids: dict[str, Any]


@pytest.fixture
def world(server: Server, alice: User) -> World:
    """Alice's record: a goal with a plan of two tasks, a check-in, an investment, a skill, a token."""
    goal = alice.post("/api/v1/goals", json={"title": f"{MARK} manager", "why": "lead", "target_date": "2028-11-25"})
    goal_id = goal.json()["goal"]["id"]
    first = alice.post("/api/v1/tasks", json={"goal_id": goal_id, "title": f"{MARK} course", "due": "2027-03-31"})
    second = alice.post("/api/v1/tasks", json={"goal_id": goal_id, "title": f"{MARK} review", "due": "2027-05-01"})
    alice.post("/api/v1/checkins", json={"goals": [{"goal": goal_id, "confidence": 4}], "note": MARK})
    invested = alice.post("/api/v1/investments", json={"category": "course", "hours": 3, "note": MARK})
    token = alice.post("/api/v1/account/tokens", json={"name": MARK, "scope": "read"})
    ids = {
        "goal": goal_id,
        "task": first.json()["task"]["id"],
        "other_task": second.json()["task"]["id"],
        "token": token.json()["token"]["id"],
        "investment": invested.json()["investments"][0]["id"],
        "code": "11-2022.00",
    }
    return World(alice, ids)


def fill(value: Any, ids: dict[str, Any]) -> Any:
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids[value[1:-1]]
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, ids) for v in value]
    return value


def call(user: User, route: tuple[str, str], case: Case, ids: dict[str, Any]) -> Any:
    method, path = route
    for name, value in ids.items():
        path = path.replace("{" + name + "}", str(value))
    body = fill(case.body, ids)
    extra: dict[str, Any] = {"json": body} if body is not None else {}
    return user.request(method, path, params=case.query, headers=case.headers, **extra)


def alice_record(alice: User) -> Any:
    document = alice.get("/api/v1/export").json()
    document.pop("exported_at", None)
    return document


@pytest.mark.parametrize("route", sorted(CASES), ids=[f"{m} {p}" for m, p in sorted(CASES)])
def test_bob_cannot_reach_alices_record_and_charlie_nothing(
    server: Server, world: World, route: tuple[str, str]
) -> None:
    case = CASES[route]
    before = alice_record(world.alice)
    charlie = server.anonymous()
    bob = server.sign_up("bob")
    if case.kind != "public":
        assert call(charlie, route, case, world.ids).status_code == 401
    answer = call(bob, route, case, world.ids)
    assert answer.status_code < 500, answer.text
    assert MARK not in answer.text, f"bob saw alice's record: {answer.text[:300]}"
    if case.kind == "owned":
        assert answer.status_code == 404, answer.text
        assert answer.json()["error"]["code"] == "not_found"
    if not case.ends_session:
        assert bob.get("/api/v1/auth/session").status_code == 200
    assert alice_record(world.alice) == before  # nothing of hers changed
