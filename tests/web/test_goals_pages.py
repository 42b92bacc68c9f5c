"""The goal pages: the tree, adding a goal, and a goal's page (forecast, plan as a timeline, history), with editing
in place, a new dependent milestone, marking a task done and a baseline; another person sees none of it.

Today is 2026-11-25 (the tests' clock). Each test makes its data through the forms or the JSON API, in the test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from headway.adapters.occupations.store import OccupationStore
from headway.entrypoints.web.filters import VERDICTS
from headway.entrypoints.web.goal_views import NONE
from tests.web.conftest import Server, User, field_error, text_of

# Started half a year ago, due in a year: on a milestone goal, today's progress is a reading beside the start's.
CAREER = {
    "title": "Become a sales manager",
    "why": "Lead a team of my own",
    "start_date": "2026-05-25",
    "target_date": "2027-11-25",
}
NEW_GOAL_FORM = {
    "title": "Earn two certifications",
    "why": "Credentials the hiring panel asks for",
    "kind": "learning",
    "measure": "numeric",
    "metric": "certifications",
    "unit": "",
    "start_value": "0",
    "target_value": "2",
    "start_date": "2026-11-25",
    "target_date": "2027-06-30",
    "parent": "",
    "weight": "",
    "target_occupation": "",
}


def add_goal(user: User, **fields: Any) -> dict[str, Any]:
    created = user.post("/api/v1/goals", json={**CAREER, **fields})
    assert created.status_code == 201, created.text
    goal: dict[str, Any] = created.json()["goal"]
    return goal


def add_task(user: User, goal_id: int, title: str, **fields: Any) -> dict[str, Any]:
    created = user.post("/api/v1/tasks", json={"goal_id": goal_id, "title": title, **fields})
    assert created.status_code == 201, created.text
    task: dict[str, Any] = created.json()["task"]
    return task


def api_goal(user: User, goal_id: int) -> dict[str, Any]:
    goal: dict[str, Any] = user.get(f"/api/v1/goals/{goal_id}").json()["goal"]
    return goal


def edit_form(goal: dict[str, Any], **changes: str) -> dict[str, str]:
    """The edit form as the page fills it for `goal`, with `changes` typed over it."""
    return {
        "title": goal["title"],
        "why": goal["why"],
        "target_date": goal["target_date"],
        "status": goal["status"],
        "reason": "",
        "version": str(goal["record_version"]),
        **changes,
    }


def test_a_goal_added_through_the_form_is_on_the_tree_and_has_its_page(alice: User) -> None:
    parent = add_goal(alice, title="Build financial security", start_date="2026-01-01", target_date="2030-12-31")
    added = alice.post("/goals/new", data={**NEW_GOAL_FORM, "parent": str(parent["id"])}, follow_redirects=False)
    assert added.status_code == 303
    goal_id = int(added.headers["location"].removeprefix("/goals/"))
    stored = api_goal(alice, goal_id)
    assert stored["measure"] == {
        "type": "numeric", "metric": "certifications", "unit": "", "start": 0.0, "target": 2.0,
        "direction": "increase", "current": 0.0,
    }  # fmt: skip
    assert (stored["kind"], stored["parent_id"], stored["target_date"]) == ("learning", parent["id"], "2027-06-30")

    tree = text_of(alice.get("/goals").text)
    assert "Build financial security" in tree
    assert "Earn two certifications by 30 Jun 2027 · 217 days left · certifications 0 → 2" in tree
    page = alice.get(f"/goals/{goal_id}")
    assert page.status_code == 200
    shown = text_of(page.text)
    assert "Credentials the hiring panel asks for" in shown
    crumbs = re.search(r'<nav aria-label="Goal tree".*?</nav>', page.text, re.S)
    assert crumbs is not None
    assert text_of(crumbs.group(0)) == "Goals Build financial security Earn two certifications"
    assert f'<a href="/goals/{parent["id"]}">Build financial security</a>' in crumbs.group(0)
    assert "Certifications 0 → 2" in shown
    assert "25 Nov 2026 to 30 Jun 2027" in shown
    parent_page = text_of(alice.get(f"/goals/{parent['id']}").text)
    assert "Sub-goals Earn two certifications" in parent_page


def test_the_new_goal_form_keeps_what_was_typed_and_says_what_is_wrong_beside_each_field(alice: User) -> None:
    refused = alice.post("/goals/new", data={**NEW_GOAL_FORM, "target_date": "", "target_value": "0"})
    assert refused.status_code == 422
    assert field_error(refused.text, "target_date") == "Choose the date you aim to get there by."
    assert "nothing to progress" in (field_error(refused.text, "target_value") or "")
    assert "The goal was not added yet. Please check: Target value" in text_of(refused.text)
    assert 'value="Earn two certifications"' in refused.text
    assert "Credentials the hiring panel asks for</textarea>" in refused.text
    assert 'value="certifications"' in refused.text
    assert 'id="f-measure-numeric" name="measure" value="numeric" checked' in refused.text
    no_title = alice.post("/goals/new", data={**NEW_GOAL_FORM, "title": " "})
    assert no_title.status_code == 422
    assert field_error(no_title.text, "title") == "A goal needs a title."
    assert alice.get("/api/v1/goals").json()["goals"] == []


def test_the_new_goal_form_is_prefilled_from_its_link(alice: User) -> None:
    parent = add_goal(alice)
    form = alice.get(f"/goals/new?parent={parent['id']}&title=Lead+a+regional+team")
    assert 'value="Lead a regional team"' in form.text
    assert re.search(rf'<option value="{parent["id"]}" selected>\s*Become a sales manager</option>', form.text)


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OccupationStore]:
    """The occupation data, unpacked once for the module (a second each time otherwise)."""
    store = OccupationStore(cache_dir=tmp_path_factory.mktemp("occupations"))
    yield store
    store.close()


def test_a_goal_made_from_an_occupation_aims_at_it(server: Server, catalog: OccupationStore, alice: User) -> None:
    server.app.state.server.__dict__["catalog"] = catalog
    form = alice.get("/goals/new?occupation=11-2022.00&title=Become+a+sales+manager")
    assert 'value="Become a sales manager"' in form.text
    assert 'value="11-2022.00"' in form.text
    assert "Aims at Sales Managers." in text_of(form.text)
    unknown = alice.post(
        "/goals/new", data={**NEW_GOAL_FORM, "measure": "milestones", "target_occupation": "99-9999.99"}
    )
    assert unknown.status_code == 422
    assert field_error(unknown.text, "target_occupation") == "'99-9999.99' is not an occupation Headway knows."
    made = alice.post(
        "/goals/new",
        data={
            **NEW_GOAL_FORM,
            "title": "Become a sales manager",
            "measure": "milestones",
            "kind": "career",
            "target_occupation": "11-2022.00",
        },
        follow_redirects=False,
    )
    goal_id = int(made.headers["location"].removeprefix("/goals/"))
    document = alice.get(f"/api/v1/goals/{goal_id}").json()
    assert document["target_occupation"] == {"code": "11-2022.00", "title": "Sales Managers"}
    page = alice.get(f"/goals/{goal_id}").text
    assert f'href="/occupations/11-2022.00/plan/{goal_id}"' in page
    assert "Aims at Sales Managers" in text_of(page)


def test_a_salary_goal_aimed_at_an_occupation_says_where_its_target_falls_among_the_wages(
    server: Server, catalog: OccupationStore, alice: User
) -> None:
    server.app.state.server.__dict__["catalog"] = catalog
    made = alice.post(
        "/goals/new",
        data={**NEW_GOAL_FORM, "title": "Earn a sales manager's pay", "kind": "financial", "metric": "salary",
              "unit": "USD", "start_value": "72000", "target_value": "150000", "target_occupation": "11-2022.00"},
        follow_redirects=False,
    )  # fmt: skip
    assert made.status_code == 303, made.text
    goal_id = int(made.headers["location"].removeprefix("/goals/"))
    position = alice.get(f"/api/v1/goals/{goal_id}").json()["wage_position"]
    assert position["percentile"] is not None
    shown = text_of(alice.get(f"/goals/{goal_id}").text)
    wages = catalog.wages(catalog.occupation("11-2022.00").soc)
    assert wages is not None
    median = wages.median
    assert (
        f"Target pay among its wages $150,000 a year is {position['text']} of Sales Managers "
        f"(BLS OEWS, May 2025; median ${median:,})" in shown
    )
    assert "about the 5" in position["text"]  # just above the median of 148,270


def test_the_goal_page_shows_the_verdict_both_charts_and_their_numbers(alice: User) -> None:
    goal = add_goal(alice)
    first = add_task(alice, goal["id"], "Finish the leadership course", kind="milestone", due="2026-10-30",
                     effort_hours=30)  # fmt: skip
    add_task(alice, goal["id"], "Apply for the opening", kind="milestone", due="2027-09-30", effort_hours=30)
    assert alice.post(f"/api/v1/tasks/{first['id']}/done", json={"on": "2026-10-30", "version": 1}).status_code == 200
    forecast = alice.get(f"/api/v1/goals/{goal['id']}/forecast").json()

    page = alice.get(f"/goals/{goal['id']}").text
    shown = text_of(page)
    assert VERDICTS[forecast["verdict"]] in shown
    assert forecast["sentence"] in shown
    charts = re.findall(r'<svg class="chart"[^>]*role="img"[^>]*><title id="[^"]+">([^<]+)</title>', page)
    assert "Progress over time: Become a sales manager" in charts
    assert "The plan of Become a sales manager as a timeline" in charts
    # The numbers: the readings (the start, and today's 50%) beside the straight line (184 of 549 days along),
    # and the plan's table.
    assert "Readings of Become a sales manager: the numbers" in shown
    assert "25 May 2026 0% 0%" in shown
    assert "25 Nov 2026 50% 33.5%" in shown
    assert "The plan of Become a sales manager: the numbers" in shown
    assert f"Finish the leadership course milestone 30 Oct 2026 30 h {NONE} done 30 Oct 2026" in shown


def test_a_milestone_added_after_a_task_shows_the_dependency_in_the_timeline_and_the_table(alice: User) -> None:
    goal = add_goal(alice)
    course = alice.post(
        f"/goals/{goal['id']}/tasks",
        data={
            "task_title": "Finish the leadership course",
            "task_kind": "task",
            "due": "2027-03-31",
            "effort_hours": "30",
        },
        follow_redirects=False,
    )
    assert course.status_code == 303
    course_id = int(course.headers["location"].split("#task-")[1])
    opening = alice.post(
        f"/goals/{goal['id']}/tasks",
        data={
            "task_title": "Apply for the opening",
            "task_kind": "milestone",
            "due": "2027-09-30",
            "effort_hours": "10",
            "depends_on": [str(course_id)],
        },
        follow_redirects=False,
    )
    assert opening.status_code == 303
    opening_id = int(opening.headers["location"].split("#task-")[1])
    stored = alice.get(f"/api/v1/tasks/{opening_id}").json()["task"]
    assert (stored["kind"], stored["depends_on"]) == ("milestone", [course_id])

    page = alice.get(f"/goals/{goal['id']}").text
    shown = text_of(page)
    assert "Apply for the opening milestone 30 Sep 2027 10 h Finish the leadership course open, critical" in shown
    assert "Critical path: Finish the leadership course → Apply for the opening." in shown
    assert "due 30 Sep 2027 · 10 h · after Finish the leadership course" in shown
    assert page.count('marker-end="url(#arrow') >= 2  # the arrow in each drawing (wide and phone), legends aside


def test_a_task_that_cannot_be_added_keeps_the_form_and_says_why_beside_the_field(alice: User) -> None:
    goal = add_goal(alice)
    late = alice.post(
        f"/goals/{goal['id']}/tasks",
        data={"task_title": "Apply for the opening", "task_kind": "milestone", "due": "2029-01-31", "effort_hours": ""},
    )
    assert late.status_code == 422
    assert "outside goal" in (field_error(late.text, "due") or "")
    assert 'value="Apply for the opening"' in late.text
    assert 'value="2029-01-31"' in late.text
    assert alice.get(f"/api/v1/tasks?goal={goal['id']}").json()["tasks"] == []


def test_changing_the_target_date_asks_for_its_reason_then_keeps_it_in_the_history(alice: User) -> None:
    goal = add_goal(alice)
    form = alice.get(f"/goals/{goal['id']}/edit")
    assert form.status_code == 200
    assert "<h1>Edit: Become a sales manager</h1>" in form.text
    fragment = alice.get(f"/goals/{goal['id']}/edit", headers={"HX-Request": "true"})
    assert "<html" not in fragment.text
    assert f'hx-post="/goals/{goal["id"]}/edit"' in fragment.text

    no_reason = alice.post(f"/goals/{goal['id']}/edit", data=edit_form(goal, target_date="2028-03-31"))
    assert no_reason.status_code == 422
    assert field_error(no_reason.text, "reason") == "Changing a goal's target date needs a reason."
    assert 'value="2028-03-31"' in no_reason.text
    assert api_goal(alice, goal["id"])["target_date"] == "2027-11-25"

    with_reason = alice.post(
        f"/goals/{goal['id']}/edit",
        data=edit_form(goal, target_date="2028-03-31", reason="The opening moved to the spring"),
        follow_redirects=False,
    )
    assert with_reason.status_code == 303
    assert api_goal(alice, goal["id"])["target_date"] == "2028-03-31"
    history = text_of(alice.get(f"/goals/{goal['id']}").text).split("History", 1)[1]
    assert "25 Nov 2026 Target date: 25 Nov 2027 → 31 Mar 2028 Why: The opening moved to the spring" in history


def test_an_edit_through_htmx_stays_in_place_on_an_error_and_reloads_the_page_when_saved(alice: User) -> None:
    goal = add_goal(alice)
    url, htmx = f"/goals/{goal['id']}/edit", {"HX-Request": "true"}
    refused = alice.post(url, data=edit_form(goal, status="achieved"), headers=htmx)
    assert refused.status_code == 200  # htmx swaps a success only: the fragment carries the error
    assert field_error(refused.text, "reason") == "Marking a goal achieved needs a reason."
    assert "<html" not in refused.text
    saved = alice.post(url, data=edit_form(goal, status="paused"), headers=htmx)
    assert saved.headers["HX-Redirect"] == f"/goals/{goal['id']}"
    assert api_goal(alice, goal["id"])["status"] == "paused"


def test_a_stale_edit_is_refused_with_409_and_overwrites_nothing(alice: User) -> None:
    goal = add_goal(alice)  # the form is opened at version 1 ...
    meanwhile = alice.patch(
        f"/api/v1/goals/{goal['id']}",
        json={"title": "Become a head of sales", "reason": "a bigger team", "version": 1},
    )  # ... and another tab changes the title
    assert meanwhile.status_code == 200
    stale = alice.post(
        f"/goals/{goal['id']}/edit", data=edit_form(goal, target_date="2028-03-31", reason="the spring round")
    )
    assert stale.status_code == 409
    shown = text_of(stale.text)
    assert "Not saved: This goal was changed elsewhere after you opened this form, so nothing was saved." in shown
    assert "Title: Become a head of sales" in shown
    assert 'value="2028-03-31"' in stale.text  # what was typed is kept, with the version now stored
    assert 'name="version" value="2"' in stale.text
    now = api_goal(alice, goal["id"])
    assert (now["title"], now["target_date"], now["record_version"]) == ("Become a head of sales", "2027-11-25", 2)


def test_a_task_is_marked_done_from_the_page_or_in_place(alice: User) -> None:
    goal = add_goal(alice)
    course = add_task(alice, goal["id"], "Finish the leadership course", due="2027-03-31", effort_hours=30)
    opening = add_task(alice, goal["id"], "Apply for the opening", kind="milestone", due="2027-09-30", effort_hours=30)
    done = alice.post(f"/tasks/{course['id']}/done", data={}, follow_redirects=False)
    assert done.status_code == 303
    assert done.headers["location"] == f"/goals/{goal['id']}#task-{course['id']}"
    assert alice.get(f"/api/v1/tasks/{course['id']}").json()["task"]["done_on"] == "2026-11-25"
    assert "Finish the leadership course due 31 Mar 2027 · 30 h Done 25 Nov 2026" in text_of(
        alice.get(f"/goals/{goal['id']}").text
    )

    in_place = alice.post(f"/tasks/{opening['id']}/done", data={}, headers={"HX-Request": "true"})
    assert in_place.status_code == 200
    assert in_place.text.lstrip().startswith(f'<li id="task-{opening["id"]}"')
    assert "Done 25 Nov 2026" in text_of(in_place.text)
    assert 'id="goal-progress" class="goal-progress" hx-swap-oob="true"' in in_place.text
    assert 'aria-valuenow="100"' in in_place.text  # both halves of the effort are done
    again = alice.post(f"/tasks/{opening['id']}/done", data={})
    assert again.status_code == 422
    assert "already done" in text_of(again.text)


def test_a_baseline_is_saved_from_the_page_and_shown_behind_the_plan(alice: User) -> None:
    goal = add_goal(alice)
    add_task(alice, goal["id"], "Apply for the opening", kind="milestone", due="2027-09-30")
    saved = alice.post(
        f"/goals/{goal['id']}/baseline", data={"label": "agreed with my manager"}, follow_redirects=False
    )
    assert saved.status_code == 303
    assert alice.get(f"/api/v1/goals/{goal['id']}/plan").json()["baseline"]["label"] == "agreed with my manager"
    shown = text_of(alice.get(f"/goals/{goal['id']}").text)
    assert "Saved 25 Nov 2026 as “agreed with my manager”" in shown
    assert f"Apply for the opening milestone 30 Sep 2027 {NONE} {NONE} open, critical 30 Sep 2027 no slip" in shown


def test_bob_finds_nothing_of_alices_goal_and_changes_nothing(alice: User, bob: User) -> None:
    goal = add_goal(alice)
    task = add_task(alice, goal["id"], "Apply for the opening", due="2027-09-30")
    before = api_goal(alice, goal["id"])
    for url in (f"/goals/{goal['id']}", f"/goals/{goal['id']}/edit"):
        answer = bob.get(url)
        assert answer.status_code == 404, url
        assert "Lead a team of my own" not in answer.text
    posts: list[tuple[str, dict[str, Any]]] = [
        (f"/goals/{goal['id']}/edit", edit_form(goal, title="Mine now", target_date="2030-01-01", reason="mine")),
        (f"/tasks/{task['id']}/done", {}),
        (f"/goals/{goal['id']}/tasks", {"task_title": "Sneak in", "task_kind": "task", "due": "", "effort_hours": ""}),
        (f"/goals/{goal['id']}/baseline", {"label": "mine"}),
        ("/goals/new", {**NEW_GOAL_FORM, "parent": str(goal["id"])}),
    ]
    for url, data in posts:
        answer = bob.post(url, data=data)
        assert answer.status_code in (404, 422), url
        assert "Lead a team of my own" not in answer.text
    assert api_goal(alice, goal["id"]) == before
    assert alice.get(f"/api/v1/tasks/{task['id']}").json()["task"]["status"] == "open"
    assert [t["title"] for t in alice.get(f"/api/v1/tasks?goal={goal['id']}").json()["tasks"]] == [
        "Apply for the opening"
    ]
    assert alice.get(f"/api/v1/goals/{goal['id']}/plan").json()["baseline"] is None
    assert bob.get("/api/v1/goals").json()["goals"] == []
