"""The investments and balance pages: logging an entry through the form, the ledger's totals and charts, and the
four ratings now and over time.

Alice's data, added in each test that needs it (the tests' clock stands at Wednesday 2026-11-25):
    goal 'Become a sales manager' (milestones, by 2028-11-25)
    a check-in on 2026-11-10 rating fulfilment 6, balance 7, achievement 5, financial 4 (through the API),
    then today's, through the check-in pages, rating fulfilment 8 and balance 4 only.
"""

from __future__ import annotations

import re

from tests.web.conftest import User, field_error, text_of

API = "/api/v1"
NONE, MINUS = "\u2013", "\u2212"  # the pages' en dash for an empty cell, and the minus of a falling trend
MANAGER = {"title": "Become a sales manager", "why": "lead a team", "target_date": "2028-11-25"}


def chart_titles(html: str) -> list[str]:
    return re.findall(r'<title id="c\d+t">(.*?)</title>', html)


def test_an_entry_logged_in_two_fields_is_in_the_table_and_the_totals(alice: User) -> None:
    empty = text_of(alice.get("/investments").text)
    assert "No entries yet" in empty
    logged = alice.post(
        "/investments", data={"what": "Negotiation course, module 2", "hours": "1.5"}, follow_redirects=False
    )
    assert logged.status_code == 303
    assert logged.headers["location"].startswith("/investments?logged=")
    html = alice.get(logged.headers["location"]).text
    page = text_of(html)
    assert "Logged: 1.5 h of course: Negotiation course, module 2, 25 Nov 2026." in page  # the category from the words
    row = re.search(r"<tr>\s*<td class=\"date\">25 Nov 2026</td>(.*?)</tr>", html, re.S)
    assert row is not None
    assert text_of(row.group(1)) == (
        f"Negotiation course, module 2 Course {NONE} 1.5 {NONE} Delete the entry of 25 Nov 2026: Negotiation course, "
        "module 2"
    )
    assert "1.5 h so far" in page  # this month, with no target set
    assert "Weeks with a deposit 1 of 1 (100%)" in page
    assert "In a row, now 1 week" in page
    saved = alice.get(f"{API}/investments").json()["investments"]
    assert [(i["category"], i["hours"], i["note"]) for i in saved] == [("course", 1.5, "Negotiation course, module 2")]


def test_a_mistyped_entry_is_deleted_from_its_row_and_the_totals_drop(alice: User) -> None:
    alice.post("/investments", data={"what": "Negotiation course", "hours": "2"})
    alice.post("/investments", data={"what": "Sales book", "hours": "15"})  # meant 1.5
    typo = alice.get(f"{API}/investments").json()["investments"][0]
    html = alice.get("/investments").text
    assert f'action="/investments/{typo["id"]}/delete"' in html
    assert 'data-confirm="Delete the entry of 25 Nov 2026 (Sales book) for good?"' in html
    assert "17 h so far" in text_of(html)
    deleted = alice.post(f"/investments/{typo['id']}/delete", data={}, follow_redirects=False)
    assert deleted.status_code == 303
    assert deleted.headers["location"] == "/investments?deleted=true#recent-h"
    page = text_of(alice.get(deleted.headers["location"]).text)
    assert "Deleted: the entry is gone, and the totals, pace and streaks below no longer count it." in page
    assert "2 h so far" in page
    assert [i["note"] for i in alice.get(f"{API}/investments").json()["investments"]] == ["Negotiation course"]
    alice.post("/investments", data={"what": "Sales book", "hours": "1.5"})  # typed again: the newest entry
    again = alice.post(f"/investments/{typo['id']}/delete", data={})
    assert again.status_code == 404  # the form sent twice: the second finds nothing, and deletes nothing else
    assert [i["hours"] for i in alice.get(f"{API}/investments").json()["investments"]] == [1.5, 2]


def test_the_extras_behind_more_are_kept_with_the_entry(alice: User) -> None:
    manager = alice.post(f"{API}/goals", json=MANAGER).json()["goal"]["id"]
    form = alice.get("/investments").text
    assert re.search(r"<details class=\"more\">\s*<summary>More: category, goal, money, date</summary>", form)
    alice.post(
        "/investments",
        data={"what": "Bought a coaching book", "hours": "", "category": "reading", "goal": str(manager),
              "amount": "24.50", "date": "2026-11-20"},
    )  # fmt: skip
    saved = alice.get(f"{API}/investments").json()["investments"][0]
    assert (saved["category"], saved["hours"], saved["amount"], saved["currency"]) == ("reading", 0, 24.5, "USD")
    assert (saved["goal_id"], saved["date"]) == (manager, "2026-11-20")
    page = text_of(alice.get("/investments").text)
    assert f"20 Nov 2026 Bought a coaching book Reading Become a sales manager {NONE} 24.50 USD" in page
    assert "24.50 USD spent" in page


def test_an_error_stands_beside_its_field_and_keeps_what_was_typed(alice: User, bob: User) -> None:
    nothing = alice.post("/investments", data={"what": "Coffee with my mentor", "hours": ""})
    assert nothing.status_code == 422
    assert field_error(nothing.text, "hours") == "An investment needs time, money or both."
    assert 'value="Coffee with my mentor"' in nothing.text
    words = alice.post("/investments", data={"what": "Coffee with my mentor", "hours": "an hour"})
    assert field_error(words.text, "hours") == "'an hour' is not a number of hours: type a number such as 1.5."
    assert 'value="an hour"' in words.text
    future = alice.post("/investments", data={"what": "Workshop", "hours": "2", "date": "2026-12-01"})
    assert field_error(future.text, "date") == "An investment cannot be dated in the future (2026-12-01)."
    assert re.search(r'<details class="more" open>', future.text)  # the field in error is in sight
    assert 'value="2026-12-01"' in future.text
    theirs = bob.post(f"{API}/goals", json=MANAGER).json()["goal"]["id"]
    other = alice.post("/investments", data={"what": "Workshop", "hours": "2", "goal": str(theirs)})
    assert other.status_code == 422
    assert field_error(other.text, "goal") == f"There is no goal #{theirs}."
    assert alice.get(f"{API}/investments").json()["investments"] == []
    assert bob.get(f"{API}/investments").json()["investments"] == []


def test_the_charts_have_titles_and_their_numbers_in_tables(alice: User) -> None:
    manager = alice.post(f"{API}/goals", json=MANAGER).json()["goal"]["id"]
    alice.post("/investments", data={"what": "Sales course", "hours": "3", "goal": str(manager)})
    alice.post("/investments", data={"what": "Coffee with a regional manager", "hours": "1", "date": "2026-11-02"})
    html = alice.get("/investments").text
    assert chart_titles(html) == ["Hours invested over time", "Hours each month", "Hours by category", "Hours by goal"]
    page = text_of(html)
    assert "Hours invested, month by month: the numbers" in page
    assert "Nov 2026 4 4" in page  # the month's hours, and the total by its end
    assert "Hours by category: the numbers" in page
    assert f"Course 3 {NONE}" in page
    assert f"Networking 1 {NONE}" in page
    assert f"Become a sales manager 3 {NONE}" in page
    assert f"No particular goal 1 {NONE}" in page


def test_each_person_sees_only_their_own_investments(alice: User, bob: User) -> None:
    alice.post("/investments", data={"what": "Alice's leadership course", "hours": "2"})
    theirs = text_of(bob.get("/investments").text)
    assert "Alice's leadership course" not in theirs
    assert "No entries yet" in theirs


def test_the_balance_shows_the_ratings_given_at_check_ins(alice: User) -> None:
    assert "No ratings yet" in text_of(alice.get("/balance").text)
    earlier = {"date": "2026-11-10", "ratings": {"fulfilment": 6, "balance": 7, "achievement": 5, "financial": 4}}
    assert alice.post(f"{API}/checkins", json=earlier).status_code == 201
    assert (
        alice.post("/checkin/step/1", data={"fulfilment": "8", "balance": "4"}, follow_redirects=False).status_code
        == 303
    )
    html = alice.get("/balance").text
    page = text_of(html)
    assert chart_titles(html) == ["Your four ratings now", "Your ratings over time"]
    assert "Fulfilment 8 up 2 since 10 Nov 2026 ↗ rising (+4.1 a month)" in page
    assert f"Work/life balance 4 down 3 since 10 Nov 2026 ↘ falling ({MINUS}6.1 a month)" in page
    assert "Goal achievement 5 the first rating too few ratings to tell" in page
    assert "Weakest lately: Financial security , averaging 4.0" in page
    assert "Work/life balance fell by 3 points , from 7 on 10 Nov 2026 to 4 on 25 Nov 2026." in page
    assert "Ratings at each check-in: the numbers" in page
    assert f"25 Nov 2026 8 4 {NONE} {NONE}" in page
    assert "10 Nov 2026 6 7 5 4" in page


def test_the_tracking_pages_ask_to_sign_in(charlie: User) -> None:
    for url in ("/investments", "/balance"):
        answer = charlie.get(url, follow_redirects=False)
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/sign-in")
