"""The web pages through HTTP (FastAPI's TestClient) on SQLite and PostgreSQL: the API tests' server and named
people (alice owns, bob is another user, charlie has no account), whose clients send the session's CSRF token
with every change as htmx does. Forms posted as a browser posts them: `alice.post(url, data={...})`."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tests.api.conftest import PASSWORD, Server, User, alice, bob, catalog, charlie, server

__all__ = ["PASSWORD", "Server", "User", "alice", "bob", "catalog", "charlie", "field_error", "server", "text_of"]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "title"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "title") and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def text_of(html: str) -> str:
    """The words a reader sees (tags dropped, whitespace collapsed): what page tests assert on."""
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts)).strip()


def field_error(html: str, name: str) -> str | None:
    """The error shown beside the field `name` (the _forms.html macros' markup), or None."""
    found = re.search(rf'<p class="error" id="f-{re.escape(name)}-error">(.*?)</p>', html, re.S)
    return text_of(found.group(1)).removeprefix("Error:").strip() if found else None
