"""Signing up, out and in again in a real browser, as a person does it: the forms, the cookies, the redirects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playwright.sync_api import expect

from tests.browser.conftest import LiveServer, OpenPage, Person

if TYPE_CHECKING:
    from playwright.sync_api import Page


def test_a_new_person_lands_on_their_empty_dashboard(page: Page, person: Person) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(person.name)
    expect(page.get_by_text("No active goals yet")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard")).to_have_attribute(
        "aria-current", "page"
    )


def test_sign_out_then_sign_in_returns_to_the_page_asked_for(
    page: Page, person: Person, open_page: OpenPage, live_server: LiveServer
) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{live_server.url}/sign-in")
    page.goto("/?from=mail")
    expect(page).to_have_url(f"{live_server.url}/sign-in?next=%2F%3Ffrom%3Dmail")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_label("Email")).to_have_value(person.email)  # kept, the password not
    expect(page.get_by_label("Password")).to_have_value("")
    page.get_by_label("Password").fill(person.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/?from=mail")
    expect(page.get_by_role("heading", level=1)).to_have_text(person.name)
    # The session signed out at the start is over for good: its saved cookies open nothing now.
    stale = open_page(person)
    stale.goto("/")
    expect(stale).to_have_url(f"{live_server.url}/sign-in")


def test_the_demo_person_sees_sams_year(open_page: OpenPage, demo_person: Person) -> None:
    page = open_page(demo_person)
    page.goto("/")
    expect(page.get_by_role("heading", name="Active goals")).to_be_visible()
    expect(page.get_by_text("Become a sales manager").first).to_be_visible()
    assert set(demo_person.goals) >= {"Become a sales manager", "Raise my base salary"}
