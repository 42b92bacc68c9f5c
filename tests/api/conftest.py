"""The API through HTTP (FastAPI's TestClient, a real ASGI round trip) on SQLite and on PostgreSQL.

`server` is one app over one database; `server.sign_up("alice")` opens an account and returns a client signed
in as that person, sending the session's CSRF token with every change as a browser would. `charlie` has no
account at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from headway.adapters.occupations.store import OccupationStore
from headway.entrypoints.api.app import create_app
from headway.entrypoints.api.settings import ServerSettings
from tests.conftest import NOW

PASSWORD = "correct horse battery staple"


@dataclass
class User:
    """A browser-like client: its own cookie jar, and the CSRF token of its session."""

    name: str
    client: TestClient
    csrf: str = ""
    email: str = ""

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        headers = dict(kwargs.pop("headers", None) or {})
        if self.csrf and method.upper() not in ("GET", "HEAD", "OPTIONS"):
            headers.setdefault("X-CSRF-Token", self.csrf)
        return self.client.request(method, url, headers=headers, **kwargs)

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Any:
        return self.request("POST", url, **kwargs)

    def patch(self, url: str, **kwargs: Any) -> Any:
        return self.request("PATCH", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> Any:
        return self.request("PUT", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> Any:
        return self.request("DELETE", url, **kwargs)


@dataclass
class Server:
    app: FastAPI
    settings: ServerSettings
    clients: list[TestClient] = field(default_factory=list)

    def client(self) -> TestClient:
        client = TestClient(self.app, base_url="http://127.0.0.1")
        client.__enter__()
        self.clients.append(client)
        return client

    def anonymous(self, name: str = "charlie") -> User:
        return User(name, self.client())

    def sign_up(self, name: str, *, password: str = PASSWORD, **extra: Any) -> User:
        user = User(name, self.client(), email=f"{name}@example.com")
        response = user.post(
            "/api/v1/auth/sign-up",
            json={"email": user.email, "password": password, "name": name.capitalize(), **extra},
        )
        assert response.status_code == 201, response.text
        user.csrf = response.json()["csrf_token"]
        return user

    def close(self) -> None:
        for client in self.clients:
            client.__exit__(None, None, None)


def settings_for(database_url: str, tmp_path: Path, **changes: Any) -> ServerSettings:
    """Test settings: a fixed clock, and Argon2id at low cost (the same algorithm; the suite stays fast)."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "secret": "test-secret-" + "x" * 40,
        "data_dir": tmp_path / "home",
        "clock": lambda: NOW,
        "argon2_time_cost": 1,
        "argon2_memory_kib": 8192,
        "warm_catalog": False,  # the tests that need the occupation data build it when they do
        "daily_jobs": False,  # tests/api/test_jobs.py runs them itself
        **changes,
    }
    return ServerSettings(**values)


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[Server]:
    settings = settings_for(database_url, tmp_path)
    found = Server(create_app(settings), settings)
    try:
        yield found
    finally:
        found.close()


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OccupationStore]:
    """The occupation data, unpacked once for a test module (as a worker keeps one for every request): a test
    that needs it sets it on its server (`server.app.state.server.__dict__["catalog"] = catalog`)."""
    store = OccupationStore(cache_dir=tmp_path_factory.mktemp("occupations"))
    yield store
    store.close()


@pytest.fixture
def alice(server: Server) -> User:
    return server.sign_up("alice")


@pytest.fixture
def bob(server: Server) -> User:
    return server.sign_up("bob")


@pytest.fixture
def charlie(server: Server) -> User:
    return server.anonymous("charlie")


def answer(response: Any, kind: str, status: int = 200) -> dict[str, Any]:
    """The response's document, after checking its status, its kind and the CLI's documented schema for it."""
    from tests.docs.schemas import errors

    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["kind"] == kind
    assert errors(body, f"{kind}.schema.json") == []
    return body


def refused(response: Any, status: int, field: str | None) -> dict[str, Any]:
    """The error envelope of a refused request, after checking its status and the field it names."""
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["field"] == field, error
    return error
