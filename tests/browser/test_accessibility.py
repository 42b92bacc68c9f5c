"""An accessibility scan of every page (tests/browser/pages.py) with axe-core, at desktop width: no serious or
critical violation of WCAG 2.0, 2.1 or 2.2 at levels A and AA."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from tests.browser.conftest import LiveServer, OpenPage, Person, Who
from tests.browser.pages import PAGE_PARAMS, SQLITE_ONLY, Visit, open_as

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = SQLITE_ONLY
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}


def violations(page: Page, axe: str) -> list[dict[str, Any]]:
    """axe-core's WCAG A and AA violations on the page as it stands."""
    # axe goes in through the DevTools protocol (evaluate), which the page's Content-Security-Policy does not
    # govern, whereas a <script> with its text (add_script_tag) would be refused by script-src 'self'. So the
    # page is scanned as a visitor gets it, its CSP in force: no bypass_csp needed.
    page.evaluate(axe)
    result: dict[str, Any] = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]},
    )
    found: list[dict[str, Any]] = result["violations"]
    return found


def described(found: list[dict[str, Any]]) -> str:
    lines = []
    for violation in found:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    at {target}: {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("visit", PAGE_PARAMS)
def test_no_serious_accessibility_violation(
    axe: str, visit: Visit, read_page: OpenPage, live_server: LiveServer, people: dict[Who, Person | None]
) -> None:
    page = open_as(visit, read_page, live_server, people).page
    blocking = [v for v in violations(page, axe) if v["impact"] in BLOCKING]
    if blocking:
        pytest.fail(
            f"{visit.path}: serious or critical accessibility violations:\n{described(blocking)}", pytrace=False
        )


def test_the_scan_finds_a_field_without_its_label(axe: str, page: Page) -> None:
    """The scan itself works: a field that lost its label is a critical violation, named with its element."""
    page.goto("/sign-in")
    page.locator("label[for=f-email]").evaluate("label => label.remove()")
    found = {v["id"]: v for v in violations(page, axe)}
    assert "label" in found, described(list(found.values()))
    assert found["label"]["impact"] == "critical"
    assert ["#f-email"] in [node["target"] for node in found["label"]["nodes"]]
