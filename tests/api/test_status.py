"""GET /api/v1/status: the dashboard document, kept between requests and never stale after a change."""

from __future__ import annotations

from tests.api.conftest import User
from tests.docs.schemas import errors

GOAL = {"title": "Become a sales manager", "why": "lead a team", "target_date": "2028-11-25"}


def test_status_is_the_documented_dashboard_and_follows_every_change(alice: User) -> None:
    empty = alice.get("/api/v1/status")
    assert empty.status_code == 200
    assert errors(empty.json(), "status.schema.json") == []
    assert empty.json()["goals"] == []
    assert alice.get("/api/v1/status").json() == empty.json()  # the kept summary, served again
    alice.post("/api/v1/goals", json=GOAL)
    after = alice.get("/api/v1/status").json()
    assert [g["title"] for g in after["goals"]] == ["Become a sales manager"]
    assert errors(after, "status.schema.json") == []


def test_status_with_a_read_token_and_for_each_person_their_own(alice: User, bob: User) -> None:
    alice.post("/api/v1/goals", json=GOAL)
    token = alice.post("/api/v1/account/tokens", json={"name": "script", "scope": "read"}).json()["secret"]
    script = alice.client.get("/api/v1/status", headers={"Authorization": f"Bearer {token}"}, cookies={})
    assert script.status_code == 200
    assert script.json()["profile"]["name"] == "Alice"
    assert [g["title"] for g in script.json()["goals"]] == ["Become a sales manager"]
    assert bob.get("/api/v1/status").json()["goals"] == []
    assert bob.get("/api/v1/status").json()["profile"]["name"] == "Bob"


def test_status_without_credentials_is_401(charlie: User) -> None:
    response = charlie.get("/api/v1/status")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    bad = charlie.get("/api/v1/status", headers={"Authorization": "Bearer hw_not-a-token"})
    assert bad.status_code == 401
