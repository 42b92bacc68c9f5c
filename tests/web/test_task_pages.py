"""A milestone or task changed on its own page: a moved due date or a drop asks for its reason and is kept in the
goal's history, a moved date moves what waits for it, plain edits need no reason, a stale form overwrites
nothing, and every refusal keeps what was typed. Today is 2026-11-25 (the tests' clock)."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import User, field_error, text_of
from tests.web.test_goals_pages import add_goal, add_task


def task_of(user: User, task_id: int) -> dict[str, Any]:
    task: dict[str, Any] = user.get(f"/api/v1/tasks/{task_id}").json()["task"]
    return task


def change_form(task: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The change form as the page fills it for `task`, with `changes` typed over it."""
    return {
        "title": task["title"],
        "kind": task["kind"],
        "due": task["due"] or "",
        "effort_hours": "" if task["effort_hours"] is None else f"{task['effort_hours']:g}",
        "depends_on": [str(i) for i in task["depends_on"]],
        "depends_shown": "1",  # the "Waits for" list was on the form
        "status": task["status"],
        "reason": "",
        "version": str(task["record_version"]),
        **changes,
    }


def plan(user: User) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """A goal with a course and, waiting for it, the milestone of applying for the opening."""
    goal = add_goal(user)
    course = add_task(user, goal["id"], "Finish the leadership course", due="2027-03-31", effort_hours=30)
    opening = add_task(
        user, goal["id"], "Apply for the opening", kind="milestone", due="2027-04-15", depends_on=[course["id"]]
    )
    return goal, course, opening


def test_the_change_page_is_linked_from_the_plan_and_filled_with_the_task(alice: User) -> None:
    goal, course, opening = plan(alice)
    goal_page = alice.get(f"/goals/{goal['id']}").text
    assert f'href="/tasks/{opening["id"]}/edit"' in goal_page
    form = alice.get(f"/tasks/{opening['id']}/edit")
    assert form.status_code == 200
    assert "<h1>Change: Apply for the opening</h1>" in form.text
    assert 'name="due" type="date" value="2027-04-15"' in form.text
    option = f'<option value="{course["id"]}" selected>Finish the leadership course (due 31 Mar 2027)</option>'
    assert option in form.text
    assert '<option value="milestone" selected>Milestone</option>' in form.text
    course_html = alice.get(f"/tasks/{course['id']}/edit").text
    assert 'aria-describedby="f-due-hint waiting-note"' in course_html  # the due date's field reads the note
    course_form = text_of(course_html)
    assert "Waiting for it: Apply for the opening. A later due date moves it too" in course_form
    assert "Apply for the opening (due 15 Apr 2027)" not in course_form  # waiting for it would be a cycle


def test_moving_a_due_date_asks_for_its_reason_then_moves_what_waits_for_it(alice: User) -> None:
    goal, course, opening = plan(alice)
    url = f"/tasks/{course['id']}/edit"
    no_reason = alice.post(url, data=change_form(course, due="2027-05-31"))
    assert no_reason.status_code == 422
    assert field_error(no_reason.text, "reason") == "Moving a task's due date later needs a reason."
    assert 'value="2027-05-31"' in no_reason.text  # what was typed stays
    assert task_of(alice, course["id"])["due"] == "2027-03-31"

    moved = alice.post(
        url, data=change_form(course, due="2027-05-31", reason="The course moved to the spring"), follow_redirects=False
    )
    assert moved.status_code == 303
    assert moved.headers["location"] == f"/goals/{goal['id']}#task-{course['id']}"
    assert task_of(alice, course["id"])["due"] == "2027-05-31"
    assert task_of(alice, opening["id"])["due"] >= "2027-05-31"  # the milestone waiting for it is not before it
    history = text_of(alice.get(f"/goals/{goal['id']}").text).split("History", 1)[1]
    assert "Why: The course moved to the spring" in history
    assert "Finish the leadership course" in history


def test_dropping_a_task_needs_a_reason_and_it_can_come_back(alice: User) -> None:
    goal = add_goal(alice)
    book = add_task(alice, goal["id"], "Read a book on negotiation", due="2027-02-28")
    url = f"/tasks/{book['id']}/edit"
    refused = alice.post(url, data=change_form(book, status="dropped"))
    assert refused.status_code == 422
    assert field_error(refused.text, "reason") == f"Dropping #{book['id']} 'Read a book on negotiation' needs a reason."
    assert task_of(alice, book["id"])["status"] == "open"

    alice.post(url, data=change_form(book, status="dropped", reason="The course covers it"))
    dropped = task_of(alice, book["id"])
    assert (dropped["status"], dropped["status_reason"]) == ("dropped", "The course covers it")
    assert '<option value="open">Back in the plan</option>' in alice.get(url).text
    alice.post(url, data=change_form(dropped, status="open", reason="The course was cancelled"))
    assert task_of(alice, book["id"])["status"] == "open"


def test_a_new_title_effort_and_what_it_waits_for_need_no_reason(alice: User) -> None:
    _goal, _course, opening = plan(alice)
    saved = alice.post(
        f"/tasks/{opening['id']}/edit",
        data=change_form(opening, title="Apply for the team lead opening", kind="task", effort_hours="4",
                         depends_on=[]),
        follow_redirects=False,
    )  # fmt: skip
    assert saved.status_code == 303
    now = task_of(alice, opening["id"])
    assert (now["title"], now["kind"], now["effort_hours"], now["depends_on"]) == (
        "Apply for the team lead opening", "task", 4, [],
    )  # fmt: skip
    assert now["due"] == "2027-04-15"


def test_a_bad_value_is_said_beside_its_field_and_changes_nothing(alice: User) -> None:
    _goal, course, _opening = plan(alice)
    url = f"/tasks/{course['id']}/edit"
    for changes, name, message in [
        ({"effort_hours": "a lot"}, "effort_hours", "'a lot' is not a number"),
        ({"due": "31/05/2027", "reason": "later"}, "due", "'31/05/2027' is not a date: use YYYY-MM-DD"),
        ({"title": " "}, "title", "title"),
    ]:
        refused = alice.post(url, data=change_form(course, **changes))
        assert refused.status_code == 422, changes
        assert message in (field_error(refused.text, name) or ""), (changes, text_of(refused.text))
        kind = {"due": "date", "effort_hours": "number"}.get(name, "text")
        assert f'name="{name}" type="{kind}" value="{changes[name]}"' in refused.text  # what was typed stays
    # Past the goal's target date, with the milestone waiting for it: the whole move is refused, at the form's head.
    too_late = alice.post(url, data=change_form(course, due="2030-01-31", reason="much later"))
    assert too_late.status_code == 422
    assert "Replanning would" in text_of(too_late.text).split("Error:", 1)[1]
    assert task_of(alice, course["id"]) == course


def test_a_stale_form_is_refused_with_409_and_overwrites_nothing(alice: User) -> None:
    _goal, course, _opening = plan(alice)
    meanwhile = alice.patch(
        f"/api/v1/tasks/{course['id']}", json={"title": "Finish the sales leadership course", "version": 1}
    )
    assert meanwhile.status_code == 200
    stale = alice.post(f"/tasks/{course['id']}/edit", data=change_form(course, effort_hours="45"))
    assert stale.status_code == 409
    shown = text_of(stale.text)
    assert "Not saved: This task was changed elsewhere after you opened this form. It now reads:" in shown
    assert "Title: Finish the sales leadership course Kind: task Due: 31 Mar 2027 Effort: 30 h" in shown
    assert 'name="version" value="2"' in stale.text
    assert task_of(alice, course["id"])["effort_hours"] == 30


def test_a_date_brought_forward_or_set_for_the_first_time_needs_no_reason_and_moves_nothing(alice: User) -> None:
    goal, course, opening = plan(alice)
    earlier = alice.post(f"/tasks/{course['id']}/edit", data=change_form(course, due="2027-02-15"))
    assert earlier.status_code == 200  # followed to the goal's page
    assert task_of(alice, course["id"])["due"] == "2027-02-15"
    assert task_of(alice, opening["id"])["due"] == "2027-04-15"
    undated = add_task(alice, goal["id"], "Find a mentor")
    dated = alice.post(f"/tasks/{undated['id']}/edit", data=change_form(undated, due="2027-01-31"))
    assert dated.status_code == 200
    assert task_of(alice, undated["id"])["due"] == "2027-01-31"


def test_saving_the_form_untouched_changes_nothing(alice: User) -> None:
    goal = add_goal(alice)
    odd = add_task(alice, goal["id"], "Read the sales playbook", due="2027-01-31", effort_hours=0.25)
    long = add_task(alice, goal["id"], "Run the regional pilot", due="2027-06-30", effort_hours=1500)
    for task, shown in [(odd, "0.25"), (long, "1500")]:
        form = alice.get(f"/tasks/{task['id']}/edit").text
        assert f'name="effort_hours" type="number" value="{shown}"' in form  # exact, and no thousands separator
        alice.post(f"/tasks/{task['id']}/edit", data=change_form(task))
        assert task_of(alice, task["id"]) == task  # same effort, same version: no change was recorded


def test_what_it_waits_for_in_another_goal_is_offered_and_kept(alice: User) -> None:
    _goal, course, _opening = plan(alice)
    other = add_goal(alice, title="Earn a sales certification")
    exam = add_task(alice, other["id"], "Pass the exam", due="2027-06-30", depends_on=[course["id"]])
    form = alice.get(f"/tasks/{exam['id']}/edit").text
    option = f'<option value="{course["id"]}" selected>Finish the leadership course (in another goal)</option>'
    assert option in form
    alice.post(f"/tasks/{exam['id']}/edit", data=change_form(exam, title="Pass the certification exam"))
    renamed = task_of(alice, exam["id"])
    assert (renamed["title"], renamed["depends_on"]) == ("Pass the certification exam", [course["id"]])
    without_list = change_form(renamed, effort_hours="12", depends_on=[], depends_shown="")
    alice.post(f"/tasks/{exam['id']}/edit", data=without_list)  # a form with no list leaves them alone
    assert task_of(alice, exam["id"])["depends_on"] == [course["id"]]


def test_a_refused_move_saves_none_of_the_form(alice: User) -> None:
    _goal, course, _opening = plan(alice)
    refused = alice.post(
        f"/tasks/{course['id']}/edit",
        data=change_form(course, title="Finish the course", due="2030-01-31", reason="much later"),
    )
    assert refused.status_code == 422
    assert task_of(alice, course["id"]) == course  # the new title went back with the refused move
