"""Schemathesis against the API's own OpenAPI document: every operation, with inputs generated from the document
(valid ones, and invalid ones it must refuse), sent by a signed-up user's write token. No answer may be a server
error, and every answer must be one the document declares: its status code, content type and body.

CI safety: nothing here may reach the network, let alone the internet.
- The document is the app's own, made in this process (`app.openapi()`), and must hold only local `$ref`s
  (`local_refs_only`): Schemathesis would fetch a remote one.
- Every request goes to the app in this process: `case.call(app=...)` uses Schemathesis's ASGI adapter, which it
  mounts for http:// and https:// alike, so no URL, whatever its host, leaves the process.
- The configuration is given here (no `schemathesis.toml` is looked for); its cache and Hypothesis's example
  database are off, so nothing is written beside the tests; Schemathesis 4 uploads no report anywhere.
- FastAPI's own OpenTelemetry exports nothing without an SDK and FASTAPI_OTEL_AUTO_CONFIGURE=true; CI sets neither.
- `no_network` makes all of this a rule rather than a hope: connecting to, or looking up, anything but this
  machine fails the test (`test_the_fuzz_cannot_reach_the_network` checks the guard itself).

SQLite only: the fuzz judges the routes' validation and their documented answers, which do not depend on the
database; the PostgreSQL half of every route is run by the route tests (and the security tests), so on PostgreSQL
the fuzz would cost a schema and a connection pool per operation for the same findings.

Bounded in time: FUZZ_EXAMPLES generated cases per operation, plus Schemathesis's coverage cases (the boundaries
of each field, and methods a path does not allow), with a fixed seed so a CI failure reproduces
(HEADWAY_FUZZ_SEED picks another). The run prints one summary line: requests, operations, seconds, statuses.

Why the document is read at collection (`api_document`) rather than from a fixture: Schemathesis's
`from_fixture` sets `request.node._nodeid`, which pytest 9.2 no longer has, so it fails on every operation.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from headway.adapters.db import SqlUnitOfWork, open_database
from headway.adapters.db.connection import Database
from headway.entrypoints.api.app import create_app
from headway.services import accounts
from tests.api.conftest import PASSWORD, settings_for
from tests.conftest import NOW

FUZZ_EXAMPLES = 15
EMAIL = "alice@example.com"
SEED = int(os.environ.get("HEADWAY_FUZZ_SEED", "20261125"))


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,  # input the document forbids is refused with a 4xx, not stored
]


def _is_local_host(host: Any) -> bool:
    if host is None:
        return True
    name = host.decode() if isinstance(host, bytes) else str(host)
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return name == "localhost"


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection, or name lookup, beyond this machine fails the test (see the module's note)."""
    connect, getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def guarded_connect(sock: socket.socket, address: Any) -> None:
        if isinstance(address, tuple) and not _is_local_host(address[0]):  # not a Unix socket, not loopback
            pytest.fail(f"the fuzz tried to reach {address!r}: nothing here may use the network")
        connect(sock, address)

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not _is_local_host(host):
            pytest.fail(f"the fuzz tried to look up {host!r}: nothing here may use the network")
        return getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)


def test_the_fuzz_cannot_reach_the_network(no_network: None) -> None:
    with pytest.raises(pytest.fail.Exception, match="nothing here may use the network"):
        socket.create_connection(("example.com", 443), timeout=0.1)  # the name is not even looked up
    with socket.socket() as sock, pytest.raises(pytest.fail.Exception, match="nothing here may use the network"):
        sock.connect(("192.0.2.1", 80))  # TEST-NET-1: not contacted either


@dataclass
class Credentials:
    """The fuzzing user and their write token. A generated request may revoke the token (DELETE
    /account/tokens/{id} with its id) or delete the account (DELETE /data); the user then signs up again and a
    token is minted in the database (not through the API under test), so later cases are still signed in."""

    app: FastAPI
    db: Database
    secret: str = ""

    def renew(self) -> None:
        uow = SqlUnitOfWork(self.db, stamps=False)
        if accounts.token_actor(uow, self.secret, NOW) is not None:
            return
        with uow.read():
            account = uow.accounts.by_email(EMAIL)
        if account is None:
            with uow.write():  # the generated sign-ups may have used up this address's allowance
                uow.db.execute("DELETE FROM rate_limits")
            with TestClient(self.app, base_url="http://127.0.0.1") as client:
                body = {"email": EMAIL, "password": PASSWORD, "name": "Alice"}
                response = client.post("/api/v1/auth/sign-up", json=body)
                assert response.status_code == 201, response.text
            with uow.read():
                account = uow.accounts.by_email(EMAIL)
        assert account is not None
        actor = accounts.Actor(account.id, account.person_id, account.role, "write")
        _, self.secret = accounts.create_token(uow, actor, name="fuzz", scope="write", address="", now=NOW)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret}"}


@dataclass
class Fuzzed:
    app: FastAPI
    credentials: Credentials


def local_refs_only(node: Any, where: str = "#") -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        assert ref is None or str(ref).startswith("#/"), f"{where}: $ref {ref!r} would be fetched"
        for key, value in node.items():
            local_refs_only(value, f"{where}/{key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            local_refs_only(value, f"{where}/{n}")


# Operations whose failures are known, in files this test's author does not own: each is expected to fail (strict,
# so a fix shows as XPASS and the entry is then removed). The reasons say what to change.
KNOWN_FAILURES: dict[str, str] = {}  # operation -> why it fails; strict: a fix must take its entry out
ANSWERS: Counter[tuple[str, int]] = Counter()  # (operation, status) -> requests, for the summary line


@pytest.fixture(scope="module", autouse=True)
def summary(request: pytest.FixtureRequest) -> Iterator[None]:
    """One line in the test report: how many requests the fuzz sent, and what came back."""
    started = time.perf_counter()
    yield
    if not ANSWERS:
        return
    operations = {operation for operation, _ in ANSWERS}
    statuses = Counter[int]()
    for (_, status), count in ANSWERS.items():
        statuses[status] += count
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():  # the line goes to the terminal, not to a captured stream
            reporter.write_line(
                f"\nfuzz: {sum(ANSWERS.values())} requests to {len(operations)} operations in "
                f"{time.perf_counter() - started:.1f} s (seed {SEED}); statuses {dict(sorted(statuses.items()))}"
            )


@pytest.fixture
def fuzzed(request: pytest.FixtureRequest, tmp_path: Path, no_network: None) -> Iterator[Fuzzed]:
    label = request.node.name.partition("[")[2].removesuffix("]")
    if label in KNOWN_FAILURES:
        request.applymarker(pytest.mark.xfail(reason=KNOWN_FAILURES[label], strict=True))
    database_url = str(tmp_path / "fuzz.sqlite3")
    app = create_app(settings_for(database_url, tmp_path))
    db = open_database(database_url, migrate=False)  # create_app has migrated it
    credentials = Credentials(app, db)
    credentials.renew()
    try:
        yield Fuzzed(app, credentials)
    finally:
        db.close()
        app.state.server.pool.close()


def api_document() -> dict[str, Any]:
    """The OpenAPI document, read once when the tests are collected (Schemathesis makes one test per operation
    from it) from an app over a throwaway database; each test then sends its cases to an app of its own."""
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(settings_for(str(Path(folder) / "schema.sqlite3"), Path(folder)))
        try:
            document: dict[str, Any] = app.openapi()
        finally:
            app.state.server.pool.close()
    local_refs_only(document)
    return document


CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "cache": {"enabled": False},
        "generation": {"max-examples": FUZZ_EXAMPLES, "database": "none"},
        "phases": {"stateful": {"enabled": False}},
    }
)
schema = schemathesis.openapi.from_dict(api_document(), config=CONFIG)


@schema.parametrize()
@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,  # a request's time is not what this test judges; the run as a whole is bounded
    database=None,
    print_blob=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_is_one_the_document_declares(case: Any, fuzzed: Fuzzed) -> None:
    fuzzed.credentials.renew()
    response = case.call(app=fuzzed.app, headers=fuzzed.credentials.headers)
    ANSWERS[case.operation.label, response.status_code] += 1
    case.validate_response(response, checks=CHECKS, transport_kwargs={"app": fuzzed.app})
