"""The goal pages: the goal tree, adding a goal, and a goal's own page (its forecast, its plan as a timeline,
its history) with editing in place, new milestones and tasks, marking them done and saving a baseline.

Forms post plainly and are answered with a redirect (303) or, on an error, the same form again with the error
beside its field and everything typed kept. htmx, where a browser runs it, swaps the edit form into the page
and marks a task done in place; an htmx request that fails validation is answered 200, because htmx swaps
only successful responses, and the fragment it gets carries the error."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import RedirectResponse, Response

from headway.domain.errors import HeadwayError, NotFound, StaleVersion, ValidationError
from headway.domain.tasks import TaskKind
from headway.entrypoints.api.deps import MAX_ID, CurrentServer, Server
from headway.entrypoints.web import fields
from headway.entrypoints.web import goal_forms as forms
from headway.entrypoints.web import goal_views as views
from headway.entrypoints.web.auth import CurrentVisitor, Form, Visitor
from headway.entrypoints.web.render import page
from headway.entrypoints.web.routes_account import field_errors, safe_next
from headway.services import goals as goal_service

router = APIRouter()
SHOWN_HISTORY = 25  # changes shown on the goal's page unless ?all=1
GoalId = Annotated[int, Path(ge=1, le=MAX_ID)]
TaskId = Annotated[int, Path(ge=1, le=MAX_ID)]


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true" and request.headers.get("hx-boosted") != "true"


def refused(error: HeadwayError, default: str = "") -> dict[str, str]:
    """A refusal beside the form's field; a record that is not the visitor's stays a 404 page."""
    if isinstance(error, NotFound):
        raise error
    error.field = forms.form_field(error.field)
    return field_errors(error, default)


async def form_lists(request: Request) -> dict[str, list[str]]:
    """The posted form's repeated fields (the tasks a new one waits for); Starlette keeps the parsed form."""
    form = await request.form()
    return {key: [v for v in form.getlist(key) if isinstance(v, str)] for key in form if key != "csrf_token"}


FormLists = Annotated[dict[str, list[str]], Depends(form_lists)]


# -- the goal tree ---------------------------------------------------------------------------------------------


@router.get("/goals")
def goals_page(request: Request, visitor: CurrentVisitor, srv: CurrentServer) -> Response:
    from headway.services.forecast import goal_forecasts

    found = goal_service.list_goals(visitor.uow, include_closed=True)
    open_views = [v for v in found if v.goal.is_open]
    progress = {v.goal.id: v.progress for v in found if v.goal.id is not None}
    forecasts = goal_forecasts(visitor.uow, visitor.who.person_id, [v.goal for v in open_views], progress, srv.today)
    depth = views.tree_depths((v.goal.id, v.goal.parent_id) for v in found if v.goal.id is not None)
    return page(
        request, "goals.html", who=visitor.who, csrf=visitor.csrf, title="Goals", today=srv.today,
        open_goals=open_views, closed_goals=[v for v in found if not v.goal.is_open],
        forecasts=forecasts, depth=depth, measure_words=views.measure_words,
    )  # fmt: skip


# -- a new goal ------------------------------------------------------------------------------------------------


@router.get("/goals/new")
def new_goal_page(
    request: Request,
    visitor: CurrentVisitor,
    srv: CurrentServer,
    *,
    parent: str = "",
    occupation: str = "",
    title: str = "",
) -> Response:
    values = dict.fromkeys(forms.NEW_GOAL_FIELDS, "") | {
        "title": title[:200],
        "kind": "career",
        "measure": "milestones",
        "start_date": srv.today.isoformat(),
        "parent": parent if parent.isdigit() else "",
        "weight": "1",
        "target_occupation": occupation[:12],
    }
    return _new_goal_form(request, visitor, srv, values, {})


def _new_goal_form(
    request: Request,
    visitor: Visitor,
    srv: Server,
    values: dict[str, str],
    errors: dict[str, str],
    *,
    status_code: int = 200,
) -> Response:
    code = values.get("target_occupation", "").strip()
    occupation_title = srv.catalog.titles.get(code) if code else None
    open_goals = goal_service.list_goals(visitor.uow)
    return page(
        request, "goal_new.html", who=visitor.who, csrf=visitor.csrf, title="Add a goal", values=values,
        errors=errors, kinds=forms.KINDS, parents=forms.parent_options(open_goals),
        occupation_title=occupation_title, status_code=status_code,
    )  # fmt: skip


@router.post("/goals/new")
def add_goal(request: Request, visitor: CurrentVisitor, srv: CurrentServer, form: Form) -> Response:
    values = {key: form.get(key, "") for key in forms.NEW_GOAL_FIELDS}
    read, errors = forms.read_new_goal(values, srv.today, srv.catalog)
    if errors:  # every field that cannot be read at once, before the service checks the goal as a whole
        return _new_goal_form(request, visitor, srv, values, errors, status_code=422)
    try:
        goal = goal_service.add_goal(
            visitor.uow,
            title=values["title"],
            why=values["why"],
            parent=values["parent"] or None,
            now=srv.now,
            **read,
        )
    except HeadwayError as error:
        if isinstance(error, NotFound) and values["parent"]:  # a parent that is not (or no longer) the visitor's
            error = ValidationError("That goal is not one of yours to serve.", field="parent")
        return _new_goal_form(request, visitor, srv, values, refused(error), status_code=422)
    return RedirectResponse(f"/goals/{goal.id}", status_code=303)


# -- a goal's page ---------------------------------------------------------------------------------------------


@router.get("/goals/{goal_id}")
def goal_page(request: Request, goal_id: GoalId, visitor: CurrentVisitor, srv: CurrentServer) -> Response:
    return _goal_page(request, visitor, srv, goal_id, whole=request.query_params.get("all") == "1")


def _goal_page(
    request: Request,
    visitor: Visitor,
    srv: Server,
    goal_id: int,
    *,
    task_values: dict[str, Any] | None = None,
    task_errors: dict[str, str] | None = None,
    status_code: int = 200,
    whole: bool = False,
) -> Response:
    context = goal_context(visitor, srv, goal_id, whole=whole)
    return page(
        request, "goal.html", who=visitor.who, csrf=visitor.csrf, title=context["goal"].title,
        task_values=task_values or forms.EMPTY_TASK,
        task_errors=task_errors or {}, status_code=status_code, **context,
    )  # fmt: skip


def goal_context(visitor: Visitor, srv: Server, goal_id: int, *, whole: bool = False) -> dict[str, Any]:
    """Everything the goal's page shows, read in one transaction so its parts agree. A long plan and history
    are shown in part (the open work, the latest done tasks and changes) unless `whole`."""
    from headway.services.common import person_id
    from headway.services.forecast import forecast_of
    from headway.services.plan import goal_history, plan_view
    from headway.services.schedule import goal_schedule
    from headway.services.skills import goal_wage_position, target_occupation_of

    uow, today, ref = visitor.uow, srv.today, str(goal_id)
    with uow.read():
        detail = goal_service.show_goal(uow, ref)  # first: another person's goal is a 404 before anything else
        tree = detail.tree
        forecast = forecast_of(uow, person_id(uow), detail.view.goal, detail.view.progress, today)
        schedule = goal_schedule(uow, ref, today, tasks=detail.tasks)
        plan = plan_view(uow, ref, tasks=detail.tasks)
        _goal, revisions = goal_history(uow, ref)
        code = target_occupation_of(uow, goal_id)
    goal = detail.view.goal
    chart = views.forecast_chart(forecast, today)
    planned = views.plan_chart(plan, schedule, detail.tasks, today, everything=whole)
    return {
        "goal": goal,
        "progress": detail.view.progress,
        "today": today,
        "ancestors": views.ancestors(goal, tree),
        "children": detail.children,
        "forecast": forecast.forecast,
        "forecast_chart": chart,
        "plan": plan,
        "schedule": schedule.schedule,
        "plan_chart": planned,
        "critical_words": views.critical_words(schedule, planned.critical_path),
        "task_options": views.task_options(detail.tasks),
        "history": views.history_lines(revisions, detail.tasks)[: None if whole else SHOWN_HISTORY],
        "history_total": len(revisions),
        "whole": whole,
        "occupation": (code, srv.catalog.titles.get(code, "")) if code else None,
        "wage_position": goal_wage_position(srv.catalog, goal, code) if code else None,
        "edit_values": forms.edit_values(goal),
        "edit_errors": {},
        "statuses": forms.STATUSES,
        "stale": None,
        "measure_words": views.measure_words,
    }


# -- editing in place ------------------------------------------------------------------------------------------


@router.get("/goals/{goal_id}/edit")
def edit_page(request: Request, goal_id: GoalId, visitor: CurrentVisitor) -> Response:
    """The edit form: alone for htmx to swap into the goal's page, or as a page of its own without script."""
    goal = goal_service.show_goal(visitor.uow, str(goal_id)).view.goal
    return _edit_form(request, visitor, goal, forms.edit_values(goal), {})


def _edit_form(
    request: Request,
    visitor: Visitor,
    goal: Any,
    values: dict[str, str],
    errors: dict[str, str],
    *,
    stale: Any = None,
    status_code: int = 200,
) -> Response:
    if is_htmx(request) and status_code != 200:
        status_code = 200  # htmx swaps only a success; the fragment carries the error
    return page(
        request, "goal_edit.html", who=visitor.who, csrf=visitor.csrf, title=f"Edit: {goal.title}", goal=goal,
        edit_values=values, edit_errors=errors, statuses=forms.STATUSES, stale=stale, status_code=status_code,
        measure_words=views.measure_words,
    )  # fmt: skip


@router.post("/goals/{goal_id}/edit")
def edit_goal(request: Request, goal_id: GoalId, visitor: CurrentVisitor, srv: CurrentServer, form: Form) -> Response:
    """Change the goal's title, why, target date, measure target and status in one transaction. A course
    correction needs its reason (422 beside the reason); a goal changed since the form was opened is refused
    (409) and the form comes back with what is stored now, ready to send again over it."""
    uow = visitor.uow
    goal = goal_service.show_goal(uow, str(goal_id)).view.goal
    values = {key: form.get(key, "") for key in forms.EDIT_FIELDS}
    if "target_value" not in form:
        values.pop("target_value")
    try:
        version = forms.version(values["version"])
        status = forms.status(values["status"] or str(goal.status))
        changes = forms.edit_changes(goal, values)
        with uow.write():  # both changes or neither
            saved, _diff = goal_service.edit_goal(
                uow, str(goal_id), changes, reason=values["reason"], now=srv.now, expected_version=version
            )
            if status != saved.status:
                goal_service.set_goal_status(uow, str(goal_id), status, reason=values["reason"], now=srv.now)
    except StaleVersion:
        current = goal_service.show_goal(uow, str(goal_id)).view.goal
        values["version"] = str(current.version)
        message = {"": "This goal was changed elsewhere after you opened this form, so nothing was saved."}
        return _edit_form(request, visitor, current, values, message, stale=current, status_code=409)
    except HeadwayError as error:
        return _edit_form(request, visitor, goal, values, refused(error), status_code=422)
    if is_htmx(request):  # the charts and the history change too: the whole page again
        return Response(status_code=200, headers={"HX-Redirect": f"/goals/{goal_id}"})
    return RedirectResponse(f"/goals/{goal_id}", status_code=303)


# -- the plan --------------------------------------------------------------------------------------------------


@router.post("/goals/{goal_id}/tasks")
def add_task(
    request: Request,
    goal_id: GoalId,
    *,
    visitor: CurrentVisitor,
    srv: CurrentServer,
    form: Form,
    lists: FormLists,
) -> Response:
    from headway.services.tasks import add_task as add

    values: dict[str, Any] = {key: form.get(key, "") for key in forms.TASK_FIELDS}
    values["depends_on"] = [v for v in lists.get("depends_on", []) if v.isdigit() and len(v) < 19]
    goal_service.show_goal(visitor.uow, str(goal_id))  # another person's goal: 404, not a form error
    try:
        kind = TaskKind.MILESTONE if values["task_kind"] == "milestone" else TaskKind.TASK
        task = add(
            visitor.uow,
            goal=str(goal_id),
            title=values["task_title"],
            kind=kind,
            due=forms.parse_day(values["due"], field="due", label="due date"),
            effort_hours=fields.parse_number(values["effort_hours"], field="effort_hours", label="effort"),
            after=values["depends_on"],
            now=srv.now,
        )
    except HeadwayError as error:
        if error.field in ("title", None):  # a title refused, or a dependency that cannot be: beside that field
            error.field = "task_title" if error.field == "title" else "depends_on"
        errors = refused(error)
        return _goal_page(request, visitor, srv, goal_id, task_values=values, task_errors=errors, status_code=422)
    return RedirectResponse(f"/goals/{goal_id}#task-{task.id}", status_code=303)


@router.post("/tasks/{task_id}/done")
def complete_task(
    request: Request, task_id: TaskId, visitor: CurrentVisitor, srv: CurrentServer, form: Form
) -> Response:
    """Mark a task done today: in place for htmx (its line and the goal's progress), else back to the page."""
    from headway.services.tasks import complete_task as complete

    task = complete(visitor.uow, str(task_id), on=srv.today, now=srv.now, today=srv.today)
    if is_htmx(request):
        context = goal_context(visitor, srv, task.goal_id)
        line = next(line for line in context["plan_chart"].lines if line.task.id == task_id)
        return page(
            request, "_goal_task_done.html", who=visitor.who, csrf=visitor.csrf, line=line, just_done=True, **context
        )
    back = form.get("next") or f"/goals/{task.goal_id}#task-{task_id}"
    return RedirectResponse(safe_next(back), status_code=303)


@router.post("/goals/{goal_id}/baseline")
def save_baseline(goal_id: GoalId, visitor: CurrentVisitor, srv: CurrentServer, form: Form) -> Response:
    from headway.services.plan import save_baseline as save

    save(visitor.uow, str(goal_id), label=form.get("label", "")[:200], now=srv.now)
    return RedirectResponse(f"/goals/{goal_id}#plan", status_code=303)
