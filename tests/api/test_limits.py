"""What no route accepts: the NUL character (PostgreSQL cannot store it) and bodies beyond the size limit."""

from __future__ import annotations

from headway.entrypoints.api.security import MAX_BODY
from tests.api.conftest import User

GOAL = {"title": "Become a sales manager", "why": "lead a team", "target_date": "2028-11-25"}


def test_text_with_the_nul_character_is_refused_alike_on_both_databases(alice: User) -> None:
    response = alice.post("/api/v1/goals", json={**GOAL, "title": "a\u0000b"})
    assert response.status_code == 422
    assert "NUL" in response.json()["error"]["message"]
    assert "nosniff" in response.headers["x-content-type-options"]
    assert alice.get("/api/v1/occupations/match", params={"q": "sales\u0000"}).status_code == 422
    assert alice.get("/api/v1/goals").json()["goals"] == []


def test_a_body_beyond_the_limit_is_refused_with_413(alice: User) -> None:
    response = alice.post(
        "/api/v1/goals",
        content=b'{"title": "' + b"x" * (MAX_BODY + 1) + b'"}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert alice.get("/api/v1/goals").json()["goals"] == []
