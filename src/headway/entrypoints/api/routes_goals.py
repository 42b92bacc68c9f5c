"""/api/v1/goals: the goal tree, one goal, and changes to it (each naming the version it was based on)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, Field

from headway.domain.goals import Direction, GoalKind, GoalStatus, Measure, MilestoneMeasure, numeric_measure
from headway.entrypoints.api.deps import MAX_ID, CurrentServer, PersonUoW, Server
from headway.entrypoints.api.documents import document, responses
from headway.entrypoints.api.errors import error_responses
from headway.entrypoints.api.versions import etag, expected_version
from headway.entrypoints.cli import jsonout
from headway.services import goals as goal_service

router = APIRouter(prefix="/goals", tags=["goals"])
Text = Annotated[str, Field(max_length=2000)]
Title = Annotated[str, Field(min_length=1, max_length=200)]
GoalId = Annotated[int, Path(ge=1, le=MAX_ID, description="the goal's number")]


class MilestonesIn(BaseModel):
    type: Literal["milestones"]


class NumericIn(BaseModel):
    type: Literal["numeric"]
    metric: Title
    unit: Annotated[str, Field(max_length=40)] = ""
    start: float = Field(allow_inf_nan=False)
    target: float = Field(allow_inf_nan=False)
    direction: Literal["increase", "decrease"] | None = None


MeasureIn = Annotated[MilestonesIn | NumericIn, Field(discriminator="type")]


def _measure(value: MilestonesIn | NumericIn) -> Measure:
    if isinstance(value, MilestonesIn):
        return MilestoneMeasure()
    direction = Direction(value.direction) if value.direction else None
    return numeric_measure(value.metric, value.unit, value.start, value.target, direction)


class GoalIn(BaseModel):
    title: Title
    why: Text = Field(description="why this goal matters to you")
    kind: Literal["career", "learning", "financial", "life"] = "career"
    measure: MeasureIn = Field(default_factory=lambda: MilestonesIn(type="milestones"))
    start_date: date | None = Field(default=None, description="default: today")
    target_date: date
    parent_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    weight: float = Field(default=1.0, gt=0, le=100, allow_inf_nan=False)
    target_occupation: Annotated[str | None, Field(max_length=10, description="an O*NET-SOC code")] = None


class GoalChange(BaseModel):
    """The fields to change; a new title, target date or measure needs a reason (kept in the goal's history)."""

    title: Title | None = None
    why: Text | None = None
    kind: Literal["career", "learning", "financial", "life"] | None = None
    measure: MeasureIn | None = None
    start_date: date | None = None
    target_date: date | None = None
    weight: float | None = Field(default=None, gt=0, le=100, allow_inf_nan=False)
    target_occupation: Annotated[str | None, Field(max_length=10, description="a code, or 'none' to clear")] = None
    reason: Text = ""
    version: int | None = Field(default=None, ge=1, le=MAX_ID, description="the record_version read (or send If-Match)")


class GoalStatusChange(BaseModel):
    status: Literal["active", "paused", "achieved", "abandoned"]
    reason: Text = ""
    version: int | None = Field(default=None, ge=1, le=MAX_ID)


class Move(BaseModel):
    parent_id: int | None = Field(ge=1, le=MAX_ID, description="the goal it will serve; null makes it a top-level goal")
    reason: Text = ""
    version: int | None = Field(default=None, ge=1, le=MAX_ID)


def goal_document(srv: Server, uow: PersonUoW, goal_id: int, *, status: int = 200) -> Any:
    from headway.services.skills import goal_wage_position, target_occupation_of

    detail = goal_service.show_goal(uow, str(goal_id))
    goal = detail.view.goal
    code = target_occupation_of(uow, goal.id)
    catalog = srv.catalog
    position = goal_wage_position(catalog, goal, code) if code else None
    payload = jsonout.goal_detail_json(detail, code, catalog.titles.get(code) if code else None, position, srv.today)
    headers = {"ETag": etag(goal.version)}
    if status == 201:
        headers["Location"] = f"/api/v1/goals/{goal.id}"
    return document("goal", payload, status=status, headers=headers)


@router.get("", responses=responses("goal_list"), summary="Your goals as a tree (parents before sub-goals)")
def list_goals(
    srv: CurrentServer,
    uow: PersonUoW,
    include_closed: Annotated[bool, Query(alias="all", description="achieved and abandoned goals too")] = False,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Any:
    views = goal_service.list_goals(uow, include_closed=include_closed)
    shown = views[offset : offset + limit]
    more = offset + limit < len(views)
    return document(
        "goal_list",
        {
            "goals": [jsonout.goal_json(v.goal, v.progress, srv.today) for v in shown],
            "page": {"offset": offset, "limit": limit, "next_offset": offset + limit if more else None},
        },
    )


@router.post("", status_code=201, responses=responses("goal", status=201), summary="Add a goal")
def add_goal(body: GoalIn, srv: CurrentServer, uow: PersonUoW) -> Any:
    occupation = srv.catalog.occupation(body.target_occupation).code if body.target_occupation else None
    goal = goal_service.add_goal(
        uow,
        title=body.title,
        why=body.why,
        kind=GoalKind(body.kind),
        measure=_measure(body.measure),
        start_date=body.start_date or srv.today,
        target_date=body.target_date,
        parent=str(body.parent_id) if body.parent_id else None,
        weight=body.weight,
        target_occupation=occupation,
        now=srv.now,
    )
    assert goal.id is not None
    return goal_document(srv, uow, goal.id, status=201)


@router.get("/{goal_id}", responses=responses("goal"), summary="One goal: measure, progress, sub-goals, plan")
def get_goal(goal_id: GoalId, srv: CurrentServer, uow: PersonUoW) -> Any:
    return goal_document(srv, uow, goal_id)


@router.patch("/{goal_id}", responses=responses("goal"), summary="Change a goal (If-Match: the version read)")
def edit_goal(goal_id: GoalId, body: GoalChange, request: Request, srv: CurrentServer, uow: PersonUoW) -> Any:
    version = expected_version(request, body.version)
    fields = body.model_dump(exclude_unset=True, exclude={"reason", "version", "target_occupation", "measure"})
    changes: dict[str, Any] = {k: v for k, v in fields.items() if v is not None}
    if "kind" in changes:
        changes["kind"] = GoalKind(changes["kind"])
    if body.measure is not None:
        changes["measure"] = _measure(body.measure)
    if body.target_occupation is None:
        goal_service.edit_goal(uow, str(goal_id), changes, reason=body.reason, now=srv.now, expected_version=version)
    else:
        from headway.services.skills import edit_goal_and_occupation

        edit_goal_and_occupation(
            uow,
            srv.catalog,
            str(goal_id),
            changes,
            occupation=body.target_occupation,
            reason=body.reason,
            now=srv.now,
            expected_version=version,
        )
    return goal_document(srv, uow, goal_id)


@router.post("/{goal_id}/status", responses=responses("goal"), summary="Set active, paused, achieved or abandoned")
def set_status(goal_id: GoalId, body: GoalStatusChange, request: Request, srv: CurrentServer, uow: PersonUoW) -> Any:
    version = expected_version(request, body.version)
    goal_service.set_goal_status(
        uow, str(goal_id), GoalStatus(body.status), reason=body.reason, now=srv.now, expected_version=version
    )
    return goal_document(srv, uow, goal_id)


@router.post("/{goal_id}/move", responses=responses("goal"), summary="Put a goal under another, or at the top")
def move(goal_id: GoalId, body: Move, request: Request, srv: CurrentServer, uow: PersonUoW) -> Any:
    version = expected_version(request, body.version)
    parent = str(body.parent_id) if body.parent_id is not None else None
    goal_service.move_goal(uow, str(goal_id), parent, reason=body.reason, now=srv.now, expected_version=version)
    return goal_document(srv, uow, goal_id)


@router.delete(
    "/{goal_id}",
    status_code=204,
    responses=error_responses(401, 403, 404, 422),
    summary="Delete a goal with its plan, entries and history",
)
def delete_goal(goal_id: GoalId, uow: PersonUoW) -> Response:
    from headway.services.data import delete_goal as delete

    delete(uow, str(goal_id))
    return Response(status_code=204)


@router.get("/{goal_id}/history", responses=responses("history"), summary="Every change to a goal, with reasons")
def history(
    goal_id: GoalId,
    uow: PersonUoW,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 200,
) -> Any:
    from headway.services.plan import goal_history

    goal, revisions = goal_history(uow, str(goal_id))
    shown = revisions[offset : offset + limit]
    more = offset + limit < len(revisions)
    return document(
        "history",
        {
            "goal": {"id": goal.id, "title": goal.title},
            "revisions": [jsonout.revision_json(r) for r in shown],
            "page": {"offset": offset, "limit": limit, "next_offset": offset + limit if more else None},
        },
    )
