"""A milestone or task of a goal's plan changed on a page of its own: its title, kind, effort and what it waits
for; its due date moved, with what waits for it moved after it (as `headway replan` does); dropped from the plan
or opened again. A moved due date and a dropped task are course corrections and need their reason; every change
is kept in the goal's history. All of one form's changes are saved together or not at all."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from headway.domain.errors import HeadwayError, StaleVersion
from headway.domain.tasks import Task, TaskKind, TaskStatus
from headway.entrypoints.api.deps import CurrentServer
from headway.entrypoints.web import fields
from headway.entrypoints.web import goal_forms as forms
from headway.entrypoints.web import goal_views as views
from headway.entrypoints.web.auth import CurrentVisitor, Form, Visitor
from headway.entrypoints.web.fields import plain_number
from headway.entrypoints.web.render import page
from headway.entrypoints.web.routes_goals import FormLists, TaskId, refused
from headway.services import goals as goal_service
from headway.services import tasks as task_service
from headway.services.tasks import TaskDetail

router = APIRouter()
FIELDS = ("title", "kind", "due", "effort_hours", "status", "reason", "version", "depends_shown")
KINDS = [("task", "Task"), ("milestone", "Milestone")]
# The states a form can put a task in, from the state it is in: marking done has its own button on the plan.
STATUS_CHOICES = {
    TaskStatus.OPEN: [("open", "Open"), ("dropped", "Dropped from the plan")],
    TaskStatus.DONE: [("done", "Done"), ("open", "Open again (not done after all)")],
    TaskStatus.DROPPED: [("dropped", "Dropped from the plan"), ("open", "Back in the plan")],
}


@router.get("/tasks/{task_id}/edit")
def edit_page(request: Request, task_id: TaskId, visitor: CurrentVisitor) -> Response:
    detail = task_service.show_task(visitor.uow, str(task_id))
    return _form(request, visitor, detail, values_of(detail.task), {})


@router.post("/tasks/{task_id}/edit")
def edit_task(
    request: Request, task_id: TaskId, *, visitor: CurrentVisitor, srv: CurrentServer, form: Form, lists: FormLists
) -> Response:
    uow = visitor.uow
    detail = task_service.show_task(uow, str(task_id))  # another person's task: 404, not a form error
    before = detail.task
    values: dict[str, Any] = {key: form.get(key, "") for key in FIELDS}
    values["depends_on"] = [v for v in lists.get("depends_on", []) if v.isdigit() and len(v) < 19]
    try:
        version = forms.version(values["version"])
        changes, due = _changes(before, values)
        allowed = {key for key, _ in STATUS_CHOICES[before.status]}
        status = TaskStatus(values["status"]) if values["status"] in allowed else before.status
        if status != before.status:
            changes.update(_status_change(status))
        # An open task's due date moved later is a slip: what waits for it moves after it, and it needs a reason
        # (`headway replan`). A date set, cleared or brought forward is simply changed: nothing has to move.
        slips = before.due is not None and due is not None and due > before.due and status == TaskStatus.OPEN
        if due != before.due and not slips:
            changes["due"] = due
        with uow.write():  # the form's changes together, or none
            if changes:
                task_service.edit_task(
                    uow, str(task_id), changes, reason=values["reason"], now=srv.now, expected_version=version
                )
            if slips and due is not None:
                from headway.services.schedule import replan_goal

                replan_goal(
                    uow, str(before.goal_id), str(task_id), due, values["reason"], now=srv.now, today=srv.today,
                    expected_version=None if changes else version,
                )  # fmt: skip
    except StaleVersion:
        current = task_service.show_task(uow, str(task_id))
        values["version"] = str(current.task.version)
        message = {"": "This task was changed elsewhere after you opened this form."}
        return _form(request, visitor, current, values, message, stale=current.task, status_code=409)
    except HeadwayError as error:
        return _form(request, visitor, detail, values, refused(error), status_code=422)
    return RedirectResponse(f"/goals/{before.goal_id}#task-{task_id}", status_code=303)


def values_of(task: Task) -> dict[str, Any]:
    """The form's fields as the task stands."""
    return {
        "title": task.title,
        "kind": task.kind.value,
        "due": task.due.isoformat() if task.due else "",
        "effort_hours": plain_number(task.effort_hours),
        "status": task.status.value,
        "reason": "",
        "version": str(task.version),
        "depends_on": [str(i) for i in task.depends_on],
        "depends_shown": "1",
    }


def _changes(before: Task, values: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """The edits the form makes to the task's own fields, and the due date it asks for."""
    changes: dict[str, Any] = {}
    if values["title"] != before.title:
        changes["title"] = values["title"]
    kind = TaskKind.MILESTONE if values["kind"] == "milestone" else TaskKind.TASK
    if kind != before.kind:
        changes["kind"] = kind
    effort = fields.parse_number(values["effort_hours"], field="effort_hours", label="effort")
    if effort != before.effort_hours:
        changes["effort_hours"] = effort
    shown = values["depends_shown"] == "1"  # no list on the form (nothing to pick): what it waits for stays
    if shown and sorted(int(v) for v in values["depends_on"]) != sorted(before.depends_on):
        changes["after"] = values["depends_on"]
    return changes, forms.parse_day(values["due"], field="due", label="due date")


def _status_change(status: TaskStatus) -> dict[str, Any]:
    if status == TaskStatus.OPEN:
        return {"status": TaskStatus.OPEN, "done_on": None, "status_reason": ""}
    return {"status": status}


def _form(
    request: Request,
    visitor: Visitor,
    detail: TaskDetail,
    values: dict[str, Any],
    errors: dict[str, str],
    *,
    stale: Task | None = None,
    status_code: int = 200,
) -> Response:
    task, goal = detail.task, detail.goal
    plan = goal_service.show_goal(visitor.uow, str(goal.id)).tasks
    waiting = {str(t.id) for t in detail.dependants}  # waiting for them too would be a cycle
    options = [option for option in views.task_options(plan) if option[0] != str(task.id) and option[0] not in waiting]
    listed = {key for key, _ in options}
    for dep in detail.depends_on:  # what it waits for now is always offered, even in another goal or dropped
        if str(dep.id) not in listed:
            where = "dropped" if dep.status == TaskStatus.DROPPED else "in another goal"
            options.append((str(dep.id), f"{dep.title} ({where})"))
    if errors.get("depends_on") and not options:  # no list to stand beside: the error heads the form
        errors = {"": errors["depends_on"]}
    return page(
        request, "task_edit.html", who=visitor.who, csrf=visitor.csrf, title=f"Change: {task.title}", task=task,
        goal=goal, dependants=detail.dependants, values=values, errors=errors, kinds=KINDS,
        statuses=STATUS_CHOICES[task.status], options=options, stale=stale, status_code=status_code,
        stale_waits=[dep.title for dep in detail.depends_on] if stale else [],
    )  # fmt: skip
