"""/api/v1 tasks, dependencies, a goal's plan, schedule, replan, baseline, forecast and generated plan.

Each route calls the service the CLI command calls and answers with that command's --json document; a change
to a task names the version it was based on (If-Match, or `version`), and the task's ETag is its record_version.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field, ValidatorFunctionWrapHandler, field_validator
from pydantic import ValidationError as PydanticValidationError

from headway.domain.errors import HeadwayError, ValidationError
from headway.domain.tasks import Task, TaskKind, TaskStatus
from headway.entrypoints.api.deps import MAX_ID, CurrentServer, PersonUoW
from headway.entrypoints.api.documents import document, responses
from headway.entrypoints.api.versions import etag, expected_version
from headway.entrypoints.cli.jsonout import task_json
from headway.services import tasks as task_service
from headway.services.skills import DEFAULT_TOP, MAX_TOP

router = APIRouter(tags=["tasks"])
GoalId = Annotated[int, Path(ge=1, le=MAX_ID, description="the goal's number")]
TaskId = Annotated[int, Path(ge=1, le=MAX_ID, description="the task's number")]
TaskRef = Annotated[int, Field(ge=1, le=MAX_ID, description="a task's number")]
Title = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(max_length=2000)]
Hours = Annotated[float, Field(ge=0, le=100_000, allow_inf_nan=False)]
Version = Annotated[int | None, Field(ge=1, le=MAX_ID, description="the record_version read (or send If-Match)")]
# The services name fields as the CLI's options do; the API's names for the same fields.
API_FIELDS = {"start": "planned_start", "effort": "effort_hours", "after": "depends_on", "task": "task_id"}


@contextmanager
def _fields_as_sent() -> Iterator[None]:
    """Name the field of a refusal as the request named it (`planned_start`, not the CLI's `start`)."""
    try:
        yield
    except HeadwayError as error:
        error.field = API_FIELDS.get(error.field or "", error.field)
        raise


class Input(BaseModel):
    """A request body: a field it does not know is refused by name, not ignored (a typo would save nothing)."""

    model_config = ConfigDict(extra="forbid")


class TaskIn(Input):
    goal_id: int = Field(ge=1, le=MAX_ID, description="the goal whose plan it joins")
    title: Title
    kind: Literal["milestone", "task"] = "task"
    planned_start: date | None = None
    due: date | None = None
    effort_hours: Hours | None = Field(default=None, description="estimated effort in hours")
    depends_on: list[TaskRef] = Field(default_factory=list, max_length=100, description="the tasks it waits for")


class TaskChange(Input):
    """The fields to change. Null clears planned_start, due or effort_hours; depends_on replaces the list."""

    title: Title | None = None
    kind: Literal["milestone", "task"] | None = None
    planned_start: date | None = None
    due: date | None = None
    effort_hours: Hours | None = None
    depends_on: list[TaskRef] | None = Field(default=None, max_length=100, description="replaces what it waits for")
    reason: Text = Field(default="", description="why the plan changed (kept in the goal's history)")
    version: Version = None


class Done(Input):
    on: date | None = Field(default=None, description="when it was done (default: today; never in the future)")
    version: Version = None


class TaskStatusChange(Input):
    reason: Text = Field(default="", description="why (dropping needs one; kept in the goal's history)")
    version: Version = None


class DependencyIn(Input):
    task_id: TaskRef = Field(description="the task this one will wait for")
    reason: Text = ""
    version: Version = None


class ReplanIn(Input):
    task_id: TaskRef = Field(description="the task that slipped")
    due: date = Field(description="its new due date")
    reason: Text = Field(default="", description="why it slipped (required)")
    version: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="the slipped task's record_version read (optional)"
    )


class BaselineIn(Input):
    label: Annotated[str, Field(max_length=200, description="e.g. 'plan agreed with my manager'")] = ""


class GenerateIn(Input):
    top: int = Field(default=DEFAULT_TOP, ge=1, le=MAX_TOP, description="milestones for this many gaps")
    accept: Annotated[list[Annotated[int, Field(ge=1, le=MAX_ID)]], Field(min_length=1)] | Literal["all"] | None = (
        Field(
            default=None,
            description="add these proposed milestones: their numbers, or 'all'; leave out to propose only",
        )
    )

    @field_validator("accept", mode="wrap")
    @classmethod
    def _one_message(cls, value: object, handler: ValidatorFunctionWrapHandler) -> object:
        """One error naming `accept`, rather than one per member of the union."""
        try:
            return handler(value)
        except PydanticValidationError:
            raise ValueError("expected 'all' or the numbers of proposed milestones, e.g. [1, 2, 5]") from None


def task_document(uow: PersonUoW, task_id: int, today: date, *, status: int = 200) -> Any:
    from headway.entrypoints.cli.commands_task import task_detail_payload

    detail = task_service.show_task(uow, str(task_id))
    headers = {"ETag": etag(detail.task.version)}
    if status == 201:
        headers["Location"] = f"/api/v1/tasks/{task_id}"
    return document("task", task_detail_payload(detail, today), status=status, headers=headers)


# -- tasks -----------------------------------------------------------------------------------------------------


@router.get("/tasks", responses=responses("task_list"), summary="Open tasks, most urgent first; or every task")
def list_tasks(
    srv: CurrentServer,
    uow: PersonUoW,
    *,
    every: Annotated[bool, Query(alias="all", description="every task of every goal, in goal order")] = False,
    goal: Annotated[int | None, Query(ge=1, le=MAX_ID, description="every task of this goal")] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Any:
    if every or goal is not None:
        from headway.services.goals import show_goal

        with uow.read():
            tasks: Iterable[Task]
            if goal is not None:
                tasks = show_goal(uow, str(goal)).tasks
            else:
                _goals, tasks = task_service.iter_all_tasks(uow)
            shown, total = _window(tasks, offset, limit)
    else:
        page = task_service.list_open_tasks(uow, limit=offset + limit).page
        shown, total = page.tasks[offset:], page.total
    return document(
        "task_list",
        {
            "tasks": [task_json(t, srv.today) for t in shown],
            "total": total,
            "page": {
                "offset": offset,
                "limit": limit,
                "next_offset": offset + limit if offset + limit < total else None,
            },
        },
    )


def _window(tasks: Iterable[Task], offset: int, limit: int) -> tuple[list[Task], int]:
    """The page of a stream of tasks, and how many it held (only the page is kept)."""
    shown: list[Task] = []
    total = 0
    for task in tasks:
        if offset <= total < offset + limit:
            shown.append(task)
        total += 1
    return shown, total


@router.post("/tasks", status_code=201, responses=responses("task", status=201), summary="Add a task to a goal")
def add_task(body: TaskIn, srv: CurrentServer, uow: PersonUoW) -> Any:
    with _fields_as_sent():
        task = task_service.add_task(
            uow,
            goal=str(body.goal_id),
            title=body.title,
            kind=TaskKind(body.kind),
            planned_start=body.planned_start,
            due=body.due,
            effort_hours=body.effort_hours,
            after=[str(i) for i in body.depends_on],
            now=srv.now,
        )
    assert task.id is not None
    return task_document(uow, task.id, srv.today, status=201)


@router.get("/tasks/{task_id}", responses=responses("task"), summary="One task, its goal and what waits for it")
def get_task(task_id: TaskId, srv: CurrentServer, uow: PersonUoW) -> Any:
    return task_document(uow, task_id, srv.today)


@router.patch("/tasks/{task_id}", responses=responses("task"), summary="Change a task (If-Match: the version read)")
def edit_task(task_id: TaskId, body: TaskChange, request: Request, srv: CurrentServer, uow: PersonUoW) -> Any:
    version = expected_version(request, body.version)
    sent = body.model_fields_set - {"reason", "version"}
    for name in sorted(sent & {"title", "kind", "depends_on"}):
        if getattr(body, name) is None:
            raise ValidationError(f"{name} cannot be null; leave it out to keep it.", field=name)
    changes: dict[str, Any] = {name: getattr(body, name) for name in sent - {"kind", "depends_on"}}
    if body.kind is not None:
        changes["kind"] = TaskKind(body.kind)
    if body.depends_on is not None:
        changes["after"] = [str(i) for i in body.depends_on]
    return _edit(uow, srv, task_id, changes, reason=body.reason, version=version)


def _edit(
    uow: PersonUoW, srv: CurrentServer, task_id: int, changes: dict[str, Any], *, reason: str, version: int
) -> Any:
    with _fields_as_sent():
        task_service.edit_task(uow, str(task_id), changes, reason=reason, now=srv.now, expected_version=version)
    return task_document(uow, task_id, srv.today)


@router.post("/tasks/{task_id}/done", responses=responses("task"), summary="Mark a task done")
def complete(task_id: TaskId, request: Request, srv: CurrentServer, uow: PersonUoW, body: Done | None = None) -> Any:
    body = body or Done()
    version = expected_version(request, body.version)
    with _fields_as_sent():
        task_service.complete_task(
            uow, str(task_id), on=body.on or srv.today, now=srv.now, today=srv.today, expected_version=version
        )
    return task_document(uow, task_id, srv.today)


@router.post("/tasks/{task_id}/drop", responses=responses("task"), summary="Drop a task from the plan, with why")
def drop(
    task_id: TaskId, request: Request, srv: CurrentServer, uow: PersonUoW, body: TaskStatusChange | None = None
) -> Any:
    body = body or TaskStatusChange()
    version = expected_version(request, body.version)
    return _edit(uow, srv, task_id, {"status": TaskStatus.DROPPED}, reason=body.reason, version=version)


@router.post("/tasks/{task_id}/reopen", responses=responses("task"), summary="Open a done or dropped task again")
def reopen(
    task_id: TaskId, request: Request, srv: CurrentServer, uow: PersonUoW, body: TaskStatusChange | None = None
) -> Any:
    body = body or TaskStatusChange()
    version = expected_version(request, body.version)
    changes = {"status": TaskStatus.OPEN, "done_on": None, "status_reason": ""}
    return _edit(uow, srv, task_id, changes, reason=body.reason, version=version)


@router.post("/tasks/{task_id}/dependencies", responses=responses("task"), summary="Make a task wait for another")
def add_dependency(task_id: TaskId, body: DependencyIn, request: Request, srv: CurrentServer, uow: PersonUoW) -> Any:
    version = expected_version(request, body.version)
    changes = {"after_add": [str(body.task_id)]}
    return _edit(uow, srv, task_id, changes, reason=body.reason, version=version)


@router.delete(
    "/tasks/{task_id}/dependencies/{depends_on_id}",
    responses=responses("task"),
    summary="Stop a task waiting for another (If-Match: the version read)",
)
def remove_dependency(
    task_id: TaskId,
    depends_on_id: Annotated[int, Path(ge=1, le=MAX_ID, description="the task it waits for")],
    request: Request,
    srv: CurrentServer,
    uow: PersonUoW,
    *,
    reason: Annotated[str, Query(max_length=2000, description="why (kept in the goal's history)")] = "",
) -> Any:
    version = expected_version(request, None)
    changes = {"after_remove": [str(depends_on_id)]}
    return _edit(uow, srv, task_id, changes, reason=reason, version=version)


# -- a goal's plan ---------------------------------------------------------------------------------------------


@router.get("/goals/{goal_id}/plan", responses=responses("plan"), summary="A goal's plan beside its baseline")
def plan(goal_id: GoalId, srv: CurrentServer, uow: PersonUoW) -> Any:
    return _plan_document(uow, goal_id, srv.today)


def _plan_document(uow: PersonUoW, goal_id: int, today: date, *, status: int = 200) -> Any:
    from headway.entrypoints.cli.plan_view import plan_payload
    from headway.services.plan import plan_view

    headers = {"Location": f"/api/v1/goals/{goal_id}/plan"} if status == 201 else None
    return document("plan", plan_payload(plan_view(uow, str(goal_id)), today), status=status, headers=headers)


@router.post(
    "/goals/{goal_id}/baseline",
    status_code=201,
    responses=responses("plan", status=201, description="the plan document, with the baseline just saved"),
    summary="Keep a goal's current plan as the baseline to compare against",
)
def baseline(goal_id: GoalId, srv: CurrentServer, uow: PersonUoW, body: BaselineIn | None = None) -> Any:
    from headway.services.plan import save_baseline

    save_baseline(uow, str(goal_id), label=body.label if body else "", now=srv.now)
    return _plan_document(uow, goal_id, srv.today, status=201)


@router.get(
    "/goals/{goal_id}/schedule",
    responses=responses("schedule"),
    summary="The critical path, each task's slack and the earliest feasible finish",
)
def schedule(goal_id: GoalId, srv: CurrentServer, uow: PersonUoW) -> Any:
    from headway.entrypoints.cli.schedule_view import schedule_payload
    from headway.services.schedule import goal_schedule

    return document("schedule", schedule_payload(goal_schedule(uow, str(goal_id), srv.today)))


@router.post(
    "/goals/{goal_id}/replan",
    responses=responses("replan"),
    summary="A task slipped: move it and the tasks that wait for it, with the reason",
)
def replan(goal_id: GoalId, body: ReplanIn, srv: CurrentServer, uow: PersonUoW) -> Any:
    from headway.entrypoints.cli.schedule_view import replan_payload
    from headway.services.schedule import replan_goal

    with _fields_as_sent():
        result = replan_goal(
            uow,
            str(goal_id),
            str(body.task_id),
            body.due,
            body.reason,
            now=srv.now,
            today=srv.today,
            expected_version=body.version,
        )
    return document("replan", replan_payload(result))


@router.get(
    "/goals/{goal_id}/forecast",
    responses=responses("forecast"),
    summary="When the goal gets there at the pace kept, and whether that is in time",
)
def forecast(goal_id: GoalId, srv: CurrentServer, uow: PersonUoW) -> Any:
    from headway.entrypoints.cli.commands_forecast import forecast_payload
    from headway.services.forecast import forecast_goal

    return document("forecast", forecast_payload(forecast_goal(uow, str(goal_id), srv.today), srv.today))


@router.post(
    "/goals/{goal_id}/plan/generate",
    responses=responses("plan_proposal"),
    summary="Propose milestones for the gaps to the goal's target occupation; `accept` adds them",
)
def generate(goal_id: GoalId, srv: CurrentServer, uow: PersonUoW, body: GenerateIn | None = None) -> Any:
    from headway.entrypoints.cli.occupation_view import generated_json
    from headway.services.skills import generate_plan

    body = body or GenerateIn()
    result = generate_plan(
        uow, srv.catalog, str(goal_id), today=srv.today, now=srv.now, top=body.top, accept=body.accept
    )
    return document("plan_proposal", generated_json(result))
