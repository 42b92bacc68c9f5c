"""Tasks and a goal's plan through the API: add, depend, complete, edit with the version read, and the plan,
schedule, replan, baseline, forecast and generated milestones, each answer checked against its documented schema.

The record: alice's goal 'Become a sales manager' runs from today (2026-11-25) to 2028-11-25, with the milestone
'Finish the leadership course' (due 2027-03-31, 30 h) and 'Run the pipeline review' (due 2027-05-01, 12 h), which
waits for it.
"""

from __future__ import annotations

from typing import Any

from tests.api.conftest import User
from tests.docs.schemas import errors

GOAL = {"title": "Become a sales manager", "why": "lead a team", "target_date": "2028-11-25"}
COURSE = {"title": "Finish the leadership course", "kind": "milestone", "due": "2027-03-31", "effort_hours": 30}
REVIEW = {"title": "Run the pipeline review", "planned_start": "2027-04-01", "due": "2027-05-01", "effort_hours": 12}
WHY = "The course's spring cohort was cancelled."


def valid(response: Any, kind: str, status: int = 200) -> dict[str, Any]:
    """The response's document, after checking its status, its kind and its schema."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["kind"] == kind
    assert errors(body, f"{kind}.schema.json") == []
    return body


def plan_of(user: User, **goal: Any) -> tuple[int, int, int]:
    """A goal with the course milestone and the review waiting for it: (goal id, course id, review id)."""
    goal_id = user.post("/api/v1/goals", json={**GOAL, **goal}).json()["goal"]["id"]
    course = user.post("/api/v1/tasks", json={"goal_id": goal_id, **COURSE}).json()["task"]["id"]
    review = user.post("/api/v1/tasks", json={"goal_id": goal_id, **REVIEW, "depends_on": [course]})
    return goal_id, course, review.json()["task"]["id"]


def test_a_dependent_milestone_is_added_shown_and_completed(alice: User) -> None:
    goal_id = alice.post("/api/v1/goals", json=GOAL).json()["goal"]["id"]
    added = alice.post("/api/v1/tasks", json={"goal_id": goal_id, **COURSE})
    course = valid(added, "task", 201)["task"]
    assert added.headers["Location"] == f"/api/v1/tasks/{course['id']}"
    assert added.headers["ETag"] == '"1"'
    assert (course["kind"], course["status"], course["due"], course["effort_hours"]) == (
        "milestone", "open", "2027-03-31", 30
    )  # fmt: skip
    review = valid(
        alice.post("/api/v1/tasks", json={"goal_id": goal_id, **REVIEW, "depends_on": [course["id"]]}), "task", 201
    )
    assert review["task"]["depends_on"] == [course["id"]]
    assert review["goal"] == {"id": goal_id, "title": GOAL["title"]}

    shown = valid(alice.get(f"/api/v1/tasks/{course['id']}"), "task")
    assert shown["dependants"] == [review["task"]["id"]]

    done = alice.post(f"/api/v1/tasks/{course['id']}/done", headers={"If-Match": '"1"'})  # no body: today
    finished = valid(done, "task")["task"]
    assert (finished["status"], finished["done_on"], finished["record_version"]) == ("done", "2026-11-25", 2)
    assert done.headers["ETag"] == '"2"'
    again = alice.post(f"/api/v1/tasks/{course['id']}/done", json={"version": 2})
    assert again.status_code == 422
    assert "already done" in again.json()["error"]["message"]

    open_tasks = valid(alice.get("/api/v1/tasks"), "task_list")
    assert [t["id"] for t in open_tasks["tasks"]] == [review["task"]["id"]]
    assert (open_tasks["total"], open_tasks["page"]) == (1, {"offset": 0, "limit": 50, "next_offset": None})
    every = valid(alice.get("/api/v1/tasks", params={"all": "true"}), "task_list")
    assert [t["status"] for t in every["tasks"]] == ["done", "open"]
    of_goal = valid(alice.get("/api/v1/tasks", params={"goal": goal_id, "limit": 1}), "task_list")
    assert [t["id"] for t in of_goal["tasks"]] == [course["id"]]
    assert (of_goal["total"], of_goal["page"]["next_offset"]) == (2, 1)
    second = valid(alice.get("/api/v1/tasks", params={"goal": goal_id, "offset": 1, "limit": 1}), "task_list")
    assert [t["id"] for t in second["tasks"]] == [review["task"]["id"]]
    assert second["page"]["next_offset"] is None


def test_a_task_done_in_the_future_is_refused_naming_the_field(alice: User) -> None:
    _goal, course, _review = plan_of(alice)
    response = alice.post(f"/api/v1/tasks/{course}/done", json={"on": "2026-12-01", "version": 1})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "on"
    assert alice.get(f"/api/v1/tasks/{course}").json()["task"]["status"] == "open"


def test_a_stale_task_edit_is_refused_with_409_and_the_current_version(alice: User) -> None:
    goal_id, course, _review = plan_of(alice)
    url = f"/api/v1/tasks/{course}"
    first = alice.patch(url, json={"due": "2027-03-15", "effort_hours": 24}, headers={"If-Match": '"1"'})
    assert valid(first, "task")["task"]["due"] == "2027-03-15"
    assert first.headers["ETag"] == '"2"'
    stale = alice.patch(url, json={"title": "Finish the coaching course", "version": 1})
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "stale_version"
    assert stale.json()["error"]["current_version"] == 2
    assert stale.headers["ETag"] == '"2"'
    assert alice.get(url).json()["task"]["title"] == COURSE["title"]
    missing = alice.patch(url, json={"title": "Finish the coaching course"})
    assert missing.status_code == 428
    cleared = valid(alice.patch(url, json={"effort_hours": None, "reason": "not estimated yet", "version": 2}), "task")
    assert (cleared["task"]["effort_hours"], cleared["task"]["record_version"]) == (None, 3)
    history = alice.get(f"/api/v1/goals/{goal_id}/history").json()["revisions"]
    assert [(r["field"], r["after"]) for r in history if r["task_id"] == course][-3:] == [
        ("due", "2027-03-15"), ("effort_hours", "24"), ("effort_hours", "-")
    ]  # fmt: skip


def test_a_dependency_cycle_is_refused_and_dependencies_change_with_the_version(alice: User) -> None:
    _goal, course, review = plan_of(alice)
    cycle = alice.post(f"/api/v1/tasks/{course}/dependencies", json={"task_id": review, "version": 1})
    assert cycle.status_code == 422
    assert cycle.json()["error"]["code"] == "plan_conflict"
    assert "dependency cycle" in cycle.json()["error"]["message"]
    assert alice.get(f"/api/v1/tasks/{course}").json()["task"]["depends_on"] == []

    freed = alice.delete(f"/api/v1/tasks/{review}/dependencies/{course}", headers={"If-Match": '"1"'})
    assert valid(freed, "task")["task"]["depends_on"] == []
    assert alice.delete(f"/api/v1/tasks/{review}/dependencies/{course}").status_code == 428
    waits = alice.post(f"/api/v1/tasks/{review}/dependencies", json={"task_id": course, "version": 2})
    assert valid(waits, "task")["task"]["depends_on"] == [course]
    replaced = alice.patch(f"/api/v1/tasks/{review}", json={"depends_on": [], "version": 3})
    assert valid(replaced, "task")["task"]["depends_on"] == []


def test_dropping_needs_a_reason_and_reopening_undoes_it(alice: User) -> None:
    _goal, course, review = plan_of(alice)
    refused = alice.post(f"/api/v1/tasks/{review}/drop", json={"version": 1})
    assert refused.status_code == 422
    assert (refused.json()["error"]["code"], refused.json()["error"]["field"]) == ("reason_required", "reason")
    dropped = valid(alice.post(f"/api/v1/tasks/{review}/drop", json={"reason": "no team yet", "version": 1}), "task")
    assert (dropped["task"]["status"], dropped["task"]["status_reason"]) == ("dropped", "no team yet")
    waits = alice.post(f"/api/v1/tasks/{course}/dependencies", json={"task_id": review, "version": 1})
    assert waits.status_code == 422, "nothing waits for a dropped task"
    reopened = valid(alice.post(f"/api/v1/tasks/{review}/reopen", json={"version": 2}), "task")
    assert (reopened["task"]["status"], reopened["task"]["status_reason"]) == ("open", "")


def test_bad_input_names_the_field_and_saves_nothing(alice: User) -> None:
    goal_id = alice.post("/api/v1/goals", json=GOAL).json()["goal"]["id"]
    for change, field in (
        ({"due": "2029-01-01"}, "due"),  # after the goal's target date
        ({"planned_start": "2026-01-01"}, "planned_start"),  # before the goal starts
        ({"planned_start": "2027-04-01", "due": "2027-03-01"}, "due"),
        ({"due": "soon"}, "due"),
        ({"effort_hours": -3}, "effort_hours"),
        ({"kind": "epic"}, "kind"),
        ({"title": ""}, "title"),
        ({"depends_on": [0]}, "depends_on.0"),
        ({"goal_id": "mine"}, "goal_id"),
        ({"effort": 5}, "effort"),  # not a field: refused by name, not ignored
    ):
        response = alice.post("/api/v1/tasks", json={"goal_id": goal_id, **COURSE, **change})
        assert response.status_code == 422, change
        assert response.json()["error"]["field"] == field, (change, response.json())
    assert alice.get("/api/v1/tasks", params={"all": True}).json()["tasks"] == []

    _goal, course, _review = plan_of(alice)
    edits: list[tuple[dict[str, Any], str]] = [
        ({"title": None}, "title"),
        ({"due": "2030-01-01"}, "due"),
        ({"planned_start": "2027-04-01"}, "due"),  # after its due date
        ({"version": 0}, "version"),
        ({"status": "done"}, "status"),  # done, drop and reopen have their own routes
    ]
    for edit, named in edits:
        response = alice.patch(f"/api/v1/tasks/{course}", json={"version": 1, **edit})
        assert response.status_code == 422, edit
        assert response.json()["error"]["field"] == named, (edit, response.json())
    kept = alice.get(f"/api/v1/tasks/{course}").json()["task"]
    assert (kept["title"], kept["due"], kept["record_version"]) == (COURSE["title"], "2027-03-31", 1)
    assert alice.get("/api/v1/tasks/0").status_code == 422
    assert alice.get("/api/v1/tasks/999").status_code == 404


def test_the_plan_with_its_baseline_the_schedule_and_a_replan(alice: User) -> None:
    goal_id, course, review = plan_of(alice)
    before = valid(alice.get(f"/api/v1/goals/{goal_id}/plan"), "plan")
    assert (before["baseline"], before["changes_since_baseline"]) == (None, None)
    assert [t["id"] for t in before["tasks"]] == [course, review]

    saved = alice.post(f"/api/v1/goals/{goal_id}/baseline", json={"label": "agreed with my manager"})
    kept = valid(saved, "plan", 201)
    assert saved.headers["Location"] == f"/api/v1/goals/{goal_id}/plan"
    assert kept["baseline"] == {
        "taken_at": "2026-11-25T12:00:00+00:00", "label": "agreed with my manager", "target_date": "2028-11-25"
    }  # fmt: skip
    assert valid(alice.post(f"/api/v1/goals/{goal_id}/baseline"), "plan", 201)["baseline"]["label"] == ""

    scheduled = valid(alice.get(f"/api/v1/goals/{goal_id}/schedule"), "schedule")
    assert (scheduled["remaining_hours"], scheduled["weekly_capacity_hours"]) == (42, 6)
    assert (scheduled["critical_path"], scheduled["earliest_finish"]) == ([review], "2027-04-14")  # its start

    no_reason = alice.post(f"/api/v1/goals/{goal_id}/replan", json={"task_id": course, "due": "2027-05-15"})
    assert no_reason.status_code == 422
    assert (no_reason.json()["error"]["code"], no_reason.json()["error"]["field"]) == ("reason_required", "reason")
    stale = alice.post(
        f"/api/v1/goals/{goal_id}/replan", json={"task_id": course, "due": "2027-05-15", "reason": WHY, "version": 2}
    )
    assert stale.status_code == 409
    moved = alice.post(
        f"/api/v1/goals/{goal_id}/replan", json={"task_id": course, "due": "2027-05-15", "reason": WHY, "version": 1}
    )
    replanned = valid(moved, "replan")
    assert replanned["reason"] == WHY
    assert [(m["task_id"], m["due_before"], m["due_after"]) for m in replanned["moves"]] == [
        (course, "2027-03-31", "2027-05-15"), (review, "2027-05-01", "2027-05-15")
    ]  # fmt: skip

    after = valid(alice.get(f"/api/v1/goals/{goal_id}/plan"), "plan")
    assert {t["id"]: t["slip_days"] for t in after["tasks"]} == {course: 45, review: 14}
    assert after["changes_since_baseline"]["reasons"] == [WHY]


def test_a_forecast_of_a_goal(alice: User) -> None:
    goal_id, _course, _review = plan_of(alice)
    forecast = valid(alice.get(f"/api/v1/goals/{goal_id}/forecast"), "forecast")
    assert forecast["goal"] == {"id": goal_id, "title": GOAL["title"]}
    assert (forecast["as_of"], forecast["measure"]["type"]) == ("2026-11-25", "milestones")


def test_generated_milestones_are_proposed_then_accepted(alice: User) -> None:
    goal_id = alice.post("/api/v1/goals", json={**GOAL, "target_occupation": "11-2022"}).json()["goal"]["id"]
    url = f"/api/v1/goals/{goal_id}/plan/generate"
    proposal = valid(alice.post(url, json={"top": 2}), "plan_proposal")
    assert (proposal["goal_id"], proposal["occupation"]["code"]) == (goal_id, "11-2022.00")
    assert proposal["added_task_ids"] == []
    assert alice.get("/api/v1/tasks", params={"goal": goal_id}).json()["total"] == 0

    accepted = valid(alice.post(url, json={"top": 2, "accept": [1]}), "plan_proposal")
    assert len(accepted["added_task_ids"]) == 1
    rest = valid(alice.post(url, json={"top": 2, "accept": "all"}), "plan_proposal")
    assert rest["already_in_plan"] == [1]
    listed = alice.get("/api/v1/tasks", params={"goal": goal_id}).json()
    assert listed["total"] == len(accepted["added_task_ids"]) + len(rest["added_task_ids"]) == len(rest["milestones"])

    for body, field in (({"accept": "some"}, "accept"), ({"top": 99}, "top"), ({"accept": []}, "accept")):
        response = alice.post(url, json=body)
        assert response.status_code == 422, body
        assert response.json()["error"]["field"] == field, (body, response.json())
    untargeted = alice.post("/api/v1/goals", json=GOAL).json()["goal"]["id"]
    response = alice.post(f"/api/v1/goals/{untargeted}/plan/generate")
    assert response.status_code == 422
    assert "no target occupation" in response.json()["error"]["message"]


def test_bob_gets_404_on_alices_tasks_and_plan_and_changes_nothing(alice: User, bob: User) -> None:
    goal_id, course, review = plan_of(alice, target_occupation="11-2022")
    own_goal = bob.post("/api/v1/goals", json=GOAL).json()["goal"]["id"]
    for method, url, body in (
        ("GET", f"/api/v1/tasks/{course}", None),
        ("PATCH", f"/api/v1/tasks/{course}", {"title": "Mine now", "version": 1}),
        ("POST", f"/api/v1/tasks/{course}/done", {"version": 1}),
        ("POST", f"/api/v1/tasks/{review}/drop", {"reason": "mine", "version": 1}),
        ("POST", f"/api/v1/tasks/{review}/reopen", {"version": 1}),
        ("POST", f"/api/v1/tasks/{course}/dependencies", {"task_id": review, "version": 1}),
        ("DELETE", f"/api/v1/tasks/{review}/dependencies/{course}", None),
        ("POST", "/api/v1/tasks", {"goal_id": goal_id, "title": "Sneak in"}),
        ("POST", "/api/v1/tasks", {"goal_id": own_goal, "title": "Borrow", "depends_on": [course]}),
        ("GET", f"/api/v1/tasks?goal={goal_id}", None),
        ("GET", f"/api/v1/goals/{goal_id}/plan", None),
        ("GET", f"/api/v1/goals/{goal_id}/schedule", None),
        ("GET", f"/api/v1/goals/{goal_id}/forecast", None),
        ("POST", f"/api/v1/goals/{goal_id}/baseline", {"label": "mine"}),
        ("POST", f"/api/v1/goals/{goal_id}/replan", {"task_id": course, "due": "2027-05-15", "reason": WHY}),
        ("POST", f"/api/v1/goals/{goal_id}/plan/generate", {"accept": "all"}),
    ):
        response = bob.request(method, url, json=body, headers={"If-Match": '"1"'})
        assert response.status_code == 404, (method, url, response.text)
        assert response.json()["error"]["code"] == "not_found"
    assert bob.get("/api/v1/tasks", params={"all": True}).json()["tasks"] == []
    assert alice.get("/api/v1/tasks", params={"all": True}).json()["total"] == 2
    plan = alice.get(f"/api/v1/goals/{goal_id}/plan").json()
    assert plan["baseline"] is None
    assert [(t["title"], t["status"], t["record_version"]) for t in plan["tasks"]] == [
        (COURSE["title"], "open", 1), (REVIEW["title"], "open", 1)
    ]  # fmt: skip


def test_a_signed_out_caller_is_refused(charlie: User) -> None:
    assert charlie.get("/api/v1/tasks").status_code == 401
    assert charlie.get("/api/v1/goals/1/plan").status_code == 401


def test_the_openapi_document_refers_each_answer_to_its_schema(charlie: User) -> None:
    paths = charlie.get("/api/openapi.json").json()["paths"]
    for path, method, kind in (
        ("/api/v1/tasks", "get", "TaskListDocument"),
        ("/api/v1/tasks/{task_id}", "patch", "TaskDocument"),
        ("/api/v1/goals/{goal_id}/plan", "get", "PlanDocument"),
        ("/api/v1/goals/{goal_id}/replan", "post", "ReplanDocument"),
        ("/api/v1/goals/{goal_id}/plan/generate", "post", "PlanProposalDocument"),
    ):
        answers = paths[path][method]["responses"]
        ok = answers.get("200") or answers["201"]
        assert ok["content"]["application/json"]["schema"]["$ref"] == f"#/components/schemas/{kind}"
