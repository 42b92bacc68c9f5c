"""The server's defences, each driven through HTTP as an attacker or a careless client would: CSRF, ending
sessions, sign-in throttling and lockout (guesses one after another and all at once), token scopes, invitations,
one-time links, refusing an unsafe secret, security headers, malformed input, the audit log, secrets kept out of
logs, and the Redis rate limiter.

Time is a `Clock` the test moves forward (the server reads it through its settings); nothing sleeps.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from headway.adapters.db import open_database
from headway.adapters.passwords import Argon2Hasher
from headway.domain.errors import ValidationError
from headway.entrypoints.api.app import create_app
from headway.entrypoints.api.deps import SESSION_COOKIE
from headway.entrypoints.api.serve import AccessLog, sign_in_link
from headway.entrypoints.api.settings import ServerSettings
from headway.services.accounts import (
    ADDRESS_LIMIT,
    ADDRESS_WINDOW,
    LOCK_FOR,
    PasswordHasher,
    RateLimiter,
    digest,
)
from tests.api.conftest import PASSWORD, Server, User, settings_for
from tests.conftest import NOW

SIGN_IN = "/api/v1/auth/sign-in"
GOALS = "/api/v1/goals"
TOKENS = "/api/v1/account/tokens"
GOAL = {"title": "Become a sales manager", "why": "lead a team", "target_date": "2028-11-25"}
WRONG = "not the password at all"


@dataclass
class Clock:
    """The server's clock, moved by the test."""

    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@contextmanager
def serving(
    database_url: str,
    tmp_path: Path,
    *,
    limiter: RateLimiter | None = None,
    hasher: PasswordHasher | None = None,
    **changes: Any,
) -> Iterator[Server]:
    """An app over the database with the settings changed, closed afterwards."""
    settings = settings_for(database_url, tmp_path, **changes)
    found = Server(create_app(settings, limiter=limiter, hasher=hasher), settings)
    try:
        yield found
    finally:
        found.close()


@pytest.fixture
def server(database_url: str, tmp_path: Path, clock: Clock) -> Iterator[Server]:
    """The conftest's server, on a clock the test moves."""
    with serving(database_url, tmp_path, clock=clock) as found:
        yield found


@pytest.fixture
def alice(server: Server) -> User:
    return server.sign_up("alice")


def from_address(server: Server, host: str) -> User:
    """An anonymous browser at another network address (TestClient's own is 'testclient')."""
    client = TestClient(server.app, base_url="http://127.0.0.1", client=(host, 50000))
    client.__enter__()
    server.clients.append(client)
    return User(host, client)


def sign_in(user: User, email: str, password: str = PASSWORD) -> Any:
    response = user.post(SIGN_IN, json={"email": email, "password": password})
    if response.status_code == 200:
        user.csrf = response.json()["csrf_token"]
    return response


def second_session(server: Server, user: User) -> User:
    """The same person signed in on another device."""
    other = server.anonymous(user.name + "-laptop")
    assert sign_in(other, user.email).status_code == 200
    return other


def with_cookie(server: Server, cookie: str) -> User:
    """A client replaying a session cookie it kept (after the server told the browser to drop it)."""
    replay = server.anonymous("replay")
    replay.client.cookies.set(SESSION_COOKIE, cookie)
    return replay


def new_token(user: User, scope: str, name: str = "script") -> tuple[int, str]:
    response = user.post(TOKENS, json={"name": name, "scope": scope})
    assert response.status_code == 201, response.text
    body = response.json()
    return body["token"]["id"], body["secret"]


def link_path(link: str) -> str:
    """The path and query of a sign-in link (`http://127.0.0.1:8000/api/v1/auth/link?code=...`)."""
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


# CSRF


def test_a_change_on_a_session_needs_its_csrf_token_and_this_origin(server: Server, alice: User) -> None:
    bob = server.sign_up("bob")
    refused = {
        "no token": {},
        "a wrong token": {"X-CSRF-Token": "0" * 64},
        "another session's token": {"X-CSRF-Token": bob.csrf},
        "a cross-site origin": {"X-CSRF-Token": alice.csrf, "Origin": "https://evil.example"},
        "an opaque origin": {"X-CSRF-Token": alice.csrf, "Origin": "null"},
    }
    for why, headers in refused.items():
        response = alice.client.post(GOALS, json=GOAL, headers=headers)
        assert response.status_code == 403, why
        assert response.json()["error"]["code"] == "forbidden", why
    assert alice.get(GOALS).json()["goals"] == []
    accepted = alice.client.post(GOALS, json=GOAL, headers={"X-CSRF-Token": alice.csrf, "Origin": "http://127.0.0.1"})
    assert accepted.status_code == 201


def test_a_token_authenticated_change_needs_no_csrf_token(server: Server, alice: User) -> None:
    _, secret = new_token(alice, "write")
    script = server.anonymous("script")  # no cookie, no CSRF token: a program, not a browser
    assert script.client.post(GOALS, json=GOAL, headers=bearer(secret)).status_code == 201


# Ending sessions


def test_signing_out_ends_this_session_only(server: Server, alice: User) -> None:
    laptop = second_session(server, alice)
    kept = laptop.client.cookies[SESSION_COOKIE]
    assert laptop.post("/api/v1/auth/sign-out").status_code == 204
    assert with_cookie(server, kept).get(GOALS).status_code == 401
    assert alice.get(GOALS).status_code == 200


def test_signing_out_everywhere_ends_every_session(server: Server, alice: User) -> None:
    laptop = second_session(server, alice)
    cookies = [alice.client.cookies[SESSION_COOKIE], laptop.client.cookies[SESSION_COOKIE]]
    assert alice.post("/api/v1/account/sign-out-everywhere").status_code == 204
    for cookie in cookies:
        response = with_cookie(server, cookie).get(GOALS)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"


def test_changing_the_password_ends_the_other_sessions_but_not_this_one(server: Server, alice: User) -> None:
    laptop = second_session(server, alice)
    kept = laptop.client.cookies[SESSION_COOKIE]
    new = "a brand new passphrase"
    wrong = alice.post("/api/v1/account/password", json={"current_password": WRONG, "new_password": new})
    assert wrong.status_code == 422
    assert laptop.get(GOALS).status_code == 200  # a refused change ends nothing
    changed = alice.post("/api/v1/account/password", json={"current_password": PASSWORD, "new_password": new})
    assert changed.status_code == 204
    assert alice.get(GOALS).status_code == 200
    assert with_cookie(server, kept).get(GOALS).status_code == 401
    assert sign_in(server.anonymous(), alice.email, PASSWORD).status_code == 401
    assert sign_in(server.anonymous(), alice.email, new).status_code == 200


def test_a_session_ends_when_idle_too_long_and_none_outlives_30_days(server: Server, alice: User, clock: Clock) -> None:
    laptop = second_session(server, alice)
    clock.advance(days=13)
    assert alice.get(GOALS).status_code == 200  # in use: its expiry slides
    clock.advance(days=13)
    assert alice.get(GOALS).status_code == 200
    assert laptop.get(GOALS).status_code == 401  # unused for 26 days
    clock.advance(days=5)  # 31 days after sign-in: no session outlives 30, however used
    assert alice.get(GOALS).status_code == 401


# Sign-in throttling


def assert_too_many(response: Any, retry_after: int | None = None) -> int:
    assert response.status_code == 429, response.text
    assert response.json()["error"]["code"] == "too_many_attempts"
    wait = int(response.headers["Retry-After"])
    assert wait > 0
    if retry_after is not None:
        assert wait == retry_after
    return wait


def test_failed_sign_ins_slow_the_account_down_then_lock_it(server: Server, alice: User, clock: Clock) -> None:
    """Failures 1-4 cost nothing; the 5th makes the account wait 30 s, each later one twice as long; the 10th
    locks it for an hour, and during a wait even the right password is refused."""
    mallory = server.anonymous("mallory")
    for _ in range(4):
        assert sign_in(mallory, alice.email, WRONG).status_code == 401
    assert sign_in(mallory, alice.email, WRONG).status_code == 401  # the 5th
    assert_too_many(sign_in(mallory, alice.email, WRONG), retry_after=30)
    assert_too_many(sign_in(server.anonymous(), alice.email), retry_after=30)  # the right password too
    for failure, wait in [(6, 60), (7, 120), (8, 240), (9, 480)]:
        clock.advance(seconds=30 * 2 ** (failure - 6))  # the previous wait, exactly
        assert sign_in(mallory, alice.email, WRONG).status_code == 401, failure
        assert_too_many(sign_in(mallory, alice.email, WRONG), retry_after=wait)
    clock.advance(seconds=480)
    assert sign_in(mallory, alice.email, WRONG).status_code == 401  # the 10th
    locked = sign_in(server.anonymous(), alice.email)
    assert_too_many(locked, retry_after=int(LOCK_FOR.total_seconds()))
    assert "locked" in locked.json()["error"]["message"]
    clock.advance(seconds=LOCK_FOR.total_seconds() - 1)
    assert_too_many(sign_in(server.anonymous(), alice.email), retry_after=1)
    clock.advance(seconds=1)
    assert sign_in(server.anonymous(), alice.email).status_code == 200
    # Success resets the count: four more failures, and the account is still open.
    for _ in range(4):
        assert sign_in(mallory, alice.email, WRONG).status_code == 401
    assert sign_in(server.anonymous(), alice.email).status_code == 200


@dataclass(eq=False)  # hashable, as a server's hasher is
class CountingHasher:
    """Argon2id at the tests' cost, counting the password checks made."""

    inner: PasswordHasher
    checks: int = 0

    def hash(self, password: str) -> str:
        return self.inner.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        self.checks += 1
        return self.inner.verify(password_hash, password)

    def needs_rehash(self, password_hash: str) -> bool:
        return self.inner.needs_rehash(password_hash)


def test_the_answer_never_says_whether_an_address_has_an_account(database_url: str, tmp_path: Path) -> None:
    """Neither by its words nor by its time: an unknown address costs one password check, as a wrong password
    does, so timing the answer does not tell them apart."""
    hasher = CountingHasher(Argon2Hasher(time_cost=1, memory_kib=8192))
    with serving(database_url, tmp_path, hasher=hasher) as server:
        alice = server.sign_up("alice")
        mallory = server.anonymous("mallory")
        answers = []
        for email in ["nobody@example.com", alice.email, "not an address"]:
            before = hasher.checks
            answers.append(sign_in(mallory, email, WRONG))
            assert hasher.checks == before + 1, email
    assert {a.status_code for a in answers} == {401}
    assert answers[0].json() == answers[1].json() == answers[2].json()


def test_signing_up_hashes_the_password_once_and_opens_the_session(database_url: str, tmp_path: Path) -> None:
    """The new account's session is opened without checking the password just set (half the Argon2 work of a
    sign-up), so failed sign-ins from the address do not turn a successful sign-up into a 429."""
    hasher = CountingHasher(Argon2Hasher(time_cost=1, memory_kib=8192))
    with serving(database_url, tmp_path, hasher=hasher) as server:
        alice = server.sign_up("alice")
        assert hasher.checks == 0
        assert alice.get("/api/v1/auth/session").json()["account"]["email"] == alice.email
        crowded = from_address(server, "203.0.113.7")
        hammer(crowded, [alice.email])
        assert_too_many(sign_in(crowded, alice.email))
        body = {"email": "bob@example.com", "password": PASSWORD, "name": "Bob"}
        assert crowded.post("/api/v1/auth/sign-up", json=body).status_code == 201


def hammer(user: User, emails: list[str]) -> None:
    """ADDRESS_LIMIT failed sign-ins from one address, spread over accounts that exist and ones that don't, each
    account below its own slow-down."""
    for n in range(ADDRESS_LIMIT):
        email = emails[n % len(emails)] if n < 4 * len(emails) else f"nobody{n}@example.com"
        assert sign_in(user, email, WRONG).status_code == 401, n


def test_many_failures_from_one_address_throttle_it(server: Server, alice: User, clock: Clock) -> None:
    bob, carol = server.sign_up("bob"), server.sign_up("carol")
    mallory = from_address(server, "203.0.113.7")
    hammer(mallory, [alice.email, bob.email, carol.email])
    wait = assert_too_many(sign_in(mallory, alice.email))  # even the right password, from there
    assert wait <= ADDRESS_WINDOW.total_seconds()
    assert sign_in(from_address(server, "198.51.100.2"), alice.email).status_code == 200  # elsewhere: fine
    clock.advance(seconds=ADDRESS_WINDOW.total_seconds())
    assert sign_in(mallory, alice.email).status_code == 200


def test_addresses_in_one_ipv6_network_share_their_throttle(server: Server, alice: User) -> None:
    """A subscriber usually holds a whole IPv6 /64: its addresses are counted as one."""
    hammer(from_address(server, "2001:db8:1:2::7"), [alice.email])
    assert_too_many(sign_in(from_address(server, "2001:db8:1:2:ffff::9"), alice.email))  # the same /64
    assert sign_in(from_address(server, "2001:db8:1:3::7"), alice.email).status_code == 200  # the next one


def test_the_redis_limiter_throttles_the_same_way(database_url: str, tmp_path: Path) -> None:
    url = os.environ.get("HEADWAY_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    import redis

    from headway.adapters.redis_limits import RedisRateLimiter

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis at {url} is unreachable in CI: {exc}")
        pytest.skip(f"Redis at {url} is unreachable ({exc}); set HEADWAY_TEST_REDIS_URL to run this test")
    prefix = f"headway-test:{uuid.uuid4().hex}:"  # tests running at once never share counters
    limiter = RedisRateLimiter(url, prefix=prefix)
    store = redis.Redis.from_url(url)
    try:
        with serving(database_url, tmp_path, limiter=limiter) as server:
            alice = server.sign_up("alice")
            mallory = from_address(server, "203.0.113.7")
            hammer(mallory, [alice.email, server.sign_up("bob").email])
            wait = assert_too_many(sign_in(mallory, alice.email))
            assert wait <= ADDRESS_WINDOW.total_seconds()
            assert sign_in(from_address(server, "198.51.100.2"), alice.email).status_code == 200
            key = prefix + "sign-in:203.0.113.7"
            assert [k.decode() for k in store.scan_iter(prefix + "*") if b":sign-in:" in k] == [key]
            assert 0 < store.ttl(key) <= ADDRESS_WINDOW.total_seconds()  # the counter ends with its window
    finally:
        for key in store.scan_iter(prefix + "*"):
            store.delete(key)


def test_a_sign_in_needs_no_second_connection(database_url: str, tmp_path: Path) -> None:
    """A server with a pool of one connection still answers sign-ins: the throttle's counters are read and written
    on the request's own connection, so requests holding every connection never wait on each other for more."""
    with serving(database_url, tmp_path, pool_size=1) as server:
        alice = server.sign_up("alice")
        assert sign_in(server.anonymous(), alice.email, WRONG).status_code == 401
        assert sign_in(server.anonymous(), alice.email).status_code == 200


def test_failed_sign_ins_at_once_are_each_counted(server: Server, alice: User) -> None:
    """Guesses sent in parallel cannot slip past the lockout: every failure answered 401 is counted, on the account
    and on the address, and none is a server error."""
    browsers = [server.anonymous(f"mallory-{n}") for n in range(12)]
    with ThreadPoolExecutor(len(browsers)) as pool:
        codes = list(pool.map(lambda b: sign_in(b, alice.email, WRONG).status_code, browsers))
    assert set(codes) <= {401, 429}, codes
    db = open_database(server.settings.database_url)
    try:
        account = db.one("SELECT failed_sign_ins FROM accounts WHERE email = :e", {"e": alice.email})
        address = db.one("SELECT hits FROM rate_limits WHERE key = 'sign-in:testclient'")
    finally:
        db.close()
    assert account is not None
    assert address is not None
    assert account["failed_sign_ins"] == address["hits"] == codes.count(401)
    assert_too_many(sign_in(server.anonymous(), alice.email))  # at least 5 failures: the account waits


# Tokens


def test_a_read_token_reads_and_cannot_change_anything(server: Server, alice: User) -> None:
    _, secret = new_token(alice, "read")
    script = server.anonymous("script")
    assert script.client.get(GOALS, headers=bearer(secret)).status_code == 200
    for method, url, body in [
        ("POST", GOALS, GOAL),
        ("POST", TOKENS, {"name": "escalate", "scope": "write"}),  # it cannot mint itself a write token
        ("POST", "/api/v1/account/sign-out-everywhere", None),
    ]:
        response = script.client.request(method, url, json=body, headers=bearer(secret))
        assert response.status_code == 403, url
    assert alice.get(GOALS).json()["goals"] == []
    assert [t["scope"] for t in alice.get(TOKENS).json()] == ["read"]


def test_a_revoked_token_is_refused(server: Server, alice: User) -> None:
    token_id, secret = new_token(alice, "write")
    bob = server.sign_up("bob")
    assert bob.delete(f"{TOKENS}/{token_id}").status_code == 404  # not his to revoke
    assert alice.delete(f"{TOKENS}/{token_id}").status_code == 204
    refused = server.anonymous("script").client.get(GOALS, headers=bearer(secret))
    assert refused.status_code == 401
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    assert alice.get(TOKENS).json()[0]["revoked_at"] is not None
    for junk in ["hw_" + "x" * 43, "not-a-token", ""]:
        assert server.anonymous().client.get(GOALS, headers=bearer(junk)).status_code == 401


def test_a_token_secret_is_shown_once_and_stored_hashed(server: Server, alice: User) -> None:
    token_id, secret = new_token(alice, "write")
    assert secret.startswith("hw_")
    assert len(secret) > 40
    listed = alice.get(TOKENS)
    assert [t["id"] for t in listed.json()] == [token_id]
    assert secret not in listed.text
    assert secret[3:] not in listed.text
    db = open_database(server.settings.database_url)
    try:
        stored = db.all("SELECT token_hash FROM api_tokens")
        audit = db.all("SELECT detail FROM audit_log")
    finally:
        db.close()
    assert [row["token_hash"] for row in stored] == [digest(secret)]
    assert all(secret[3:] not in row["detail"] for row in audit)


# Invitations


@pytest.fixture
def invite_only(database_url: str, tmp_path: Path, clock: Clock) -> Iterator[Server]:
    with serving(database_url, tmp_path, clock=clock, signup="invite") as found:
        yield found


def try_sign_up(server: Server, name: str, invitation: str | None = None) -> Any:
    body = {"email": f"{name}@example.com", "password": PASSWORD, "name": name, "invitation": invitation}
    return server.anonymous(name).post("/api/v1/auth/sign-up", json=body)


def invite(admin: User, name: str) -> str:
    response = admin.post("/api/v1/account/invitations", json={"email": f"{name.upper()}@Example.com"})
    assert response.status_code == 201, response.text
    assert response.json()["email"] == f"{name}@example.com"
    code: str = response.json()["code"]
    return code


def test_invite_only_sign_up_needs_a_valid_unused_invitation(invite_only: Server, clock: Clock) -> None:
    admin = invite_only.sign_up("alice")  # the first account needs none: it administers the server
    code = invite(admin, "bob")
    for why, name, invitation in [
        ("none", "bob", None),
        ("a wrong one", "bob", "made-up-code"),
        ("someone else's", "mallory", code),
    ]:
        response = try_sign_up(invite_only, name, invitation)
        assert response.status_code == 403, why
        assert response.json()["error"]["field"] == "invitation", why
    assert try_sign_up(invite_only, "bob", code).status_code == 201
    assert try_sign_up(invite_only, "bob", code).status_code == 403  # used
    late = invite(admin, "carol")
    clock.advance(days=15)
    assert try_sign_up(invite_only, "carol", late).status_code == 403  # expired


def test_only_an_administrator_invites(server: Server, alice: User) -> None:
    bob = server.sign_up("bob")
    response = bob.post("/api/v1/account/invitations", json={"email": "carol@example.com"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    invite(alice, "carol")


# One-time sign-in links


def test_a_sign_in_link_works_once(server: Server, clock: Clock) -> None:
    link = sign_in_link(server.settings)
    path = link_path(link)
    browser = server.anonymous("me")
    first = browser.client.get(path, follow_redirects=False)
    assert first.status_code == 303
    assert SESSION_COOKIE in first.cookies
    assert browser.get("/api/v1/auth/session").json()["via"] == "session"
    again = server.anonymous("me-again").client.get(path, follow_redirects=False)
    assert again.status_code == 401
    assert SESSION_COOKIE not in again.cookies
    stale = sign_in_link(server.settings)
    clock.advance(hours=24)
    assert server.anonymous().client.get(link_path(stale), follow_redirects=False).status_code == 401


# Refusing to start with an unsafe secret


@pytest.mark.parametrize(
    "secret", ["", "change-me", "CHANGE-ME", "secret", " " * 40, "short-and-random-4Vq9"], ids=repr
)
def test_the_server_refuses_a_default_or_short_secret_beyond_this_machine(tmp_path: Path, secret: str) -> None:
    database_url = str(tmp_path / "db.sqlite3")  # refusing comes before any database is opened
    settings = settings_for(database_url, tmp_path, host="0.0.0.0", secret=secret)  # noqa: S104 - the point
    with pytest.raises(ValidationError) as refused:
        create_app(settings)
    assert refused.value.field == "secret"
    assert "HEADWAY_SECRET" in (refused.value.hint or "")
    assert not Path(database_url).exists()
    local = create_app(settings_for(database_url, tmp_path, secret=secret))  # on 127.0.0.1, the local server
    local.state.server.pool.close()


def test_settings_from_the_environment_refuse_a_missing_or_short_secret(tmp_path: Path) -> None:
    def load(env: dict[str, str]) -> ServerSettings:
        url = str(tmp_path / "db.sqlite3")
        return ServerSettings.from_env(env, database_url=url, host="0.0.0.0", port=8000, data_dir=tmp_path)  # noqa: S104

    short = tmp_path / "secret"
    short.write_text("too-short\n", encoding="utf-8")
    for env in [{}, {"HEADWAY_SECRET": "changeme"}, {"HEADWAY_SECRET_FILE": str(short)}]:
        with pytest.raises(ValidationError, match="will not start"):
            load(env)
    assert not (tmp_path / "server-secret").exists()  # no made-up secret beyond this machine
    long = "k" * 16 + "4Vq9xZ" * 4 + "p" * 10
    assert load({"HEADWAY_SECRET": long}).secret == long


def test_headway_serve_beyond_this_machine_without_a_secret_exits_with_a_message(tmp_path: Path) -> None:
    executable = Path(sys.executable).with_name("headway")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEADWAY_")}
    env["HEADWAY_HOME"] = str(tmp_path / "home")
    proc = subprocess.run(
        [str(executable), "serve", "--host", "0.0.0.0", "--port", "58213", "--no-link"],  # noqa: S104
        capture_output=True,
        text=True,
        env=env,
        timeout=60,  # a server that started anyway would be killed here, and the test fail
        check=False,
    )
    assert proc.returncode != 0
    assert "secret" in proc.stderr
    assert "will not start" in proc.stderr
    assert "HEADWAY_SECRET" in proc.stderr
    assert "Headway is serving" not in proc.stdout


# Security headers


def script_sources(csp: str) -> list[str]:
    directives = {d.split()[0]: d.split()[1:] for d in (p.strip() for p in csp.split(";")) if d}
    return directives.get("script-src", directives.get("default-src", []))


def boom() -> None:
    raise RuntimeError("an unexpected failure")


def test_every_answer_carries_the_security_headers(server: Server, alice: User) -> None:
    server.app.add_api_route("/api/v1/boom", boom)  # a route that fails, for the 500 answer
    crashing = TestClient(server.app, base_url="http://127.0.0.1", raise_server_exceptions=False)
    mallory = server.anonymous("mallory")
    answers: dict[str, Any] = {
        "ok": alice.get(GOALS),
        "created": alice.post(GOALS, json=GOAL),
        "no content": alice.delete(f"{TOKENS}/{new_token(alice, 'read')[0]}"),
        "unauthenticated": mallory.get(GOALS),
        "forbidden": alice.client.post(GOALS, json=GOAL),
        "not found": mallory.get("/api/v1/nowhere"),
        "wrong method": mallory.client.put("/api/v1/health"),
        "invalid": mallory.post(SIGN_IN, json={"email": 3}),
        "redirect": mallory.client.get("/", follow_redirects=False),
        "docs page": mallory.get("/api/docs"),
        "static file": mallory.get("/api/static/docs.js"),
        "openapi": mallory.get("/api/openapi.json"),
        "server error": crashing.get("/api/v1/boom"),
    }
    for _ in range(5):
        sign_in(mallory, alice.email, WRONG)
    answers["too many"] = sign_in(mallory, alice.email, WRONG)
    assert answers["too many"].status_code == 429
    assert answers["server error"].status_code == 500
    for what, response in answers.items():
        headers = response.headers
        csp = headers.get("Content-Security-Policy", "")
        assert csp, what
        assert "'unsafe-inline'" not in script_sources(csp), what
        assert "'unsafe-eval'" not in script_sources(csp), what
        assert re.search(r"(^|;)\s*frame-ancestors 'none'\s*(;|$)", csp), what
        assert headers.get("X-Content-Type-Options") == "nosniff", what
        assert headers.get("Referrer-Policy") in ("same-origin", "no-referrer", "strict-origin-when-cross-origin"), what
        assert len(headers.get_list("Content-Security-Policy")) == 1, what
    for what in ("ok", "unauthenticated", "too many", "server error"):
        assert answers[what].headers.get("Cache-Control") == "no-store", what


def test_the_session_cookie_is_http_only_and_same_site(server: Server, database_url: str, tmp_path: Path) -> None:
    local = server.anonymous().post(
        "/api/v1/auth/sign-up", json={"email": "a@example.com", "password": PASSWORD, "name": "A"}
    )
    cookie = local.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" not in cookie  # a local server is plain http on 127.0.0.1
    with serving(database_url, tmp_path / "public", host="0.0.0.0") as public:  # noqa: S104
        answer = public.anonymous().post(
            "/api/v1/auth/sign-up", json={"email": "b@example.com", "password": PASSWORD, "name": "B"}
        )
        assert "; secure" in answer.headers["set-cookie"].lower()


# Malformed input: refused with the envelope, never a server error


def test_numbers_past_what_the_database_stores_are_refused_not_a_server_error(server: Server, alice: User) -> None:
    too_big = 2**63
    bounded = [alice.delete(f"{TOKENS}/{too_big}"), alice.get("/api/v1/account/audit", params={"before": too_big})]
    for response in bounded:  # the route bounds its ids: refused before it runs
        assert response.status_code == 422, response.request.url
    # A route that does not: SQLite's driver cannot take the number, PostgreSQL compares it (nothing matches) or
    # refuses to store it. Either way the caller's error, in the envelope.
    unbounded = [alice.get(f"{GOALS}/{too_big}"), alice.post(GOALS, json={**GOAL, "parent_id": too_big})]
    for response in unbounded:
        assert response.status_code in (404, 422), response.request.url
    for response in bounded + unbounded:
        assert response.json()["error"]["code"] in ("invalid", "not_found")


def test_a_body_that_is_not_utf8_is_refused_with_422(server: Server, alice: User) -> None:
    response = alice.post(GOALS, content=b"\xff\xfe{", headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"


# The audit log


def test_the_audit_log_records_sign_ins_and_tokens_for_the_account_holder_only(server: Server, alice: User) -> None:
    mallory = server.anonymous("mallory")
    assert sign_in(mallory, alice.email, WRONG).status_code == 401
    token_id, secret = new_token(alice, "read", name="laptop CLI")
    assert server.anonymous("script").client.get(GOALS, headers=bearer(secret)).status_code == 200
    assert alice.delete(f"{TOKENS}/{token_id}").status_code == 204
    bob = server.sign_up("bob")

    log = alice.get("/api/v1/account/audit").json()["items"]
    assert [e["event"] for e in reversed(log)] == [
        "sign-up",
        "sign-in",
        "sign-in failed",
        "token created",
        "token used",
        "token revoked",
    ]
    assert log[2]["detail"] == "laptop CLI (read)"
    assert all(e["address"] == "testclient" for e in log)
    assert secret not in str(log)
    assert [e["event"] for e in bob.get("/api/v1/account/audit").json()["items"]] == ["sign-in", "sign-up"]
    assert mallory.get("/api/v1/account/audit").status_code == 401
    page = alice.get("/api/v1/account/audit", params={"limit": 2}).json()
    rest = alice.get("/api/v1/account/audit", params={"before": page["next"]}).json()
    assert [e["id"] for e in page["items"] + rest["items"]] == [e["id"] for e in log]


# Secrets kept out of logs


def test_no_secret_reaches_the_logs(server: Server, caplog: pytest.LogCaptureFixture) -> None:
    server.app.add_middleware(AccessLog)  # as `headway serve` runs the app
    caplog.set_level(logging.DEBUG)
    alice = server.sign_up("alice")
    sign_in(server.anonymous(), alice.email, WRONG)
    assert sign_in(server.anonymous(), alice.email).status_code == 200
    _, token = new_token(alice, "write")
    assert server.anonymous().client.post(GOALS, json=GOAL, headers=bearer(token)).status_code == 201
    link = sign_in_link(server.settings)
    code = link.rsplit("code=", 1)[1]
    browser = server.anonymous()
    assert browser.client.get(link_path(link), follow_redirects=False).status_code == 303
    assert browser.client.get(f"/api/v1/auth/link?code={code}", follow_redirects=False).status_code == 401
    sessions = [alice.client.cookies[SESSION_COOKIE], browser.client.cookies[SESSION_COOKIE]]

    # The test client's own library (httpx) logs the URLs it requests: that is this test's side, not the server's.
    records = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    text = "\n".join(f"{r.name} {r.getMessage()}" for r in records)
    assert re.search(r"headway\.access GET /api/v1/auth/link 303 ", text), text
    assert re.search(r"headway\.access POST /api/v1/auth/sign-in 401 ", text), text
    for secret in [PASSWORD, WRONG, token, token[3:], code, *sessions, alice.csrf]:
        assert secret not in text


def test_the_access_log_leaves_out_the_query_string() -> None:
    lines: list[str] = []

    async def app(scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())  # type: ignore[method-assign]
    access = logging.getLogger("headway.access")
    access.addHandler(handler)
    old_level = access.level
    access.setLevel(logging.INFO)
    try:
        TestClient(AccessLog(app)).get(  # type: ignore[arg-type]  # no lifespan: a bare ASGI app
            "/api/v1/auth/link?code=s3cr3t-c0de", headers={"Authorization": "Bearer hw_s3cr3t"}
        )
    finally:
        access.removeHandler(handler)
        access.setLevel(old_level)
    assert len(lines) == 1
    assert lines[0].startswith("GET /api/v1/auth/link 204 ")
    assert "s3cr3t" not in lines[0]
