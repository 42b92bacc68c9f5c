"""Every page (tests/browser/pages.py) at a desktop's and a phone's width: it loads with nothing refused by the
Content-Security-Policy and no script error, the keyboard's focus can be seen, and a phone never scrolls sideways.
The main pages' screenshots are taken here (docs/screenshots with HEADWAY_SCREENSHOTS=1)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.browser.conftest import DESKTOP, PHONE, LiveServer, OpenPage, Person, Who
from tests.browser.pages import PAGE_PARAMS, SQLITE_ONLY, Opened, Visit, open_as, screenshot_folder

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = SQLITE_ONLY
FOCUS_STOPS = 3  # the first tab stops: the skip link, the brand, then the page's first control

FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {
    element: element.outerHTML.slice(0, 120),
    focusVisible: element.matches(":focus-visible"),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== "none",
    outlineText: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
    inView: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
      && box.left < innerWidth && box.top < innerHeight,
  };
}"""

WIDER_THAN_SCREEN = """() => {
  const wide = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    const inside = element.parentElement && element.parentElement.closest(".table-scroll, pre");
    if (box.right > innerWidth + 0.5 && !inside) {
      const name = element.tagName.toLowerCase() + (element.id ? `#${element.id}` : "")
        + (element.classList.length ? `.${[...element.classList].join(".")}` : "");
      wide.push(`${name} (right edge at ${Math.round(box.right)} px)`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth, wide: wide.slice(0, 8)};
}"""


def clean_console(opened: Opened, visit: Visit) -> None:
    """Nothing refused by the CSP, no script error; an error page's own status is not a fault of the page."""
    expected = f"the server responded with a status of {visit.status}"
    problems = [line for line in opened.console if visit.status == 200 or expected not in line]
    assert not problems, f"{visit.path}: the console reported:\n" + "\n".join(problems)


def save(page: Page, visit: Visit, width: str, tmp_path: Path) -> None:
    """A full-page screenshot of a main page."""
    if visit.shot:
        page.screenshot(path=screenshot_folder(tmp_path) / f"{visit.shot}-{width}.png", full_page=True)


@pytest.mark.parametrize("visit", PAGE_PARAMS)
def test_desktop_page_loads_cleanly_and_shows_the_keyboard_focus(
    visit: Visit, read_page: OpenPage, live_server: LiveServer, people: dict[Who, Person | None], tmp_path: Path
) -> None:
    opened = open_as(visit, read_page, live_server, people, viewport=DESKTOP)
    clean_console(opened, visit)
    save(opened.page, visit, "desktop", tmp_path)
    first: dict[str, Any] | None = None
    for stop in range(FOCUS_STOPS):
        opened.page.keyboard.press("Tab")
        focused: dict[str, Any] = opened.page.evaluate(FOCUSED)
        first = first or focused
        assert focused["focusVisible"], f"{visit.path}: tab stop {stop + 1} is not :focus-visible: {focused}"
        assert focused["outline"] or focused["shadow"], f"{visit.path}: no visible focus on {focused}"
        assert focused["inView"], f"{visit.path}: tab stop {stop + 1} is focused out of sight: {focused}"
    assert first is not None
    assert first["element"].startswith("<a "), f"{visit.path}: the first tab stop is not a link: {first}"


@pytest.mark.parametrize("visit", PAGE_PARAMS)
def test_phone_page_never_scrolls_sideways(
    visit: Visit, read_page: OpenPage, live_server: LiveServer, people: dict[Who, Person | None], tmp_path: Path
) -> None:
    opened = open_as(visit, read_page, live_server, people, viewport=PHONE)
    clean_console(opened, visit)
    save(opened.page, visit, "phone", tmp_path)
    measured: dict[str, Any] = opened.page.evaluate(WIDER_THAN_SCREEN)
    assert measured["scrollWidth"] <= measured["innerWidth"], (
        f"{visit.path} scrolls sideways on a {PHONE['width']} px phone: {measured['scrollWidth']} px wide, "
        f"because of: {', '.join(measured['wide']) or 'no single element'}"
    )
