"""Account policies beyond sign-in: what a token may not manage, and how many sign-ups one address may make."""

from __future__ import annotations

from tests.api.conftest import PASSWORD, Server, User


def test_a_token_cannot_manage_tokens_the_password_or_invitations(alice: User) -> None:
    secret = alice.post("/api/v1/account/tokens", json={"name": "script", "scope": "write"}).json()["secret"]
    script = alice.client
    bearer = {"Authorization": f"Bearer {secret}"}
    script.cookies.clear()
    assert script.get("/api/v1/goals", headers=bearer).status_code == 200  # it works for the record
    minted = script.post("/api/v1/account/tokens", json={"name": "another", "scope": "write"}, headers=bearer)
    assert minted.status_code == 403
    assert script.delete("/api/v1/account/tokens/1", headers=bearer).status_code == 403
    changed = script.post(
        "/api/v1/account/password",
        json={"current_password": PASSWORD, "new_password": "a different long password"},
        headers=bearer,
    )
    assert changed.status_code == 403
    invited = script.post("/api/v1/account/invitations", json={"email": "eve@example.com"}, headers=bearer)
    assert invited.status_code == 403


def test_sign_ups_from_one_address_are_throttled(server: Server) -> None:
    visitor = server.anonymous("visitor")
    answers = [
        visitor.post(
            "/api/v1/auth/sign-up", json={"email": f"person{n}@example.com", "password": PASSWORD, "name": f"P{n}"}
        )
        for n in range(11)
    ]
    assert [a.status_code for a in answers] == [201] * 10 + [429]
    assert int(answers[-1].headers["Retry-After"]) > 0
    refused = visitor.post("/api/v1/auth/sign-in", json={"email": "person10@example.com", "password": PASSWORD})
    assert refused.status_code == 401  # the refused sign-up made no account
