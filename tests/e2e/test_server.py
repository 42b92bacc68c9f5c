"""`headway serve` as a user runs it, and `headway --server URL` against it: a real server process on a free
port, over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import Cli


@dataclass
class Running:
    url: str
    link: str  # the one-time sign-in link it printed
    process: subprocess.Popen[str]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(cli: Cli, tmp_path: Path) -> Iterator[Running]:
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [cli.executable, "serve", "--port", str(port)],
            env=cli.env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(url + "/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        else:
            pytest.fail("headway serve did not answer:\n" + log.read_text())
        link = next(w for w in log.read_text().split() if "/auth/link?code=" in w)
        yield Running(url, link, process)
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert link.split("code=")[1] not in log.read_text().replace(link, ""), "the sign-in code was logged"


def write_token(running: Running) -> str:
    """Sign in through the printed link (once), and create a write token as the person would."""
    browser = httpx.Client(base_url=running.url)
    assert browser.get(running.link).status_code == 303
    session = browser.get("/api/v1/auth/session").json()
    made = browser.post(
        "/api/v1/account/tokens",
        json={"name": "laptop", "scope": "write"},
        headers={"X-CSRF-Token": session["csrf_token"]},
    )
    assert made.status_code == 201
    assert browser.get(running.link.replace(running.url, "")).status_code == 401  # the link works once
    return str(made.json()["secret"])


@dataclass
class RemoteCli(Cli):
    """The CLI with a personal API token in its environment."""

    token: str = ""

    def env(self) -> dict[str, str]:
        return {**super().env(), "HEADWAY_TOKEN": self.token}


def test_the_cli_works_against_a_server(cli: Cli, served: Running) -> None:
    cli.ok("init", "--name", "Sam Rivera", "--role", "Account Executive")
    remote = RemoteCli(cli.database_url, cli.home, token=write_token(served))
    added = remote.ok(
        "--server", served.url, "goal", "add", "Become a sales manager", "--why", "lead", "--by", "2028-11-25"
    )
    assert "#1 Become a sales manager" in added
    remote.ok("--server", served.url, "goal", "edit", "1", "--by", "2029-01-31", "--reason", "a reorganisation")
    status = remote.ok("--server", served.url, "status")
    assert "Become a sales manager" in status
    assert "2029-01-31" in status
    assert "why: a reorganisation" in remote.ok("--server", served.url, "history", "1")
    remote.ok(
        "--server", served.url, "task", "add", "1", "Finish the leadership course", "--milestone", "--due", "2027-03-31"
    )
    assert "Finish the leadership course" in remote.ok("--server", served.url, "task", "list", "--all")
    assert "done" in remote.ok("--server", served.url, "task", "done", "1")
    remote.ok("--server", served.url, "invest", "course", "--hours", "3", "--note", "Negotiation, module 1")
    remote.ok("--server", served.url, "checkin", "--stdin", stdin='{"goals": [{"goal": 1, "confidence": 4}]}')
    exported = json.loads(remote.ok("--server", served.url, "export"))
    assert [t["status"] for t in exported["tasks"]] == ["done"]
    assert len(exported["investments"]) == len(exported["checkins"]) == 1
    # The same record, seen locally: the server wrote to the CLI's database.
    assert "2029-01-31" in cli.ok("goal", "show", "1")


def test_a_bad_token_and_a_local_only_command_say_what_to_do(cli: Cli, served: Running) -> None:
    cli.ok("init", "--name", "Sam Rivera")
    bad = RemoteCli(cli.database_url, cli.home, token="hw_not-a-token")("--server", served.url, "status")
    assert bad.code == 1
    assert "HEADWAY_TOKEN" in bad.err
    local_only = RemoteCli(cli.database_url, cli.home, token=write_token(served))("--server", served.url, "review")
    assert local_only.code == 1
    assert "works on a local database only" in local_only.err


def test_serve_refuses_an_open_address_without_a_secret(cli: Cli) -> None:
    result = cli("serve", "--host", "0.0.0.0", "--port", str(free_port()))  # noqa: S104 - it must refuse
    assert result.code == 1
    assert "HEADWAY_SECRET" in result.err


def test_the_api_docs_and_their_files_are_served_whole(cli: Cli, served: Running) -> None:
    from headway.entrypoints.api.docs import STATIC

    page = httpx.get(served.url + "/api/docs")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    bundle = httpx.get(served.url + "/api/static/swagger-ui/swagger-ui-bundle.js")
    assert bundle.status_code == 200
    assert bundle.content == (STATIC / "swagger-ui" / "swagger-ui-bundle.js").read_bytes()
    assert httpx.get(served.url + "/api/openapi.json").json()["info"]["title"] == "Headway"
