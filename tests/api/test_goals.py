"""Goals through the API: create, read, change with the version read, and no lost updates."""

from __future__ import annotations

from tests.api.conftest import User

GOAL = {"title": "Become a sales manager", "why": "lead a team", "target_date": "2028-11-25"}


def test_a_goal_is_added_read_and_listed(alice: User) -> None:
    created = alice.post("/api/v1/goals", json=GOAL)
    assert created.status_code == 201
    goal = created.json()["goal"]
    assert created.headers["Location"] == f"/api/v1/goals/{goal['id']}"
    assert created.headers["ETag"] == '"1"'
    assert goal["title"] == "Become a sales manager"
    assert goal["record_version"] == 1
    shown = alice.get(f"/api/v1/goals/{goal['id']}")
    assert shown.json()["goal"] == goal
    listed = alice.get("/api/v1/goals").json()
    assert [g["id"] for g in listed["goals"]] == [goal["id"]]
    assert listed["page"] == {"offset": 0, "limit": 50, "next_offset": None}


def test_a_stale_update_is_refused_with_409_and_the_current_version(alice: User) -> None:
    goal_id = alice.post("/api/v1/goals", json=GOAL).json()["goal"]["id"]
    url = f"/api/v1/goals/{goal_id}"
    first = alice.patch(
        url, json={"target_date": "2029-05-31", "reason": "a reorganisation"}, headers={"If-Match": '"1"'}
    )
    assert first.status_code == 200
    assert first.headers["ETag"] == '"2"'
    # A second client still holding version 1 (the CLI, another tab) must not overwrite the first change.
    stale = alice.patch(url, json={"title": "Become a head of sales", "reason": "bigger", "version": 1})
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "stale_version"
    assert stale.json()["error"]["current_version"] == 2
    now = alice.get(url).json()["goal"]
    assert now["title"] == "Become a sales manager"
    assert now["target_date"] == "2029-05-31"
    history = [r for r in alice.get(f"/api/v1/goals/{goal_id}/history").json()["revisions"] if r["field"] != "created"]
    assert [r["reason"] for r in history] == ["a reorganisation"]


def test_a_change_without_its_version_is_refused_with_428(alice: User) -> None:
    goal_id = alice.post("/api/v1/goals", json=GOAL).json()["goal"]["id"]
    response = alice.patch(f"/api/v1/goals/{goal_id}", json={"why": "more"})
    assert response.status_code == 428
    assert response.json()["error"]["field"] == "If-Match"


def test_bad_input_names_the_field_and_saves_nothing(alice: User) -> None:
    response = alice.post("/api/v1/goals", json={**GOAL, "target_date": "someday"})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "target_date"
    response = alice.post("/api/v1/goals", json={**GOAL, "start_date": "2029-01-01"})
    assert response.status_code == 422
    assert alice.get("/api/v1/goals").json()["goals"] == []


def test_a_course_correction_needs_a_reason(alice: User) -> None:
    goal_id = alice.post("/api/v1/goals", json=GOAL).json()["goal"]["id"]
    response = alice.patch(f"/api/v1/goals/{goal_id}", json={"target_date": "2029-01-31", "version": 1})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "reason_required"
