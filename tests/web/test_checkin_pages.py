"""The check-in pages: step by step through plain forms, kept as a draft after every step, recorded at the end.

Alice's goals, added through the API in the tests that need them (the tests' clock stands at 2026-11-25):
    'Become a sales manager'  milestones, by 2028-11-25; its plan: 'Shadow a regional manager' (a milestone, due
                              2027-01-15) and 'Read a book on coaching' (a task, due 2026-12-20)
    'Raise my base salary'    salary 60,000 -> 80,000 USD, by 2028-11-25
So her check-in has three steps: the manager goal, the salary goal, then the ratings and a note.
"""

from __future__ import annotations

import re
from typing import Any

from headway.adapters.db import open_database
from tests.api.test_tracking import API, MANAGER, SALARY  # the same two goals as the API's check-in tests
from tests.web.conftest import Server, User, field_error, text_of


def goals(user: User) -> dict[str, int]:
    manager = user.post(f"{API}/goals", json=MANAGER).json()["goal"]["id"]
    salary = user.post(f"{API}/goals", json=SALARY).json()["goal"]["id"]
    shadow = user.post(
        f"{API}/tasks",
        json={"goal_id": manager, "title": "Shadow a regional manager", "kind": "milestone", "due": "2027-01-15"},
    ).json()["task"]["id"]
    book = user.post(
        f"{API}/tasks", json={"goal_id": manager, "title": "Read a book on coaching", "due": "2026-12-20"}
    ).json()["task"]["id"]
    return {"manager": manager, "salary": salary, "shadow": shadow, "book": book}


def path_of(response: Any) -> str:
    return str(response.url.path)


def checked(html: str, name: str) -> list[str]:
    """The values of the checked inputs named `name` (radio buttons or checkboxes)."""
    found = []
    for tag in re.findall(r"<input\b[^>]*>", html):
        if f'name="{name}"' in tag and re.search(r"\schecked\b", tag):
            found.append(re.search(r'value="([^"]*)"', tag).group(1))  # type: ignore[union-attr]
    return found


def drafts_held(server: Server) -> int:
    db = open_database(server.settings.database_url, migrate=False)
    try:
        return int(db.one("SELECT COUNT(*) AS n FROM checkin_drafts")["n"])  # type: ignore[index]
    finally:
        db.close()


def test_the_check_in_goes_goal_by_goal_resumes_where_it_was_left_and_is_recorded(alice: User) -> None:
    ids = goals(alice)
    first = alice.get("/checkin")
    assert path_of(first) == "/checkin/step/1"
    page = text_of(first.text)
    assert "Check-in · step 1 of 3" in page
    assert "Become a sales manager" in page
    assert "Progress comes from the plan" in page  # a milestone goal takes no value
    assert 'name="value"' not in first.text
    assert "Shadow a regional manager" in page
    assert "Read a book on coaching" in page

    step1 = alice.post(
        "/checkin/step/1",
        data={"confidence": "4", "went_well": "Ran the weekly team meeting", "done": [str(ids["shadow"])]},
        follow_redirects=False,
    )
    assert (step1.status_code, step1.headers["location"]) == (303, "/checkin/step/2")
    step2_page = alice.get("/checkin/step/2")
    assert "Salary now (USD)" in text_of(step2_page.text)
    step2 = alice.post(
        "/checkin/step/2",
        data={"value": "68,000", "confidence": "3", "obstacles": "No budget until spring"},
        follow_redirects=False,
    )
    assert (step2.status_code, step2.headers["location"]) == (303, "/checkin/step/3")

    # The tab closed here: opening the check-in again resumes at step 3, and every value typed is still there.
    resumed = alice.get("/checkin")
    assert path_of(resumed) == "/checkin/step/3"
    assert "How do you stand?" in text_of(resumed.text)
    back_at_1 = alice.get("/checkin/step/1").text
    assert "Ran the weekly team meeting" in back_at_1
    assert checked(back_at_1, "confidence") == ["4"]
    assert checked(back_at_1, "done") == [str(ids["shadow"])]
    back_at_2 = alice.get("/checkin/step/2").text
    assert 'value="68,000"' in back_at_2
    assert "No budget until spring" in back_at_2

    saved = alice.post(
        "/checkin/step/3",
        data={"fulfilment": "7", "balance": "5", "note": "A steady fortnight"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert saved.headers["location"].startswith("/checkin/saved/")
    confirmation = text_of(alice.get(saved.headers["location"]).text)
    assert "Check-in saved" in confirmation
    assert "Raise my base salary" in confirmation
    assert "recorded 68,000" in confirmation
    assert "Too early to tell" in confirmation or "On track" in confirmation or "Off track" in confirmation
    assert "Back to the dashboard" in confirmation

    latest = alice.get(f"{API}/checkins").json()["checkins"][0]
    assert latest["date"] == "2026-11-25"
    assert latest["ratings"] == {"fulfilment": 7, "balance": 5, "achievement": None, "financial": None}
    assert latest["note"] == "A steady fortnight"
    entries = {e["goal_id"]: e for e in latest["goals"]}
    assert (entries[ids["manager"]]["confidence"], entries[ids["manager"]]["went_well"]) == (
        4,
        "Ran the weekly team meeting",
    )
    assert entries[ids["manager"]]["value"] is None
    assert entries[ids["manager"]]["progress"] > 0  # the milestone ticked moved the plan's progress
    assert (entries[ids["salary"]]["value"], entries[ids["salary"]]["obstacles"]) == (68000, "No budget until spring")
    assert alice.get(f"{API}/tasks/{ids['shadow']}").json()["task"]["status"] == "done"
    assert alice.get(f"{API}/tasks/{ids['book']}").json()["task"]["status"] == "open"

    # The draft went with the recording: the next check-in starts afresh.
    again = alice.get("/checkin")
    assert path_of(again) == "/checkin/step/1"
    assert "Ran the weekly team meeting" not in again.text


def test_back_keeps_what_the_step_holds_and_steps_ahead_of_the_draft_are_not_skipped_to(alice: User) -> None:
    goals(alice)
    assert path_of(alice.get("/checkin/step/3")) == "/checkin/step/1"  # nothing answered yet
    stale = alice.post("/checkin/step/3", data={"fulfilment": "9"}, follow_redirects=False)
    assert (stale.status_code, stale.headers["location"]) == (303, "/checkin/step/1")
    assert alice.get(f"{API}/checkins").json()["checkins"] == []
    alice.post("/checkin/step/1", data={"confidence": "2"})
    back = alice.post(
        "/checkin/step/2", data={"value": "not sure yet", "go": "back"}, follow_redirects=False
    )  # what does not parse is kept, and said when the person moves on
    assert (back.status_code, back.headers["location"]) == (303, "/checkin/step/1")
    assert 'value="not sure yet"' in alice.get("/checkin/step/2").text
    onward = alice.post("/checkin/step/2", data={"value": "not sure yet", "confidence": "3"})
    assert onward.status_code == 422
    assert "is not a number" in (field_error(onward.text, "value") or "")
    assert 'value="not sure yet"' in onward.text
    assert checked(onward.text, "confidence") == ["3"]
    page = onward.text
    assert '<button type="submit" name="go" value="back" class="secondary">Back</button>' in page
    assert re.search(r"<legend>How sure are you of reaching it on time\?</legend>", page)


def test_an_invalid_rating_is_said_beside_its_field_keeps_the_values_and_records_nothing(alice: User) -> None:
    only = alice.get("/checkin")  # no goals: the ratings are the only step
    assert "Check-in · step 1 of 1" in text_of(only.text)
    for name in ("Fulfilment", "Work/life balance", "Goal achievement", "Financial security"):
        assert f"<legend>{name}</legend>" in only.text
    answer = alice.post("/checkin/step/1", data={"fulfilment": "11", "balance": "6", "note": "A busy month at work"})
    assert answer.status_code == 422
    assert field_error(answer.text, "fulfilment") == "Fulfilment is rated 11; ratings go from 1 to 10."
    assert checked(answer.text, "balance") == ["6"]
    assert "A busy month at work" in answer.text
    assert alice.get(f"{API}/checkins").json()["checkins"] == []
    fixed = alice.post("/checkin/step/1", data={"fulfilment": "8", "balance": "6"}, follow_redirects=False)
    assert fixed.status_code == 303
    assert alice.get(f"{API}/checkins").json()["checkins"][0]["ratings"]["fulfilment"] == 8


def test_a_change_is_kept_at_once_without_moving_on(alice: User) -> None:
    goals(alice)
    kept = alice.post("/checkin/step/1/keep", data={"went_well": "Half typed"}, headers={"HX-Request": "true"})
    assert kept.status_code == 200
    assert "Kept as you typed" in kept.text
    again = alice.get("/checkin")
    assert path_of(again) == "/checkin/step/1"
    assert "Half typed" in again.text


def test_starting_over_deletes_the_draft_and_nothing_else(alice: User) -> None:
    goals(alice)
    alice.post("/checkin/step/1", data={"went_well": "To be forgotten"})
    assert "Start over" in text_of(alice.get("/checkin").text)
    gone = alice.post("/checkin/discard", follow_redirects=False)
    assert (gone.status_code, gone.headers["location"]) == (303, "/checkin")
    fresh = alice.get("/checkin")
    assert path_of(fresh) == "/checkin/step/1"
    assert "To be forgotten" not in fresh.text
    assert alice.get(f"{API}/checkins").json()["checkins"] == []


def test_the_review_questions_are_a_step_when_a_review_is_asked_for(alice: User) -> None:
    ids = goals(alice)
    start = alice.get("/checkin?review=1")
    assert "step 1 of 4" in text_of(start.text)
    alice.post("/checkin/step/1?review=1", data={})
    alice.post("/checkin/step/2", data={})
    review = alice.get("/checkin/step/3")
    assert "Is each goal still the one to pursue?" in text_of(review.text)
    assert f'name="still_right-{ids["manager"]}"' in review.text
    bad = alice.post("/checkin/step/3", data={f"still_right-{ids['salary']}": "perhaps"})
    assert bad.status_code == 422
    assert field_error(bad.text, f"still_right-{ids['salary']}") == "Answer yes or no, or leave it unanswered."
    alice.post(
        "/checkin/step/3",
        data={f"still_realistic-{ids['salary']}": "no", f"note-{ids['salary']}": "Move the date a year on"},
    )
    done = alice.post("/checkin/step/4", data={"fulfilment": "6"}, follow_redirects=False)
    assert done.status_code == 303
    answers = alice.get(f"{API}/review", params={"period": "month"}).json()["answers"]
    assert [(a["goal_id"], a["still_realistic"], a["note"]) for a in answers] == [
        (ids["salary"], False, "Move the date a year on")
    ]
    assert alice.get(f"{API}/cadence").json()["review"]["last"] == "2026-11-25"


def test_bob_can_neither_see_nor_continue_alices_check_in(alice: User, bob: User) -> None:
    ids = goals(alice)
    alice.post("/checkin/step/1", data={"went_well": "Alice's private note", "confidence": "5"})
    theirs = bob.get("/checkin")
    assert path_of(theirs) == "/checkin/step/1"
    assert "Alice's private note" not in text_of(theirs.text)
    assert "Become a sales manager" not in theirs.text
    # Bob's own check-in (no goals: one step) cannot tick Alice's task, nor change her draft.
    bob.post("/checkin/step/1", data={"done": [str(ids["shadow"])], "fulfilment": "3"})
    assert alice.get(f"{API}/tasks/{ids['shadow']}").json()["task"]["status"] == "open"
    assert "Alice's private note" in text_of(alice.get("/checkin/step/1").text)
    alice.post("/checkin/step/2", data={})
    recorded = alice.post("/checkin/step/3", data={}, follow_redirects=False).headers["location"]
    assert bob.get(recorded).status_code == 404
    assert alice.get(recorded).status_code == 200


def test_deleting_everything_deletes_the_draft(server: Server, alice: User) -> None:
    goals(alice)
    alice.post("/checkin/step/1", data={"went_well": "Something to delete"})
    assert drafts_held(server) == 1
    assert alice.delete(f"{API}/data").status_code == 204
    assert drafts_held(server) == 0


def test_without_a_session_the_check_in_asks_to_sign_in(charlie: User) -> None:
    answer = charlie.get("/checkin/step/1", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/sign-in")
