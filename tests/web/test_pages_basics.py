"""The page shell: signing in and out through forms, the dashboard, errors as pages, the security headers."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator

import pytest

from tests.web.conftest import PASSWORD, Server, User, field_error, text_of


def test_a_page_without_a_session_sends_the_browser_to_sign_in_and_back(charlie: User) -> None:
    answer = charlie.get("/?from=mail", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/sign-in?next=%2F%3Ffrom%3Dmail"
    htmx = charlie.get("/", headers={"HX-Request": "true"}, follow_redirects=False)
    assert htmx.headers["HX-Redirect"] == "/sign-in"


def test_sign_up_then_sign_out_then_sign_in_through_the_forms(server: Server) -> None:
    browser = server.anonymous("dana")
    form = browser.get("/sign-up")
    assert form.status_code == 200
    assert "Create your account" in text_of(form.text)
    made = browser.post(
        "/sign-up", data={"name": "Dana", "email": "dana@example.com", "password": PASSWORD}, follow_redirects=False
    )
    assert made.status_code == 303
    assert made.headers["location"] == "/"
    home = browser.get("/")
    assert home.status_code == 200
    assert "Dana" in text_of(home.text)
    assert "No active goals yet" in text_of(home.text)
    csrf = home.text.split('name="csrf_token" value="')[1].split('"')[0]
    out = browser.client.post("/sign-out", data={"csrf_token": csrf}, follow_redirects=False)
    assert out.status_code == 303
    assert browser.get("/", follow_redirects=False).status_code == 303
    back = browser.client.post(
        "/sign-in",
        data={"email": "dana@example.com", "password": PASSWORD, "next": "/goals"},
        follow_redirects=False,
    )
    assert back.status_code == 303
    assert back.headers["location"] == "/goals"


def test_a_wrong_password_is_said_on_the_form_and_keeps_the_email(server: Server, alice: User) -> None:
    browser = server.anonymous()
    answer = browser.post("/sign-in", data={"email": alice.email, "password": "not the password"})
    assert answer.status_code == 401
    assert 'value="alice@example.com"' in answer.text
    assert "not the password" not in answer.text  # a password is never sent back


def test_sign_up_errors_stand_beside_their_fields_and_keep_what_was_typed(server: Server) -> None:
    browser = server.anonymous()
    answer = browser.post("/sign-up", data={"name": "Erin", "email": "erin@example.com", "password": "short"})
    assert answer.status_code == 422
    assert field_error(answer.text, "password") is not None
    assert 'value="Erin"' in answer.text
    assert 'value="erin@example.com"' in answer.text


def test_sign_in_never_redirects_to_another_site(server: Server, alice: User) -> None:
    browser = server.anonymous()
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        answer = browser.post(
            "/sign-in", data={"email": alice.email, "password": PASSWORD, "next": target}, follow_redirects=False
        )
        assert answer.headers["location"] == "/", target


def test_a_form_without_the_csrf_token_is_refused_and_changes_nothing(alice: User) -> None:
    answer = alice.client.post("/sign-out", data={}, follow_redirects=False)
    assert answer.status_code == 403
    assert "expired or did not come from Headway" in text_of(answer.text)
    assert alice.get("/", follow_redirects=False).status_code == 200  # still signed in
    other_site = alice.client.post(
        "/sign-out", data={"csrf_token": alice.csrf}, headers={"Origin": "https://evil.example"}
    )
    assert other_site.status_code == 403


def test_pages_carry_the_security_headers_and_no_inline_script(alice: User) -> None:
    answer = alice.get("/")
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    assert answer.headers["cache-control"] == "no-store"
    assert "<script>" not in answer.text
    assert "<script src=" in answer.text
    assert "onclick" not in answer.text


def test_an_unknown_page_is_a_404_page_not_json(server: Server, alice: User) -> None:
    answer = alice.get("/no-such-page")
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")
    assert "There is nothing here" in text_of(answer.text)
    assert '<nav aria-label="Main">' in answer.text  # signed in: the navigation and the sign-out stay
    assert f'name="csrf_token" value="{alice.csrf}"' in answer.text
    stranger = server.anonymous().get("/no-such-page")
    assert stranger.status_code == 404
    assert '<nav aria-label="Main">' not in stranger.text
    api = alice.get("/api/v1/no-such-thing")
    assert api.status_code == 404
    assert api.json()["error"]["code"] == "not_found"


def test_a_page_whose_database_fails_is_still_an_error_page(
    server: Server, alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from contextlib import contextmanager

    from headway.adapters.db.connection import DatabaseError

    @contextmanager
    def unreachable(**_: object) -> Iterator[None]:
        raise DatabaseError("The database could not be opened.")
        yield

    monkeypatch.setattr(server.app.state.server.pool, "connection", unreachable)
    answer = alice.get("/goals")
    assert answer.status_code >= 400
    assert answer.headers["content-type"].startswith("text/html")
    assert "The database could not be opened." in text_of(answer.text)
    assert '<nav aria-label="Main">' not in answer.text  # no second try at the failing database for the menu


def test_the_footer_gives_the_data_sources_attributions(alice: User) -> None:
    footer = text_of(alice.get("/").text)
    assert "O*NET 29.2 Database" in footer
    assert "Occupational Employment and Wage Statistics, May 2025" in footer


def test_a_page_link_that_does_not_parse_is_a_404_page(alice: User) -> None:
    answer = alice.get("/goals/not-a-number")
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")


def test_a_warning_on_the_dashboard_gives_its_next_step_as_a_link_not_a_command(alice: User) -> None:
    goal = alice.post(
        "/api/v1/goals", json={"title": "Become a sales manager", "why": "lead a team", "target_date": "2028-11-25"}
    ).json()["goal"]["id"]
    alice.post("/api/v1/tasks", json={"goal_id": goal, "title": "Shadow a sales manager", "due": "2027-06-01"})
    html = alice.get("/").text
    warnings = re.search(r'<section aria-labelledby="warn-h".*?</section>', html, re.S)
    assert warnings is not None
    text = text_of(warnings.group(0))
    assert "No task of 'Become a sales manager' is due in the next 30 days." in text
    assert "Next step: add the next task, due in the coming weeks. Add a task" in text
    assert f'href="/goals/{goal}#add-task"' in warnings.group(0)
    assert "`headway" not in text  # the CLI's wording stays in the CLI and the API


def test_the_dashboard_lists_the_next_and_the_overdue_tasks_with_their_goal(alice: User) -> None:
    manager = {
        "title": "Become a sales manager",
        "why": "lead a team",
        "start_date": "2026-06-01",
        "target_date": "2028-11-25",
    }
    goal = alice.post("/api/v1/goals", json=manager).json()["goal"]["id"]
    alice.post(
        "/api/v1/tasks",
        json={"goal_id": goal, "title": "Shadow a sales manager", "due": "2026-12-10", "effort_hours": 3},
    )
    late = alice.post("/api/v1/tasks", json={"goal_id": goal, "title": "Ask for a mentor", "due": "2026-11-20"})
    assert late.status_code == 201, late.text
    html = alice.get("/").text
    upcoming = re.search(r'<section aria-labelledby="next-h".*?</section>', html, re.S)
    overdue = re.search(r'<section aria-labelledby="late-h".*?</section>', html, re.S)
    assert upcoming is not None
    assert overdue is not None
    assert "Shadow a sales manager · due 10 Dec 2026 · 3 h · Become a sales manager" in text_of(upcoming.group(0))
    assert text_of(overdue.group(0)) == "Overdue Ask for a mentor · due 20 Nov 2026 · Become a sales manager late"


WARNING_KINDS = ("stalled", "confidence_falling", "overdue_milestones", "plan_too_long", "nothing_planned",
                 "balance_fell")  # fmt: skip


def test_every_kind_of_warning_links_to_a_place_that_exists(server: Server, alice: User) -> None:
    goal = alice.post(
        "/api/v1/goals", json={"title": "Become a sales manager", "why": "lead a team", "target_date": "2028-11-25"}
    ).json()["goal"]["id"]
    alice.post("/api/v1/tasks", json={"goal_id": goal, "title": "Shadow a sales manager", "due": "2027-06-01"})
    from headway.domain import warnings

    raised = set(re.findall(r'EarlyWarning\(\s*"(\w+)"', inspect.getsource(warnings)))
    assert raised == set(WARNING_KINDS)  # a new kind of warning needs its wording on the pages too
    steps = server.app.state.pages.environment.get_template("_warnings.html").module
    for kind in WARNING_KINDS:
        warning = {"kind": kind, "why": "", "next_step": "`headway ...`", "goal_id": goal}
        html = str(steps.next_step(warning))
        assert "headway" not in html, kind  # each kind has its own wording, not the CLI's
        links = re.findall(r'href="([^"#]+)#?([^"]*)"', html)
        assert links, kind
        for path, anchor in links:
            page = alice.get(path)
            assert page.status_code == 200, (kind, path)
            assert not anchor or f'id="{anchor}"' in page.text, (kind, path, anchor)
